"""Template filters of the region pages: figures as the page shows them, and the links to their JSON records."""

from decimal import Decimal
from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.formats import get_format

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


@register.simple_tag
def api_url(name: str, key: str = "", **query) -> str:
    """The path of an API endpoint by its URL name (`indicators-api:observation-detail`), with its record's key and
    its query: every figure on a page links to its JSON."""
    path = reverse(name, args=[key] if key else [])
    query = {name: value for name, value in query.items() if value not in (None, "")}
    return f"{path}?{urlencode(query)}" if query else path


@register.filter
def get_item(mapping: dict, key):
    """mapping[key], or None: a page looks a figure's rank up by the figure's id."""
    return mapping.get(key)
