"""Fields served in Kazakh, Russian and English."""

from modeltranslation.translator import TranslationOptions, register

from investments import models


@register(models.IndustrialZone)
class IndustrialZoneTranslation(TranslationOptions):
    fields = ("name", "description")


@register(models.InvestmentProgramme)
class InvestmentProgrammeTranslation(TranslationOptions):
    fields = ("name", "description")


@register(models.InvestmentProject)
class InvestmentProjectTranslation(TranslationOptions):
    fields = ("name", "description")


@register(models.ProjectMilestone)
class ProjectMilestoneTranslation(TranslationOptions):
    fields = ("name",)


@register(models.Mineral)
class MineralTranslation(TranslationOptions):
    fields = ("name",)


@register(models.GeologicalDeposit)
class GeologicalDepositTranslation(TranslationOptions):
    fields = ("name", "description")


@register(models.ResourceEstimate)
class ResourceEstimateTranslation(TranslationOptions):
    fields = ("name",)
