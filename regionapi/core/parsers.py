"""Request bodies (JSON, form, multipart), refused with a 400 when a text holds a NUL character, which no database
column can store, or when they nest deeper than any record does. Their size is limited before parsing: see
regionapi.core.errors.BodySizeLimitMiddleware."""

from django.http import QueryDict
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import DataAndFiles, FormParser, JSONParser, MultiPartParser

# How deep a JSON body may nest: a record is an object of lists of objects; a deeper body is an attack or a bug.
MAX_JSON_DEPTH = 32


def _walk(value):
    """Every value in a parsed body (keys included) with its nesting depth, iteratively: a deep body must not cost
    a RecursionError here."""
    stack = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        yield item, depth
        if isinstance(item, DataAndFiles):
            stack.append((item.data, depth))
        elif isinstance(item, QueryDict):
            stack.extend((part, depth + 1) for key, items in item.lists() for part in (key, *items))
        elif isinstance(item, dict):
            stack.extend((part, depth + 1) for pair in item.items() for part in pair)
        elif isinstance(item, list):
            stack.extend((part, depth + 1) for part in item)


class TextParserMixin:
    """A parser whose texts can be stored: a NUL character anywhere is a 400, not a database error."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:  # nested past what the JSON decoder can follow
            raise ParseError(self.too_deep()) from None
        for item, depth in _walk(data):
            if depth > MAX_JSON_DEPTH:
                raise ParseError(self.too_deep())
            if isinstance(item, str) and "\x00" in item:
                raise ParseError(_("Texts may not contain the NUL character (\\u0000)."))
        return data

    @staticmethod
    def too_deep() -> str:
        return _("The body nests deeper than %(depth)d levels.") % {"depth": MAX_JSON_DEPTH}


class TextJSONParser(TextParserMixin, JSONParser):
    pass


class TextFormParser(TextParserMixin, FormParser):
    pass


class TextMultiPartParser(TextParserMixin, MultiPartParser):
    pass
