# Fresh machine: `make run` sets up and serves on $PORT (default 8000); `make test` runs every test.
PYTHON ?= python3
VENV ?= .venv
PORT ?= 8000
BIN := $(VENV)/bin
export OMP_NUM_THREADS ?= 1
export HF_HUB_OFFLINE := 1

.PHONY: setup setup-test run test index corpus eval eval-gate clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

# torch's CPU build must be installed before sentence-transformers so pip does not fetch the CUDA one.
$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e ".[st,test]"
	touch $@

setup: $(VENV)/.installed

setup-test: $(VENV)/.installed-test

run: setup
	$(BIN)/python -m bot serve --host 0.0.0.0 --port $(PORT)

test: setup-test
	$(BIN)/python -m pytest -q

corpus: setup
	$(BIN)/python -m bot corpus

index: setup
	OMP_NUM_THREADS=2 $(BIN)/python -m bot index

eval: setup
	$(BIN)/python -m bot eval

# The eval regression gate (also run by `make test`); refresh with `python -m bot eval --write-baseline`.
eval-gate: setup
	$(BIN)/python -m bot eval --gate evals/baseline.json --no-tags

clean:
	rm -rf $(VENV) var test-artifacts .pytest_cache
