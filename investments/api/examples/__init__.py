"""Response examples for the OpenAPI documentation: real seed records as the API returns them, each a JSON file
beside this module, as served."""

from pathlib import Path

from regionapi.core.schema import example_read

FOLDER = Path(__file__).parent

ZONE = example_read(FOLDER / "zone.json")
PROJECT = example_read(FOLDER / "project.json")
