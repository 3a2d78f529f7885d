"""What the project writes to its log on its own: nothing at start-up, one line per request a client can cause at will.

Each test runs a fresh process, since logging is configured once per process (from settings.LOGGING) and the start-up
banner is printed once per process.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow

BAD_HOST = """
import django
django.setup()
from django.test import Client
for _ in range(3):
    print("status", Client().get("/api/v1/", HTTP_HOST="evil.example").status_code)
"""


def run(arguments, *, debug: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": debug,
        "DJANGO_ENV_FILE": "",
        "PYTHONPATH": str(ROOT),
    }
    return subprocess.run([sys.executable, *arguments], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("debug", ["0", "1"])
def test_a_manage_py_command_prints_no_axes_banner(debug):
    result = run(["manage.py", "check"], debug=debug)
    assert result.returncode == 0, result.stderr
    assert "AXES" not in result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout  # the command's own output is still there


@pytest.mark.parametrize("debug", ["0", "1"])
def test_a_bad_host_header_logs_one_line_per_request_without_a_traceback(debug):
    result = run(["-c", BAD_HOST], debug=debug)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n") == ["status 400"] * 3 + [""]
    message = "Invalid HTTP_HOST header: 'evil.example'. You may need to add 'evil.example' to ALLOWED_HOSTS."
    assert [line for line in result.stderr.splitlines() if "evil.example" in line] == [message] * 3
    assert "Traceback" not in result.stderr
    assert "DisallowedHost" not in result.stderr  # the exception's own line closes its traceback
