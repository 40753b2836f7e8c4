# The README's two commands: `make run` and `make test`. Both set everything up themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
OUT ?= out
# pytest-xdist processes for `make test`; 0 runs the suite in this one process
TEST_WORKERS ?= auto

# Kivy quiet and headless-safe (see ../shared/notes/kivy-printer-postgres-facts.md §2.5).
export KIVY_NO_ARGS := 1
export KIVY_NO_CONSOLELOG := 1
export KIVY_NO_FILELOG := 1
export KIVY_LOG_MODE := PYTHON
export KIVY_WINDOW := sdl2
export KIVY_HOME := $(CURDIR)/.kivyhome
export SDL_AUDIODRIVER ?= dummy

.PHONY: run test lint typecheck unit bench setup system-packages clean

setup: $(STAMP)

system-packages:
	@scripts/system-packages.sh

$(STAMP): pyproject.toml scripts/system-packages.sh
	@scripts/system-packages.sh
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "Installing Python packages into $(VENV) (log: $(VENV)/pip.log)"
	@$(BIN)/python -m pip install --upgrade pip >$(VENV)/pip.log 2>&1 || (cat $(VENV)/pip.log; exit 1)
	@$(BIN)/python -m pip install -e '.[dev]' >>$(VENV)/pip.log 2>&1 || (cat $(VENV)/pip.log; exit 1)
	@touch $@

run: $(STAMP)
	@scripts/run.sh

lint: $(STAMP)
	$(BIN)/ruff check kiosk screens tests bench
	$(BIN)/ruff format --check kiosk screens tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	SDL_VIDEODRIVER=offscreen $(BIN)/python -m pytest -q -n $(TEST_WORKERS) $(PYTEST_ARGS)

test: lint typecheck unit

bench: $(STAMP)
	SDL_VIDEODRIVER=offscreen $(BIN)/python -m bench

clean:
	rm -rf $(VENV) .kivyhome .mypy_cache .ruff_cache .pytest_cache $(OUT)
