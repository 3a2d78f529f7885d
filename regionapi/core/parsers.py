"""Request bodies (JSON, form, multipart), refused with a 400 naming the field when a text cannot be stored: a NUL
character, which no database column can hold, or text that is not Unicode (a lone surrogate such as `"\\ud800"` in
JSON, or a byte that is not UTF-8), which cannot even be written back in an answer; and when they nest deeper than
any record does. Their size is limited before parsing: see regionapi.core.errors.BodySizeLimitMiddleware. URLs (path
and query) are checked the same way by regionapi.core.errors.InvalidTextInURLMiddleware."""

import codecs
import re
from urllib.parse import parse_qsl

from django.conf import settings
from django.core.exceptions import TooManyFieldsSent
from django.http import QueryDict
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError, ValidationError
from rest_framework.parsers import DataAndFiles, FormParser, JSONParser, MultiPartParser, get_encoding
from rest_framework.utils import json

# How deep a JSON body may nest: a record is an object of lists of objects; a deeper body is an attack or a bug.
MAX_JSON_DEPTH = 32

# A lone surrogate: sent escaped in JSON ("\ud800"), or standing for a byte that is not UTF-8 (decoded with
# errors="surrogateescape", as the parsers below and the URL check do, so that such a byte is seen, not replaced).
_SURROGATE = re.compile("[\ud800-\udfff]")


def text_problem(text: str) -> str | None:
    """Why `text` cannot be stored or answered, or None when it can."""
    if "\x00" in text:
        return _("Texts may not contain the NUL character (\\u0000).")
    if _SURROGATE.search(text):
        return _("Texts must be valid Unicode: no lone surrogate (\\ud800-\\udfff), no byte that is not UTF-8.")
    return None


def printable(name: str) -> str:
    """A field or parameter name as an error body can show it: a NUL or a lone surrogate in it escaped."""
    return name.replace("\x00", "\\u0000").encode("utf-8", "backslashreplace").decode("utf-8")


def text_errors(pairs) -> dict[str, list[str]]:
    """{name: [message]} for each (name, text) pair whose name or text cannot be stored."""
    errors = {}
    for name, text in pairs:
        problem = text_problem(name) or text_problem(text)
        if problem:
            errors.setdefault(printable(name), [problem])
    return errors


def _walk(value):
    """Every value in a parsed body (keys included) with its nesting depth and the name of the field it belongs to
    ("translations.name.en"; a list's items are named as the list), iteratively: a deep body must not cost a
    RecursionError here."""
    stack = [(value, 0, "")]
    while stack:
        item, depth, name = stack.pop()
        yield item, depth, name
        if isinstance(item, DataAndFiles):
            stack.append((item.data, depth, name))
        elif isinstance(item, QueryDict):
            stack.extend((part, depth + 1, key) for key, items in item.lists() for part in (key, *items))
        elif isinstance(item, dict):
            for key, part in item.items():
                path = f"{name}.{key}" if name else str(key)
                stack.extend(((key, depth + 1, path), (part, depth + 1, path)))
        elif isinstance(item, list):
            stack.extend((part, depth + 1, name) for part in item)


class TextParserMixin:
    """A parser whose texts can be stored: a NUL character or invalid Unicode anywhere is a 400 naming the field,
    not a database error or a 500 writing the answer."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:  # nested past what the JSON decoder can follow
            raise ParseError(self.too_deep()) from None
        texts = []
        for item, depth, name in _walk(data):
            if depth > MAX_JSON_DEPTH:
                raise ParseError(self.too_deep())
            if isinstance(item, str):
                texts.append((name, item))
        errors = text_errors(texts)
        if errors:
            raise ValidationError(errors)
        return data

    @staticmethod
    def too_deep() -> str:
        return _("The body nests deeper than %(depth)d levels.") % {"depth": MAX_JSON_DEPTH}


class SeeingJSONParser(JSONParser):
    """DRF's JSON parser, decoding a byte that is not UTF-8 as a lone surrogate (errors="surrogateescape") rather
    than failing on it with a message that names no field: TextParserMixin then names the field it is in."""

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = get_encoding(parser_context or {})  # a text encoding only: never a bz2 "charset"
        try:
            decoded = codecs.getreader(encoding)(stream, errors="surrogateescape")
            parse_constant = json.strict_constant if self.strict else None
            return json.load(decoded, parse_constant=parse_constant)
        except ValueError as exc:
            raise ParseError(f"JSON parse error - {printable(str(exc))}") from None  # DRF's words


class SeeingFormParser(FormParser):
    """DRF's form parser, decoding a byte that is not UTF-8 as a lone surrogate: Django's QueryDict replaces it with
    U+FFFD (or reads the whole body as Latin-1), and the client would store text it never sent."""

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = get_encoding(parser_context or {})  # a text encoding only: never a bz2 "charset"
        try:
            body = stream.read().decode(encoding, "surrogateescape")
        except (UnicodeError, LookupError) as exc:  # a charset that is a text encoding but not one for this body
            raise ParseError(f"Form parse error - {printable(str(exc))}") from None
        limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        try:
            pairs = parse_qsl(
                body, keep_blank_values=True, encoding=encoding, errors="surrogateescape", max_num_fields=limit
            )
        except ValueError:  # more fields than Django accepts: its own 400 (errors.bad_request), as QueryDict does
            raise TooManyFieldsSent(f"The number of GET/POST parameters exceeded {limit}.") from None
        data = QueryDict(mutable=True, encoding=encoding)
        for key, value in pairs:
            data.appendlist(key, value)
        data._mutable = False
        return data


class TextJSONParser(TextParserMixin, SeeingJSONParser):
    pass


class TextFormParser(TextParserMixin, SeeingFormParser):
    pass


def _seeing_utf8(name: str):
    """The codec `regionapi-seeing-utf-8`: UTF-8 that decodes a byte that is not UTF-8 as a lone surrogate, whatever
    error handling its caller asks for. Django's multipart parser decodes every field with errors="replace", which
    would store U+FFFD in place of what the client sent; with this codec TextParserMixin sees it and names the field."""
    if name != "regionapi_seeing_utf_8":
        return None
    utf8 = codecs.lookup("utf-8")
    return codecs.CodecInfo(
        name="regionapi-seeing-utf-8",
        encode=utf8.encode,
        decode=lambda data, errors="strict": codecs.utf_8_decode(data, "surrogateescape", True),
    )


codecs.register(_seeing_utf8)
SEEING_UTF8 = "regionapi-seeing-utf-8"


class SeeingMultiPartParser(MultiPartParser):
    """DRF's multipart parser, its UTF-8 fields decoded so that a byte that is not UTF-8 is seen, not replaced."""

    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = dict(parser_context or {})
        if codecs.lookup(parser_context.get("encoding") or settings.DEFAULT_CHARSET).name == "utf-8":
            parser_context["encoding"] = SEEING_UTF8
        return super().parse(stream, media_type, parser_context)


class TextMultiPartParser(TextParserMixin, SeeingMultiPartParser):
    pass
