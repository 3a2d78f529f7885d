"""The benchmark's requests: what a reader asks most, named by the synthetic data of a `Plan`."""

from dataclasses import dataclass
from urllib.parse import quote

from bench.data import FIRST_REGION, SEARCH_WORD, Plan

LIST_FILTER = "status=planned&sector=24"  # 24 (basic metals) is a division without divisions of its own
LIST_ORDERING = "-planned_investment_kzt"


@dataclass(frozen=True)
class Request:
    name: str
    path: str
    conditional: bool = False  # sent again with If-None-Match: the ETag of a first answer
    datasette: str | None = None  # the equivalent Datasette path, where there is one


def requests_for(
    plan: Plan,
    *,
    sector_id: int | None = None,
    datasette_db: str = "bench",
    changes_since: str | None = None,
    only: str = "",
) -> list[Request]:
    """The requests of a run over `plan`'s data; `sector_id` (the database id of sector 24) adds Datasette's
    equivalent of the list, on the database Datasette names `datasette_db` (the SQLite file's stem); `changes_since`
    (a change feed cursor in the middle of the projects' history, bench/prepare.py) adds a page of the feed; `only`
    keeps the requests whose name contains it (`--only page`)."""
    projects = "/api/v1/investments/projects/"
    listing = f"{projects}?{LIST_FILTER}&ordering={LIST_ORDERING}"
    datasette = (
        f"/{datasette_db}/investments_investmentproject.json?status__exact=planned&sector_id__exact={sector_id}"
        f"&_sort_desc={LIST_ORDERING.lstrip('-')}&_size=50"
        if sector_id is not None
        else None
    )
    found = [
        # What any answer costs before it does anything: gunicorn, Django's middleware, a JSON body; no database.
        Request("HTTP floor: /healthz (no database)", "/healthz"),
        Request("projects: status + sector + ordering, 50 rows", listing, datasette=datasette),
        Request("one project", f"{projects}{plan.middle_project}/"),
        Request(f"projects search={SEARCH_WORD} (Cyrillic)", f"{projects}?search={quote(SEARCH_WORD)}"),
        Request("projects summary/?group_by=sector", f"{projects}summary/?group_by=sector"),
        Request("projects facets/", f"{projects}facets/"),
    ]
    if plan.long_series:
        indicator, region = plan.long_series
        found.append(
            Request("series of 504 points", f"/api/v1/indicators/indicators/{indicator}/series/?region={region}")
        )
    if plan.annual_series:
        indicator, region = plan.annual_series
        found.append(
            Request(
                f"series of 31 points among {plan.observations:,} observations",
                f"/api/v1/indicators/indicators/{indicator}/series/?region={region}",
            )
        )
    found.append(
        Request(
            "projects updated_after + ordering=-updated_at, 50 rows",
            f"{projects}?updated_after=2000-01-01T00:00:00Z&ordering=-updated_at",
        )
    )
    if changes_since:
        found.append(
            Request(
                f"changes/: 100 from the middle of {plan.projects:,} history rows",
                f"/api/v1/changes/?since={changes_since}",
            )
        )
    # The pages and charts (issue 17): what a reader opens first, over the same data.
    found += [
        Request("page: every region", "/regions/"),
        Request("page: one region (KZ-35)", f"/regions/{FIRST_REGION}/"),
    ]
    if plan.long_series:
        indicator, region = plan.long_series
        found += [
            Request(
                "series of 504 points as SVG",
                f"/api/v1/indicators/indicators/{indicator}/series/?region={region}&format=svg",
            ),
            Request(
                "compare as SVG, one region highlighted",
                f"/api/v1/indicators/indicators/{indicator}/compare/?highlight={region}&format=svg",
            ),
        ]
    found += [
        Request("CSV export: projects status + sector", f"{projects}?{LIST_FILTER}&format=csv"),
        Request("repeated GET with If-None-Match (list above)", listing, conditional=True),
    ]
    return [request for request in found if only.casefold() in request.name.casefold()]


WRITE_ROW = "reads while a write runs"
# The reads timed beside the writes: the floor (no database: what sharing the server and the CPUs with the writer
# costs), a record of the table written, a list over it, and a page of many statements.
READS_UNDER_WRITES = (
    "HTTP floor: /healthz (no database)",
    "one project",
    "projects: status + sector + ordering, 50 rows",
    "page: one region (KZ-35)",
)


@dataclass(frozen=True)
class Writes:
    """One client's writes, sent back to back while each of `reads` is timed: PATCHes of one project's `jobs`
    (`path`), to `value + 1` and back to `value` in turn, with a staff user's token. `control`: a read of about a
    write's cost, sent back to back instead to tell a busy server (workers, CPUs) from reads queued behind a write."""

    path: str
    value: int
    reads: tuple[Request, ...]
    control: str

    def body(self, number: int) -> dict:
        """The `number`th write's body (0, 1, ...): the value moved, then put back."""
        return {"jobs": self.value + (number + 1) % 2}

    @property
    def restore(self) -> dict:
        return {"jobs": self.value}


def writes_for(plan: Plan, *, project: dict | None, only: str = "") -> Writes | None:
    """The writes of the rows "reads while a write runs: <read>", on `project` ({"slug", "jobs"}, bench/prepare.py:
    one that no other request shows); `only` keeps the rows whose name contains it. None when no row is kept or
    there is no project to write."""
    if not project:
        return None
    found = {request.name: request for request in requests_for(plan)}
    reads = tuple(
        Request(f"{WRITE_ROW}: {name}", found[name].path)
        for name in READS_UNDER_WRITES
        if name in found and only.casefold() in f"{WRITE_ROW}: {name}".casefold()
    )
    if not reads:
        return None
    return Writes(
        path=f"/api/v1/investments/projects/{project['slug']}/",
        value=project["jobs"],
        reads=reads,
        control=found["page: one region (KZ-35)"].path,
    )
