"""Input checks shared by the public functions.

Every public entry point validates its arguments here, so that a wrong type
fails at the door with a message naming the argument, never deep inside.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["check_text", "check_texts"]


def _describe(value: Any) -> str:
    return type(value).__name__


def check_text(value: Any, name: str = "text") -> str:
    """Return ``value`` if it is a ``str``; raise a clear error otherwise.

    Lone surrogates (which cannot be encoded) are rejected with ``ValueError``
    because no output format could carry them faithfully.
    """
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as err:
            raise ValueError(
                f"{name} contains a lone surrogate at index {err.start} "
                f"({value[err.start]!r}); pass valid Unicode text "
                "(decode bytes with errors='replace' if they are damaged)"
            ) from None
        return value
    if isinstance(value, (bytes, bytearray, memoryview)):
        raise TypeError(
            f"{name} must be str, got {_describe(value)}; decode it first, "
            f"e.g. {name}.decode('utf-8')"
        )
    if value is None:
        raise TypeError(f"{name} must be str, got None")
    if isinstance(value, (list, tuple)) or (
        isinstance(value, Iterable) and not isinstance(value, (dict, str))
    ):
        raise TypeError(
            f"{name} must be a single str, got {_describe(value)}; "
            "to label many documents use tonesplit.label_corpus()"
        )
    raise TypeError(f"{name} must be str, got {_describe(value)}")


def check_texts(value: Any, name: str = "X", *, allow_empty: bool = True) -> list[str]:
    """Return ``value`` as a list of ``str``; raise a clear error otherwise.

    A bare string is refused, as scikit-learn's ``TfidfVectorizer`` does,
    because iterating over it would label characters. So are unordered
    collections (a set, a dict: the order of results would be arbitrary) and
    tables (a DataFrame iterates over its column names).
    """
    if isinstance(value, str):
        raise ValueError(
            f"{name}: iterable over raw text documents expected, string object received"
        )
    if isinstance(value, (bytes, bytearray)):
        raise TypeError(f"{name}: iterable over str expected, got {_describe(value)}")
    if not isinstance(value, Iterable):
        raise TypeError(f"{name}: iterable over str expected, got {_describe(value)}")
    if isinstance(value, (set, frozenset, Mapping)) or hasattr(value, "columns"):
        raise TypeError(
            f"{name}: an ordered sequence of str expected, got {_describe(value)}; "
            "pass a list (or a column of a data frame, e.g. df['text'])"
        )
    if getattr(value, "ndim", 1) != 1:
        raise TypeError(
            f"{name}: a 1-d sequence of str expected, got a {getattr(value, 'ndim', '?')}-d "
            f"{_describe(value)}; pass one column, e.g. df['text']"
        )
    out = value.tolist() if hasattr(value, "tolist") else list(value)
    if not out and not allow_empty:
        raise ValueError(f"{name} is empty: at least one sentence is needed")
    for i, item in enumerate(out):
        if not isinstance(item, str):
            raise TypeError(
                f"{name}[{i}] must be str, got {_describe(item)}: "
                f"{name} must be an iterable of str (one sentence each)"
            )
    return out
