"""The one base ViewSet of every resource, composed of small mixins that each do one job:

- `ExportMixin` (export.py): CSV and GeoJSON;
- `AnalyticsMixin` (analytics.py): `summary` and `facets`, and `analytic_action` for any other analytic answer;
- `HistoryMixin` (history.py): a record's change history;
- `JSONErrorsMixin` (errors.py): errors in JSON whatever format was asked for.

Writes to a record honour `If-Match` and `If-Unmodified-Since` (412, or 428 when API_REQUIRE_IF_MATCH asks for
them; regionapi/core/preconditions.py); a record's answer carries its version in its ETag.

Deletes follow the model-level rule of deletion.py (a record others refer to is refused, 409), like the admin's
and the importers'.

A resource's ViewSet only declares: queryset, serializer, filterset, and where they apply `geo`,
`summary_dimensions`, `summary_measures` and its analytic actions. Its URL key (`lookup_field`) is the model's
public key.
"""

from django.core.exceptions import ImproperlyConfigured
from django.db import router
from django.urls import reverse
from django.utils.translation import gettext as _
from rest_framework import permissions, viewsets

from regionapi.core import preconditions
from regionapi.core.analytics import AnalyticsMixin
from regionapi.core.caching import make_etag, variant
from regionapi.core.dataversion import Version, bump, database_version
from regionapi.core.deletion import DeleteRefused, delete_or_refuse
from regionapi.core.errors import Conflict, JSONErrorsMixin, KeyReplaced, MovedPermanently
from regionapi.core.export import ExportMixin
from regionapi.core.history.views import HistoryMixin
from regionapi.core.language import translations_requested

# The actions whose answer is the record itself, labelled with its version.
RECORD_ANSWERS = frozenset({"retrieve", "create", "update", "partial_update"})
WRITES = frozenset({"create", "update", "partial_update"})


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

    record = None  # the record this request reads or wrote, whose version its answer's ETag names
    # Declared by a resource whose writes deserve warnings though nothing was refused (e.g. a consistency check the
    # figure now breaks): a function of the written record, answered as `warnings` beside it.
    write_warnings = None

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if request.method not in permissions.SAFE_METHODS:
            if preconditions.requires_check(request):
                # The version the data is at until this write commits: a 412 rolls the write back, and its ETag
                # labels the record as a read would see it then.
                self.version_before = database_version(using=self._write_alias())
            # A write takes the data version first, before any record's lock (regionapi.core.dataversion), so that it
            # and an import never each hold a lock the other waits for.
            bump()

    def get_object(self):
        if self.record is not None and self.request.method in permissions.SAFE_METHODS:
            # A read looks its record up once: an analytic action's parameters (`per=`, checked against the
            # indicator) and its answer read the same record, which a read cannot change in between.
            return self.record
        record = super().get_object()
        if preconditions.requires_check(self.request):
            model = type(record)
            preconditions.check(self.request, model, record.pk, self._etag_at(self.version_before))
        self.record = record
        return record

    def moved_to(self, key: str) -> MovedPermanently | KeyReplaced:
        """The answer (an exception to raise) to a request naming a record by a key it had before, `key` being its
        key now: a read is sent on to the same URL under the key now (301, query string kept); a write is refused
        with a 404 naming the key now."""
        match = self.request.resolver_match
        url = reverse(
            match.view_name, args=match.args, kwargs={**match.kwargs, self.lookup_url_kwarg or self.lookup_field: key}
        )
        if self.request.method in permissions.SAFE_METHODS:
            query = self.request.META.get("QUERY_STRING", "")
            location = self.request.build_absolute_uri(f"{url}?{query}" if query else url)
            return MovedPermanently(_("This record's key is now %(key)s.") % {"key": key}, location=location)
        return KeyReplaced(
            _("No record has this key any more: it is now %(key)s (%(url)s). Send the write there.")
            % {"key": key, "url": url}
        )

    def perform_create(self, serializer):
        super().perform_create(serializer)
        self.record = serializer.instance

    def perform_update(self, serializer):
        super().perform_update(serializer)
        self.record = serializer.instance

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if self.record is not None and self.action in RECORD_ANSWERS and 200 <= response.status_code < 300:
            version = preconditions.record_version(self.record.updated_at)
            if request.method in permissions.SAFE_METHODS:
                response.record_version = version  # the ETag is made by the caching middleware
            else:  # the ETag a read of what was just written will have, once this write commits
                response["ETag"] = self._etag_at(database_version(using=self._write_alias()))(version)
                if self.write_warnings is not None and self.action in WRITES and isinstance(response.data, dict):
                    response.data["warnings"] = self.write_warnings(self.record)
        return response

    def _etag_at(self, version: Version):
        return lambda record_version: make_etag(version, variant(self.request._request), record_version)

    def _write_alias(self) -> str:
        return router.db_for_write(self.get_queryset().model)

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
