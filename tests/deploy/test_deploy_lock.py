"""requirements.lock and requirements-runtime.lock: every package pinned, hashed, and agreeing."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from deploy_helpers import REPO
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text())
DEV_TOOLS = {"pytest", "ruff", "mypy", "uv", "pytest-xdist", "schemathesis", "zxing-cpp"}


def read_lock(path: Path) -> dict[str, tuple[Requirement, frozenset[str]]]:
    """Each pinned package: its requirement line (name==version ; marker) and its hashes."""
    text = path.read_text().replace("\\\n", " ")
    pins = {}
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        requirement, *hashes = line.split(" --hash=")
        pin = Requirement(requirement.strip())
        pins[canonicalize_name(pin.name)] = (pin, frozenset(h.strip() for h in hashes))
    return pins


FULL = read_lock(REPO / "requirements.lock")
RUNTIME = read_lock(REPO / "requirements-runtime.lock")


def assert_locked(
    requirements: list[str], lock: dict[str, tuple[Requirement, frozenset[str]]]
) -> None:
    for line in requirements:
        wanted = Requirement(line)
        name = canonicalize_name(wanted.name)
        assert name in lock, f"{wanted.name} is not in the lock: make lock"
        version = str(next(iter(lock[name][0].specifier)).version)
        assert wanted.specifier.contains(version), f"{name}=={version} is not {wanted}: make lock"


def test_every_pin_is_exact_and_hashed() -> None:
    for lock in (FULL, RUNTIME):
        for name, (pin, hashes) in lock.items():
            [spec] = pin.specifier
            assert spec.operator == "==", name
            assert hashes and all(h.startswith("sha256:") for h in hashes), name


def test_the_full_lock_has_every_dependency_the_dev_tools_and_the_build_backend() -> None:
    project = PYPROJECT["project"]
    assert_locked(project["dependencies"], FULL)
    assert_locked(project["optional-dependencies"]["dev"], FULL)
    assert_locked(PYPROJECT["build-system"]["requires"], FULL)
    assert {"pytest", "ruff", "mypy"} <= FULL.keys()


def test_the_runtime_lock_is_the_same_pins_without_the_test_tools() -> None:
    assert_locked(PYPROJECT["project"]["dependencies"], RUNTIME)
    assert_locked(PYPROJECT["build-system"]["requires"], RUNTIME)
    for name, pinned in RUNTIME.items():
        assert FULL[name] == pinned, f"{name} differs between the two locks: make lock"
    assert not DEV_TOOLS & RUNTIME.keys()


def test_a_dependency_missing_from_the_lock_is_noticed() -> None:
    with pytest.raises(AssertionError, match="make lock"):
        assert_locked(["left-pad>=1"], RUNTIME)
    with pytest.raises(AssertionError, match="make lock"):
        assert_locked(["kivy>=3"], RUNTIME)
