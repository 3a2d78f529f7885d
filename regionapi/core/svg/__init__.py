"""Charts as a format: `?format=svg` (or `Accept: image/svg+xml`) draws an analytic answer as a static SVG image.

A response serializer that can be drawn defines `chart(data)`, returning one of the chart descriptions (a line
chart, a sorted bar chart, a rank strip; shapes.py) built from its own serialized answer: no query, as every
serializer. This package lays the chart out (scales, ticks, positions, lines of text; layouts.py) and renders it with
a Django template under `templates/charts/`, so every text is escaped and the markup is plain to review; renderer.py
is the renderer of the `svg` format (regionapi/core/formats.py).

Why not a charting library: pygal writes `<script>` tags that point at a CDN unless told otherwise, and neither it
nor matplotlib gives direct control over what this API needs in every image: `role="img"` with `<title>` and `<desc>`
for screen readers, the unit and the source line, a marked border change that breaks the line, a highlighted bar,
and each point linking to its JSON record. The layout is small arithmetic, tested in tests/indicators/test_charts.py.

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

from regionapi.core.svg.layouts import render_svg
from regionapi.core.svg.renderer import SVGRenderer
from regionapi.core.svg.shapes import (
    MARGIN,
    PHONE_WIDTH,
    TEXT_SIZE,
    TITLE_SIZE,
    WIDTH,
    Bar,
    BarChart,
    LineChart,
    LinePoint,
    Marker,
    RankChart,
    RankRow,
    axis_labels,
    lines_of,
    nice_ticks,
    number_text,
    text_width,
    value_axis,
)

__all__ = [
    "render_svg",
    "SVGRenderer",
    "MARGIN",
    "PHONE_WIDTH",
    "TEXT_SIZE",
    "TITLE_SIZE",
    "WIDTH",
    "Bar",
    "BarChart",
    "LineChart",
    "LinePoint",
    "Marker",
    "RankChart",
    "RankRow",
    "axis_labels",
    "lines_of",
    "nice_ticks",
    "number_text",
    "text_width",
    "value_axis",
]
