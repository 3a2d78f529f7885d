"""Template tags of the region pages: figures as the page shows them, and the links to their JSON records.

A page links a few hundred times to the API; each link is a `reverse()` (about 40 µs) and each figure an included
template (about 100 µs), which together were a third of a page's time. The links are kept per URL name and key
(`_path`, bounded), and a figure is one tag that formats its HTML directly (`figure_link`)."""

from decimal import Decimal
from functools import lru_cache
from urllib.parse import urlencode

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.formats import get_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language, get_language_info, gettext, gettext_lazy

from regionapi.core.translation import shown_language

register = template.Library()

# What a source's trust level means, as the package that grades its sources says (kz-regional-economy's README: "A:
# original BNS file", "B: third-party processed copy of a named BNS table"); another grade is explained by the
# source's own record (its description), which the page links to.
TRUST_LEVELS = {
    "A": gettext_lazy("the publisher's original file is kept, a byte copy"),
    "B": gettext_lazy(
        "a third party's processed copy of a named table of the publisher, transcribed value by value and checked "
        "(regional sums, a second reading)"
    ),
}


@register.filter
def figure(value) -> str:
    """A reported figure with the decimal places it was stored with (never rounded), thousands grouped by a narrow
    no-break space and the language's decimal separator: 8 456 226,9 in kk and ru, 8 456 226.9 in en."""
    if value is None:
        return ""
    number = Decimal(value).normalize()
    places = max(0, -number.as_tuple().exponent)
    text = f"{number:,.{places}f}"
    return text.replace(",", "\u202f").replace(".", get_format("DECIMAL_SEPARATOR")).replace("-", "\u2212")


@lru_cache(maxsize=8192)
def _path(urlconf, prefix: str, name: str, key: str) -> str:
    """reverse() of a URL name and key, kept: the same under the same URLconf and script prefix, which the key names."""
    return reverse(name, urlconf=urlconf, args=[key] if key else [])


@receiver(setting_changed)
def _forget_paths(*, setting, **kwargs):
    """Another URLconf (a test's override_settings) names other paths, as Django's own URL caches are cleared then."""
    if setting == "ROOT_URLCONF":
        _path.cache_clear()


@register.simple_tag
def api_url(name: str, key: str = "", **query) -> str:
    """The path of an API endpoint by its URL name (`indicators-api:observation-detail`), with its record's key and
    its query: every figure on a page links to its JSON."""
    path = _path(get_urlconf(), get_script_prefix(), name, str(key) if key else "")
    query = {name: value for name, value in query.items() if value not in (None, "")}
    return f"{path}?{urlencode(query)}" if query else path


@register.simple_tag
def figure_link(observation, with_period: bool = False, vintage: str = "") -> str:
    """A figure as a page shows it: its value (after its qualifier, unless exact) linking to its JSON record (as
    known on the page's `vintage`, when it has one), its period after it when asked; a dash where the region has no
    figure."""
    if observation is None:
        return format_html('<span class="none" title="{}">—</span>', gettext("No figure"))
    qualifier = observation.qualifier
    text = f"{observation.get_qualifier_display()} " if qualifier and qualifier != "exact" else ""
    html = format_html(
        '<a class="figure" href="{}">{}{}</a>',
        api_url("indicators-api:observation-detail", observation.code, vintage=vintage),
        text,
        figure(observation.value),
    )
    if with_period:
        html += format_html(' <span class="period">{}</span>', observation.period_label)
    return html


@register.filter
def get_item(mapping: dict, key):
    """mapping[key], or None: a page looks a figure's rank up by the figure's id."""
    return mapping.get(key)


@register.simple_tag
def revision_note(observation) -> str:
    """The note "revised: was 8 449 346,4 (preliminary, released 2024-04-27)": the release the shown value revised
    (the publisher's latest before it), where there is one; nothing for a figure never revised."""
    earlier = observation.revised_release
    if earlier is None:
        return ""
    details = {"value": figure(earlier.value), "status": str(earlier.get_status_display()).lower()}
    if earlier.released_on:
        text = gettext("revised: was %(value)s (%(status)s, released %(date)s)") % {
            **details,
            "date": earlier.released_on.isoformat(),
        }
    else:
        text = gettext("revised: was %(value)s (%(status)s)") % details
    return format_html('<span class="revised">{}</span>', text)


@register.simple_tag
def released(observation) -> str:
    """The note "released 2026-08-24": the day the shown value was released where it is known; nothing where not."""
    if not observation.released_on:
        return ""
    return format_html(
        '<span class="released">{}</span>',
        gettext("released %(date)s") % {"date": observation.released_on.isoformat()},
    )


@register.simple_tag
def trust_level(source) -> str:
    """The mark "trust B", explained in its title, where the package that brought the source grades it."""
    level = source.trust_level
    if not level:
        return ""
    meaning = TRUST_LEVELS.get(level) or gettext("as the package that brought the figures grades them")
    return format_html(
        '<span class="trust" title="{}">{}</span>',
        gettext("Trust %(level)s: %(meaning)s") % {"level": level, "meaning": meaning},
        gettext("trust %(level)s") % {"level": level},
    )


@register.simple_tag
def source_link(observation) -> str:
    """The source of the shown value: its publisher linking to the source's record, its trust level where graded,
    and the day the value was released where known (one tag, not an included template: see the module docstring)."""
    source = observation.source
    return format_html(
        '<a href="{}">{}</a>{}{}',
        api_url("indicators-api:source-detail", source.slug),
        source.publisher,
        format_html(" {}", trust_level(source)) if source.trust_level else "",
        format_html(" {}", released(observation)) if observation.released_on else "",
    )


@register.simple_tag
def trust_legend(levels) -> str:
    """What each trust level on the page means, one item per grade in use."""
    items = [(level, TRUST_LEVELS.get(level) or gettext("see the source's record")) for level in levels]
    return format_html_join("", "<li><strong>{}</strong>: {}</li>", items)


@register.simple_tag
def translated_name(instance) -> str:
    """A record's name in the page's language; where it has none there, the name the fallback gives, marked with its
    own language (`lang`, and the language named after it), so that it is never taken for a translation."""
    language = shown_language(instance, "name")
    if not language or language == get_language():
        return format_html("{}", instance.name)
    other = get_language_info(language)["name_translated"]
    return format_html(
        '<span lang="{}">{}</span> <span class="fallback" title="{}">({})</span>',
        language,
        instance.name,
        gettext("No name in this language: the name shown is in %(language)s.") % {"language": other},
        other,
    )
