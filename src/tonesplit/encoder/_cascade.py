"""The accurate tier's cascade: the fast tier settles the sentences it is sure of.

The int8 encoder labels about 300 sentences a second on one core, the fast
(linear) tier tens of thousands. Most news sentences are plainly factual, and
on those the fast tier is rarely wrong, so the accurate tier asks the fast
tier first and runs the encoder only on the sentences whose fast probability
of reflective lies strictly between two thresholds. The fast tier is the
package default, `tonesplit.load_model()`, looked up at call time (so a new
default model is used as soon as it ships).
"""

from __future__ import annotations

import importlib

import numpy as np
from scipy.special import logit

__all__ = ["check_cascade", "fast_log_odds", "settle", "sure"]


def check_cascade(cascade) -> tuple[float, float] | None:
    """``cascade`` as ``(low, high)`` probabilities, or None; a clear error otherwise.

    Examples
    --------
    >>> check_cascade((0.1, 0.8))
    (0.1, 0.8)
    >>> check_cascade(None) is None
    True
    """
    if cascade is None:
        return None
    try:
        low, high = (float(v) for v in cascade)
    except (TypeError, ValueError):
        raise ValueError(f"cascade must be None or a pair (low, high) of probabilities, "
                         f"got {cascade!r}") from None
    if not 0.0 <= low <= high <= 1.0:
        raise ValueError(f"cascade must satisfy 0 <= low <= high <= 1, got {cascade!r}")
    return low, high


def _effective_prior(model) -> float | None:
    prior = getattr(model, "prior", None)
    return prior if prior is not None else getattr(model, "train_prior_", None)


def fast_log_odds(texts: list[str], prior: float | None) -> np.ndarray:
    """The default (fast) tier's log-odds of reflective, moved to ``prior``.

    Sentence-level scores (no article context), so that a sentence gets the
    same answer whichever tier is asked.
    """
    fast = importlib.import_module("tonesplit.model").load_model()
    column = list(fast.classes_).index("reflective")
    p = np.clip(fast.predict_proba(texts)[:, column], 1e-9, 1 - 1e-9)
    z = logit(p)
    own = _effective_prior(fast)
    if prior is not None and own is not None:
        z = z + (logit(prior) - logit(own))
    return np.asarray(z, np.float64)


def sure(z: np.ndarray, cascade: tuple[float, float]) -> np.ndarray:
    """Which fast log-odds ``z`` lie at or beyond the cascade's thresholds."""
    with np.errstate(divide="ignore"):
        low, high = logit(np.asarray(cascade, np.float64))
    return np.asarray((z <= low) | (z >= high), bool)


def settle(texts: list[str], cascade: tuple[float, float], prior: float | None,
           encoder_log_odds) -> tuple[np.ndarray, np.ndarray]:
    """Log-odds of each sentence and which ones the fast tier settled.

    ``encoder_log_odds`` is called once, on the unsure sentences only.
    """
    z = fast_log_odds(texts, prior)
    settled = sure(z, cascade)
    unsure = np.flatnonzero(~settled)
    if len(unsure):
        z[unsure] = encoder_log_odds([texts[i] for i in unsure])
    return z, settled
