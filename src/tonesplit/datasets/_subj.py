"""Loader for the Pang & Lee subjectivity data v1.0 (SUBJ)."""

from __future__ import annotations

import os

from ._fetch import fetch
from ._text_dataset import TextDataset

__all__ = ["load_subj"]


def _read_lines(path: os.PathLike[str]) -> list[str]:
    # Latin-1 because subjective.txt is not valid UTF-8; split on "\n" only
    # because the file holds stray \x85 bytes, which str.splitlines() would
    # take for line breaks.
    with open(path, "rb") as fh:
        text = fh.read().decode("latin-1")
    return [line.strip(" \t\r") for line in text.split("\n") if line.strip(" \t\r")]


def load_subj(
    *,
    data_home: str | os.PathLike[str] | None = None,
    download_if_missing: bool = True,
) -> TextDataset:
    """Load the SUBJ subjectivity data: 5,000 subjective and 5,000 objective sentences.

    Subjective sentences are movie-review snippets (from Rotten Tomatoes) and
    become ``"reflective"``; objective sentences are plot summaries (from
    IMDb) and become ``"factual"``. The sentences are lower-cased and
    tokenised, as published. Subjective sentences come first.

    Parameters
    ----------
    data_home : str or path-like, optional
        See `get_data_home`.
    download_if_missing : bool, default=True
        Download ``rotten_imdb.tar.gz`` from Cornell if the files are not on disk.

    Returns
    -------
    TextDataset
        ``groups`` and ``ids`` are None. Spaces and tabs at either end of a
        line are removed; a few sentences keep a stray ``"\\x85"`` character.

    Examples
    --------
    >>> ds = load_subj()  # doctest: +SKIP
    >>> len(ds), ds.reflective_share()  # doctest: +SKIP
    (10000, 0.5)
    """
    folder = fetch("subj-v1", data_home=data_home, download_if_missing=download_if_missing)
    subjective = _read_lines(folder / "subjective.txt")
    objective = _read_lines(folder / "objective.txt")
    return TextDataset(
        texts=subjective + objective,
        labels=["reflective"] * len(subjective) + ["factual"] * len(objective),
        groups=None,
        ids=None,
        name="subj-v1",
        licence="free for research use; cite Pang & Lee (ACL 2004)",
        description=(
            "Pang & Lee subjectivity data v1.0: Rotten Tomatoes review snippets "
            "(subjective -> reflective) and IMDb plot summaries (objective -> factual), "
            "lower-cased and tokenised."
        ),
    )
