"""Charts as a format: `?format=svg` (or `Accept: image/svg+xml`) draws an analytic answer as a static SVG image.

A response serializer that can be drawn defines `chart(data)`, returning one of the chart descriptions below (a line
chart, a sorted bar chart, a rank strip) built from its own serialized answer: no query, as every serializer. This
module lays the chart out (scales, ticks, positions) and renders it with a Django template under
`templates/charts/`, so every text is escaped and the markup is plain to review.

Why not a charting library: pygal writes `<script>` tags that point at a CDN unless told otherwise, and neither it
nor matplotlib gives direct control over what this API needs in every image: `role="img"` with `<title>` and `<desc>`
for screen readers, the unit and the source line, a marked border change that breaks the line, a highlighted bar,
and each point linking to its JSON record. The layout below is small arithmetic, tested in tests/test_charts.py.

The image carries no script and no external reference (fonts, styles): it displays as it is, offline.
"""

import math
import textwrap
from dataclasses import dataclass, field
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils.formats import get_format
from rest_framework.renderers import BaseRenderer, JSONRenderer

SVG_MEDIA_TYPE = "image/svg+xml"

WIDTH = 760
PLOT_LEFT = 92
PLOT_RIGHT = 24
TOP = 64  # below the title and subtitle
LINE_PLOT_HEIGHT = 260
BAR_HEIGHT = 18
BAR_GAP = 6
BAR_LABEL_WIDTH = 230


@dataclass(frozen=True)
class LinePoint:
    """A point of a line: where it lies on the x axis (a fractional year), its value, its label and its record."""

    x: float
    value: float
    label: str
    href: str = ""


@dataclass(frozen=True)
class Marker:
    """A vertical line at `x` with a label: a border change."""

    x: float
    label: str


@dataclass
class LineChart:
    """A time series: one line per stretch of comparable figures (a border change breaks it), with its markers."""

    title: str
    subtitle: str  # the unit, and anything else the reader needs to read the axis
    source: str  # the source line under the chart
    segments: list[list[LinePoint]]
    markers: list[Marker] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    description: str = ""  # <desc>: what the chart shows, in a sentence
    language: str = ""


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # None: no figure (listed at the end, without a bar)
    text: str  # the value as shown
    href: str = ""
    highlighted: bool = False


@dataclass
class BarChart:
    """Values compared, one horizontal bar each, sorted from the highest; one bar may be highlighted."""

    title: str
    subtitle: str
    source: str
    bars: list[Bar]
    notes: list[str] = field(default_factory=list)
    description: str = ""
    language: str = ""


@dataclass(frozen=True)
class RankRow:
    label: str
    rank: int
    of: int
    text: str  # "3 / 20"
    href: str = ""


@dataclass
class RankChart:
    """Where one region stands on each indicator: a strip from first to last with a dot at its rank."""

    title: str
    subtitle: str
    source: str
    rows: list[RankRow]
    notes: list[str] = field(default_factory=list)
    description: str = ""
    language: str = ""


# ---------------------------------------------------------------- scales


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """About `count` round tick values covering low..high (1, 2 or 5 times a power of ten apart)."""
    if not math.isfinite(low) or not math.isfinite(high):
        return [0.0]
    if high == low:
        high, low = (high + 1, low - 1) if high == 0 else (high + abs(high) * 0.1, low - abs(low) * 0.1)
    raw = (high - low) / max(count, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(factor * power for factor in (1, 2, 2.5, 5, 10) if factor * power >= raw)
    first = math.floor(low / step) * step
    ticks = []
    value = first
    while value < high + step * 0.5:
        ticks.append(round(value, 10))
        value += step
    if ticks[-1] < high:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def number_text(value: float | Decimal, places: int | None = None) -> str:
    """A number as the chart shows it: thousands grouped by a narrow no-break space (as ISO 80000 and the kk and ru
    typographies do; Django's kk formats group nothing), the decimal separator of the active language, and the decimal
    places its size needs."""
    number = float(value)
    if places is None:
        places = 0 if abs(number) >= 100 or number == int(number) else (1 if abs(number) >= 10 else 2)
    text = f"{number:,.{places}f}"
    separator = get_format("DECIMAL_SEPARATOR")
    return text.replace(",", "\u202f").replace(".", separator).replace("-", "\u2212")


def axis_places(ticks: list[float]) -> int:
    """The decimal places that write every tick of an axis exactly: one format for the whole axis ("4.8 4.9 5.0",
    never "4.90" beside "5")."""
    for places in range(7):
        if all(abs(round(tick, places) - tick) < 1e-9 for tick in ticks):
            return places
    return 6


def axis_labels(ticks: list[float]) -> list[str]:
    places = axis_places(ticks)
    return [number_text(tick, places) for tick in ticks]


def wrapped(text: str, width: int = 100) -> list[str]:
    """A long line (a source line) cut at spaces into lines of at most about `width` characters."""
    return textwrap.wrap(text, width) or [""]


def shortened(text: str, width: int) -> str:
    """A label cut to `width` characters with an ellipsis (the whole text stays in the element's <title>)."""
    return text if len(text) <= width else text[: width - 1].rstrip() + "\u2026"


def _scale(value: float, low: float, high: float, start: float, end: float) -> float:
    return start + (value - low) / (high - low) * (end - start) if high != low else (start + end) / 2


# ---------------------------------------------------------------- layouts


def _line_layout(chart: LineChart) -> dict:
    points = [point for segment in chart.segments for point in segment]
    plot = {"left": PLOT_LEFT, "right": WIDTH - PLOT_RIGHT, "top": TOP, "bottom": TOP + LINE_PLOT_HEIGHT}
    layout = {"chart": chart, "width": WIDTH, "plot": plot, "empty": not points}
    if not points:
        layout.update(_foot(chart, plot["bottom"] + 28))
        return layout
    values = [point.value for point in points]
    y_ticks = nice_ticks(min(values), max(values))
    low_y, high_y = y_ticks[0], y_ticks[-1]
    xs = [point.x for point in points] + [marker.x for marker in chart.markers]
    low_x, high_x = min(xs), max(xs)
    if low_x == high_x:
        low_x, high_x = low_x - 1, high_x + 1
    padding = (high_x - low_x) * 0.02

    def x_of(x):
        return round(_scale(x, low_x - padding, high_x + padding, plot["left"], plot["right"]), 1)

    def y_of(value):
        return round(_scale(value, low_y, high_y, plot["bottom"], plot["top"]), 1)

    # A year's label stands under its middle, where a figure of the whole year is drawn (a point lies at the middle
    # of its period): at 1 January it stood half a year left of its point.
    first, last = math.ceil(low_x - 0.5), math.floor(high_x - 0.5)
    step = max(1, math.ceil((last - first + 1) / 8))
    years = range(first, last + 1, step)
    layout.update(
        {
            "y_ticks": [
                {"y": y_of(tick), "text": text} for tick, text in zip(y_ticks, axis_labels(y_ticks), strict=True)
            ],
            "x_ticks": [{"x": x_of(year + 0.5), "text": str(year)} for year in years],
            "segments": [
                {
                    "path": " ".join(f"{x_of(p.x)},{y_of(p.value)}" for p in segment),
                    "points": [{"x": x_of(p.x), "y": y_of(p.value), "label": p.label, "href": p.href} for p in segment],
                }
                for segment in chart.segments
            ],
            "markers": [{"x": x_of(marker.x), "label": marker.label} for marker in chart.markers],
            **_foot(chart, plot["bottom"] + 42),
        }
    )
    return layout


def _bar_layout(chart: BarChart) -> dict:
    drawn = [bar for bar in chart.bars if bar.value is not None]
    values = [bar.value for bar in drawn]
    ticks = nice_ticks(min([0.0, *values]), max([0.0, *values])) if values else [0.0, 1.0]
    low, high = ticks[0], ticks[-1]
    left, right = PLOT_LEFT + BAR_LABEL_WIDTH - 60, WIDTH - PLOT_RIGHT - 70

    def x_of(value):
        return round(_scale(value, low, high, left, right), 1)

    rows = []
    for index, bar in enumerate(chart.bars):
        y = TOP + 12 + index * (BAR_HEIGHT + BAR_GAP)
        start, end = (x_of(min(0.0, bar.value)), x_of(max(0.0, bar.value))) if bar.value is not None else (0, 0)
        rows.append(
            {
                "bar": bar,
                "label": shortened(bar.label, 34),
                "y": y,
                "x": start,
                "width": round(end - start, 1),
                "text_x": end + 6,
            }
        )
    bottom = TOP + 12 + len(chart.bars) * (BAR_HEIGHT + BAR_GAP)
    return {
        "chart": chart,
        "width": WIDTH,
        "rows": rows,
        "label_x": left - 8,
        "zero_x": x_of(0.0),
        "ticks": [{"x": x_of(tick), "text": text} for tick, text in zip(ticks, axis_labels(ticks), strict=True)],
        "top": TOP,
        "bottom": bottom,
        "tick_y": bottom + 16,
        **_foot(chart, bottom + 42),
    }


def _rank_layout(chart: RankChart) -> dict:
    left, right = 440, WIDTH - PLOT_RIGHT - 70
    rows = []
    for index, row in enumerate(chart.rows):
        y = TOP + 12 + index * (BAR_HEIGHT + BAR_GAP * 2)
        x = round(_scale(row.rank, 1, max(row.of, 2), left, right), 1)
        rows.append({"row": row, "y": y, "x": x, "label": shortened(row.label, 62)})
    bottom = TOP + 12 + len(chart.rows) * (BAR_HEIGHT + BAR_GAP * 2)
    return {
        "chart": chart,
        "width": WIDTH,
        "rows": rows,
        "left": left,
        "right": right,
        "label_x": left - 12,
        "top": TOP,
        "bottom": bottom,
        **_foot(chart, bottom + 28),
    }


def _foot(chart, first_y: int) -> dict:
    """The source line (wrapped) and the notes under the plot, from `first_y` down, and the height they end at."""
    lines = [line for text in [chart.source, *chart.notes] for line in wrapped(text)]
    placed = [{"y": first_y + index * 16, "text": line} for index, line in enumerate(lines)]
    source_count = len(wrapped(chart.source))
    return {
        "source_lines": placed[:source_count],
        "notes": placed[source_count:],
        "height": first_y + 16 * len(lines) + 8,
    }


LAYOUTS = {
    LineChart: ("charts/line.svg", _line_layout),
    BarChart: ("charts/bar.svg", _bar_layout),
    RankChart: ("charts/ranks.svg", _rank_layout),
}


def render_svg(chart) -> str:
    """The SVG document of a chart description."""
    template, layout = LAYOUTS[type(chart)]
    return render_to_string(template, layout(chart))


class SVGRenderer(BaseRenderer):
    """image/svg+xml for `?format=svg`: draws the chart an analytic view returned; anything else (an error) is JSON."""

    media_type = SVG_MEDIA_TYPE
    format = "svg"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if type(data) in LAYOUTS:
            return render_svg(data).encode(self.charset)
        return JSONRenderer().render(data)
