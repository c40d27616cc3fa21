"""Loader for BABE (Bias Annotations By Experts), read as opinion labels."""

from __future__ import annotations

import csv
import os

from ._fetch import fetch
from ._text_dataset import TextDataset

__all__ = ["load_babe"]

_FILE = "final_labels_SG2.csv"
# The file's apostrophe is a curly one (see the shared data README's traps).
_OPINION = {
    "Entirely factual": "factual",
    "Expresses writer\u2019s opinion": "reflective",
}


def load_babe(
    *,
    keep_middle: bool = False,
    data_home: str | os.PathLike[str] | None = None,
    download_if_missing: bool = True,
) -> TextDataset:
    """Load BABE's expert-labelled news sentences, by whether the writer voices an opinion.

    BABE (Spinde et al., Findings of EMNLP 2021) holds 3,674 sentences from US
    news outlets, each labelled by five experts. Its ``label_opinion`` column
    says whether a sentence is "Entirely factual" (-> ``"factual"``) or
    "Expresses writer's opinion" (-> ``"reflective"``); the middle class
    "Somewhat factual but also opinionated" and "No agreement" have no
    counterpart in the guideline and are dropped unless ``keep_middle``.

    Parameters
    ----------
    keep_middle : bool, default=False
        Keep every row. The two classes above keep their label; the middle
        class and "No agreement" are labelled ``"factual"`` only as a
        placeholder, so read ``extra["label_opinion"]`` before training on
        them.
    data_home : str or path-like, optional
        See `get_data_home`.
    download_if_missing : bool, default=True
        Download the file from the authors' repository if it is not on disk.

    Returns
    -------
    TextDataset
        Whitespace runs in the text become one space. ``ids`` is ``"<row>"``,
        the 0-based data row of the CSV file; ``groups`` is the outlet;
        ``extra`` holds ``label_opinion``, ``label_bias``, ``outlet`` and
        ``topic``. Licence: AGPL-3.0.

    Examples
    --------
    >>> ds = load_babe()  # doctest: +SKIP
    >>> ds.label_counts()  # doctest: +SKIP
    {'factual': 1600, 'reflective': 858}
    """
    path = fetch("babe", data_home=data_home, download_if_missing=download_if_missing) / _FILE
    texts: list[str] = []
    labels: list[str] = []
    ids: list[str] = []
    extra: dict[str, list[object]] = {
        "label_opinion": [],
        "label_bias": [],
        "outlet": [],
        "topic": [],
    }
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = csv.DictReader(fh, delimiter=";")
        missing = {"text", "label_opinion", "outlet"} - set(rows.fieldnames or ())
        if missing:
            raise ValueError(f"{path}: missing columns {sorted(missing)}")
        for row_number, row in enumerate(rows):
            opinion = row["label_opinion"]
            if opinion not in _OPINION and not keep_middle:
                continue
            texts.append(" ".join(row["text"].split()))
            labels.append(_OPINION.get(opinion, "factual"))
            ids.append(str(row_number))
            for key, column in extra.items():
                column.append(row.get(key))
    return TextDataset(
        texts=texts,
        labels=labels,
        groups=[str(o) for o in extra["outlet"]],
        ids=ids,
        name="babe/opinion",
        licence="AGPL-3.0",
        description=(
            "BABE, Bias Annotations By Experts (Spinde et al. 2021): US news sentences, "
            "majority of five experts. label_opinion 'Entirely factual' -> factual, "
            "'Expresses writer's opinion' -> reflective."
        ),
        extra=extra,
    )
