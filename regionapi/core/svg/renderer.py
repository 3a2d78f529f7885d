"""The SVG format's renderer: a chart an analytic view returned, as an image."""

from rest_framework.renderers import BaseRenderer, JSONRenderer

from regionapi.core.svg.layouts import LAYOUTS, render_svg

SVG_MEDIA_TYPE = "image/svg+xml"


class SVGRenderer(BaseRenderer):
    """image/svg+xml for `?format=svg`: draws the chart an analytic view returned; anything else (an error) is JSON."""

    media_type = SVG_MEDIA_TYPE
    format = "svg"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if type(data) in LAYOUTS:
            return render_svg(data).encode(self.charset)
        return JSONRenderer().render(data)
