"""How far each kind of help is, on each panel, and how fast a tap answers on a busy machine.

Run ``python -m bench.reach`` (part of ``make bench``). Two measurements, written to
bench/results/reach.md:

1. Taps and pages of choices from Home to each kind of help, for asking and for offering, on
   the three panels (bench/reach_child.py taps through the real kiosk once per panel): median
   and worst over the kinds.
2. Tap → next screen drawn while ``stress-ng`` keeps every core busy (as a Raspberry Pi is while
   it prints, syncs and draws), the kiosk against the bare Kivy app under the same load in the
   same run (bench/kiosk_child.py, the taps of bench/kiosk.py). Without stress-ng this part
   fails with a line saying so.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.common import write_table
from bench.kiosk import FRAME, existing_database, one, p95

# The diagonal forms (square pixels assumed) until the panels are measured per axis.
PANELS = ("1280x720@7", "800x480@7", "1280x800@10.1")
RUNS_UNDER_LOAD = 3
RESULTS = Path(__file__).resolve().parent / "results" / "reach.md"
ROOT = Path(__file__).resolve().parent.parent


def reach(panel: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "bench.reach_child", panel],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=ROOT,
        env={**os.environ, "KIVY_HOME": tempfile.mkdtemp(prefix="reach-kivy-")},
    )
    if done.returncode != 0:
        raise SystemExit(f"reach on {panel} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def taps_under_load() -> dict[str, list[float]]:
    stress = shutil.which("stress-ng")
    if stress is None:
        raise SystemExit("bench/reach.py needs stress-ng (Debian package stress-ng) for the load")
    cores = os.cpu_count() or 1
    load = subprocess.Popen(
        [stress, "--cpu", str(cores), "--timeout", "3600s", "--quiet"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        taps: dict[str, list[float]] = {"bare": [], "kiosk": []}
        with tempfile.TemporaryDirectory() as folder:
            database = existing_database(Path(folder))
            for _ in range(RUNS_UNDER_LOAD):
                for mode in taps:
                    taps[mode].extend(one(mode, database)["tap_s"])
        return taps
    finally:
        load.terminate()
        load.wait()


def main() -> str:
    rows = []
    for panel in PANELS:
        counted = reach(panel)
        width, height = counted["size"]
        for flow, words in (("ask", "asking"), ("offer", "offering")):
            kinds = counted[flow].values()
            taps = [k["taps"] for k in kinds]
            pages = [k["pages"] for k in kinds]
            rows.append(
                (
                    f"{panel} ({width}×{height}), {words}, {len(taps)} kinds",
                    f"{statistics.median(taps):g} / {max(taps)}",
                    f"{statistics.median(pages):g} / {max(pages)}",
                )
            )
    loaded = taps_under_load()
    from kiosk.config import Config

    default = Config().panel
    cores = os.cpu_count() or 1
    load_rows = [
        (
            f"Tap → next screen drawn, {stat} ({len(loaded['kiosk'])} taps each)",
            f"{fn(loaded['bare']) * 1000:.1f} ms",
            f"{fn(loaded['kiosk']) * 1000:.1f} ms",
            f"{fn(loaded['kiosk']) / FRAME:.2f} frames",
            f"{fn(loaded['kiosk']) / fn(loaded['bare']):.1f}×",
        )
        for stat, fn in (("median", statistics.median), ("p95", p95))
    ]
    text = write_table(
        RESULTS,
        "SDL offscreen (Mesa llvmpipe); from Home to each kind of help, real taps.",
        ("panel, flow", "taps: median / worst", "pages of choices: median / worst"),
        rows,
    )
    text += "\n" + "\n".join(
        [
            f"Under load: `stress-ng --cpu {cores}` on all {cores} cores, both apps in the same run"
            f" ({RUNS_UNDER_LOAD} starts each, the default panel {default.width}×{default.height}).",
            "",
            "|  | bare Kivy app | Buurtkiosk | kiosk in frames | kiosk vs bare |",
            "|---|---|---|---|---|",
            *("| " + " | ".join(row) + " |" for row in load_rows),
        ]
    )
    RESULTS.write_text(text + "\n")
    return text


if __name__ == "__main__":
    print(main())
