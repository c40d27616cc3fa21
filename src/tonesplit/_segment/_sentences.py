"""A prose line into sentences: Punkt's boundaries, then the project's corrections."""

from __future__ import annotations

import itertools
import re
from typing import Final

from . import _ends
from ._ends import _line_starts
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



def _prose_segments(line: str, a: int, out: list[_Span]) -> None:
    """Append the sentences of the stripped prose ``line``, found at offset ``a``."""
    n = len(line)
    if _ends._SKIP_PUNKT and n <= _WINDOW and _PUNKT_CANDIDATE.search(line) is None:
        # no candidate boundary at all (and no plain end, which is one): one sentence
        out.append((line, a, a + n, "prose"))
        return
    starts, plain = _line_starts(_tokenizer(), line)
    if len(starts) == len(plain):
        # only plain ends: each is kept (a capital follows it), except that a
        # list marker opening the line stays with its sentence ("1. The ...")
        while starts and not _keeps_boundary(line, 0, starts[0]):
            del starts[0]
        # Each cut is where an ``_END_TAIL`` match ends, after its whitespace
        # and before its letter, and the line is stripped: every piece starts
        # with its sentence, and only the whitespace before the next is cut off.
        prev = 0
        for b in starts:
            body = line[prev:b].rstrip()
            out.append((body, a + prev, a + prev + len(body), "prose"))
            prev = b
        out.append((line[prev:], a + prev, a + n, "prose"))
        return
    cuts = [0]
    for b in starts:
        if b > cuts[-1] and _keeps_boundary(line, cuts[-1], b):
            cuts.append(b)
    cuts.append(n)
    append = out.append
    for s, e in itertools.pairwise(cuts):
        piece = line[s:e]
        body = piece.strip()
        if body:
            start = a + s + (len(piece) - len(piece.lstrip()))
            append((body, start, start + len(body), "prose"))
