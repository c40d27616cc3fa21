"""Evaluation measures: macro-F1 with a bootstrap interval, calibration error."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
from sklearn.metrics import f1_score

__all__ = [
    "Score",
    "macro_f1",
    "best_threshold",
    "calibration_table",
    "expected_calibration_error",
]


@dataclass(frozen=True)
class Score:
    """Macro-F1 with its 95% bootstrap interval.

    Examples
    --------
    >>> s = macro_f1(["factual", "reflective"] * 50, ["factual", "reflective"] * 50)
    >>> (s.value, s.low, s.high, s.n)
    (1.0, 1.0, 1.0, 100)
    """

    value: float
    low: float
    high: float
    n: int

    def as_dict(self) -> dict:
        return asdict(self)

    def __str__(self) -> str:
        return f"{self.value:.3f} [{self.low:.3f}, {self.high:.3f}]"


def macro_f1(y_true, y_pred, *, n_boot: int = 1000, seed: int = 0) -> Score:
    """Macro-F1 over the labels present, with a 95% percentile bootstrap interval."""
    y_true = np.asarray(y_true, dtype=object)
    y_pred = np.asarray(y_pred, dtype=object)
    if y_true.shape != y_pred.shape or y_true.ndim != 1 or len(y_true) == 0:
        raise ValueError("y_true and y_pred must be non-empty 1-d sequences of equal length")
    labels = sorted(set(y_true.tolist()) | set(y_pred.tolist()))
    value = f1_score(y_true, y_pred, average="macro", labels=labels, zero_division=0)
    rng = np.random.default_rng(seed)
    n = len(y_true)
    boots = [
        f1_score(y_true[i], y_pred[i], average="macro", labels=labels, zero_division=0)
        for i in (rng.integers(0, n, n) for _ in range(n_boot))
    ]
    low, high = np.percentile(boots, [2.5, 97.5])
    return Score(round(float(value), 4), round(float(low), 4), round(float(high), 4), n)


def calibration_table(y_true, p, *, bins: int = 10) -> list[dict]:
    """Reliability table: per equal-width bin, count, mean probability and observed rate.

    ``y_true`` holds 1 for reflective (or the label strings).
    """
    y = np.asarray([v == "reflective" if isinstance(v, str) else bool(v) for v in y_true], float)
    p = np.asarray(p, dtype=float)
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(p, edges[1:-1]), 0, bins - 1)
    rows = []
    for b in range(bins):
        m = which == b
        rows.append(
            {
                "bin": f"{edges[b]:.1f}-{edges[b + 1]:.1f}",
                "n": int(m.sum()),
                "mean_p": round(float(p[m].mean()), 4) if m.any() else None,
                "observed": round(float(y[m].mean()), 4) if m.any() else None,
            }
        )
    return rows


def expected_calibration_error(y_true, p, *, bins: int = 10) -> float:
    """Expected calibration error with equal-width bins.

    Examples
    --------
    >>> round(expected_calibration_error([0, 1, 1, 0], [0.0, 1.0, 1.0, 0.0]), 3)
    0.0
    """
    table = calibration_table(y_true, p, bins=bins)
    n = sum(r["n"] for r in table)
    return float(
        sum(r["n"] * abs(r["mean_p"] - r["observed"]) for r in table if r["n"]) / max(n, 1)
    )


def best_threshold(y_true, score) -> float:
    """The score threshold (among 49 quantiles of ``score``) that maximises macro-F1.

    Used to give lexicon peers (TextBlob, VADER) their best cut on a
    development set before they are scored on a test set.

    Examples
    --------
    >>> best_threshold(["factual", "reflective", "reflective"], [0.1, 0.6, 0.9]) <= 0.6
    True
    """
    score = np.asarray(score, dtype=float)
    y_true = np.asarray(y_true, dtype=object)
    grid = np.unique(np.quantile(score, np.linspace(0.02, 0.98, 49)))

    def f1_at(t):
        pred = np.where(score >= t, "reflective", "factual")
        return f1_score(y_true, pred, average="macro", zero_division=0)

    return float(max(grid, key=f1_at))
