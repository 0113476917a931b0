# Pamong — the two commands of the README, plus a few helpers.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_EMPLOYEES ?= 2000
DEMO_SEED ?= 1
# Test processes (pytest-xdist); each gets its own test database. `TEST_WORKERS=0 make test` runs in one process.
TEST_WORKERS ?= auto

.PHONY: run test install lint bench bench-pg bench-performance bench-profile messages check-deploy worker clean fuzz

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip "setuptools<81" wheel
	# xstatic-bootstrap's sdist still imports pkg_resources at build time.
	$(BIN)/pip install -q --no-build-isolation xstatic-bootstrap==5.3.8.0
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

## Run Pamong with demo data on http://$(HOST):$(PORT) (seeds only on the first run).
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo --employees $(DEMO_EMPLOYEES) --seed $(DEMO_SEED)
	$(BIN)/python manage.py seed_leave_demo --seed $(DEMO_SEED)
	$(BIN)/python manage.py seed_performance_demo --seed $(DEMO_SEED)
	$(BIN)/python manage.py seed_development_demo --seed $(DEMO_SEED)
	$(BIN)/python manage.py seed_attendance_demo --seed $(DEMO_SEED)
	$(BIN)/python manage.py seed_discipline_demo
	$(BIN)/python manage.py seed_mobility_demo --seed $(DEMO_SEED)
	$(BIN)/python manage.py seed_feedback_demo --seed $(DEMO_SEED)
	$(BIN)/python manage.py seed_forum_demo
	$(BIN)/python manage.py demo_accounts
	PAMONG_DEMO=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

## Pass the tests (SQLite by default; DATABASE_URL=postgres://… for PostgreSQL).
test: install
	$(BIN)/python manage.py makemigrations --check --dry-run --settings=config.settings.test
	$(BIN)/pytest -q -n $(TEST_WORKERS) --dist loadgroup

## schemathesis against the OpenAPI schema, longer than the suite's bounded run: FUZZ_EXAMPLES per operation,
## a random seed unless FUZZ_SEED is a number (0 server errors and 0 contract violations to pass).
FUZZ_EXAMPLES ?= 100
FUZZ_SEED ?= random
fuzz: install
	PAMONG_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) PAMONG_FUZZ_SEED=$(FUZZ_SEED) $(BIN)/pytest -q -m fuzz \
		pamong/api/tests/test_fuzz_openapi.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports

## Benchmarks: people and leave pages at 2,000 and 50,000 employees, then performance, development, attendance and
## the BKPSDM lists at 50,000, the placement solver, the survey at 100,000 questionnaires (README "Benchmarks").
bench: install
	$(BIN)/python bench/run.py
	$(BIN)/python bench/performance_bench.py
	$(BIN)/python bench/daily_bench.py
	$(BIN)/python bench/targets_bench.py --employees 50000
	$(BIN)/python bench/profile_pages.py --employees 50000
	$(BIN)/python bench/development_bench.py --employees 50000
	$(BIN)/python bench/quiz_burst.py
	$(BIN)/python bench/attendance_import_bench.py --employees 50000
	$(BIN)/python bench/attendance_bench.py --employees 50000
	$(BIN)/python bench/placement_bench.py --employees 5000
	$(BIN)/python bench/lists_bench.py --employees 50000
	$(BIN)/python bench/feedback_bench.py --responses 100000

## The production stack under the same pages and burst: PostgreSQL, gunicorn (2 x cores workers), Redis and a Celery
## worker, all on 127.0.0.1 (scratch database bench_pamong; bench/results/latest-pg.md). BENCH_PG_SIZES=2000,50000.
BENCH_PG_SIZES ?= 2000
bench-pg: install
	$(BIN)/python bench/run.py --database pg --sizes $(BENCH_PG_SIZES)

## Where each page's time goes (middleware, view, SQL, templates), in-process: bench/results/profile-<N>.md.
PROFILE_EMPLOYEES ?= 2000
bench-profile: install
	$(BIN)/python bench/profile_pages.py --employees $(PROFILE_EMPLOYEES)

## Performance benchmark: 50,000 employees × 12 monthly reports (bench/results/performance.md).
bench-performance: install
	$(BIN)/python bench/performance_bench.py

## Re-extract and recompile the Indonesian translations (needs GNU gettext; the .mo is committed).
messages: install
	command -v msgfmt >/dev/null || apt-get install -y -qq gettext
	$(BIN)/python manage.py makemessages -l id --no-obsolete --ignore=.venv --ignore=var --ignore=bench --ignore=tests
	$(BIN)/python manage.py compilemessages -l id --ignore=.venv

check-deploy: install
	DJANGO_SETTINGS_MODULE=config.settings.production SECRET_KEY=$$(head -c 48 /dev/urandom | base64) \
	ALLOWED_HOSTS=pamong.example.go.id PAMONG_TRUSTED_PROXIES=1 PAMONG_AUDIT_KEY=$$(head -c 48 /dev/urandom | base64) \
	$(BIN)/python manage.py check --deploy --fail-level WARNING

## A Celery worker for production (needs CELERY_BROKER_URL, e.g. redis://127.0.0.1:6379/0).
worker: install
	$(BIN)/celery -A config.celery_app worker --loglevel=INFO

clean:
	rm -rf $(VENV) var
