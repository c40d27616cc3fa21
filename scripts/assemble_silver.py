"""Turn the annotators' working files into the stand-off silver annotations.

Each annotator received a batch of numbered sentences (``batches/bNN.tsv``,
``n<TAB>sentence``; kept outside the repository because it holds public text)
and returned ``out/bNN.tsv`` (``n<TAB>R|F<TAB>p``). ``keys.json`` maps each
batch's line numbers to stand-off ids and roles. This script joins them into
``src/tonesplit/datasets/silver/annotations.tsv``: ids, labels and
probabilities only.

Usage: python scripts/assemble_silver.py WORKDIR
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

_ROLE = {"silver": "single", "double": "double", "cal": "calibration"}
OUT = Path(__file__).resolve().parents[1] / "src/tonesplit/datasets/silver/annotations.tsv"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workdir", type=Path, help="folder holding keys.json and out/")
    args = parser.parse_args()
    keys = json.loads((args.workdir / "keys.json").read_text())
    rows: list[tuple[str, str, str, str, str]] = []
    for batch, items in sorted(keys.items()):
        path = args.workdir / "out" / f"{batch}.tsv"
        if not path.exists():
            continue
        by_number = {n: (role, uid) for n, role, uid in items}
        seen: set[int] = set()
        bad = 0
        for line in path.read_text(encoding="utf-8").splitlines():
            fields = line.strip().split("\t")
            try:
                n, label, p = int(fields[0]), fields[1].strip().upper(), float(fields[2])
            except (ValueError, IndexError):
                bad += 1
                continue
            if n not in by_number or n in seen or label not in ("R", "F") or not 0 <= p <= 1:
                bad += 1
                continue
            seen.add(n)
            # The instructions tie the label to p (R iff p >= 0.5); p wins a clash.
            label = "R" if p >= 0.5 else "F"
            role, uid = by_number[n]
            rows.append((uid, f"a-{batch}", label, f"{p:.2f}", _ROLE[role]))
        print(f"{batch}: {len(seen)}/{len(items)} labelled, {bad} unusable lines", file=sys.stderr)
    rows.sort()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with open(OUT, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE)
        writer.writerow(["uid", "annotator", "label", "p_reflective", "role"])
        writer.writerows(rows)
    print(f"{len(rows)} annotations -> {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
