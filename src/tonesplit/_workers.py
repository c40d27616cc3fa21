"""Labelling chunks, in this process or over joblib workers, and the model as it travels to them."""

from __future__ import annotations

import hashlib
import itertools
import pickle
import threading
import traceback
from collections import OrderedDict, deque
from collections.abc import Iterator
from typing import Any

from ._results import _EMPTY, DocumentResult, ErrorInfo, Summary, _failure, _result
from .api import _collector_paused, label_documents
from .sentence import Sentence

_CHUNKS_PER_WORKER = 8


# --------------------------------------------------------------------------
# The model, shipped once to each worker
# --------------------------------------------------------------------------

_worker_models: OrderedDict[str, Any] = OrderedDict()
_worker_lock = threading.Lock()


def _restore_model(key: str | None, blob: bytes | None):
    """Unpickle a model at most once per process (keyed by its sha256)."""
    if key is None:
        from .model import load_model

        return load_model()
    with _worker_lock:
        model = _worker_models.get(key)
        if model is None:
            model = pickle.loads(blob or b"")
            _worker_models[key] = model
            while len(_worker_models) > 4:
                _worker_models.popitem(last=False)
        else:
            _worker_models.move_to_end(key)
        return model


class _ModelHandle:
    """A model as it travels to workers.

    Pickled once in the parent; a worker unpickles it once and keeps it, so
    the cost per chunk is a copy of bytes, not a rebuild of the model. The
    shipped model travels as nothing at all: each worker loads its own copy
    once. ``__sizeof__`` reports the pickle's size so that joblib's Dask
    backend scatters the handle to the cluster once instead of per task.
    """

    def __init__(self, model, shipped: bool):
        self.model = model
        if shipped:
            self.key, self.blob = None, None
        else:
            self.blob = pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL)
            self.key = hashlib.sha256(self.blob).hexdigest()

    def __reduce__(self):
        return (_restore_model, (self.key, self.blob))

    def __sizeof__(self) -> int:
        return object.__sizeof__(self) + (len(self.blob) if self.blob else 0)


# --------------------------------------------------------------------------
# Labelling chunks
# --------------------------------------------------------------------------


def _label_chunk(chunk: list, model, keep_exceptions: bool) -> list:
    """Label one chunk; return ``[(result, exception_or_None), ...]`` in order.

    ``chunk`` holds ``(doc_id, text_or_exception)``; exceptions were found by
    the parent. One vectorised call labels the whole chunk; if it raises, the
    documents are labelled one by one so that only the culprit fails.
    """
    if isinstance(model, _ModelHandle):
        model = model.model
    with _collector_paused():  # results are many small acyclic objects too
        return _label_chunk_now(chunk, model, keep_exceptions)


def _label_chunk_now(chunk: list, model, keep_exceptions: bool) -> list:
    texts = [doc for _, doc in chunk if isinstance(doc, str)]
    try:
        labelled = iter(label_documents(texts, model))
    except Exception:
        labelled = None
    out = []
    for doc_id, doc in chunk:
        if not isinstance(doc, str):
            out.append((_failure(doc_id, doc), doc if keep_exceptions else None))
            continue
        if labelled is not None:
            out.append((_result(doc_id, next(labelled), doc), None))
            continue
        try:
            [one] = label_documents([doc], model)
        except Exception as err:
            out.append((_failure(doc_id, err, doc), _portable(err) if keep_exceptions else None))
        else:
            out.append((_result(doc_id, one, doc), None))
    return out


def _label_chunk_packed(chunk: list, model, keep_exceptions: bool) -> list:
    """`_label_chunk` in a worker, returned in a compact form for the trip back.

    Pickling tens of thousands of frozen dataclasses costs more than
    labelling them, so a worker sends plain lists (offsets, labels,
    probabilities) and the parent, which still holds the texts, rebuilds the
    `Sentence` values (`_unpack`). Sentence texts are sent only if they are
    not the slice of the document they claim to be.
    """
    packed: list[tuple] = []
    for (_, doc), (result, err) in zip(chunk, _label_chunk(chunk, model, keep_exceptions)):
        if result.error is not None:
            packed.append((False, result.error.type, result.error.message, err))
            continue
        sents = result.sentences
        starts = [s.start for s in sents]
        ends = [s.end for s in sents]
        texts = None
        if any(doc[s.start:s.end] != s.text for s in sents):
            texts = [s.text for s in sents]
        packed.append((True, starts, ends, [s.label for s in sents],
                       [s.p_reflective for s in sents], texts))
    return packed


def _unpack(chunk: list, packed: list) -> list:
    """The ``[(result, exception_or_None), ...]`` of a packed chunk."""
    out = []
    for (doc_id, doc), entry in zip(chunk, packed):
        if not entry[0]:
            _, kind, message, err = entry
            text = doc if isinstance(doc, str) else None
            out.append((DocumentResult(doc_id, (), _EMPTY, ErrorInfo(kind, message), text), err))
            continue
        _, starts, ends, labels, probs, texts = entry
        if texts is None:
            texts = [doc[s:e] for s, e in zip(starts, ends)]
        sentences = tuple(map(Sentence, texts, starts, ends, labels, probs))
        out.append((DocumentResult(doc_id, sentences, Summary.of(sentences), None, doc), None))
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
    from joblib import Parallel, delayed

    window = _CHUNKS_PER_WORKER * workers
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
                    yield delayed(_label_chunk_packed)(chunk, handle, keep)

            outputs = parallel(tasks())
            try:
                for packed in outputs:
                    yield _unpack(sent.popleft(), packed)
            finally:
                close = getattr(outputs, "close", None)
                if close is not None:
                    close()
