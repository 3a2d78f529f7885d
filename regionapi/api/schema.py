"""OpenAPI generation: every operation documents the shared error responses."""
from drf_spectacular.openapi import AutoSchema

from regionapi.api.errors import ERROR_STATUSES, ErrorSerializer


class RegionapiAutoSchema(AutoSchema):
    """AutoSchema that adds a summary, a fuller description and the shared error bodies to every operation."""

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
        if self._is_list_view():
            return f"List {plural}"
        return f"Get one {singular}"

    def get_description(self):
        description = super().get_description()
        names = self._model_names()
        if names is None or getattr(self.view, "action", None) not in {"list", "retrieve"}:
            return description
        key = getattr(self.view, "lookup_field", "pk")
        if self._is_list_view():
            extra = (
                "Paginated (`page`, `page_size`); every filter below can be combined, and a parameter repeated "
                "matches any of its values. Unknown parameters or invalid values answer 400 naming the parameter."
            )
        else:
            extra = f"One record by its public key (`{key}`); 404 when there is none."
        return f"{description}\n\n{extra}" if description else extra

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction == "response":
            for code, description in ERROR_STATUSES.items():
                response = self._get_response_for_code(ErrorSerializer, str(code))
                response["description"] = description
                responses.setdefault(str(code), response)
        return responses


def documented_example(summary: str, value: dict):
    """Class decorator: show `value` as the example of a ViewSet's detail and list responses."""
    from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view

    example = OpenApiExample(summary, value=value, response_only=True, status_codes=["200"])
    return extend_schema_view(list=extend_schema(examples=[example]), retrieve=extend_schema(examples=[example]))
