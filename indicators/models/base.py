"""Abstract building blocks shared by every regionapi model."""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import CharField, F, Q, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from indicators.text import search_terms, search_text_for


def translated_columns(model) -> dict[str, list[str]]:
    """{field: its column per language} of a model's translated fields, e.g. {"name": ["name_kk", "name_ru", "name_en"]}."""
    from modeltranslation.translator import NotRegistered, translator

    try:
        fields = translator.get_options_for_model(model).all_fields
    except NotRegistered:
        return {}
    return {field: [f"{field}_{code}" for code, _name in settings.LANGUAGES] for field in fields}


def translated_expression(model, path: str):
    """The value at `path` (e.g. "region__name") in the active language, falling back as records do
    (MODELTRANSLATION_FALLBACK_LANGUAGES); the plain column when the field is not translated."""
    *relations, name = path.split("__")
    for relation in relations:
        model = model._meta.get_field(relation).related_model
    language = translation.get_language() or settings.LANGUAGE_CODE
    columns = {field.name for field in model._meta.fields}
    order = [language, *settings.MODELTRANSLATION_FALLBACK_LANGUAGES]
    translated = [f"{path}_{code}" for code in dict.fromkeys(order) if f"{name}_{code}" in columns]
    if len(translated) < 2:
        return F(path)
    text = CharField()
    return Coalesce(*(NullIf(F(column), Value(""), output_field=text) for column in translated), output_field=text)


def search_filter(value: str, *paths: str) -> Q:
    """Rows whose `search_text` (at any of `paths`, e.g. "indicator__search_text") holds every word of
    `value`, as typed (folded) or by its Latin sound key, so any script and spelling finds the same rows."""
    condition = Q()
    for word in value.split():
        condition &= Q(
            *(Q(**{f"{path}__contains": term}) for path in paths for term in search_terms(word)), _connector=Q.OR
        )
    return condition


class PublicKeyQuerySet(models.QuerySet):
    """QuerySet of records addressed by a stable public key (slug or code)."""

    def get_by_natural_key(self, *values):
        """The record whose natural key is `values` (used by fixtures and loaddata)."""
        return self.get(**dict(zip(self.model.natural_key_fields, values, strict=True)))


class TimeStampedModel(models.Model):
    """A record that knows when it was created and last changed.

    Timestamps default to "now" rather than using auto_now, so raw fixture loads (which bypass
    save()) still fill them; save() keeps `updated_at` current.
    """

    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    # Lookups that identify a record across databases: its natural key, in fixture order.
    natural_key_fields: tuple[str, ...] = ("slug",)

    objects = PublicKeyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.updated_at = timezone.now()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "updated_at"}
        super().save(*args, **kwargs)

    def natural_key(self):
        values = []
        for lookup in self.natural_key_fields:
            value = self
            for part in lookup.split("__"):
                value = getattr(value, part)
            values.append(value)
        return tuple(values)


class SearchableModel(TimeStampedModel):
    """A named record found by `?search=`: keeps a folded copy of its names in every language.

    Its names exist in Kazakh, Russian and English (django-modeltranslation columns `name_kk`...).
    `transliterated` marks the ones that are a transliteration because no established spelling exists.
    """

    search_fields: tuple[str, ...] = ("name",)
    search_text = models.TextField(blank=True, default="", editable=False)
    transliterated = models.JSONField(
        default=list,
        blank=True,
        help_text="Translations that are transliterations (no established spelling exists), as field_language, "
        "e.g. [\"name_en\"]. Other translations are established spellings or, for descriptions, translations.",
    )

    class Meta:
        abstract = True

    def build_search_text(self) -> str:
        """Folded names and descriptions in every language, then their Latin sound keys, one per line."""
        codes = [code for code, _ in settings.LANGUAGES]
        return search_text_for(
            self.__dict__.get(attname)
            for name in self.search_fields
            for attname in (name, *(f"{name}_{code}" for code in codes))
        )

    def clean_fields(self, exclude=None):
        super().clean_fields(exclude)
        if exclude and "transliterated" in exclude:
            return
        value = self.transliterated
        allowed = [column for columns in translated_columns(type(self)).values() for column in columns]
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise ValidationError({"transliterated": _("Give a list of field names such as name_en.")})
        unknown = sorted(set(value) - set(allowed))
        if unknown:
            raise ValidationError(
                {"transliterated": _("Not a translated field: %(names)s. Allowed: %(allowed)s.")
                 % {"names": ", ".join(unknown), "allowed": ", ".join(allowed)}}
            )


def refresh_search_text(sender, instance, **kwargs):
    """pre_save receiver: recompute `search_text` for every searchable record."""
    if isinstance(instance, SearchableModel):
        instance.search_text = instance.build_search_text()


class GeoPointModel(models.Model):
    """A record that may have its own point on the map (WGS 84); unknown is empty, never a guess."""

    latitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True, help_text="WGS 84 latitude, degrees.")
    longitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True, help_text="WGS 84 longitude, degrees.")

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True, longitude__isnull=True)
                | models.Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180),
                name="%(app_label)s_%(class)s_point_valid",
            ),
        ]


class SourcedModel(models.Model):
    """A fact record: it names the source it comes from and may quote the sentence verbatim."""

    source = models.ForeignKey(
        "indicators.Source",
        on_delete=models.PROTECT,
        related_name="%(app_label)s_%(class)s_set",
        help_text="The publication this record comes from.",
    )
    quote = models.TextField(
        blank=True,
        help_text="The sentence(s) of the source this record comes from, verbatim in the source's language.",
    )

    class Meta:
        abstract = True
