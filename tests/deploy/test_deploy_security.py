"""systemd's own measure of each unit's sandbox: `systemd-analyze security --offline=true` (from
systemd 252, Debian 12) on the unit files as shipped. Lower is better; 10 is no sandbox at all.
The kiosk needs the display, touch panel, printer and sound, so it may be a little more exposed.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from deploy_helpers import DEPLOY, need

MOST_EXPOSED = {
    "buurtkiosk-central.service": 4.0,
    "buurtkiosk-central-backup.service": 4.0,
    "buurtkiosk-backup.service": 4.0,
    "buurtkiosk.service": 5.5,
}


def exposure(unit: Path) -> float:
    result = subprocess.run(
        [need("systemd-analyze", "systemd"), "security", "--offline=true", str(unit)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    found = re.search(r"Overall exposure level for \S+: (\d+\.\d+)", result.stdout)
    assert found, result.stdout + result.stderr
    return float(found.group(1))


def test_every_service_is_measured() -> None:
    assert {unit.name for unit in (DEPLOY / "systemd").glob("*.service")} == set(MOST_EXPOSED)


@pytest.mark.parametrize("name", sorted(MOST_EXPOSED))
def test_exposure_is_at_most_the_limit(name: str) -> None:
    level = exposure(DEPLOY / "systemd" / name)
    assert level <= MOST_EXPOSED[name], f"{name}: exposure {level}"


def test_an_unsandboxed_unit_scores_high(tmp_path: Path) -> None:
    unit = tmp_path / "plain.service"
    unit.write_text("[Service]\nExecStart=/usr/bin/true\n")
    assert exposure(unit) > 9
