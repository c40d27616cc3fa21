"""Label a corpus: many documents, streamed in bounded chunks, in order, nothing lost.

`label_corpus` is the batch front door: it takes any iterable of texts or of
``(doc_id, text)`` pairs (a generator of millions works), labels them chunk
by chunk with one vectorised model call per chunk, optionally over several
processes or a Dask cluster, and yields one `DocumentResult` per document in
input order. A document that cannot be labelled (not a ``str``, too long, a
file that could not be read, an exception inside the model) becomes a result
that carries the error, and every other document still comes out.

`read_corpus` streams ``(doc_id, text)`` pairs from a folder, a glob, JSON
Lines or CSV, and yields a `ReadError` in place of the text of anything it
could not read, which `label_corpus` turns into an error result.

`to_sentences_frame` and `to_documents_frame` turn results into pandas data
frames; `label_partition` does the same for one partition of a Dask (or
pandas) data frame. See ``docs/corpus.md`` for the guide.
"""

from __future__ import annotations

import codecs
import csv
import errno
import glob as _glob
import gzip
import hashlib
import itertools
import json
import math
import operator
import os
import pickle
import sys
import threading
import time
import traceback
import warnings
from collections import OrderedDict, deque
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ._optional import import_optional
from ._validation import check_text
from .api import _collector_paused, _reflective_column, _resolve, label_documents
from .sentence import LABELS, LabelledText, Sentence

__all__ = [
    "DOCUMENT_COLUMNS",
    "SENTENCE_COLUMNS",
    "DocumentResult",
    "ErrorInfo",
    "ReadError",
    "Summary",
    "documents_meta",
    "label_corpus",
    "label_partition",
    "read_corpus",
    "sentences_meta",
    "to_documents_frame",
    "to_sentences_frame",
]

#: Default ``max_chars`` of `label_corpus`: about 250 pages of prose.
MAX_CHARS = 1_000_000
#: Default ``batch_size`` of `label_corpus` (documents per chunk).
BATCH_SIZE = 256
#: A chunk is also closed once it holds this many characters, so that memory
#: stays bounded whatever the length of the documents.
_CHUNK_CHARS = 2_000_000
#: Chunks in flight per worker with n_jobs > 1: the bound on look-ahead.
_CHUNKS_PER_WORKER = 8
#: Default ``max_bytes`` of `read_corpus` for one text file.
MAX_BYTES = 16_000_000

#: Columns of `to_sentences_frame`, in order.
SENTENCE_COLUMNS: tuple[str, ...] = (
    "doc_id", "index", "start", "end", "text", "label", "p_reflective",
)
#: Columns of `to_documents_frame`, in order.
DOCUMENT_COLUMNS: tuple[str, ...] = (
    "doc_id", "n_sentences", "n_reflective", "n_factual", "n_other",
    "reflective_share", "mean_p_reflective", "error_type", "error_message",
)


# --------------------------------------------------------------------------
# Result values
# --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ErrorInfo:
    """Why a document could not be labelled (a record, not an exception).

    Attributes
    ----------
    type : str
        The exception's class name, e.g. ``"TypeError"`` or ``"ReadError"``.
    message : str
        Its message.

    Examples
    --------
    >>> str(ErrorInfo("TypeError", "document must be str, got NoneType"))
    'TypeError: document must be str, got NoneType'
    """

    type: str
    message: str

    def __str__(self) -> str:
        return f"{self.type}: {self.message}"

    @classmethod
    def from_exception(cls, err: BaseException) -> ErrorInfo:
        """The record of an exception: its class name and message."""
        return cls(type(err).__name__, str(err))


@dataclass(frozen=True, slots=True)
class Summary:
    """Counts and shares of one article.

    Attributes
    ----------
    n_sentences : int
        All labelled spans, prose and other.
    n_reflective, n_factual, n_other : int
        Counts per label.
    reflective_share : float or None
        ``n_reflective / (n_reflective + n_factual)``: the share of the
        author's commentary among the prose sentences; ``None`` when the
        article has no prose sentence.
    mean_p_reflective : float or None
        Mean probability of reflective over the prose sentences; ``None``
        when there is none.

    Examples
    --------
    >>> s = Sentence("It rained.", 0, 10, "factual", 0.2)
    >>> Summary.of([s])
    Summary(n_sentences=1, n_reflective=0, n_factual=1, n_other=0, reflective_share=0.0, mean_p_reflective=0.2)
    """

    n_sentences: int = 0
    n_reflective: int = 0
    n_factual: int = 0
    n_other: int = 0
    reflective_share: float | None = None
    mean_p_reflective: float | None = None

    @classmethod
    def of(cls, sentences: Iterable[Sentence]) -> Summary:
        """Summarise labelled sentences."""
        sentences = sentences if isinstance(sentences, (list, tuple)) else list(sentences)
        labels = [s.label for s in sentences]
        n_reflective, n_factual = labels.count("reflective"), labels.count("factual")
        ps = [s.p_reflective for s in sentences
              if s.p_reflective is not None and s.label != "other"]
        prose = n_reflective + n_factual
        return cls(
            n_sentences=len(labels),
            n_reflective=n_reflective,
            n_factual=n_factual,
            n_other=len(labels) - prose,
            reflective_share=n_reflective / prose if prose else None,
            mean_p_reflective=math.fsum(ps) / len(ps) if ps else None,
        )


_EMPTY = Summary()


@dataclass(frozen=True, slots=True)
class DocumentResult:
    """The outcome of labelling one document of a corpus.

    Attributes
    ----------
    doc_id : object
        The document's id: the one given with it, or its position in the
        input (0, 1, 2, ...).
    sentences : tuple of Sentence
        Its labelled sentences, in order; empty when it failed.
    summary : Summary
        Counts per label, share of reflective sentences and mean probability.
    error : ErrorInfo or None
        Why it failed; ``None`` when it was labelled.
    text : str or None
        The document's text (``None`` when it was not a readable ``str``).

    Examples
    --------
    >>> import tonesplit
    >>> [r] = tonesplit.label_corpus([("a1", "The vote passed 52 to 48. Perhaps we never learn.")])
    >>> r.doc_id, r.ok, r.summary.n_sentences
    ('a1', True, 2)
    >>> [s.text for s in r.sentences]
    ['The vote passed 52 to 48.', 'Perhaps we never learn.']
    >>> r.summary.n_reflective + r.summary.n_factual
    2
    """

    doc_id: Any
    sentences: tuple[Sentence, ...] = field(default=(), repr=False)
    summary: Summary = _EMPTY
    error: ErrorInfo | None = None
    text: str | None = field(default=None, repr=False)

    @property
    def ok(self) -> bool:
        """True when the document was labelled (no error)."""
        return self.error is None

    @property
    def labelled(self) -> LabelledText:
        """The sentences as a `LabelledText` (with the source text)."""
        return LabelledText(self.sentences, source=self.text or "")

    def _repr_html_(self) -> str:
        from .display import document_html

        return document_html(self)


def _result(doc_id, labelled: LabelledText, text: str) -> DocumentResult:
    sentences = tuple(labelled)
    return DocumentResult(doc_id, sentences, Summary.of(sentences), None, text)


def _failure(doc_id, err: BaseException, text: Any = None) -> DocumentResult:
    return DocumentResult(
        doc_id, (), _EMPTY, ErrorInfo.from_exception(err),
        text if isinstance(text, str) else None,
    )


class ReadError(Exception):
    """A document that `read_corpus` could not read.

    `read_corpus` yields ``(doc_id, ReadError(...))`` in place of the text,
    so that `label_corpus` turns it into an error result instead of losing
    it; with ``on_error="raise"`` it is raised.

    Parameters
    ----------
    doc_id : object
        The id the document would have had.
    reason : str
        What went wrong, in words.
    path : str, optional
        The file it came from.
    line : int, optional
        The line (JSON Lines) or row (CSV) within that file, from 1.

    Examples
    --------
    >>> err = ReadError("notes:3", "invalid JSON: Expecting value", path="notes.jsonl", line=3)
    >>> str(err)
    'notes.jsonl, line 3: invalid JSON: Expecting value'
    """

    def __init__(self, doc_id: Any, reason: str, *, path: str | None = None,
                 line: int | None = None):
        self.doc_id = doc_id
        self.reason = reason
        self.path = path
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.path if self.path is not None else str(self.doc_id)
        if self.line is not None:
            where = f"{where}, line {self.line}"
        return f"{where}: {self.reason}"

    def __reduce__(self):
        return (_make_read_error, (self.doc_id, self.reason, self.path, self.line))

    def __eq__(self, other):
        if not isinstance(other, ReadError):
            return NotImplemented
        return (self.doc_id, self.reason, self.path, self.line) == (
            other.doc_id, other.reason, other.path, other.line)

    def __hash__(self):
        return hash((ReadError, self.reason, self.path, self.line))


def _make_read_error(doc_id, reason, path, line):
    return ReadError(doc_id, reason, path=path, line=line)


# --------------------------------------------------------------------------
# Argument checks
# --------------------------------------------------------------------------


def _check_int(value, name: str, *, minimum: int = 1, allow_none: bool = False):
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        if hasattr(value, "__index__") and not isinstance(value, bool):
            value = operator.index(value)
        else:
            kind = "an int or None" if allow_none else "an int"
            raise TypeError(f"{name} must be {kind}, got {type(value).__name__}")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    return int(value)


def _check_choice(value, name: str, choices: tuple[str, ...]) -> str:
    if not isinstance(value, str) or value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, choices))}; got {value!r}")
    return value


def _check_n_jobs(n_jobs) -> int | None:
    if n_jobs is None:
        return None
    if isinstance(n_jobs, bool) or not isinstance(n_jobs, int):
        raise TypeError(f"n_jobs must be an int or None, got {type(n_jobs).__name__}")
    if n_jobs == 0:
        raise ValueError("n_jobs must not be 0: use 1 for no parallelism, -1 for all cores")
    return n_jobs


def _check_docs(docs) -> Iterable:
    if isinstance(docs, str):
        raise ValueError(  # noqa: TRY004 - the same error as scikit-learn's TfidfVectorizer
            "docs: iterable over raw text documents expected, string object received"
        )
    if isinstance(docs, (bytes, bytearray, memoryview)):
        raise TypeError(
            f"docs: iterable over raw text documents expected, got {type(docs).__name__}"
        )
    if hasattr(docs, "columns") and hasattr(docs, "iloc"):
        raise TypeError(
            "docs: got a DataFrame, whose iteration yields column names; pass "
            "df[text_column], zip(df[id_column], df[text_column]), or use "
            "tonesplit.corpus.label_partition(df, text_column=...)"
        )
    if isinstance(docs, Mapping) or (hasattr(docs, "items") and hasattr(docs, "index")
                                     and hasattr(docs, "dtype")):
        return docs.items()  # {doc_id: text} or a pandas Series (index = ids)
    if not isinstance(docs, Iterable):
        raise TypeError(
            f"docs: iterable over raw text documents expected, got {type(docs).__name__}"
        )
    return docs


def _items(docs: Iterable) -> Iterator[tuple[Any, Any]]:
    """``(doc_id, doc)`` for each element: a text, a pair, or a bare ReadError."""
    for i, item in enumerate(docs):
        if isinstance(item, str):
            yield i, item
        elif isinstance(item, (tuple, list)) and len(item) == 2:
            yield item[0], item[1]
        elif isinstance(item, ReadError):
            yield item.doc_id, item
        else:
            yield i, item


def _problem(doc, max_chars: int | None) -> BaseException | None:
    """Why ``doc`` cannot be labelled, or None."""
    if isinstance(doc, ReadError):
        return doc
    if not isinstance(doc, str):
        if isinstance(doc, (bytes, bytearray, memoryview)):
            return TypeError(
                f"document must be str, got {type(doc).__name__}; decode it first "
                "(tonesplit.read_corpus reads files with an encoding fallback)"
            )
        return TypeError(f"document must be str, got {type(doc).__name__}")
    if max_chars is not None and len(doc) > max_chars:
        return ValueError(
            f"document has {len(doc):,} characters, more than max_chars={max_chars:,}; "
            "split it into parts or raise max_chars"
        )
    try:
        check_text(doc, "document")
    except (TypeError, ValueError) as err:
        return err
    return None


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
            model = pickle.loads(blob)
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
    except Exception:  # noqa: BLE001 - retried one by one below to find the culprit
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
        except Exception as err:  # noqa: BLE001 - recorded; re-raised by the parent if asked
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
    packed = []
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
    except Exception:  # noqa: BLE001 - any pickling failure
        err = RuntimeError(f"{type(err).__name__}: {err}")
    err._tonesplit_traceback = note  # type: ignore[attr-defined]
    return err


def _chunks(items: Iterator, batch_size: int, max_chars: int | None) -> Iterator[list]:
    buf: list = []
    chars = 0
    for doc_id, doc in items:
        problem = _problem(doc, max_chars)
        if problem is not None:
            buf.append((doc_id, problem))
        else:
            buf.append((doc_id, doc))
            chars += len(doc)
        if len(buf) >= batch_size or chars >= _CHUNK_CHARS:
            yield buf
            buf, chars = [], 0
    if buf:
        yield buf


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
        pickled once and unpickled once per worker process.
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
    shipped = model is None
    model = _resolve(model)
    _reflective_column(model)
    total = operator.length_hint(docs, 0) or None
    return _run(docs, n_jobs, progress, on_error == "raise", model, shipped, batch_size,
                max_chars, total)


def _run(docs, n_jobs, progress, raise_errors, model, shipped, batch_size, max_chars, total):
    chunks = _chunks(_items(docs), batch_size, max_chars)
    workers = 1 if n_jobs == 1 else _effective_n_jobs(n_jobs)
    if workers == 1:
        outputs: Iterator[list] = (_label_chunk(c, model, raise_errors) for c in chunks)
    else:
        handle = _ModelHandle(model, shipped)
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
    tqdm = import_optional("tqdm.auto", purpose="label_corpus(progress=True)").tqdm
    return tqdm(total=total, unit="doc", desc="labelling", smoothing=0.1)


# --------------------------------------------------------------------------
# Reading a corpus from disk
# --------------------------------------------------------------------------

_FORMATS = ("auto", "text", "jsonl", "csv", "tsv")
_SUFFIX_FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".tsv": "tsv"}
_MAGIC = set("*?[")


def _format_of(path: str, fmt: str) -> str:
    if fmt != "auto":
        return fmt
    name = path[:-3] if path.lower().endswith(".gz") else path
    return _SUFFIX_FORMATS.get(os.path.splitext(name)[1].lower(), "text")


def _open_binary(path: str):
    if path.lower().endswith(".gz"):
        return gzip.open(path, "rb")
    return open(path, "rb")


def _id_of(rel: str) -> str:
    rel = rel.replace(os.sep, "/")
    if rel.lower().endswith(".gz"):
        rel = rel[:-3]
    return rel.removesuffix(".txt")


def _decode(data: bytes, encoding: str, fallback: str | None) -> str:
    """Bytes to text: BOM first, then ``encoding``, then ``fallback``.

    Raises UnicodeDecodeError (with both attempts in the message) when
    neither fits.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as first:
        if fallback is None or b"\x00" in data:
            raise
        try:
            return data.decode(fallback)
        except UnicodeDecodeError:
            raise UnicodeDecodeError(
                first.encoding, first.object, first.start, first.end,
                f"{first.reason}; the fallback {fallback} does not fit either",
            ) from None


def _decode_reason(err: UnicodeDecodeError, encoding: str, fallback: str | None) -> str:
    byte = err.object[err.start:err.start + 1].hex()
    also = f" nor {fallback}" if fallback else " (no fallback_encoding)"
    return (f"cannot decode: not {encoding} (byte 0x{byte} at offset {err.start}){also}; "
            "pass encoding= or fallback_encoding=")


def _os_reason(err: OSError) -> str:
    return f"{type(err).__name__}: {err.strerror or err}"


def _read_text_file(path: str, doc_id, encoding, fallback, max_bytes):
    try:
        if path.lower().endswith(".gz"):
            with _open_binary(path) as f:
                data = f.read() if max_bytes is None else f.read(max_bytes + 1)
        else:
            # Plain descriptor calls: a file object and its buffer would cost
            # as much again as reading a short article.
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
            try:
                size = os.fstat(fd).st_size
                if max_bytes is not None and size > max_bytes:
                    return ReadError(doc_id, f"file has {size:,} bytes, more than max_bytes="
                                     f"{max_bytes:,}", path=path)
                data = _read_fd(fd, size, max_bytes)
            finally:
                os.close(fd)
        if max_bytes is not None and len(data) > max_bytes:
            return ReadError(doc_id, f"file has more than max_bytes={max_bytes:,} bytes",
                             path=path)
        return _decode(data, encoding, fallback)
    except UnicodeDecodeError as err:
        return ReadError(doc_id, _decode_reason(err, encoding, fallback), path=path)
    except (OSError, EOFError) as err:  # EOFError: truncated gzip
        return ReadError(doc_id, _os_reason(err) if isinstance(err, OSError)
                         else f"cannot read: {err}", path=path)


def _read_fd(fd: int, size: int, max_bytes: int | None) -> bytes:
    """Read ``fd`` to its end, or to ``max_bytes + 1`` bytes (then it is too big).

    ``size`` (from ``fstat``) is asked for first, and one byte more, so that a
    file read whole takes one call; a file that grew meanwhile, or a pipe
    (size 0), is read on in 64 KiB blocks.
    """
    parts, got, want = [], 0, size + 1
    while max_bytes is None or got <= max_bytes:
        block = os.read(fd, want if max_bytes is None else min(want, max_bytes + 1 - got))
        if not block:
            break
        parts.append(block)
        got += len(block)
        want = 1 << 16
    return parts[0] if len(parts) == 1 else b"".join(parts)


def _read_jsonl(stream, path, file_id, text_field, id_field, encoding, fallback):
    lineno = 0
    try:
        for lineno, raw in enumerate(stream, 1):
            if not raw.strip():
                continue
            fallback_id = f"{file_id}:{lineno}"
            try:
                line = _decode(raw, encoding, fallback)
            except UnicodeDecodeError as err:
                yield fallback_id, ReadError(fallback_id, _decode_reason(err, encoding, fallback),
                                             path=path, line=lineno)
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as err:
                yield fallback_id, ReadError(fallback_id, f"invalid JSON: {err.msg} "
                                             f"(column {err.colno})", path=path, line=lineno)
                continue
            if not isinstance(record, dict):
                yield fallback_id, ReadError(
                    fallback_id, f"expected a JSON object, got {type(record).__name__}",
                    path=path, line=lineno)
                continue
            doc_id = record.get(id_field, fallback_id) if id_field else fallback_id
            if isinstance(doc_id, (dict, list)) or doc_id is None:
                doc_id = fallback_id
            if text_field not in record:
                yield doc_id, ReadError(doc_id, f"no field {text_field!r} (fields: "
                                        f"{', '.join(map(str, list(record)[:10]))})",
                                        path=path, line=lineno)
            elif not isinstance(record[text_field], str):
                yield doc_id, ReadError(doc_id, f"field {text_field!r} is "
                                        f"{type(record[text_field]).__name__}, not a string",
                                        path=path, line=lineno)
            else:
                yield doc_id, record[text_field]
    except (OSError, EOFError) as err:
        reason = _os_reason(err) if isinstance(err, OSError) else f"cannot read: {err}"
        yield file_id, ReadError(file_id, f"{reason} (after line {lineno})", path=path)


def _sniff_encoding(path: str, encoding: str, fallback: str | None) -> str:
    """The encoding a whole file decodes with, read in blocks (flat memory)."""
    with _open_binary(path) as f:
        head = f.read(4)
        if head.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        dec = codecs.getincrementaldecoder(encoding)()
        block = head
        offset = 0
        try:
            while block:
                dec.decode(block)
                offset += len(block)
                block = f.read(1 << 20)
            dec.decode(b"", final=True)
            return encoding
        except UnicodeDecodeError as err:
            if fallback is None:
                raise UnicodeDecodeError(err.encoding, err.object, err.start, err.end,
                                         err.reason) from None
    codecs.lookup(fallback)
    with _open_binary(path) as f:
        dec = codecs.getincrementaldecoder(fallback)()
        for block in iter(lambda: f.read(1 << 20), b""):
            dec.decode(block)
        dec.decode(b"", final=True)
    return fallback


def _read_csv(path, file_id, delimiter, text_field, id_field, encoding, fallback):
    try:
        enc = _sniff_encoding(path, encoding, fallback)
    except UnicodeDecodeError as err:
        yield file_id, ReadError(file_id, _decode_reason(err, encoding, fallback), path=path)
        return
    except (OSError, EOFError) as err:
        reason = _os_reason(err) if isinstance(err, OSError) else f"cannot read: {err}"
        yield file_id, ReadError(file_id, reason, path=path)
        return
    try:
        opener = gzip.open if path.lower().endswith(".gz") else open
        f = opener(path, "rt", encoding=enc, newline="")
    except OSError as err:
        yield file_id, ReadError(file_id, _os_reason(err), path=path)
        return
    with f:
        yield from _csv_records(f, path, file_id, delimiter, text_field, id_field)


def _csv_records(f, path, file_id, delimiter, text_field, id_field):
    """``(doc_id, text or ReadError)`` of the rows of an open text stream."""
    _raise_csv_field_limit()
    quoting = csv.QUOTE_NONE if delimiter == "\t" else csv.QUOTE_MINIMAL
    row_no = 0
    try:
        reader = csv.reader(f, delimiter=delimiter, quoting=quoting)
        header = next(reader, None)
        if header is None:
            return
        header = [h.strip().lstrip("\ufeff") for h in header]
        if text_field not in header:
            yield file_id, ReadError(
                file_id, f"no column {text_field!r} (columns: {', '.join(header[:20])})",
                path=path)
            return
        t = header.index(text_field)
        k = header.index(id_field) if id_field and id_field in header else None
        for row_no, row in enumerate(reader, 1):
            if not row:
                continue
            fallback_id = f"{file_id}:{row_no}"
            doc_id = row[k] if k is not None and k < len(row) and row[k] else fallback_id
            if len(row) != len(header):
                yield doc_id, ReadError(
                    doc_id, f"row has {len(row)} fields, the header {len(header)}",
                    path=path, line=reader.line_num)
                continue
            yield doc_id, row[t]
    except csv.Error as err:
        doc_id = f"{file_id}:{row_no + 1}"
        yield doc_id, ReadError(doc_id, f"CSV error, rest of file skipped: {err}", path=path,
                                line=row_no + 1)
    except UnicodeDecodeError as err:
        yield file_id, ReadError(file_id, f"cannot decode after row {row_no}: {err}",
                                 path=path)
    except (OSError, EOFError) as err:
        reason = _os_reason(err) if isinstance(err, OSError) else f"cannot read: {err}"
        yield file_id, ReadError(file_id, f"{reason} (after row {row_no})", path=path)


def _read_stream(stream, name: str, fmt: str = "text", *, text_field: str = "text",
                 id_field: str | None = "id", encoding: str = "utf-8",
                 fallback_encoding: str | None = "cp1252"):
    """``(doc_id, text or ReadError)`` from an open binary stream (e.g. stdin).

    ``"text"`` (or ``"auto"``) reads it whole as one document called ``name``;
    ``"jsonl"`` streams records; ``"csv"``/``"tsv"`` stream rows, which must be
    in ``encoding`` (no fallback: the stream cannot be read twice).
    """
    fmt = _check_choice(fmt, "format", _FORMATS)
    if fmt in ("auto", "text"):
        try:
            data = stream.read()
            yield name, _decode(data, encoding, fallback_encoding)
        except UnicodeDecodeError as err:
            yield name, ReadError(name, _decode_reason(err, encoding, fallback_encoding),
                                  path=name)
    elif fmt == "jsonl":
        yield from _read_jsonl(stream, name, name, text_field, id_field, encoding,
                               fallback_encoding)
    else:
        import io

        f = io.TextIOWrapper(stream, encoding=encoding, newline="")
        try:
            yield from _csv_records(f, name, name, "\t" if fmt == "tsv" else ",",
                                    text_field, id_field)
        finally:
            f.detach()


def _raise_csv_field_limit() -> None:
    # Articles are longer than csv's default 128 KiB field limit.
    limit = min(sys.maxsize, 2**31 - 1)
    if csv.field_size_limit() < limit:
        csv.field_size_limit(limit)


def _read_file(path, file_id, fmt, opts) -> Iterator[tuple[Any, Any]]:
    fmt = _format_of(path, fmt)
    if fmt == "text":
        yield file_id, _read_text_file(path, file_id, opts["encoding"], opts["fallback"],
                                       opts["max_bytes"])
    elif fmt == "jsonl":
        try:
            stream = _open_binary(path)
        except OSError as err:
            yield file_id, ReadError(file_id, _os_reason(err), path=path)
            return
        with stream:
            yield from _read_jsonl(stream, path, file_id, opts["text_field"], opts["id_field"],
                                   opts["encoding"], opts["fallback"])
    else:
        yield from _read_csv(path, file_id, "\t" if fmt == "tsv" else ",", opts["text_field"],
                             opts["id_field"], opts["encoding"], opts["fallback"])


def _walk(root: str, base: str, pattern: str) -> Iterator[tuple[str, str, OSError | None]]:
    """``(path, relative path, None)`` of matching files under ``root``, lazily.

    Folders are walked in sorted order, files of a folder before its
    subfolders. Hidden files and folders (starting with ".") are skipped;
    symbolic links to folders are not followed. A folder that cannot be
    listed comes out as ``(path, relative path, OSError)``.
    """
    from fnmatch import fnmatchcase

    errors: list[OSError] = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=errors.append):
        while errors:
            err = errors.pop(0)
            where = err.filename or dirpath
            yield where, os.path.relpath(where, base), err
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        reldir = os.path.relpath(dirpath, base)  # once per folder, not per file
        prefix = "" if reldir == os.curdir else reldir + os.sep
        for name in sorted(filenames):
            if name.startswith(".") or not fnmatchcase(name, pattern):
                continue
            yield os.path.join(dirpath, name), prefix + name, None
    for err in errors:
        where = err.filename or root
        yield where, os.path.relpath(where, base), err


def _glob_base(pattern: str) -> str:
    parts = Path(pattern).parts
    keep = []
    for p in parts:
        if _MAGIC & set(p):
            break
        keep.append(p)
    return str(Path(*keep)) if keep else "."


def _sources(source) -> list[str]:
    if isinstance(source, (str, os.PathLike)):
        return [os.fspath(source)]
    if isinstance(source, (bytes, bytearray)):
        raise TypeError("path_or_glob must be a str or os.PathLike (or a list of them), "
                        f"got {type(source).__name__}")
    if isinstance(source, Iterable):
        out = []
        for i, s in enumerate(source):
            if not isinstance(s, (str, os.PathLike)):
                raise TypeError(f"path_or_glob[{i}] must be a str or os.PathLike, "
                                f"got {type(s).__name__}")
            out.append(os.fspath(s))
        if not out:
            raise ValueError("path_or_glob is empty: give at least one path or glob")
        return out
    raise TypeError("path_or_glob must be a str or os.PathLike (or a list of them), "
                    f"got {type(source).__name__}")


def read_corpus(
    path_or_glob,
    *,
    format: Literal["auto", "text", "jsonl", "csv", "tsv"] = "auto",
    pattern: str = "*.txt",
    text_field: str = "text",
    id_field: str | None = "id",
    encoding: str = "utf-8",
    fallback_encoding: str | None = "cp1252",
    max_bytes: int | None = MAX_BYTES,
    on_error: Literal["yield", "warn", "raise"] = "yield",
) -> Iterator[tuple[Any, Any]]:
    """Stream ``(doc_id, text)`` pairs from files, reporting what cannot be read.

    Parameters
    ----------
    path_or_glob : str, os.PathLike, or a list of them
        Each is one of:

        - a folder: every file matching ``pattern`` below it, recursively
          (hidden files and folders skipped, symbolic links to folders not
          followed), in sorted order; ``doc_id`` is the path relative to the
          folder, with ``/`` separators and without ``.txt``
          (``"sport/199"``);
        - a glob (``"news/*/1*.txt"``, ``"**"`` recursive): the matching files
          in sorted order, ids relative to the glob's fixed leading folders;
        - a file: a text file is one document (id: the path as given, without
          ``.txt``); ``.jsonl``/``.ndjson`` is JSON Lines, one document per
          line; ``.csv``/``.tsv`` one document per row. A ``.gz`` suffix is
          decompressed.
    format : {"auto", "text", "jsonl", "csv", "tsv"}, default="auto"
        How to read files; ``"auto"`` goes by the suffix (anything else is
        text). TSV is read without quoting.
    pattern : str, default="*.txt"
        File-name pattern for the files of a folder.
    text_field : str, default="text"
        The JSON field or CSV column holding the text.
    id_field : str or None, default="id"
        The JSON field or CSV column holding the id; records without it get
        ``"<file id>:<line>"`` (JSON Lines, line from 1) or
        ``"<file id>:<row>"`` (CSV, data row from 1).
    encoding : str, default="utf-8"
        Tried first (after a byte-order mark, which always wins).
    fallback_encoding : str or None, default="cp1252"
        Tried when ``encoding`` fails (Windows-1252, a superset of printable
        Latin-1, as in BBC News' ``sport/199.txt``); ``None`` makes such a
        file a read error. Data holding NUL bytes is not given the fallback.
    max_bytes : int or None, default=16_000_000
        Text files larger than this are reported, not read.
    on_error : {"yield", "warn", "raise"}, default="yield"
        ``"yield"``: what cannot be read (a file, a JSON line, a CSV without
        the text column) is yielded as ``(doc_id, ReadError)``, which
        `label_corpus` turns into an error result. ``"warn"``: skipped with
        a ``UserWarning`` each. ``"raise"``: the `ReadError` is raised.

    Yields
    ------
    (doc_id, str or ReadError)

    Raises
    ------
    FileNotFoundError
        At call time, for a path that does not exist or a glob that matches
        nothing; lazily, for a folder without any file matching ``pattern``.

    Examples
    --------
    >>> import tempfile, pathlib, tonesplit
    >>> tmp = tempfile.TemporaryDirectory()
    >>> folder = pathlib.Path(tmp.name)
    >>> (folder / "sport").mkdir()
    >>> _ = (folder / "sport" / "1.txt").write_text("Arsenal won 2-0.")
    >>> _ = (folder / "sport" / "2.txt").write_bytes(b"A \\xa315m signing.")  # cp1252
    >>> _ = (folder / "notes.jsonl").write_text('{"id": "n1", "text": "It rained."}\\n{oops\\n')
    >>> list(tonesplit.read_corpus(folder))
    [('sport/1', 'Arsenal won 2-0.'), ('sport/2', 'A £15m signing.')]
    >>> for doc_id, text in tonesplit.read_corpus(folder / "notes.jsonl"):
    ...     print(doc_id, repr(text))
    n1 'It rained.'
    ...notes.jsonl:2 ReadError('...notes.jsonl, line 2: invalid JSON: Expecting property name enclosed in double quotes (column 2)')
    >>> tmp.cleanup()
    """
    sources = _sources(path_or_glob)
    format = _check_choice(format, "format", _FORMATS)
    on_error = _check_choice(on_error, "on_error", ("yield", "warn", "raise"))
    for name, value in (("pattern", pattern), ("text_field", text_field)):
        if not isinstance(value, str) or not value:
            raise TypeError(f"{name} must be a non-empty str, got {value!r}")
    if id_field is not None and not isinstance(id_field, str):
        raise TypeError(f"id_field must be a str or None, got {type(id_field).__name__}")
    for name, enc in (("encoding", encoding), ("fallback_encoding", fallback_encoding)):
        if enc is None and name == "fallback_encoding":
            continue
        if not isinstance(enc, str):
            raise TypeError(f"{name} must be a str, got {type(enc).__name__}")
        try:
            codecs.lookup(enc)
        except LookupError:
            raise ValueError(f"{name}: unknown encoding {enc!r}") from None
    max_bytes = _check_int(max_bytes, "max_bytes", allow_none=True)
    plan = []
    for src in sources:
        if _MAGIC & set(src):
            matches = sorted(_glob.glob(src, recursive=True))
            if not matches:
                raise FileNotFoundError(errno.ENOENT, "No file matches the glob", src)
            plan.append(("glob", src, matches))
        elif os.path.isdir(src):
            plan.append(("dir", src, None))
        elif os.path.exists(src) or os.path.islink(src):
            plan.append(("file", src, None))
        else:
            raise FileNotFoundError(errno.ENOENT, "No such file or folder", src)
    opts = {"encoding": encoding, "fallback": fallback_encoding, "max_bytes": max_bytes,
            "text_field": text_field, "id_field": id_field}
    return _read_plan(plan, format, pattern, opts, on_error)


def _read_plan(plan, fmt, pattern, opts, on_error):
    for kind, src, matches in plan:
        if kind == "file":
            pairs = _read_file(src, _id_of(src), fmt, opts)
        elif kind == "dir":
            pairs = _read_dir(src, src, pattern, fmt, opts)
        else:
            base = _glob_base(src)
            pairs = itertools.chain.from_iterable(
                _read_dir(m, base, pattern, fmt, opts) if os.path.isdir(m)
                else _read_file(m, _id_of(os.path.relpath(m, base)), fmt, opts)
                for m in matches
            )
        for doc_id, text in pairs:
            if isinstance(text, ReadError):
                if on_error == "raise":
                    raise text
                if on_error == "warn":
                    warnings.warn(f"tonesplit.read_corpus skipped {doc_id!r}: {text}",
                                  UserWarning, stacklevel=2)
                    continue
            yield doc_id, text


def _read_dir(root, base, pattern, fmt, opts):
    found = False
    for path, rel, err in _walk(root, base, pattern):
        found = True
        if err is not None:
            doc_id = _id_of(rel)
            yield doc_id, ReadError(doc_id, f"cannot list folder: {_os_reason(err)}", path=path)
        else:
            yield from _read_file(path, _id_of(rel), fmt, opts)
    if not found:
        raise FileNotFoundError(errno.ENOENT, f"No file matching {pattern!r} in the folder", root)


# --------------------------------------------------------------------------
# Data frames
# --------------------------------------------------------------------------


def _iter_results(results, name: str = "results") -> Iterable[DocumentResult]:
    if isinstance(results, DocumentResult):
        return (results,)
    if isinstance(results, (str, bytes)) or not isinstance(results, Iterable):
        raise TypeError(f"{name} must be an iterable of DocumentResult "
                        f"(from tonesplit.label_corpus), got {type(results).__name__}")
    return results


def _check_result(r, i: int, name: str) -> DocumentResult:
    if not isinstance(r, DocumentResult):
        raise TypeError(f"{name}[{i}] must be a DocumentResult (from tonesplit.label_corpus), "
                        f"got {type(r).__name__}")
    return r


def _str_dtype(pd):
    """The dtype this pandas gives a column of strings (object or str)."""
    return pd.Series(["x"]).dtype


def _sentences_frame(pd, cols: dict, id_dtype=None):
    n = len(cols["index"])
    data = {
        "doc_id": pd.Series(cols["doc_id"], dtype=id_dtype if id_dtype is not None
                            else (object if n == 0 else None)),
        "index": pd.Series(cols["index"], dtype="int64"),
        "start": pd.Series(cols["start"], dtype="int64"),
        "end": pd.Series(cols["end"], dtype="int64"),
        "text": pd.Series(cols["text"], dtype=_str_dtype(pd)),
        "label": pd.Categorical(cols["label"], categories=list(LABELS)),
        "p_reflective": pd.Series(
            [math.nan if p is None else p for p in cols["p_reflective"]], dtype="float64"),
    }
    return pd.DataFrame(data, columns=list(SENTENCE_COLUMNS))


def _add_sentences(cols: dict, r: DocumentResult) -> None:
    for i, s in enumerate(r.sentences):
        cols["doc_id"].append(r.doc_id)
        cols["index"].append(i)
        cols["start"].append(s.start)
        cols["end"].append(s.end)
        cols["text"].append(s.text)
        cols["label"].append(s.label)
        cols["p_reflective"].append(s.p_reflective)


def to_sentences_frame(results: Iterable[DocumentResult]):
    """One row per labelled sentence.

    Parameters
    ----------
    results : iterable of DocumentResult
        From `label_corpus` (a generator is consumed as it goes).

    Returns
    -------
    pandas.DataFrame
        Columns ``doc_id``, ``index`` (position of the sentence in its
        document, from 0), ``start``, ``end`` (character offsets),
        ``text``, ``label`` (categorical: reflective, factual, other) and
        ``p_reflective`` (NaN for ``other``). Documents that failed have no
        rows here; `to_documents_frame` lists them with their error.

    Examples
    --------
    >>> import tonesplit
    >>> results = tonesplit.label_corpus(["The vote passed 52 to 48. Perhaps we never learn."])
    >>> tonesplit.to_sentences_frame(results)[["doc_id", "index", "start", "end", "text"]]
       doc_id  index  start  end                       text
    0       0      0      0   25  The vote passed 52 to 48.
    1       0      1     26   49    Perhaps we never learn.
    """
    pd = import_optional("pandas", purpose="to_sentences_frame")
    cols: dict[str, list] = {c: [] for c in SENTENCE_COLUMNS}
    for i, r in enumerate(_iter_results(results)):
        _add_sentences(cols, _check_result(r, i, "results"))
    return _sentences_frame(pd, cols)


def _documents_frame(pd, cols: dict, id_dtype=None):
    n = len(cols["doc_id"])
    data = {
        "doc_id": pd.Series(cols["doc_id"], dtype=id_dtype if id_dtype is not None
                            else (object if n == 0 else None)),
        **{c: pd.Series(cols[c], dtype="int64")
           for c in ("n_sentences", "n_reflective", "n_factual", "n_other")},
        **{c: pd.Series([math.nan if v is None else v for v in cols[c]], dtype="float64")
           for c in ("reflective_share", "mean_p_reflective")},
        **{c: pd.Series(cols[c], dtype=object) for c in ("error_type", "error_message")},
    }
    return pd.DataFrame(data, columns=list(DOCUMENT_COLUMNS))


def _add_document(cols: dict, r: DocumentResult) -> None:
    s = r.summary
    cols["doc_id"].append(r.doc_id)
    cols["n_sentences"].append(s.n_sentences)
    cols["n_reflective"].append(s.n_reflective)
    cols["n_factual"].append(s.n_factual)
    cols["n_other"].append(s.n_other)
    cols["reflective_share"].append(s.reflective_share)
    cols["mean_p_reflective"].append(s.mean_p_reflective)
    cols["error_type"].append(None if r.error is None else r.error.type)
    cols["error_message"].append(None if r.error is None else r.error.message)


def to_documents_frame(results: Iterable[DocumentResult]):
    """One row per document: its summary and, if it failed, its error.

    Parameters
    ----------
    results : iterable of DocumentResult
        From `label_corpus` (a generator is consumed as it goes).

    Returns
    -------
    pandas.DataFrame
        Columns ``doc_id``, ``n_sentences``, ``n_reflective``,
        ``n_factual``, ``n_other``, ``reflective_share`` and
        ``mean_p_reflective`` (NaN without prose sentences), ``error_type``
        and ``error_message`` (None when the document was labelled).

    Examples
    --------
    >>> import tonesplit
    >>> docs = [("a", "The vote passed 52 to 48. Perhaps we never learn."), ("b", None)]
    >>> frame = tonesplit.to_documents_frame(tonesplit.label_corpus(docs))
    >>> frame[["doc_id", "n_sentences", "n_other", "error_type"]]
      doc_id  n_sentences  n_other error_type
    0      a            2        0       None
    1      b            0        0  TypeError
    """
    pd = import_optional("pandas", purpose="to_documents_frame")
    cols: dict[str, list] = {c: [] for c in DOCUMENT_COLUMNS}
    for i, r in enumerate(_iter_results(results)):
        _add_document(cols, _check_result(r, i, "results"))
    return _documents_frame(pd, cols)


def sentences_meta(doc_id_dtype="object"):
    """An empty sentences frame: the ``meta`` of a Dask ``map_partitions``.

    Parameters
    ----------
    doc_id_dtype : dtype, default="object"
        The dtype of the ``doc_id`` column (that of your id column).

    Examples
    --------
    >>> from tonesplit.corpus import sentences_meta
    >>> list(sentences_meta("int64").dtypes.astype(str))
    ['int64', 'int64', 'int64', 'int64', '...', 'category', 'float64']
    """
    pd = import_optional("pandas", purpose="sentences_meta")
    return _sentences_frame(pd, {c: [] for c in SENTENCE_COLUMNS}, id_dtype=doc_id_dtype)


def documents_meta(doc_id_dtype="object"):
    """An empty documents frame: the ``meta`` for ``level="documents"``.

    Examples
    --------
    >>> from tonesplit.corpus import documents_meta
    >>> list(documents_meta().columns)[:3]
    ['doc_id', 'n_sentences', 'n_reflective']
    """
    pd = import_optional("pandas", purpose="documents_meta")
    return _documents_frame(pd, {c: [] for c in DOCUMENT_COLUMNS}, id_dtype=doc_id_dtype)


def label_partition(
    df,
    *,
    text_column: str = "text",
    id_column: str | None = None,
    level: Literal["sentences", "documents"] = "sentences",
    on_error: Literal["warn", "raise"] = "warn",
    model=None,
    batch_size: int = BATCH_SIZE,
    max_chars: int | None = MAX_CHARS,
):
    """Label one pandas partition: the function to map over a Dask data frame.

    Parameters
    ----------
    df : pandas.DataFrame
        One partition, with a text column.
    text_column : str, default="text"
    id_column : str, optional
        The column of document ids; the frame's index by default.
    level : {"sentences", "documents"}, default="sentences"
        Return `to_sentences_frame` or `to_documents_frame` of the partition.
    on_error : {"warn", "raise"}, default="warn"
        At the sentences level a failed document has no rows: ``"warn"``
        names it in a ``UserWarning`` (on a cluster, in the worker's log;
        map ``level="documents"`` to collect errors as data), ``"raise"``
        fails the partition.
    model : ToneClassifier, optional
        The shipped model by default (each worker loads it once).
    batch_size, max_chars
        As in `label_corpus`.

    Returns
    -------
    pandas.DataFrame
        With ``doc_id`` of the id column's (or index's) dtype.

    Examples
    --------
    >>> import pandas as pd
    >>> from tonesplit.corpus import label_partition, sentences_meta
    >>> part = pd.DataFrame({"id": [7], "text": ["The vote passed 52 to 48. Perhaps we never learn."]})
    >>> label_partition(part, id_column="id")[["doc_id", "index", "start", "end"]]
       doc_id  index  start  end
    0       7      0      0   25
    1       7      1     26   49

    Over a Dask data frame (see ``docs/corpus.md``)::

        sentences = ddf.map_partitions(label_partition, text_column="text", id_column="id",
                                       meta=sentences_meta(ddf["id"].dtype))
    """
    pd = import_optional("pandas", purpose="label_partition")
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"df must be a pandas DataFrame (one partition), got {type(df).__name__}")
    level = _check_choice(level, "level", ("sentences", "documents"))
    on_error = _check_choice(on_error, "on_error", ("warn", "raise"))
    if text_column not in df.columns:
        raise ValueError(f"text_column {text_column!r} is not a column of df "
                         f"(columns: {', '.join(map(str, df.columns))})")
    if id_column is not None and id_column not in df.columns:
        raise ValueError(f"id_column {id_column!r} is not a column of df "
                         f"(columns: {', '.join(map(str, df.columns))})")
    ids = df[id_column] if id_column is not None else df.index
    texts = df[text_column].tolist()
    id_dtype = ids.dtype
    pairs = zip(ids.tolist(), (None if _is_missing(t) else t for t in texts))
    results = label_corpus(pairs, model=model, batch_size=batch_size, max_chars=max_chars,
                           on_error="raise" if on_error == "raise" else "record")
    if level == "documents":
        cols = {c: [] for c in DOCUMENT_COLUMNS}
        for r in results:
            _add_document(cols, r)
        return _documents_frame(pd, cols, id_dtype=id_dtype)
    cols = {c: [] for c in SENTENCE_COLUMNS}
    failed = []
    for r in results:
        if r.error is not None:
            failed.append(f"{r.doc_id!r} ({r.error})")
        _add_sentences(cols, r)
    if failed:
        warnings.warn(f"tonesplit.label_partition: {len(failed)} document(s) failed and have "
                      f"no rows: {'; '.join(failed[:5])}" + (" ..." if len(failed) > 5 else ""),
                      UserWarning, stacklevel=2)
    return _sentences_frame(pd, cols, id_dtype=id_dtype)


def _is_missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))
