"""Format routing: which renderer answers a request, `?format=` first."""

from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.negotiation import DefaultContentNegotiation

from regionapi.core.formats import FORMAT_PARAMETER


class FormatFirstNegotiation(DefaultContentNegotiation):
    """`?format=` wins over the Accept header, so `?format=csv` works from any client; without it, Accept decides.

    The endpoint's renderers are the formats it offers (regionapi/core/formats.py). A format the endpoint cannot give is a 400 naming `format` and listing the ones it can: the URL exists, only
    the parameter is wrong (DRF's own answer, a 404, would say the resource is missing).
    """

    def select_renderer(self, request, renderers, format_suffix=None):
        fmt = format_suffix or request.query_params.get(self.settings.URL_FORMAT_OVERRIDE)
        if fmt is not None:  # case does not matter (CSV is csv); an empty value is no format at all
            fmt = fmt.strip().lower()
            matching = [renderer for renderer in renderers if renderer.format == fmt]
            if not matching:
                formats = ", ".join(dict.fromkeys(renderer.format for renderer in renderers))
                message = _("This endpoint has no format %(format)s. Give one of: %(formats)s.") % {
                    "format": fmt,
                    "formats": formats,
                }
                raise exceptions.ValidationError({FORMAT_PARAMETER: [message]})
            return matching[0], matching[0].media_type
        return super().select_renderer(request, renderers, format_suffix)
