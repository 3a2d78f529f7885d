"""The one base ViewSet of every resource, composed of small mixins that each do one job:

- `ExportMixin` (export.py): CSV and GeoJSON;
- `AnalyticsMixin` (analytics.py): `summary` and `facets`, and `analytic_action` for any other analytic answer;
- `HistoryMixin` (history.py): a record's change history;
- `JSONErrorsMixin` (errors.py): errors in JSON whatever format was asked for.

A resource's ViewSet only declares: queryset, serializer, filterset, and where they apply `geo`,
`summary_dimensions`, `summary_measures` and its analytic actions. Its URL key (`lookup_field`) is the model's
public key.
"""
from django.db import models
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext as _
from rest_framework import viewsets
from rest_framework.exceptions import APIException

from regionapi.core.analytics import AnalyticsMixin
from regionapi.core.errors import JSONErrorsMixin
from regionapi.core.export import ExportMixin
from regionapi.core.history import HistoryMixin
from regionapi.core.language import translations_requested


def public_key(model) -> str:
    """The field a record is addressed by in URLs: its natural key when that is one field of its own (slug, code)."""
    keys = getattr(model, "natural_key_fields", ("pk",))
    return keys[0] if len(keys) == 1 and "__" not in keys[0] else "pk"


class Conflict(APIException):
    status_code = 409
    default_detail = "The request conflicts with the current state of the data."
    default_code = "conflict"


def dependants(instance) -> list[str]:
    """Records that refer to `instance` and would be deleted or unlinked with it: '3 investment projects (a, b, c)'."""
    found = []
    for relation in instance._meta.related_objects:
        if relation.one_to_many and relation.on_delete is models.CASCADE and not relation.related_model._meta.auto_created:
            continue  # parts of the record itself (a project's milestones) go with it
        accessor = relation.get_accessor_name()
        if accessor is None or relation.related_name == "+" or relation.related_model.__name__.startswith("Historical"):
            continue
        related = getattr(instance, accessor)
        if relation.one_to_one:
            continue
        keys = [str(obj) for obj in related.all()[:4]]
        if keys:
            count = related.count()
            name = relation.related_model._meta.verbose_name_plural if count > 1 else relation.related_model._meta.verbose_name
            more = ", ..." if count > len(keys) else ""
            found.append(f"{count} {name} ({', '.join(keys)}{more})")
    return found


class DataViewSet(JSONErrorsMixin, ExportMixin, AnalyticsMixin, HistoryMixin, viewsets.ModelViewSet):
    """Base of every resource ViewSet: list, retrieve, writes for token holders, exports, analytics and history."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "lookup_field" not in cls.__dict__ and cls.queryset is not None:
            cls.lookup_field = public_key(cls.queryset.model)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["translations"] = translations_requested(self.request)
        return context

    def perform_destroy(self, instance):
        """Refuse to delete a record that others depend on (409), rather than cascading or unlinking silently."""
        blockers = dependants(instance)
        if blockers:
            raise Conflict(
                _("%(record)s is still referred to by %(blockers)s; change or delete those first.")
                % {"record": instance, "blockers": "; ".join(blockers)}
            )
        try:
            instance.delete()
        except (ProtectedError, RestrictedError) as exc:  # a dependant appeared since the check
            raise Conflict(_("%(record)s is still referred to by other records.") % {"record": instance}) from exc
