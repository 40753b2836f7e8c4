"""A missing tool skips a test on a developer's machine and fails it under CI (CI=true)."""

from __future__ import annotations

import os
from typing import NoReturn

import pytest


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"true", "1"}


def missing(what: str, module_level: bool = False) -> NoReturn:
    """Skip, or under CI fail, saying what is missing and how to get it.

    A skip looks green in CI while it checks nothing: there every tool must be present.
    """
    if in_ci():
        pytest.fail(f"{what} (CI=true: a missing tool fails the test)", pytrace=False)
    pytest.skip(what, allow_module_level=module_level)
