"""OpenAPI generation: summaries, descriptions, exports and the shared error bodies for every operation."""

import json
from pathlib import Path

from django.conf import settings
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter
from rest_framework import permissions, serializers

from regionapi.core.declarations import analytic_of
from regionapi.core.errors import ERROR_STATUSES, ErrorSerializer
from regionapi.core.export import csv_columns
from regionapi.core.formats import FORMATS
from regionapi.core.language import LANGUAGE_PARAMETER, TRANSLATIONS_PARAMETER
from regionapi.core.translation import translated_columns

LANGUAGE_PARAMETERS = [
    OpenApiParameter(
        LANGUAGE_PARAMETER,
        str,
        enum=["kk", "ru", "en"],
        description="Language of names, descriptions, enum labels (`*_label`) and error messages: kk (Kazakh), ru "
        "(Russian) or en (English). Wins over `Accept-Language`; without either, the server's default language "
        "(Kazakh unless configured otherwise). A text missing in the language falls back to the default language, "
        "then to kk, ru, en in that order. Quotes stay verbatim in the source's language.",
    ),
    OpenApiParameter(
        "Accept-Language",
        str,
        location=OpenApiParameter.HEADER,
        description="Preferred languages (RFC 9110), e.g. `ru-RU,ru;q=0.9,en;q=0.8`; the first of kk, ru, en it "
        "names is served. `lang=` wins over it.",
    ),
    OpenApiParameter(
        "Content-Language",
        str,
        location=OpenApiParameter.HEADER,
        response=True,
        enum=["kk", "ru", "en"],
        description="The language this response is in (see `lang`).",
    ),
]


PRECONDITION_PARAMETERS = [
    OpenApiParameter(
        "If-Match",
        str,
        location=OpenApiParameter.HEADER,
        description='The ETag of the record as you read it (`"<answer>.<version>"`, from a GET of it): the write '
        "goes through only if nobody changed the record since, else 412 with its current ETag and nothing written. "
        "`*` matches any version. Required for PUT (428 without it; a PUT replaces the whole record), and for PATCH and "
        "DELETE too where the server sets API_REQUIRE_IF_MATCH=1.",
    ),
    OpenApiParameter(
        "If-Unmodified-Since",
        str,
        location=OpenApiParameter.HEADER,
        description="An HTTP date (the record's `Last-Modified`); looked at only without `If-Match`: 412 if the record "
        "changed after it.",
    ),
]


def with_article(noun: str) -> str:
    """`noun` with "a" or "an" as it is spoken: an indicator, an industrial zone, a unit, a university."""
    word = noun.lower()
    spoken_vowel = word[:1] in "aeiou" and not word.startswith(("uni", "use", "usu", "eu", "one"))
    return f"{'an' if spoken_vowel or word.startswith(('hour', 'honest')) else 'a'} {noun}"


class RegionapiAutoSchema(AutoSchema):
    """AutoSchema that adds summaries, fuller descriptions, export formats and the shared error bodies."""

    def _action(self):
        return getattr(self.view, "action", None)

    def _model_names(self):
        queryset = getattr(self.view, "queryset", None)
        if queryset is None:
            return None
        meta = queryset.model._meta
        return str(meta.verbose_name), str(meta.verbose_name_plural)

    def get_summary(self):
        summary = super().get_summary()
        names = self._model_names()
        if summary or names is None:
            return summary
        singular, plural = names
        one = with_article(singular)
        return {
            "list": f"List {plural}",
            "retrieve": f"Retrieve {one}",
            "create": f"Create {one}",
            "update": f"Replace {one}",
            "partial_update": f"Update {one}",
            "destroy": f"Delete {one}",
            "history": f"Change history of {one}",
            "summary": f"Totals of {plural} by group",
            "facets": f"Facet counts of {plural}",
        }.get(self._action(), summary)

    def get_auth(self):
        """Reads are public, so a GET lists anonymous access (`{}`) beside token and session and Swagger shows no lock;
        writes and staff-only reads (`history`) require one of them."""
        auth = [requirement for requirement in super().get_auth() if requirement]
        staff_only = any(isinstance(permission, permissions.IsAdminUser) for permission in self.view.get_permissions())
        if self.method in permissions.SAFE_METHODS and not staff_only:
            auth.append({})
        return auth

    def get_description(self):
        description = super().get_description()
        names = self._model_names()
        action = self._action()
        writes = {
            "create": "Needs a token (`Authorization: Token <key>`) whose user holds the model's add permission. Relations "
            "are given by public key. The model's rules apply: a bad value is a 400 naming the field.",
            "update": "Needs the model's change permission. Every writable field is sent; relations by public key.",
            "partial_update": "Needs the model's change permission. Only the fields sent change; relations by public key.",
            "destroy": "Needs the model's delete permission. A record that others still refer to is not deleted: 409 "
            "names them.",
        }
        if names is not None and action in writes:
            return f"{description}\n\n{writes[action]}" if description else writes[action]
        if names is None or action not in {"list", "retrieve", "summary", "facets"}:
            return description
        key = getattr(self.view, "lookup_field", "pk")
        columns = ", ".join(csv_columns(self.view.get_serializer_class()()))
        exports = (
            f"`format=csv` (or `Accept: text/csv`) streams every matching row as UTF-8 CSV with columns: {columns}."
        )
        if getattr(self.view, "geo", False):
            exports += " `format=geojson` gives a GeoJSON FeatureCollection; `bbox=` limits it to a box."
        exports += " Any other `format` is a 400 listing the formats this endpoint has."
        extra = {
            "list": (
                "Paginated (`page`, `page_size`); every filter below can be combined, and a parameter repeated "
                "matches any of its values. Unknown parameters or invalid values answer 400 naming the parameter. "
                + exports
            ),
            "retrieve": f"One record by its public key (`{key}`); 404 when there is none.",
            "summary": (
                "Counts and totals of the **records held in this database** that match the list filters (what the "
                "sources name one by one), not official statistics: figures the sources report as totals, such as a "
                "region's number of enterprises, are observations (`/indicators/observations/`, and the region "
                "profile's `headline`). `records` counts records; `note` says so in every answer. Grouped by `group_by`: "
                + "; ".join(f"`{name}`: {dim.description}" for name, dim in self.view.summary_dimensions.items())
                + " Totals skip records that do not report a figure (`<measure>_reported` says how many do). "
                "`format=csv` gives the rows as CSV."
            ),
            "facets": (
                "Datasette-style facet counts: for each dimension ("
                + ", ".join(f"`{name}`" for name in self.view.summary_dimensions)
                + "), how many of the records held in this database that match the list filters fall in each group "
                "(`records`): counts of records, not official statistics."
            ),
        }[action]
        return f"{description}\n\n{extra}" if description else extra

    def get_filter_backends(self):
        declared = analytic_of(self.view)
        if self._action() == "list" or (declared is not None and declared.filtered):
            return getattr(self.view, "filter_backends", [])
        return super().get_filter_backends()

    def get_override_parameters(self):
        parameters = [*super().get_override_parameters(), *LANGUAGE_PARAMETERS]
        serializer_class = getattr(self.view, "serializer_class", None)
        translated = serializer_class is not None and "translations" in getattr(
            serializer_class, "_declared_fields", {}
        )
        if translated and self._action() in {"list", "retrieve", "create", "update", "partial_update"}:
            parameters.append(
                OpenApiParameter(
                    TRANSLATIONS_PARAMETER,
                    bool,
                    description="`true` adds `translations`: every translated field in every language (kk, ru, en), "
                    "null where a translation is missing. In CSV, one column per field and language (`name_kk`...).",
                )
            )
        if self._action() in {"update", "partial_update", "destroy"}:
            parameters.extend(PRECONDITION_PARAMETERS)
        declared = analytic_of(self.view)
        if declared is not None and not isinstance(declared.query, type):  # built for this ViewSet (summary)
            query_class = declared.query_serializer(type(self.view))
            for name, field in query_class().fields.items() if query_class is not None else ():
                choices = list(field.choices) if isinstance(field, serializers.ChoiceField) else None
                parameters.append(
                    OpenApiParameter(name, str, required=field.required, enum=choices, description=field.help_text)
                )
        return parameters

    def get_response_serializers(self):
        declared = analytic_of(self.view)
        if declared is not None and not isinstance(declared.response, type):  # built for this ViewSet (summary)
            return declared.response_serializer(type(self.view))
        return super().get_response_serializers()

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        content = responses.get("200", {}).get("content", {})
        for fmt in FORMATS.values():  # each format's body as the registry documents it (formats.py)
            if fmt.media_type in content and fmt.body_schema is not None:
                content[fmt.media_type] = {"schema": fmt.body_schema(self._action())}
        for code, description in ERROR_STATUSES.items():
            if code == 409 and self.method == "GET":
                continue
            if code == 413 and self.method not in {"POST", "PUT", "PATCH"}:
                continue
            if code in {412, 428} and self._action() not in {"update", "partial_update", "destroy"}:
                continue
            response = self._get_response_for_code(ErrorSerializer, str(code), media_types=["application/json"])
            response["description"] = description
            responses.setdefault(str(code), response)
        return responses


def example_read(path: Path) -> dict | list:
    """A response example kept as a JSON file (an answer as the API serves it), read once when its module loads."""
    return json.loads(path.read_text(encoding="utf-8"))


def documented_example(summary: str, value: dict):
    """Class decorator: show `value` as the example of a ViewSet's detail and list responses."""
    from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view

    example = OpenApiExample(summary, value=value, response_only=True, status_codes=["200"])
    return extend_schema_view(list=extend_schema(examples=[example]), retrieve=extend_schema(examples=[example]))


class TranslationsFieldExtension(OpenApiSerializerFieldExtension):
    """`translations`: an object with, per translated field, the text in each language (null when missing)."""

    target_class = "regionapi.core.language.TranslationsField"

    def map_serializer_field(self, auto_schema, direction):
        languages = {
            code: {"type": "string", "nullable": True, "description": str(name)} for code, name in settings.LANGUAGES
        }
        return {
            "type": "object",
            "description": self.target.help_text,
            "properties": {
                field: {"type": "object", "properties": languages, "additionalProperties": False}
                for field in translated_columns(self.target.model)
            },
            "additionalProperties": False,
        }


class KeyRelatedFieldExtension(OpenApiSerializerFieldExtension):
    """A KeyRelatedField is the brief object in responses and the public key (a string) in requests."""

    target_class = "regionapi.core.serializers.KeyRelatedField"

    def map_serializer_field(self, auto_schema, direction):
        if direction == "response":
            return auto_schema.resolve_serializer(self.target.brief_serializer, direction).ref
        model = self.target.brief_serializer.Meta.model
        return {
            "type": "string",
            "description": f"{model._meta.verbose_name.capitalize()} by its {self.target.slug_field}.",
        }
