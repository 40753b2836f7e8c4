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

.PHONY: run test lint typecheck unit bench setup system-packages clean lock distro-check pi-check

setup: $(STAMP)

system-packages:
	@scripts/system-packages.sh

# Every Python package comes from requirements.lock: exact versions with their hashes, the same
# on every machine. The project itself goes in last, without its dependencies, built by the
# locked setuptools (no build isolation: nothing is fetched unlocked).
$(STAMP): pyproject.toml requirements.lock scripts/system-packages.sh
	@scripts/system-packages.sh
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "Installing Python packages from requirements.lock into $(VENV) (log: $(VENV)/pip.log)"
	@$(BIN)/python -m pip install --require-hashes -r requirements.lock >$(VENV)/pip.log 2>&1 || (cat $(VENV)/pip.log; exit 1)
	@$(BIN)/python -m pip install --no-deps --no-build-isolation -e . >>$(VENV)/pip.log 2>&1 || (cat $(VENV)/pip.log; exit 1)
	@$(BIN)/python -m pip check || (echo "requirements.lock does not match pyproject.toml: make lock"; exit 1)
	@touch $@

# `make lock` after a change to the dependencies in pyproject.toml (or to take newer releases):
# uv (from the dev extra) resolves once for Python 3.11 to 3.13 on every platform and writes
# requirements.lock (runtime + dev: what `make` installs) and requirements-runtime.lock (the
# same pins without the dev tools: what deploy/install.sh puts on a kiosk), both with hashes.
# setuptools, which builds the project, is locked as well (read from [build-system]).
LOCK := $(BIN)/uv pip compile --universal --python-version 3.11 --generate-hashes --quiet
BUILD_REQUIRES := $(BIN)/python -c 'import tomllib; print(*tomllib.load(open("pyproject.toml", "rb"))["build-system"]["requires"], sep="\n")'
lock: $(STAMP)
	$(BUILD_REQUIRES) | $(LOCK) --upgrade --extra dev pyproject.toml - -o requirements.lock
	$(BUILD_REQUIRES) | $(LOCK) pyproject.toml - -c requirements.lock -o requirements-runtime.lock

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

# This checkout on a fresh Debian trixie root (debootstrap, chroot; needs root): install.sh,
# make run and make test inside, as a newcomer would (scripts/distro-check.sh says more).
distro-check:
	scripts/distro-check.sh amd64

# The same for the Raspberry Pi's arm64 through qemu-user-static: install.sh and make run. Slow.
pi-check:
	scripts/distro-check.sh arm64

clean:
	rm -rf $(VENV) .kivyhome .mypy_cache .ruff_cache .pytest_cache $(OUT)
