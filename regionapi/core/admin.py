"""The admin's generic machinery, which every app's admin builds on: all languages side by side, change history with
revert, edits that save only what the editor changed (and refuse one that would overwrite another's change unseen),
the delete rule, import/export under the API's permissions, Cyrillic-safe search; and DRF's token admin, which shows a
token's key once."""

from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.contrib.admin.utils import flatten_fieldsets, quote, unquote
from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import router, transaction
from django.forms.models import model_to_dict
from django.http import HttpResponseRedirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _
from import_export.admin import ImportExportMixin
from modeltranslation.admin import TranslationAdmin
from rest_framework.authtoken import admin as authtoken_admin
from rest_framework.authtoken.models import Token, TokenProxy
from simple_history.admin import SimpleHistoryAdmin

from regionapi.core import deletion
from regionapi.core.diffs import changed_columns, stored_values
from regionapi.core.search import search_filter

PROVENANCE = ("Provenance", {"fields": ("source", "quote")})
TIMESTAMPS = ("Record", {"fields": ("created_at", "updated_at"), "classes": ("collapse",)})


TRANSLITERATED_HELP = (
    "Names and descriptions are edited in Kazakh, Russian and English side by side above. List here the translations "
    'that are transliterations because no established spelling exists, e.g. ["name_en"].'
)

INFERRED_HELP = (
    'List the fields whose value is the editors\' reading of the source rather than its words, e.g. ["status", '
    '"sector"]. A value that cannot be defended from the source is left empty instead.'
)


class SaveChangesOnlyMixin:
    """An edit saves only the fields the editor changed, onto the record as it is now (read again under a lock),
    so an edit never reverts what another editor or an API client saved meanwhile, and the history lists only
    real changes. An edit that changes nothing writes nothing.

    What the editor changed is judged against the values the form showed (Django's hidden initial inputs), not
    against the database at save time, where another writer's change would look like the editor's. A revert
    from the history page sends a whole earlier version: every field it holds counts, and only those that
    differ from the record as it is are written.
    """

    @staticmethod
    def _reverting(request) -> bool:
        match = getattr(request, "resolver_match", None)
        return bool(match and match.url_name and match.url_name.endswith("_simple_history"))

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is not None and not self._reverting(request):
            form = type(form.__name__, (StaleEditGuard, form), {})  # fields made anew: marked below
            for field in form.base_fields.values():
                field.show_hidden_initial = True
        return form

    def get_formsets_with_inlines(self, request, obj=None):
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            if obj is not None and not self._reverting(request):
                for field in formset.form.base_fields.values():
                    field.show_hidden_initial = True
            yield formset, inline

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """A revert is a change: it needs the change permission, as a PUT of the API does. django-simple-history lets
        a user who may only view the history post its form (saving nothing, but logging a change)."""
        if request.method == "POST" and not self.has_change_permission(request, self.get_object(request, object_id)):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def save_model(self, request, obj, form, change):
        if not change:
            return super().save_model(request, obj, form, change)
        sent = form.fields if self._reverting(request) else form.changed_data
        save_changes(obj, sent, user=request.user)
        # The form shows the record as saved: fields it did not change keep the other writers' values.
        obj.refresh_from_db()

    def save_formset(self, request, form, formset, change):
        """Inline rows like the record itself: a changed row saves only its changed fields."""
        formset.save(commit=False)
        for row, changed_data in formset.changed_objects:
            save_changes(row, changed_data, user=request.user)
        for row in formset.new_objects:
            row.save()
        for row in formset.deleted_objects:
            deletion.delete_or_refuse(row)
        formset.save_m2m()


class StaleEditGuard:
    """Refuses an edit of a field that someone else changed after the form was opened (its value now differs from
    the one the form showed), naming who changed the record and when: saving would overwrite their change unseen.
    Fields that only the others changed are kept (SaveChangesOnlyMixin), so edits of different fields both hold.
    The row is read under the lock the save then keeps."""

    def clean(self):
        cleaned_data = super().clean()
        model = type(self.instance)
        current = model._base_manager.select_for_update().get(pk=self.instance.pk)
        overwritten = [name for name in self.changed_data if _changed_since_shown(self, name, current)]
        if overwritten:
            latest = current.history.select_related("history_user").first() if hasattr(current, "history") else None
            who = getattr(getattr(latest, "history_user", None), "username", None) or getattr(latest, "channel", "?")
            when = latest.history_date if latest is not None else current.updated_at
            labels = ", ".join(str(self.fields[name].label or name) for name in overwritten)
            raise ValidationError(
                _(
                    "%(who)s changed %(fields)s at %(when)s, after you opened this form; saving would overwrite "
                    "that change unseen. Open the record again to see it, then make your edit."
                ),
                params={"who": who, "fields": labels, "when": timezone.localtime(when).strftime("%Y-%m-%d %H:%M:%S")},
                code="stale",
            )
        return cleaned_data


def _changed_since_shown(form, name: str, current) -> bool:
    """Whether the record's stored `name` differs from the value the form showed (its hidden initial input)."""
    field = form.fields[name]
    if getattr(field, "disabled", False) or name not in {f.name for f in current._meta.get_fields()}:
        return False
    hidden, initial_name = field.hidden_widget(), form.add_initial_prefix(name)
    if hidden.value_omitted_from_data(form.data, form.files, initial_name):
        return False  # posted by a script, not the form: what it showed is unknown
    shown = form._widget_data_value(hidden, initial_name)
    try:
        shown = field.to_python(shown)
    except ValidationError:
        return False
    stored = model_to_dict(current, fields=[name]).get(name)
    return field.has_changed(shown, field.prepare_value(stored))


class ProtectedDeleteMixin:
    """Deletes follow the delete rule (regionapi.core.deletion), as in the API and the importers: a record others
    still refer to, also through a many-to-many link, is not deleted and never unlinked.

    The confirmation page of a delete and of "delete selected" lists the records that still refer to it the way
    Django lists protected objects ("would require deleting the following protected related objects"), with the
    rule's message, and offers no confirm button. A delete that gets past the page (a link added meanwhile) is
    refused by the model: the message is shown and nothing changes, its log entries included.
    """

    def get_deleted_objects(self, objs, request):
        deleted_objects, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        listed = set(protected)  # Django lists what a PROTECT key refers to already
        for refusal in deletion.refusals(objs):
            self.message_user(request, str(refusal), messages.ERROR)
            for obj in refusal.protected_objects:
                entry = self._protected_entry(obj)
                if entry not in listed:
                    listed.add(entry)
                    protected.append(entry)
        return deleted_objects, model_count, perms_needed, protected

    def _protected_entry(self, obj) -> str:
        """A referring record as Django's delete page lists a protected one: "Geological deposit: <link>"."""
        name = capfirst(obj._meta.verbose_name)
        if self.admin_site.is_registered(type(obj)):
            try:
                return format_html('{}: <a href="{}">{}</a>', name, self._change_url(obj._meta, obj.pk), obj)
            except NoReverseMatch:
                pass
        return f"{name}: {obj}"

    def _change_url(self, opts, pk) -> str:
        return reverse(f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_change", args=(quote(pk),))

    def delete_model(self, request, obj):
        deletion.delete_or_refuse(obj)

    def delete_queryset(self, request, queryset):
        deletion.delete_or_refuse(queryset)

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except deletion.DeleteRefused as refusal:  # the admin's transaction is undone: the record and its log stay
            self.message_user(request, str(refusal), messages.ERROR)
            return HttpResponseRedirect(self._change_url(self.opts, unquote(object_id)))

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except deletion.DeleteRefused as refusal:  # an inline row others refer to: the whole edit is undone
            self.message_user(request, str(refusal), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            _action, name, description = actions["delete_selected"]
            actions["delete_selected"] = (delete_selected_or_refuse, name, description)
        return actions


def delete_selected_or_refuse(modeladmin, request, queryset):
    """Django's "delete selected" action, undone whole (its log entries too) when the delete rule refuses it."""
    try:
        with transaction.atomic(using=router.db_for_write(modeladmin.model)):
            return delete_selected(modeladmin, request, queryset)
    except deletion.DeleteRefused as refusal:
        modeladmin.message_user(request, str(refusal), messages.ERROR)
        return None  # back to the list


def save_changes(obj, names, *, user) -> list[str]:
    """Copy the fields `names` of an edited, unsaved `obj` onto its row as it is now (locked), and save the
    columns that really change. Returns them."""
    model = type(obj)
    current = model._base_manager.select_for_update().get(pk=obj.pk)
    original = stored_values(current)
    columns = {field.name: field.attname for field in model._meta.concrete_fields}
    for name in names:
        if name in columns:
            setattr(current, columns[name], getattr(obj, columns[name]))
    changed = changed_columns(current, original)
    if changed:
        current._history_user = user
        current.save(update_fields=changed)
    return changed


def model_permissions(opts, *actions: str) -> list[str]:
    """The permission names ("<app label>.add_<model name>") of `actions` on a model, as the API checks them."""
    return [f"{opts.app_label}.{get_permission_codename(action, opts)}" for action in actions]


class PermittedImportExportMixin(ImportExportMixin):
    """django-import-export's Import and Export under the model permissions the API checks (an unconfigured
    import-export lets any staff user import): an import creates and changes records, as a POST and a PATCH would,
    so it needs the add and the change permission; an export reads them, so it needs the view (or change)
    permission. The buttons, the pages and their confirm steps all ask these two methods."""

    def has_import_permission(self, request) -> bool:
        return request.user.has_perms(model_permissions(self.opts, "add", "change"))

    def has_export_permission(self, request) -> bool:
        return self.has_view_or_change_permission(request)


class RegionapiAdmin(ProtectedDeleteMixin, SaveChangesOnlyMixin, SimpleHistoryAdmin, TranslationAdmin):
    """Base admin: all languages side by side, change history with revert, Cyrillic-safe search, timestamps
    read-only."""

    readonly_fields = ("created_at", "updated_at")
    # Search goes through the folded `search_text` copy so "сарыарқа" finds "Сарыарқа" on SQLite too.
    search_fields = ("search_text",)
    list_per_page = 50

    def get_fieldsets(self, request, obj=None):
        """Declared fieldsets plus, for named records, which translations are transliterations."""
        fieldsets = list(super().get_fieldsets(request, obj))
        has_marks = any(field.name == "transliterated" for field in self.model._meta.fields)
        if has_marks and "transliterated" not in flatten_fieldsets(fieldsets):
            fieldsets.append(
                (
                    "Translations",
                    {"fields": ("transliterated",), "description": TRANSLITERATED_HELP, "classes": ("collapse",)},
                )
            )
        has_readings = any(field.name == "inferred" for field in self.model._meta.fields)
        if has_readings and "inferred" not in flatten_fieldsets(fieldsets):
            fieldsets.append(("Editors' readings", {"fields": ("inferred",), "description": INFERRED_HELP}))
        return fieldsets

    def get_search_results(self, request, queryset, search_term):
        if not search_term:
            return queryset, False
        return queryset.filter(search_filter(queryset.model, search_term, "search_text")), False


class SourcedAdmin(RegionapiAdmin):
    """Admin of a fact record: source and quote shown beside the figures."""

    autocomplete_fields = ("source",)

    @admin.display(description="Quote")
    def quote_excerpt(self, obj):
        return Truncator(obj.quote).chars(90)


# ---------------------------------------------------------------- API tokens


def token_shown(key: str) -> str:
    """A token's key as the admin may show it after creation: its first characters only (the key is the secret)."""
    return f"{key[:4]}…"


class TokenAdmin(authtoken_admin.TokenAdmin):
    """DRF's token admin, except that the key is shown once, in the message right after it is created, and
    afterwards (the list, "Recent actions", the history of changes) only by its first characters. A token's
    primary key is its key, so the log entries name the token by its user instead (the admin's own URLs for tokens
    are by user, too)."""

    list_display = ("key_start", "user", "created")

    @admin.display(description="Key")
    def key_start(self, obj):
        return token_shown(obj.key)

    def response_add(self, request, obj, post_url_continue=None):
        """The one time the whole key is shown: its str() is only its start (below)."""
        self.message_user(
            request,
            format_html("The key of {}'s new token is {}: copy it now, it is not shown again.", obj.user, obj.key),
            messages.SUCCESS,
        )
        return super().response_add(request, obj, post_url_continue)

    def _mask(self, entries, tokens):
        from django.contrib.admin.models import LogEntry

        for entry, token in zip(entries, tokens, strict=True):
            LogEntry.objects.filter(pk=entry.pk).update(object_repr=_token_title(token), object_id=str(token.user_id))

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        self._mask([entry], [obj])
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        self._mask([entry], [obj])
        return entry

    def log_deletions(self, request, queryset):
        tokens = list(queryset)
        entries = super().log_deletions(request, tokens)
        entries = entries if isinstance(entries, list) else [entries]
        self._mask(entries, tokens)
        return entries


def _token_title(token) -> str:
    return f"{token_shown(token.key)} ({token.user})"


# A token's str() is its whole key (DRF's Token and the TokenProxy of its admin), which the admin prints wherever it
# names a record: the title, breadcrumbs and messages of a token's pages, and the list of what deleting its user
# deletes. Named by its start everywhere; nothing but authentication reads the key.
Token.__str__ = _token_title

admin.site.unregister(TokenProxy)
admin.site.register(TokenProxy, TokenAdmin)
