"""The browsable API (`Accept: text/html`, a browser): DRF's pages, with HTML forms that write what the JSON API
reads back. A relation reads as a brief object but is written as its key (serializers.KeyRelatedField), so its form
field shows the key: the record's own relation is the option selected, and a form sent back unchanged keeps it."""

from django.conf import settings
from rest_framework import renderers
from rest_framework.relations import ManyRelatedField
from rest_framework.utils.serializer_helpers import BoundField


class KeyFormRenderer(renderers.HTMLFormRenderer):
    """DRF's HTML form renderer, showing a relation by public key as its key (or keys)."""

    def render_field(self, field, parent_style):
        relation = field._field
        many = isinstance(relation, ManyRelatedField)
        form_value = getattr(relation.child_relation if many else relation, "form_value", None)
        if form_value is not None and field.value not in (None, ""):
            value = [form_value(item) for item in field.value] if many else form_value(field.value)
            field = BoundField(relation, value, field.errors, field._prefix)
        return super().render_field(field, parent_style)


class BrowsableAPIRenderer(renderers.BrowsableAPIRenderer):
    """DRF's browsable API with KeyFormRenderer's forms, and none for a write that needs a precondition
    (API_REQUIRE_IF_MATCH: a PUT by default): a browser's form sends no If-Match, so it could only ever get a 428."""

    form_renderer_class = KeyFormRenderer

    def show_form_for_method(self, view, method, request, obj):
        if obj is not None and method in settings.API_REQUIRE_IF_MATCH:
            return False
        return super().show_form_for_method(view, method, request, obj)
