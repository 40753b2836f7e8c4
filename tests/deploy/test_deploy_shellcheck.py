"""shellcheck on every shell script in the project."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from deploy_helpers import REPO, need

SCRIPT_DIRS = ("deploy", "scripts", ".ci")


def shell_scripts() -> list[Path]:
    found = []
    for top in SCRIPT_DIRS:
        for path in sorted((REPO / top).rglob("*")):
            if not path.is_file():
                continue
            head = path.read_bytes()[:200]
            if (
                path.suffix == ".sh"
                or head.startswith((b"#!/bin/sh", b"#!/bin/bash", b"#!/usr/bin/env bash"))
                or b"# shellcheck shell=" in head
            ):
                found.append(path)
    return found


def test_every_script_is_found() -> None:
    names = {str(path.relative_to(REPO)) for path in shell_scripts()}
    assert {
        "deploy/install.sh",
        "deploy/upgrade.sh",
        "deploy/lib.sh",
        "deploy/install-central.sh",
        "deploy/central/central-backup.sh",
        "scripts/system-packages.sh",
        ".ci/run",
    } <= names


@pytest.mark.parametrize("script", shell_scripts(), ids=lambda p: str(p.relative_to(REPO)))
def test_shellcheck_clean(script: Path) -> None:
    shellcheck = need("shellcheck", "shellcheck")
    result = subprocess.run(
        [shellcheck, "--external-sources", "--severity=style", str(script)],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_shellcheck_does_complain_about_a_bad_script(tmp_path: Path) -> None:
    # Proves the check above can fail: an unquoted variable is flagged.
    bad = tmp_path / "bad.sh"
    bad.write_text("#!/bin/sh\nrm -rf $1/data\n")
    shellcheck = need("shellcheck", "shellcheck")
    result = subprocess.run([shellcheck, str(bad)], capture_output=True, text=True, check=False)
    assert result.returncode != 0
    assert "SC2086" in result.stdout
