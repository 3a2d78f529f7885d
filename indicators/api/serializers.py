"""Serializers of the indicators app. They never query: every relation they show is fetched by the view's queryset."""
import copy

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from django.utils.encoding import iri_to_uri
from rest_framework import serializers

from indicators import models
from indicators.models.base import translated_columns
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


def key_field(brief_serializer, **kwargs) -> KeyRelatedField:
    """A writable relation by public key; optional relations are nullable and not required."""
    if kwargs.get("allow_null"):
        kwargs.setdefault("required", False)
    if kwargs.get("many"):
        kwargs.setdefault("required", False)
    return KeyRelatedField(brief_serializer, **kwargs)


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

    def get_fields(self):
        """Each choice field is followed by `<field>_label`: its label in the language of the request."""
        fields = {}
        for name, field in super().get_fields().items():
            fields[name] = field
            if isinstance(field, serializers.ChoiceField) and not isinstance(field, serializers.MultipleChoiceField):
                model_field = self.Meta.model._meta.get_field(field.source or name)
                fields[f"{name}_label"] = serializers.CharField(
                    source=f"get_{model_field.name}_display",
                    read_only=True,
                    help_text=f"The {model_field.verbose_name} in words, in the language of the response.",
                )
        return fields

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not self.context.get("translations"):
            data.pop("translations", None)
        return data

    def validate(self, attrs):
        attrs = super().validate(attrs)
        model = self.Meta.model
        many_to_many = {field.name for field in model._meta.many_to_many}
        instance = copy.copy(self.instance) if self.instance is not None else model()
        for name, value in attrs.items():
            if name not in many_to_many:
                setattr(instance, name, value)
        try:
            instance.full_clean(exclude=sorted(many_to_many), validate_unique=False)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(
                {("non_field_errors" if name == "__all__" else name): messages for name, messages in exc.message_dict.items()}
            ) from exc
        return attrs



class FactSerializer(RecordSerializer):
    """Base of every fact record: its source (brief) and the verbatim quote."""

    source = key_field(SourceBriefSerializer)
    quote = serializers.CharField(
        required=False, allow_blank=True, help_text="The sentence(s) of the source, verbatim, in its language."
    )


class BlankAsNullURLField(serializers.URLField):
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
            "slug", "url", "title", "kind", "publisher", "web_url", "published_on", "language", "reference",
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
            "code", "url", "name", "kind", "kato_code", "established_year", "formed_from", "notes", "source",
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
    period = serializers.CharField(source="period_label", read_only=True, help_text="The period in words: 2024, 2025-01/2025-07, as of 2025-09-05, from 2025-01-01, or empty.")
    value = serializers.DecimalField(
        max_digits=24, decimal_places=4,
        help_text="The figure, an exact decimal in the indicator's unit (see indicator.unit).",
    )

    class Meta:
        model = models.Observation
        fields = (
            "code", "url", "indicator", "region", "enterprise", "product", "size_class", "period_start", "period_end",
            "period", "value", "qualifier", "status", "comparison_base", "note", "source", "quote", "created_at",
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
    base_period = serializers.CharField(source="base.period_label")
    absolute = serializers.DecimalField(max_digits=26, decimal_places=4, help_text="Difference, in the indicator's unit (percentage points for a percent).")
    percent = serializers.DecimalField(max_digits=26, decimal_places=2, allow_null=True, help_text="Relative change, percent; null when the base is 0.")
    approximate = serializers.BooleanField(help_text="True when either figure is stated as 'more than', 'less than' or 'about'.")


class SeriesPointSerializer(serializers.Serializer):
    observation = ObservationSerializer()
    change = ChangeSerializer(allow_null=True)
    change_note = serializers.CharField(help_text="Why no change is given, when none is.")


class TerritoryChangeSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    code = serializers.CharField(help_text="The region formed from part of this one.")
    name = serializers.CharField()


class SeriesSerializer(serializers.Serializer):
    indicator = IndicatorBriefSerializer()
    region = RegionBriefSerializer()
    enterprise = EnterpriseBriefSerializer(allow_null=True)
    product = ProductBriefSerializer(allow_null=True)
    size_class = serializers.CharField()
    territory_changes = TerritoryChangeSerializer(many=True, help_text="Changes of the region's territory: changes are never computed across them.")
    points = SeriesPointSerializer(many=True)


class RegionProfileSerializer(serializers.Serializer):
    region = RegionBriefSerializer()
    territory_changes = TerritoryChangeSerializer(many=True)
    headline = ObservationSerializer(many=True, help_text="Latest value of each headline indicator: the total and each size class.")
    sections = serializers.DictField(
        child=serializers.DictField(),
        help_text="Counts and totals of the region's records by app: zones, projects, programmes, deposits, institutions. "
        "Money in tenge; each section lists the sources its records cite.",
    )
