"""The style-cue block: lexicon categories, their interactions and sentence length.

One definition, used by `tonesplit.features.ToneFeatures` (the estimator)
and by the labelling engine (`tonesplit._engine`), so the two cannot drift.
"""

from __future__ import annotations

import numpy as np

__all__ = ["CUE_CATEGORIES", "INTERACTIONS", "N_CUES", "cue_block", "cue_names"]

#: Lexicon categories shipped as package data (``tonesplit/data/lexicons``).
CUE_CATEGORIES: tuple[str, ...] = (
    "hedge",
    "intensifier",
    "modal",
    "evaluative",
    "reflective",
    "first_person",
    "second_person",
    "speech",
    "temporal",
    "report",
)

#: Interactions that flip under attribution: a judgement next to "said" or a
#: named speaker is usually reported, not the author's own.
INTERACTIONS: tuple[tuple[str, str], ...] = (
    ("evaluative", "speech"),
    ("modal", "speech"),
    ("hedge", "speech"),
    ("first_person", "speech"),
)

_INDEX = {c: i for i, c in enumerate(CUE_CATEGORIES)}
_FIRST = np.array([_INDEX[a] for a, _ in INTERACTIONS])
_SECOND = np.array([_INDEX[b] for _, b in INTERACTIONS])


def cue_names() -> list[str]:
    """Feature names of the cue block, in column order.

    >>> cue_names()[-1]
    'cue:length'
    """
    names = [f"cue:{c}" for c in CUE_CATEGORIES]
    names += [f"cue:{a}+{b}" for a, b in INTERACTIONS]
    return names + ["cue:length"]


#: Columns of the cue block.
N_CUES = len(CUE_CATEGORIES) + len(INTERACTIONS) + 1


def cue_block(cat: np.ndarray, length: np.ndarray, weight: float) -> np.ndarray:
    """The cue block of each sentence (float32, shape ``(n, N_CUES)``).

    Parameters
    ----------
    cat : ndarray of float32, shape (n, len(CUE_CATEGORIES))
        How many distinct lexicon n-grams of each category a sentence holds.
    length : ndarray of float32, shape (n, 1)
        How many in-vocabulary n-grams it holds (with repeats).
    weight : float
        Scale of the block (``cue_weight``).

    Examples
    --------
    >>> cat = np.zeros((1, len(CUE_CATEGORIES)), dtype=np.float32)
    >>> cue_block(cat, np.array([[0.0]], dtype=np.float32), 1.0).shape
    (1, 15)
    """
    n, k = cat.shape
    block = np.empty((n, N_CUES), dtype=np.float32)
    block[:, :k] = cat
    np.minimum(cat[:, _FIRST], cat[:, _SECOND], out=block[:, k:-1])
    block[:, -1:] = np.log1p(length) / 4.0
    np.log1p(block, out=block)
    block *= weight
    return block
