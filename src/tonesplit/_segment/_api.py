"""The segmenter's public values and functions: `Segment`, `segment`, `segment_spans`."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import Final, Literal

from .._validation import check_text
from ._lines import _other_rule
from ._sentences import _prose_segments, _Span

__all__ = ["Segment", "segment", "segment_spans"]


@dataclass(frozen=True, slots=True)
class Segment:
    """A span of an article: a prose sentence or a non-prose line.

    Attributes
    ----------
    text : str
        The segment, exactly ``source[start:end]``; never starts or ends with
        whitespace.
    start, end : int
        Character offsets into the text given to :func:`segment`.
    kind : {"prose", "other"}
        ``"prose"`` for a sentence to be labelled, ``"other"`` for a line that
        is not prose (headings, bylines, credits, source lists, ...).
    """

    text: str
    start: int
    end: int
    kind: Literal["prose", "other"]

def segment(text: str) -> list[Segment]:
    """Split an article into prose sentences and non-prose lines, in order.

    Parameters
    ----------
    text : str
        The article. Lines (paragraphs) are separated by line breaks; any text
        is accepted, including control characters, HTML and emoji.

    Returns
    -------
    list of Segment
        One segment per prose sentence (``kind="prose"``) and one per non-prose
        line (``kind="other"``), in reading order. ``text[s.start:s.end] ==
        s.text`` for each, segments are stripped and never overlap, and every
        non-whitespace character of ``text`` is in exactly one segment.

    Raises
    ------
    TypeError
        If ``text`` is not a ``str``.
    ValueError
        If ``text`` holds a lone surrogate (it cannot be encoded).

    Notes
    -----
    Sentence boundaries come from NLTK's Punkt with the project's own
    abbreviation list; no NLTK data is loaded. Time is linear in ``len(text)``.

    After an abbreviation, an initial or an ellipsis, a new sentence is found
    only when the next word is a common sentence starter ("... at 10 a.m. The
    ..."), so "... at 10 a.m. Hundreds ..." stays one sentence. A short line
    (up to 16 words) that does not end like a sentence is taken for a heading.

    Examples
    --------
    >>> from tonesplit.segment import segment
    >>> article = (
    ...     "Talks Resume in Geneva\\n"
    ...     "Dr. J. K. Rowe arrived at 9 a.m. on Monday. Prices rose 3.5% in the U.S. last year.\\n"
    ...     '"Why now?" she asked. Nobody answered.\\n'
    ...     "Photo: Reuters"
    ... )
    >>> for s in segment(article):
    ...     print(s.kind, s.start, s.end, s.text)
    other 0 22 Talks Resume in Geneva
    prose 23 66 Dr. J. K. Rowe arrived at 9 a.m. on Monday.
    prose 67 106 Prices rose 3.5% in the U.S. last year.
    prose 107 128 "Why now?" she asked.
    prose 129 145 Nobody answered.
    other 146 160 Photo: Reuters
    """
    check_text(text)
    return list(itertools.starmap(Segment, segment_spans(text)))


def segment_spans(text: str) -> list[_Span]:
    """`segment` as plain ``(text, start, end, kind)`` tuples, for the labelling
    path: it builds its own `Sentence` values, and a `Segment` in between
    would cost as much again (``text`` is not checked here)."""
    out: list[_Span] = []
    # The lines of ``_LINE``, found by ``str.splitlines`` (the same breaks;
    # three times faster than the pattern): a line keeps its break, which
    # ``strip`` removes with the rest of the whitespace.
    end = 0
    first = True
    for raw in text.splitlines(keepends=True):
        start, end = end, end + len(raw)
        line = raw.strip()
        if not line:
            continue
        a = start + (len(raw) - len(raw.lstrip()))
        if _other_rule(line) is not None or (first and _is_headline(line, text, end)):
            out.append((line, a, a + len(line), "other"))
        else:
            _prose_segments(line, a, out)
        first = False
    return out


#: A headline has at most this many words...
_HEADLINE_WORDS: Final = 16
#: ... and no sentence break inside ("Floods return. Again?" is two sentences).
_INNER_BREAK: Final = re.compile(r"[.!?…][\"'’”)]*\s+[\"'‘“(]*[A-Z]")
#: A blank line: the end of a headline that stands alone.
_BLANK_LINE: Final = re.compile(r"[^\S\n\r\x85\u2028\u2029]*(?:\r\n|[\n\r\x85\u2028\u2029])")


def _is_headline(line: str, text: str, end: int) -> bool:
    """Whether a document's first line (stripped ``line``, its break ending at
    ``end`` in ``text``) is a headline: it stands alone before a blank line, is
    short, has no sentence break inside and does not close with a full stop
    ("Time to get tough on friendlies?"). A one-sentence opening paragraph
    ending with "." stays prose.
    """
    if line.rstrip("\"'’”)]").endswith((".", "…", ":", "。")):
        return False
    blank = _BLANK_LINE.match(text, end)
    if blank is None or not text[blank.end() :].strip():
        return False  # nothing after the blank line: a one-line document, not a headline
    return len(line.split()) <= _HEADLINE_WORDS and _INNER_BREAK.search(line) is None
