"""NLTK's Punkt module, imported without the rest of NLTK."""

from __future__ import annotations

import importlib
import importlib.util
import sys
import threading
import types

_lock = threading.Lock()


def punkt_module() -> types.ModuleType:
    """``nltk.tokenize.punkt``, without running the ``nltk`` package's ``__init__``.

    ``import nltk.tokenize.punkt`` first runs ``nltk/__init__.py``, which
    imports most of NLTK and, through it, scipy.stats and scikit-learn: 0.3 s
    warm, seconds cold, paid again by every worker process of a corpus run.
    Punkt itself needs only a handful of NLTK's small modules
    (``probability``, ``tokenize.api``, ``internals``, ``redos`` ...).

    If NLTK is already imported, its Punkt module is used. Otherwise the
    ``nltk`` and ``nltk.tokenize`` packages stand in as empty packages (same
    folders, no ``__init__`` run) while Punkt is imported, and afterwards
    every ``nltk`` module is taken out of ``sys.modules`` again: a later
    ``import nltk`` anywhere in the process runs the real package (with its
    own copy of Punkt), exactly as if tonesplit had never imported it.

    Returns
    -------
    module
        A Punkt module (the one of an NLTK release that pyproject.toml
        admits: the subclasses in `tonesplit._segment._punkt` use its private
        patterns).

    Examples
    --------
    >>> punkt_module().PunktSentenceTokenizer.__name__
    'PunktSentenceTokenizer'
    """
    with _lock:
        if "nltk" in sys.modules:
            return importlib.import_module("nltk.tokenize.punkt")
        spec = importlib.util.find_spec("nltk")
        if spec is None or not spec.submodule_search_locations:
            return importlib.import_module("nltk.tokenize.punkt")  # raises what it raises
        root = list(spec.submodule_search_locations)
        stand_ins = {
            "nltk": root,
            "nltk.tokenize": [f"{path}/tokenize" for path in root],
        }
        for name, path in stand_ins.items():
            package = types.ModuleType(name)
            package.__path__ = path
            package.__package__ = name
            sys.modules[name] = package
        try:
            return importlib.import_module("nltk.tokenize.punkt")
        finally:
            for name in [m for m in sys.modules if m == "nltk" or m.startswith("nltk.")]:
                del sys.modules[name]
