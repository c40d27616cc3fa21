"""DataFrame in, DataFrame out: `label_frame` labels a pandas text column.

Needs pandas (the ``pandas`` extra), imported when called.
"""

from __future__ import annotations

import math
import warnings
from collections import Counter
from typing import Any

from ._optional import import_optional
from .rows import SENTENCE_ROW_FIELDS, sentence_columns
from .sentence import LABELS

__all__ = ["label_frame", "rows_frame"]


def rows_frame(cols: dict[str, list], id_name: str = "doc_id", id_dtype: Any = None):
    """A data frame of sentence rows (from `tonesplit.rows.sentence_columns`).

    ``index``, ``start`` and ``end`` are nullable integers (``Int64``),
    missing on the one row of a document that failed or has no sentence.
    """
    pd = import_optional("pandas", purpose="label_frame")
    n = len(cols["index"])
    data = {
        id_name: pd.Series(cols["doc_id"], dtype=id_dtype if id_dtype is not None
                           else (object if n == 0 else None)),
        "index": pd.array(cols["index"], dtype="Int64"),
        "start": pd.array(cols["start"], dtype="Int64"),
        "end": pd.array(cols["end"], dtype="Int64"),
        "text": pd.Series(cols["text"], dtype=object),
        "label": pd.Categorical(cols["label"], categories=list(LABELS)),
        "p_reflective": pd.Series([math.nan if p is None else p for p in cols["p_reflective"]],
                                  dtype="float64"),
        "error": pd.Series(cols["error"], dtype=object),
    }
    columns = [id_name, *SENTENCE_ROW_FIELDS[1:]]
    return pd.DataFrame(data, columns=columns)


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def label_frame(
    df,
    text: str = "text",
    id: str | None = None,
    *,
    model=None,
    n_jobs: int | None = 1,
    progress: bool = False,
    max_chars: int | None = None,
):
    """Label a text column; one row per sentence, nothing lost.

    Parameters
    ----------
    df : pandas.DataFrame
        One document per row.
    text : str, default="text"
        The column holding the text.
    id : str, optional
        The column of document ids; the frame's index by default.
    model : ToneClassifier, optional
        The shipped model by default.
    n_jobs, progress, max_chars
        As in `label_corpus` (``max_chars=None``: its default limit).

    Returns
    -------
    pandas.DataFrame
        Columns: the id (named ``id``, or ``doc_id`` for the index),
        ``index`` (position of the sentence in its document), ``start``,
        ``end`` (character offsets into the text), ``text``, ``label``
        (categorical: reflective, factual, other), ``p_reflective`` (NaN for
        other) and ``error``. A document that failed (a missing or non-text
        value, too long) has one row with its ``error`` and no sentence
        fields; so has an empty document, with no error.

    Warns
    -----
    UserWarning
        When ids repeat: their rows cannot be told apart by id.

    Examples
    --------
    >>> import pandas as pd, tonesplit
    >>> df = pd.DataFrame({"url": ["a", "b"],
    ...                    "body": ["The vote passed 52 to 48. Perhaps we never learn.", None]})
    >>> out = tonesplit.label_frame(df, text="body", id="url")
    >>> out[["url", "index", "label", "error"]]
      url  index       label                                          error
    0   a      0     factual                                           None
    1   a      1  reflective                                           None
    2   b   <NA>         NaN  TypeError: document must be str, got NoneType
    """
    pd = import_optional("pandas", purpose="label_frame")
    from .corpus import MAX_CHARS, label_corpus

    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"df must be a pandas DataFrame, got {type(df).__name__}")
    for name, col in (("text", text), ("id", id)):
        if col is not None and col not in df.columns:
            raise ValueError(f"{name}={col!r} is not a column of df "
                             f"(columns: {', '.join(map(str, df.columns))})")
    ids = df[id] if id is not None else df.index.to_series()
    id_list = ids.tolist()
    repeated = [k for k, n in Counter(id_list).items() if n > 1]
    if repeated:
        warnings.warn(f"tonesplit.label_frame: {len(repeated)} id(s) occur more than once "
                      f"(e.g. {repeated[0]!r}); their sentence rows share the id",
                      UserWarning, stacklevel=2)
    pairs = zip(id_list, (None if _missing(t) else t for t in df[text].tolist()))
    results = label_corpus(pairs, model=model, n_jobs=n_jobs, progress=progress,
                           max_chars=MAX_CHARS if max_chars is None else max_chars)
    return rows_frame(sentence_columns(results), id if id is not None else "doc_id",
                      ids.dtype)
