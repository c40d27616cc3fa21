"""Sentence rows that lose nothing: every document gets at least one row.

The sentence-level outputs (`label_frame`, Parquet, the CLI's JSON Lines,
CSV and TSV) share these rows. A labelled document gives one row per
sentence; a document that failed, or has no sentence at all (an empty
file), gives one row whose ``index``, offsets, text, label and probability
are missing, so it is never silently dropped. ``error`` says why it failed
(``"ReadError: ..."``) and is missing for every other row.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

__all__ = ["SENTENCE_ROW_FIELDS", "sentence_columns", "sentence_rows"]

#: Fields of a sentence row, in order.
SENTENCE_ROW_FIELDS: tuple[str, ...] = (
    "doc_id", "index", "start", "end", "text", "label", "p_reflective", "error",
)


def sentence_rows(result) -> Iterator[dict[str, Any]]:
    """The rows of one `DocumentResult`.

    Examples
    --------
    >>> import tonesplit
    >>> ok, failed = tonesplit.label_corpus([("a", "The vote passed 52 to 48."), ("b", None)])
    >>> [(r["doc_id"], r["index"], r["label"]) for r in sentence_rows(ok)]
    [('a', 0, 'factual')]
    >>> [r["error"] for r in sentence_rows(failed)]
    ['TypeError: document must be str, got NoneType']
    """
    if result.error is not None or not result.sentences:
        yield {"doc_id": result.doc_id, "index": None, "start": None, "end": None,
               "text": None, "label": None, "p_reflective": None,
               "error": None if result.error is None else str(result.error)}
        return
    for i, s in enumerate(result.sentences):
        yield {"doc_id": result.doc_id, "index": i, "start": s.start, "end": s.end,
               "text": s.text, "label": s.label, "p_reflective": s.p_reflective,
               "error": None}


def sentence_columns(results: Iterable) -> dict[str, list]:
    """The rows of several results as columns (lists keyed by field)."""
    cols: dict[str, list] = {f: [] for f in SENTENCE_ROW_FIELDS}
    appends = [cols[f].append for f in SENTENCE_ROW_FIELDS]
    for result in results:
        for row in sentence_rows(result):
            for append, f in zip(appends, SENTENCE_ROW_FIELDS):
                append(row[f])
    return cols
