# dualcareer: `make run` starts the demo platform, `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
CHROMIUM ?= $(shell command -v chromium || command -v chromium-browser || echo /usr/bin/chromium)
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run install test test-unit e2e lint format messages bench clean check-deploy upgrade-check

$(STAMP): pyproject.toml
	@test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

# The matching engine's embeddings of every ESCO label and description (26 MB, not in git):
# built once from the shipped ESCO files with the engine's model (about a minute), and again
# when they, the model's pin or the code that chooses the texts change.
EVIDENCE := dualcareer/data/esco_evidence_vectors.npz
$(EVIDENCE): dualcareer/data/esco_occupations_de.csv.gz dualcareer/data/esco_occupations_en.csv.gz \
		pyproject.toml dualcareer/matching/occupations.py dualcareer/matching/rerank.py \
		dualcareer/matching/texts.py | $(STAMP)
	OPENBLAS_NUM_THREADS=1 $(BIN)/python -m dualcareer.data.build --evidence

# The second model's embeddings of every ESCO label (about 20 MB, not in git): about ten
# minutes on two cores the first time; a rebuild embeds only labels the file lacks.
SECOND := dualcareer/data/esco_e5_label_vectors.npz
$(SECOND): dualcareer/data/esco_occupations_de.csv.gz dualcareer/data/esco_occupations_en.csv.gz \
		pyproject.toml dualcareer/matching/occupations.py dualcareer/matching/texts.py | $(STAMP)
	OPENBLAS_NUM_THREADS=1 $(BIN)/python -m dualcareer.data.build --second

install: $(STAMP) $(EVIDENCE) $(SECOND)

e2e/node_modules/.installed: e2e/package.json e2e/package-lock.json
	npm ci --prefix e2e --no-audit --no-fund --loglevel=error
	@touch $@

## run: set up, migrate SQLite, load the demo network and serve http://127.0.0.1:8000
## with the background worker (e-mail, imports) beside it
run: export DJANGO_DEBUG := true
# Links in e-mails point at this server (another HOST/PORT: `make run PORT=8001`);
# an explicit SITE_URL in the environment wins.
run: export SITE_URL ?= http://$(HOST):$(PORT)
run: $(STAMP) $(EVIDENCE) $(SECOND)
	@mkdir -p var
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py demo_load
	@echo
	@$(BIN)/python manage.py demo_logins
	@echo
	@echo "dualcareer runs at http://$(HOST):$(PORT)/ (German) and http://$(HOST):$(PORT)/en/ (English)"
	@echo "The worker beside it sends the queued e-mails and runs the imports. E-mails are printed"
	@echo "here and readable at http://$(HOST):$(PORT)/dev/mail/ (links in them use SITE_URL=$$SITE_URL)."
	@$(BIN)/python manage.py worker --no-reload --no-startup-delay --verbosity 0 & worker=$$!; \
		trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(BIN)/python manage.py runserver $(HOST):$(PORT)

## test: the whole suite: unit and integration tests, then the browser tests
test: test-unit e2e

test-unit: $(STAMP) $(EVIDENCE) $(SECOND)
	$(BIN)/pytest dualcareer $(ARGS)

## e2e: browser tests in headless Chromium (skipped with a message when Chromium is absent,
## unless E2E_REQUIRED=1, as in CI)
e2e: $(STAMP) $(EVIDENCE) $(SECOND)
	@if [ -x "$(CHROMIUM)" ] && command -v npm >/dev/null; then \
		$(MAKE) --no-print-directory e2e/node_modules/.installed && \
		CHROMIUM_PATH="$(CHROMIUM)" $(BIN)/pytest e2e $(ARGS); \
	elif [ "$$E2E_REQUIRED" = "1" ]; then \
		echo "Browser tests required but Chromium ($(CHROMIUM)) or npm is missing." >&2; exit 1; \
	else \
		echo "SKIPPED browser tests: Chromium not found at '$(CHROMIUM)' (or npm missing)."; \
		echo "Install Debian's chromium (apt-get install chromium) to run them."; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_DEBUG=true $(BIN)/mypy dualcareer config
	$(BIN)/lint-imports

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## messages: extract translatable strings per app and compile the catalogues
messages: $(STAMP)
	@for app in dualcareer/*/; do \
		if [ -d "$$app/locale" ]; then \
			(cd $$app && DJANGO_DEBUG=true ../../$(BIN)/django-admin makemessages -l de --settings=config.settings --pythonpath=../.. -i 'tests/*' >/dev/null) || exit 1; \
		fi; \
	done
	@$(BIN)/python scripts/po_reuse.py || echo "Translate the entries listed above, then run make messages again."
	DJANGO_DEBUG=true $(BIN)/python manage.py compilemessages --ignore=.venv >/dev/null
	@echo "catalogues compiled"

## upgrade-check: list the pinned dependencies that have a newer release (never fails; offline
## it says so)
upgrade-check: $(STAMP)
	@$(BIN)/python scripts/upgrade_check.py

check-deploy: $(STAMP)
	$(BIN)/python manage.py check --deploy --fail-level WARNING

bench: $(STAMP) $(EVIDENCE) $(SECOND)
	@ls bench/*.py >/dev/null 2>&1 && for b in bench/*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) var e2e/node_modules .pytest_cache .mypy_cache .ruff_cache
