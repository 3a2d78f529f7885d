"""Abstract building blocks shared by every regionapi model."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from regionapi.core.search_index import ensure_search_indexes
from regionapi.core.text import search_text_for
from regionapi.core.translation import data_language, translated_columns


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
        """Save; with `update_fields`, only those columns (plus the derived ones), so concurrent writes of other
        fields survive. Translated base columns are written in the data's language (see `data_language`)."""
        self.fill_defaults()
        self.fill_derived_fields()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = self.columns_written_with(kwargs["update_fields"])
        with data_language():
            super().save(*args, **kwargs)

    @classmethod
    def columns_written_with(cls, fields) -> set[str]:
        """`fields` and the columns a write of them must carry along: the derived ones (`fill_derived_fields`) and
        the base column of a translated field whose data-language column is written (`data_language`). Used by
        save(update_fields=...) and by bulk updates, which skip save()."""
        fields = set(fields)
        derived = {"updated_at", *(("search_text",) if issubclass(cls, SearchableModel) else ())}
        language = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
        mirrored = {field for field in translated_columns(cls) if f"{field}_{language}" in fields}
        return fields | derived | mirrored

    def fill_derived_fields(self) -> None:
        """Fill the columns a save computes rather than takes (also called before a bulk insert, which skips
        save()): the time of the change, and whatever a subclass derives from the other fields."""
        self.updated_at = timezone.now()

    def fill_defaults(self) -> None:
        """Fill the fields a record left empty takes a value for from its other fields (an observation's kind of
        period from its dates): called by save() and by a load before it compares a file's record with the
        database's, so that a file leaving them out reads as the same record."""

    def clean_fields(self, exclude=None):
        super().clean_fields(exclude)
        self.validate_kept_translations(exclude)

    def validate_kept_translations(self, exclude=None) -> None:
        """A stored translation may be corrected, not removed while the text remains in another language: an answer
        in its language would then show the other language's text in its place (the fallback), and nothing in the
        answer would say so. Removing a text in every language at once (an optional description) is allowed; a
        translation that never existed falls back as before (docs/api.md, "Languages")."""
        if self.pk is None:
            return
        emptied = []
        for columns in translated_columns(type(self)).values():
            values = {column: self.__dict__.get(column) for column in columns}
            if any(values.values()):
                emptied += [column for column, value in values.items() if not value and column not in (exclude or ())]
        if not emptied:
            return
        stored = type(self)._base_manager.filter(pk=self.pk).values(*emptied).first() or {}
        errors = {}
        for column in emptied:
            if stored.get(column):
                errors[column] = ValidationError(
                    _(
                        "The text in %(code)s cannot be removed while another language has one: answers in "
                        "%(code)s would show another language's text instead. Correct it, or remove the text in "
                        "every language."
                    )
                    % {"code": column.rsplit("_", 1)[1]},
                    code="translation_removed",
                )
        if errors:
            raise ValidationError(errors)

    def delete(self, *args, **kwargs):
        with data_language():  # the history row of a deletion shows the base columns as stored
            return super().delete(*args, **kwargs)

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
        'e.g. ["name_en"]. Other translations are established spellings or, for descriptions, translations.',
    )

    class Meta:
        abstract = True

    def fill_derived_fields(self) -> None:
        super().fill_derived_fields()
        self.search_text = self.build_search_text()

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
                {
                    "transliterated": _("Not a translated field: %(names)s. Allowed: %(allowed)s.")
                    % {"names": ", ".join(unknown), "allowed": ", ".join(allowed)}
                }
            )


def refresh_search_text(sender, instance, raw=False, **kwargs):
    """pre_save receiver: recompute `search_text` of a searchable record saved raw (loaddata), which skips save()
    and so `fill_derived_fields`."""
    if raw and isinstance(instance, SearchableModel):
        instance.search_text = instance.build_search_text()


def repair_search_indexes(sender, app_config, using, **kwargs):
    """post_migrate receiver: a migration that rebuilt a searchable table on SQLite dropped its search index's
    triggers; put them back and refill the index (see regionapi.core.search_index)."""
    searchable = [model for model in app_config.get_models() if issubclass(model, SearchableModel)]
    if searchable:
        ensure_search_indexes(searchable, using=using)


class GeoPointModel(models.Model):
    """A record that may have its own point on the map (WGS 84); unknown is empty, never a guess."""

    latitude = models.DecimalField(
        max_digits=8, decimal_places=5, null=True, blank=True, help_text="WGS 84 latitude, degrees."
    )
    longitude = models.DecimalField(
        max_digits=8, decimal_places=5, null=True, blank=True, help_text="WGS 84 longitude, degrees."
    )

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True, longitude__isnull=True)
                | models.Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180),
                name="%(app_label)s_%(class)s_point_valid",
                violation_error_message=gettext_lazy(
                    "Give both latitude and longitude, or neither: latitude from -90 to 90, longitude from -180 to 180."
                ),
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
    inferred = models.JSONField(
        default=list,
        blank=True,
        help_text='Fields whose value is the editors\' reading of the source, not its words, e.g. ["status", '
        '"sector"]. Every other value is stated by the source; what the source does not give is empty.',
    )

    # Bookkeeping, not facts: never "inferred".
    not_inferable = frozenset(
        {"id", "created_at", "updated_at", "search_text", "source", "quote", "inferred", "transliterated"}
    )

    class Meta:
        abstract = True

    @classmethod
    def inferable_fields(cls) -> list[str]:
        """The names `inferred` may list: the record's own fields that hold facts."""
        return sorted(
            field.name
            for field in cls._meta.get_fields()
            if (field.concrete or field.many_to_many) and not field.auto_created and field.name not in cls.not_inferable
        )

    def clean_fields(self, exclude=None):
        super().clean_fields(exclude)
        if exclude and "inferred" in exclude:
            return
        value = self.inferred
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise ValidationError({"inferred": _("Give a list of field names such as status.")})
        allowed = self.inferable_fields()
        unknown = sorted(set(value) - set(allowed))
        if unknown:
            raise ValidationError(
                {
                    "inferred": _("Not a field of this record: %(names)s. Allowed: %(allowed)s.")
                    % {"names": ", ".join(unknown), "allowed": ", ".join(allowed)}
                }
            )
