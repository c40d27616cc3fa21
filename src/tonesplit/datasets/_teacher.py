"""Loader for the teacher's logits over the silver pool: what the fast tier is distilled from.

``teacher/logits.tsv`` (in the package) holds, for every sentence of the
56,009-sentence pool the silver corpus was sampled from (``silver/DATASHEET.md``),
the raw logit of the fine-tuned encoder that teaches the fast tier: ids and
numbers only, stand-off like the silver annotations. The texts are cut from
the public corpora at load time.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from ._silver import SILVER_SOURCES, _packaged_tsv, _resolve, _texts
from ._text_dataset import TextDataset

__all__ = ["load_teacher_pool", "read_teacher_logits"]

_COLUMNS = ["uid", "logit"]


def read_teacher_logits() -> dict[str, float]:
    """uid -> the teacher's raw logit of reflective, as stored (no text).

    Examples
    --------
    >>> logits = read_teacher_logits()
    >>> len(logits) > 50_000
    True
    """
    rows = _packaged_tsv("teacher/logits.tsv", _COLUMNS, "teacher logits")
    return {row["uid"]: float(row["logit"]) for row in rows}


def load_teacher_pool(
    sources: Iterable[str] = SILVER_SOURCES,
    *,
    data_home: str | os.PathLike[str] | None = None,
    download_if_missing: bool = True,
) -> TextDataset:
    """Load the pool of real news sentences with the teacher's logit of each.

    Parameters
    ----------
    sources : iterable of {"bbc", "mpqa", "babe"}, default=all three
    data_home : str or path-like, optional
        See `get_data_home`.
    download_if_missing : bool, default=True

    Returns
    -------
    TextDataset
        ``ids`` as in `load_silver`; ``labels`` the teacher's decision (logit
        above 0 is reflective); ``groups`` the document; ``extra["logit"]``
        the teacher's raw (uncalibrated) logit.

    Examples
    --------
    >>> pool = load_teacher_pool(["babe"])  # doctest: +SKIP
    >>> len(pool.extra["logit"]) == len(pool)  # doctest: +SKIP
    True
    """
    wanted = set(sources)
    unknown = wanted - set(SILVER_SOURCES)
    if unknown:
        raise ValueError(f"sources must be among {SILVER_SOURCES}, got {sorted(unknown)}")
    logits = read_teacher_logits()
    texts = _texts(wanted, data_home, download_if_missing)
    keep = sorted(u for u in logits if u.partition(":")[0] in wanted)
    z = [logits[u] for u in keep]
    return TextDataset(
        texts=[_resolve(u, texts) for u in keep],
        labels=["reflective" if v > 0 else "factual" for v in z],
        groups=[u.rpartition(":")[0] if not u.startswith("babe:") else u for u in keep],
        ids=keep,
        name="tonesplit-teacher-pool/" + "+".join(sorted(wanted)),
        licence=(
            "logits: MIT (tonesplit); texts: BBC research use, MPQA research use only, "
            "BABE AGPL-3.0"
        ),
        description=("Real news sentences (the silver corpus' pool) with the logit of the "
                     "fine-tuned encoder the fast tier is distilled from; see "
                     "teacher/README.md."),
        extra={"logit": z},
    )
