"""The shell blocks of README.md and docs/*.md work when pasted. Every command of every shell block is run, or its
block carries a tag just before its fence saying why it cannot run here (a production recipe, `make run` itself):
`<!-- not run in CI: the reason -->`, an HTML comment the rendered page does not show.

Run: every `curl "$API/..."` answers 2xx on what `make run` loads (the seed and the shipped package; here its rows of
the republic, Karaganda and South Kazakhstan, to stay quick), and every `.venv/bin/python manage.py ...` runs on a
fresh SQLite database with no DJANGO_DEBUG or secret key set, as does the `manage.py` command of a variable assigned
from one (`TOKEN=$(... manage.py drf_create_token admin | cut -d' ' -f3)`). A variable a run block uses is assigned
earlier on the same page."""

import json
import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from rest_framework.authtoken.models import Token

from indicators.datapackage import datapackage_import
from tests.support import databases
from tests.support import factories as make
from tests.support.packages import SHIPPED, shipped_package_in_part

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
MANAGE = [".venv/bin/python", "manage.py"]
API_ROOT = "http://127.0.0.1:8000/api/v1"
SHELL_LANGUAGES = {"sh", "bash", "shell", "console", "zsh"}
FENCE = re.compile(r"^(?P<indent>\s*)```(?P<language>[\w-]*)\s*$")
TAG = re.compile(r"^\s*<!--\s*not run in CI:(?P<reason>.*?)-->\s*$")
# An untagged block in another language, or in none, that holds commands: it must say it is a shell block.
LOOKS_LIKE_A_COMMAND = re.compile(r"^\s*(curl|make|\.venv/|python|gunicorn|export|pip|manage\.py)\b")


@dataclass(frozen=True)
class Block:
    """A fenced block of a Markdown document: where it starts, its language, its text, and the reason of its tag."""

    document: str
    line: int
    language: str
    text: str
    not_run_because: str | None

    @property
    def where(self) -> str:
        return f"{self.document}:{self.line}"

    @property
    def tagged(self) -> bool:
        return self.not_run_because is not None


def block_problems(block: Block) -> list[str]:
    """What is wrong with a block's tag, or with a block of commands that does not say it is a shell block."""
    shell, problems = block.language in SHELL_LANGUAGES, []
    if block.tagged and not block.not_run_because:
        problems.append(f"{block.where}: its tag gives no reason")
    if block.tagged and not shell:
        problems.append(f"{block.where}: only a shell block is tagged")
    if not block.tagged and not shell and any(LOOKS_LIKE_A_COMMAND.match(line) for line in block.text.splitlines()):
        problems.append(f"{block.where}: a block of commands must be a ```sh block")
    return problems


def blocks_of(text: str, document: str) -> tuple[list[Block], list[str]]:
    """The fenced blocks of a Markdown text, and what is wrong with their tags."""
    lines, blocks, problems = text.split("\n"), [], []
    number = 0
    while number < len(lines):
        opening = FENCE.match(lines[number])
        if not opening:
            if re.match(r"\s*<!--.*not run", lines[number], flags=re.I) and not TAG.match(lines[number]):
                problems.append(f"{document}:{number + 1}: a tag must be `<!-- not run in CI: the reason -->`")
            number += 1
            continue
        end = number + 1
        while end < len(lines) and lines[end].strip() != "```":
            end += 1
        previous = next((line for line in reversed(lines[:number]) if line.strip()), "")
        tag = TAG.match(previous)
        reason = tag["reason"].strip() if tag else None
        block = Block(document, number + 1, opening["language"], "\n".join(lines[number + 1 : end]), reason)
        problems += block_problems(block)
        blocks.append(block)
        number = end + 1
    return blocks, problems


def commands_of(block: Block) -> list[list[str]]:
    """The words of every command of a shell block, continuation lines joined and comments dropped."""
    commands, pending = [], ""
    for line in re.sub(r"\\\n\s*", " ", block.text).splitlines():
        pending += line + "\n"
        try:
            words = shlex.split(pending, comments=True)
        except ValueError:  # a quoted argument goes on over the next line
            continue
        pending = ""
        if words:
            commands.append(words)
    return commands


def environment_prefix(words: list[str]) -> tuple[dict[str, str], list[str]]:
    """The variables a command line sets for its command (`DJANGO_DEBUG=1 ...`), and the command."""
    assignments = {}
    while words and re.fullmatch(r"[A-Za-z_]\w*=.*", words[0]) and len(words) > 1:
        name, value = words[0].split("=", 1)
        assignments[name] = value
        words = words[1:]
    return assignments, words


@dataclass(frozen=True)
class Command:
    """One command of a run block, as this test runs it."""

    block: Block
    kind: str  # "assignment", "substitution", "curl", "manage" or "unknown"
    words: tuple[str, ...]

    @property
    def text(self) -> str:
        return shlex.join(self.words)

    def assigned(self) -> tuple[str, str] | None:
        """(name, value) of an assignment; the value of a substitution is the command line inside `$(...)`."""
        if self.kind == "assignment":
            return tuple(self.words[0].split("=", 1))
        if self.kind == "substitution":
            return self.words[0].split("=", 1)[0], shlex.join(substituted(list(self.words)))
        return None

    def manage(self) -> tuple[dict[str, str], list[str]]:
        """The environment additions and `manage.py` arguments of a manage command or a substitution's command."""
        words = list(self.words)
        if self.kind == "substitution":
            inner = substituted(words)
            words = inner[: inner.index("|")] if "|" in inner else inner
        assignments, command = environment_prefix(words)
        return assignments, command[2:]

    def pipeline(self) -> str:
        """What a substitution passes its command's output through (`cut -d' ' -f3`), or `cat`."""
        inner = substituted(list(self.words))
        return shlex.join(inner[inner.index("|") + 1 :]) if "|" in inner else "cat"


def substituted(words: list[str]) -> list[str]:
    """The words inside `NAME=$(...)`."""
    inner = [words[0].split("=$(", 1)[1], *words[1:-1], words[-1][:-1]] if len(words) > 1 else [words[0][:-1]]
    return [word for word in inner if word]


def kind_of(words: list[str]) -> str:
    if len(words) == 1 and re.fullmatch(r"[A-Za-z_]\w*=[^$]*", words[0]):
        return "assignment"
    if re.fullmatch(r"[A-Za-z_]\w*=\$\(.*", words[0]) and words[-1].endswith(")"):
        _assignments, command = environment_prefix(substituted(words))
        return "substitution" if command[:2] == MANAGE else "unknown"
    if words[0] == "curl" and any("$API/" in word for word in words):
        return "curl"
    _assignments, command = environment_prefix(words)
    return "manage" if command[:2] == MANAGE and len(command) > 2 else "unknown"


def read(documents: list[Path], root: Path = ROOT) -> tuple[list[Command], list[str]]:
    """Every command of every untagged shell block of the documents, in order, and what is wrong with the blocks."""
    commands, problems = [], []
    for path in documents:
        blocks, wrong = blocks_of(path.read_text("utf-8"), str(path.relative_to(root)))
        problems += wrong
        for block in blocks:
            if block.language in SHELL_LANGUAGES and not block.tagged:
                commands += [Command(block, kind_of(words), tuple(words)) for words in commands_of(block)]
    return commands, problems


def unassigned_variables(commands: list[Command]) -> list[str]:
    """Each use of a variable that no earlier command of the same document assigns."""
    problems, assigned = [], {}
    for command in commands:
        known = assigned.setdefault(command.block.document, set())
        used = set(re.findall(r"\$\{?([A-Za-z_]\w*)", " ".join(command.words)))
        if command.kind == "substitution":
            used -= {command.assigned()[0]}
        problems += [f"{command.block.where}: ${name} is used before it is assigned" for name in sorted(used - known)]
        if command.assigned():
            known.add(command.assigned()[0])
    return problems


COMMANDS, BLOCK_PROBLEMS = read(DOCUMENTS)
CURLS = [command for command in COMMANDS if command.kind == "curl"]
MANAGE_COMMANDS = [command for command in COMMANDS if command.kind in {"manage", "substitution"}]


def test_the_documents_have_commands_to_check():
    assert len(CURLS) > 40 and len(MANAGE_COMMANDS) >= 6
    readme = [command for command in COMMANDS if command.block.document == "README.md"]
    assert {"assignment", "substitution", "curl", "manage"} <= {command.kind for command in readme}


def test_every_shell_block_runs_here_or_is_tagged_with_its_reason():
    unknown = [f"{c.block.where}: `{c.text}` is neither run here nor tagged" for c in COMMANDS if c.kind == "unknown"]
    assert BLOCK_PROBLEMS + unknown == []


def test_the_check_refuses_an_untagged_command_and_a_tag_without_a_reason(tmp_path):
    page = tmp_path / "docs" / "page.md"
    page.parent.mkdir()
    page.write_text(
        "<!-- not run in CI: serves until stopped -->\n```sh\nmake run\n```\n\n"  # tagged, with its reason: fine
        "```sh\nmake test\n```\n\n"  # untagged, not run here
        "<!-- not run in CI: -->\n```sh\nmake lint\n```\n\n"  # no reason
        "<!-- not run in CI: a Python block is not a shell block -->\n```python\nprint()\n```\n\n"
        "```\ncurl http://example.kz/\n```\n",  # commands in a block that does not say it is one
        encoding="utf-8",
    )
    commands, problems = read([page], tmp_path)
    assert [(command.block.line, command.kind) for command in commands] == [(6, "unknown")]
    assert problems == [
        "docs/page.md:11: its tag gives no reason",
        "docs/page.md:16: only a shell block is tagged",
        "docs/page.md:20: a block of commands must be a ```sh block",
    ]


def test_every_variable_is_assigned_before_it_is_used():
    assert unassigned_variables(COMMANDS) == []
    assert {command.assigned()[1] for command in COMMANDS if command.assigned() and command.assigned()[0] == "API"} == {
        API_ROOT
    }


def curl_request(command: Command, tokens: dict[str, str]):
    """(method, path, body, headers) of a curl command line."""
    words = [word.replace("$API/", "/api/v1/") for word in command.words[1:]]
    for name, key in tokens.items():
        words = [word.replace(f"${name}", key) for word in words]
    assert "$" not in " ".join(words), f"{command.text}: a variable this test does not know"
    method, body, headers, path = "GET", "", {}, None
    while words:
        word = words.pop(0)
        if word == "-X":
            method = words.pop(0)
        elif word == "-d":
            body = words.pop(0)
        elif word == "-o":
            words.pop(0)
        elif word == "-H":
            name, value = words.pop(0).split(":", 1)
            headers["HTTP_" + name.strip().upper().replace("-", "_")] = value.strip()
        else:
            assert not word.startswith("-"), f"curl option {word} is not understood by this test"
            path = word
    return method, path, body, headers


@pytest.fixture(scope="module")
def official_statistics(django_db_setup, django_db_blocker, tmp_path_factory):
    folder, _rows = shipped_package_in_part(tmp_path_factory.mktemp("readme") / "package", {"KZ", "", "KZ-35"})
    with make.kept_for_the_scope(django_db_blocker):
        datapackage_import(path=folder)
        yield


@pytest.mark.django_db
@pytest.mark.parametrize("command", CURLS, ids=[f"{c.block.document} {c.text}"[:100] for c in CURLS])
def test_documented_curl_answers(client, django_user_model, official_statistics, command):
    staff = django_user_model.objects.create_superuser("readme-staff", password="a-long-test-password")
    key = Token.objects.create(user=staff).key
    method, path, body, headers = curl_request(command, {"TOKEN": key})
    if headers.get("HTTP_CONTENT_TYPE"):
        headers["content_type"] = headers.pop("HTTP_CONTENT_TYPE")
    response = client.generic(method, path, body, **headers)
    expected = 201 if method == "POST" else 200
    assert response.status_code == expected, (
        command.block.where,
        command.text,
        getattr(response, "content", b"")[:300],
    )


# Runs manage.py command lines one after another in one process, as `manage.py` would one per process: each with
# its own environment additions, exit status and output. Starting Django once instead of once per command was most
# of this test's time. Settings are read once, so every command must ask for the same settings (asserted below).
RUNNER = """
import contextlib, io, json, os, sys, traceback
from django.core.management import execute_from_command_line
results = []
for argv, extra in json.load(sys.stdin):
    saved = dict(os.environ)
    os.environ.update(extra)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            execute_from_command_line(["manage.py", *argv])
            code = 0
        except SystemExit as exit:
            code = exit.code if isinstance(exit.code, int) else (0 if exit.code is None else 1)
        except Exception:
            traceback.print_exc()
            code = 1
    os.environ.clear()
    os.environ.update(saved)
    results.append({"code": code, "stdout": out.getvalue(), "stderr": err.getvalue()})
print(json.dumps(results))
"""
# What a command may set for itself without changing the settings the process started with.
PER_COMMAND = ("DJANGO_SUPERUSER_",)
# What `make run` does first, so that a page's commands run as they would after it whatever page comes first (the
# shipped package's import is documented, and runs, in docs/editing.md). On SQLite the worker's seeded database is
# copied instead (tests/support/databases.py): the same tables and rows, without starting over.
MAKE_RUN = [["migrate", "--noinput", "-v0"], ["load_seed_data", "-v0"]]


@pytest.fixture(scope="module")
def fresh_project(tmp_path_factory):
    """A folder for a fresh SQLite database, and an environment without DEBUG or a secret key."""
    folder = tmp_path_factory.mktemp("readme")
    # Paths in the documents' commands are relative to the project. The shipped package is there in part (every
    # dataset, three regions): importing, exporting and importing again its 8,993 figures was most of this test's
    # time, and the whole package imports in tests/indicators/test_shipped_package.py.
    (folder / "fixtures" / "packages").mkdir(parents=True)
    for entry in (ROOT / "fixtures").iterdir():
        if entry.name != "packages":
            (folder / "fixtures" / entry.name).symlink_to(entry)
    shipped_package_in_part(folder / "fixtures" / "packages" / SHIPPED.name, {"KZ", "", "KZ-35"})
    env = {name: value for name, value in os.environ.items() if name not in {"DJANGO_DEBUG", "DJANGO_SECRET_KEY"}}
    env["DATABASE_URL"] = f"sqlite:///{folder / 'db.sqlite3'}"
    return folder, env


def run_in_one_process(folder: Path, env: dict[str, str], batch: list[tuple[list[str], dict[str, str]]]) -> list[dict]:
    process = subprocess.run(
        [sys.executable, "-c", f"import sys; sys.path.insert(0, {str(ROOT)!r}); {RUNNER}"],
        input=json.dumps(batch),
        cwd=folder,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert process.returncode == 0, process.stderr[-3000:]
    return json.loads(process.stdout.strip().splitlines()[-1])


@pytest.mark.slow
@pytest.mark.django_db
def test_documented_manage_commands_run_without_debug_or_secret_set(fresh_project):
    from indicators.resources import RESOURCES

    folder, env = fresh_project
    # The files the documented imports read, as the admin's Export writes them.
    (folder / "zones.csv").write_text(RESOURCES["zones"]().export().csv, encoding="utf-8")
    (folder / "data.json").write_text(RESOURCES["observations"]().export().json, encoding="utf-8")
    commands, settings_asked = [], set()
    for command in MANAGE_COMMANDS:
        assignments, argv = command.manage()
        if argv[0] == "createsuperuser" and "--noinput" not in argv:
            continue  # interactive: its --noinput form is run instead
        settings_asked.add(tuple(sorted((n, v) for n, v in assignments.items() if not n.startswith(PER_COMMAND))))
        commands.append((command, argv, assignments))
    assert len(settings_asked) == 1, f"documented commands set different settings; run them apart: {settings_asked}"
    if databases.available():  # the SQLite pass: a copy of the worker's database as `make run` begins it
        databases.seeded_file(folder / "db.sqlite3")
        made = []
    else:
        made = MAKE_RUN
    batch = [(argv, {}) for argv in made] + [(argv, extra) for _command, argv, extra in commands]
    results = run_in_one_process(folder, {**env, **dict(next(iter(settings_asked)))}, batch)
    for argv, result in zip(made, results, strict=False):
        assert result["code"] == 0, f"{argv}\n{result['stderr'][-2000:]}"
    for (command, argv, _extra), result in zip(commands, results[len(made) :], strict=True):
        where = f"{command.block.where}: {command.text}\n{result['stderr'][-2000:]}"
        if argv[0] == "check_data":
            # The package is here in part (three regions), so the regions cannot add up to the republic: the
            # command runs and says so (exit 1). The whole package passes: tests/indicators/test_consistency_checks.py.
            assert result["code"] in (0, 1) and "PASS" in result["stdout"], where
            continue
        assert result["code"] == 0, where
        if command.kind == "substitution":
            piped = subprocess.run(
                ["sh", "-c", command.pipeline()], input=result["stdout"], capture_output=True, text=True, timeout=30
            )
            assert piped.returncode == 0 and re.fullmatch(r"\S+\n?", piped.stdout), (where, piped.stdout)
