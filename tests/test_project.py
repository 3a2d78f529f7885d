"""Project-level guarantees: layers depend one way without cycles, no app names another as text, migrations match
the models, checks pass, ViewSets only declare.

The layers and the acyclicity are import-linter contracts in pyproject.toml ([tool.importlinter]); `lint-imports` runs
them by hand (and in .ci/run's lint step) and names each import that breaks one.
"""

import ast
import re
import tomllib
from io import StringIO
from pathlib import Path

import grimp
import pytest
from django.core.management import call_command
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parent.parent
APPS = ("indicators", "investments", "education")
PACKAGES = ("config", "pages", "investments", "education", "indicators", "regionapi")


def test_import_contracts_are_kept():
    """config > pages > investments | education > indicators > regionapi, imports inside functions included, and no
    import cycle between the modules of any package (pyproject.toml, [tool.importlinter])."""
    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True) == 0


def test_no_module_imports_itself_back():
    """No cycle through a package's own __init__ either (the contract compares siblings: a module importing the
    package it is in, which imports it, is a cycle it does not see)."""
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["importlinter"]["contracts"]
    graph = grimp.build_graph(*PACKAGES, cache_dir=None)
    for contract in contracts:  # the imports the contracts let pass, with their reasons there
        for line in contract.get("ignore_imports", ()):
            importer, imported = (name.strip() for name in line.split("->"))
            graph.remove_import(importer=importer, imported=imported)
    cycles = [
        f"{importer} -> {imported} -> ... -> {importer}"
        for importer in sorted(graph.modules)
        for imported in sorted(graph.find_modules_directly_imported_by(importer))
        if graph.find_shortest_chain(importer=imported, imported=importer)
    ]
    assert cycles == []


# Who may name whom as text: a dotted name (a module, a model label such as "indicators.Region") or a URL namespace
# ("investments-api:zone-detail") of an app above, or beside, is a dependency no import shows. Registries the lower
# layer discovers (AppConfig attributes, autodiscovered modules) are how an app plugs in instead.
NAMES_ALLOWED = {
    "regionapi": set(),
    "indicators": set(),
    "investments": {"indicators"},
    "education": {"indicators"},
}
TEXT_FILES = ("*.py", "*.yaml", "*.yml", "*.json", "*.html", "*.svg", "*.txt")


def named_apps(unit: str) -> dict[str, list[str]]:
    """{file: the apps it names that the unit may not} for the unit's code and data, its seed file included."""
    others = sorted(set(APPS) - NAMES_ALLOWED[unit] - {unit})
    pattern = re.compile(rf"(?<![\w.-])({'|'.join(others)})(\.[A-Za-z_]|-api\b)")
    files = [path for pattern_ in TEXT_FILES for path in (ROOT / unit).rglob(pattern_)]
    files += [ROOT / "fixtures" / f"{unit}.yaml"] if unit in APPS else []
    found = {}
    for path in files:
        if "migrations" in path.parts or "locale" in path.parts:
            continue
        names = sorted({match[1] for match in pattern.finditer(path.read_text("utf-8"))})
        if names:
            found[str(path.relative_to(ROOT))] = names
    return found


@pytest.mark.parametrize("unit", sorted(NAMES_ALLOWED))
def test_no_app_names_another_above_or_beside_it(unit):
    assert named_apps(unit) == {}


def test_the_text_check_sees_a_model_label_and_a_url_namespace(tmp_path, monkeypatch):
    (tmp_path / "indicators").mkdir()
    (tmp_path / "indicators" / "checks.yaml").write_text("model: investments.IndustrialZone\n", encoding="utf-8")
    (tmp_path / "indicators" / "views.py").write_text('ROUTE = "education-api:institution-detail"\n', encoding="utf-8")
    (tmp_path / "fixtures").mkdir()
    (tmp_path / "fixtures" / "indicators.yaml").write_text("# /api/v1/investments/ is a URL\n", encoding="utf-8")
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    assert named_apps("indicators") == {
        "indicators/checks.yaml": ["investments"],
        "indicators/views.py": ["education"],
    }


@pytest.mark.django_db
def test_migrations_match_models():
    call_command("makemigrations", "--check", "--dry-run", stdout=StringIO())


def test_system_checks_pass():
    call_command("check", fail_level="WARNING", stdout=StringIO())


def code_lines(node: ast.ClassDef, lines: list[str]) -> int:
    """Lines of a class body that hold code: not blank, not a docstring (of the class or of a method)."""
    documentation = set()
    for inner in ast.walk(node):
        if isinstance(inner, (ast.ClassDef, ast.FunctionDef)) and ast.get_docstring(inner) is not None:
            documentation.update(range(inner.body[0].lineno, inner.body[0].end_lineno + 1))
    body = range(node.body[0].lineno, node.end_lineno + 1)
    return sum(1 for number in body if number not in documentation and lines[number - 1].strip())


@pytest.mark.parametrize("app", APPS)
def test_viewsets_only_declare(app):
    """Every resource ViewSet is a declaration over the shared DataViewSet: about 20 lines of code at most."""
    source = (ROOT / app / "api" / "views.py").read_text("utf-8")
    viewsets = [
        node for node in ast.parse(source).body if isinstance(node, ast.ClassDef) and node.name.endswith("ViewSet")
    ]
    assert viewsets
    for node in viewsets:
        assert [base.id for base in node.bases if isinstance(base, ast.Name)] == ["DataViewSet"], node.name
        assert code_lines(node, source.splitlines()) <= 20, node.name


# Production code: every package but the tests and the migrations (written by makemigrations). Data (examples,
# YAML, templates) is not code and is not measured.
CODE_PACKAGES = ("config", "regionapi", "pages", "indicators", "investments", "education", "bench")
MAX_MODULE_LINES = 500
# radon's cyclomatic-complexity ranks: A (1-5) to F (41+); D is 21-30. A function above D is split along its steps.
MAX_COMPLEXITY_RANK = "D"


def production_modules() -> list[Path]:
    return sorted(
        path
        for package in CODE_PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.parts and not any(part.startswith(".") for part in path.parts)
    )


def test_no_production_module_is_over_500_lines():
    long = {
        str(p.relative_to(ROOT)): n
        for p in production_modules()
        if (n := len(p.read_text("utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert not long, f"split these along their seams: {long}"


def test_no_function_is_above_complexity_rank_d():
    from radon.complexity import cc_rank, cc_visit
    from radon.visitors import Function

    complex_ = [
        f"{path.relative_to(ROOT)}:{block.lineno} {block.name} ({cc_rank(block.complexity)} {block.complexity})"
        for path in production_modules()
        for block in cc_visit(path.read_text("utf-8"))
        if isinstance(block, Function) and cc_rank(block.complexity) > MAX_COMPLEXITY_RANK
    ]
    assert not complex_, complex_
