"""What `label_corpus` is given: argument checks, documents as ``(doc_id, text)``, and chunks."""

from __future__ import annotations

import operator
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from ._results import ReadError
from ._validation import check_text

#: Default ``max_chars`` of `label_corpus`: about 250 pages of prose.
MAX_CHARS = 1_000_000
#: Default ``batch_size`` of `label_corpus` (documents per chunk).
BATCH_SIZE = 256
#: A chunk is also closed once it holds this many characters, so that memory
#: stays bounded whatever the length of the documents.
_CHUNK_CHARS = 2_000_000
#: Chunks in flight per worker with n_jobs > 1: the bound on look-ahead.


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


def _check_choice(value, name: str, choices: tuple[str, ...]) -> Any:  # one of choices
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
        raise ValueError(
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
