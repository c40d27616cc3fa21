"""Corrections to a prose line's sentence starts, after Punkt: ellipses, lists,
times, "I.", page numbers, and no sentence without a letter or digit.

Each works on ``cuts``, the sorted sentence starts in a stripped line (the
first is 0), and is tried only when the line holds what it looks for, so the
usual line pays one or two ``in`` tests.
"""

from __future__ import annotations

import bisect
import re
from typing import Final

#: A spaced ellipsis: three or more periods, each pair split by one space or tab.
_SPACED_ELLIPSIS: Final = re.compile(r"\.(?:[ \t]\.){2,}")
#: What may follow a sentence end before the next sentence: closers, whitespace.
_AFTER_END: Final = re.compile(r"[\"'\u2019\u201d\xbb)\]]*\s+")
#: A capitalised word starting after ``_AFTER_END`` (opening quotes allowed).
_CAPITAL_NEXT: Final = re.compile(r"[\"'\u2018\u201c(\[]*[A-Z]")

#: "a.m." or "p.m." (any case) then whitespace and a capitalised word.
_CLOCK_END: Final = re.compile(r"(?<![\w.])(?i:[ap]\.m\.)(\s+)(?=([A-Z][a-z]+))")
#: Words after "a.m."/"p.m." that continue the sentence ("9 a.m. Monday").
_CLOCK_GOES_ON: Final = frozenset((
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December", "Mon", "Tue", "Wed", "Thu", "Fri",
    "Sat", "Sun",
))
#: A sentence piece that only opens with a time ("At 5 a.m."): so many words at most.
_CLOCK_OPENER_WORDS: Final = 4

#: The pronoun "I" ending a sentence: after a lower-case word ("you and I. Did",
#: not "Albert I. Jones").
_PRONOUN_I_END: Final = re.compile(r"(?<![^ \t])[a-z][\w'\u2019-]* I\.(\s+)(?=[A-Z])")
#: "p." or "pp." before a page number: never a sentence end ("turn to p. 55").
_PAGE: Final = re.compile(r"(?<![\w.])pp?\.\s+(?=\d)")
#: A parenthesised sentence closed after an abbreviation: "(... Health Corp.) Former".
_PAREN_END: Final = re.compile(r"\.\)(\s+)(?=[A-Z])")

#: A list marker opening an item: a bullet and/or a number or lower-case letter
#: with "." / ")" / ".)" ("- ", "\u2022 9. ", "1.) ", "(2) ", "b. "). Group
#: ``bullet``, then ``num`` or ``letter`` and ``suffix``. Capital letters are
#: left out: "A. Smith said" starts with an initial, not a marker.
_ITEM_MARKER: Final = re.compile(
    r"(?P<bullet>[-*\u2022\u00b7\u25aa\u2023\u25e6\u25ba\u25b6\u2192+\u2043\u2013\u2014])?"
    r"[ \t]*(?:\(?(?:(?P<num>\d{1,3})|(?P<letter>[a-z]))(?P<suffix>\.\)|[.)]))?(?=[ \t]+\S)"
)
#: Characters that can open a list marker (a quick test before ``_ITEM_MARKER``).
_MARKER_START: Final = frozenset("-*\u2022\u00b7\u25aa\u2023\u25e6\u25ba\u25b6\u2192+\u2043\u2013\u2014(")
#: Where a later item of an inline list may start: after whitespace.
_INLINE_ITEM: Final = re.compile(r"(?<=\s)(?=\S)")


def item_marker(line: str, pos: int = 0) -> int:
    """Length of the list marker (and the whitespace after it) at ``line[pos:]``; 0 if none.

    >>> item_marker("1. The first item"), item_marker("\u2022 9. Nine"), item_marker("A. Smith")
    (3, 5, 0)
    """
    c = line[pos : pos + 1]
    if not c or not (c in _MARKER_START or c.isdigit() or "a" <= c <= "z"):
        return 0
    m = _ITEM_MARKER.match(line, pos)
    if m is None or m.end() == pos or not (m["bullet"] or m["suffix"]):
        return 0
    end = m.end()
    while end < len(line) and line[end] in " \t":
        end += 1
    return end - pos


def _marker_key(line: str, pos: int) -> tuple[str, str, int] | None:
    """What an inline list keeps from one item to the next: bullet, suffix, ordinal."""
    m = _ITEM_MARKER.match(line, pos)
    if m is None or not (m["bullet"] or m["suffix"]) or item_marker(line, pos) == 0:
        return None
    if m["num"]:
        return (m["bullet"] or "", m["suffix"], int(m["num"]))
    if m["letter"]:
        return (m["bullet"] or "", m["suffix"], ord(m["letter"]) - ord("a") + 1)
    return (m["bullet"], "", 0)


def _inline_items(line: str) -> list[int]:
    """Starts of the later items of a list written in one line ("1) A 2) B 3) C"):
    the line opens with a marker, and each later marker of the same kind comes
    next in order (2 after 1, "b." after "a."; any bullet after a bullet)."""
    key = _marker_key(line, 0)
    if key is None:
        return []
    bullet, suffix, ordinal = key
    found = []
    for m in _INLINE_ITEM.finditer(line, 1):
        p = m.start()
        c = line[p]
        if not (c in _MARKER_START or c.isdigit() or "a" <= c <= "z"):
            continue
        k = _marker_key(line, p)
        if k is None or k[0] != bullet or k[1] != suffix:
            continue
        if ordinal and k[2] != ordinal + 1:
            continue
        ordinal = k[2] if ordinal else 0
        found.append(p)
    return found


def _add(cuts: list[int], b: int) -> None:
    i = bisect.bisect_left(cuts, b)
    if i == len(cuts) or cuts[i] != b:
        cuts.insert(i, b)


def _drop(cuts: list[int], lo: int, hi: int) -> None:
    """Remove the cuts in ``(lo, hi]`` (never the line's start)."""
    i = bisect.bisect_right(cuts, lo)
    j = bisect.bisect_right(cuts, hi)
    del cuts[max(i, 1) : j]


def _spaced_ellipses(line: str, cuts: list[int]) -> None:
    """No sentence ends inside ". . ."; four periods end one ('word. . . . Next'
    cuts after the first, "word . . . . Next" after the last) when a capital follows."""
    for m in _SPACED_ELLIPSIS.finditer(line):
        s, e = m.span()
        tail = _AFTER_END.match(line, e)
        after = tail.end() if tail else e
        _drop(cuts, s, after)
        if (e - s + 1) // 2 < 4 or tail is None or not _CAPITAL_NEXT.match(line, after):
            continue
        if s and not line[s - 1].isspace():  # "compounds. . . . The": the first ends it
            _add(cuts, s + 2)
        else:
            _add(cuts, after)


def _clock_ends(line: str, cuts: list[int]) -> None:
    """A sentence ends at "a.m."/"p.m." before a capitalised word, unless the
    time only opens the sentence ("At 5 a.m. Mr. Smith went ...")."""
    for m in _CLOCK_END.finditer(line):
        b = m.end()
        if m[2] in _CLOCK_GOES_ON:
            continue
        prev = cuts[bisect.bisect_right(cuts, m.start()) - 1]
        if len(line[prev : m.start()].split()) + 1 > _CLOCK_OPENER_WORDS:
            _add(cuts, b)


def _merge_wordless(line: str, cuts: list[int]) -> None:
    """A piece with no letter or digit (".", ". . .", '."') joins the sentence before
    it (the first piece: the one after)."""
    i = 0
    while i < len(cuts) and len(cuts) > 1:
        s = cuts[i]
        e = cuts[i + 1] if i + 1 < len(cuts) else len(line)
        if any(c.isalnum() for c in line[s:e]):
            i += 1
        elif i == 0:
            del cuts[1]
        else:
            del cuts[i]


def _merge_markers(line: str, cuts: list[int]) -> None:
    """A piece that is only a list marker ("2.", "1.)") joins the item after it."""
    i = 0
    while i + 1 < len(cuts):
        s, e = cuts[i], cuts[i + 1]
        if s + item_marker(line, s) >= e and item_marker(line, s):
            del cuts[i + 1]
        else:
            i += 1


def refine(line: str, cuts: list[int]) -> list[int]:
    """The corrected sentence starts of the stripped prose ``line`` (``cuts``: Punkt's).

    >>> line = "1. The first item 2. The second item"
    >>> refine(line, [0])
    [0, 18]
    >>> refine("He left at 6 P.M. Mr. Smith then left.", [0])
    [0, 18]
    """
    if ". ." in line or ".\t." in line:
        _spaced_ellipses(line, cuts)
    if "p." in line:
        for m in _PAGE.finditer(line):
            _drop(cuts, m.start(), m.end())
    if ".m." in line or ".M." in line:
        _clock_ends(line, cuts)
    if "I." in line:
        for m in _PRONOUN_I_END.finditer(line):
            _add(cuts, m.end())
    if ".)" in line:
        for m in _PAREN_END.finditer(line):
            # only a sentence wholly in brackets: its piece opens with the "("
            piece = cuts[bisect.bisect_right(cuts, m.start()) - 1]
            if line[piece] == "(" and line.find(")", piece, m.start()) < 0:
                _add(cuts, m.end())
    if item_marker(line):
        for p in _inline_items(line):
            _add(cuts, p)
        _merge_markers(line, cuts)
    _merge_wordless(line, cuts)
    return cuts
