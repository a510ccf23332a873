# Every target builds what it needs itself: a fresh machine needs only Python 3.11 and make.
#
# The venv is installed from requirements-lock.txt: every package of the tested set (the package,
# its demo and test extras, the build backend) pinned with its hashes, so what is tested is what
# was locked, byte for byte. pyproject.toml keeps the ranges the package accepts. After changing
# a dependency in pyproject.toml, run `make lock` (the stale-lock check below says so otherwise).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
LOCK   := requirements-lock.txt

.PHONY: demo test lint audit-deps lock format screenshots bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml $(LOCK) | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@# A dependency added to pyproject.toml but not locked shows here, not as an ImportError later:
	@# the package with its extras must resolve from what the lock installed, with no index.
	@$(BIN)/python -m pip install --dry-run --quiet --no-index --no-build-isolation -e '.[demo,test]' \
		|| { echo "$(LOCK) does not satisfy pyproject.toml: run 'make lock'"; exit 1; }
	@# Bytecode for everything installed, once (7 s on 2 cores): where PYTHONDONTWRITEBYTECODE is
	@# set, pip leaves none, and each test worker and emulator process compiled moto, botocore
	@# and textual again on every run (50 s of a fresh machine's first `make test`).
	env -u PYTHONDONTWRITEBYTECODE $(BIN)/python -m compileall -q -j 0 $(VENV)/lib > /dev/null
	touch $(STAMP)

# Refresh the lock from pyproject.toml's ranges (needs PyPI); the current pins are kept where they
# still fit, so only what must move moves. Upgrade everything: rm $(LOCK) first. hatchling and
# editables (the build backend, for `pip install --no-build-isolation -e .`) are locked too.
lock: | $(BIN)/python
	$(BIN)/python -m pip install --quiet "uv>=0.5,<1"
	printf 'hatchling>=1.21\neditables>=0.5\n' | $(BIN)/uv pip compile pyproject.toml - --extra demo --extra test \
		--generate-hashes --universal --python-version 3.11 \
		--custom-compile-command "make lock" --output-file $(LOCK)

demo: $(STAMP)
	$(BIN)/lambdatui --demo

# pytest runs TEST_WORKERS processes, each with its own emulator process (tests/conftest.py): more
# than the 2 cores, because a pilot test's process and its emulator mostly take turns (one waits
# for the other's answer), so two pairs left the cores idle a third of the time; a fourth pair
# only added its own start-up (quiet 2 cores, fresh clone: -n 3 2 min 30 s, 4 min 37 s CPU;
# -n 4 2 min 41 s, 5 min 15 s CPU). worksteal gives
# a worker that ran out of tests the rest of another's. Bytecode is written even where the
# environment says not to (PYTHONDONTWRITEBYTECODE): otherwise every worker, and every app process
# a test starts, compiles lambdatui and rewrites the test modules again.
TEST_WORKERS ?= 3
test: $(STAMP)
	$(BIN)/ruff check lambdatui tests bench tools
	$(BIN)/ruff format --check lambdatui tests bench tools
	$(BIN)/lint-imports
	env -u PYTHONDONTWRITEBYTECODE $(BIN)/python -m pytest -n $(TEST_WORKERS) --dist worksteal -q

lint: $(STAMP) audit-deps
	$(BIN)/ruff check lambdatui tests bench tools
	$(BIN)/lint-imports

# Known vulnerabilities in the locked set. When the advisory service cannot be reached, or answers
# for no package, that is said plainly and is not a pass (.ci/audit_deps.py counts what was checked).
audit-deps: $(STAMP)
	$(BIN)/python .ci/audit_deps.py $(LOCK)

format: $(STAMP)
	$(BIN)/ruff format lambdatui tests bench tools
	$(BIN)/ruff check --fix lambdatui tests bench tools

screenshots: $(STAMP)
	$(BIN)/python -m tools.screenshots screenshots

# N functions, at SCALE x AWS's Lambda quotas (the proxy's and lambdatui's pacing alike).
BENCH_ARGS ?= --n 1000 --n 5000 --scale 10
bench: $(STAMP)
	$(BIN)/python -m bench.run $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
