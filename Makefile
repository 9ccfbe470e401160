# The two commands of the README: `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: demo test install translations migrate lint check serve clean

$(VENV)/.installed: requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

install: $(VENV)/.installed

translations: install
	$(PY) manage.py compile_translations

migrate: install translations
	mkdir -p var
	$(PY) manage.py migrate --noinput

## make demo: install, compile translations, migrate var/db.sqlite3, load the demo
## content, then run the site and the django-q2 worker until Ctrl-C. `make demo PORT=8101`
## serves on another port; the printed and emailed links follow it (PBCERT_HOST and
## PBCERT_PORT, read by the settings, unless WAGTAILADMIN_BASE_URL is set).
## The worker runs in its own process group: a signal to the terminal's group (Ctrl-C,
## `kill -TERM -<pgid>`) reaches only the shell, which stops the site and then the
## worker once, waiting at most 10 s before killing what is left of the worker.
demo: export PBCERT_HOST = $(HOST)
demo: export PBCERT_PORT = $(PORT)
demo: migrate
	$(PY) manage.py generate_issuer_key --if-missing
	$(PY) manage.py load_initial_data
	@echo "Starting the site on http://$(HOST):$(PORT)/ and the task worker; Ctrl-C stops both."
	@$(PY) -c 'import os, sys; os.setpgrp(); os.execv(sys.executable, [sys.executable, "manage.py", "qcluster"])' & worker=$$!; \
	$(PY) manage.py runserver --noreload $(HOST):$(PORT) & server=$$!; \
	trap 'trap "" INT TERM HUP; kill -TERM $$server $$worker 2>/dev/null; \
		for i in $$(seq 50); do kill -0 $$worker 2>/dev/null || break; sleep 0.2; done; \
		kill -KILL -$$worker 2>/dev/null; wait 2>/dev/null' EXIT; \
	trap 'exit 130' INT TERM HUP; \
	wait $$server

## make test: install and run the whole pytest suite (browser tests included).
test: install translations
	mkdir -p var test-artifacts
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(PY) -m ruff check .

check: install
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) var test-artifacts
