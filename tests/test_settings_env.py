"""The test run reads no `.env`: a developer's local settings (DJANGO_LANGUAGE_CODE=ru, a secret key, ...) never
change a test's result, whether the suite starts with `make test` or plain `python -m pytest`. The product still reads
its `.env`; only the environment of the test run (pyproject.toml, [tool.pytest_env]) turns it off."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent


def test_the_settings_of_this_run_read_no_env_file():
    # Settings load before any conftest.py, so the switch must be in the environment pytest starts with.
    assert settings.ENV_FILE is None


def language_of_a_project_whose_env_says_ru(folder: Path, env: dict[str, str]) -> str:
    """LANGUAGE_CODE that the settings module gives in a copy of the project folder holding `.env` with
    DJANGO_LANGUAGE_CODE=ru, started with the environment `env`."""
    (folder / "config").mkdir(parents=True)
    shutil.copy(ROOT / "config" / "settings.py", folder / "config" / "settings.py")
    # The settings read the API's description from the project folder too.
    shutil.copy(ROOT / "config" / "openapi-description.md", folder / "config" / "openapi-description.md")
    (folder / ".env").write_text("DJANGO_LANGUAGE_CODE=ru\n", encoding="utf-8")
    script = "import runpy, sys; print(runpy.run_path(sys.argv[1])['LANGUAGE_CODE'])"
    result = subprocess.run(
        [sys.executable, "-c", script, str(folder / "config" / "settings.py")],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_a_env_file_in_the_project_folder_does_not_reach_the_tests(tmp_path):
    environment = {name: value for name, value in os.environ.items() if name != "DJANGO_LANGUAGE_CODE"}
    assert language_of_a_project_whose_env_says_ru(tmp_path / "test-run", environment) == "kk"
    # The same folder outside a test run: its .env is read, so the check above is not vacuous.
    environment.pop("DJANGO_ENV_FILE", None)
    assert language_of_a_project_whose_env_says_ru(tmp_path / "outside", environment) == "ru"
