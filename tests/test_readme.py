"""The README's shell blocks work when pasted: every `curl "$API/..."` answers 2xx on the seed, and every
`.venv/bin/python manage.py ...` runs on a fresh SQLite database with no DJANGO_DEBUG or secret key set."""

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from rest_framework.authtoken.models import Token

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


@pytest.mark.django_db
@pytest.mark.parametrize("command", CURLS, ids=[re.sub(r"\s+", " ", c)[:90] for c in CURLS])
def test_readme_curl_answers(client, django_user_model, command):
    staff = django_user_model.objects.create_superuser("readme-staff", password="a-long-test-password")
    key = Token.objects.create(user=staff).key
    method, path, body, headers = curl_request(command, {"STAFF_TOKEN": key, "TOKEN": key})
    if headers.get("HTTP_CONTENT_TYPE"):
        headers["content_type"] = headers.pop("HTTP_CONTENT_TYPE")
    response = client.generic(method, path, body, **headers)
    expected = 201 if method == "POST" else 200
    assert response.status_code == expected, (command, getattr(response, "content", b"")[:300])


@pytest.fixture(scope="module")
def fresh_project(tmp_path_factory):
    """A folder with a freshly migrated SQLite database, and an environment without DEBUG or a secret key."""
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
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "migrate", "--noinput", "-v0"],
        cwd=folder,
        env={**env, "DJANGO_DEBUG": "1"},
        check=True,
        capture_output=True,
        timeout=300,
    )
    return folder, env


@pytest.mark.slow
@pytest.mark.django_db
def test_readme_manage_commands_run_without_debug_or_secret_set(fresh_project):
    from indicators.resources import RESOURCES

    folder, env = fresh_project
    # The files the README's imports read, as the admin's Export writes them.
    (folder / "zones.csv").write_text(RESOURCES["zones"]().export().csv, encoding="utf-8")
    (folder / "data.json").write_text(RESOURCES["observations"]().export().json, encoding="utf-8")
    for command in MANAGE_COMMANDS:
        words = shlex.split(command)
        assignments = {}
        while "=" in words[0] and not words[0].startswith("-"):
            name, value = words.pop(0).split("=", 1)
            assignments[name] = value
        assert words[:3] == [".venv/bin/python", "manage.py", words[2]], command
        if words[2] == "createsuperuser" and "--noinput" not in words:
            continue  # interactive: its --noinput form below is run instead
        result = subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), *words[2:]],
            cwd=folder,
            env={**env, **assignments},
            capture_output=True,
            text=True,
            timeout=300,
        )
        if words[2] == "check_data":
            # The package is here in part (three regions), so the regions cannot add up to the republic: the
            # command runs and says so (exit 1). The whole package passes: tests/test_checks.py.
            assert result.returncode in (0, 1) and "PASS" in result.stdout, f"{command}\n{result.stderr[-2000:]}"
            continue
        assert result.returncode == 0, f"{command}\n{result.stderr[-2000:]}"
