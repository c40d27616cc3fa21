"""A prose line into sentences: Punkt's boundaries, then the project's corrections."""

from __future__ import annotations

import itertools
import re
from typing import Final

from ._ends import _SKIP_PUNKT, _line_starts
from ._fixes import item_marker, refine
from ._punkt import _PUNKT_CANDIDATE, _WINDOW, _tokenizer

#: A segment as a plain tuple: ``(text, start, end, kind)``.
_Span = tuple[str, int, int, str]

#: Before a boundary that Punkt found: a "?", "!" or ellipsis (with any closing
#: quotes), or a period followed by a closing quote or bracket.
_SOFT_END: Final = re.compile(r"(?:[?!\u2026][\"'’”»)\]]*|\.[\"'’”»)\]]+)\s*\Z")
#: Before a boundary that Punkt found: a dotted initialism ("N.A.T.O.", "U.S.A.").
_DOTTED_END: Final = re.compile(r"(?<![\w.])(?:[^\W\d_]\.){2,}\s*\Z")
#: After a boundary: the first word character (skipping opening punctuation).
_FIRST_WORD_CHAR: Final = re.compile(r"[^\w\s]{0,3}(\w)")
#: A list marker alone at the start of a line: "1.", "(a)", "iv)", "B."
_LIST_MARKER: Final = re.compile(r"[(\[]?(?:\d{1,3}|[A-Za-z]|[ivxlcIVXLC]{1,5})[.)\]]")


def _keeps_boundary(line: str, previous: int, b: int) -> bool:
    """Whether a boundary Punkt put at ``b`` stands (``previous``: last kept start).

    Two corrections to Punkt: a "?" or "!" (or a closing quote), or a dotted
    initialism, followed by a lower-case word continues the sentence ('"Why
    now?" she asked.', "N.A.T.O. was not there."); and a list marker at the
    start of a line stays with its sentence ("1. The ...").
    """
    word = _FIRST_WORD_CHAR.match(line, b)
    if word is not None and word.group(1).islower():
        before = max(0, b - 24)
        if _SOFT_END.search(line, before, b) or _DOTTED_END.search(line, before, b):
            return False
    return not (previous == 0 and _LIST_MARKER.fullmatch(line[:b].rstrip()))



def _punkt_cuts(line: str) -> list[int]:
    """Sentence starts in the stripped prose ``line`` (0 first), by Punkt and
    ``_keeps_boundary``."""
    n = len(line)
    if _SKIP_PUNKT and n <= _WINDOW and _PUNKT_CANDIDATE.search(line) is None:
        return [0]  # no candidate boundary at all (and no plain end, which is one)
    starts, plain = _line_starts(_tokenizer(), line)
    if len(starts) == len(plain):
        # only plain ends: each is kept (a capital follows it), except that a
        # list marker opening the line stays with its sentence ("1. The ...")
        while starts and not _keeps_boundary(line, 0, starts[0]):
            del starts[0]
        return [0, *starts]
    cuts = [0]
    for b in starts:
        if b > cuts[-1] and _keeps_boundary(line, cuts[-1], b):
            cuts.append(b)
    return cuts


def _prose_segments(line: str, a: int, out: list[_Span]) -> None:
    """Append the sentences of the stripped prose ``line``, found at offset ``a``.

    A list item's marker ("1. ", "- ", "• ") stays outside its sentence.
    """
    cuts = refine(line, _punkt_cuts(line))
    listed = item_marker(line) > 0
    if len(cuts) == 1 and not listed:
        out.append((line, a, a + len(line), "prose"))
        return
    cuts.append(len(line))
    append = out.append
    for s, e in itertools.pairwise(cuts):
        piece = line[s:e]
        body = piece.strip()
        if not body:
            continue
        start = s + (len(piece) - len(piece.lstrip()))
        if listed:
            skip = item_marker(line, start)
            if skip and any(c.isalnum() for c in line[start + skip : e]):
                start += skip
                body = line[start:e].rstrip()
        append((body, a + start, a + start + len(body), "prose"))
