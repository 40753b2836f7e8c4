"""Start-up, tap-to-screen and memory of the kiosk against a bare Kivy app, in one run.

Run ``python -m bench.kiosk`` (or ``make bench``). Each of the two apps is started RUNS times as
a fresh process, alternately, on SDL's offscreen driver (real GL on llvmpipe); each run taps
TAPS times. The kiosk finds its database as on every start but the very first (created and
migrated, so Alembic is not loaded). Reported: cold start to the first drawn frame (median),
finger-up to the frame that shows the next screen (median and p95 over all taps), the first
visit to each of the kiosk's screens (all of them are shown once before the taps), and peak
RSS (median), with the kiosk's figures as ratios of the bare app's. Goals (issue 2): start ≤ 1.5×, tap ≤ 2 frames at 60 Hz,
RSS ≤ 1.3×. Writes bench/results/kiosk.md.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import write_table

RUNS = 5
TAPS = 20
FRAME = 1 / 60
RESULTS = Path(__file__).resolve().parent / "results" / "kiosk.md"


def one(mode: str, database: Path) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        shutil.copy(database, Path(folder) / "k.db")
        env = {
            **os.environ,
            "BENCH_T0": repr(time.time()),
            "KIVY_HOME": str(Path(folder) / "kivyhome"),
        }
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "bench.kiosk_child",
                mode,
                str(Path(folder) / "k.db"),
                str(TAPS),
            ],
            capture_output=True,
            text=True,
            timeout=300,
            env=env,
            cwd=Path(__file__).resolve().parent.parent,
        )
    if done.returncode != 0:
        raise SystemExit(f"{mode} run failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def first_visits(results: list[dict]) -> dict[str, float]:
    """Per screen of the kiosk: the median over the runs of going there to its frame drawn."""
    names = results[0]["first_visit_s"]
    return {name: statistics.median(r["first_visit_s"][name] for r in results) for name in names}


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def existing_database(folder: Path) -> Path:
    """A kiosk database as every start but the very first finds it: created and migrated."""
    from kiosk.store import LocalStore

    path = folder / "k.db"
    LocalStore.open(path).close()
    return path


def main() -> str:
    runs: dict[str, list[dict]] = {"bare": [], "kiosk": []}
    with tempfile.TemporaryDirectory() as folder:
        database = existing_database(Path(folder))
        one("bare", database)  # warm the disk cache once, not counted
        for _ in range(RUNS):
            for mode in ("bare", "kiosk"):
                runs[mode].append(one(mode, database))
    figures = {}
    for mode, results in runs.items():
        taps = [t for r in results for t in r["tap_s"]]
        figures[mode] = {
            "start": statistics.median(r["first_frame_s"] for r in results),
            "tap_median": statistics.median(taps),
            "tap_p95": p95(taps),
            "taps": len(taps),
            "rss": statistics.median(r["peak_rss_mb"] for r in results),
        }
    bare, kiosk = figures["bare"], figures["kiosk"]
    visits = first_visits(runs["kiosk"])
    slowest = sorted(visits, key=visits.__getitem__, reverse=True)[:3]
    rows = [
        (
            f"Cold start → first frame (median of {RUNS})",
            f"{bare['start'] * 1000:.0f} ms",
            f"{kiosk['start'] * 1000:.0f} ms",
            f"{kiosk['start'] / bare['start']:.2f}×",
            "≤ 1.5×",
        ),
        (
            f"Tap → next screen drawn, median ({kiosk['taps']} taps)",
            f"{bare['tap_median'] * 1000:.1f} ms",
            f"{kiosk['tap_median'] * 1000:.1f} ms",
            f"{kiosk['tap_median'] / FRAME:.2f} frames",
            "≤ 2 frames",
        ),
        (
            "Tap → next screen drawn, p95",
            f"{bare['tap_p95'] * 1000:.1f} ms",
            f"{kiosk['tap_p95'] * 1000:.1f} ms",
            f"{kiosk['tap_p95'] / FRAME:.2f} frames",
            "≤ 2 frames",
        ),
        (
            f"Go to a screen → drawn, first visit, median of its {len(visits)} screens",
            "–",
            f"{statistics.median(visits.values()) * 1000:.0f} ms",
            f"{statistics.median(visits.values()) / FRAME:.2f} frames",
            "",
        ),
        (
            "First visit, the slowest screens",
            "–",
            ", ".join(f"{name} {visits[name] * 1000:.0f} ms" for name in slowest),
            "",
            "",
        ),
        (
            "Peak RSS, every screen shown once (median)",
            f"{bare['rss']:.0f} MB",
            f"{kiosk['rss']:.0f} MB",
            f"{kiosk['rss'] / bare['rss']:.2f}×",
            "≤ 1.3×",
        ),
    ]
    return write_table(
        RESULTS,
        "SDL offscreen (Mesa llvmpipe), 800×480; a frame is 1/60 s.",
        ("", "bare Kivy app", "Buurtkiosk", "kiosk vs bare", "goal"),
        rows,
    )


if __name__ == "__main__":
    print(main())
