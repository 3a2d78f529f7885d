"""Small Frictionless data packages built by tests of the importer, the admin upload and the export."""

import csv
import json
import shutil
from pathlib import Path

SHIPPED = Path(__file__).resolve().parents[2] / "fixtures" / "packages" / "kz-regional-statistics"

HEADER = "region_iso,region_name_as_in_source,indicator,period_start,period_end,value,unit"
GOOD_ROWS = [
    "KZ-35,Karaganda,colleges,2021-01-01,2021-12-31,50,count",
    "KZ-62,Ulytau,colleges,2021-01-01,2021-12-31,3,count",
]
FIELDS = [
    {"name": "region_iso", "type": "string"},
    {"name": "region_name_as_in_source", "type": "string"},
    {"name": "indicator", "type": "string"},
    {"name": "period_start", "type": "date"},
    {"name": "period_end", "type": "date"},
    {"name": "value", "type": "number"},
    {"name": "unit", "type": "string"},
]


def make_package(folder, rows, *, extra_fields=(), header=HEADER, custom=None, path="data/colleges.csv"):
    """A one-resource package of college counts in `folder`: `rows` under `header`, described by a datapackage.json."""
    (folder / path).parent.mkdir(parents=True, exist_ok=True)
    (folder / path).write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    descriptor = {
        "name": "test-statistics",
        "title": "Test statistics",
        "profile": "tabular-data-package",
        "sources": [{"title": "Bureau of National Statistics", "path": "https://stat.gov.kz"}],
        "resources": [
            {
                "name": "colleges",
                "path": path,
                "profile": "tabular-data-resource",
                "title": "Colleges by region",
                "description": "Checked: regions sum to the total. Doubt: none.",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "licenses": [{"name": "PDDL-1.0", "title": "ODC-PDDL-1.0"}],
                "sources": [
                    {
                        "title": "open-data-kazakhstan/colleges @ abc123",
                        "path": "https://github.com/open-data-kazakhstan/colleges",
                    }
                ],
                "schema": {"fields": [*FIELDS, *extra_fields]},
            }
        ],
        **(custom or {}),
    }
    (folder / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    return folder


def shipped_package_in_part(folder: Path, regions: set[str]) -> tuple[Path, int]:
    """A copy of the shipped package (every dataset, its README and metadata) in `folder`, keeping only the rows of
    `regions` (an empty code is the former South Kazakhstan region); returns the folder and the number of rows kept.
    The whole package imports in tests/indicators/test_shipped_package.py; other tests go through the same code on a part."""
    shutil.copytree(SHIPPED, folder)
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    kept = 0
    for resource in descriptor["resources"]:
        if resource.get("regionapi:table") not in (None, "flags"):
            continue  # a reference table (regions, units, indicators...): every record stays
        with (folder / resource["path"]).open(encoding="utf-8", newline="") as stream:
            reader = csv.DictReader(stream)
            fields, rows = reader.fieldnames, [row for row in reader if row["region_iso"] in regions]
        flags = resource.get("regionapi:table") == "flags"  # the caveats on the rows kept, not figures
        assert rows or flags, f"{resource['path']} keeps no row"  # every dataset stays: every source is imported
        with (folder / resource["path"]).open("w", encoding="utf-8", newline="") as stream:
            writer = csv.DictWriter(stream, fields, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        resource["rows"], kept = len(rows), kept + (0 if flags else len(rows))
    (folder / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False, indent=2), encoding="utf-8")
    return folder, kept
