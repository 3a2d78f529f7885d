"""Serializers of the indicators app. They never query: every relation they show is fetched by the view's queryset."""
import copy

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models as db_models
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import iri_to_uri
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from rest_framework import serializers

from indicators import models
from indicators.models.base import changed_columns, stored_values, translated_columns
from regionapi.api.language import TranslationsField

API = "indicators-api"


class RecordURLField(serializers.HyperlinkedIdentityField):
    """A record's canonical API URL: never carries the current request's query (`?format=csv`, `?lang=`)."""

    def get_url(self, obj, view_name, request, format):
        path = reverse(view_name, kwargs={self.lookup_url_kwarg: getattr(obj, self.lookup_field)})
        return request.build_absolute_uri(path) if request is not None else path


def api_url(basename: str, lookup_field: str, namespace: str = API) -> RecordURLField:
    """The record's own API URL, addressed by its public key."""
    return RecordURLField(view_name=f"{namespace}:{basename}-detail", lookup_field=lookup_field)


class KeyRelatedField(serializers.SlugRelatedField):
    """A relation written as the related record's public key (slug or code) and read as its brief object, so a
    client shows a name without a second request and writes back what it read."""

    def __init__(self, brief_serializer, **kwargs):
        self.brief_serializer = brief_serializer
        model = brief_serializer.Meta.model
        kwargs.setdefault("queryset", model._default_manager.all())
        super().__init__(slug_field=model.natural_key_fields[0], **kwargs)

    def to_representation(self, obj):
        return self.brief_serializer(obj, context=self.context).data

    def to_internal_value(self, data):
        if isinstance(data, dict):  # the brief object as it was read: its key is what counts
            data = data.get(self.slug_field)
            if not isinstance(data, str):
                self.fail("invalid")
        return super().to_internal_value(data)


def key_field(brief_serializer, **kwargs) -> KeyRelatedField:
    """A writable relation by public key; optional relations are nullable and not required."""
    if kwargs.get("allow_null"):
        kwargs.setdefault("required", False)
    if kwargs.get("many"):
        kwargs.setdefault("required", False)
    return KeyRelatedField(brief_serializer, **kwargs)


# ---------------------------------------------------------------- one shape for "unknown"


class BlankAsNullMixin:
    """An optional text stored as '' when unknown: served as null (never ""), and null written as ''."""

    def to_representation(self, value):
        return None if value == "" else super().to_representation(value)

    def validate_empty_values(self, data):
        if data is None:
            return True, ""
        return super().validate_empty_values(data)


class OptionalCharField(BlankAsNullMixin, serializers.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_blank", True)
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)


_BLANK_AS_NULL_CLASSES: dict[type, type] = {}


def blank_as_null(field_class: type) -> type:
    """`field_class` serving '' as null (OptionalCharField's behaviour for any text or choice field class)."""
    if field_class not in _BLANK_AS_NULL_CLASSES:
        _BLANK_AS_NULL_CLASSES[field_class] = type(f"Optional{field_class.__name__}", (BlankAsNullMixin, field_class), {})
    return _BLANK_AS_NULL_CLASSES[field_class]


class ChoiceLabelField(serializers.CharField):
    """A choice's label in the language of the response; null when the value is unknown."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, allow_null=True, **kwargs)

    def to_representation(self, value):
        return str(value) if value not in (None, "") else None


# ---------------------------------------------------------------- brief forms, embedded in other resources


class SourceBriefSerializer(serializers.ModelSerializer):
    url = api_url("source", "slug")

    class Meta:
        model = models.Source
        fields = ("slug", "title", "publisher", "published_on", "language", "url")


class UnitBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = models.Unit
        fields = ("code", "symbol", "name")


class RegionBriefSerializer(serializers.ModelSerializer):
    url = api_url("region", "code")

    class Meta:
        model = models.Region
        fields = ("code", "name", "url")


class LocalityBriefSerializer(serializers.ModelSerializer):
    url = api_url("locality", "slug")

    class Meta:
        model = models.Locality
        fields = ("slug", "name", "url")


class SectorBriefSerializer(serializers.ModelSerializer):
    url = api_url("sector", "code")

    class Meta:
        model = models.Sector
        fields = ("code", "name", "url")


class EnterpriseBriefSerializer(serializers.ModelSerializer):
    url = api_url("enterprise", "slug")

    class Meta:
        model = models.Enterprise
        fields = ("slug", "name", "url")


class EnterpriseRoleBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = models.EnterpriseRole
        fields = ("code", "name")


class ProductBriefSerializer(serializers.ModelSerializer):
    url = api_url("product", "slug")

    class Meta:
        model = models.Product
        fields = ("slug", "name", "url")


class IndicatorBriefSerializer(serializers.ModelSerializer):
    url = api_url("indicator", "code")
    unit = UnitBriefSerializer(read_only=True)

    class Meta:
        model = models.Indicator
        fields = ("code", "name", "unit", "url")


# ---------------------------------------------------------------- full forms


class RecordSerializer(serializers.ModelSerializer):
    """Base of every writable resource: runs the model's own validation (field rules, clean(), constraints), so the
    API enforces exactly what the admin and the importers enforce, and names the offending field.

    A record with translated fields also has `translations` (every language, served on request, writable) and,
    if named, `transliterated` (which of those are transliterations).
    """

    translations = TranslationsField()

    def get_field_names(self, declared_fields, info):
        names = list(super().get_field_names(declared_fields, info))
        model = self.Meta.model
        if translated_columns(model):
            if "transliterated" in {field.name for field in model._meta.fields} and "transliterated" not in names:
                names.append("transliterated")
            names.append("translations")
        if "inferred" in {field.name for field in model._meta.fields} and "inferred" not in names:
            names.append("inferred")
        return names

    def build_standard_field(self, field_name, model_field):
        """Model fields as API fields, in one shape: an optional text or choice stored as '' is null when
        unknown, and a decimal is a string with the model field's fixed scale, which its description states."""
        field_class, field_kwargs = super().build_standard_field(field_name, model_field)
        if isinstance(model_field, (db_models.CharField, db_models.TextField)) and model_field.blank and not model_field.null:
            field_class = blank_as_null(field_class)
            field_kwargs["allow_null"] = True
        if isinstance(model_field, db_models.DecimalField):
            about = str(field_kwargs.get("help_text") or model_field.verbose_name.capitalize()).rstrip(".")
            field_kwargs["help_text"] = f"{about}. A decimal string with {model_field.decimal_places} decimal places."
        return field_class, field_kwargs

    def get_fields(self):
        """Each choice field is followed by `<field>_label`: its label in the language of the request (null when
        the value is unknown). A `<figure>_qualifier` is null when its figure is."""
        fields = {}
        declared = super().get_fields()
        for name, field in declared.items():
            fields[name] = field
            if name.endswith("_qualifier") and name.removesuffix("_qualifier") in declared:
                field.allow_null = True
            is_model_field = (field.source or name) in {model_field.name for model_field in self.Meta.model._meta.fields}
            if is_model_field and isinstance(field, serializers.ChoiceField) and not isinstance(field, serializers.MultipleChoiceField):
                model_field = self.Meta.model._meta.get_field(field.source or name)
                fields[f"{name}_label"] = ChoiceLabelField(
                    source=f"get_{model_field.name}_display",
                    help_text=f"The {model_field.verbose_name} in words, in the language of the response; null when unknown.",
                )
        return fields

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not self.context.get("translations"):
            data.pop("translations", None)
        for name in data:
            figure = name.removesuffix("_qualifier")
            if figure != name and figure in data and data[figure] is None:  # no figure, nothing to qualify
                data[name] = None
                if f"{name}_label" in data:
                    data[f"{name}_label"] = None
        return data

    def validate(self, attrs):
        attrs = super().validate(attrs)
        model = self.Meta.model
        fields = {field.name for field in model._meta.fields}
        for name, value in list(attrs.items()):
            if name.endswith("_qualifier") and value is None:  # served as null beside a missing figure
                attrs[name] = model._meta.get_field(name).get_default()
            elif value is None and f"{name}_qualifier" in fields and f"{name}_qualifier" not in attrs:
                # A figure that becomes unknown takes its qualifier with it ("more than" nothing means nothing).
                attrs[f"{name}_qualifier"] = model._meta.get_field(f"{name}_qualifier").get_default()
        many_to_many = {field.name for field in model._meta.many_to_many}
        instance = copy.copy(self.instance) if self.instance is not None else model()
        for name, value in attrs.items():
            if name not in many_to_many:
                setattr(instance, name, value)
        _full_clean(instance, exclude=many_to_many)
        return attrs

    def update(self, instance, validated_data):
        """Write only what the request sends, to the record as it is now.

        The row is read again under a lock, the sent values are set on it, and only the columns whose value
        really changes are saved (`update_fields`): two writers changing different fields of one record both
        keep their change, and the history lists only real changes. The model's rules run again on the
        combined record, since another writer may have changed it since this request validated.
        """
        model = type(instance)
        many_to_many = {field.name for field in model._meta.many_to_many}
        relations = {name: validated_data.pop(name) for name in list(validated_data) if name in many_to_many}
        with transaction.atomic():
            current = model._base_manager.select_for_update().get(pk=instance.pk)
            original = stored_values(current)
            language = translation.get_language()
            for name, value in validated_data.items():
                if name in translated_columns(model) and _is_fallback(current, name, language, value):
                    continue  # the text read in place of a missing translation, sent back: not a translation
                setattr(current, name, value)
            changed = changed_columns(current, original)
            if changed:
                _full_clean(current, exclude=many_to_many)
                current.save(update_fields=changed)
            for name, values in relations.items():
                manager = getattr(current, name)
                if set(manager.values_list("pk", flat=True)) != {value.pk for value in values}:
                    manager.set(values)
        return current


def _is_fallback(instance, name: str, language: str, value) -> bool:
    """Whether `value` is what a read of `name` shows in `language` because that language's text is missing."""
    return not getattr(instance, f"{name}_{language}") and (value or "") == (getattr(instance, name) or "")


def _full_clean(instance, *, exclude) -> None:
    """The model's own validation, as a 400 naming each offending field."""
    try:
        instance.full_clean(exclude=sorted(exclude), validate_unique=False)
    except DjangoValidationError as exc:
        raise serializers.ValidationError(
            {("non_field_errors" if name == "__all__" else name): messages for name, messages in exc.message_dict.items()}
        ) from exc



class FactSerializer(RecordSerializer):
    """Base of every fact record: its source (brief) and the verbatim quote."""

    source = key_field(SourceBriefSerializer)
    quote = OptionalCharField(help_text="The sentence(s) of the source, verbatim, in its language; null when none is quoted.")


class BlankAsNullURLField(BlankAsNullMixin, serializers.URLField):
    """A URL stored as '' when unknown, served as null (an empty string is not a URI)."""

    def to_representation(self, value):
        # An IRI with Cyrillic letters is percent-encoded so that it is a valid URI.
        return iri_to_uri(value) if value else None

    def to_internal_value(self, data):
        return super().to_internal_value(data) if data else ""


class SourceSerializer(RecordSerializer):
    url = api_url("source", "slug")
    web_url = BlankAsNullURLField(
        source="url", required=False, allow_null=True, help_text="Where the publication can be read; null when unknown."
    )

    class Meta:
        model = models.Source
        fields = (
            "slug", "url", "title", "kind", "publisher", "web_url", "published_on", "language", "reference", "licence",
            "description", "created_at", "updated_at",
        )


class UnitSerializer(RecordSerializer):
    url = api_url("unit", "code")

    class Meta:
        model = models.Unit
        fields = ("code", "url", "symbol", "name")


class RegionSerializer(RecordSerializer):
    url = api_url("region", "code")
    formed_from = key_field(RegionBriefSerializer, allow_null=True)
    source = key_field(SourceBriefSerializer)

    class Meta:
        model = models.Region
        fields = (
            "code", "url", "name", "kind", "kato_code", "established_year", "abolished_year", "formed_from", "notes", "source",
            "created_at", "updated_at",
        )


class LocalitySerializer(FactSerializer):
    url = api_url("locality", "slug")
    region = key_field(RegionBriefSerializer)
    coordinates_source = key_field(SourceBriefSerializer, allow_null=True)

    class Meta:
        model = models.Locality
        fields = (
            "slug", "url", "name", "kind", "region", "latitude", "longitude", "coordinates_source", "source", "quote",
            "created_at", "updated_at",
        )


class SectorSerializer(RecordSerializer):
    url = api_url("sector", "code")
    parent = key_field(SectorBriefSerializer, allow_null=True)
    source = key_field(SourceBriefSerializer)

    class Meta:
        model = models.Sector
        fields = ("code", "url", "name", "level", "parent", "source", "created_at", "updated_at")


class EnterpriseRoleSerializer(RecordSerializer):
    url = api_url("enterprise-role", "code")

    class Meta:
        model = models.EnterpriseRole
        fields = ("code", "url", "name", "description")


class EnterpriseSerializer(FactSerializer):
    url = api_url("enterprise", "slug")
    roles = key_field(EnterpriseRoleBriefSerializer, many=True)
    sector = key_field(SectorBriefSerializer, allow_null=True)
    region = key_field(RegionBriefSerializer, allow_null=True)
    locality = key_field(LocalityBriefSerializer, allow_null=True)

    class Meta:
        model = models.Enterprise
        fields = (
            "slug", "url", "name", "description", "roles", "country", "size_class", "sector", "region", "locality",
            "source", "quote", "created_at", "updated_at",
        )


class ProductSerializer(RecordSerializer):
    url = api_url("product", "slug")
    sector = key_field(SectorBriefSerializer, allow_null=True)

    class Meta:
        model = models.Product
        fields = ("slug", "url", "name", "sector", "created_at", "updated_at")


class IndicatorSerializer(RecordSerializer):
    url = api_url("indicator", "code")
    unit = key_field(UnitBriefSerializer)
    source = key_field(SourceBriefSerializer)

    class Meta:
        model = models.Indicator
        fields = ("code", "url", "name", "description", "unit", "headline", "source", "created_at", "updated_at")


class ObservationSerializer(FactSerializer):
    url = api_url("observation", "code")
    indicator = key_field(IndicatorBriefSerializer)
    region = key_field(RegionBriefSerializer)
    enterprise = key_field(EnterpriseBriefSerializer, allow_null=True)
    product = key_field(ProductBriefSerializer, allow_null=True)
    period = OptionalCharField(
        source="period_label", read_only=True,
        help_text="The period in words: 2024, 2025-01/2025-07, as of 2025-09-05, from 2025-01-01; null when the source gives none.",
    )
    value = serializers.DecimalField(
        max_digits=24, decimal_places=4,
        help_text="The figure in the indicator's unit (`unit`), a decimal string with 4 decimal places.",
    )
    unit = UnitBriefSerializer(source="indicator.unit", read_only=True, help_text="The unit of `value`: the indicator's.")
    period_kind = serializers.ChoiceField(
        choices=models.PeriodKind.choices, read_only=True, allow_null=True,
        help_text="The span of the period: a calendar year, a quarter, a month, a cumulative part of a year from January "
        "(year-to-date, e.g. January-September), a point in time (a stock on 1 January), open, or other; null without a period.",
    )
    period_kind_label = ChoiceLabelField(source="get_period_kind_display", help_text="The span of the period in words.")
    includes_territory_of = serializers.ListField(
        child=serializers.CharField(), read_only=True,
        help_text="Codes of regions split off this figure's region later whose territory the figure still covers (e.g. "
        "KZ-62 Ulytau in Karaganda's figures before 2022, unless the source reports Ulytau on its own for that period): "
        "such figures are not comparable with later ones.",
    )

    class Meta:
        model = models.Observation
        fields = (
            "code", "url", "indicator", "region", "enterprise", "product", "size_class", "period_start", "period_end",
            "period", "period_kind", "period_kind_label", "value", "unit", "includes_territory_of", "qualifier", "status", "comparison_base", "note", "source", "quote", "created_at",
            "updated_at",
        )


# ---------------------------------------------------------------- analytics: series and profiles


class SeriesQuerySerializer(serializers.Serializer):
    """Query parameters of a series; an unknown key or bad value is a 400 naming the parameter."""

    region = serializers.SlugRelatedField(slug_field="code", queryset=models.Region.objects.all(), help_text="Region code, e.g. KZ-35 (required).")
    enterprise = serializers.SlugRelatedField(
        slug_field="slug", queryset=models.Enterprise.objects.all(), required=False, help_text="Breakdown by enterprise (slug); omit for totals."
    )
    product = serializers.SlugRelatedField(
        slug_field="slug", queryset=models.Product.objects.all(), required=False, help_text="Breakdown by product (slug); omit for totals."
    )
    size_class = serializers.ChoiceField(
        choices=models.SizeClass.choices, required=False, allow_blank=True, default="", help_text="Breakdown by size class; omit for totals."
    )
    status = serializers.MultipleChoiceField(
        choices=models.ObservationStatus.choices, required=False, help_text="Only these statuses (repeatable); default all."
    )
    period_after = serializers.DateField(required=False, help_text="Only points whose period starts on or after this date.")
    period_before = serializers.DateField(required=False, help_text="Only points whose period starts on or before this date.")
    mrv = serializers.IntegerField(min_value=1, max_value=1000, required=False, help_text="Only the N most recent values.")


class ChangeSerializer(serializers.Serializer):
    base = serializers.CharField(source="base.code", help_text="Code of the earlier observation compared with.")
    base_period = OptionalCharField(source="base.period_label", read_only=True)
    absolute = serializers.DecimalField(
        max_digits=26, decimal_places=4,
        help_text="Difference, in the indicator's unit (percentage points for a percent): a decimal string with 4 decimal places.",
    )
    percent = serializers.DecimalField(
        max_digits=26, decimal_places=2, allow_null=True,
        help_text="Relative change, percent: a decimal string with 2 decimal places; null when the base is 0.",
    )
    approximate = serializers.BooleanField(help_text="True when either figure is stated as 'more than', 'less than' or 'about'.")


class SeriesPointSerializer(serializers.Serializer):
    observation = ObservationSerializer()
    change = ChangeSerializer(allow_null=True)
    change_note = OptionalCharField(read_only=True, help_text="Why no change is given; null when one is.")
    includes_territory_of = serializers.ListField(
        child=serializers.CharField(),
        help_text="Codes of regions split off this one later whose territory this figure still covers (e.g. KZ-62 "
        "Ulytau in Karaganda's figures before 2022, unless the source reports Ulytau on its own for that period). "
        "Changes are never computed between figures that cover different territory.",
    )


class TerritoryChangeSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    code = serializers.CharField(help_text="The region formed from part of this one.")
    name = serializers.CharField()


class SeriesSerializer(serializers.Serializer):
    indicator = IndicatorBriefSerializer()
    region = RegionBriefSerializer()
    enterprise = EnterpriseBriefSerializer(allow_null=True)
    product = ProductBriefSerializer(allow_null=True)
    size_class = OptionalCharField(read_only=True, help_text="Breakdown by size class; null for totals.")
    territory_changes = TerritoryChangeSerializer(many=True, help_text="Changes of the region's territory: changes are never computed across them.")
    points = SeriesPointSerializer(many=True)


class GroupCountSerializer(serializers.Serializer):
    """Records in this database in one group (a kind, a status), as summaries count them."""

    key = OptionalCharField(read_only=True, help_text="The group's key (a choice); null: not recorded.")
    label = OptionalCharField(read_only=True, help_text="The group's name in the language of the response.")
    records = serializers.IntegerField(help_text="Records in this database in the group (not an official count).")


# Serializers of the sections that apps building on this one add to every region profile (see
# indicators.selectors.profile_section_register), registered in their AppConfig.ready().
PROFILE_SECTION_SERIALIZERS: dict[str, type[serializers.Serializer]] = {}


def profile_section_serializer_register(name: str, serializer_class: type[serializers.Serializer]) -> None:
    PROFILE_SECTION_SERIALIZERS[name] = serializer_class


class ProfileRecordsField(serializers.Field):
    """The profile's `records`: one object per registered section, each shaped by its own serializer."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, sections):
        return {name: PROFILE_SECTION_SERIALIZERS[name](value, context=self.context).data for name, value in sections.items()}


class ProfileRecordsFieldExtension(OpenApiSerializerFieldExtension):
    """The schema of `records`: its sections, each a component of its own."""

    target_class = ProfileRecordsField

    def map_serializer_field(self, auto_schema, direction):
        names = sorted(PROFILE_SECTION_SERIALIZERS)
        return {
            "type": "object",
            "properties": {name: auto_schema.resolve_serializer(PROFILE_SECTION_SERIALIZERS[name], direction).ref for name in names},
            "required": names,
        }


class RegionProfileSerializer(serializers.Serializer):
    region = RegionBriefSerializer()
    territory_changes = TerritoryChangeSerializer(many=True)
    headline = ObservationSerializer(
        many=True,
        help_text="Reported figures first: the latest value of each headline indicator as its source states it (the total "
        "and each size class), e.g. the region's 941 enterprises or its 52 colleges.",
    )
    records = ProfileRecordsField(
        source="sections",
        help_text="Records held in this database about the region, by kind: zones, projects, programmes, deposits, "
        "institutions. These count and total what the sources name one by one; they are not official statistics "
        "(a region's reported totals are in `headline`). Money in tenge; each section lists the sources its records cite.",
    )
