"""Loader for the BBC News raw articles (unlabelled, for corpus runs)."""

from __future__ import annotations

import os
from dataclasses import dataclass

from ._fetch import fetch
from ._registry import REMOTE_DATASETS

__all__ = ["BBCArticle", "load_bbc"]

# Tried in order. cp1252 is what the one non-UTF-8 file (sport/199.txt, a
# pound sign as byte 0xA3) was written in; latin-1 decodes any byte, so the
# chain never fails.
_ENCODINGS = ("utf-8", "cp1252", "latin-1")


@dataclass(frozen=True, slots=True)
class BBCArticle:
    """One BBC News article.

    Attributes
    ----------
    doc_id : str
        ``"<topic>/<number>"``, e.g. ``"sport/199"``.
    topic : str
        The topic folder: business, entertainment, politics, sport or tech.
    headline : str
        The first line of the file.
    text : str
        The body: everything after the headline, without surrounding
        whitespace; paragraphs are separated by a blank line, as in the file.
    encoding : str
        How the file was decoded: ``"utf-8"``, or the fallback that was needed
        (``"cp1252"``, else ``"latin-1"``).
    """

    doc_id: str
    topic: str
    headline: str
    text: str
    encoding: str


def _decode(raw: bytes) -> tuple[str, str]:
    for encoding in _ENCODINGS:
        try:
            return raw.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes any bytes")  # pragma: no cover


def load_bbc(
    *,
    data_home: str | os.PathLike[str] | None = None,
    download_if_missing: bool = True,
) -> list[BBCArticle]:
    """Load the 2,225 BBC News articles (2004-2005), in topic and number order.

    The articles carry no reflective/factual labels; they are for running the
    labeller over a real corpus. Files are decoded as UTF-8; a file that is
    not valid UTF-8 is decoded as cp1252 (else latin-1) instead of failing,
    and its ``encoding`` attribute says so. In this corpus only
    ``sport/199`` needs the fallback.

    Parameters
    ----------
    data_home : str or path-like, optional
        See `get_data_home`.
    download_if_missing : bool, default=True
        Download ``bbc-fulltext.zip`` from UCD if the files are not on disk.

    Returns
    -------
    list of BBCArticle

    Examples
    --------
    >>> articles = load_bbc()  # doctest: +SKIP
    >>> len(articles), [a.doc_id for a in articles if a.encoding != "utf-8"]  # doctest: +SKIP
    (2225, ['sport/199'])
    """
    folder = fetch("bbc-news", data_home=data_home, download_if_missing=download_if_missing)
    articles = []
    for rel in sorted(REMOTE_DATASETS["bbc-news"].files()):
        text, encoding = _decode((folder / rel).read_bytes())
        headline, _, body = text.partition("\n")
        doc_id = rel.removesuffix(".txt")
        articles.append(
            BBCArticle(
                doc_id=doc_id,
                topic=doc_id.split("/", 1)[0],
                headline=headline.strip(),
                text=body.strip(),
                encoding=encoding,
            )
        )
    return articles
