"""Loader for tonesplit's own hand-labelled genre corpus (package data).

The corpus lives in ``tonesplit/data/genre/articles-*.txt``; its format is
described in ``tonesplit/data/genre/FORMAT.md``.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources

from ._text_dataset import TextDataset

__all__ = [
    "GenreArticle",
    "GenreFormatError",
    "GenreSentence",
    "load_genre",
    "load_genre_sentences",
]

_HEADER = re.compile(
    r"^===[ \t]+(?P<id>\S+)[ \t]*\|[ \t]*topic:[ \t]*(?P<topic>[^|]*?)[ \t]*"
    r"\|[ \t]*register:[ \t]*(?P<register>[^|]*?)[ \t]*$"
)
_LINE = re.compile(r"^(?P<label>\S+) (?P<text>.*)$")
_LABELS = {"R": "reflective", "F": "factual", "O": "other"}
_PATTERN = "articles-*.txt"


class GenreFormatError(ValueError):
    """A genre corpus file breaks the format; the message names file and line."""


@dataclass(frozen=True, slots=True)
class GenreSentence:
    """One labelled line of a genre article.

    Attributes
    ----------
    text : str
        The sentence (or non-prose line), as written after its label.
    start, end : int
        Character offsets into the article's ``text``:
        ``article.text[start:end] == text``.
    label : {"reflective", "factual", "other"}
    line : int
        Its line number in the corpus file (1-based).
    """

    text: str
    start: int
    end: int
    label: str
    line: int


@dataclass(frozen=True, slots=True)
class GenreArticle:
    """One hand-labelled article of the genre corpus.

    Attributes
    ----------
    id : str
        The article id from its header, e.g. ``"g1-001"``.
    topic, register : str
        From the header; the register is the kind of writing (e.g.
        ``"op-ed"``, ``"wire-report"``, ``"musing"``).
    text : str
        The rebuilt article: sentences of a paragraph joined by one space,
        paragraphs joined by ``"\\n"``.
    sentences : tuple of GenreSentence
        Every line of the article, in order, with offsets into ``text``.
    file : str
        The corpus file it comes from, e.g. ``"articles-1a.txt"``.
    line : int
        The line number of its header in that file.
    """

    id: str
    topic: str
    register: str
    text: str
    sentences: tuple[GenreSentence, ...]
    file: str
    line: int


def _build(
    header: re.Match[str], file: str, line: int, paragraphs: list[list[tuple]]
) -> GenreArticle:
    sentences: list[GenreSentence] = []
    pieces: list[str] = []
    offset = 0
    for p, paragraph in enumerate(paragraphs):
        if p:
            pieces.append("\n")
            offset += 1
        for k, (label, text, number) in enumerate(paragraph):
            if k:
                pieces.append(" ")
                offset += 1
            sentences.append(GenreSentence(text, offset, offset + len(text), label, number))
            pieces.append(text)
            offset += len(text)
    return GenreArticle(
        id=header["id"],
        topic=header["topic"],
        register=header["register"],
        text="".join(pieces),
        sentences=tuple(sentences),
        file=file,
        line=line,
    )


def _parse(text: str, file: str) -> list[GenreArticle]:
    """Parse one corpus file; raise `GenreFormatError` naming file and line."""
    articles: list[GenreArticle] = []
    header: re.Match[str] | None = None
    header_line = 0
    paragraphs: list[list[tuple]] = []

    def fail(number: int, problem: str, line: str) -> GenreFormatError:
        return GenreFormatError(f"{file}, line {number}: {problem}: {line[:80]!r}")

    def close() -> None:
        if header is None:
            return
        if paragraphs and not paragraphs[-1]:
            paragraphs.pop()
        if not paragraphs:
            raise fail(header_line, "article has no sentences", header.string)
        for paragraph in paragraphs:
            if len(paragraph) > 1:
                for label, sentence, number in paragraph:
                    if label == "other":
                        raise fail(
                            number,
                            "an O line must be alone in its paragraph (put a blank line "
                            "before and after it)",
                            "O " + sentence,
                        )
        articles.append(_build(header, file, header_line, paragraphs))

    for number, line in enumerate(text.split("\n"), 1):
        line = line.rstrip("\r")
        if not line.strip():
            if header is not None and paragraphs and paragraphs[-1]:
                paragraphs.append([])
            continue
        if line.startswith("#"):  # a comment, outside any article: it ends the one before
            close()
            header, paragraphs = None, []
            continue
        if line.startswith("==="):
            close()
            header = _HEADER.match(line)
            if header is None or not header["topic"] or not header["register"]:
                raise fail(
                    number,
                    "malformed header, expected '=== <id> | topic: <topic> | register: <register>'",
                    line,
                )
            header_line, paragraphs = number, [[]]
            continue
        if header is None:
            raise fail(
                number,
                "line outside an article (before any '=== ' header, or after "
                "a comment, which ends an article)",
                line,
            )
        match = _LINE.match(line)
        if match is None or match["label"] not in _LABELS:
            raise fail(
                number,
                "expected a line starting with 'R ', 'F ' or 'O ', a blank "
                "line, a '=== ' header or a '#' comment",
                line,
            )
        sentence = match["text"].strip()
        if not sentence:
            raise fail(number, "empty sentence after the label", line)
        paragraphs[-1].append((_LABELS[match["label"]], sentence, number))
    close()
    return articles


def _corpus_files() -> list[tuple[str, bytes]]:
    folder = resources.files("tonesplit") / "data" / "genre"
    files = [f for f in folder.iterdir() if fnmatch.fnmatchcase(f.name, _PATTERN) and f.is_file()]
    return [(f.name, f.read_bytes()) for f in sorted(files, key=lambda f: f.name)]


def load_genre() -> list[GenreArticle]:
    """Load tonesplit's hand-labelled genre corpus, shipped with the package.

    Original articles written for this project in several registers (wire
    reports, op-eds, musings, press releases, ...), labelled line by line as
    reflective (``R``), factual (``F``) or other (``O``: headlines, bylines,
    credits, source lists). Read from the package with `importlib.resources`;
    no download.

    Returns
    -------
    list of GenreArticle
        In file name order, then in file order.

    Raises
    ------
    GenreFormatError
        A file breaks the format of ``data/genre/FORMAT.md`` (the message names
        the file and line), is not UTF-8, or reuses an article id.

    Examples
    --------
    >>> articles = load_genre()
    >>> a = articles[0]
    >>> all(a.text[s.start:s.end] == s.text for s in a.sentences)
    True
    """
    articles: list[GenreArticle] = []
    seen: dict[str, GenreArticle] = {}
    for name, raw in _corpus_files():
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            number = raw[: err.start].count(b"\n") + 1
            raise GenreFormatError(
                f"{name}, line {number}: not valid UTF-8 ({err.reason})"
            ) from None
        for article in _parse(text, name):
            if article.id in seen:
                first = seen[article.id]
                raise GenreFormatError(
                    f"{name}, line {article.line}: article id {article.id!r} is already "
                    f"used in {first.file}, line {first.line}"
                )
            seen[article.id] = article
            articles.append(article)
    return articles


def load_genre_sentences(articles: Sequence[GenreArticle] | None = None) -> TextDataset:
    """The reflective and factual sentences of the genre corpus, as a `TextDataset`.

    ``O`` lines (headlines, credits, ...) are left out.

    Parameters
    ----------
    articles : sequence of GenreArticle, optional
        The articles to flatten, e.g. a filtered ``load_genre()``; all of
        them by default.

    Returns
    -------
    TextDataset
        ``groups`` holds the article id (use it for grouped cross-validation:
        sentences of one article are not independent); ``ids`` holds
        ``"<article id>/<n>"``, ``n`` indexing ``article.sentences``.

    Examples
    --------
    >>> ds = load_genre_sentences()
    >>> sorted(ds.label_counts())
    ['factual', 'reflective']
    """
    if articles is None:
        articles = load_genre()
    texts, labels, groups, ids = [], [], [], []
    for article in articles:
        for n, sentence in enumerate(article.sentences):
            if sentence.label in ("reflective", "factual"):
                texts.append(sentence.text)
                labels.append(sentence.label)
                groups.append(article.id)
                ids.append(f"{article.id}/{n}")
    return TextDataset(
        texts=texts,
        labels=labels,
        groups=groups,
        ids=ids,
        name="genre",
        licence="part of tonesplit, under the package's licence",
        description=(
            "tonesplit's genre corpus: original articles written for the project in "
            "several registers, labelled by hand sentence by sentence; reflective and "
            "factual sentences only."
        ),
    )
