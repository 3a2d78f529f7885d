# Two commands do all set-up: `make run` and `make test`.
PYTHON ?= python3.11
# Python caches compiled modules (and pytest its rewritten test modules) unless told not to; a shell that sets
# PYTHONDONTWRITEBYTECODE made every test process and every server the tests start compile the project again.
unexport PYTHONDONTWRITEBYTECODE
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000
# Both locks are resolved for every platform (--universal) on Python 3.11, every file pinned by its hash.
LOCK := $(BIN)/uv pip compile --quiet --universal --python-version 3.11 --generate-hashes --custom-compile-command "make lock"

.PHONY: run test lint docs lock install install-dev migrate seed schema clean messages bench bench-quick

# The load benchmark (make bench): sizes, databases and the PostgreSQL database it makes (its name contains "bench").
BENCH_VENV ?= .venv-bench
BENCH_DB ?= all
BENCH_PROJECTS ?=
BENCH_OBSERVATIONS ?=
BENCH_PG_URL ?= postgres://postgres@127.0.0.1:5432/regionapi_bench
BENCH_FLAGS ?=

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) not found: install Python 3.11 or run 'make PYTHON=python3 ...'"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The runtime set only (make run, make bench); the stamp is older than an edited lock, so an edit reinstalls.
$(VENV)/.installed-runtime: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.txt
	touch $@

# The runtime and development sets together (make test, make lint, make lock): one resolve, so pip checks they agree.
$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.txt -r requirements-dev.txt
	touch $@

# The benchmark's own set (Datasette) in a venv of its own, so it never touches the runtime or development sets.
$(BENCH_VENV)/.installed: requirements-bench.txt
	@test -x $(BENCH_VENV)/bin/python || $(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet --require-hashes -r requirements-bench.txt
	touch $@

install: $(VENV)/.installed-runtime
install-dev: $(VENV)/.installed-dev

# Local server on SQLite with DEBUG on (a development key is used unless DJANGO_SECRET_KEY is set).
run: install
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python manage.py migrate --noinput
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python manage.py load_seed_data
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python manage.py import_datapackage fixtures/packages/kz-regional-statistics
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python manage.py import_datapackage fixtures/packages/kz-regional-economy
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python manage.py runserver $(HOST)

# All tests, on SQLite unless DATABASE_URL points elsewhere (their environment: pyproject.toml, [tool.pytest_env]).
test: install-dev
	$(BIN)/python -m pytest

# Lint, format and import-layer checks, as CI runs them (.ci/run). `ruff check --fix .` and `ruff format .` repair
# most lint and format findings; lint-imports names each import that breaks a layer or makes a cycle.
lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

# The documentation site (mkdocs.yml, docs/) in site/, with warnings as errors as CI builds it: open site/index.html.
docs: install-dev
	$(BIN)/mkdocs build --strict --site-dir site

# Re-resolve the locks after editing requirements.in or requirements-dev.in. Versions already locked are kept unless
# a pin asks otherwise; `make lock LOCK_FLAGS=--upgrade` moves every unpinned dependency to its newest release.
lock: install-dev
	$(LOCK) $(LOCK_FLAGS) requirements.in -o requirements.txt
	$(LOCK) $(LOCK_FLAGS) requirements-dev.in -o requirements-dev.txt
	$(LOCK) $(LOCK_FLAGS) requirements-bench.in -o requirements-bench.txt

# The load benchmark (docs/benchmark.md): synthetic data in databases of its own, gunicorn and Datasette on 127.0.0.1,
# one table per database printed and written to bench/results-<db>.md. E.g. make bench BENCH_DB=sqlite BENCH_PROJECTS=20000
bench: install $(BENCH_VENV)/.installed
	BENCH_PG_URL=$(BENCH_PG_URL) $(BIN)/python -m bench run --db $(BENCH_DB) \
		$(if $(BENCH_PROJECTS),--projects $(BENCH_PROJECTS)) $(if $(BENCH_OBSERVATIONS),--observations $(BENCH_OBSERVATIONS)) \
		$(BENCH_FLAGS)

# Time typical API requests in-process on the seeded SQLite database (bench/quick.py).
bench-quick: install
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python manage.py migrate --noinput -v0
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python manage.py load_seed_data -v0
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python -m bench quick

# Refresh the kk/ru catalogs of enum labels and API messages after changing a translatable string, then
# translate the new entries in each */locale/*/LC_MESSAGES/django.po. Needs GNU gettext (msgfmt); the
# compiled .mo files are committed, so running the API never does. Each app keeps its own catalog; the project's
# (regionapi/locale, LOCALE_PATHS) holds the messages of regionapi/core and config/, so it is made from the project
# folder with every app and every folder without project code left out.
MESSAGES := makemessages -l kk -l ru --no-location --no-obsolete -i migrations
PROJECT_MESSAGES_SKIP := indicators investments education pages tests bench docs fixtures staticfiles site artifacts
messages: install
	for app in indicators investments education pages; do \
		(cd $$app && DJANGO_DEBUG=1 ../$(BIN)/python ../manage.py $(MESSAGES)) || exit 1; \
	done
	DJANGO_DEBUG=1 $(BIN)/python manage.py $(MESSAGES) $(addprefix -i ,$(PROJECT_MESSAGES_SKIP))
	for app in indicators investments education pages regionapi; do \
		(cd $$app && DJANGO_DEBUG=1 ../$(BIN)/python ../manage.py compilemessages) || exit 1; \
	done

clean:
	rm -rf $(VENV) .pytest_cache staticfiles site
