"""Loader for CheckThat! 2025 Task 1 (subjectivity in news articles), English."""

from __future__ import annotations

import csv
import os

from ._fetch import fetch
from ._text_dataset import TextDataset

__all__ = ["load_checkthat"]

_FILES = {"train": "train_en.tsv", "dev": "dev_en.tsv", "dev_test": "dev_test_en.tsv"}
_LABELS = {"SUBJ": "reflective", "OBJ": "factual"}
_FLAGS = {"True": True, "False": False}


def load_checkthat(
    split: str = "train",
    *,
    dedupe: bool = False,
    data_home: str | os.PathLike[str] | None = None,
    download_if_missing: bool = True,
) -> TextDataset:
    """Load one split of the CheckThat! 2025 English subjectivity data.

    Sentences labelled ``SUBJ`` become ``"reflective"``, ``OBJ`` become
    ``"factual"``. The files are read without any quote handling
    (``csv.QUOTE_NONE``), so every sentence is exactly as it stands in its
    file, including a leading straight ``"``.

    Parameters
    ----------
    split : {"train", "dev", "dev_test"}, default="train"
        ``train`` (830 sentences) and ``dev`` (462) together are the 2023
        English corpus; ``dev_test`` (484) is the 2024 English test set. Their
        shares of reflective sentences differ a lot (36%, 52%, 25%).
    dedupe : bool, default=False
        Keep only the first occurrence of a sentence that appears more than
        once in the split (drops 5 repeated sentences from ``train``).
    data_home : str or path-like, optional
        See `get_data_home`.
    download_if_missing : bool, default=True
        Download the files from the official repository if they are not on disk.

    Returns
    -------
    TextDataset
        ``ids`` holds the ``sentence_id`` column; ``groups`` is None (the
        data do not say which article a sentence comes from);
        ``extra["solved_conflict"]`` holds the ``solved_conflict`` column as
        ``True``/``False``, or ``None`` where a row lacks it (243 rows of
        ``dev``, every row of ``dev_test``).

    Examples
    --------
    >>> ds = load_checkthat("dev_test")  # doctest: +SKIP
    >>> len(ds), ds.label_counts()  # doctest: +SKIP
    (484, {'factual': 362, 'reflective': 122})
    """
    if split not in _FILES:
        raise ValueError(f"split must be one of {sorted(_FILES)}, got {split!r}")
    path = fetch("checkthat2025-en", data_home=data_home, download_if_missing=download_if_missing)
    path = path / _FILES[split]

    texts: list[str] = []
    labels: list[str] = []
    ids: list[str] = []
    conflicts: list[bool | None] = []
    seen: set[str] = set()
    with open(path, encoding="utf-8", newline="") as fh:
        rows = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(rows, [])
        if header[:3] != ["sentence_id", "sentence", "label"]:
            raise ValueError(f"{path}: unexpected header {header!r}")
        for row in rows:
            line = rows.line_num
            if not row:
                continue
            if len(row) not in (3, 4):
                raise ValueError(
                    f"{path}, line {line}: expected 3 or 4 tab-separated fields, got {len(row)}"
                )
            sentence_id, sentence, label = row[:3]
            if label not in _LABELS:
                raise ValueError(f"{path}, line {line}: unknown label {label!r}")
            flag = row[3] if len(row) == 4 else None
            if flag is not None and flag not in _FLAGS:
                raise ValueError(
                    f"{path}, line {line}: solved_conflict must be True or False, got {flag!r}"
                )
            if dedupe:
                if sentence in seen:
                    continue
                seen.add(sentence)
            texts.append(sentence)
            labels.append(_LABELS[label])
            ids.append(sentence_id)
            conflicts.append(None if flag is None else _FLAGS[flag])

    return TextDataset(
        texts=texts,
        labels=labels,
        groups=None,
        ids=ids,
        name=f"checkthat2025-en/{split}",
        licence="CC BY-NC-SA 4.0",
        description=(
            "CheckThat! 2025 Task 1, subjectivity in news articles, English "
            f"({_FILES[split]}). Sentences from news articles annotated SUBJ/OBJ; "
            "SUBJ -> reflective, OBJ -> factual."
        ),
        extra={"solved_conflict": conflicts},
    )
