"""Numbers and dates are read in the digits 0-9 only.

Python's `int()`, `Decimal()` and `strptime()` also accept the digits of other scripts (`٢٠٢٢`, fullwidth `２０２２`),
and `str.isdigit()` calls superscripts digits (`²`), so without this rule `page=²` is a 500 and `year=٢٠٢٢` passes
silently as 2022. One check serves query parameters (analytic queries, filters) and request bodies.
"""

from django import forms
from django.forms.fields import BaseTemporalField
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

MESSAGE = _("Write numbers and dates with the digits 0-9.")

# Serializer and form fields whose text input is a number, a date or a time.
NUMERIC_SERIALIZER_FIELDS = (
    serializers.IntegerField,
    serializers.DecimalField,
    serializers.FloatField,
    serializers.DateField,
    serializers.DateTimeField,
    serializers.TimeField,
    serializers.DurationField,
)
NUMERIC_FORM_FIELDS = (forms.IntegerField, BaseTemporalField, forms.DurationField)  # Decimal, Float: IntegerField


def is_ascii_number_text(value) -> bool:
    """Whether `value` (a raw input) is acceptable to a number or date field: not a text, or a text in ASCII."""
    return not isinstance(value, str) or value.isascii()


def serializer_digit_errors(fields: dict, data) -> dict:
    """{field name: [message]} for every number or date field of a serializer whose raw input in `data` (a body or
    a query dict) holds a character outside ASCII."""
    errors = {}
    if not hasattr(data, "get"):
        return errors
    for name, field in fields.items():
        if field.read_only or not isinstance(field, NUMERIC_SERIALIZER_FIELDS):
            continue
        values = data.getlist(field.field_name) if hasattr(data, "getlist") else [data.get(field.field_name)]
        if not all(is_ascii_number_text(value) for value in values):
            errors[name] = [str(MESSAGE)]
    return errors


class AsciiDigitsFormMixin:
    """A form (django-filter's filter forms) whose number, date and range fields refuse non-ASCII digits."""

    def clean(self):
        cleaned = super().clean()
        for name, field in self.fields.items():
            fields = getattr(field, "fields", None) or (field,)  # a range (MultiValueField) holds two
            if not any(isinstance(part, NUMERIC_FORM_FIELDS) for part in fields):
                continue
            raw = field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name))
            values = raw if isinstance(raw, (list, tuple)) else [raw]
            if not all(is_ascii_number_text(value) for value in values) and name not in self.errors:
                self.add_error(name, str(MESSAGE))
        return cleaned
