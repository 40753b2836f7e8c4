"""Helpers for the deploy tests: the repository, the tools they need, installs into a temp root."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"


def need(tool: str, package: str) -> str:
    """The path of a tool the tests cannot do without.

    Missing tools fail the test rather than skip it: a skipped check looks green in CI while
    checking nothing. scripts/system-packages.sh installs them.
    """
    path = shutil.which(tool)
    if path is None:
        pytest.fail(
            f"{tool} is missing: apt-get install {package} (see scripts/system-packages.sh)"
        )
    return path


def run_script(
    *args: str | Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    full_env = dict(os.environ)
    # Scripts read these; a developer's shell must not change what the tests see.
    for name in ("BUURTKIOSK_VERSION", "BUURTKIOSK_BACKUP"):
        full_env.pop(name, None)
    full_env.update(env or {})
    return subprocess.run(
        [str(arg) for arg in args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=120,
        check=False,
    )


def install_into(
    root: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    result = run_script(DEPLOY / "install.sh", "--root", root, *args, env=env)
    assert result.returncode == 0, result.stderr + result.stdout
    return result
