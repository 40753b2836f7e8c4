"""Each screen module imports the classes its .kv builds: screens are built on their first visit, in any order."""

from __future__ import annotations

import re
from pathlib import Path

SCREENS = Path(__file__).resolve().parents[1] / "screens"


def test_every_class_a_kv_file_builds_is_imported_by_its_module() -> None:
    defined = {
        name: module.stem
        for module in SCREENS.glob("*.py")
        for name in re.findall(r"^class (\w+)", module.read_text(), re.M)
    }
    missing = []
    for kv in sorted(SCREENS.glob("*.kv")):
        module = kv.with_suffix(".py")
        imported = set(re.findall(r"^from screens\.(\w+) import", module.read_text(), re.M))
        for name in sorted(set(re.findall(r"^\s+([A-Z]\w+):", kv.read_text(), re.M))):
            home = defined.get(name)
            if home not in (None, module.stem, "widgets") and home not in imported:
                missing.append(f"{kv.name} builds {name} of screens/{home}.py")
    assert not missing
