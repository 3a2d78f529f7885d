"""Base serializers and fields of every resource: relations by public key, one shape for "unknown", the model's
own validation on writes, and writes that change only what they send. They never query beyond what the view's
queryset fetched."""

import copy
from collections.abc import Mapping
from urllib.parse import quote

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.db import models as db_models
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import iri_to_uri
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.translation import gettext as _
from rest_framework import serializers

from regionapi.core.diffs import changed_columns, stored_values
from regionapi.core.digits import serializer_digit_errors
from regionapi.core.errors import Conflict
from regionapi.core.language import TranslationsField
from regionapi.core.translation import translated_columns


class RecordURLField(serializers.HyperlinkedIdentityField):
    """A record's canonical API URL: never carries the current request's query (`?format=csv`, `?lang=`).

    The URL is reversed once per response, around a marker, and each record's key is put in its place, quoted as
    `reverse()` quotes it: a list of a thousand records with four links each would otherwise resolve the URL
    patterns four thousand times."""

    marker = "regionapi-record-key"

    def get_url(self, obj, view_name, request, format):
        template = getattr(self, "_template", None)
        if template is None or template[0] is not request:
            path = reverse(view_name, kwargs={self.lookup_url_kwarg: self.marker})
            url = request.build_absolute_uri(path) if request is not None else path
            template = self._template = (request, *url.split(self.marker))
        return template[1] + quote(str(getattr(obj, self.lookup_field)), safe=RFC3986_SUBDELIMS + "/~:@") + template[2]


def api_url(basename: str, lookup_field: str, namespace: str) -> RecordURLField:
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
        # One brief serializer per field of a response, not one per related record shown; and one brief object per
        # related record: the 504 points of a series name the same indicator, region and source, each of which was
        # serialized again for every point (three quarters of the series' time). A field lives for one response.
        if getattr(self, "_brief", None) is None:
            self._brief, self._shown = self.brief_serializer(context=self.context), {}
        shown = self._shown.get(obj.pk)
        if shown is None:
            shown = self._shown[obj.pk] = self._brief.to_representation(obj)
        # A copy of its own for each row, one level deep: a brief object's nested objects (an indicator's unit) are
        # shared between the rows, which nothing changes once made (a row's own keys may be replaced, not those).
        return dict(shown)

    def get_choices(self, cutoff=None):
        """The options of the browsable API's HTML form, keyed by what a client writes: the related record's key.
        DRF keys them by to_representation(), here a brief object: a dict, which cannot key a mapping (every form
        of a resource with a relation was a 500)."""
        queryset = self.get_queryset()
        if queryset is None:
            return {}
        if cutoff is not None:
            queryset = queryset[:cutoff]
        return {getattr(item, self.slug_field): self.display_value(item) for item in queryset}

    def form_value(self, value):
        """What the HTML form shows for a value of this field: the key of a brief object as read, anything else (a
        key sent back by a form that failed validation) as it is."""
        return value.get(self.slug_field) if isinstance(value, Mapping) else value

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
        _BLANK_AS_NULL_CLASSES[field_class] = type(
            f"Optional{field_class.__name__}", (BlankAsNullMixin, field_class), {}
        )
    return _BLANK_AS_NULL_CLASSES[field_class]


class ChoiceLabelField(serializers.CharField):
    """A choice's label in the language of the response; null when the value is unknown. `source` is the value
    (a model field or property) and `choices` its labels, translated once per response rather than per row
    (a `get_<field>_display` source would cost a signature inspection and a translation for every record)."""

    def __init__(self, *, choices, **kwargs):
        self.choice_labels = dict(choices)
        super().__init__(read_only=True, allow_null=True, **kwargs)

    def to_representation(self, value):
        if value in (None, ""):
            return None
        labels = getattr(self, "_labels", None)
        if labels is None or labels[0] != translation.get_language():
            labels = self._labels = (
                translation.get_language(),
                {key: str(label) for key, label in self.choice_labels.items()},
            )
        return labels[1].get(value, str(value))


# ---------------------------------------------------------------- full forms


class RecordSerializer(serializers.ModelSerializer):
    """Base of every writable resource: runs the model's own validation (field rules, clean(), constraints), so the
    API enforces exactly what the admin and the importers enforce, and names the offending field.

    A record with translated fields also has `translations` (every language, served on request, writable) and,
    if named, `transliterated` (which of those are transliterations).
    """

    translations = TranslationsField()

    def to_internal_value(self, data):
        """A body names the resource's fields, numbers and dates in the digits 0-9. An unknown field (a typo) is a
        400, and so is a read-only field unless it carries the value the record shows (a client may send back what
        it read): either would otherwise be dropped silently, and the client would believe it had been saved."""
        if isinstance(data, Mapping):
            writable = {field.field_name for field in self._writable_fields}
            errors = {}
            for name in data:
                if name in writable:
                    continue
                if name not in self.fields:
                    errors[str(name)] = [_("Unknown field: it is not written.")]
                elif data[name] != self._shown(name):
                    errors[name] = [_("This field is read-only: send it unchanged or leave it out.")]
            errors |= serializer_digit_errors(self.fields, data)
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)

    _NOT_SHOWN = object()

    def _shown(self, name: str):
        """The value a read of the record (in this request's language and form) shows for field `name`; nothing
        for a record not created yet."""
        if self.instance is None:
            return self._NOT_SHOWN
        if getattr(self, "_read", None) is None:
            self._read = self.to_representation(self.instance)
        return self._read.get(name, self._NOT_SHOWN)

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
        if (
            isinstance(model_field, (db_models.CharField, db_models.TextField))
            and model_field.blank
            and not model_field.null
        ):
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
            is_model_field = (field.source or name) in {
                model_field.name for model_field in self.Meta.model._meta.fields
            }
            if (
                is_model_field
                and isinstance(field, serializers.ChoiceField)
                and not isinstance(field, serializers.MultipleChoiceField)
            ):
                model_field = self.Meta.model._meta.get_field(field.source or name)
                fields[f"{name}_label"] = ChoiceLabelField(
                    source=model_field.name,
                    choices=model_field.flatchoices,
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

    def save(self, **kwargs):
        """Save in a savepoint: a unique key that another request wrote in the meantime (two creates of one slug at
        once, the same figure posted twice, whose generated code collides) is a 409 naming the key, not a 500."""
        try:
            with transaction.atomic():
                return super().save(**kwargs)
        except IntegrityError:
            raise Conflict(
                _("%(model)s %(key)s already exists: another request wrote it first.")
                % {"model": self.Meta.model._meta.verbose_name, "key": self._key_text(kwargs)}
            ) from None

    def _key_text(self, extra: dict) -> str:
        """The public key of the record this write would make, as far as it can be told."""
        model = self.Meta.model
        values = {**self.validated_data, **extra}
        many_to_many = {field.name for field in model._meta.many_to_many}
        record = model(**{name: value for name, value in values.items() if name not in many_to_many})
        derive = getattr(record, "fill_derived_fields", None)  # a key the model derives on save (a figure's code)
        try:
            if derive is not None:
                derive()
            return "/".join(str(part) for part in record.natural_key())
        except Exception:  # a key through a relation not sent: name the fields instead
            return "/".join(model.natural_key_fields)

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
            relinked = False
            for name, values in relations.items():
                manager = getattr(current, name)
                if set(manager.values_list("pk", flat=True)) != {value.pk for value in values}:
                    manager.set(values)
                    relinked = True
            if relinked and not changed:  # the record's version moves with its links too (preconditions.py)
                current.updated_at = timezone.now()
                model._base_manager.filter(pk=current.pk).update(updated_at=current.updated_at)
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
            {
                ("non_field_errors" if name == "__all__" else name): messages
                for name, messages in exc.message_dict.items()
            }
        ) from exc


class BlankAsNullURLField(BlankAsNullMixin, serializers.URLField):
    """A URL stored as '' when unknown, served as null (an empty string is not a URI)."""

    def to_representation(self, value):
        # An IRI with Cyrillic letters is percent-encoded so that it is a valid URI.
        return iri_to_uri(value) if value else None

    def to_internal_value(self, data):
        return super().to_internal_value(data) if data else ""
