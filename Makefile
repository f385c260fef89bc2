# Two commands: `make run` serves the site, `make test` runs every gate. Nothing else to install.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/postgres
PYTEST_ARGS ?=
DB ?= sqlite

.PHONY: messages run test lint security check pytest pytest-postgres scale-out e2e chromium bench clean backup restore scan faults

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# The interface's translations (locale/*/LC_MESSAGES/*.po, kept in the repository) compiled.
messages: $(VENV)/.installed-dev
	$(BIN)/python scripts/compile_messages.py

run: messages
	@# A demo database made before the custom user model (accounts.User) cannot be migrated:
	@# it is kept aside as db.sqlite3.before-accounts and a new one is made.
	@$(PYTHON) -c "import sqlite3,os,sys; p='db.sqlite3'; sys.exit(0 if not os.path.exists(p) else (1 if sqlite3.connect(p).execute(\"select count(*) from sqlite_master where name='auth_user'\").fetchone()[0] else 0))" || \
		{ echo "db.sqlite3 predates the custom user model: keeping it as db.sqlite3.before-accounts and starting afresh"; mv db.sqlite3 db.sqlite3.before-accounts; rm -f db.sqlite3-wal db.sqlite3-shm; }
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_course
	$(BIN)/python manage.py create_demo_accounts
	@# The mail worker (coursesite/mail.py) runs beside the server and stops with it.
	@$(BIN)/python manage.py db_worker --backend mail --queue-name mail & WORKER=$$!; \
		trap 'kill $$WORKER 2>/dev/null' EXIT INT TERM; \
		$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: lint check pytest pytest-postgres scale-out e2e
	@echo "All gates passed."

lint: $(VENV)/.installed-dev security
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

# bandit on the project's code (every finding fixed or marked `# nosec <id>` beside the reason
# given to ruff), then pip-audit against PyPI's advisory database when it answers.
security: $(VENV)/.installed-dev
	$(BIN)/bandit -q -r accounts circles coursesite home lessons quizzes toolkit bench scripts -x '*/migrations/*' -s B404
	@$(BIN)/python scripts/pip_audit_if_reachable.py

# The deploy checklist runs on production settings with throwaway values for the required
# variables (a fresh random SECRET_KEY each time, so no key ever sits in the repository).
check: messages
	DJANGO_SETTINGS_MODULE=coursesite.settings.test $(BIN)/python manage.py check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=coursesite.settings.test $(BIN)/python manage.py makemigrations --check --dry-run
	env -u DJANGO_ALLOW_ASYNC_UNSAFE DJANGO_SETTINGS_MODULE=coursesite.settings.production \
		SECRET_KEY="$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
		ALLOWED_HOSTS=course.example.org WAGTAILADMIN_BASE_URL=https://course.example.org \
		$(BIN)/python manage.py check --deploy --fail-level WARNING

pytest: messages
	$(BIN)/pytest -m "not e2e and not scale_out" -n 2 --create-db -rs $(PYTEST_ARGS)

# The same suite on PostgreSQL when it answers; said plainly when it does not.
pytest-postgres: messages
	@if $(BIN)/python -c "import psycopg; psycopg.connect('$(PG_URL)', connect_timeout=3).close()" 2>/dev/null; then \
		echo "PostgreSQL reachable: running the suite on PostgreSQL"; \
		DATABASE_URL=$(PG_URL) $(BIN)/pytest -m "not e2e and not scale_out" -n 2 --create-db -rs $(PYTEST_ARGS); \
	else \
		echo "SKIPPED: PostgreSQL is not reachable at $(PG_URL); the suite ran on SQLite only."; \
	fi

# Two gunicorn servers sharing PostgreSQL and Redis (tests/test_scale_out.py); skipped, with
# the reason printed, when either is not reachable.
scale-out: messages
	$(BIN)/pytest -m scale_out $(PYTEST_ARGS)

chromium:
	@command -v chromium >/dev/null 2>&1 || command -v /usr/bin/chromium >/dev/null 2>&1 || \
		{ echo "Installing Debian's chromium for the browser tests"; \
		  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || \
		  echo "Could not install chromium: the browser tests will be skipped with that reason."; }

e2e: messages chromium
	$(BIN)/pytest -m e2e --create-db -rs $(PYTEST_ARGS)

# wapiti against the site served with production settings on 127.0.0.1 (not part of `make test`).
scan: $(VENV)/.installed-dev
	scripts/scan.sh

# A consistent snapshot of the database (DATABASE_URL, else db.sqlite3) into backups/.
backup: $(VENV)/.installed-dev
	$(BIN)/python manage.py backup_db

# make restore FILE=backups/coursesite-backup-....sqlite3 (asks first; saves the current data).
restore: $(VENV)/.installed-dev
	@test -n "$(FILE)" || { echo "Usage: make restore FILE=backups/<snapshot>"; exit 2; }
	$(BIN)/python manage.py restore_db "$(FILE)"

# Load test (not part of `make test`): `make bench` on SQLite, `make bench DB=postgres` on
# PostgreSQL + Redis. Prints a table and writes bench/results.json.
bench: messages
	@command -v wrk >/dev/null 2>&1 || { echo "Installing Debian's wrk"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
	$(BIN)/python bench/run.py --db $(DB)

# Fault drill (not part of `make test`): its own Redis and PostgreSQL on spare loopback ports,
# a gunicorn, a bounded mixed load while Redis is killed and frozen and PostgreSQL stopped.
faults: $(VENV)/.installed-dev
	$(BIN)/python scripts/faults.py

clean:
	rm -rf $(VENV) staticfiles
