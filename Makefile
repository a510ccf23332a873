# Every target builds what it needs itself: a fresh machine needs only Python 3.11 and make.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint format screenshots bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[demo,test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/lambdatui --demo

test: $(STAMP)
	$(BIN)/ruff check lambdatui tests bench tools
	$(BIN)/ruff format --check lambdatui tests bench tools
	$(BIN)/python -m pytest -n 2 -q

lint: $(STAMP)
	$(BIN)/ruff check lambdatui tests bench tools

format: $(STAMP)
	$(BIN)/ruff format lambdatui tests bench tools
	$(BIN)/ruff check --fix lambdatui tests bench tools

screenshots: $(STAMP)
	$(BIN)/python -m tools.screenshots screenshots

bench: $(STAMP)
	$(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
