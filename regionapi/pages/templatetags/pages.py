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
from django.utils.html import format_html
from django.utils.translation import gettext

register = template.Library()


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
def figure_link(observation, with_period: bool = False) -> str:
    """A figure as a page shows it: its value (after its qualifier, unless exact) linking to its JSON record, its
    period after it when asked; a dash where the region has no figure."""
    if observation is None:
        return format_html('<span class="none" title="{}">—</span>', gettext("No figure"))
    qualifier = observation.qualifier
    text = f"{observation.get_qualifier_display()} " if qualifier and qualifier != "exact" else ""
    html = format_html(
        '<a class="figure" href="{}">{}{}</a>',
        api_url("indicators-api:observation-detail", observation.code),
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
