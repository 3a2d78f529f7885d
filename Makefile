# Two commands do all set-up: `make run` and `make test`.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000

.PHONY: run test install migrate seed schema clean messages bench

$(BIN)/.installed: requirements.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) not found: install Python 3.11 or run 'make PYTHON=python3 ...'"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

install: $(BIN)/.installed

# Local server on SQLite with DEBUG on (a development key is used unless DJANGO_SECRET_KEY is set).
run: install
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python manage.py migrate --noinput
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python manage.py load_seed_data
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python manage.py import_datapackage fixtures/packages/kz-regional-statistics
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python manage.py runserver $(HOST)

# All tests, on SQLite unless DATABASE_URL points elsewhere.
test: install
	DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-test-only-secret-key} $(BIN)/python -m pytest

# Time typical API requests in-process on the seeded SQLite database (see indicators/management/commands/bench_api.py).
bench: install
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python manage.py migrate --noinput -v0
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python manage.py load_seed_data -v0
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python manage.py bench_api

# Refresh the kk/ru catalogs of enum labels and API messages after changing a translatable string, then
# translate the new entries in each */locale/*/LC_MESSAGES/django.po. Needs GNU gettext (msgfmt); the
# compiled .mo files are committed, so running the API never does.
messages: install
	for app in indicators investments education regionapi; do \
		(cd $$app && DJANGO_DEBUG=1 ../$(BIN)/python ../manage.py makemessages -l kk -l ru --no-location --no-obsolete -i migrations) || exit 1; \
	done
	for app in indicators investments education regionapi; do \
		(cd $$app && DJANGO_DEBUG=1 ../$(BIN)/python ../manage.py compilemessages) || exit 1; \
	done

clean:
	rm -rf $(VENV) .pytest_cache staticfiles
