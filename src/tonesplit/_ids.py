"""Document ids that do not repeat: a repeated id is warned about and made distinct.

Two folders that both hold ``001.txt`` give the id ``001`` twice; results
keyed by id would then silently merge two articles. `distinct_ids` passes a
stream of ``(doc_id, text)`` through, renames the second ``001`` to
``001#2`` (the third to ``001#3``, ...), warns once at the first repeat and
once more at the end with the count.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable, Iterator
from typing import Any

__all__ = ["distinct_ids"]


def _default_warn(message: str) -> None:
    warnings.warn(message, UserWarning, stacklevel=3)


def distinct_ids(pairs: Iterable[tuple[Any, Any]], *, where: str = "tonesplit",
                 warn: Callable[[str], None] | None = None) -> Iterator[tuple[Any, Any]]:
    """Yield ``pairs`` with repeated ids renamed ``<id>#<n>``.

    Parameters
    ----------
    pairs : iterable of (doc_id, text)
    where : str
        Who is speaking, for the messages (e.g. ``"read_corpus"``).
    warn : callable, optional
        Called with each message; a ``UserWarning`` by default.

    Examples
    --------
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     ids = [i for i, _ in distinct_ids([("001", "a"), ("001", "b"), ("002", "c")])]
    >>> ids
    ['001', '001#2', '002']
    >>> print(caught[0].message)
    tonesplit: document id '001' occurs more than once; the repeat is renamed '001#2' (and later repeats likewise)
    """
    say = warn or _default_warn
    seen: dict[Any, int] = {}
    renamed = 0
    first: tuple[Any, str] | None = None
    for doc_id, text in pairs:
        key = doc_id if isinstance(doc_id, (str, int)) else repr(doc_id)
        n = seen.get(key, 0) + 1
        seen[key] = n
        if n > 1:
            new = f"{doc_id}#{n}"
            while new in seen:  # "001#2" may itself be a real id
                n += 1
                new = f"{doc_id}#{n}"
            seen[new] = 1
            renamed += 1
            if first is None:
                first = (doc_id, new)
                say(f"{where}: document id {doc_id!r} occurs more than once; the repeat is "
                    f"renamed {new!r} (and later repeats likewise)")
            doc_id = new
        yield doc_id, text
    if renamed > 1 and first is not None:
        say(f"{where}: {renamed} repeated document ids were renamed <id>#<n> (the first: "
            f"{first[0]!r} -> {first[1]!r}); give inputs distinct names to keep their own ids")
