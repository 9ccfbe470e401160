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
## content, then run the site and the django-q2 worker until Ctrl-C.
demo: migrate
	$(PY) manage.py load_initial_data
	@echo "Starting the site on http://$(HOST):$(PORT)/ and the task worker; Ctrl-C stops both."
	@$(PY) manage.py qcluster & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	trap 'exit 130' INT TERM; \
	$(PY) manage.py runserver --noreload $(HOST):$(PORT)

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
