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

from ._frames import (
    DOCUMENT_COLUMNS,
    SENTENCE_COLUMNS,
    documents_meta,
    label_partition,
    sentences_meta,
    to_documents_frame,
    to_sentences_frame,
)
from ._inputs import BATCH_SIZE as BATCH_SIZE  # the defaults, for callers that pass them on
from ._inputs import MAX_CHARS as MAX_CHARS
from ._read_corpus import MAX_BYTES as MAX_BYTES
from ._read_corpus import read_corpus
from ._results import DocumentResult, ErrorInfo, ReadError, Summary
from ._runner import label_corpus

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
