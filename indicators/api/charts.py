"""The charts of the indicators' analytic answers (`format=svg`): a series as a line, a comparison as sorted bars, a
region's ranks as a strip. Each is built from the answer's serialized data alone (no query) and laid out and drawn by
regionapi/core/svg/. Texts follow the request's language: names come from the data's translated columns (an
indicator's, a region's, a unit's, a source's title), the rest from the catalogs; no text of a chart names a record by
its key (no indicator or region code: the per-capita formula and the border notes are written in words)."""

from collections import Counter
from datetime import date

from django.utils.dates import MONTHS
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from regionapi.core.svg import Bar, BarChart, LineChart, LinePoint, Marker, RankChart, RankRow, number_text


def _unit_text(unit: dict | None) -> str:
    if not unit:
        return ""
    text = unit["name"] if unit["symbol"] in {"", unit["name"]} else f"{unit['name']} ({unit['symbol']})"
    return _("Unit: %(unit)s") % {"unit": text}


def _source_line(sources: list[dict]) -> str:
    """The sources of the figures drawn, each publisher named once before its titles ("Publisher: title; title.
    Other publisher: title"), as the data gives them in the request's language."""
    titles: dict[str, list[str]] = {}
    for source in sources:
        if source:
            listed = titles.setdefault(source["publisher"], [])
            if source["title"] not in listed:
                listed.append(source["title"])
    if not titles:
        return ""
    count = sum(len(listed) for listed in titles.values())
    text = ". ".join(
        f"{publisher}: {'; '.join(listed)}" if publisher else "; ".join(listed) for publisher, listed in titles.items()
    )
    return ngettext("Source: %(sources)s", "Sources: %(sources)s", count) % {"sources": text}


# Units whose figures are rates (a percentage: unemployment, a share, a growth rate): their axis may break above zero
# (regionapi/core/svg/); every other unit is a level, drawn from zero.
RATE_UNITS = {"percent"}
# A quarter's short label under its point: "Q1" in English, "I" in kk and ru, as their statistical tables number them.
QUARTERS = (gettext_lazy("Q1"), gettext_lazy("Q2"), gettext_lazy("Q3"), gettext_lazy("Q4"))


def _is_rate(unit: dict | None) -> bool:
    return bool(unit) and (unit.get("code") in RATE_UNITS or unit.get("symbol") == "%")


def _frequency(observation: dict) -> str:
    """The figure's kind of period (`frequency`; `period_kind` in the answers that name it so)."""
    return observation.get("frequency") or observation.get("period_kind") or ""


def _frequency_label(observation: dict) -> str:
    return observation.get("frequency_label") or observation.get("period_kind_label") or ""


def _cumulated_months(observation: dict) -> str:
    """The months a year-to-date figure covers ("January–September"), or empty for any other kind of period."""
    if _frequency(observation) != "year-to-date" or not observation["period_end"]:
        return ""
    start, end = date.fromisoformat(observation["period_start"]), date.fromisoformat(observation["period_end"])
    last = str(MONTHS[end.month])
    return f"{MONTHS[start.month]}–{last if get_language() == 'en' else last.lower()}"


def _quarter_tick(observation: dict) -> str:
    """A quarter's short label under its point (QUARTERS); empty for any other period."""
    if _frequency(observation) not in {"quarter", "quarterly"} or not observation["period_start"]:
        return ""
    start = date.fromisoformat(observation["period_start"])
    if start.month not in (1, 4, 7, 10):
        return ""
    return str(QUARTERS[(start.month - 1) // 3])


def _per_capita_note(indicator: dict, unit: dict) -> str:
    """How a per-capita value is worked out, in words (the answer's `formula` names its inputs by their codes)."""
    return _(
        "Per capita: %(indicator)s divided by the average population of the year (the mean of the populations on "
        "1 January of the year and of the next), in %(unit)s."
    ) % {"indicator": indicator["name"], "unit": unit["name"]}


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
    return _frequency(observation), months


def series_chart(data: dict) -> LineChart:
    """A series as a line: the figures of its most frequent kind of span (a border change breaks the line)."""
    indicator, region = data["indicator"], data["region"]
    derived = data["derived"]
    drawn = _drawn(data["points"])
    unit = data["derived_unit"] if derived else indicator["unit"]
    segments = _segments(drawn, unit, derived=derived)
    markers = [
        Marker(x=float(change["year"]), label=_("%(name)s formed, %(year)s") % change)
        for change in data["territory_changes"]
    ]
    notes = _series_notes(data, drawn)
    if derived:
        notes.append(_per_capita_note(indicator, unit))
    name = _("%(indicator)s per capita") % {"indicator": indicator["name"]} if derived else indicator["name"]
    title = f"{name}: {region['name']}"
    return LineChart(
        title=title,
        subtitle=_series_subtitle(data, drawn, unit),
        source=_source_line([point["observation"]["source"] for point in drawn]),
        segments=segments,
        markers=markers,
        notes=notes,
        description=_line_description(title, [point for segment in segments for point in segment], unit),
        language=get_language() or "",
        rate=_is_rate(unit),
    )


def _drawn(points: list[dict]) -> list[dict]:
    """The points drawn: those with a period, of the most frequent kind of span (the longer span among equals)."""
    points = [point for point in points if point["observation"]["period_start"]]
    spans = Counter(_span_key(point["observation"]) for point in points)
    drawn_span = max(spans, key=lambda key: (spans[key], key[1] or 0)) if spans else None
    return [point for point in points if _span_key(point["observation"]) == drawn_span]


def _segments(drawn: list[dict], unit: dict, *, derived: bool) -> list[list[LinePoint]]:
    """The line's stretches: a new one wherever the territory the figures cover changes; a point without a value is
    left out."""
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
                tick=_quarter_tick(observation),
            )
        )
    return segments


def _series_notes(data: dict, drawn: list[dict]) -> list[str]:
    """What the reader must know under the line: territory now another region's, figures not drawn."""
    notes = []
    names = {change.get("code"): change.get("name") for change in data["territory_changes"]}
    covered = sorted({code for point in drawn for code in point["includes_territory_of"]})
    if covered:
        notes.append(
            _(
                "Figures before the border change include territory that is now another region (%(regions)s): the "
                "line breaks where the borders change."
            )
            % {"regions": ", ".join(names.get(code) or code for code in covered)}
        )
    # Figures of other kinds of period: left out here where the answer mixes kinds, or listed beside the answer
    # (`frequencies`) where it holds one kind.
    others = sum(row["count"] for row in data.get("frequencies") or [] if row["frequency"] != data.get("frequency"))
    left_out = len(data["points"]) - len(drawn) + others
    if left_out:
        notes.append(
            ngettext(
                "%(count)d figure of another kind of period is not drawn: see the JSON.",
                "%(count)d figures of other kinds of period are not drawn: see the JSON.",
                left_out,
            )
            % {"count": left_out}
        )
    return notes


def _line_description(title: str, drawn_points: list[LinePoint], unit: dict) -> str:
    """The <desc> of a line chart: what it shows, from the first period to the last."""
    if not drawn_points:
        return _("No figures to draw.")
    return _("Line chart of %(title)s, %(first)s to %(last)s: %(count)d figures, in %(unit)s.") % {
        "title": title,
        "first": drawn_points[0].label.split(":")[0],
        "last": drawn_points[-1].label.split(":")[0],
        "count": len(drawn_points),
        "unit": unit["name"],
    }


def _series_subtitle(data: dict, drawn: list[dict], unit: dict) -> str:
    """The unit, then which kind of period is drawn: a year's figures, or January-September's."""
    subtitle = _unit_text(unit)
    kind = data.get("frequency_label") or (_frequency_label(drawn[0]["observation"]) if drawn else "")
    months = _cumulated_months(drawn[0]["observation"]) if drawn else ""
    if kind and months:  # a cumulation says how far it runs: January-September, not a year
        kind = f"{kind}: {months}"
    if kind:
        subtitle = f"{subtitle} · {kind}" if subtitle else kind
    return subtitle


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
        notes.append(_("* The figure covers other borders than today's: it still includes a region split off later."))
    if data["derived"]:
        notes.append(_per_capita_note(data["indicator"], unit))
    name = data["indicator"]["name"]
    if data["derived"]:  # the bars are per-capita values, not the indicator's own figures: the title says so
        name = _("%(indicator)s per capita") % {"indicator": name}
    title = f"{name}, {data['period'] or ''}".rstrip(", ")
    drawn = sum(1 for bar in bars if bar.value is not None)
    meaning = (data.get("ranking") or {}).get("meaning")
    if meaning:  # the bars stand in rank order, from the better end where the indicator has one
        description = _("Bar chart of %(title)s: %(count)d regions in rank order, %(meaning)s; in %(unit)s.") % {
            "title": title,
            "count": drawn,
            "meaning": meaning,
            "unit": unit["name"],
        }
    else:
        description = _("Bar chart of %(title)s: %(count)d regions sorted from the highest value, in %(unit)s.") % {
            "title": title,
            "count": drawn,
            "unit": unit["name"],
        }
    highlighted = next((bar for bar in bars if bar.highlighted), None)
    if highlighted is not None:
        description += " " + _("Highlighted: %(region)s.") % {"region": highlighted.label}
    sources = [(row["observation"] or {}).get("source") for row in data["rows"]]
    subtitle = _unit_text(unit)
    if meaning:
        subtitle = f"{subtitle} · {meaning}" if subtitle else meaning
    return BarChart(
        title=title,
        subtitle=subtitle,
        source=_source_line([source for source in sources if source]),
        bars=bars,
        notes=notes,
        description=description,
        language=get_language() or "",
    )


def ranks_chart(data: dict) -> RankChart:
    """A region's rank among the regions on each headline indicator that other regions report too; each line says
    which end rank 1 is (the better one where the indicator has a direction: 1 = the lowest unemployment)."""

    def label(rank: dict) -> str:
        text = f"{rank['indicator']['name']}, {rank['period']}"
        meaning = (rank.get("ranking") or {}).get("meaning")
        return f"{text}; {meaning}" if meaning else text

    rows = [
        RankRow(
            label=label(rank),
            rank=rank["rank"],
            of=rank["regions"],
            text=_("%(rank)d of %(regions)d") % {"rank": rank["rank"], "regions": rank["regions"]},
            href=rank["compare"],
        )
        for rank in data["ranks"]
    ]
    name = data["region"]["name"]
    ranked = all(rank.get("ranking") for rank in data["ranks"])
    if not rows:
        description = _("No figures to rank.")
    elif ranked:
        description = _(
            "Rank of %(region)s among the regions on %(count)d indicators; each line says which end rank 1 is."
        ) % {
            "region": name,
            "count": len(rows),
        }
    else:
        description = _("Rank of %(region)s among the regions on %(count)d indicators (1 is the highest value).") % {
            "region": name,
            "count": len(rows),
        }
    subtitle = (
        _("Rank among the regions; each indicator in its latest period")
        if ranked
        else _("Rank by value, 1 = highest; each indicator in its latest period")
    )
    return RankChart(
        title=_("%(region)s among the regions") % {"region": name},
        subtitle=subtitle,
        source=_source_line([rank["source"] for rank in data["ranks"]]),
        rows=rows,
        notes=[],
        description=description,
        language=get_language() or "",
    )
