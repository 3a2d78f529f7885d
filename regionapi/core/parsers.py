"""Request bodies (JSON, form, multipart), refused with a 400 when a text holds a NUL character, which no database
column can store."""

from django.http import QueryDict
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import DataAndFiles, FormParser, JSONParser, MultiPartParser


def _holds_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, DataAndFiles):
        return _holds_nul(value.data)
    if isinstance(value, QueryDict):
        return any(_holds_nul(key) or _holds_nul(items) for key, items in value.lists())
    if isinstance(value, dict):
        return any(_holds_nul(key) or _holds_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_holds_nul(item) for item in value)
    return False


class TextParserMixin:
    """A parser whose texts can be stored: a NUL character anywhere is a 400, not a database error."""

    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        if _holds_nul(data):
            raise ParseError(_("Texts may not contain the NUL character (\\u0000)."))
        return data


class TextJSONParser(TextParserMixin, JSONParser):
    pass


class TextFormParser(TextParserMixin, FormParser):
    pass


class TextMultiPartParser(TextParserMixin, MultiPartParser):
    pass
