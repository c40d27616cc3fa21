"""Loader for tonesplit's silver corpus: guideline annotations of real news, stand-off.

The annotations live in the package (``silver/annotations.tsv``) as ids,
labels and probabilities only; the sentences are cut from the public corpora
(BBC News, MPQA 1.2, BABE) at load time, so no public text is redistributed.
``silver/DATASHEET.md`` describes how they were made.
"""

from __future__ import annotations

import csv
import io
import os
from collections import defaultdict
from collections.abc import Iterable
from importlib import resources

from ._text_dataset import TextDataset

__all__ = ["SILVER_SOURCES", "load_silver", "read_silver_annotations"]

#: The corpora the silver sentences are cut from, by the prefix of their ids.
SILVER_SOURCES: tuple[str, ...] = ("bbc", "mpqa", "babe")
_COLUMNS = ["uid", "annotator", "label", "p_reflective", "role"]
_LABELS = {"R": "reflective", "F": "factual"}


def read_silver_annotations() -> list[dict[str, str]]:
    """Every annotation row of the silver corpus, as stored (no text).

    Returns
    -------
    list of dict
        Keys ``uid`` (``"<source>:<id>"``), ``annotator``, ``label`` (``R`` or
        ``F``), ``p_reflective`` (the annotator's probability, as text) and
        ``role``: ``"single"``, ``"double"`` (one of two independent
        annotations of a sentence) or ``"calibration"`` (a CheckThat!
        train/dev sentence, scored against its gold label).

    Examples
    --------
    >>> rows = read_silver_annotations()
    >>> sorted({r["role"] for r in rows}) <= ["calibration", "double", "single"]
    True
    """
    return _packaged_tsv("silver/annotations.tsv", _COLUMNS, "silver annotations")


def _packaged_tsv(name: str, columns: list[str], what: str) -> list[dict[str, str]]:
    """Rows of a stand-off TSV shipped in ``tonesplit.datasets``, its header checked."""
    folder, _, file = name.partition("/")
    raw = (
        resources.files("tonesplit.datasets")
        .joinpath(folder).joinpath(file)
        .read_text(encoding="utf-8")
    )
    reader = csv.DictReader(io.StringIO(raw), delimiter="\t", quoting=csv.QUOTE_NONE)
    if reader.fieldnames != columns:
        raise ValueError(f"{what}: expected columns {columns}, got {reader.fieldnames}")
    return list(reader)


def _adjudicate(rows: Iterable[dict[str, str]]) -> dict[str, tuple[float, int]]:
    """uid -> (mean probability, number of annotations) over non-calibration rows."""
    ps: dict[str, list[float]] = defaultdict(list)
    for row in rows:
        if row["role"] != "calibration":
            ps[row["uid"]].append(float(row["p_reflective"]))
    return {uid: (sum(p) / len(p), len(p)) for uid, p in ps.items()}


def _texts(
    sources: set[str], data_home: str | os.PathLike[str] | None, download: bool
) -> dict[str, str]:
    """uid -> sentence text for every sentence the silver ids can point at."""
    texts: dict[str, str] = {}
    if "bbc" in sources:
        from ._bbc import load_bbc

        # BBC ids are "bbc:<topic>/<nnn>:<start>-<end>" into BBCArticle.text.
        for article in load_bbc(data_home=data_home, download_if_missing=download):
            texts[f"bbc:{article.doc_id}"] = article.text
    if "mpqa" in sources:
        from ._mpqa import load_mpqa

        mpqa = load_mpqa(data_home=data_home, download_if_missing=download)
        texts.update((f"mpqa:{i}", t) for i, t in zip(mpqa.ids or [], mpqa.texts))
    if "babe" in sources:
        from ._babe import load_babe

        babe = load_babe(keep_middle=True, data_home=data_home, download_if_missing=download)
        texts.update((f"babe:{i}", t) for i, t in zip(babe.ids or [], babe.texts))
    return texts


def _resolve(uid: str, texts: dict[str, str]) -> str:
    if uid.startswith("bbc:"):
        doc, _, span = uid.rpartition(":")
        start, _, end = span.partition("-")
        return texts[doc][int(start) : int(end)]
    return texts[uid]


def load_silver(
    sources: Iterable[str] = SILVER_SOURCES,
    *,
    min_agreement: float = 0.0,
    data_home: str | os.PathLike[str] | None = None,
    download_if_missing: bool = True,
) -> TextDataset:
    """Load the silver corpus: real news sentences labelled by the guideline.

    Each sentence was read in isolation and labelled by one annotator (about
    5% by two, independently) following ``docs/labels.md``, who also gave a
    probability that it is reflective. Where two annotated a sentence, the
    adjudicated probability is the mean of theirs and the label follows it:
    ``"reflective"`` when it is at least 0.5, the same rule each annotator's
    own label follows (a tie leans reflective, as the guideline's mixed
    sentences do).

    Parameters
    ----------
    sources : iterable of {"bbc", "mpqa", "babe"}, default=all three
        Which corpora to take sentences from; each must be in the data home
        (see `get_data_home`) or downloadable.
    min_agreement : float, default=0.0
        Keep only sentences whose adjudicated probability is at least this far
        from 0.5 (e.g. ``0.3`` keeps p <= 0.2 or p >= 0.8).
    data_home : str or path-like, optional
        See `get_data_home`.
    download_if_missing : bool, default=True
        Download a missing corpus (see each corpus loader).

    Returns
    -------
    TextDataset
        ``ids`` are the stand-off ids (``bbc:<topic>/<nnn>:<start>-<end>``
        into `BBCArticle.text`, ``mpqa:<doc>:<start>-<end>`` as in
        `load_mpqa`, ``babe:<row>`` as in `load_babe`); ``groups`` the
        document (article, MPQA document, BABE row); ``extra`` holds
        ``p_reflective`` and ``n_annotations``.

    Examples
    --------
    >>> ds = load_silver(["babe"])  # doctest: +SKIP
    >>> set(ds.labels) <= {"reflective", "factual"}  # doctest: +SKIP
    True
    """
    wanted = set(sources)
    unknown = wanted - set(SILVER_SOURCES)
    if unknown:
        raise ValueError(f"sources must be among {SILVER_SOURCES}, got {sorted(unknown)}")
    adjudicated = _adjudicate(read_silver_annotations())
    texts = _texts(wanted, data_home, download_if_missing)
    out_texts: list[str] = []
    labels: list[str] = []
    groups: list[str] = []
    ids: list[str] = []
    probabilities: list[float] = []
    counts: list[int] = []
    for uid in sorted(adjudicated):
        source = uid.partition(":")[0]
        p, n = adjudicated[uid]
        if source not in wanted or abs(p - 0.5) < min_agreement:
            continue
        out_texts.append(_resolve(uid, texts))
        labels.append("reflective" if p >= 0.5 else "factual")
        groups.append(uid.rpartition(":")[0] if source != "babe" else uid)
        ids.append(uid)
        probabilities.append(p)
        counts.append(n)
    return TextDataset(
        texts=out_texts,
        labels=labels,
        groups=groups,
        ids=ids,
        name="tonesplit-silver/" + "+".join(sorted(wanted)),
        licence=(
            "annotations: MIT (tonesplit); texts: BBC research use, MPQA research use only, "
            "BABE AGPL-3.0"
        ),
        description=(
            "Real news sentences (BBC News 2004-2005, MPQA 1.2, BABE) labelled by tonesplit's "
            "annotators following docs/labels.md; see silver/DATASHEET.md."
        ),
        extra={"p_reflective": probabilities, "n_annotations": counts},
    )
