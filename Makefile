# The two commands of the README: `make run` (embedded default: SQLite, no Redis) and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/jobfair
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15
HOST ?= 127.0.0.1
PORT ?= 8000

MANAGE := $(PY) manage.py

.PHONY: install run test test-fast test-topology test-clock lint format seed-hanoi-year worker beat

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

# The embedded scheduler delivers notices in the background while the development server runs.
# The notices the demo made are delivered (one line each) before the server starts; the demo logins and the address
# are printed last, once the server answers. Links in notices follow HOST and PORT.
run: export DEBUG ?= true
run: export SITE_URL ?= http://$(HOST):$(PORT)
run: install
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo --if-empty
	$(MANAGE) run_scheduler --once
	@trap 'kill $$scheduler $$welcome 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) run_scheduler --verbosity 0 & scheduler=$$!; \
	$(MANAGE) demo_welcome --wait 60 & welcome=$$!; \
	$(MANAGE) runserver $(HOST):$(PORT)

# Production-like delivery with REDIS_URL set: a worker and beat (see README).
worker: install
	$(VENV)/bin/celery -A jobfair worker --loglevel=INFO --concurrency=$${CONCURRENCY:-2}

beat: install
	mkdir -p var
	$(VENV)/bin/celery -A jobfair beat --loglevel=INFO --schedule=var/celerybeat-schedule

test: install
	bash scripts/test-services.sh
	bash scripts/ensure-browser.sh
	bash scripts/ensure-nginx.sh
	PY=$(PY) bash scripts/ensure-pdf.sh
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	DATABASE_URL=$(TEST_DATABASE_URL) $(PY) manage.py makemigrations --check --dry-run
	DATABASE_URL=$(TEST_DATABASE_URL) TEST_REDIS_URL=$(TEST_REDIS_URL) $(PY) -m pytest $(PYTEST_ARGS)

# Everything but the browser, integration, concurrency, fuzz and topology layers (see README for its time).
FAST := not browser and not integration and not concurrency and not fuzz and not topology
test-fast: install
	bash scripts/test-services.sh
	DATABASE_URL=$(TEST_DATABASE_URL) TEST_REDIS_URL=$(TEST_REDIS_URL) $(PY) -m pytest -m "$(FAST)" $(PYTEST_ARGS)

# The production shape on loopback (tests/topology, README "Development"): nginx, two gunicorn nodes, two workers,
# one beat, a PostgreSQL primary of its own with a streaming replica, Redis; prints its figures per scenario.
test-topology: install
	bash scripts/ensure-nginx.sh
	$(PY) -m pytest -s -m topology tests/topology $(PYTEST_ARGS)

# The whole suite five times with the clock moved (00:30, 12:30, 20:30 Hanoi, Tết week, New Year's Eve); not in `make test`.
test-clock: install
	bash scripts/test-services.sh
	bash scripts/ensure-browser.sh
	bash scripts/ensure-nginx.sh
	PY=$(PY) bash scripts/ensure-pdf.sh
	DATABASE_URL=$(TEST_DATABASE_URL) TEST_REDIS_URL=$(TEST_REDIS_URL) PY=$(PY) bash scripts/test-clock.sh $(if $(CLOCK),"$(CLOCK)") $(PYTEST_ARGS)

lint:
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format:
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

seed-hanoi-year: install
	$(PY) manage.py seed_demo --scale hanoi-year
