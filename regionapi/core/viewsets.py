"""The one base ViewSet of every resource, composed of small mixins that each do one job:

- `ExportMixin` (export.py): CSV and GeoJSON;
- `AnalyticsMixin` (analytics.py): `summary` and `facets`, and `analytic_action` for any other analytic answer;
- `HistoryMixin` (history.py): a record's change history;
- `JSONErrorsMixin` (errors.py): errors in JSON whatever format was asked for.

Deletes follow the model-level rule of deletion.py (a record others refer to is refused, 409), like the admin's
and the importers'.

A resource's ViewSet only declares: queryset, serializer, filterset, and where they apply `geo`,
`summary_dimensions`, `summary_measures` and its analytic actions. Its URL key (`lookup_field`) is the model's
public key.
"""

from django.core.exceptions import ImproperlyConfigured
from rest_framework import permissions, viewsets

from regionapi.core.analytics import AnalyticsMixin
from regionapi.core.dataversion import bump
from regionapi.core.deletion import DeleteRefused, delete_or_refuse
from regionapi.core.errors import Conflict, JSONErrorsMixin
from regionapi.core.export import ExportMixin
from regionapi.core.history import HistoryMixin
from regionapi.core.language import translations_requested


def public_key(model) -> str:
    """The field a record is addressed by in URLs: its natural key, which must be one field of its own (slug, code)."""
    keys = getattr(model, "natural_key_fields", ())
    if len(keys) != 1 or "__" in keys[0]:
        raise ImproperlyConfigured(
            f"{model.__name__} has no one-field public key (natural_key_fields): set lookup_field."
        )
    return keys[0]


class DataViewSet(JSONErrorsMixin, ExportMixin, AnalyticsMixin, HistoryMixin, viewsets.ModelViewSet):
    """Base of every resource ViewSet: list, retrieve, writes for token holders, exports, analytics and history."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.lookup_field == "pk" and cls.queryset is not None:  # not declared here or by a parent
            cls.lookup_field = public_key(cls.queryset.model)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if request.method not in permissions.SAFE_METHODS:
            # A write takes the data version first, before any record's lock (regionapi.core.dataversion), so that it
            # and an import never each hold a lock the other waits for.
            bump()

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["translations"] = translations_requested(self.request)
        return context

    def perform_destroy(self, instance):
        """Delete the record unless others still refer to it (the rule of regionapi.core.deletion): then 409."""
        try:
            delete_or_refuse(instance)
        except DeleteRefused as exc:
            raise Conflict(str(exc)) from exc
