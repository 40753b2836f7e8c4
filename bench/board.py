"""The public board with 5,000 open requests against an empty board, in one run.

Run ``python -m bench.board`` (or ``make bench``). For each size (0 and 5,000 open asks, put
into the kiosk's database beforehand the way sync brings them: pulled changes) the kiosk is
started RUNS times as a fresh process on SDL's offscreen driver; each run taps 'Open
verzoeken' and then 'Omlaag' up to SCROLLS times. Reported (medians): tap to the first frame
with the rows (first paint), tap on 'Omlaag' to the frame with the moved rows, and how much
resident memory showing the board added. Goals (issue 5): first paint ≤ 150 ms and ≤ 30 MB
more with 5,000 than with an empty board. Writes bench/results/board.md.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.common import write_table

RUNS = 3
SCROLLS = 15
SIZES = (0, 5000)
ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "board.md"


def seed(db: Path, count: int) -> None:
    from kiosk.store import LocalStore
    from kiosk.store.samples import pulled_asks
    from kiosk.store.sync import SyncLedger

    store = LocalStore.open(db)
    changes = pulled_asks(count)
    for first in range(0, len(changes), 500):
        SyncLedger(store).apply(changes[first : first + 500], first + 500)
    store.close()


def one(db: Path, rows: int) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "bench.board_child", str(db), str(SCROLLS), str(rows)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "KIVY_HOME": str(db.parent / "kivyhome")},
        cwd=ROOT,
    )
    if done.returncode != 0:
        raise SystemExit(f"board run failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> str:
    figures: dict[int, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as folder:
        for size in SIZES:
            db = Path(folder) / f"board{size}.db"
            seed(db, size)
            runs = [one(db, size) for _ in range(RUNS)]
            scrolls = [s for r in runs for s in r["scroll_s"]]
            figures[size] = {
                "paint": statistics.median(r["first_paint_s"] for r in runs),
                "rows": runs[0]["rows"],
                "all": statistics.median(r["all_rows_s"] for r in runs),
                "scroll": statistics.median(scrolls) if scrolls else float("nan"),
                "scrolls": len(scrolls),
                "grow": statistics.median(r["rss_after_mb"] - r["rss_before_mb"] for r in runs),
                "rss": statistics.median(r["rss_after_mb"] for r in runs),
            }
    empty, full = figures[SIZES[0]], figures[SIZES[-1]]
    rows = [
        (
            f"Tap → first paint of the board (median of {RUNS})",
            f"{empty['paint'] * 1000:.0f} ms",
            f"{full['paint'] * 1000:.0f} ms",
            "≤ 150 ms",
        ),
        (
            "Tap → every row in the list (the first screenful comes first)",
            f"{empty['all'] * 1000:.0f} ms",
            f"{full['all'] * 1000:.0f} ms",
            "",
        ),
        (
            f"Tap 'Omlaag' → rows moved (median of {full['scrolls']:.0f})",
            "–",
            f"{full['scroll'] * 1000:.1f} ms",
            "one frame ≈ 17 ms",
        ),
        (
            "Memory added by showing the board",
            f"{empty['grow']:.1f} MB",
            f"{full['grow']:.1f} MB",
            "",
        ),
        (
            "Resident memory with the board shown",
            f"{empty['rss']:.0f} MB",
            f"{full['rss']:.0f} MB ({full['rss'] - empty['rss']:+.0f} MB)",
            "≤ 30 MB more",
        ),
    ]
    return write_table(
        RESULTS,
        f"SDL offscreen (Mesa llvmpipe), 800×480; {full['rows']:.0f} rows on the full board.",
        ("", "empty board", f"{SIZES[-1]:,} open requests", "goal"),
        rows,
    )


if __name__ == "__main__":
    print(main())
