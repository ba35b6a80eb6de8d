# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint install clean model messages

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q -U pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

# Front-end libraries (Leaflet, world-atlas, topojson-client, swagger-ui-dist and redoc for /docs and
# /redoc) from the lockfile; served by the app itself.
NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $(NODE_STAMP)

install: $(STAMP) $(NODE_STAMP)

demo: $(STAMP) $(NODE_STAMP)
	$(BIN)/trucewatch demo

lint: $(STAMP) $(NODE_STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

# Runs the whole suite; the store tests run on SQLite and, through
# scripts/with-postgres.sh, on a throw-away PostgreSQL server. Strict: a missing Chromium,
# node_modules, PostgreSQL or poppler-utils fails at once with one line saying what to install
# (apt-get install chromium postgresql poppler-utils; make install). To run without the browser
# or PostgreSQL say so, and the run says loudly what it skipped:
#     make test TRUCEWATCH_TEST_SKIP=browser,postgres
# Test files run in parallel, one process per core up to 4 (pytest-xdist; a file's tests stay
# in one process, which builds its module fixtures once; each starts its own browser and
# database connections): TEST_WORKERS=0 runs them in this one.
TEST_WORKERS ?= auto
test: lint
	TRUCEWATCH_TEST_STRICT=1 TRUCEWATCH_TEST_SKIP=$(TRUCEWATCH_TEST_SKIP) \
		scripts/with-postgres.sh $(BIN)/python -m pytest -n $(TEST_WORKERS) --maxprocesses 4 --dist loadfile $(PYTEST_ARGS)

# The learnt sentence classifiers shipped in the package, trained from the shared evaluation articles.
SHARED_EVAL ?= ../shared/eval
model: $(STAMP)
	$(BIN)/trucewatch train $(SHARED_EVAL)/dev --language en -o src/trucewatch/extract/data/model-en.json

clean:
	rm -rf $(VENV) node_modules trucewatch.db* trucewatch-demo.db*

# The web interface's labels: extract them from the templates and add the new ones to each
# language's catalogue (web/locale/<code>/LC_MESSAGES/messages.po), to be translated there.
messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _ -k N_ -o /tmp/trucewatch-messages.pot .
	$(BIN)/pybabel update -i /tmp/trucewatch-messages.pot -d src/trucewatch/web/locale --no-fuzzy-matching
