"""The core stays plain Python: no module of ``kiosk`` imports Kivy or the screens."""

import os
import subprocess
import sys

PROBE = """
import importlib, pkgutil, sys
import kiosk
names = [m.name for m in pkgutil.walk_packages(kiosk.__path__, "kiosk.")]
for name in names:
    importlib.import_module(name)
print(len(names))
print(" ".join(sorted(m for m in sys.modules if m.split(".")[0] in ("kivy", "screens"))))
"""


def test_no_kiosk_module_imports_kivy_or_the_screens():
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120, check=True
    )
    count, loaded = [*done.stdout.splitlines(), ""][:2]
    assert int(count) > 30  # every module was imported, subpackages too
    assert loaded == ""


def test_buurtkiosk_sync_and_a_bad_flag_do_not_load_kivy():
    probe = (
        "import sys\n"
        "from screens import launcher\n"
        "status = launcher.main(['sync'])\n"
        "print(status, [m for m in sys.modules if m.split('.')[0] == 'kivy'])\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "2 []", done.stderr  # "sync needs --central URL", no Kivy


ARROWS = """
import importlib, pkgutil, sys
import {package}
names = [m.name for m in pkgutil.walk_packages({package}.__path__, "{package}.")]
for loaded in [m for m in sys.modules if m.startswith("kiosk.central")]:
    del sys.modules[loaded]  # the walk itself opens packages to look inside
for name in names:
    if not name.startswith("kiosk.central"):
        importlib.import_module(name)
print(len(names))
print(" ".join(sorted(m for m in sys.modules if m.startswith("kiosk.central"))))
"""


def test_neither_the_core_nor_the_screens_import_the_central_store():
    """The kiosk talks to the central store over HTTP only: never by importing it."""
    for package in ("kiosk", "screens"):
        done = subprocess.run(
            [sys.executable, "-c", ARROWS.format(package=package)],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
            env={**os.environ, "KIVY_NO_ARGS": "1", "SDL_VIDEODRIVER": "offscreen"},
        )
        count, loaded = [*done.stdout.splitlines(), ""][:2]
        assert int(count) > 10, package
        assert loaded == "", package
