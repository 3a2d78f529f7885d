"""The README's shell blocks work when pasted: every `curl "$API/..."` answers 2xx on what `make run` loads (the seed
and the shipped package; here its rows of the republic, Karaganda and South Kazakhstan, to stay quick), and every
`.venv/bin/python manage.py ...` runs on a fresh SQLite database with no DJANGO_DEBUG or secret key set."""

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from rest_framework.authtoken.models import Token

from indicators.datapackage import datapackage_import
from tests import factories as make
from tests.packages import SHIPPED, shipped_package_in_part

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text("utf-8")
MANAGE = ".venv/bin/python manage.py"


def shell_commands() -> list[str]:
    """Every command of every ```sh block, continuation lines joined and comments dropped."""
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", README, flags=re.S):
        pending = ""
        for line in re.sub(r"\\\n\s*", " ", block).splitlines():
            pending += line + "\n"
            try:
                words = shlex.split(pending, comments=True)
            except ValueError:  # a quoted argument goes on over the next line
                continue
            pending = ""
            if words:
                commands.append(shlex.join(words))
    return commands


CURLS = [command for command in shell_commands() if command.startswith("curl ") and "$API/" in command]
MANAGE_COMMANDS = [command for command in shell_commands() if MANAGE in command]


def test_readme_has_commands_to_check():
    assert len(CURLS) > 40 and len(MANAGE_COMMANDS) >= 6


def curl_request(command: str, tokens: dict[str, str]):
    """(method, path, body, headers) of a curl command line."""
    for name, key in tokens.items():
        command = command.replace(f"${name}", key)
    words = shlex.split(command.replace("$API/", "/api/v1/"))[1:]
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
@pytest.mark.parametrize("command", CURLS, ids=[re.sub(r"\s+", " ", c)[:90] for c in CURLS])
def test_readme_curl_answers(client, django_user_model, official_statistics, command):
    staff = django_user_model.objects.create_superuser("readme-staff", password="a-long-test-password")
    key = Token.objects.create(user=staff).key
    method, path, body, headers = curl_request(command, {"STAFF_TOKEN": key, "TOKEN": key})
    if headers.get("HTTP_CONTENT_TYPE"):
        headers["content_type"] = headers.pop("HTTP_CONTENT_TYPE")
    response = client.generic(method, path, body, **headers)
    expected = 201 if method == "POST" else 200
    assert response.status_code == expected, (command, getattr(response, "content", b"")[:300])


# Runs manage.py command lines one after another in one process, as `manage.py` would one per process: each with
# its own environment additions, exit status and output. Starting Django once instead of thirteen times was most of
# this test's time. Settings are read once, so every command must ask for the same settings (asserted below).
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


@pytest.fixture(scope="module")
def fresh_project(tmp_path_factory):
    """A folder for a fresh SQLite database, and an environment without DEBUG or a secret key."""
    folder = tmp_path_factory.mktemp("readme")
    # Paths in README commands are relative to the project. The shipped package is there in part (every dataset,
    # three regions): importing, exporting and importing again its 8,993 figures was most of this test's time, and
    # the whole package imports in tests/test_shipped_package.py.
    (folder / "fixtures" / "packages").mkdir(parents=True)
    for entry in (ROOT / "fixtures").iterdir():
        if entry.name != "packages":
            (folder / "fixtures" / entry.name).symlink_to(entry)
    shipped_package_in_part(folder / "fixtures" / "packages" / SHIPPED.name, {"KZ", "", "KZ-35"})
    env = {name: value for name, value in os.environ.items() if name not in {"DJANGO_DEBUG", "DJANGO_SECRET_KEY"}}
    env["DATABASE_URL"] = f"sqlite:///{folder / 'db.sqlite3'}"
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return folder, env


@pytest.mark.slow
@pytest.mark.django_db
def test_readme_manage_commands_run_without_debug_or_secret_set(fresh_project):
    from indicators.resources import RESOURCES

    folder, env = fresh_project
    # The files the README's imports read, as the admin's Export writes them.
    (folder / "zones.csv").write_text(RESOURCES["zones"]().export().csv, encoding="utf-8")
    (folder / "data.json").write_text(RESOURCES["observations"]().export().json, encoding="utf-8")
    commands, settings_asked = [], set()
    for command in MANAGE_COMMANDS:
        words = shlex.split(command)
        assignments = {}
        while "=" in words[0] and not words[0].startswith("-"):
            name, value = words.pop(0).split("=", 1)
            assignments[name] = value
        assert words[:3] == [".venv/bin/python", "manage.py", words[2]], command
        if words[2] == "createsuperuser" and "--noinput" not in words:
            continue  # interactive: its --noinput form below is run instead
        settings_asked.add(tuple(sorted((n, v) for n, v in assignments.items() if not n.startswith(PER_COMMAND))))
        commands.append((command, words[2:], assignments))
    assert len(settings_asked) == 1, f"README commands set different settings; run them apart: {settings_asked}"
    # The database is migrated first, as `make run` does, with the settings the commands ask for.
    batch = [(["migrate", "--noinput", "-v0"], {}), *((argv, extra) for _command, argv, extra in commands)]
    process = subprocess.run(
        [sys.executable, "-c", f"import sys; sys.path.insert(0, {str(ROOT)!r}); {RUNNER}"],
        input=json.dumps(batch),
        cwd=folder,
        env={**env, **dict(next(iter(settings_asked))), "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert process.returncode == 0, process.stderr[-3000:]
    migrated, *results = json.loads(process.stdout.strip().splitlines()[-1])
    assert migrated["code"] == 0, migrated["stderr"][-2000:]
    for (command, argv, _extra), result in zip(commands, results, strict=True):
        if argv[0] == "check_data":
            # The package is here in part (three regions), so the regions cannot add up to the republic: the
            # command runs and says so (exit 1). The whole package passes: tests/test_checks.py.
            assert result["code"] in (0, 1) and "PASS" in result["stdout"], f"{command}\n{result['stderr'][-2000:]}"
            continue
        assert result["code"] == 0, f"{command}\n{result['stderr'][-2000:]}"
