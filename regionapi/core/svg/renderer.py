"""The SVG format's renderer: a chart an analytic view returned, as an image."""

from rest_framework.renderers import BaseRenderer, JSONRenderer

from regionapi.core.formats import SVG
from regionapi.core.svg.layouts import LAYOUTS, render_svg


class SVGRenderer(BaseRenderer):
    """image/svg+xml for `?format=svg`: draws the chart an analytic view returned; anything else (an error) is JSON."""

    media_type = SVG.media_type
    format = SVG.name
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if type(data) in LAYOUTS:
            return render_svg(data).encode(self.charset)
        return JSONRenderer().render(data)
