"""How far the silver annotations can be trusted: calibration, double annotation, experts.

Reads the stand-off annotations shipped in the package and the public data
(``TONESPLIT_DATA_HOME``) and writes ``benchmarks/results/silver.md``:

- calibration: the annotators' labels on CheckThat! train + dev sentences
  mixed blind into their batches, against the gold (macro-F1 with a
  bootstrap interval, Cohen's kappa, ROC AUC of their probabilities);
- double annotation: Cohen's kappa and raw agreement between the two
  annotators of each doubly annotated sentence;
- BABE: the adjudicated labels against BABE's expert opinion labels;
- the label shares by source.

Usage: TONESPLIT_DATA_HOME=../shared/data python benchmarks/silver_agreement.py
"""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
from sklearn.metrics import cohen_kappa_score, f1_score, roc_auc_score

from tonesplit.datasets import load_babe, load_checkthat, read_silver_annotations
from tonesplit.datasets._silver import _adjudicate

RESULTS = Path(__file__).parent / "results" / "silver.md"


def bootstrap_f1(gold: np.ndarray, pred: np.ndarray, rounds: int = 2000) -> tuple[float, float]:
    rng = np.random.default_rng(0)
    scores = []
    for _ in range(rounds):
        i = rng.integers(0, len(gold), len(gold))
        scores.append(f1_score(gold[i], pred[i], average="macro"))
    low, high = np.percentile(scores, [2.5, 97.5])
    return float(low), float(high)


def _table(title: str, header: list[str], rows: list[list[object]]) -> list[str]:
    """A titled Markdown table, as lines."""
    lines = [title, "", "| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(str(v) for v in row) + " |" for row in rows]
    return lines + [""]


def main() -> None:
    rows = read_silver_annotations()
    lines = ["# Silver corpus: agreement", ""]
    lines.append(
        f"{len(rows)} annotations by {len({r['annotator'] for r in rows})} annotator runs."
    )
    lines.append("")

    gold = {}
    for split in ("train", "dev"):
        ds = load_checkthat(split)
        gold.update(
            {
                f"checkthat-{split}:{i}": label == "reflective"
                for i, label in zip(ds.ids or [], ds.labels)
            }
        )
    cal = [r for r in rows if r["role"] == "calibration"]
    if cal:
        y = np.array([gold[r["uid"]] for r in cal])
        pred = np.array([r["label"] == "R" for r in cal])
        p = np.array([float(r["p_reflective"]) for r in cal])
        low, high = bootstrap_f1(y, pred)
        lines += [
            "## Calibration: CheckThat! train + dev sentences mixed blind into every batch",
            "",
            "| annotator | n | macro-F1 | kappa vs gold | ROC AUC |",
            "| --- | --- | --- | --- | --- |",
        ]
        by_annotator = defaultdict(list)
        for r in cal:
            by_annotator[r["annotator"]].append(r)
        for name, group in sorted(by_annotator.items()):
            gy = np.array([gold[r["uid"]] for r in group])
            gp = np.array([r["label"] == "R" for r in group])
            gs = np.array([float(r["p_reflective"]) for r in group])
            auc = roc_auc_score(gy, gs) if len(set(gy)) == 2 else float("nan")
            lines.append(
                f"| {name} | {len(group)} | {f1_score(gy, gp, average='macro'):.3f} | "
                f"{cohen_kappa_score(gy, gp):.3f} | {auc:.3f} |"
            )
        lines.append(
            f"| **all** | {len(cal)} | **{f1_score(y, pred, average='macro'):.3f}** "
            f"[{low:.3f}, {high:.3f}] | {cohen_kappa_score(y, pred):.3f} | {roc_auc_score(y, p):.3f} |"
        )
        lines.append("")

    by_uid = defaultdict(list)
    for r in rows:
        if r["role"] != "calibration":
            by_uid[r["uid"]].append(r)
    pairs = [v for v in by_uid.values() if len(v) >= 2]
    if pairs:
        a = [v[0]["label"] for v in pairs]
        b = [v[1]["label"] for v in pairs]
        agree = np.mean([x == y for x, y in zip(a, b)])
        lines += [
            "## Double annotation",
            "",
            (
                f"{len(pairs)} sentences annotated independently by two annotators "
                f"({len(pairs) / len(by_uid):.1%} of {len(by_uid)} silver sentences): raw "
                f"agreement {agree:.3f}, Cohen's kappa {cohen_kappa_score(a, b):.3f}. "
                "Adjudication: the mean of the two probabilities, reflective when it is at "
                "least 0.5."
            ),
            "",
        ]

    # The loader's own adjudication (mean probability), so the figures describe what it returns.
    adjudicated = {uid: p >= 0.5 for uid, (p, _) in _adjudicate(rows).items()}
    babe = load_babe(keep_middle=True)
    expert = {f"babe:{i}": o for i, o in zip(babe.ids or [], babe.extra["label_opinion"])}
    outcome: dict[str, Counter[bool]] = defaultdict(Counter)
    for uid, reflective in adjudicated.items():
        if uid in expert:
            outcome[expert[uid]][reflective] += 1
    if outcome:
        lines += _table(
            "## BABE: silver labels against the experts' opinion labels",
            ["BABE label_opinion", "n", "silver factual", "silver reflective"],
            [
                [
                    name,
                    sum(c.values()),
                    f"{c[False] / sum(c.values()):.1%}",
                    f"{c[True] / sum(c.values()):.1%}",
                ]
                for name, c in sorted(outcome.items())
            ],
        )

    shares: dict[str, Counter[bool]] = defaultdict(Counter)
    for uid, reflective in adjudicated.items():
        shares[uid.partition(":")[0]][reflective] += 1
    shares["**all**"] = sum(shares.values(), Counter())
    lines += _table(
        "## Sentences by source",
        ["source", "sentences", "reflective"],
        [
            [source, sum(c.values()), f"{c[True] / sum(c.values()):.1%}"]
            for source, c in shares.items()
        ],
    )
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text("\n".join(lines).rstrip() + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
