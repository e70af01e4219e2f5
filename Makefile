# Rummelig: `make run` serves the demo on http://127.0.0.1:8000, `make test` runs every check.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
CONSOLE_MAIL := django.core.mail.backends.console.EmailBackend

.PHONY: run install test lint suite vendor messages benchmark benchmark-scale benchmark-load clean

$(VENV)/.installed: requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Rummelig needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	@touch $@

install: $(VENV)/.installed

run: install
	DEBUG=1 $(PY) manage.py migrate --no-input
	DEBUG=1 $(PY) manage.py load_demo
	@echo "Rummelig runs on http://127.0.0.1:8000 — log in with a demo login above. Stop with Ctrl-C."
# The background worker (jobs: PDF packs, ZIPs, e-mails) and the scheduler of the periodic work
# (reminders, digests, purges) run beside the web server; Ctrl-C stops all three. E-mails are
# printed in this terminal (the console backend) instead of sent.
	DEBUG=1 EMAIL_BACKEND=$(CONSOLE_MAIL) $(PY) manage.py db_worker & worker=$$!; \
	DEBUG=1 $(PY) manage.py run_schedule & scheduler=$$!; \
	trap 'kill $$worker $$scheduler 2>/dev/null; wait $$worker $$scheduler 2>/dev/null' EXIT INT TERM; \
	DEBUG=1 EMAIL_BACKEND=$(CONSOLE_MAIL) $(PY) manage.py runserver 127.0.0.1:8000

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy .
	$(VENV)/bin/lint-imports
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
	$(PY) scripts/check_messages.py

test: lint suite

# The test suite alone; PYTEST_ARGS narrows it. CI runs the tests that use the database again on
# PostgreSQL (RUMMELIG_SUITE=database, see tests/conftest.py).
suite: install
	$(VENV)/bin/pytest -n 2 $(PYTEST_ARGS)

messages: install
	DEBUG=1 $(PY) manage.py makemessages -l da --no-obsolete --add-location file -i '.venv/*' -i 'node_modules/*' -i 'static/vendor/*' -i 'tests/*' -i 'benchmarks/*' -i 'typings/*'
	DEBUG=1 $(PY) manage.py compilemessages -l da

vendor:
	scripts/vendor_assets.sh

benchmark: install
	$(PY) benchmarks/budget_tables.py
	$(PY) benchmarks/progress_pages.py

# At a region's scale on PostgreSQL (DATABASE_URL, default the database rummelig_scale, which it
# creates and fills with `build_scale_data` on its first run): every page, interleaved.
benchmark-scale: install
	$(PY) benchmarks/scale_pages.py --rounds $(or $(ROUNDS),20)

# gunicorn with 2 workers on loopback against the same database; after benchmark-scale.
benchmark-load: install
	$(PY) benchmarks/load_test.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .mypy_cache .ruff_cache
