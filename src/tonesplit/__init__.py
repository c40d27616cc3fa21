"""tonesplit: tell an article's reflective commentary from its factual reporting.

>>> import tonesplit
>>> article = ("The bridge opened in 1932 and cost 4 million pounds. "
...            "What a marvel it remains, a monument to patience!")
>>> [s.label for s in tonesplit.split(article)]
['factual', 'reflective']
"""

from ._segment import Segment, segment
from ._version import __version__
from .api import facts, label, split
from .corpus import (
    DocumentResult,
    ReadError,
    label_corpus,
    read_corpus,
    to_documents_frame,
    to_sentences_frame,
)
from .errors import ModelFileError, ModelVersionError
from .features import ToneFeatures
from .model import ToneClassifier, load_model
from .sentence import LabelledText, Sentence

__all__ = [
    "__version__",
    "split",
    "label",
    "facts",
    "segment",
    "load_model",
    "label_corpus",
    "read_corpus",
    "to_sentences_frame",
    "to_documents_frame",
    "Sentence",
    "Segment",
    "LabelledText",
    "DocumentResult",
    "ReadError",
    "ToneClassifier",
    "ToneFeatures",
    "ModelFileError",
    "ModelVersionError",
]
