"""Results as pandas data frames, and `label_partition` for Dask ``map_partitions``."""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable
from typing import Literal

from ._inputs import BATCH_SIZE, MAX_CHARS, _check_choice
from ._optional import import_optional
from ._results import DocumentResult
from ._runner import label_corpus
from .sentence import LABELS

__all__ = ["DOCUMENT_COLUMNS", "SENTENCE_COLUMNS", "documents_meta", "label_partition",
           "sentences_meta", "to_documents_frame", "to_sentences_frame"]

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
        cols: dict[str, list] = {c: [] for c in DOCUMENT_COLUMNS}
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
