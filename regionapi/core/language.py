"""The language of each API answer: `?lang=` wins, then `Accept-Language`, then the default (a setting).

Names, descriptions and enum labels are served in that language; a text missing in it falls back in the
order of `MODELTRANSLATION_FALLBACK_LANGUAGES` (the default language first, then Kazakh, Russian, English).
Error messages follow the language too. `Content-Language` says which language was served.
"""

from django import forms
from django.conf import settings
from django.http import JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import parse_accept_lang_header
from rest_framework import exceptions, serializers

from regionapi.core.errors import error_body
from regionapi.core.filters import StrictBooleanField
from regionapi.core.translation import translated_columns

LANGUAGE_PARAMETER = "lang"
# The admin speaks English only: Django ships kk/ru admin chrome, but our verbose names, help texts and fieldset
# titles are English, so following the browser would mix two languages on one page. Data is edited in all three
# languages side by side whatever this is.
ADMIN_LANGUAGE_CODE = "en"


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def language_from_header(header: str) -> str | None:
    """The best supported language of an Accept-Language header (q-values respected), or None."""
    for code, _quality in parse_accept_lang_header(header or ""):
        if code == "*":
            break
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return None


class ApiLanguageMiddleware(LocaleMiddleware):
    """LocaleMiddleware that, for the API, takes `?lang=` first and ignores the admin's language cookie.

    An unsupported `lang` is a JSON 400 naming the parameter (in the header's language). The region pages
    (settings.PAGES_PATH_PREFIXES) follow the same rules. The admin (/admin/) is always in ADMIN_LANGUAGE_CODE;
    elsewhere Django's usual rules apply. The response carries `Content-Language`
    and `Vary: Accept-Language`.
    """

    def process_request(self, request):
        if request.path.startswith("/admin/"):
            translation.activate(ADMIN_LANGUAGE_CODE)
            request.LANGUAGE_CODE = ADMIN_LANGUAGE_CODE
            return None
        if not request.path.startswith(("/api/", *settings.PAGES_PATH_PREFIXES)):
            return super().process_request(request)
        language = language_from_header(request.headers.get("Accept-Language", "")) or settings.LANGUAGE_CODE
        # Language tags are case-insensitive (RFC 5646): lang=EN is lang=en.
        requested = [code.strip().lower() for code in request.GET.getlist(LANGUAGE_PARAMETER)]
        translation.activate(language)
        request.LANGUAGE_CODE = language
        if requested:
            codes = language_codes()
            if len(requested) > 1 or requested[0] not in codes:
                message = _("Give one of: %(codes)s.") % {"codes": ", ".join(codes)}
                return JsonResponse(
                    error_body(
                        400,
                        "invalid",
                        _("Invalid input: %(names)s.") % {"names": LANGUAGE_PARAMETER},
                        {LANGUAGE_PARAMETER: [message]},
                    ),
                    status=400,
                )
            translation.activate(requested[0])
            request.LANGUAGE_CODE = requested[0]
        return None


TRANSLATIONS_PARAMETER = "translations"


class TranslationsField(serializers.Field):
    """Every language of a record's translated fields: `{"name": {"kk": "...", "ru": "...", "en": "..."}}`.

    Served only when the request asks (`?translations=true`); a missing translation is null, where the plain
    field would show the fallback. Writable: send any languages of any translated field to set them.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text",
            "Every language of the translated fields, null where a translation is missing. Served with "
            "`translations=true`; on writes, sets the languages given.",
        )
        super().__init__(**kwargs)

    @property
    def model(self):
        return self.parent.Meta.model

    def column_names(self) -> list[str]:
        return [column for columns in translated_columns(self.model).values() for column in columns]

    def to_representation(self, instance):
        return {
            field: {code: getattr(instance, f"{field}_{code}") or None for code in language_codes()}
            for field in translated_columns(self.model)
        }

    def to_internal_value(self, data):
        fields = translated_columns(self.model)
        codes = language_codes()
        if not isinstance(data, dict):
            raise serializers.ValidationError(_('Give an object such as {"name": {"ru": "..."}}.'))
        values = {}
        for field, texts in data.items():
            if field not in fields:
                raise serializers.ValidationError(
                    _("%(field)s is not a translated field. Allowed: %(allowed)s.")
                    % {"field": field, "allowed": ", ".join(fields)}
                )
            if not isinstance(texts, dict) or not set(texts) <= set(codes):
                raise serializers.ValidationError(
                    _("%(field)s: give an object with any of the languages %(codes)s.")
                    % {"field": field, "codes": ", ".join(codes)}
                )
            for code, text in texts.items():
                if text is not None and not isinstance(text, str):
                    raise serializers.ValidationError(
                        _("%(field)s.%(code)s: give a string or null.") % {"field": field, "code": code}
                    )
                values[f"{field}_{code}"] = text or None
        return values


def translations_requested(request) -> bool:
    """Whether `?translations=` asks for every language; a value other than true/false is a 400."""
    value = request.query_params.get(TRANSLATIONS_PARAMETER) if request is not None else None
    try:
        return bool(StrictBooleanField(required=False).clean(value))
    except forms.ValidationError as exc:
        raise exceptions.ValidationError({TRANSLATIONS_PARAMETER: exc.messages}) from exc
