"""What a chart is: the chart descriptions a response serializer returns, the measures of its text and its scales
(the rules are in the package's docstring, regionapi/core/svg/__init__.py)."""

import math
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import get_format

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


def scale(value: float, low: float, high: float, start: float, end: float) -> float:
    return start + (value - low) / (high - low) * (end - start) if high != low else (start + end) / 2


def fitting_ticks(low: float, high: float, room: float) -> list[float]:
    """Round ticks over low..high whose labels, side by side, fit in `room` units (a horizontal value axis)."""
    for count in (5, 4, 3, 2, 1):
        ticks = nice_ticks(low, high, count)
        widest = max(text_width(text, TEXT_SIZE) for text in axis_labels(ticks))
        if len(ticks) < 2 or (room / (len(ticks) - 1)) >= widest + 10:
            return ticks
    return ticks
