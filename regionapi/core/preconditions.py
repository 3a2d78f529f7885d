"""Optimistic concurrency for writes to a record: `If-Match` and `If-Unmodified-Since` on PUT, PATCH and DELETE.

A record's version is the time of its last change (`updated_at`, to the microsecond; every save, admin edit, import
and relation change moves it). A read of a record answers with a strong ETag, `"<answer>.<version>"`: the first
part labels the answer for caches (regionapi/core/caching.py, from the data version), the second is the record's
version. A write with `If-Match` goes through only if one of the tags names the record's version as it is now,
read under the write's lock, so two writers holding the same tag cannot both pass: the second gets 412 and
changes nothing. The 412 carries the record's current ETag, and a successful write the ETag of what it wrote, so a
client can chain writes without reading again.

`API_REQUIRE_IF_MATCH` names the writes for which a precondition is mandatory: without `If-Match` or
`If-Unmodified-Since` they get 428. By default PUT only: a PUT replaces the whole record, so two sent blind erase
each other's changes unseen; a PATCH writes only what it sends.
"""

import math
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.utils.http import http_date, parse_etags, parse_http_date_safe
from django.utils.translation import gettext as _
from rest_framework import exceptions, status

CONDITIONAL_METHODS = frozenset({"PUT", "PATCH", "DELETE"})
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "precondition_failed"
    default_detail = "The record changed since the version given in If-Match."

    def __init__(self, detail, headers: dict[str, str]):
        super().__init__(detail)
        self.headers = headers


class PreconditionRequired(exceptions.APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_code = "precondition_required"
    default_detail = "This server requires If-Match for writes to a record."


def record_version(updated_at: datetime) -> str:
    """A record's version: the microsecond of its last change, as digits."""
    return str((updated_at - _EPOCH) // _MICROSECOND)


def version_of_tag(tag: str) -> str | None:
    """The record version a strong ETag names (`"<answer>.<version>"`); None for a weak tag or any other."""
    if tag.startswith("W/") or not (tag.startswith('"') and tag.endswith('"')):
        return None
    _answer, dot, version = tag[1:-1].rpartition(".")
    return version if dot and version.isascii() and version.isdigit() else None


def requires_check(request) -> bool:
    return request.method in CONDITIONAL_METHODS


def check(request, model, pk, etag_for) -> None:
    """Let a write to the record `pk` of `model` go on, or raise 412/428 (module docstring).

    The record's version is read under a row lock that the write's transaction keeps, so no other writer changes it
    between this check and the write. `etag_for(version)` gives the ETag to send back with a 412.
    """
    if_match = request.META.get("HTTP_IF_MATCH")
    if_unmodified = request.META.get("HTTP_IF_UNMODIFIED_SINCE")
    if if_match is None and if_unmodified is None:
        if request.method in settings.API_REQUIRE_IF_MATCH:
            raise PreconditionRequired(
                _("This server requires If-Match with the record's ETag (from a GET of it) for %(method)s.")
                % {"method": request.method}
            )
        return
    updated_at = model._base_manager.select_for_update().filter(pk=pk).values_list("updated_at", flat=True).get()
    current = record_version(updated_at)
    if if_match is not None:
        tags = parse_etags(if_match)
        passed = "*" in tags or any(version_of_tag(tag) == current for tag in tags)
    else:  # If-Unmodified-Since is only looked at without If-Match (RFC 9110, 13.2.2)
        since = parse_http_date_safe(if_unmodified)  # not a date: ignored, as RFC 9110 asks
        passed = since is None or math.floor(updated_at.timestamp()) <= since
    if not passed:
        raise PreconditionFailed(
            _(
                "The record changed at %(time)s, after the version your precondition names; nothing was written. "
                "Read it again (its ETag is in this answer) and send your change with the new ETag."
            )
            % {"time": updated_at.isoformat()},
            headers={"ETag": etag_for(current), "Last-Modified": http_date(math.floor(updated_at.timestamp()) + 1)},
        )
