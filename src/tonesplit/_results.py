"""Result values of a corpus run: `DocumentResult`, its `Summary` and `ErrorInfo`, and `ReadError`."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .sentence import LabelledText, Sentence

__all__ = ["DocumentResult", "ErrorInfo", "ReadError", "Summary"]


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
        return cls.of_columns([s.label for s in sentences], [s.p_reflective for s in sentences])

    @classmethod
    def of_columns(cls, labels: list[str], probas: Sequence[float | None]) -> Summary:
        """`of` from the sentences' labels and probabilities (a worker's columns)."""
        n_reflective, n_factual = labels.count("reflective"), labels.count("factual")
        ps = [p for p, label in zip(probas, labels) if p is not None and label != "other"]
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
