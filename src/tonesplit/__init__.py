"""tonesplit: tell an article's reflective commentary from its factual reporting.

>>> import tonesplit
>>> article = ("The bridge opened in 1932 and cost 4 million pounds. "
...            "What a marvel it remains, a monument to patience!")
>>> [s.label for s in tonesplit.split(article)]
['factual', 'reflective']

Names are resolved on first use (module ``__getattr__``), so ``import
tonesplit`` and ``tonesplit --version`` load neither NumPy, scikit-learn nor
NLTK.
"""

from importlib import import_module as _import_module
from typing import TYPE_CHECKING as _TYPE_CHECKING

# The segmenter is cheap (no NumPy, no NLTK at import); it is imported here
# so that the name ``segment`` is the function, as in 0.1. It comes from the
# private package: importing the public module ``tonesplit.segment`` would
# bind the module to the name (a module that is callable as the function).
from ._segment import Segment, segment
from ._version import __version__

if _TYPE_CHECKING:
    from ._frames import to_documents_frame, to_sentences_frame
    from ._read_corpus import read_corpus
    from ._results import DocumentResult, ReadError
    from ._runner import label_corpus
    from .api import facts, label, split
    from .errors import ModelFileError, ModelVersionError
    from .features import ToneFeatures
    from .frame import label_frame
    from .model import ToneClassifier, load_model
    from .sentence import LabelledText, Sentence

#: Public name -> the module that defines it.
_LAZY: dict[str, str] = {
    "split": "api",
    "label": "api",
    "facts": "api",
    "load_model": "model",
    "ToneClassifier": "model",
    "label_corpus": "_runner",
    "read_corpus": "_read_corpus",
    "to_sentences_frame": "_frames",
    "to_documents_frame": "_frames",
    "DocumentResult": "_results",
    "ReadError": "_results",
    "Sentence": "sentence",
    "LabelledText": "sentence",
    "ToneFeatures": "features",
    "label_frame": "frame",
    "ModelFileError": "errors",
    "ModelVersionError": "errors",
}

#: Public submodules, imported on first attribute access as 0.1 imported them eagerly.
_SUBMODULES = frozenset({"api", "card", "cli", "corpus", "datasets", "display", "errors",
                         "features", "frame", "metrics", "model", "persist", "sentence",
                         "training"})

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
    "label_frame",
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


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        if name in _SUBMODULES:
            return _import_module(f"{__name__}.{name}")
        raise AttributeError(f"module 'tonesplit' has no attribute {name!r}")
    value = getattr(_import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
