"""Fields served in Kazakh, Russian and English."""

from modeltranslation.translator import TranslationOptions, register

from education import models


@register(models.Institution)
class InstitutionTranslation(TranslationOptions):
    fields = ("name", "description")


@register(models.Specialty)
class SpecialtyTranslation(TranslationOptions):
    fields = ("name",)


@register(models.TrainingProgramme)
class TrainingProgrammeTranslation(TranslationOptions):
    fields = ("name", "description")
