"""Response examples for the OpenAPI documentation: real records as the API returns them, each a JSON file beside
this module, as served (so a regenerated example is a file written from a response, not code)."""

from pathlib import Path

from regionapi.core.schema import example_read

FOLDER = Path(__file__).parent

# An industrial output figure of the seed (Karaganda region, 2024).
OBSERVATION = example_read(FOLDER / "observation.json")
# GRP of 2022 compared across regions, as served for the shipped package (fixtures/packages/kz-regional-statistics):
# the first 3 of the 20 rows. tests/indicators/test_compare.py checks both against the API's answer.
COMPARE = example_read(FOLDER / "compare.json")
COMPARE_PER_CAPITA = example_read(FOLDER / "compare-per-capita.json")
# GET /indicators/checks/ on the seed and the official package: a check that passes (as with cases=all), and the
# first case the jump check flags (the tenge's first year).
CHECKS = example_read(FOLDER / "checks.json")
