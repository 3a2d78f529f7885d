"""Charts as a format: `?format=svg` (or `Accept: image/svg+xml`) draws an analytic answer as a static SVG image.

A response serializer that can be drawn defines `chart(data)`, returning one of the chart descriptions below (a line
chart, a sorted bar chart, a rank strip) built from its own serialized answer: no query, as every serializer. This
module lays the chart out (scales, ticks, positions, lines of text) and renders it with a Django template under
`templates/charts/`, so every text is escaped and the markup is plain to review.

Why not a charting library: pygal writes `<script>` tags that point at a CDN unless told otherwise, and neither it
nor matplotlib gives direct control over what this API needs in every image: `role="img"` with `<title>` and `<desc>`
for screen readers, the unit and the source line, a marked border change that breaks the line, a highlighted bar,
and each point linking to its JSON record. The layout below is small arithmetic, tested in tests/test_charts.py.

The image carries no script and no external reference (fonts, styles): it displays as it is, offline.

Rules a newsroom can print by (issue 26, item 6):

- **Readable on a phone.** Every chart is WIDTH (480) units wide and no text in it is smaller than TEXT_SIZE units,
  chosen so that a chart shown at the width a region page gives it on a 390 px phone (PHONE_WIDTH: 356 px, the
  screen less the page's margins and the image's border) draws no text under 11 px: 15 × 356 / 480 = 11.1. One image
  serves every screen (a page has no script to pick another); on a desktop the same chart shows at about 550 px,
  its text at about 17 px. Rows of bars and of ranks put their label above the bar, so a long region name needs no
  wide label column.
- **Titles wrap, never clip.** The title, the subtitle, the source line, the notes, a border change's label and a
  bar's or a rank's label are cut at spaces into lines that fit the width (text_width() estimates a line's width from
  DejaVu Sans's glyph widths, the widest of the fonts the style names, so a narrower fallback fits too); the image
  grows as tall as its lines need.
- **Value axes from zero.** A level (a total, a count, an amount, a per-capita amount) is drawn on an axis that
  starts at zero, as bars always are. A rate (a percentage: unemployment, a share, a growth rate; LineChart.rate)
  starts at zero too when its lowest value is at most half its highest (so the line keeps at least half the plot's
  height), or when it has a single value; otherwise its axis starts at a round value below the lowest, labelled,
  and a zig-zag drawn across the axis between that tick and the plot's floor marks the break (never a cut axis
  without the mark): 4.2 to 4.4 % shows its change, and the break says the axis is cut.
- **One number format per axis** (axis_places) and **period labels where the points are**: a year's label stands
  under the middle of that year's points (a year's figure at mid-year, a stock on 1 January at 1 January, a
  quarter's figures around the middle of their year), and quarters carry their own short label under each point
  when there is room for it.
"""

import math
from dataclasses import dataclass, field
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils.formats import get_format
from django.utils.translation import gettext as _
from rest_framework.renderers import BaseRenderer, JSONRenderer

SVG_MEDIA_TYPE = "image/svg+xml"

WIDTH = 480  # the viewBox's width of every chart
PHONE_WIDTH = 356  # the width a region page shows a chart at on a 390 px screen (pages.css: 1rem margins, 1px border)
SMALLEST_TEXT_PX = 11  # no text smaller on that screen
TEXT_SIZE = math.ceil(SMALLEST_TEXT_PX * WIDTH / PHONE_WIDTH)  # 15: ticks, labels, the source and the notes
TITLE_SIZE = TEXT_SIZE + 3
LINE_HEIGHT = round(TEXT_SIZE * 1.35)  # from one line of text to the next
TITLE_LINE_HEIGHT = round(TITLE_SIZE * 1.3)
MARGIN = 16  # around everything
LINE_PLOT_HEIGHT = 240
BREAK_GAP = 22  # on a broken axis, between the lowest tick and the plot's floor, where the zig-zag is drawn
BAR_HEIGHT = 14
ROW_GAP = 10  # below each bar's or rank's row

# Advance widths of DejaVu Sans (em), by the characters that differ most from the common lower-case width; bold is
# about 10 % wider. An estimate on the wide side: a line measured with it fits in any of the style's fonts.
_NARROW = dict.fromkeys("il.,:;'!|jІіIЈј()[]", 0.34) | dict.fromkeys(" \u00a0\u202f", 0.33)
_NARROWISH = dict.fromkeys('frtгт-–/*«»"', 0.48)
_WIDE = dict.fromkeys("mwжшщыюфМWЖШЩЫЮФ%@", 1.0) | dict.fromkeys("ДЦ—", 0.9)
_GLYPHS = _NARROW | _NARROWISH | _WIDE


def text_width(text: str, size: float, bold: bool = False) -> float:
    """About how wide a line of text draws at `size`, in the chart's units (see _GLYPHS)."""
    em = 0.0
    for character in text:
        width = _GLYPHS.get(character)
        if width is None:
            width = 0.76 if character.isupper() else (0.66 if character.isdigit() else 0.64)
        em += width
    return em * size * (1.1 if bold else 1.0)


def lines_of(text: str, width: float, size: float = TEXT_SIZE, bold: bool = False) -> list[str]:
    """`text` cut at spaces into lines no wider than `width` (a word longer than a line is cut where it must)."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if text_width(candidate, size, bold) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = word
        while text_width(line, size, bold) > width and len(line) > 1:
            cut = len(line) - 1
            while cut > 1 and text_width(line[:cut], size, bold) > width:
                cut -= 1
            lines.append(line[:cut])
            line = line[cut:]
    if line:
        lines.append(line)
    return lines or ([""] if text else [])


@dataclass(frozen=True)
class LinePoint:
    """A point of a line: where it lies on the x axis (a fractional year), its value, its label and its record;
    `tick`, a short label drawn under the point where there is room (a quarter: "Q1")."""

    x: float
    value: float
    label: str
    href: str = ""
    tick: str = ""


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
    rate: bool = False  # a rate (a percentage), not a level: its axis may break above zero (module docstring)


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


def value_axis(values: list[float], rate: bool = False) -> tuple[list[float], bool]:
    """The ticks of a value axis and whether it is broken (starts above zero), by the module docstring's rule: from
    zero, but for a rate whose values differ and all lie above half its highest."""
    low, high = min(values), max(values)
    if rate and high > low > high / 2 > 0:
        ticks = nice_ticks(low, high)
        if ticks[0] > 0:
            return ticks, True
    return nice_ticks(min(0.0, low), max(0.0, high)), False


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


def _scale(value: float, low: float, high: float, start: float, end: float) -> float:
    return start + (value - low) / (high - low) * (end - start) if high != low else (start + end) / 2


def _fitting_ticks(low: float, high: float, room: float) -> list[float]:
    """Round ticks over low..high whose labels, side by side, fit in `room` units (a horizontal value axis)."""
    for count in (5, 4, 3, 2, 1):
        ticks = nice_ticks(low, high, count)
        widest = max(text_width(text, TEXT_SIZE) for text in axis_labels(ticks))
        if len(ticks) < 2 or (room / (len(ticks) - 1)) >= widest + 10:
            return ticks
    return ticks


# ---------------------------------------------------------------- layouts


def _placed(lines: list[str], first_y: float, pitch: float) -> list[dict]:
    """Lines of one text, each with its baseline: drawn as the <tspan>s of one <text>, each line but the last ending
    in a space, so the element's text is the whole text."""
    last = len(lines) - 1
    return [
        {"y": round(first_y + index * pitch, 1), "text": line + (" " if index < last else "")}
        for index, line in enumerate(lines)
    ]


def _head(chart) -> dict:
    """The title and the subtitle, wrapped, from the top; `head_bottom`: where the chart's body may start."""
    room = WIDTH - 2 * MARGIN
    title = _placed(lines_of(chart.title, room, TITLE_SIZE, bold=True), MARGIN + TITLE_SIZE, TITLE_LINE_HEIGHT)
    below = (title[-1]["y"] if title else MARGIN) + LINE_HEIGHT + 2
    subtitle = _placed(lines_of(chart.subtitle, room), below, LINE_HEIGHT) if chart.subtitle else []
    bottom = (subtitle or title or [{"y": MARGIN}])[-1]["y"]
    return {
        "title_lines": title,
        "subtitle_lines": subtitle,
        "head_bottom": bottom + 8,
        "text_size": TEXT_SIZE,
        "title_size": TITLE_SIZE,
        "margin": MARGIN,
    }


def _foot(chart, first_y: float) -> dict:
    """The source line and the notes under the plot (each wrapped), from `first_y` down, and the height they end
    at."""
    room = WIDTH - 2 * MARGIN
    y = first_y + TEXT_SIZE
    source = _placed(lines_of(chart.source, room), y, LINE_HEIGHT) if chart.source else []
    y += LINE_HEIGHT * len(source)
    notes = []
    for note in chart.notes:
        notes.append(_placed(lines_of(note, room), y, LINE_HEIGHT))
        y += LINE_HEIGHT * len(notes[-1])
    return {"source_lines": source, "notes": notes, "height": math.ceil(y - LINE_HEIGHT + MARGIN)}


def _x_axis(points: list[LinePoint], x_of, plot: dict) -> dict:
    """Labels of the time axis: each labelled year under the middle of its points, a quarter's short label under its
    point where the points leave room for it, and marks at the turns of the year between sub-annual points."""
    by_year: dict[int, list[float]] = {}
    for point in points:
        by_year.setdefault(math.floor(point.x), []).append(point.x)
    fractions = sorted(x - math.floor(x) for xs in by_year.values() for x in xs)
    offset = fractions[len(fractions) // 2]  # where in its year a point lies, for a year without one

    def year_x(year: int) -> float:
        xs = by_year.get(year)
        return x_of((min(xs) + max(xs)) / 2) if xs else x_of(year + offset)

    first, last = min(by_year), max(by_year)
    per_year = x_of(first + 1) - x_of(first)  # units per year
    room = text_width("0000", TEXT_SIZE) + 14
    step = next((step for step in (1, 2, 5, 10, 20, 25, 50, 100) if step * per_year >= room), 100)
    years = [year for year in range(first, last + 1) if year % step == 0] or [first]
    sub_annual = any(len(xs) > 1 for xs in by_year.values())
    ticks = sorted((x_of(point.x), point.tick) for point in points if point.tick)
    spacing = min((b[0] - a[0] for a, b in zip(ticks, ticks[1:], strict=False)), default=plot["right"])
    show_ticks = (
        sub_annual
        and len(ticks) == len(points)
        and spacing >= max(text_width(text, TEXT_SIZE) for _x, text in ticks) + 8
    )
    label_y = plot["bottom"] + TEXT_SIZE + 6
    return {
        "x_ticks": [
            {"x": year_x(year), "y": label_y + (LINE_HEIGHT if show_ticks else 0), "text": str(year)} for year in years
        ],
        "point_ticks": [{"x": x, "y": label_y, "text": text} for x, text in ticks] if show_ticks else [],
        "year_marks": [round(x_of(year), 1) for year in range(first + 1, last + 1)] if sub_annual else [],
        "axis_bottom": label_y + (LINE_HEIGHT if show_ticks else 0),
    }


def _marker_rows(markers: list[Marker], x_of, first_y: float) -> tuple[list[dict], float]:
    """Each border change: its label above the plot, ending at its dashed line where it fits (wrapped where it does
    not), and the line from under the label down; the y below the last label."""
    placed = []
    y = first_y
    for marker in sorted(markers, key=lambda marker: marker.x):
        x = x_of(marker.x)
        lines = lines_of(marker.label, WIDTH - 2 * MARGIN)
        width = max(text_width(line, TEXT_SIZE) for line in lines)
        start = min(max(x - width, MARGIN), WIDTH - MARGIN - width)  # left of the line, inside the image
        labels = _placed(lines, y + LINE_HEIGHT, LINE_HEIGHT)
        y = labels[-1]["y"]
        placed.append({"x": x, "label_x": round(start, 1), "top": round(y + 5, 1), "labels": labels})
    return placed, y


def _line_layout(chart: LineChart) -> dict:
    points = [point for segment in chart.segments for point in segment]
    layout = {"chart": chart, "width": WIDTH, **_head(chart)}
    top = layout["head_bottom"]
    if not points:
        plot = {"left": MARGIN, "right": WIDTH - MARGIN, "top": top, "bottom": top + 40}
        layout.update({"plot": plot, "empty": True, **_foot(chart, plot["bottom"])})
        return layout
    values = [point.value for point in points]
    y_ticks, broken = value_axis(values, chart.rate)
    labels = axis_labels(y_ticks)
    low_y, high_y = y_ticks[0], y_ticks[-1]
    left = MARGIN + max(text_width(label, TEXT_SIZE) for label in labels) + 8
    right = WIDTH - MARGIN - text_width("0000", TEXT_SIZE) / 2
    xs = [point.x for point in points] + [marker.x for marker in chart.markers]
    low_x, high_x = min(xs), max(xs)
    if low_x == high_x:
        low_x, high_x = low_x - 1, high_x + 1
    padding = (high_x - low_x) * 0.03

    def x_of(x):
        return round(_scale(x, low_x - padding, high_x + padding, left, right), 1)

    markers, below_markers = _marker_rows(chart.markers, x_of, top - 4)
    plot_top = below_markers + TEXT_SIZE // 2 + 6
    plot = {"left": round(left, 1), "right": round(right, 1), "top": plot_top, "bottom": plot_top + LINE_PLOT_HEIGHT}
    floor = plot["bottom"] - (BREAK_GAP if broken else 0)  # where the lowest tick stands

    def y_of(value):
        return round(_scale(value, low_y, high_y, floor, plot["top"]), 1)

    x_axis = _x_axis(points, x_of, plot)
    axis_break = None
    if broken:
        zig, mid = 5, plot["bottom"] - BREAK_GAP / 2
        axis_break = {
            "top": round(mid - 6, 1),
            "bottom": round(mid + 6, 1),
            "path": " ".join(
                f"{round(plot['left'] + dx, 1)},{round(mid + dy, 1)}"
                for dx, dy in ((0, -6), (-zig, -3), (zig, 0), (-zig, 3), (0, 6))
            ),
            "title": _("The value axis starts at %(value)s, not at zero: the zig-zag marks the break.")
            % {"value": labels[0]},
        }
    layout.update(
        {
            "plot": plot,
            "empty": False,
            "y_ticks": [{"y": y_of(tick), "text": text} for tick, text in zip(y_ticks, labels, strict=True)],
            "axis_break": axis_break,
            "label_x": round(left - 6, 1),
            "segments": [
                {
                    "path": " ".join(f"{x_of(p.x)},{y_of(p.value)}" for p in segment),
                    "points": [{"x": x_of(p.x), "y": y_of(p.value), "label": p.label, "href": p.href} for p in segment],
                }
                for segment in chart.segments
            ],
            "markers": markers,
            **x_axis,
            **_foot(chart, x_axis["axis_bottom"] + 10),
        }
    )
    return layout


def _bar_layout(chart: BarChart) -> dict:
    layout = {"chart": chart, "width": WIDTH, **_head(chart)}
    drawn = [bar for bar in chart.bars if bar.value is not None]
    values = [bar.value for bar in drawn]
    negative = max((text_width(bar.text, TEXT_SIZE) for bar in drawn if bar.value < 0), default=0)
    left = MARGIN + (negative + 6 if negative else 0)
    right = WIDTH - MARGIN - max((text_width(bar.text, TEXT_SIZE) for bar in drawn), default=0) - 6
    ticks = _fitting_ticks(min([0.0, *values]), max([0.0, *values]), right - left) if values else [0.0, 1.0]
    low, high = ticks[0], ticks[-1]

    def x_of(value):
        return round(_scale(value, low, high, left, right), 1)

    top = layout["head_bottom"] + 4
    rows = []
    y = top
    for bar in chart.bars:
        labels = _placed(lines_of(bar.label, WIDTH - 2 * MARGIN, bold=bar.highlighted), y + TEXT_SIZE, LINE_HEIGHT)
        bar_y = labels[-1]["y"] + 5
        if bar.value is not None:
            start, end = x_of(min(0.0, bar.value)), x_of(max(0.0, bar.value))
            text_x, anchor = (end + 6, "start") if bar.value >= 0 else (start - 6, "end")
        else:
            start = end = x_of(0.0)
            text_x, anchor = start + 6, "start"
        rows.append(
            {
                "bar": bar,
                "labels": labels,
                "y": bar_y,
                "x": start,
                "width": round(end - start, 1),
                "text_x": round(text_x, 1),
                "text_y": bar_y + BAR_HEIGHT - 2,
                "anchor": anchor,
            }
        )
        y = bar_y + BAR_HEIGHT + ROW_GAP
    bottom = y
    layout.update(
        {
            "rows": rows,
            "label_x": MARGIN,
            "zero_x": x_of(0.0),
            "bar_height": BAR_HEIGHT,
            "ticks": [{"x": x_of(tick), "text": text} for tick, text in zip(ticks, axis_labels(ticks), strict=True)],
            "top": top,
            "bottom": bottom,
            "tick_y": bottom + TEXT_SIZE + 4,
            **_foot(chart, bottom + TEXT_SIZE + 14),
        }
    )
    return layout


def _rank_layout(chart: RankChart) -> dict:
    layout = {"chart": chart, "width": WIDTH, **_head(chart)}
    right_text = max((text_width(row.text, TEXT_SIZE) for row in chart.rows), default=0)
    left, right = MARGIN + 8, WIDTH - MARGIN - right_text - 18
    rows = []
    y = layout["head_bottom"] + 4
    for row in chart.rows:
        labels = _placed(lines_of(row.label, WIDTH - 2 * MARGIN), y + TEXT_SIZE, LINE_HEIGHT)
        strip_y = labels[-1]["y"] + 16
        x = round(_scale(row.rank, 1, max(row.of, 2), left, right), 1)
        rows.append({"row": row, "labels": labels, "strip_y": strip_y, "text_y": strip_y + 5, "x": x})
        y = strip_y + 8 + ROW_GAP
    layout.update(
        {
            "rows": rows,
            "left": left,
            "right": right,
            "value_x": WIDTH - MARGIN,
            "label_x": MARGIN,
            "bottom": y,
            **_foot(chart, y + 4),
        }
    )
    return layout


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
