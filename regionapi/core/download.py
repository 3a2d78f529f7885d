"""Bulk download, `GET /api/v1/download/`: every resource as one CSV file (its list's own CSV export, every row) and
the whole data as the apps' packages (the Frictionless data package), each with its size, row count and the data
version it holds, so that a new copy of the data starts from files and then follows the change feed.

**Made on demand, kept until the next change.** A file is written the first time it is asked for at a data version
and kept on disk (`API_DOWNLOAD_DIR`) under a name made of that version and of what else makes its bytes differ (the
database, `API_CACHE_RELEASE`, and for a CSV the host, scheme and language its URLs and names are written in); the
next change raises the version, so the next request writes a new file and removes the old ones. Files are streamed
to disk a chunk of rows at a time and served from there (a CSV of 100,000 projects is never held in memory), written
under a temporary name and renamed into place, so processes that write the same file at once never serve a part of
one. Disk, not the Django cache: a file can be a hundred megabytes, more than a cache entry should be; each machine
keeps its own (every machine writes the same bytes for the same data).

**What a file holds.** Every change up to its `data_version`: the version is read, from the database the rows are
read from, before the first row. A change committed while the rows are read may be in the file too; it is also in
the feed after the file's `changes` link (`since` = after that version), and applying it again changes nothing, so
a copy that loads the file and then follows that link misses nothing. Each file's answer carries the link in a
`Link: <...>; rel="changes"` header, so a client never pairs a file with another listing's cursor.

A package that has an address of its own besides the download (the data package at `/api/v1/datapackage/`) is
served by `package_response`, the same file on disk: it is written once per data version, whichever address asks.
"""

import fcntl
import hashlib
import os
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connections, router
from django.http import FileResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, permissions, serializers
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from regionapi.core.dataversion import Version, database_version
from regionapi.core.errors import ErrorSerializer
from regionapi.core.export import csv_lines
from regionapi.core.feed.cursor import after_version
from regionapi.core.formats import CSV_MEDIA_TYPE
from regionapi.core.language import LANGUAGE_PARAMETER
from regionapi.core.models import DataVersion
from regionapi.core.schema import RegionapiAutoSchema

PARAMETERS = {"format", LANGUAGE_PARAMETER}
STALE_SECONDS = 3600  # a temporary file this old was left by a process that died while writing it


@dataclass(frozen=True)
class Package:
    """A file of the whole data that the project offers beside the resources' CSVs (the data package)."""

    name: str  # its name in the URL and on disk: "datapackage.zip"
    media_type: str
    write: Callable  # write(binary file) -> its row count
    description: str


@dataclass(frozen=True)
class DownloadFile:
    """One file of the download: a resource's CSV or a package."""

    name: str
    media_type: str
    resource: str | None = None  # for a resource's CSV: its name in URLs
    viewset: type | None = None
    package: Package | None = None

    @property
    def localised(self) -> bool:
        """Whether its bytes depend on the request (a CSV holds absolute URLs and names in the request's language)."""
        return self.viewset is not None


@dataclass(frozen=True)
class Made:
    """A file on disk, and what the listing says of it."""

    file: DownloadFile
    path: Path
    size: int
    rows: int
    version: Version


def download_files(routers, packages) -> list[DownloadFile]:
    """Every file of the download: each router resource's CSV, then the packages."""
    files = [
        DownloadFile(f"{prefix}.csv", f"{CSV_MEDIA_TYPE}; charset=utf-8", resource=prefix, viewset=viewset)
        for _namespace, router_ in routers
        for prefix, viewset, _basename in router_.registry
    ]
    return files + [package_file(package) for package in packages]


def package_file(package: Package) -> DownloadFile:
    return DownloadFile(package.name, package.media_type, package=package)


def _write_csv(file: DownloadFile, request, stream) -> int:
    """The resource's list as its CSV export writes it (`?format=csv`), every row, to `stream`; returns the rows."""
    view = file.viewset(request=request, format_kwarg=None, action="list", args=(), kwargs={})
    count = 0

    def counted(records):
        nonlocal count
        for record in records:
            count += 1
            yield record

    for line in csv_lines(view.get_csv_columns(), counted(view.csv_records(view.get_queryset()))):
        stream.write(line.encode("utf-8"))
    return count


def _variant(file: DownloadFile, request, using: str) -> str:
    """What besides the data makes the file's bytes differ (see the module docstring)."""
    parts = [settings.API_CACHE_RELEASE, str(connections[using].settings_dict["NAME"]), file.name]
    if file.localised:
        parts += [request.scheme, request.get_host(), translation.get_language() or settings.LANGUAGE_CODE]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:20]


def made(file: DownloadFile, request, version: Version, using: str) -> Made:
    """The file at `version`: the one on disk, or written now."""
    folder = Path(settings.API_DOWNLOAD_DIR)
    stem = f"{Path(file.name).stem}-{_variant(file, request, using)}"
    path = folder / f"{stem}-{version.token}{Path(file.name).suffix}"
    about = path.with_name(path.name + ".rows")
    found = _on_disk(file, path, about, version)
    if found is not None:
        return found
    folder.mkdir(parents=True, exist_ok=True)
    # One maker per file at a time, across processes: a burst of requests right after a write waits for the one
    # build (seconds for the data package) instead of each running it.
    with (folder / f".{stem}.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            return _on_disk(file, path, about, version) or _write(file, request, folder, stem, path, about, version)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _on_disk(file: DownloadFile, path: Path, about: Path, version: Version) -> Made | None:
    try:
        return Made(file, path, path.stat().st_size, int(about.read_text()), version)
    except (FileNotFoundError, ValueError):
        return None


def _write(file: DownloadFile, request, folder: Path, stem: str, path: Path, about: Path, version: Version) -> Made:
    temporary = folder / f".{stem}-{uuid.uuid4().hex}.tmp"
    try:
        with temporary.open("wb") as stream:
            rows = _write_csv(file, request, stream) if file.viewset is not None else file.package.write(stream)
        size = temporary.stat().st_size
        counted = temporary.with_name(temporary.name + ".rows")
        counted.write_text(str(rows))
        os.replace(temporary, path)  # the file first: a row count on disk always has its file
        os.replace(counted, about)
    finally:
        for leftover in (temporary, temporary.with_name(temporary.name + ".rows")):
            leftover.unlink(missing_ok=True)
    _remove_old(folder, stem, keep={path.name, about.name})
    return Made(file, path, size, rows, version)


def current_version() -> tuple[Version, str]:
    """The data version, read from the database the files' rows are read from, and that database."""
    using = router.db_for_read(DataVersion)
    return database_version(using=using), using


def changes_url(request, version: Version, view_name: str = "api-changes") -> str:
    """The change feed right after `version`: where a copy made from a file at that version goes on from."""
    return request.build_absolute_uri(f"{reverse(view_name)}?since={after_version(version.number).cursor}")


def file_response(
    file: DownloadFile, request, *, filename: str | None = None, changes_view: str = "api-changes"
) -> FileResponse:
    """`file` at the current data version as an attachment, streamed from disk (written first if this version has
    none yet), with a `Link: <...>; rel="changes"` header naming the feed after that version."""
    version, using = current_version()
    done = made(file, request, version, using)
    try:
        stream = done.path.open("rb")
    except FileNotFoundError:  # removed by a process that has just written a newer version: write it again
        done = made(file, request, version, using)
        stream = done.path.open("rb")
    response = FileResponse(stream, content_type=file.media_type, as_attachment=True, filename=filename or file.name)
    response["Link"] = f'<{changes_url(request, version, changes_view)}>; rel="changes"'
    return response


def package_response(package: Package, request, *, filename: str | None = None) -> FileResponse:
    """A package of the download at an address of its own: the same file, made once per data version."""
    return file_response(package_file(package), request, filename=filename)


def _remove_old(folder: Path, stem: str, keep: set[str]) -> None:
    """Earlier versions of a file (no answer names them any more), and temporary files of writers that died."""
    now = time.time()
    for old in folder.glob(f"{stem}-*"):
        if old.name not in keep:
            old.unlink(missing_ok=True)
    for leftover in folder.glob(".*.tmp*"):
        try:
            if now - leftover.stat().st_mtime > STALE_SECONDS:
                leftover.unlink(missing_ok=True)
        except FileNotFoundError:
            pass


def _refuse_unknown_parameters(request) -> None:
    unknown = sorted(set(request.query_params) - PARAMETERS)
    if unknown:
        message = _("Unknown query parameter. Allowed: %(allowed)s.") % {"allowed": ", ".join(sorted(PARAMETERS))}
        raise exceptions.ValidationError({name: [message] for name in unknown})


class DownloadFileSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="The file's name: `<resource>.csv`, or a package (`datapackage.zip`).")
    resource = serializers.CharField(
        allow_null=True, help_text="The resource whose list the CSV is (its name in URLs); null for a package."
    )
    media_type = serializers.CharField(help_text="text/csv (UTF-8 with a byte-order mark) or application/zip.")
    url = serializers.URLField(help_text="Where to download it.")
    size = serializers.IntegerField(help_text="Bytes.")
    rows = serializers.IntegerField(help_text="Records in a CSV (one row each); figures in a data package.")
    data_version = serializers.IntegerField(help_text="The file holds every change up to this data version.")
    changes = serializers.URLField(
        help_text="The change feed after this version: apply it to the file's rows to stay current."
    )


class DownloadListSerializer(serializers.Serializer):
    data_version = serializers.IntegerField(help_text="The data version every file below holds.")
    changes = serializers.URLField(help_text="The change feed after that version.")
    results = DownloadFileSerializer(many=True)


class DownloadSchema(RegionapiAutoSchema):
    """A file's name in the path, among the files the URL configuration gives."""

    def get_override_parameters(self):
        parameters = super().get_override_parameters()
        if "name" in getattr(self.path_regex, "groupindex", {}) or "{name}" in self.path:
            names = [file.name for file in self.view.files()]
            parameters.append(OpenApiParameter("name", str, OpenApiParameter.PATH, enum=names, description="A file."))
        return parameters


class DownloadView(APIView):
    """Every resource as one CSV file, and the whole data as a Frictionless data package: each file's size, row
    count and data version. Start a copy of the data from these files, then follow each file's `changes` link (the
    change feed after its version) to keep it current. A file is made on demand the first time it is asked for after
    a change, then kept until the next change."""

    routers = ()  # given by the URL configuration: ((namespace, router), ...) of every app
    packages: tuple[Package, ...] = ()
    changes_view = "api-changes"
    permission_classes = [permissions.AllowAny]
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer]
    http_method_names = ["get", "head", "options"]
    schema = DownloadSchema()

    def files(self) -> list[DownloadFile]:
        return download_files(self.routers, self.packages)

    def changes_url(self, version: Version) -> str:
        return changes_url(self.request, version, self.changes_view)

    def current(self) -> tuple[Version, str]:
        return current_version()

    @extend_schema(
        operation_id="download_list",
        summary="Download every resource as a file",
        responses={200: DownloadListSerializer},
    )
    def get(self, request, format=None):
        _refuse_unknown_parameters(request)
        version, using = self.current()
        results = []
        for file in self.files():
            done = made(file, request, version, using)
            results.append(
                {
                    "name": file.name,
                    "resource": file.resource,
                    "media_type": file.media_type.split(";")[0],
                    "url": request.build_absolute_uri(reverse("api-download-file", args=[file.name])),
                    "size": done.size,
                    "rows": done.rows,
                    "data_version": version.number,
                    "changes": self.changes_url(version),
                }
            )
        body = {"data_version": version.number, "changes": self.changes_url(version), "results": results}
        return Response(DownloadListSerializer(body).data)


class DownloadFileView(DownloadView):
    """One file of the download (see `/api/v1/download/`), with a `Link: <...>; rel="changes"` header: the change
    feed after the data version the file holds. Made on demand after a change, then kept until the next one."""

    @extend_schema(
        operation_id="download_file",
        summary="Download a file",
        parameters=[
            OpenApiParameter(
                "Link",
                str,
                OpenApiParameter.HEADER,
                response=[200],
                description='`<URL>; rel="changes"`: the change feed after the data version this file holds.',
            )
        ],
        responses={
            (200, "text/csv"): OpenApiTypes.STR,
            (200, "application/zip"): OpenApiTypes.BINARY,
            (400, "application/json"): ErrorSerializer,
            (404, "application/json"): ErrorSerializer,
        },
    )
    def get(self, request, name, format=None):
        _refuse_unknown_parameters(request)
        file = next((file for file in self.files() if file.name == name), None)
        if file is None:
            raise exceptions.NotFound(
                _("No file %(name)s. Files: %(names)s.")
                % {"name": name, "names": ", ".join(file.name for file in self.files())}
            )
        return file_response(file, request, changes_view=self.changes_view)
