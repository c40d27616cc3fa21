"""An iterator that knows (roughly) how long it is, for progress bars.

`label_corpus` reads ``operator.length_hint(docs)`` to give its progress bar
a total and an ETA; a generator has none. `Counted` wraps one with a count
that is worked out only when asked for (counting a folder walks it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

__all__ = ["Counted"]


class Counted:
    """``iterator`` with ``__length_hint__`` from ``count()`` (``None``: unknown).

    Examples
    --------
    >>> import operator
    >>> it = Counted(iter("abc"), lambda: 3)
    >>> operator.length_hint(it), next(it), list(it)
    (3, 'a', ['b', 'c'])
    """

    def __init__(self, iterator: Iterator[Any], count: Callable[[], int | None]):
        self._it = iterator
        self._count = count
        self._known: int | None = None
        self._done = 0

    def __iter__(self) -> Counted:
        return self

    def __next__(self) -> Any:
        item = next(self._it)
        self._done += 1
        return item

    def __length_hint__(self) -> int:
        if self._known is None:
            self._known = self._count() or 0
        return max(self._known - self._done, 0)

    def close(self) -> None:
        close = getattr(self._it, "close", None)
        if close is not None:
            close()
