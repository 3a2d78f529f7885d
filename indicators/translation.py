"""Fields served in Kazakh, Russian and English (django-modeltranslation adds name_kk, name_ru, name_en...)."""

from modeltranslation.translator import TranslationOptions, register

from indicators import models


@register(models.Source)
class SourceTranslation(TranslationOptions):
    fields = ("title", "description")


@register(models.Unit)
class UnitTranslation(TranslationOptions):
    fields = ("name", "symbol")


@register(models.Region)
class RegionTranslation(TranslationOptions):
    fields = ("name", "notes")


@register(models.Locality)
class LocalityTranslation(TranslationOptions):
    fields = ("name",)


@register(models.Sector)
class SectorTranslation(TranslationOptions):
    fields = ("name",)


@register(models.EnterpriseRole)
class EnterpriseRoleTranslation(TranslationOptions):
    fields = ("name", "description")


@register(models.Enterprise)
class EnterpriseTranslation(TranslationOptions):
    fields = ("name", "description")


@register(models.Product)
class ProductTranslation(TranslationOptions):
    fields = ("name",)


@register(models.Indicator)
class IndicatorTranslation(TranslationOptions):
    fields = ("name", "description")


@register(models.Observation)
class ObservationTranslation(TranslationOptions):
    fields = ("note",)
