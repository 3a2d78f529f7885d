"""Every setting read from the environment is documented once: in the settings tables of docs/operating.md exactly
once, and in .env.example; and neither lists a variable the settings module does not read. The variables are
collected from the settings module's source (every `env.<kind>("NAME", ...)`, `env("NAME")`, `os.environ` and
`os.getenv` read), found through DJANGO_SETTINGS_MODULE, so the test follows the module wherever it lives."""

import ast
import importlib.util
import os
import re
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OPERATING = ROOT / "docs" / "operating.md"
ENV_EXAMPLE = ROOT / ".env.example"
NAME = re.compile(r"[A-Z][A-Z0-9_]*")


def read_name(call: ast.Call) -> str | None:
    """The variable a call reads from the environment, if it is such a call with the name written out."""
    function = call.func
    reads = (
        (isinstance(function, ast.Name) and function.id in {"env", "getenv"})
        or (isinstance(function, ast.Attribute) and isinstance(function.value, ast.Name) and function.value.id == "env")
        or (isinstance(function, ast.Attribute) and function.attr == "getenv")
        or (
            isinstance(function, ast.Attribute)
            and function.attr == "get"
            and isinstance(function.value, ast.Attribute)
            and function.value.attr == "environ"
        )
    )
    if reads and call.args and isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str):
        return call.args[0].value
    return None


def variables_read(source: str) -> set[str]:
    tree = ast.parse(source)
    names = {read_name(node) for node in ast.walk(tree) if isinstance(node, ast.Call)}
    # os.environ["NAME"]
    names |= {
        node.slice.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Subscript)
        and isinstance(node.value, ast.Attribute)
        and node.value.attr == "environ"
        and isinstance(node.slice, ast.Constant)
    }
    return {name for name in names if name and NAME.fullmatch(name)}


def settings_source() -> str:
    return Path(importlib.util.find_spec(os.environ["DJANGO_SETTINGS_MODULE"]).origin).read_text("utf-8")


def documented() -> Counter:
    """How many times each variable is the first cell of a row of the tables under "## Settings"."""
    page = OPERATING.read_text("utf-8")
    section = page.split("\n## Settings\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return Counter(name for row in rows for name in re.findall(r"`([^`]+)`", row.split("|")[1]))


def listed() -> set[str]:
    """The variables .env.example sets or shows commented out (`NAME=...` or `# NAME=...`)."""
    lines = ENV_EXAMPLE.read_text("utf-8").splitlines()
    return {match[1] for line in lines if (match := re.match(r"#?\s*([A-Z][A-Z0-9_]*)=", line))}


READ = variables_read(settings_source())


def test_the_settings_read_variables_from_the_environment():
    # The collection works: these are read as `env.str`, `env.bool`, `env.db`, `env.cache` and a condition.
    assert {"DJANGO_SECRET_KEY", "DJANGO_DEBUG", "DATABASE_URL", "CACHE_URL", "DJANGO_SECURE_PROXY_SSL_HEADER"} <= READ
    assert len(READ) > 30


def test_every_variable_read_is_documented_exactly_once():
    counts = documented()
    assert {name: counts[name] for name in READ if counts[name] != 1} == {}


def test_the_documentation_names_no_variable_the_settings_do_not_read():
    assert set(documented()) - READ == set()


def test_env_example_lists_every_variable_read_and_no_other():
    assert READ - listed() == set()
    assert listed() - READ == set()


def test_the_collection_sees_every_way_of_reading():
    source = (
        "import os\nimport environ\nenv = environ.Env()\n"
        'A = env("ONE")\nB = env.bool("TWO", default=False)\nC = os.environ.get("THREE")\n'
        'D = os.environ["FOUR"]\nE = os.getenv("FIVE")\nF = {"key": env.int("SIX", default=1)}\n'
        'G = other("NOT_READ")\n'
    )
    assert variables_read(source) == {"ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX"}
