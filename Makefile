# Two commands do all set-up: `make run` and `make test`. Everything else is here for maintainers.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export ACTIEPLAN_DATA_DIR ?= ./var
EVAL_DATA_DIR ?= ./var/eval-index

.PHONY: install run test lint unit browser postgres faketime bench eval baseline clean test-mutation

install: $(STAMP)

# Idempotent: the venv is (re)built only when pyproject.toml or the pinned constraints change.
$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check --upgrade "pip>=24"
	$(PY) -m pip install -q --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $(STAMP)

run: install
	$(BIN)/actieplan ingest --if-needed
	$(BIN)/actieplan serve

# Headless Chromium for the web tests (Debian packages; needs root, as on CI).
browser:
	@if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	else echo "chromium/chromedriver ontbreken: browsertests worden overgeslagen (sudo apt-get install chromium chromium-driver)"; fi

# PostgreSQL's server programs for the database tests (Debian packages; needs root, as on CI). A test starts its
# own throwaway cluster from them unless ACTIEPLAN_TEST_DATABASE_URL names one; the service itself needs none.
postgres:
	@if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; \
	else echo "PostgreSQL ontbreekt: databasetests worden overgeslagen (sudo apt-get install postgresql)"; fi

# libfaketime for the CI step that runs the suite with the machine's clock moved (Debian package; needs root).
faketime:
	@if command -v faketime >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq faketime >/dev/null; \
	else echo "faketime ontbreekt (sudo apt-get install faketime)"; fi

lint: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports

unit: install
	$(BIN)/pytest -q

test: install browser postgres lint unit

# A fresh index of the plan of the live version (make eval INDEX=staged: of the staged one; the bundled plan when
# nothing was ingested yet), so the figures follow the plan that serves and the code, not what else var/ holds.
# The plan it replaced comes along (its records only), so the fresh index answers "wat is er veranderd?" and says
# "geschrapt" as the service does.
INDEX ?= live
FRESH_INDEX = PLAN="$$($(BIN)/actieplan status --plan-file $(1))" || exit 2; \
	EARLIER="$$($(BIN)/actieplan status --earlier-plan-file $(1))" || exit 2; \
	echo "Plan: $$PLAN$${EARLIER:+ (vorig plan: $$EARLIER)}"; \
	rm -rf $(EVAL_DATA_DIR) && \
	ACTIEPLAN_DATA_DIR=$(EVAL_DATA_DIR) $(BIN)/actieplan ingest --plan "$$PLAN" $${EARLIER:+--earlier "$$EARLIER"} >/dev/null
eval: install
	@$(call FRESH_INDEX,$(INDEX)) && \
	ACTIEPLAN_DATA_DIR=$(EVAL_DATA_DIR) $(BIN)/actieplan eval --baseline evals/baseline/report.json --out var/eval

# Regenerate the committed baseline after a deliberate change, saying why (then review and commit evals/baseline/,
# with the reason in the commit message too): make baseline REASON="…". Made on the live version's plan: after a
# plan update, once the new version is promoted.
baseline: install
	@if [ -z "$(REASON)" ]; then echo 'Zeg waarom de baseline verandert: make baseline REASON="…"' >&2; exit 2; fi
	@$(call FRESH_INDEX,live) && \
	ACTIEPLAN_DATA_DIR=$(EVAL_DATA_DIR) $(BIN)/actieplan eval --out evals/baseline --no-progress --reason "$(REASON)"

bench: install
	$(PY) bench/ingest_bench.py
	$(PY) bench/answer_bench.py
	rm -rf var/bench-index && ACTIEPLAN_DATA_DIR=var/bench-index $(BIN)/actieplan ingest >/dev/null 2>&1
	# All bench traffic comes from 127.0.0.1: the per-client rate limit would measure only itself.
	ACTIEPLAN_RATE_LIMIT_PER_MINUTE=0 $(PY) bench/http_bench.py --data-dir var/bench-index
	$(PY) bench/load_bench.py
	$(PY) bench/scale_bench.py
	$(PY) bench/hung_chroma_bench.py
	$(PY) bench/parse_bench.py
	$(PY) bench/paste_bench.py

# In CI: mutants of the filter model, the routing and the gate (see [tool.mutmut] in pyproject.toml) against the
# tests that use them (pytest_add_cli_args_test_selection). A fixed sample fits the CI time: the first mutant of
# every function and every one whose number ends in 13 (137 of 2,410). Fails below the score recorded in
# evals/mutation-score.json minus its margin; `make test-mutation RECORD=1` records this run's score instead.
MUTATION_INDEX := $(abspath var/mutation-index)
MUTATION_SAMPLE := "*__mutmut_1" "*__mutmut_*13"
test-mutation: install
	rm -rf $(MUTATION_INDEX) mutants
	ACTIEPLAN_DATA_DIR=$(MUTATION_INDEX) $(BIN)/actieplan ingest >/dev/null
	ACTIEPLAN_TEST_INGESTED_DIR=$(MUTATION_INDEX) $(BIN)/mutmut run --max-children 2 $(MUTATION_SAMPLE)
	$(PY) bench/mutation_score.py $(if $(RECORD),--record)

clean:
	rm -rf var test-artifacts .pytest_cache .mypy_cache .ruff_cache
