# The README's two commands: `make run` (parse the bundled corpus) and `make test`.
# `run` installs only what running xxgk needs; `test` adds the test extras (pytest, dask,
# reportlab, the notebook's matplotlib and Jupyter kernel).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: run test eval clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

run: $(VENV)/.installed-run
	$(BIN)/xxgk parse corpus -o out --summary

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest

eval: $(VENV)/.installed-run
	$(BIN)/xxgk eval --gold corpus/gold corpus --min 100

clean:
	rm -rf out .pytest_cache
