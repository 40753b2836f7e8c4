"""install.sh's first check: 64-bit Raspberry Pi OS Trixie (recommended) or Bookworm, nothing else."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from deploy_helpers import DEPLOY


def check_system(tmp_path: Path, codename: str, machine: str) -> subprocess.CompletedProcess[str]:
    os_release = tmp_path / "os-release"
    os_release.write_text(
        f'PRETTY_NAME="Debian GNU/Linux"\nID=debian\nVERSION_CODENAME={codename}\n'
    )
    return subprocess.run(
        [
            "bash",
            "-c",
            '. "$1"; check_system "$2" "$3"',
            "-",
            DEPLOY / "lib.sh",
            os_release,
            machine,
        ],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


@pytest.mark.parametrize("machine", ["aarch64", "x86_64"])
def test_trixie_is_taken_without_a_word(tmp_path: Path, machine: str) -> None:
    result = check_system(tmp_path, "trixie", machine)
    assert result.returncode == 0, result.stderr
    assert result.stdout == result.stderr == ""


def test_bookworm_works_and_trixie_is_recommended(tmp_path: Path) -> None:
    result = check_system(tmp_path, "bookworm", "aarch64")
    assert result.returncode == 0, result.stderr
    assert "Trixie" in result.stdout


@pytest.mark.parametrize("codename", ["bullseye", "forky", ""])
def test_other_releases_are_refused_with_the_one_to_install(tmp_path: Path, codename: str) -> None:
    result = check_system(tmp_path, codename, "aarch64")
    assert result.returncode == 1
    assert "Raspberry Pi OS Lite (64-bit) Trixie" in result.stderr


@pytest.mark.parametrize("machine", ["armv7l", "armv6l"])
def test_32_bit_is_refused(tmp_path: Path, machine: str) -> None:
    result = check_system(tmp_path, "trixie", machine)
    assert result.returncode == 1
    assert machine in result.stderr and "64-bit" in result.stderr
