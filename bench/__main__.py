"""``python -m bench`` (``make bench``): every benchmark, then the figures into README.md.

Each benchmark writes bench/results/<name>.md; the README shows them between
``<!-- bench:<name> -->`` markers, so the README always has the latest measured figures.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCHES = ["kiosk", "printer", "central", "board", "reach"]


def update_readme() -> None:
    readme = ROOT / "README.md"
    text = readme.read_text()
    for name in BENCHES:
        result = ROOT / "bench" / "results" / f"{name}.md"
        if not result.exists():
            continue
        body = result.read_text().strip()
        lines = [line for line in body.splitlines() if not line.startswith("# ")]
        # the README's section is ###: a result's own ## headings become #####
        body = "\n".join("###" + line if line.startswith("##") else line for line in lines)
        text = re.sub(
            rf"<!-- bench:{name} -->.*?<!-- /bench:{name} -->",
            lambda _m, b=body, n=name: f"<!-- bench:{n} -->\n{b.strip()}\n<!-- /bench:{n} -->",
            text,
            flags=re.S,
        )
    readme.write_text(text)


def main() -> int:
    only = sys.argv[1:] or BENCHES
    for name in only:
        print(f"== bench/{name}.py", flush=True)
        done = subprocess.run([sys.executable, "-m", f"bench.{name}"], cwd=ROOT)
        if done.returncode != 0:
            return done.returncode
    update_readme()
    print("README.md updated with the figures.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
