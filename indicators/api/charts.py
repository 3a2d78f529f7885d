"""The charts of the indicators' analytic answers (`format=svg`): a series as a line, a comparison as sorted bars, a
region's ranks as a strip. Each is built from the answer's serialized data alone (no query) and laid out and drawn by
regionapi/core/charts.py. Texts follow the request's language; names come from the data's translated columns."""

from collections import Counter
from datetime import date

from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from regionapi.core.charts import Bar, BarChart, LineChart, LinePoint, Marker, RankChart, RankRow, number_text


def _unit_text(unit: dict | None) -> str:
    if not unit:
        return ""
    text = unit["name"] if unit["symbol"] in {"", unit["name"]} else f"{unit['name']} ({unit['symbol']})"
    return _("Unit: %(unit)s") % {"unit": text}


def _source_line(sources: list[dict]) -> str:
    titles = list(dict.fromkeys(f"{source['publisher']}: {source['title']}" for source in sources if source))
    if not titles:
        return ""
    return ngettext("Source: %(sources)s", "Sources: %(sources)s", len(titles)) % {"sources": "; ".join(titles)}


def _year_position(start: str, end: str | None) -> float:
    """Where a period lies on a time axis, in fractional years: its middle (a point in time: its day)."""
    first = date.fromisoformat(start)
    last = date.fromisoformat(end) if end else first
    middle = first + (last - first) / 2
    return middle.year + (middle.timetuple().tm_yday - 1) / 366


def _span_key(observation: dict) -> tuple:
    """Figures drawn on one line share a kind of span: a year, a quarter, a point in time..."""
    start, end = observation["period_start"], observation["period_end"]
    months = None
    if start and end:
        first, last = date.fromisoformat(start), date.fromisoformat(end)
        months = (last.year - first.year) * 12 + last.month - first.month
    return observation["period_kind"], months


def series_chart(data: dict) -> LineChart:
    """A series as a line: the figures of its most frequent kind of span (a border change breaks the line)."""
    indicator, region = data["indicator"], data["region"]
    derived = data["derived"]
    points = [point for point in data["points"] if point["observation"]["period_start"]]
    spans = Counter(_span_key(point["observation"]) for point in points)
    drawn_span = max(spans, key=lambda key: (spans[key], key[1] or 0)) if spans else None
    drawn = [point for point in points if _span_key(point["observation"]) == drawn_span]
    unit = data["derived_unit"] if derived else indicator["unit"]
    segments: list[list[LinePoint]] = []
    territory = None
    for point in drawn:
        observation = point["observation"]
        value = point["derived_value"]["value"] if derived else observation["value"]
        if value is None:
            continue
        covered = tuple(point["includes_territory_of"])
        if covered != territory or not segments:
            segments.append([])
            territory = covered
        label = f"{observation['period']}: {number_text(value)} {unit['symbol']}"
        segments[-1].append(
            LinePoint(
                x=_year_position(observation["period_start"], observation["period_end"]),
                value=float(value),
                label=label,
                href=observation["url"],
            )
        )
    markers = [
        Marker(x=float(change["year"]), label=_("%(name)s formed, %(year)s") % change)
        for change in data["territory_changes"]
    ]
    notes = []
    covered = sorted({code for point in drawn for code in point["includes_territory_of"]})
    if covered:
        notes.append(
            _(
                "Figures that still include the territory of %(codes)s are drawn apart: the line breaks where the borders change."
            )
            % {"codes": ", ".join(covered)}
        )
    left_out = len(data["points"]) - len(drawn)
    if left_out:
        notes.append(
            ngettext(
                "%(count)d figure of another kind of period is not drawn: see the JSON.",
                "%(count)d figures of other kinds of period are not drawn: see the JSON.",
                left_out,
            )
            % {"count": left_out}
        )
    if derived:
        notes.append(data["formula"])
    drawn_points = [point for segment in segments for point in segment]
    title = f"{indicator['name']}: {region['name']}"
    if drawn_points:
        description = _("Line chart of %(title)s, %(first)s to %(last)s: %(count)d figures, in %(unit)s.") % {
            "title": title,
            "first": drawn_points[0].label.split(":")[0],
            "last": drawn_points[-1].label.split(":")[0],
            "count": len(drawn_points),
            "unit": unit["name"],
        }
    else:
        description = _("No figures to draw.")
    return LineChart(
        title=title,
        subtitle=_unit_text(unit),
        source=_source_line([point["observation"]["source"] for point in drawn]),
        segments=segments,
        markers=markers,
        notes=notes,
        description=description,
        language=get_language() or "",
    )


def compare_chart(data: dict, highlight: str = "") -> BarChart:
    """A comparison as bars sorted from the highest; the region `highlight` names (a code) stands out."""
    unit = data["unit"]
    bars = []
    bordered = False
    for row in data["rows"]:
        label = row["region"]["name"]
        # Starred only where the figure covers other borders than today's (a region split off later inside it):
        # `territory` also notes figures on today's borders that differ from other periods' (2022: no star).
        if row["includes_territory_of"]:
            label += " *"
            bordered = True
        value = row["value"]
        text = f"{number_text(value)}" if value is not None else _("no figure")
        href = (row["observation"] or {}).get("url") or row["region"]["url"]
        bars.append(
            Bar(
                label=label,
                value=float(value) if value is not None else None,
                text=text,
                href=href,
                highlighted=row["region"]["code"] == highlight,
            )
        )
    notes = []
    if bordered:
        notes.append(_("* The figure's borders differ from today's: see `territory` in the JSON."))
    if data["derived"]:
        notes.append(data["formula"])
    name = data["indicator"]["name"]
    if data["derived"]:  # the bars are per-capita values, not the indicator's own figures: the title says so
        name = _("%(indicator)s per capita") % {"indicator": name}
    title = f"{name}, {data['period'] or ''}".rstrip(", ")
    drawn = sum(1 for bar in bars if bar.value is not None)
    description = _("Bar chart of %(title)s: %(count)d regions sorted from the highest value, in %(unit)s.") % {
        "title": title,
        "count": drawn,
        "unit": unit["name"],
    }
    highlighted = next((bar for bar in bars if bar.highlighted), None)
    if highlighted is not None:
        description += " " + _("Highlighted: %(region)s.") % {"region": highlighted.label}
    sources = [(row["observation"] or {}).get("source") for row in data["rows"]]
    return BarChart(
        title=title,
        subtitle=_unit_text(unit),
        source=_source_line([source for source in sources if source]),
        bars=bars,
        notes=notes,
        description=description,
        language=get_language() or "",
    )


def ranks_chart(data: dict) -> RankChart:
    """A region's rank among the regions on each headline indicator that other regions report too."""
    rows = [
        RankRow(
            label=f"{rank['indicator']['name']}, {rank['period']}",
            rank=rank["rank"],
            of=rank["regions"],
            text=_("%(rank)d of %(regions)d") % {"rank": rank["rank"], "regions": rank["regions"]},
            href=rank["compare"],
        )
        for rank in data["ranks"]
    ]
    name = data["region"]["name"]
    description = (
        _("Rank of %(region)s among the regions on %(count)d indicators (1 is the highest value).")
        % {"region": name, "count": len(rows)}
        if rows
        else _("No figures to rank.")
    )
    return RankChart(
        title=_("%(region)s among the regions") % {"region": name},
        subtitle=_("Rank by value, 1 = highest; each indicator in its latest period"),
        source=_source_line([rank["source"] for rank in data["ranks"]]),
        rows=rows,
        notes=[],
        description=description,
        language=get_language() or "",
    )
