# Everything starts from a bare Python 3.11: each target creates .venv and installs what it needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
STAMP_TEST := $(VENV)/.installed-test
STAMP_BENCH := $(VENV)/.installed-bench

.PHONY: run test test-all bench bench-quality check-seeds check-bench clean-venv

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(STAMP_TEST): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@ $(STAMP)

run: $(STAMP)
	$(BIN)/pipeline run --input raw --output clean --config configs/default.toml

test: $(STAMP_TEST)
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m pytest -q -rs

test-all: $(STAMP_TEST)
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m pytest -q -rs -m ''

$(STAMP_BENCH): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[bench]'
	touch $@ $(STAMP)

# Cleaning quality on shared/bench/dev and shared/bench/snippets, peers, harm forms, false drops,
# false splits and per-rule false removals included -> benchmarks/results/quality.md
bench-quality: $(STAMP_BENCH)
	$(BIN)/python benchmarks/quality.py
	$(BIN)/python benchmarks/quality_meta.py

# On demand only (never part of test runs): about 20 minutes on 2 cores; run it on a quiet machine.
# The bench extra brings the peers it measures against (datatrove and spaCy for its filters).
bench: $(STAMP_BENCH)
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python benchmarks/speed.py

check-seeds: $(STAMP)
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python ../shared/checks/check_seeds.py

check-bench: $(STAMP)
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python ../shared/checks/check_bench.py

clean-venv:
	rm -rf $(VENV)
