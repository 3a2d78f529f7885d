"""The admin page that imports an uploaded data package: upload a zip, see what the import would do, confirm.

The preview is a dry run of `datapackage_import` on the unpacked upload; nothing is written until the uploader
confirms, and the confirmed import runs on the very files the preview read (kept under a token only the
uploader's session knows, see `indicators.package_uploads`), with the restore choice the preview was made with.
"""

import time

from django import forms
from django.contrib import messages
from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from indicators.datapackage import PackageInvalid, datapackage_import
from indicators.package_uploads import (
    MAX_FILES,
    MAX_UNPACKED_BYTES,
    UPLOAD_LIFETIME_SECONDS,
    UploadRefused,
    upload_discard,
    upload_package_path,
    upload_stage,
)
from indicators.services import LoadReport
from regionapi.core.history.recording import Channel, change_channel

SESSION_KEY = "indicators_datapackage_uploads"
PREVIEW_RECORDS = 50  # records listed per outcome; the counts cover all
PREVIEW_PROBLEMS = 200

# (outcome, heading in the preview, words in the summary after the import), in the order they are shown.
OUTCOMES = (
    ("updated", "Would be updated", "updated"),
    ("kept", "Kept as an editor changed them (the package's value is not written)", "kept as an editor changed them"),
    (
        "restored",
        "Would be restored to the package's values (overwriting an editor's change)",
        "restored to the package's values",
    ),
    ("created", "Would be created", "created"),
    ("recreated", "Would be recreated (an editor had deleted them)", "recreated"),
    ("deleted-kept", "Left deleted (an editor deleted or re-keyed them)", "left deleted by an editor"),
    ("skipped", "Left as they are (they refer to records an editor deleted)", "left as they are"),
    (
        "kept-other-load",
        "Left as another load wrote them: the package describes them differently (each difference shown)",
        "left as another load wrote them",
    ),
    ("unchanged", "Unchanged", "unchanged"),
)


class DataPackageUploadForm(forms.Form):
    package = forms.FileField(
        label="Data package (.zip)",
        help_text=(
            "A zip of a Frictionless tabular data package in long format (region_iso, indicator, period_start, "
            "period_end, value, unit), its datapackage.json at the root or in one top-level folder; at most "
            f"{MAX_FILES} files and {MAX_UNPACKED_BYTES // (1024 * 1024)} MB unpacked."
        ),
    )
    restore = forms.BooleanField(
        label="Restore editors' changes",
        required=False,
        help_text="Overwrite the figures an editor changed since the last import with the package's values.",
    )

    def clean_package(self):
        package = self.cleaned_data["package"]
        if not package.name.lower().endswith(".zip"):
            raise forms.ValidationError("Upload a .zip file.")
        return package


class DataPackageImportMixin:
    """Adds "Import a data package" to an Observation admin: upload, preview (dry run), confirm."""

    change_list_template = "admin/indicators/observation/change_list.html"
    datapackage_template = "admin/indicators/observation/import_datapackage.html"

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        view = self.admin_site.admin_view(self.datapackage_import_view)
        # Before the model's own URLs, whose "<object_id>/" would take this path for a record's key.
        return [path("import-datapackage/", view, name="%s_%s_import_datapackage" % info), *super().get_urls()]

    def has_datapackage_import_permission(self, request) -> bool:
        """An import creates and changes figures and their sources: both permissions on both are needed."""
        from indicators.models import Source

        return request.user.has_perms(
            [
                f"{opts.app_label}.{get_permission_codename(action, opts)}"
                for opts in (self.opts, Source._meta)
                for action in ("add", "change")
            ]
        )

    def changelist_view(self, request, extra_context=None):
        allowed = self.has_datapackage_import_permission(request)
        return super().changelist_view(
            request, extra_context={**(extra_context or {}), "can_import_datapackage": allowed}
        )

    def datapackage_import_view(self, request):
        if not self.has_datapackage_import_permission(request):
            raise PermissionDenied
        if request.method == "POST" and "token" in request.POST:
            return self._datapackage_confirm(request)
        form = DataPackageUploadForm(request.POST or None, request.FILES or None)
        if request.method != "POST" or not form.is_valid():
            return self._datapackage_render(request, form=form)
        upload, restore = form.cleaned_data["package"], form.cleaned_data["restore"]
        try:
            token = upload_stage(upload=upload)
        except UploadRefused as exc:
            form.add_error("package", str(exc))
            return self._datapackage_render(request, form=form)
        try:
            report = datapackage_import(path=upload_package_path(token), dry_run=True, restore=restore)
        except PackageInvalid as exc:
            upload_discard(token)
            return self._datapackage_refused(request, exc, filename=upload.name)
        self._datapackage_remember(request, token, filename=upload.name, restore=restore)
        return self._datapackage_render(request, report=report, token=token, filename=upload.name, restore=restore)

    def _datapackage_confirm(self, request):
        token = request.POST["token"]
        uploads = request.session.get(SESSION_KEY, {})
        staged = uploads.pop(token, None)  # a token is used once, whatever happens next
        request.session[SESSION_KEY] = uploads
        info = self.opts.app_label, self.opts.model_name
        if staged is None:
            messages.error(request, "This upload is unknown or has expired; upload the package again.")
            return redirect("admin:%s_%s_import_datapackage" % info)
        if request.POST.get("action") != "confirm":
            upload_discard(token)
            messages.info(request, f"The import of {staged['filename']} was cancelled; nothing was written.")
            return redirect("admin:%s_%s_changelist" % info)
        package = upload_package_path(token)
        if package is None:
            messages.error(request, "This upload has expired; upload the package again.")
            return redirect("admin:%s_%s_import_datapackage" % info)
        try:
            # Recorded in the history as an import, not as an edit in the admin (the request's channel).
            with change_channel(Channel.IMPORT):
                report = datapackage_import(path=package, restore=staged["restore"])
        except PackageInvalid as exc:  # the reference data changed since the preview
            return self._datapackage_refused(request, exc, filename=staged["filename"])
        finally:
            upload_discard(token)
        messages.success(request, f"Imported {staged['filename']}: {_summary(report)}.")
        return redirect("admin:%s_%s_changelist" % info)

    def _datapackage_remember(self, request, token: str, *, filename: str, restore: bool) -> None:
        """Let this session, and no other, confirm the import of the staged upload."""
        now = time.time()
        uploads = {
            key: value
            for key, value in request.session.get(SESSION_KEY, {}).items()
            if now - value["staged_at"] < UPLOAD_LIFETIME_SECONDS
        }
        uploads[token] = {"filename": filename, "restore": restore, "staged_at": now}
        request.session[SESSION_KEY] = uploads

    def _datapackage_refused(self, request, refused: PackageInvalid, *, filename: str):
        """The problems of a refused package, and the form to upload a corrected one."""
        return self._datapackage_render(
            request, form=DataPackageUploadForm(), problems=refused.problems, filename=filename
        )

    def _datapackage_render(self, request, *, form=None, report: LoadReport | None = None, problems=None, **context):
        info = self.opts.app_label, self.opts.model_name
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Preview the data package import" if report is not None else "Import a data package",
            "form": form,
            "changelist_url": reverse("admin:%s_%s_changelist" % info),
            "sections": _sections(report) if report is not None else None,
            "problems": problems[:PREVIEW_PROBLEMS] if problems else None,
            "problems_count": len(problems or ()),
            "problems_more": max(0, len(problems or ()) - PREVIEW_PROBLEMS),
            **context,
        }
        return TemplateResponse(request, self.datapackage_template, context)


def _sections(report: LoadReport) -> list[dict]:
    """Per outcome: its count and the first records, each with its fields as they are and as the package has them."""
    sections = []
    counts = report.counts()
    for outcome, heading, _words in OUTCOMES:
        if not counts[outcome]:
            continue
        records = [record for record in report.records if record.outcome == outcome]
        listed = [] if outcome == "unchanged" else records[:PREVIEW_RECORDS]
        sections.append(
            {
                "outcome": outcome,
                "heading": heading,
                "count": counts[outcome],
                "records": [
                    {
                        "label": record.label,
                        "fields": [
                            (change.name, _shown(change.database), _shown(change.file))
                            for change in record.differences or record.updated
                        ],
                        "missing": record.missing,
                    }
                    for record in listed
                ],
                "more": len(records) - len(listed) if listed else 0,
            }
        )
    return sections


def _summary(report: LoadReport) -> str:
    counts = report.counts()
    words = {outcome: words for outcome, _heading, words in OUTCOMES}
    always = ("created", "updated", "unchanged")  # said even when none, as the import command does
    order = [*always, *(outcome for outcome in words if outcome not in always)]
    return ", ".join(f"{counts[outcome]} {words[outcome]}" for outcome in order if counts[outcome] or outcome in always)


def _shown(value) -> str:
    return "(empty)" if value is None else str(value)
