"""Data packages uploaded as zip files through the admin: unpacked safely, kept between preview and import.

An upload comes from a staff member's browser, not from the project's own folders, so nothing in it is trusted:
a member with an absolute path, a `..` part or a symbolic link is refused, and so is a zip that unpacks to more
files or bytes than any real package of official statistics (a zip bomb). A package may only name files inside
itself: a resource, schema or dialect that points to a web address would make the server fetch it.

Between the preview (a dry run) and the confirmed import the unpacked package waits in a folder named by a random
token, which only the session that uploaded it knows; it is deleted after the import, when it is cancelled, or
an hour later at most.
"""

import json
import secrets
import shutil
import stat
import tempfile
import time
import zipfile
import zlib
from pathlib import Path, PurePosixPath
from urllib.parse import urlparse

MAX_FILES = 200
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_UPLOAD_BYTES = MAX_UNPACKED_BYTES
UPLOAD_LIFETIME_SECONDS = 60 * 60
DESCRIPTOR = "datapackage.json"
# Folders that archivers add beside the content (macOS Finder); never part of a package.
IGNORED_TOP_FOLDERS = {"__MACOSX"}
_CHUNK = 1024 * 1024


class UploadRefused(Exception):
    """The upload is not a package this server will unpack; the message says why, for the uploader."""


def uploads_root() -> Path:
    """Where unpacked uploads wait: a private folder under the system's temporary directory."""
    root = Path(tempfile.gettempdir()) / "regionapi-datapackage-uploads"
    root.mkdir(mode=0o700, exist_ok=True)
    return root


def upload_stage(*, upload) -> str:
    """Unpack an uploaded zip into a new folder and return its token; refuses (UploadRefused) an unsafe zip."""
    uploads_sweep()
    token = secrets.token_urlsafe(32)
    folder = uploads_root() / token
    folder.mkdir(mode=0o700)
    try:
        _unzip(upload, folder)
        package = _package_folder(folder)
        _check_local_references(package)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return token


def upload_package_path(token: str) -> Path | None:
    """The folder holding the datapackage.json of a staged upload, or None if it is gone or expired."""
    folder = _folder(token)
    if folder is None or not folder.is_dir():
        return None
    if time.time() - folder.stat().st_mtime > UPLOAD_LIFETIME_SECONDS:
        upload_discard(token)
        return None
    return _package_folder(folder)


def upload_discard(token: str) -> None:
    """Delete a staged upload (after its import, or when the uploader cancels)."""
    folder = _folder(token)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


def uploads_sweep() -> None:
    """Delete staged uploads older than their lifetime (previews that were never confirmed)."""
    deadline = time.time() - UPLOAD_LIFETIME_SECONDS
    for folder in uploads_root().iterdir():
        try:
            if folder.stat().st_mtime < deadline:
                shutil.rmtree(folder, ignore_errors=True)
        except FileNotFoundError:  # another request swept it first
            continue


def _folder(token: str) -> Path | None:
    # A token is ours only if it has the shape we make; anything else never reaches the file system.
    if not isinstance(token, str) or len(token) != 43 or not all(c.isalnum() or c in "-_" for c in token):
        return None
    return uploads_root() / token


def _unzip(upload, folder: Path) -> None:
    if upload.size > MAX_UPLOAD_BYTES:
        raise UploadRefused(f"The file is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB.")
    try:
        archive = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, OSError) as exc:
        raise UploadRefused("The file is not a zip archive.") from exc
    with archive:
        members = [member for member in archive.infolist() if PurePosixPath(member.filename).parts[:1] != ("__MACOSX",)]
        files = [member for member in members if not member.is_dir()]
        if len(files) > MAX_FILES:
            raise UploadRefused(f"The zip holds {len(files)} files; a data package may hold at most {MAX_FILES}.")
        if sum(member.file_size for member in files) > MAX_UNPACKED_BYTES:
            raise _too_large()
        targets = [(member, _target(member, folder)) for member in members]
        written = 0
        for member, target in targets:
            if member.is_dir():
                target.mkdir(parents=True, exist_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            # The sizes a zip declares can lie; Python stops a member at its declared size, and this count of what
            # really comes out does not depend on that.
            try:
                with archive.open(member) as source, target.open("xb") as sink:
                    while chunk := source.read(_CHUNK):
                        written += len(chunk)
                        if written > MAX_UNPACKED_BYTES:
                            raise _too_large()
                        sink.write(chunk)
            except FileExistsError as exc:
                raise UploadRefused(f"The zip holds {member.filename!r} twice.") from exc
            except (zipfile.BadZipFile, RuntimeError, NotImplementedError, EOFError, zlib.error) as exc:
                # RuntimeError: an encrypted member; NotImplementedError: a compression method Python lacks.
                raise UploadRefused(f"{member.filename!r} cannot be unpacked: {exc}") from exc


def _too_large() -> UploadRefused:
    return UploadRefused(f"The zip unpacks to more than {MAX_UNPACKED_BYTES // (1024 * 1024)} MB.")


def _target(member: zipfile.ZipInfo, folder: Path) -> Path:
    """Where a member is written, if it is a plain file or folder inside the package."""
    name = member.filename
    kind = stat.S_IFMT(member.external_attr >> 16)  # 0 when the zip was not made on Unix
    if kind == stat.S_IFLNK:
        raise UploadRefused(f"The zip holds a symbolic link ({name!r}); a data package holds plain files only.")
    if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
        raise UploadRefused(f"The zip holds {name!r}, which is not a plain file.")
    if "\\" in name or "\x00" in name:
        raise UploadRefused(f"The zip holds a file with an unusable name ({name!r}).")
    path = PurePosixPath(name)
    if path.is_absolute() or (path.parts and path.parts[0].endswith(":")):
        raise UploadRefused(f"The zip holds a file with an absolute path ({name!r}); every path must be relative.")
    if ".." in path.parts:
        raise UploadRefused(f"The zip holds a file outside its own folder ({name!r}).")
    target = (folder / path).resolve()
    if not target.is_relative_to(folder.resolve()):
        raise UploadRefused(f"The zip holds a file outside its own folder ({name!r}).")
    return target


def _package_folder(folder: Path) -> Path:
    """The folder holding datapackage.json: the zip's root, or its only top-level folder."""
    if (folder / DESCRIPTOR).is_file():
        return folder
    entries = [entry for entry in folder.iterdir() if entry.name not in IGNORED_TOP_FOLDERS]
    if len(entries) == 1 and entries[0].is_dir() and (entries[0] / DESCRIPTOR).is_file():
        return entries[0]
    raise UploadRefused(f"The zip holds no {DESCRIPTOR} at its root or in one top-level folder.")


def _check_local_references(package: Path) -> None:
    """Every resource, schema and dialect of the package is a file inside it, never an address to fetch."""
    try:
        descriptor = json.loads((package / DESCRIPTOR).read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError):
        return  # not JSON: the importer names the problem
    resources = descriptor.get("resources") if isinstance(descriptor, dict) else None
    for resource in resources if isinstance(resources, list) else []:
        if not isinstance(resource, dict):
            continue
        paths = resource.get("path")
        references = [*(paths if isinstance(paths, list) else [paths]), resource.get("schema"), resource.get("dialect")]
        for reference in references:
            if isinstance(reference, str) and not _is_inside(reference, package):
                raise UploadRefused(
                    f"Resource {resource.get('name') or '?'!r} refers to {reference!r}; "
                    "an uploaded package may only name files inside its zip."
                )


def _is_inside(reference: str, package: Path) -> bool:
    if urlparse(reference).scheme or reference.startswith(("/", "~")):
        return False
    return (package / reference).resolve().is_relative_to(package.resolve())
