"""Project-level guarantees: layers and apps depend one way, migrations match the models, checks pass.

The import graph can be checked by hand too:
    python -c "from tests.test_project import layer_violations; print(layer_violations() or 'one way')"
"""

import ast
from io import StringIO
from pathlib import Path

import grimp
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


# Layers from the bottom up; a layer may import only the layers below it (apps on one line are independent).
LAYERS = (("regionapi.core",), ("indicators",), ("investments", "education"), ("regionapi",))


def _layer_of(module: str) -> str:
    """The unit a module belongs to: regionapi.core, an app, or the project's wiring (regionapi: settings, urls)."""
    return (
        "regionapi.core" if module == "regionapi.core" or module.startswith("regionapi.core.") else module.split(".")[0]
    )


def project_graph() -> grimp.ImportGraph:
    """Every import in the code (module level or inside functions), read by grimp without importing anything."""
    return grimp.build_graph("regionapi", "indicators", "investments", "education")


def unit_graph(graph: grimp.ImportGraph | None = None) -> dict[str, set[str]]:
    """{unit: the other units it imports}."""
    graph = graph or project_graph()
    edges: dict[str, set[str]] = {}
    for module in graph.modules:
        for imported in graph.find_modules_directly_imported_by(module):
            if _layer_of(imported) != _layer_of(module):
                edges.setdefault(_layer_of(module), set()).add(_layer_of(imported))
    return edges


def layer_violations(graph: grimp.ImportGraph | None = None) -> list[str]:
    """Imports that point up or sideways between layers, and cycles between units."""
    graph = graph or project_graph()
    rank = {unit: level for level, units in enumerate(LAYERS) for unit in units}
    found = [
        f"{module} imports {imported} ({_layer_of(module)} -> {_layer_of(imported)})"
        for module in sorted(graph.modules)
        for imported in sorted(graph.find_modules_directly_imported_by(module))
        if _layer_of(module) != _layer_of(imported) and rank[_layer_of(imported)] >= rank[_layer_of(module)]
    ]
    return found + [f"import cycle: {' -> '.join(cycle)}" for cycle in _cycles(unit_graph(graph))]


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    cycles, done = [], set()

    def visit(unit, path):
        if unit in path:
            cycles.append([*path[path.index(unit) :], unit])
            return
        if unit in done:
            return
        for other in sorted(edges.get(unit, ())):
            visit(other, [*path, unit])
        done.add(unit)

    for unit in sorted(edges):
        visit(unit, [])
    return cycles


def test_layers_point_one_way_without_cycles():
    """regionapi.core imports no app; indicators imports no other app; the project wiring is on top."""
    assert layer_violations() == []
    assert unit_graph().get("regionapi.core", set()) == set()


def test_layer_check_sees_an_upward_import_and_a_cycle():
    graph = grimp.ImportGraph()
    for module in ("regionapi", "regionapi.core", "regionapi.core.filters", "indicators", "indicators.models"):
        graph.add_module(module)
    graph.add_import(importer="regionapi.core.filters", imported="indicators.models")
    graph.add_import(importer="indicators.models", imported="regionapi.core.filters")
    found = layer_violations(graph)
    assert "regionapi.core.filters imports indicators.models (regionapi.core -> indicators)" in found
    assert any(line.startswith("import cycle: ") for line in found)


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
