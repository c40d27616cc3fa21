"""`label_corpus`: many documents, streamed in bounded chunks, in order, nothing lost."""

from __future__ import annotations

import itertools
import operator
import sys
import time
from collections.abc import Iterable, Iterator
from typing import Literal

from ._inputs import (
    BATCH_SIZE,
    MAX_CHARS,
    _check_choice,
    _check_docs,
    _check_int,
    _check_n_jobs,
    _chunks,
    _items,
)
from ._optional import import_optional
from ._results import DocumentResult
from ._workers import _effective_n_jobs, _label_chunk, _ModelHandle, _parallel_results
from .api import _reflective_column, _resolve

__all__ = ["label_corpus"]

#: With n_jobs > 1, a corpus of at most this many chunks per worker is
#: labelled in-process (see the Notes of `label_corpus`).
_SERIAL_CHUNKS = 8


def label_corpus(
    docs: Iterable,
    *,
    n_jobs: int | None = 1,
    progress: bool = False,
    on_error: Literal["record", "raise"] = "record",
    model=None,
    batch_size: int = BATCH_SIZE,
    max_chars: int | None = MAX_CHARS,
) -> Iterator[DocumentResult]:
    """Label many documents, streaming, and yield one result per document in order.

    Parameters
    ----------
    docs : iterable of str, or of (doc_id, text) pairs
        The documents. Any iterable works, including a generator of millions
        (it is read lazily, in chunks). A bare element that is a ``str`` is a
        text whose id is its position (0, 1, ...); a 2-tuple (or 2-list) is
        ``(doc_id, text)``; anything else is a document that fails. A mapping ``{doc_id: text}`` and a pandas Series (ids from
        its index) are read by their items. Pairs from `read_corpus` may
        carry a `ReadError` instead of a text. A single string is refused.
    n_jobs : int or None, default=1
        Processes to use (joblib semantics: ``-1`` for all cores, ``None``
        for joblib's current default). With more than one, chunks are
        labelled over joblib's active backend: loky processes, or a Dask
        cluster inside ``joblib.parallel_config(backend="dask")``.
    progress : bool, default=False
        Show a tqdm progress bar (on stderr; a widget in Jupyter) with
        documents/s and sentences/s. Needs the ``progress`` extra.
    on_error : {"record", "raise"}, default="record"
        ``"record"``: a document that cannot be labelled yields a result
        whose ``error`` says why, and the run goes on. ``"raise"``: the
        first such document raises its exception, after the results of the
        documents before it were yielded.
    model : ToneClassifier, optional
        The classifier; the shipped one by default. With ``n_jobs > 1`` it is
        pickled once and unpickled once per worker process (a
        `ToneClassifier` as its compiled arrays, so that workers need not
        import scikit-learn).
    batch_size : int, default=256
        Documents per chunk (one vectorised model call each). A chunk is also
        closed at 2 million characters. It bounds memory and sets the grain
        of parallelism; it never changes the results.
    max_chars : int or None, default=1_000_000
        Longer documents are not labelled: they yield an error result (a
        ``ValueError`` with ``"raise"``). ``None`` lifts the limit.

    Yields
    ------
    DocumentResult
        One per input document, in input order.

    Raises
    ------
    TypeError, ValueError
        On invalid arguments, at call time (before any document is read).

    Notes
    -----
    At most ``batch_size`` documents (``8 * n_jobs`` chunks in parallel) are
    held at once, so memory stays flat however long the stream. Results do
    not depend on ``batch_size`` or ``n_jobs``.

    More jobs are never slower than one on a small corpus: with
    ``n_jobs > 1``, a corpus of at most ``8 * n_jobs`` chunks (about 4,000
    news articles with two jobs) is labelled in this process, because
    starting workers would cost more than they save. Larger corpora go to
    the workers, the first chunks included.

    Examples
    --------
    >>> import tonesplit
    >>> docs = [("a", "The vote passed 52 to 48. Perhaps we never learn."), ("b", None)]
    >>> for r in tonesplit.label_corpus(docs):
    ...     print(r.doc_id, r.summary.n_sentences, r.error)
    a 2 None
    b 0 TypeError: document must be str, got NoneType
    """
    docs = _check_docs(docs)
    n_jobs = _check_n_jobs(n_jobs)
    if not isinstance(progress, bool):
        raise TypeError(f"progress must be a bool, got {type(progress).__name__}")
    on_error = _check_choice(on_error, "on_error", ("record", "raise"))
    batch_size = _check_int(batch_size, "batch_size")
    max_chars = _check_int(max_chars, "max_chars", allow_none=True)
    model = _resolve(model)
    _reflective_column(model)
    total = operator.length_hint(docs, 0) or None
    return _run(docs, n_jobs, progress, on_error == "raise", model, batch_size,
                max_chars, total)


def _run(docs, n_jobs, progress, raise_errors, model, batch_size, max_chars, total):
    chunks = _chunks(_items(docs), batch_size, max_chars)
    workers = 1 if n_jobs == 1 else _effective_n_jobs(n_jobs)
    if workers > 1:
        # A corpus that fits in the first window of chunks is labelled here:
        # starting workers and shipping results back would cost more than it
        # saves (BBC News, 2,225 articles, took 4x longer with n_jobs=2).
        head = list(itertools.islice(chunks, _SERIAL_CHUNKS * workers + 1))
        if len(head) <= _SERIAL_CHUNKS * workers:
            workers = 1
        chunks = itertools.chain(head, chunks)
    if workers == 1:
        outputs: Iterator[list] = (_label_chunk(c, model, raise_errors) for c in chunks)
    else:
        handle = _ModelHandle(model)
        outputs = _parallel_results(chunks, n_jobs, workers, handle, raise_errors)
    bar = _progress_bar(total) if progress else None
    n_sentences = 0
    start = time.perf_counter()
    try:
        for output in outputs:
            for result, err in output:
                if raise_errors and err is not None:
                    _annotate(err, result.doc_id)
                    raise err
                yield result
            if bar is not None:
                n_sentences += sum(r.summary.n_sentences for r, _ in output)
                elapsed = max(time.perf_counter() - start, 1e-9)
                bar.set_postfix_str(f"{n_sentences / elapsed:,.0f} sentences/s", refresh=False)
                bar.update(len(output))
    finally:
        close = getattr(outputs, "close", None)
        if close is not None:
            close()
        if bar is not None:
            bar.close()


def _annotate(err: BaseException, doc_id) -> None:
    """Say which document raised (and, from a worker, where)."""
    if not hasattr(err, "add_note"):  # Python 3.10
        return
    err.add_note(f"tonesplit.label_corpus: while labelling document {doc_id!r}")
    remote = getattr(err, "_tonesplit_traceback", None)
    if remote and err.__traceback__ is None:
        err.add_note("Traceback in the worker process:\n" + remote)


def _progress_bar(total):
    # tqdm's text bar (on stderr) also in Jupyter: a widget's saved output is its
    # first state ("0/2225") in any static view of the notebook, while the text
    # bar's saved output is its last.
    tqdm = import_optional("tqdm", purpose="label_corpus(progress=True)").tqdm
    return tqdm(total=total, unit="doc", desc="labelling", smoothing=0.1, file=sys.stderr)
