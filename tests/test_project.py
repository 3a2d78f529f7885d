"""Project-level guarantees: app dependencies point one way, migrations match the models, checks pass."""
import ast
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
APPS = ("indicators", "investments", "education")
ALLOWED = {"indicators": set(), "investments": {"indicators"}, "education": {"indicators"}}


def imported_apps(app):
    found = set()
    for path in (ROOT / app).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            found |= {name.split(".")[0] for name in names if name.split(".")[0] in APPS}
    # String references in model fields ("indicators.Region") count as dependencies too.
    for path in (ROOT / app).rglob("models*.py"):
        found |= {other for other in APPS if f'"{other}.' in path.read_text("utf-8")}
    for path in (ROOT / app / "models").rglob("*.py") if (ROOT / app / "models").is_dir() else []:
        found |= {other for other in APPS if f'"{other}.' in path.read_text("utf-8")}
    return found - {app}


@pytest.mark.parametrize("app", APPS)
def test_apps_depend_in_one_direction(app):
    assert imported_apps(app) <= ALLOWED[app]


@pytest.mark.django_db
def test_migrations_match_models():
    call_command("makemigrations", "--check", "--dry-run", stdout=StringIO())


def test_system_checks_pass():
    call_command("check", fail_level="WARNING", stdout=StringIO())
