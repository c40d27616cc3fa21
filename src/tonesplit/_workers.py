"""Labelling chunks, in this process or over joblib workers, and the model as it travels to them."""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import os
import pickle
import tempfile
import threading
import traceback
from collections import OrderedDict, deque
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from ._results import _EMPTY, DocumentResult, ErrorInfo, Summary, _failure, _result
from .api import _collector_paused, _label_documents_as_columns, label_documents
from .sentence import LABELS, Sentence

_CHUNKS_PER_WORKER = 8


# --------------------------------------------------------------------------
# The model, shipped once to each worker
# --------------------------------------------------------------------------

_worker_models: OrderedDict[str, Any] = OrderedDict()
_worker_lock = threading.Lock()


def _restore_model(key: str, blob: bytes | None, path: str | None = None):
    """Unpickle a model at most once per process (keyed by its sha256).

    The bytes come with the task (``blob``) or, from a parent on this
    machine, from a temporary file it wrote (``path``), checked against the
    key before they are unpickled.
    """
    with _worker_lock:
        model = _worker_models.get(key)
        if model is None:
            if blob is None:
                with open(path or "", "rb") as f:
                    blob = f.read()
                if hashlib.sha256(blob).hexdigest() != key:
                    raise RuntimeError(f"tonesplit: the model file {path} for the workers "
                                       "was changed while they ran")
            model = pickle.loads(blob)
            _worker_models[key] = model
            while len(_worker_models) > 4:
                _worker_models.popitem(last=False)
        else:
            _worker_models.move_to_end(key)
        return model


class _Scorer:
    """What the labelling path needs of a `ToneClassifier`, without scikit-learn.

    A ToneClassifier is scored through its compiled arrays
    (``model._compiled()``, see `tonesplit._engine`), its prior shift, its
    ``context`` switch and its threshold; this object carries exactly those,
    so a worker that unpickles it imports NumPy and the engine, not
    scikit-learn (and, through it, pandas and scipy.stats). `label_documents`
    gives it the same probabilities as the model itself
    (``tests/test_parallel.py`` holds them equal).
    """

    def __init__(self, model, engine):
        self.engine = engine
        self.shift = float(model._prior_shift())
        self.context = bool(model.context)
        self.threshold = float(getattr(model, "threshold", 0.5))
        self.classes_ = np.asarray(list(model.classes_), dtype=object)

    def _compiled(self):
        return self.engine

    def _prior_shift(self) -> float:
        return self.shift

    def predict_proba(self, X) -> np.ndarray:
        """Probabilities of the classes, in the order of ``classes_`` (without context)."""
        p = self.engine.proba(list(X), self.shift)
        reflective = list(self.classes_).index("reflective")
        out = np.empty((len(p), 2))
        out[:, reflective], out[:, 1 - reflective] = p, 1.0 - p
        return out


def _travelling(model):
    """The object that goes to the workers for ``model``: its `_Scorer` when it has one."""
    # Looked up on the class, as `_engine.reflective_proba` does: a wrapper that
    # forwards attributes to a ToneClassifier keeps its own predict_proba.
    compiled = getattr(type(model), "_compiled", None)
    engine = compiled(model) if callable(compiled) else None
    return model if engine is None else _Scorer(model, engine)


class _ModelHandle:
    """A model as it travels to workers.

    Pickled once in the parent; a worker unpickles it once and keeps it, so
    the cost per chunk is at most a copy of bytes, not a rebuild of the
    model. A `ToneClassifier` (the shipped one included) travels as its
    `_Scorer`: arrays, no scikit-learn. Inside `on_disk` (process workers
    on this machine) not even the bytes travel: each worker reads them once
    from a temporary file. ``__sizeof__`` reports the pickle's size so that
    joblib's Dask backend scatters the handle to the cluster once instead of
    per task.
    """

    def __init__(self, model):
        self.model = model
        self.blob = pickle.dumps(_travelling(model), protocol=pickle.HIGHEST_PROTOCOL)
        self.key = hashlib.sha256(self.blob).hexdigest()
        self.path: str | None = None

    @contextlib.contextmanager
    def on_disk(self) -> Iterator[None]:
        """While inside, the handle travels as the path of a temporary file of its bytes.

        The compiled shipped model pickles to a few megabytes; sent with
        every chunk, that copy would cost several percent of the labelling.
        """
        fd, path = tempfile.mkstemp(prefix="tonesplit-model-", suffix=".pickle")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(self.blob)
            self.path = path
            yield
        finally:
            self.path = None
            os.unlink(path)

    def __reduce__(self):
        if self.path is not None:
            return (_restore_model, (self.key, None, self.path))
        return (_restore_model, (self.key, self.blob))

    def __sizeof__(self) -> int:
        return object.__sizeof__(self) + len(self.blob)


def _workers_share_this_machine() -> bool:
    """True when joblib's active backend runs processes on this machine (loky, multiprocessing)."""
    from joblib._parallel_backends import LokyBackend, MultiprocessingBackend
    from joblib.parallel import get_active_backend

    backend, _ = get_active_backend()
    return isinstance(backend, (LokyBackend, MultiprocessingBackend))


# --------------------------------------------------------------------------
# Labelling chunks
# --------------------------------------------------------------------------


def _batch_or_each(label, texts: list) -> tuple[list, list]:
    """``label`` over the texts that are not ``None``: ``(parts, failed)``.

    One vectorised call labels them all; if it raises, they are labelled one
    by one so that only the culprit fails. ``parts`` is a list of
    ``(document indices, what label returned)`` in document order, ``failed``
    of ``(document index, exception)``.
    """
    todo = [i for i, t in enumerate(texts) if t is not None]
    try:
        return [(todo, label([texts[i] for i in todo]))], []
    except Exception:
        pass
    parts, failed = [], []
    for i in todo:
        try:
            parts.append(([i], label([texts[i]])))
        except Exception as err:
            failed.append((i, err))
    return parts, failed


def _label_texts(texts: list, model) -> list:
    """The `LabelledText` of each text, or the exception it raised.

    ``texts`` may hold ``None`` for documents the parent already failed;
    they stay ``None``.
    """
    parts, failed = _batch_or_each(lambda batch: label_documents(batch, model), texts)
    out: list = [None] * len(texts)
    for indices, labelled in parts:
        for i, one in zip(indices, labelled):
            out[i] = one
    for i, err in failed:
        out[i] = err
    return out


def _label_chunk(chunk: list, model, keep_exceptions: bool) -> list:
    """Label one chunk in this process; return ``[(result, exception_or_None), ...]``.

    ``chunk`` holds ``(doc_id, text_or_exception)``; exceptions were found by
    the parent.
    """
    if isinstance(model, _ModelHandle):
        model = model.model
    with _collector_paused():  # results are many small acyclic objects too
        labelled = _label_texts([_text(doc) for _, doc in chunk], model)
        out = []
        for (doc_id, doc), got in zip(chunk, labelled):
            if got is None:  # failed in the parent
                out.append((_failure(doc_id, doc), doc if keep_exceptions else None))
            elif isinstance(got, BaseException):
                out.append((_failure(doc_id, got, doc), got if keep_exceptions else None))
            else:
                out.append((_result(doc_id, got, doc), None))
        return out


def _text(doc) -> str | None:
    return doc if isinstance(doc, str) else None


@dataclass(frozen=True, slots=True)
class _Columns:
    """A chunk's labels as arrays: what a worker sends back instead of `Sentence` values.

    Pickling tens of thousands of frozen dataclasses costs more than
    labelling them, so a worker sends a few arrays over all the chunk's
    sentences, in order, and the parent, which still holds the texts, builds
    the results (`_unpack`): a sentence's text is its document's slice at its
    offsets, the segmenter's contract. Neither texts nor document ids travel back.

    Attributes
    ----------
    sizes : ndarray of int64
        Sentences per document (0 for one that failed).
    starts, ends : ndarray of int64
        Character offsets of each sentence in its document.
    labels : ndarray of uint8
        Index of each label in `tonesplit.sentence.LABELS`.
    p_reflective : ndarray of float64
        Probabilities (0.0 where ``has_p`` is False).
    has_p : ndarray of bool
        False where the probability is None (``"other"`` lines).
    quoted : ndarray of bool
        `Sentence.quoted`.
    errors : tuple of (int, str, str, BaseException or None)
        ``(document index, exception type, message, exception)`` for each
        document that failed in the worker; the exception travels only for
        ``on_error="raise"``.
    counts : ndarray of int64, shape (n_documents, 4)
        Each document's `Summary` counts: sentences, reflective, factual, other.
    shares : ndarray of float64, shape (n_documents, 2)
        Its ``reflective_share`` and ``mean_p_reflective`` (`Summary.of_columns`
        in the worker; 0.0 where ``has_shares`` is False).
    has_shares : ndarray of bool, shape (n_documents, 2)
        False where those are None.
    """

    sizes: np.ndarray
    starts: np.ndarray
    ends: np.ndarray
    labels: np.ndarray
    p_reflective: np.ndarray
    has_p: np.ndarray
    quoted: np.ndarray
    counts: np.ndarray
    shares: np.ndarray
    has_shares: np.ndarray
    errors: tuple = ()


_LABEL_CODE = {label: code for code, label in enumerate(LABELS)}


def _label_chunk_columns(texts: list, model, keep_exceptions: bool) -> _Columns:
    """Label ``texts`` (``None`` for documents the parent failed) in a worker, as `_Columns`.

    No `Sentence` is built here: the parent builds them (`_unpack`) from
    these arrays and the texts it holds.
    """
    if isinstance(model, _ModelHandle):
        model = model.model
    with _collector_paused():
        parts, failed = _batch_or_each(
            lambda batch: _label_documents_as_columns(batch, model), texts)
    sizes = [0] * len(texts)
    starts: list[int] = []
    ends: list[int] = []
    labels: list[str] = []
    probs: list[float | None] = []
    quoted: list[bool] = []
    for indices, cols in parts:
        for i, size in zip(indices, cols.sizes):
            sizes[i] = size
        starts += cols.starts
        ends += cols.ends
        labels += cols.labels
        probs += cols.probas
        quoted += cols.quoted
    summaries = [_EMPTY] * len(texts)
    at = 0
    for i, size in enumerate(sizes):
        if size:
            summaries[i] = Summary.of_columns(labels[at:at + size], probs[at:at + size])
            at += size
    shares = [(s.reflective_share, s.mean_p_reflective) for s in summaries]
    n = len(starts)
    has_p = np.fromiter((p is not None for p in probs), bool, n)
    errors = tuple((i, type(err).__name__, str(err), _portable(err) if keep_exceptions else None)
                   for i, err in failed)
    return _Columns(
        sizes=np.asarray(sizes, dtype=np.int64),
        starts=np.asarray(starts, dtype=np.int64).reshape(n),
        ends=np.asarray(ends, dtype=np.int64).reshape(n),
        labels=np.fromiter(map(_LABEL_CODE.__getitem__, labels), np.uint8, n),
        p_reflective=np.fromiter((0.0 if p is None else p for p in probs), np.float64, n),
        has_p=has_p,
        quoted=np.asarray(quoted, dtype=bool).reshape(n),
        counts=np.array([(s.n_sentences, s.n_reflective, s.n_factual, s.n_other)
                         for s in summaries], dtype=np.int64).reshape(-1, 4),
        shares=np.array([[0.0 if x is None else x for x in pair] for pair in shares],
                        dtype=np.float64).reshape(-1, 2),
        has_shares=np.array([[x is not None for x in pair] for pair in shares],
                            dtype=bool).reshape(-1, 2),
        errors=errors,
    )


def _unpack(chunk: list, cols: _Columns, keep_exceptions: bool) -> list:
    """The ``[(result, exception_or_None), ...]`` of a chunk labelled in a worker.

    Equal, value for value, to what `_label_chunk` returns in this process.
    """
    starts, ends = cols.starts.tolist(), cols.ends.tolist()
    labels = [LABELS[c] for c in cols.labels.tolist()]
    probs = cols.p_reflective.tolist()
    if not cols.has_p.all():
        probs = [p if has else None for p, has in zip(probs, cols.has_p.tolist())]
    texts = [None] * len(starts)
    at = 0
    for (_, doc), size in zip(chunk, cols.sizes.tolist()):
        texts[at:at + size] = [doc[a:b] for a, b in zip(starts[at:at + size], ends[at:at + size])]
        at += size
    sentences = list(map(Sentence, texts, starts, ends, labels, probs, cols.quoted.tolist()))
    failed = {i: (kind, message, err) for i, kind, message, err in cols.errors}
    shares = cols.shares.tolist()
    has = cols.has_shares.tolist()
    out = []
    at = 0
    for i, ((doc_id, doc), size, counts) in enumerate(zip(chunk, cols.sizes.tolist(),
                                                          cols.counts.tolist())):
        if i in failed:
            kind, message, err = failed[i]
            out.append((DocumentResult(doc_id, (), _EMPTY, ErrorInfo(kind, message), doc), err))
        elif not isinstance(doc, str):  # failed in the parent
            out.append((_failure(doc_id, doc), doc if keep_exceptions else None))
        else:
            (share, mean), (has_share, has_mean) = shares[i], has[i]
            n, n_reflective, n_factual, n_other = counts
            summary = Summary(n, n_reflective, n_factual, n_other,
                              share if has_share else None, mean if has_mean else None)
            out.append((DocumentResult(doc_id, tuple(sentences[at:at + size]), summary, None, doc),
                        None))
        at += size
    return out


def _portable(err: BaseException) -> BaseException:
    """The exception itself if it survives pickling, else a RuntimeError copy."""
    note = "".join(traceback.format_exception(type(err), err, err.__traceback__))
    try:
        pickle.loads(pickle.dumps(err))
    except Exception:
        err = RuntimeError(f"{type(err).__name__}: {err}")
    err._tonesplit_traceback = note  # type: ignore[attr-defined]
    return err


def _effective_n_jobs(n_jobs: int | None) -> int:
    import joblib

    return max(1, int(joblib.effective_n_jobs(n_jobs)))


def _parallel_results(chunks: Iterator[list], n_jobs: int | None, workers: int,
                      handle: _ModelHandle, keep: bool) -> Iterator[list]:
    """Label chunks over joblib, in order, with a bounded look-ahead.

    Chunks go out in windows of ``8 * workers``: at most that many chunks
    (inputs plus results) are held at once, however slowly the caller
    consumes the results. (joblib dispatches a new task whenever one
    completes, not when its result is consumed, so one long ``Parallel``
    call would let finished results pile up behind a slow consumer.)
    """
    window = _CHUNKS_PER_WORKER * workers
    shared = handle.on_disk() if _workers_share_this_machine() else contextlib.nullcontext()
    with shared:
        yield from _windows(chunks, n_jobs, window, handle, keep)


def _windows(chunks: Iterator[list], n_jobs: int | None, window: int, handle: _ModelHandle,
             keep: bool) -> Iterator[list]:
    from joblib import Parallel, delayed

    try:
        parallel = Parallel(n_jobs=n_jobs, return_as="generator", batch_size=1,
                            pre_dispatch="all")
    except ValueError:  # a backend without generator support (multiprocessing)
        parallel = Parallel(n_jobs=n_jobs, batch_size=1, pre_dispatch="all")
    with parallel:
        while True:
            first = next(chunks, None)
            if first is None:
                return
            # Lazily: each chunk is dispatched as soon as it is read, so the
            # workers start (and work) while the rest of the window is read.
            window_chunks = itertools.chain((first,), itertools.islice(chunks, window - 1))
            del first
            sent: deque[list] = deque()  # the window's chunks, to rebuild results in order

            def tasks(window_chunks=window_chunks, sent=sent):
                for chunk in window_chunks:
                    sent.append(chunk)
                    texts = [_text(doc) for _, doc in chunk]
                    yield delayed(_label_chunk_columns)(texts, handle, keep)

            outputs = parallel(tasks())
            try:
                for packed in outputs:
                    # Without the collector, as in-process labelling: tens of
                    # thousands of new acyclic results would otherwise set off
                    # full collections of a large heap (half the parent's CPU).
                    with _collector_paused():
                        results = _unpack(sent.popleft(), packed, keep)
                    yield results
            finally:
                close = getattr(outputs, "close", None)
                if close is not None:
                    close()
