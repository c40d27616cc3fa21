"""Write labelled results to Parquet, streaming (needs the ``parquet`` extra: pyarrow).

Rows are gathered into record batches of ``batch_rows`` and written as they
fill, so memory stays bounded however long the stream of results. The file
is written beside its final path and renamed into place when complete.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ._optional import import_optional
from .rows import SENTENCE_ROW_FIELDS, sentence_rows

__all__ = ["DOCUMENT_ROW_FIELDS", "document_row", "write_parquet"]

#: Fields of a document row, in order.
DOCUMENT_ROW_FIELDS: tuple[str, ...] = (
    "doc_id", "n_sentences", "n_reflective", "n_factual", "n_other",
    "reflective_share", "mean_p_reflective", "error_type", "error_message",
)


def document_row(result) -> dict[str, Any]:
    """The one row of a `DocumentResult` at the document level."""
    s = result.summary
    return {"doc_id": result.doc_id, "n_sentences": s.n_sentences,
            "n_reflective": s.n_reflective, "n_factual": s.n_factual, "n_other": s.n_other,
            "reflective_share": s.reflective_share, "mean_p_reflective": s.mean_p_reflective,
            "error_type": None if result.error is None else result.error.type,
            "error_message": None if result.error is None else result.error.message}


def _schema(pa, id_type):
    sentence = pa.schema([
        ("doc_id", id_type), ("index", pa.int32()), ("start", pa.int64()), ("end", pa.int64()),
        ("text", pa.string()), ("label", pa.dictionary(pa.int8(), pa.string())),
        ("p_reflective", pa.float64()), ("error", pa.string()),
    ])
    document = pa.schema([
        ("doc_id", id_type), *[(c, pa.int64()) for c in DOCUMENT_ROW_FIELDS[1:5]],
        ("reflective_share", pa.float64()), ("mean_p_reflective", pa.float64()),
        ("error_type", pa.string()), ("error_message", pa.string()),
    ])
    return sentence, document


class ParquetRowWriter:
    """Streams rows (dicts) to an open Parquet file in record batches."""

    def __init__(self, sink, level: str = "sentence", batch_rows: int = 65_536):
        self.pa = import_optional("pyarrow", purpose="Parquet output")
        self.pq = import_optional("pyarrow.parquet", purpose="Parquet output")
        self.sink = sink
        self.level = level
        self.fields = SENTENCE_ROW_FIELDS if level == "sentence" else DOCUMENT_ROW_FIELDS
        self.batch_rows = batch_rows
        self.cols: dict[str, list] = {f: [] for f in self.fields}
        self.writer: Any = None
        self.schema: Any = None
        self.n_rows = 0

    def add(self, result) -> None:
        rows = sentence_rows(result) if self.level == "sentence" else [document_row(result)]
        for row in rows:
            self.n_rows += 1
            for f in self.fields:
                self.cols[f].append(row[f])
        if len(self.cols["doc_id"]) >= self.batch_rows:
            self.flush()

    def flush(self) -> None:
        pa = self.pa
        if self.schema is None:
            # The id column takes the type of the first ids (text from files, maybe
            # integers from a data frame); later batches must agree.
            ids = self.cols["doc_id"]
            id_type = pa.array(ids).type if ids and any(i is not None for i in ids) \
                else pa.string()
            if pa.types.is_null(id_type):
                id_type = pa.string()
            sentence, document = _schema(pa, id_type)
            self.schema = sentence if self.level == "sentence" else document
            self.writer = self.pq.ParquetWriter(self.sink, self.schema)
        arrays = []
        for f in self.schema:
            values = self.cols[f.name]
            if pa.types.is_dictionary(f.type):
                arrays.append(pa.array(values, pa.string()).dictionary_encode()
                              .cast(f.type))
            else:
                try:
                    arrays.append(pa.array(values, f.type))
                except (pa.ArrowInvalid, pa.ArrowTypeError) as err:
                    raise TypeError(f"Parquet output: column {f.name!r} must hold "
                                    f"{f.type} values throughout ({err})") from None
        self.writer.write_batch(pa.RecordBatch.from_arrays(arrays, schema=self.schema))
        self.cols = {f: [] for f in self.fields}

    def close(self) -> None:
        """Write what is left (a file with no rows still gets its schema)."""
        if self.writer is None or self.cols["doc_id"]:
            self.flush()
        self.writer.close()


@contextlib.contextmanager
def _atomic_binary(path: Path) -> Iterator[Any]:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_parquet(results: Iterable, path: str | os.PathLike[str], *,
                  level: str = "sentence", batch_rows: int = 65_536) -> int:
    """Write results from `label_corpus` to a Parquet file; return the rows written.

    Parameters
    ----------
    results : iterable of DocumentResult
        Consumed as it goes (a generator of millions is fine).
    path : str or path-like
        The file; it appears only when complete.
    level : {"sentence", "document"}, default="sentence"
        One row per sentence (the columns of `tonesplit.label_frame`, with
        ``doc_id``; a failed or empty document has one row) or per document.
    batch_rows : int, default=65536
        Rows per record batch: the bound on what is held in memory.

    Examples
    --------
    >>> import tempfile, pathlib, pyarrow.parquet as pq, tonesplit
    >>> from tonesplit.parquet import write_parquet
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "x.parquet"
    >>> write_parquet(tonesplit.label_corpus([("a", "It rained. Alas!"), ("b", None)]), out)
    3
    >>> pq.read_table(out).column("error").to_pylist()[-1]
    'TypeError: document must be str, got NoneType'
    """
    if level not in ("sentence", "document"):
        raise ValueError(f"level must be 'sentence' or 'document', got {level!r}")
    if not isinstance(batch_rows, int) or batch_rows < 1:
        raise ValueError(f"batch_rows must be a positive int, got {batch_rows!r}")
    writer = None
    with _atomic_binary(Path(path)) as f:
        writer = ParquetRowWriter(f, level, batch_rows)
        for result in results:
            writer.add(result)
        writer.close()
    return writer.n_rows
