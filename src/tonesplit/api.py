"""The functional front door: ``split``, ``label`` and ``facts``."""

from __future__ import annotations

import gc
import itertools
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ._attribution import attribution_sources
from ._engine import reflective_column as _reflective_column  # noqa: F401 (for _runner, spaCy)
from ._engine import reflective_proba
from ._engine import threshold as _threshold
from ._segment import segment_spans
from ._segment._quotes import quotations
from ._validation import check_text
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


#: Label of a prose sentence, by whether it reaches the threshold.
_LABEL_OF = ("factual", "reflective")


def label_documents(texts: Sequence[str], model: ToneClassifier | None = None) -> list[LabelledText]:
    """Segment and label several documents in one vectorised model call.

    This is the one labelling mechanism: `split` calls it with one document,
    `label_corpus` with a chunk of many.
    """
    model = _checked(texts, model)
    with _collector_paused():
        return _label(texts, model)


def _checked(texts: Sequence[str], model):
    """The front door's checks of a batch: each text, then the model (resolved)."""
    for t in texts:
        check_text(t, "text")
    return _resolve(model)


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


@dataclass(frozen=True, slots=True)
class _SentenceColumns:
    """The sentences of a batch of documents as columns, in reading order.

    What `_label_documents_as_columns` gives: document ``k``'s sentences are the next
    ``sizes[k]`` entries of every column.
    """

    sizes: list[int]
    texts: Sequence[str]
    starts: Sequence[int]
    ends: Sequence[int]
    labels: list[str]
    probas: list[float | None]
    quoted: list[bool]


def _label_documents_as_columns(texts: Sequence[str], model: ToneClassifier | None = None) -> _SentenceColumns:
    """`label_documents` as columns, without building a `Sentence` for each sentence.

    For workers, which send columns back to the parent (`tonesplit._workers`).
    """
    model = _checked(texts, model)
    with _collector_paused():
        return _label_columns(texts, model)


def _label(texts: Sequence[str], model) -> list[LabelledText]:
    """`label_documents` after the checks: segment, score, build the results."""
    cols = _label_columns(texts, model)
    sentences = list(map(Sentence, cols.texts, cols.starts, cols.ends, cols.labels,
                         cols.probas, cols.quoted))
    out, at = [], 0
    for text, n in zip(texts, cols.sizes):
        out.append(LabelledText(sentences[at:at + n], source=text))
        at += n
    return out


def _label_columns(texts: Sequence[str], model) -> _SentenceColumns:
    """Segment and score ``texts`` (already checked): every sentence as columns."""
    spans = [segment_spans(t) for t in texts]
    sizes = list(map(len, spans))
    # The spans of all documents as columns (a corpus chunk holds tens of
    # thousands): transposed, filtered and turned into sentences by C-level
    # iteration rather than a Python loop over them.
    columns = list(zip(*itertools.chain.from_iterable(spans))) or [(), (), (), ()]
    text_of, start_of, end_of, kind_of = columns
    is_prose = list(map("prose".__eq__, kind_of))
    prose = list(itertools.compress(text_of, is_prose))
    # Quotation state, per document: which sentences are quoted, and whose
    # attribution each takes (an index into all the spans, or -1).
    quoted: list[bool] = []
    source: list[int] = []
    at = 0
    for text, doc_spans in zip(texts, spans):
        q, number = quotations(text, doc_spans)
        quoted += q
        source += [at + j if j >= 0 else -1 for j in attribution_sources(doc_spans, q, number)]
        at += len(doc_spans)
    labels: list[str]
    probas: list[float | None]
    if prose:
        if len(texts) == 1:
            groups = np.zeros(len(prose), dtype=np.int64)
        else:
            groups = np.repeat(np.arange(len(spans)), sizes)[np.asarray(is_prose, dtype=bool)]
        proba = reflective_proba(model, prose, groups)
        if any(j >= 0 for j in source):
            proba = _take_attribution(proba, is_prose, source)
        labels = list(map(_LABEL_OF.__getitem__, (proba >= _threshold(model)).tolist()))
        probas = proba.tolist()
        if len(prose) < len(text_of):  # non-prose lines among them: "other", no probability
            labels = _spread(labels, is_prose, "other")
            probas = _spread(probas, is_prose, None)
    else:
        labels, probas = ["other"] * len(text_of), [None] * len(text_of)
    return _SentenceColumns(sizes, text_of, start_of, end_of, labels, probas, quoted)


def _take_attribution(proba: np.ndarray, is_prose: list[bool], source: list[int]) -> np.ndarray:
    """Cap each quoted sentence's probability by that of its attribution's sentence
    (``source``: an index into all spans, or -1; ``proba``: the prose spans only)."""
    prose_index = np.cumsum(is_prose) - 1  # span index -> index into proba
    out = proba.copy()
    for k, j in enumerate(source):
        if j >= 0 and is_prose[k]:
            out[prose_index[k]] = min(out[prose_index[k]], proba[prose_index[j]])
    return out


def _spread(values: list, where: list[bool], fill) -> list:
    """``values`` placed at the True positions of ``where``, ``fill`` elsewhere."""
    it = iter(values)
    return [next(it) if w else fill for w in where]


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
    model = _resolve(model)
    with _collector_paused():
        return _label([text], model)[0]


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
    p = float(reflective_proba(model, [stripped])[0])
    return Sentence(stripped, start, start + len(stripped),
                    "reflective" if p >= _threshold(model) else "factual", p)


def facts(text: str, *, model: ToneClassifier | None = None) -> str:
    """Keep only the factual sentences of an article, in order.

    Sentences of one paragraph are joined by a space, paragraphs by a newline.

    Examples
    --------
    >>> import tonesplit
    >>> tonesplit.facts("Officials said 40 homes were flooded. Perhaps it is a reminder of how fragile we are.")
    'Officials said 40 homes were flooded.'
    """
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
