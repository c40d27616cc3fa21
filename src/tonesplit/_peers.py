"""Peer scorers for benchmarks and ``tonesplit evaluate`` (optional extras).

TextBlob's subjectivity and VADER's absolute compound score are the usual
lexicon baselines; both are imported only when asked for.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ._optional import import_optional

__all__ = ["textblob_subjectivity", "vader_strength"]


def textblob_subjectivity(texts: Sequence[str]) -> np.ndarray:
    """TextBlob's subjectivity score in [0, 1] for each text."""
    textblob = import_optional("textblob", purpose="the TextBlob peer")
    return np.fromiter((textblob.TextBlob(t).sentiment.subjectivity for t in texts),
                       dtype=float, count=len(texts))


def vader_strength(texts: Sequence[str]) -> np.ndarray:
    """VADER's absolute compound polarity in [0, 1] for each text."""
    vader = import_optional("vaderSentiment.vaderSentiment", purpose="the VADER peer")
    analyzer = vader.SentimentIntensityAnalyzer()
    return np.fromiter((abs(analyzer.polarity_scores(t)["compound"]) for t in texts),
                       dtype=float, count=len(texts))
