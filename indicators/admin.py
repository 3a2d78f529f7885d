"""Admin for reference data, enterprises, indicators and observations (the base classes: regionapi/core/admin.py)."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.db import transaction
from django.utils.text import Truncator
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from indicators import consistency, models, resources
from indicators.admin_datapackage import DataPackageImportMixin
from indicators.figure_values import figure_value_promote
from regionapi.core.admin import (
    PROVENANCE,
    TIMESTAMPS,
    PermittedImportExportMixin,
    ProtectedDeleteMixin,
    RegionapiAdmin,
    SaveChangesOnlyMixin,
    SourcedAdmin,
)
from regionapi.core.history.recording import Channel, change_channel


class ConsistencyWarningMixin:
    """For records whose figures the consistency checks judge (indicators/consistency.py): the change form warns of each
    check the record breaks, and so does the message after a save; nothing is refused (sources can disagree)."""

    consistency_resource: str

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            obj = self.get_object(request, unquote(object_id))
            if obj is not None:
                self._warn(request, obj)
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self._warn(request, obj)

    def _warn(self, request, obj) -> None:
        key = getattr(obj, type(obj).natural_key_fields[0])
        for warning in consistency.warnings_for(self.consistency_resource, key):
            messages.warning(request, f"Consistency check: {warning}")


@admin.register(models.Source)
class SourceAdmin(PermittedImportExportMixin, RegionapiAdmin):
    resource_classes = (resources.SourceResource,)
    list_display = ("title", "kind", "publisher", "published_on", "language")
    list_filter = ("kind", "language", "publisher")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "slug",
                    "title",
                    "kind",
                    "publisher",
                    "url",
                    "published_on",
                    "language",
                    "reference",
                    "description",
                )
            },
        ),
        TIMESTAMPS,
    )
    prepopulated_fields = {"slug": ("title",)}


@admin.register(models.Unit)
class UnitAdmin(ProtectedDeleteMixin, SaveChangesOnlyMixin, SimpleHistoryAdmin, TranslationAdmin):
    list_display = ("code", "symbol", "name")
    search_fields = ("code", "symbol", "name_kk", "name_ru", "name_en")
    readonly_fields = ("created_at", "updated_at")


class LocalityInline(TranslationTabularInline):
    model = models.Locality
    fields = ("slug", "name", "kind", "source")
    autocomplete_fields = ("source",)
    extra = 0


@admin.register(models.Region)
class RegionAdmin(PermittedImportExportMixin, RegionapiAdmin):
    resource_classes = (resources.RegionResource,)
    list_display = ("code", "name", "kind", "kato_code", "established_year", "formed_from")
    list_filter = ("kind", "established_year")
    list_select_related = ("formed_from",)
    autocomplete_fields = ("formed_from", "source")
    inlines = (LocalityInline,)
    fieldsets = (
        (None, {"fields": ("code", "kato_code", "name", "kind", "established_year", "formed_from", "notes")}),
        ("Provenance", {"fields": ("source",)}),
        TIMESTAMPS,
    )


@admin.register(models.Locality)
class LocalityAdmin(PermittedImportExportMixin, SourcedAdmin):
    resource_classes = (resources.LocalityResource,)
    list_display = ("name", "slug", "kind", "region", "source")
    list_filter = ("kind", "region")
    list_select_related = ("region", "source")
    autocomplete_fields = ("region", "source")
    fieldsets = ((None, {"fields": ("slug", "name", "kind", "region")}), PROVENANCE, TIMESTAMPS)


@admin.register(models.Sector)
class SectorAdmin(PermittedImportExportMixin, RegionapiAdmin):
    resource_classes = (resources.SectorResource,)
    list_display = ("code", "name", "level", "parent")
    list_filter = ("level",)
    list_select_related = ("parent",)
    autocomplete_fields = ("parent", "source")


@admin.register(models.EnterpriseRole)
class EnterpriseRoleAdmin(ProtectedDeleteMixin, SaveChangesOnlyMixin, SimpleHistoryAdmin, TranslationAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name_kk", "name_ru", "name_en")
    readonly_fields = ("created_at", "updated_at")


@admin.register(models.Enterprise)
class EnterpriseAdmin(PermittedImportExportMixin, SourcedAdmin):
    resource_classes = (resources.EnterpriseResource,)
    list_display = ("name", "slug", "role_list", "country", "size_class", "sector", "locality", "source")
    list_filter = ("roles", "country", "size_class", "sector", "region")
    list_select_related = ("sector", "locality", "source")
    autocomplete_fields = ("roles", "sector", "region", "locality", "source")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "slug",
                    "name",
                    "description",
                    "roles",
                    "country",
                    "size_class",
                    "sector",
                    "region",
                    "locality",
                )
            },
        ),
        PROVENANCE,
        TIMESTAMPS,
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("roles")

    @admin.display(description="Roles")
    def role_list(self, obj):
        return ", ".join(str(role) for role in obj.roles.all())


@admin.register(models.Product)
class ProductAdmin(PermittedImportExportMixin, RegionapiAdmin):
    resource_classes = (resources.ProductResource,)
    list_display = ("name", "slug", "sector")
    list_select_related = ("sector",)
    autocomplete_fields = ("sector",)


class ObservationInline(admin.TabularInline):
    model = models.Observation
    fields = ("code", "region", "period_start", "period_end", "value", "qualifier", "status", "source")
    autocomplete_fields = ("region", "source")
    show_change_link = True
    extra = 0


class ObservationValueInline(admin.TabularInline):
    """A figure's other values (earlier releases, other sources'): written by imports, read here; the list of other
    values (Observation values) has the action that makes one of them the figure's value."""

    model = models.ObservationValue
    fields = ("value", "status", "released_on", "role", "source", "note")
    readonly_fields = fields
    can_delete = False
    extra = 0
    max_num = 0
    verbose_name_plural = "Other values (earlier releases, other sources)"


@admin.register(models.ObservationValue)
class ObservationValueAdmin(ProtectedDeleteMixin, SimpleHistoryAdmin):
    """Every value kept beside a figure's current one. The action makes the selected values current (an editor's
    preference for one figure: the value shown before is kept beside it); imports then keep the editor's choice."""

    list_display = ("observation", "value", "status", "released_on", "role", "source")
    list_filter = ("role", "status", "source")
    list_select_related = ("observation", "source")
    search_fields = ("observation__code", "source__slug")
    readonly_fields = ("observation", "source", "value", "status", "released_on", "role", "note")
    actions = ("make_current",)

    def has_add_permission(self, request):
        return False

    @admin.action(description="Make the figure show this value (keep the value it showed beside it)")
    def make_current(self, request, queryset):
        if not request.user.has_perm("indicators.change_observation"):
            self.message_user(request, "You may not change observations.", messages.ERROR)
            return
        with transaction.atomic(), change_channel(Channel.ADMIN):
            figures = [figure_value_promote(value) for value in queryset.select_related("source")]
        self.message_user(request, f"{len(figures)} figure(s) now show the selected value.", messages.SUCCESS)


@admin.register(models.Indicator)
class IndicatorAdmin(PermittedImportExportMixin, RegionapiAdmin):
    resource_classes = (resources.IndicatorResource,)
    list_display = ("code", "name", "unit", "source")
    list_select_related = ("unit", "source")
    autocomplete_fields = ("unit", "source")
    inlines = (ObservationInline,)


@admin.register(models.Observation)
class ObservationAdmin(
    ConsistencyWarningMixin,
    DataPackageImportMixin,
    PermittedImportExportMixin,
    ProtectedDeleteMixin,
    SaveChangesOnlyMixin,
    SimpleHistoryAdmin,
    TranslationAdmin,
):
    consistency_resource = "observations"
    resource_classes = (resources.ObservationResource,)
    list_display = (
        "code",
        "indicator",
        "region",
        "breakdown",
        "period",
        "value",
        "unit",
        "qualifier",
        "status",
        "source",
        "quote_excerpt",
    )
    list_filter = ("indicator", "status", "qualifier", "comparison_base", "region", "size_class", "source")
    list_select_related = ("indicator__unit", "region", "enterprise", "product", "source")
    search_fields = ("code", "indicator__code", "quote")
    autocomplete_fields = ("indicator", "region", "enterprise", "product", "source")
    readonly_fields = ("created_at", "updated_at")
    date_hierarchy = "period_start"
    fieldsets = (
        (None, {"fields": ("code", "indicator", "region")}),
        ("Breakdown", {"fields": ("enterprise", "product", "size_class")}),
        (
            "Figure",
            {"fields": ("period_start", "period_end", "value", "qualifier", "status", "comparison_base", "note")},
        ),
        PROVENANCE,
        ("Release", {"fields": ("released_on",)}),
        TIMESTAMPS,
    )
    inlines = (ObservationValueInline,)

    @admin.display(description="Breakdown")
    def breakdown(self, obj):
        return ", ".join(str(part) for part in (obj.enterprise, obj.product, obj.get_size_class_display()) if part)

    @admin.display(description="Period")
    def period(self, obj):
        return obj.period_label

    @admin.display(description="Unit")
    def unit(self, obj):
        return obj.indicator.unit

    @admin.display(description="Quote")
    def quote_excerpt(self, obj):
        return Truncator(obj.quote).chars(90)


@admin.register(models.ObservationAlias)
class ObservationAliasAdmin(ProtectedDeleteMixin, admin.ModelAdmin):
    """Keys figures had before, each leading to its figure (the API answers them with a 301): written when a key
    changes, never by hand, so read-only."""

    list_display = ("code", "observation", "created_at")
    list_select_related = ("observation",)
    search_fields = ("code", "observation__code")
    fields = ("code", "observation", "created_at")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
