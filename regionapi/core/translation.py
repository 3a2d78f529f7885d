"""Translated fields (django-modeltranslation): their columns per language, the value shown in the request's
language, and the data language that base columns mirror."""

from contextlib import contextmanager

from django.conf import settings
from django.db.models import CharField, F, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import translation


def translated_columns(model) -> dict[str, list[str]]:
    """{field: its column per language} of a model's translated fields, e.g. {"name": ["name_kk", "name_ru", "name_en"]}."""
    from modeltranslation.translator import NotRegistered, translator

    try:
        registered = translator.get_options_for_model(model).all_fields
    except NotRegistered:
        return {}
    # In the model's field order: the registry holds a set, whose order changes from one process to the next.
    fields = sorted(registered, key=[field.name for field in model._meta.fields].index)
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


@contextmanager
def data_language():
    """Within the block, the base column of a translated field (`name`, beside `name_kk`...) reads as the data's
    own language column, without fallback, whatever the language of the request. Saves run inside it, so the
    base column always mirrors `name_kk`: a write under `?lang=ru` never copies Russian text into it, and writing
    one language never fills another's empty column with a fallback."""
    from modeltranslation.utils import fallbacks

    with translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE), fallbacks(False):
        yield


def shown_language(instance, field: str) -> str:
    """The language of the text `instance.<field>` reads as in the active language: that language where the record
    has the text in it, else the first fallback that has it (MODELTRANSLATION_FALLBACK_LANGUAGES, as modeltranslation
    and `translated_expression` fall back); empty where it has the text in no language. A page marks a fallback as
    such (a Russian name on a Kazakh page) rather than pass it off as a translation."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    for code in dict.fromkeys([language, *settings.MODELTRANSLATION_FALLBACK_LANGUAGES]):
        if getattr(instance, f"{field}_{code}", None):
            return code
    return ""
