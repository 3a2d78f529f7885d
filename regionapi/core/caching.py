"""HTTP caching of API reads: ETag, Last-Modified, 304, Cache-Control, Vary, and a shared response cache.

Every successful GET/HEAD under /api/ (resources, lists, details, analytics, CSV, GeoJSON, the schema) is labelled
from the data version (regionapi/core/dataversion.py) and from what else makes its body differ: host and scheme
(answers hold absolute URLs), path and query (filters, `format`, `lang`), the `Accept` header unless `format=`
decides, the language served, the credentials sent, and `API_CACHE_RELEASE`. The label is worked out before the
view runs, from the request alone, so a matching `If-None-Match` is answered 304 without running the view, and
without any SQL when the version comes from the shared cache (for a request with credentials, but for the query
that authenticates it, which its rate needs).

The ETag is weak (`W/"..."`): it is derived from the data version, never from the bytes (a CSV list is streamed and
never held whole), so it promises the same data, not the same bytes; weak tags are exactly what `If-None-Match`
compares, and never satisfy `If-Match` or a range request, which need byte identity. A record's own answer (a
detail) gets a strong tag that also names the record's version, `"<answer>.<version>"`, for `If-Match` on writes
(regionapi/core/preconditions.py); `If-None-Match` compares the answer part, which the data version already moves
on every write, so a detail's 304 needs no query either.

Browsable-API pages (text/html) get no validators: they carry a per-request CSRF token and the signed-in user. The
region pages (settings.PAGES_PATH_PREFIXES, /regions/) are HTML made from the data alone, with no form and no user:
they are labelled, answered 304 and kept like every API read.

The shared response cache keeps anonymous answers (no Authorization header, no session cookie) in Redis under a key
of their variant, with the version they were made at: a repeated read is one round trip to Redis (the published
version and the answer together), and a write, which raises the version, makes every process answer afresh.

A view may declare the query parameters its answer depends on (`query_parameters`): the others are left out of its
variant, so a made-up one is answered from the cache like the plain URL. The region pages depend on `vintage`, the
list also on `sort` (`lang` is the language, already in the variant; a `utm_source` or `fbclid` that a link picked up
changes nothing), the API root and the schema on `format`; the resources answer an unknown parameter with a 400
and never declare any.

An answer made here without the view (a 304, an answer served again) counts against the client's rate as the view
would have (regionapi/core/throttling.py): the cache saves the server's time, not the client's budget.

While the database is unreachable, an anonymous read whose answer is kept for the last version published
(dataversion.LAST_KNOWN_KEY) is served from the cache as usual, 304 included: no write can commit during the
outage, so that version is the current one unless a process died between a commit and its publication. It is served
as is, with the same validators: the `Warning` header that once marked such answers is obsolete (RFC 9111) and no
client reads it, and the ETag names the version anyway, so the first read after the outage gets anything newer.
"""

import hashlib
import logging
import math
import pickle
import time

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, parse_etags, parse_http_date_safe, urlencode
from rest_framework.exceptions import APIException

from regionapi.core.dataversion import (
    LAST_KNOWN_KEY,
    PUBLISHED_KEY,
    SharedCache,
    Version,
    current_version,
    database_version,
    publish,
    published_version,
    shared_cache,
)
from regionapi.core.formats import FORMAT_PARAMETER
from regionapi.core.health import OUTAGE_ERRORS
from regionapi.core.replicas import replica_aliases
from regionapi.core.throttling import refusal, view_of

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"
READ_METHODS = ("GET", "HEAD")
# What a response of the same URL can differ by: the negotiated format, the language, the user.
VARY = ("Accept", "Accept-Language", "Authorization", "Cookie")
RESPONSE_KEY = "regionapi:response:2:"  # the number changes with the form of a kept answer
RESPONSE_TTL = 3600  # an entry of an old version is useless anyway; this only bounds the memory it holds
# Headers a kept answer is served with again; the outer middleware (CORS, language, security) adds theirs anew.
KEPT_HEADERS_EXCLUDED = {"set-cookie", "date", "last-modified"}


def is_page(path: str) -> bool:
    """Whether a path is one of the server-rendered pages over the data (settings.PAGES_PATH_PREFIXES)."""
    return path.startswith(tuple(settings.PAGES_PATH_PREFIXES))


def is_cached_read(request) -> bool:
    """A GET or HEAD of the API or of a page: what this middleware labels."""
    return request.method in READ_METHODS and (request.path.startswith(API_PREFIX) or is_page(request.path))


def is_anonymous(request) -> bool:
    """Whether the request carries no credentials: no token, no session cookie (decided without the database)."""
    return "HTTP_AUTHORIZATION" not in request.META and settings.SESSION_COOKIE_NAME not in request.COOKIES


def query_parameters(*names: str):
    """Declares the only query parameters a plain Django view's answer depends on (module docstring); a DRF view
    says it with a `query_parameters` class attribute."""

    def declare(view):
        view.query_parameters = names
        return view

    return declare


def query_of(request) -> str:
    """The part of the query string the answer depends on: the whole of it, or only the parameters the view declares
    (`query_parameters`, module docstring)."""
    view = view_of(request)
    declared = getattr(view, "query_parameters", getattr(getattr(view, "cls", None), "query_parameters", None))
    if declared is None:
        return request.META.get("QUERY_STRING", "")
    return urlencode([(name, request.GET.getlist(name)) for name in declared if name in request.GET], doseq=True)


def variant(request) -> str:
    """A digest of everything besides the data that makes an answer's body differ (see the module docstring)."""
    parts = [
        settings.API_CACHE_RELEASE,
        request.scheme,
        request.get_host(),
        request.path,
        query_of(request),
        getattr(request, "LANGUAGE_CODE", ""),
    ]
    # ?format= wins over Accept (negotiation.py); a page is HTML whatever Accept says.
    if not is_page(request.path) and not request.GET.get(FORMAT_PARAMETER, "").strip():
        parts.append("accept:" + request.META.get("HTTP_ACCEPT", ""))
    if not is_anonymous(request):
        parts.append("auth:" + request.META.get("HTTP_AUTHORIZATION", ""))
        parts.append("session:" + request.COOKIES.get(settings.SESSION_COOKIE_NAME, ""))
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def make_etag(version: Version, variant_digest: str, record_version: str | None = None) -> str:
    """The one ETag of an answer: its variant at a data version, and for a record's own answer the record's version
    (the only place an ETag is computed)."""
    digest = hashlib.sha256(f"{version.token}\n{variant_digest}".encode()).hexdigest()[:32]
    return f'"{digest}.{record_version}"' if record_version is not None else f'W/"{digest}"'


def last_modified(version: Version, now: float | None = None) -> int | None:
    """Last-Modified as a Unix time in whole seconds, or None while the second of the last change is not over.

    HTTP dates have one-second precision: the second after the change is sent (so If-Modified-Since with it is not
    older than the change), and only once it has passed, so that no later change can fall within it.
    """
    stamp = math.floor(version.changed_at.timestamp()) + 1
    return stamp if (now if now is not None else time.time()) >= stamp else None


def _answer_part(tag: str) -> str:
    """What a tag says of the answer: weak or strong alike, without a record's version."""
    return tag.removeprefix("W/").strip('"').split(".", 1)[0]


def not_modified(request, etag: str, modified: int | None) -> str | None:
    """If-None-Match (weak comparison), else If-Modified-Since, for a read (RFC 9110, 13.2.2 steps 3 and 4): the
    ETag to answer a 304 with (the client's own, which may name a record's version too), or None.

    Only these two: If-Match and If-Unmodified-Since guard writes (regionapi/core/preconditions.py).
    `If-None-Match: *` is not taken as a match: the answer might be an error, which has no representation to keep.
    """
    tags = [tag for tag in parse_etags(request.META.get("HTTP_IF_NONE_MATCH", "")) if tag != "*"]
    if tags:
        return next((tag for tag in tags if _answer_part(tag) == _answer_part(etag)), None)
    if "HTTP_IF_NONE_MATCH" in request.META:
        return None
    since = parse_http_date_safe(request.META.get("HTTP_IF_MODIFIED_SINCE", ""))
    return etag if since is not None and modified is not None and modified <= since else None


class HttpCacheMiddleware:
    """Validators, 304s, Cache-Control and Vary for API reads, and the shared response cache (module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_cached_read(request):
            return self.get_response(request)
        anonymous = is_anonymous(request)
        shared = shared_cache()
        digest = variant(request)
        kept = None
        keeping = shared is not None and anonymous and settings.API_RESPONSE_CACHE
        try:
            if replica_aliases():
                # The version comes from the database this request reads (a replica, or the primary after a write):
                # the version the primary published may be ahead of a lagging replica, and an answer read there
                # would be labelled, and kept, as newer than it is. One query; the kept answer is one cache lookup.
                version = database_version()
                kept = self._kept(shared, digest) if keeping else None
            elif keeping:
                version, kept = self._read_shared(shared, digest)
            else:
                version = current_version(shared)
        except OUTAGE_ERRORS:
            # The database is unreachable: an anonymous answer kept for the last version published is served as
            # usual (module docstring); else an answer that needs no data (the API root, the docs) is still served,
            # unlabelled, and one that needs data gets the outage's 503 (regionapi/core/health.py).
            version, kept = self._last_known(shared, digest) if keeping else (None, None)
            answer = self._without_view(request, version, digest, kept, anonymous) if version is not None else None
            return answer if answer is not None else self.get_response(request)
        answer = self._without_view(request, version, digest, kept, anonymous)
        if answer is not None:
            return answer
        modified = last_modified(version)
        response = self.get_response(request)
        if not self._labelled(request, response):
            return response
        record_version = getattr(response, "record_version", None)  # set by a record's view (viewsets.py)
        self._label(response, make_etag(version, digest, record_version), modified, anonymous)
        if (
            shared is not None
            and anonymous
            and settings.API_RESPONSE_CACHE
            and request.method == "GET"
            and response.status_code == 200
            and not response.cookies
        ):
            self._keep(shared, digest, version, response)
        return response

    def _without_view(self, request, version: Version, digest: str, kept, anonymous: bool):
        """The 304, or the kept answer served again, if the request can have one; counted against the client's rate
        as the view would count it (regionapi/core/throttling.py). None: the view must answer."""
        etag = make_etag(version, digest)
        modified = last_modified(version)
        matched = not_modified(request, etag, modified)
        fresh = kept is not None and kept[0] == version.token
        if matched is None and not fresh:
            return None
        try:
            refused = refusal(request, view_of(request))
        except APIException:  # credentials that do not authenticate: the view answers (401)
            return None
        if refused is not None:
            return refused
        if matched is not None:
            return self._label(HttpResponseNotModified(), matched, modified, anonymous)
        response = self._served_again(kept)
        return self._label(response, make_etag(version, digest, response.record_version), modified, anonymous)

    @staticmethod
    def _last_known(shared: SharedCache, digest: str) -> tuple[Version | None, tuple | None]:
        """The last version published and the kept answer of this variant, in one round trip; (None, None) if the
        cache does not answer either."""
        try:
            raw_version, raw_answer = shared.get_many(LAST_KNOWN_KEY, RESPONSE_KEY + digest)
            return published_version(raw_version), pickle.loads(raw_answer) if raw_answer is not None else None
        except Exception:
            return None, None

    @staticmethod
    def _read_shared(shared: SharedCache, digest: str) -> tuple[Version, tuple | None]:
        """The published version and the kept answer of this variant, in one round trip."""
        try:
            raw_version, raw_answer = shared.get_many(PUBLISHED_KEY, RESPONSE_KEY + digest)
        except Exception:  # a cache that is down never fails a request: the database answers
            logger.warning("shared cache unreachable; data version read from the database", exc_info=True)
            return database_version(), None
        version = published_version(raw_version)
        if version is None:
            version = database_version()
            publish(version, shared)
            return version, None
        try:
            return version, pickle.loads(raw_answer) if raw_answer is not None else None
        except Exception:
            return version, None

    @staticmethod
    def _kept(shared: SharedCache, digest: str) -> tuple | None:
        """The kept answer of this variant, if any (whatever its version: the caller compares)."""
        try:
            raw = shared.get_many(RESPONSE_KEY + digest)[0]
            return pickle.loads(raw) if raw is not None else None
        except Exception:  # a cache that is down, or an unreadable entry, is a miss
            return None

    @staticmethod
    def _labelled(request, response) -> bool:
        """Successful, and not a browsable-API page (per-request CSRF token and user); a region page is labelled."""
        html = response.get("Content-Type", "").startswith("text/html")
        return 200 <= response.status_code < 300 and (not html or is_page(request.path))

    @staticmethod
    def _label(response, etag: str, modified: int | None, anonymous: bool):
        response["ETag"] = etag
        if modified is not None:
            response["Last-Modified"] = http_date(modified)
        response["Cache-Control"] = (
            f"public, max-age={settings.API_CACHE_MAX_AGE}" if anonymous else "private, no-cache"
        )
        patch_vary_headers(response, VARY)
        return response

    @staticmethod
    def _served_again(kept: tuple) -> HttpResponse:
        _token, status, headers, body, record_version = kept
        response = HttpResponse(body, status=status)
        for name, value in headers:
            response[name] = value
        response.record_version = record_version
        return response

    @staticmethod
    def _keep(shared: SharedCache, digest: str, version: Version, response) -> None:
        """Keep the answer for the next anonymous read of this variant at this version; a streamed one (a CSV list)
        is kept once it has been sent whole, if it stays under API_RESPONSE_CACHE_MAX_BYTES."""
        headers = [(name, value) for name, value in response.items() if name.lower() not in KEPT_HEADERS_EXCLUDED]
        limit = settings.API_RESPONSE_CACHE_MAX_BYTES

        def store(body: bytes) -> None:
            try:
                record_version = getattr(response, "record_version", None)
                value = pickle.dumps((version.token, response.status_code, headers, body, record_version))
                shared.set(RESPONSE_KEY + digest, value, RESPONSE_TTL)
            except Exception:  # a cache that is down only costs the next reader a fresh answer
                pass

        if not response.streaming:
            if getattr(response, "is_rendered", True) and len(response.content) <= limit:
                store(response.content)
            return
        response.streaming_content = _teed(response.streaming_content, store, limit)


def _teed(chunks, store, limit: int):
    """The chunks of a streamed answer, passed on as they come, and stored whole at the end if small enough."""
    kept, size = [], 0
    for chunk in chunks:
        if kept is not None:
            size += len(chunk)
            if size > limit:
                kept = None
            else:
                kept.append(chunk)
        yield chunk
    if kept is not None:
        store(b"".join(kept))
