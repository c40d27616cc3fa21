"""Sentence ends that Punkt always takes, cut before Punkt is asked (fast paths)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Final

from ._punkt import (
    _CLOSERS,
    _MAX_RUN,
    _PUNKT_CLOSERS,
    _PUNKT_NON_WORD,
    _PUNKT_SENT_END,
    _WINDOW,
    _abbreviations,
    _punkt_starts,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

    from nltk.tokenize.punkt import PunktSentenceTokenizer

#: A sentence end that Punkt always takes, whatever its parameters say about
#: other words: a word of two or more letters that is not an abbreviation, a
#: period, whitespace, then a capital letter ("... in Brussels. The ...").
#: Cutting a line there first gives exactly Punkt's result, faster: Punkt's
#: decisions only look at the words next to each candidate.
#:
#: Two more such ends (``_PLAIN_END_MORE``): the same word, or a number (digits
#: only) that is not an abbreviation, after a space or a tab or at the start of
#: the line, then a period, whitespace holding a space or a tab, any opening
#: quotes or brackets and a capital letter ('... he said. "We ...', "... in
#: 2004. The ..."). Punkt marks such a word a sentence break in its first pass
#: and its second pass never undoes it (for a number, only a lower-case next
#: word would); its realignment never moves the start (no closing quote or
#: bracket comes before the capital); and the spaces or tabs (Punkt's
#: ``string.whitespace``, unlike a no-break space) keep Punkt from merging the
#: contexts of neighbouring candidates, which would drop one of them.
_PLAIN_END: Final = re.compile(r"(?<!\S)([^\W\d_]{2,})\.\s+(?=[A-Z])")
_PLAIN_END_MORE: Final = re.compile(
    r"(?<![^ \t])([^\W\d_]{2,}|\d+)\.(?=\s*[ \t])\s+(?=[\"\u201c'\u2018(\[]*[A-Z])"
)
#: Both, in two parts, for speed: the period, whitespace, openers and capital...
_PLAIN_END_TAIL: Final = re.compile(r"\.(\s+)(?=([\"\u201c'\u2018(\[]*)[A-Z])")
#: ... and the word, matched in the reversed line from just before the period
#: (possessive: no backtracking into the word; group 1: a word of letters).
_PLAIN_END_WORD_REVERSED: Final = re.compile(r"(?:([^\W\d_]{2,}+)|\d++)(?!\S)")

#: More ends that Punkt always takes (``_END_TAIL``): a mark (".", "?" or "!"),
#: any closing quotes or brackets (``_CLOSERS``: those that Punkt's
#: realignment moves), whitespace holding a space or a tab, any opening quotes
#: or brackets, then a letter or digit. The *word* is what comes before the
#: mark back to the last space or tab (or the line start). They are cut only
#: with the shortcuts on (``_SKIP_PUNKT``), in a line of at most ``_WINDOW``
#: characters (every piece then goes to Punkt whole), and when the word, the
#: mark and the closers make fewer than ``_MAX_RUN`` characters (never
#: masked). The end is cut when
#:
#: 1. the mark is "?" or "!" and closers follow ('... the Union?" The ...');
#: 2. the mark is "?" or "!", no closer follows, and no mark in the word is a
#:    Punkt candidate: each is followed by a letter or digit ("... elsewhere?
#:    The ...", '... "Why"? He ...', "... Mamma Mia! which ...");
#: 3. the mark is "." after a closer, a space or a tab, or at the line start
#:    ('... the issue". He ...', "... ($1.2bn). The ...", "... Bounty . In
#:    ..."), with the condition of rule 2 on the word when no closer follows;
#: 4. the mark is "." after a word of ``_PERIOD_WORD`` (runs of letters and
#:    digits joined by one of "-/.,&", one of "$\xa3\u20ac", one of each in
#:    that order, or an apostrophe before a letter; maybe led by "$", "\xa3"
#:    or "\u20ac", ended by "%", after '"', "(" or "[") that is not an
#:    abbreviation, whose last hyphenated part is not one either, that is not
#:    a single letter, and that, if a number, is not followed (no closer, no
#:    opener) by a lower-case letter ('... to do." Mr ...', "... year-on-year.
#:    The ...", "... $10.9bn. The ...", "... 47.3%. The ...", "... AT&T.
#:    Consolidation ...", "... later. 50 Cent ...").
#:
#: Why Punkt always takes them, from nltk/tokenize/punkt.py:
#:
#: - *Candidate.* The period-context regex matches at the mark: its
#:   ``after_tok`` is the first closer (each is in ``_PUNKT_NON_WORD``, the
#:   alternative tried first), or with no closer the whitespace and the next
#:   token. The context Punkt decides on is the word, the mark and that
#:   ``after_tok`` (``_match_potential_end_contexts``: the word before a
#:   candidate reaches back to the last ``string.whitespace``, a space or a
#:   tab in a line, and further only over candidates that it merges).
#: - *Decision.* ``text_contains_sentbreak`` is true when a sentence-break
#:   token is followed by another token; the token of the mark is always one
#:   and always has a follower (the closer, or the next word). "?" and "!"
#:   are non-word characters: always a token of their own, a break in the
#:   first pass that the second pass (which only revisits period-final
#:   tokens) keeps. A "." after a space, a tab, '"', ")", "]" or "}" (these
#:   cannot start a word) is a token alone; after "'", "\u2019", "\u201d" or
#:   "\xbb" it makes one with that closer ("'."): either way not an
#:   abbreviation, initial, number or ellipsis, so a break that stays. A "."
#:   after a word of rule 4 makes one token with exactly its letters and
#:   digits (the openers before them are tokens of their own, and none of its
#:   characters ends a token): a break unless an abbreviation (the first pass
#:   checks the token and its last hyphenated part); the second pass could
#:   undo it only for an initial (left out) or a number, and for a number
#:   only before a lower-case or a punctuation (";:,.!?") token, which a
#:   closer or an opener is not.
#: - *Start.* With closers, Punkt's slice ends at the mark and the next one
#:   starts with the closers and the whitespace, which
#:   ``_realign_boundaries`` moves into the sentence: the next starts right
#:   after the whitespace. With none, the next starts at the next token,
#:   which realignment leaves alone (openers, then a letter or digit: no run
#:   of closers followed by whitespace, "--" or the end).
#: - *Independence.* Punkt drops a candidate when no space or tab separates it
#:   from the next one (their contexts merge); the space or tab after the mark
#:   keeps the candidates before and after the cut apart, so both pieces are
#:   decided as in the whole. In the piece before the cut the mark's
#:   candidate is the same (with closers), or is gone (without: no next
#:   token), the piece's last slice then ending at the mark just the same; a
#:   candidate inside the word would then no longer be dropped by the mark,
#:   hence the condition of rules 2 and 3 (a "." inside a word of rule 4 is
#:   followed by a letter, a digit or "$\xa3\u20ac": never a candidate).
#:
#: The corrections of ``_keeps_boundary`` still apply: an end before a
#: lower-case letter is not a plain end.
_END_TAIL: Final = re.compile(
    rf"[.?!]({_PUNKT_CLOSERS}*)(\s+)(?=([\"\u201c'\u2018(\[]*)([^\W_]))"
)
#: ``_END_TAIL`` in two parts, for speed (a search led by a literal is a few
#: times faster than one led by a class): the period's...
_END_TAIL_PERIOD: Final = re.compile(r"\." + _END_TAIL.pattern.removeprefix("[.?!]"))
#: ... and those of "?" and "!", searched only in a line that holds one.
_END_TAIL_QUERY: Final = re.compile("[?!]" + _END_TAIL.pattern.removeprefix("[.?!]"))
#: The word before a mark, read in the reversed line from just before it: at
#: most 62 characters, back to a space, a tab or the line start.
_WORD_REVERSED: Final = re.compile(r"[^ \t]{0,62}(?![^ \t])")
#: A mark in a word that could be a Punkt candidate (not before a letter or digit).
_WORD_CANDIDATE: Final = re.compile(r"[.?!\u2026](?![^\W_])")
#: Rule 4's word (group 1: without the openers); possessive, no backtracking.
_PERIOD_WORD: Final = re.compile(
    r"[\"(\[]*+([$\xa3\u20ac]?+[^\W_]++"
    r"(?:(?:[-/.,&]?+[$\xa3\u20ac]?+|['\u2019](?=[^\W\d_]))[^\W_]++)*+%?+)"
)
#: A word that Punkt's tokens take for a number (``_RE_NUMERIC``, without the period).
_NUMBER: Final = re.compile(r"[.,]?\d[\d,.-]*")



#: A Punkt candidate that could split a piece: any candidate (``_PUNKT_CANDIDATE``)
#: except one followed by closing characters up to the piece's end ('... he said."'),
#: where Punkt's realignment removes any boundary it finds. A piece (searched
#: with ``pos``/``endpos``) without one is a single sentence: Punkt is not asked.
#: One lookahead per position, each a single character class: linear time.
_PUNKT_SPLIT_CANDIDATE: Final = re.compile(
    rf"{_PUNKT_SENT_END}(?={_PUNKT_NON_WORD}|\s+\S)(?!{_PUNKT_CLOSERS}+\s*\Z)"
)
#: Whether the shortcuts are taken: pieces without a ``_PUNKT_SPLIT_CANDIDATE``
#: skip Punkt, and lines are also cut at ``_PLAIN_END_MORE`` and ``_END_TAIL``.
#: Tests turn it off to compare with cutting at ``_PLAIN_END`` only and asking
#: Punkt for the rest.
_SKIP_PUNKT: bool = True


def _piece_starts(tokenizer: PunktSentenceTokenizer, line: str, a: int, b: int) -> list[int]:
    """Offsets in ``line`` where Punkt starts a sentence inside ``line[a:b]`` (never ``a``)."""
    if _SKIP_PUNKT and b - a <= _WINDOW and _PUNKT_SPLIT_CANDIDATE.search(line, a, b) is None:
        return []
    if a == 0 and b == len(line):
        return _punkt_starts(tokenizer, line)
    return [a + s for s in _punkt_starts(tokenizer, line[a:b])]


def _line_starts(tokenizer: PunktSentenceTokenizer, line: str) -> tuple[list[int], list[int]]:
    """Sentence starts in ``line`` (never 0), and those among them that are plain ends."""
    n = len(line)
    if not _SKIP_PUNKT or n > _WINDOW:
        return _plain_line_starts(tokenizer, line)
    abbreviations = _abbreviations()
    starts: list[int] = []
    plain: list[int] = []
    piece = 0
    # The ends of ``_END_TAIL`` in order: the period's, then, in a line with a
    # "?" or "!", theirs merged in (no match can hold another's mark).
    ends: Iterable[re.Match[str]] = _END_TAIL_PERIOD.finditer(line)
    others = "?" in line or "!" in line
    if others:
        ends = sorted([*ends, *_END_TAIL_QUERY.finditer(line)], key=re.Match.start)
    # A piece whose only mark is the period that ends it (then closers and
    # whitespace up to the piece's end) holds no ``_PUNKT_SPLIT_CANDIDATE``:
    # that is checked with ``str.find``, faster than the pattern, except in a
    # line that holds a "?", "!" or "\u2026" (rare), where the pattern decides.
    others = others or "\u2026" in line
    reverse = line[::-1]
    for m in ends:
        closers, space, openers, first = m.groups()
        p = m.start()
        if closers or line[p] != "." or not "A" <= first <= "Z":
            if not _more_end(line, reverse, p, closers, space, openers, first, abbreviations):
                continue
            kept = not first.islower()
        else:
            # _PLAIN_END(_MORE) first; where its word is found, rule 4 would
            # take nothing more (the same token tests, stricter spaces)
            word = _PLAIN_END_WORD_REVERSED.match(reverse, n - p)
            if word is None:
                if not _more_end(line, reverse, p, closers, space, openers, first, abbreviations):
                    continue
            elif not _plain_end(line, word, p, space, openers, abbreviations):
                continue
            kept = True
        b = m.end()
        if others or line.find(".", piece, p) >= 0:
            starts += _piece_starts(tokenizer, line, piece, b)
        starts.append(b)
        if kept:
            plain.append(b)
        piece = b
    end = len(line.rstrip(_CLOSERS)) - 1  # the line's last mark, if it ends with one
    if others or line.find(".", piece, end if end >= piece and line[end] == "." else n) >= 0:
        starts += _piece_starts(tokenizer, line, piece, n)
    return starts, plain


def _plain_line_starts(tokenizer: PunktSentenceTokenizer, line: str) -> tuple[list[int], list[int]]:
    """``_line_starts`` cutting at ``_PLAIN_END`` and ``_PLAIN_END_MORE`` only:
    with the shortcuts off (``_PLAIN_END`` only), or in a line too long for
    the rest (``_END_TAIL``)."""
    abbreviations = _abbreviations()
    starts: list[int] = []
    plain: list[int] = []
    piece = 0
    # The matches of ``_PLAIN_END`` and ``_PLAIN_END_MORE``, found faster: a
    # period, whitespace and a capital first (a literal-led search), then the
    # word before the period, read forwards in the reversed line (each word
    # once: time stays linear).
    reverse = line[::-1]
    n = len(line)
    for m in _PLAIN_END_TAIL.finditer(line):
        p = m.start()
        word = _PLAIN_END_WORD_REVERSED.match(reverse, n - p)
        space, openers = m.groups()
        if word is None or not _plain_end(line, word, p, space, openers, abbreviations):
            continue
        b = m.end()
        starts += _piece_starts(tokenizer, line, piece, b)
        starts.append(b)
        plain.append(b)
        piece = b
    starts += _piece_starts(tokenizer, line, piece, n)
    return starts, plain


def _plain_end(
    line: str,
    word: re.Match[str],
    p: int,
    space: str,
    openers: str,
    abbreviations: frozenset[str],
) -> bool:
    """Whether the period at ``p`` (after ``word``, a match of
    ``_PLAIN_END_WORD_REVERSED``; then ``space``, ``openers`` and a capital)
    ends a match of ``_PLAIN_END`` or ``_PLAIN_END_MORE``."""
    start = len(line) - word.end()
    if (word.group(1) is None or openers) and (  # a number, or openers: _PLAIN_END_MORE
        not _SKIP_PUNKT
        or (" " not in space and "\t" not in space)
        or (start and line[start - 1] not in " \t")
    ):
        return False
    return line[start:p].lower() not in abbreviations


def _more_end(
    line: str,
    reverse: str,
    p: int,
    closers: str,
    space: str,
    openers: str,
    first: str,
    abbreviations: frozenset[str],
) -> bool:
    """Whether the mark at ``p`` (a match of ``_END_TAIL``: then ``closers``,
    ``space``, ``openers`` and the letter or digit ``first``) is an end of
    rules 1-4 of ``_END_TAIL``."""
    mark = line[p]
    if " " not in space and "\t" not in space:
        return False
    run = _WORD_REVERSED.match(reverse, len(line) - p)
    if run is None:
        return False
    size = run.end() - run.start()
    if size + 1 + len(closers) >= _MAX_RUN:
        return False
    word = line[p - size : p]
    if mark != "." or not word or word[-1] in _CLOSERS:  # rules 1-3
        return bool(closers) or _WORD_CANDIDATE.search(word) is None
    core = _PERIOD_WORD.fullmatch(word)  # rule 4
    if core is None:
        return False
    token = core.group(1)
    if len(token) == 1 and not token.isdecimal():  # an initial ("J."), or "\xb2."
        return False
    if not (closers or openers) and first.islower() and _NUMBER.fullmatch(token):
        return False
    token = token.lower()
    return token not in abbreviations and token.rsplit("-", 1)[-1] not in abbreviations


def _sentence_starts(tokenizer: PunktSentenceTokenizer, line: str) -> list[int]:
    """Offsets in ``line`` where a new sentence starts, by Punkt (never 0).

    The line is first cut at plain sentence ends (``_PLAIN_END``,
    ``_PLAIN_END_MORE``), which Punkt would take anyway; Punkt then only looks
    at the pieces between them, and only at those it could split
    (``_PUNKT_SPLIT_CANDIDATE``).
    """
    return _line_starts(tokenizer, line)[0]
