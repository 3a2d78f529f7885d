"""Admin for universities, colleges, their specialties and training programmes."""

from django.contrib import admin
from modeltranslation.admin import TranslationTabularInline

from education import models, resources
from regionapi.core.admin import PROVENANCE, TIMESTAMPS, PermittedImportExportMixin, SourcedAdmin


class SpecialtyInline(TranslationTabularInline):
    model = models.Specialty
    fields = ("key", "name", "opened_year", "partner_enterprises", "source", "quote")
    autocomplete_fields = ("partner_enterprises", "source")
    extra = 0


@admin.register(models.Institution)
class InstitutionAdmin(PermittedImportExportMixin, SourcedAdmin):
    resource_classes = (resources.InstitutionResource,)
    list_display = ("name", "kind", "locality", "dual_training", "source")
    list_filter = ("kind", "dual_training", "region", "locality")
    list_select_related = ("locality", "source")
    autocomplete_fields = ("region", "locality", "source")
    inlines = (SpecialtyInline,)
    fieldsets = (
        (None, {"fields": ("slug", "name", "description", "kind", "region", "locality", "dual_training")}),
        PROVENANCE,
        TIMESTAMPS,
    )


@admin.register(models.Specialty)
class SpecialtyAdmin(SourcedAdmin):
    list_display = ("name", "institution", "opened_year", "source")
    list_filter = ("opened_year",)
    list_select_related = ("institution", "source")
    autocomplete_fields = ("institution", "partner_enterprises", "source")


@admin.register(models.TrainingProgramme)
class TrainingProgrammeAdmin(PermittedImportExportMixin, SourcedAdmin):
    resource_classes = (resources.TrainingProgrammeResource,)
    list_display = ("name", "slug", "source")
