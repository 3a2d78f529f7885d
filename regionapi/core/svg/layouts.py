"""Where everything of a chart goes: its lines of text, axes, points, bars and rows, laid out for its template under
`templates/charts/`, and the SVG document rendered from them."""

import math

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from regionapi.core.svg.shapes import (
    BAR_HEIGHT,
    BREAK_GAP,
    LINE_HEIGHT,
    LINE_PLOT_HEIGHT,
    MARGIN,
    ROW_GAP,
    TEXT_SIZE,
    TITLE_LINE_HEIGHT,
    TITLE_SIZE,
    WIDTH,
    BarChart,
    LineChart,
    LinePoint,
    Marker,
    RankChart,
    axis_labels,
    fitting_ticks,
    lines_of,
    scale,
    text_width,
    value_axis,
)

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
        return round(scale(x, low_x - padding, high_x + padding, left, right), 1)

    markers, below_markers = _marker_rows(chart.markers, x_of, top - 4)
    plot_top = below_markers + TEXT_SIZE // 2 + 6
    plot = {"left": round(left, 1), "right": round(right, 1), "top": plot_top, "bottom": plot_top + LINE_PLOT_HEIGHT}
    floor = plot["bottom"] - (BREAK_GAP if broken else 0)  # where the lowest tick stands

    def y_of(value):
        return round(scale(value, low_y, high_y, floor, plot["top"]), 1)

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
    ticks = fitting_ticks(min([0.0, *values]), max([0.0, *values]), right - left) if values else [0.0, 1.0]
    low, high = ticks[0], ticks[-1]

    def x_of(value):
        return round(scale(value, low, high, left, right), 1)

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
        x = round(scale(row.rank, 1, max(row.of, 2), left, right), 1)
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
