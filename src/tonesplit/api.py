"""The functional front door: ``split``, ``label`` and ``facts``."""

from __future__ import annotations

import gc
from collections.abc import Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

import numpy as np

from ._validation import check_text
from .segment import segment_spans
from .sentence import LabelledText, Sentence

if TYPE_CHECKING:
    from .model import ToneClassifier

__all__ = ["split", "label", "facts", "label_documents"]


def _resolve(model: ToneClassifier | None) -> ToneClassifier:
    if model is None:
        from .model import load_model

        return load_model()
    if not (hasattr(model, "predict_proba") and hasattr(model, "classes_")):
        raise TypeError(
            "model must be a fitted tonesplit.ToneClassifier (or a fitted classifier "
            f"with predict_proba and classes_), got {type(model).__name__}"
        )
    return model


def _reflective_column(model) -> int:
    classes = list(getattr(model, "classes_", []))
    if "reflective" not in classes:
        raise ValueError(f"model.classes_ must contain 'reflective', got {classes}")
    return classes.index("reflective")


def _threshold(model) -> float:
    # A ToneClassifier's own decision threshold (its ``threshold`` parameter)
    # applies here exactly as in its ``predict``.
    return float(getattr(model, "threshold", 0.5))


def label_documents(texts: Sequence[str], model: ToneClassifier | None = None) -> list[LabelledText]:
    """Segment and label several documents in one vectorised model call.

    This is the one labelling mechanism: `split` calls it with one document,
    `label_corpus` with a chunk of many.
    """
    model = _resolve(model)
    with _collector_paused():
        return _label(texts, model)


@contextmanager
def _collector_paused():
    """Pause the cyclic garbage collector while a batch is labelled.

    A batch allocates tens of thousands of small objects (segments, sentences)
    that survive long enough to be promoted, so the collector keeps scanning
    them and then the whole heap: about 12% of a corpus run. None of them can
    form a reference cycle, so reference counting frees them all the same.
    The collector is switched back on afterwards unless the caller had it off
    (with threads, the last batch to finish switches it back on).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _label(texts: Sequence[str], model) -> list[LabelledText]:
    for t in texts:
        check_text(t, "text")
    spans = [segment_spans(t) for t in texts]
    prose = [s[0] for doc in spans for s in doc if s[3] == "prose"]
    if prose:
        proba = model.predict_proba(prose)[:, _reflective_column(model)]
        context = getattr(model, "context_proba", None)
        if context is not None:
            sizes = [sum(s[3] == "prose" for s in doc) for doc in spans]
            proba = context(proba, np.repeat(np.arange(len(spans)), sizes))
        labels = np.where(proba >= _threshold(model), "reflective", "factual").tolist()
    else:
        proba, labels = np.empty(0), []
    out = []
    ps, ls = iter(proba.tolist()), iter(labels)
    for text, doc in zip(texts, spans):
        out.append(LabelledText(
            [Sentence(t, a, b, next(ls), next(ps)) if kind == "prose"
             else Sentence(t, a, b, "other", None) for t, a, b, kind in doc],
            source=text,
        ))
    return out


def split(text: str, *, model: ToneClassifier | None = None) -> LabelledText:
    """Split an article into labelled sentences.

    Parameters
    ----------
    text : str
        The article.
    model : ToneClassifier, optional
        The classifier to use; the shipped model by default.

    Returns
    -------
    LabelledText
        A list of `Sentence`, in order, with exact character offsets.

    Examples
    --------
    >>> import tonesplit
    >>> article = "Officials said 40 homes were flooded. Perhaps it is a reminder of how fragile we are."
    >>> [(s.label, s.text) for s in tonesplit.split(article)]  # doctest: +NORMALIZE_WHITESPACE
    [('factual', 'Officials said 40 homes were flooded.'),
     ('reflective', 'Perhaps it is a reminder of how fragile we are.')]
    """
    check_text(text, "text")
    return label_documents([text], model)[0]


def label(sentence: str, *, model: ToneClassifier | None = None) -> Sentence:
    """Label one sentence as it is, without segmentation or context.

    Examples
    --------
    >>> import tonesplit
    >>> tonesplit.label("The central bank raised rates by 0.25 points on Tuesday.").label
    'factual'
    """
    check_text(sentence, "sentence")
    model = _resolve(model)
    stripped = sentence.strip()
    if not stripped:
        raise ValueError("sentence is empty or whitespace only; nothing to label")
    start = sentence.index(stripped[0])
    p = float(model.predict_proba([stripped])[0, _reflective_column(model)])
    label = "reflective" if p >= _threshold(model) else "factual"
    return Sentence(stripped, start, start + len(stripped), label, p)


def facts(text: str, *, model: ToneClassifier | None = None) -> str:
    """Keep only the factual sentences of an article, in order.

    Sentences of one paragraph are joined by a space, paragraphs by a newline.

    Examples
    --------
    >>> import tonesplit
    >>> tonesplit.facts("Officials said 40 homes were flooded. Perhaps it is a reminder of how fragile we are.")
    'Officials said 40 homes were flooded.'
    """
    check_text(text, "text")
    kept = [s for s in split(text, model=model) if s.label == "factual"]
    parts: list[str] = []
    prev_end = None
    for s in kept:
        if parts:
            gap = text[prev_end:s.start]
            parts.append("\n" if "\n" in gap else " ")
        parts.append(s.text)
        prev_end = s.end
    return "".join(parts)
