"""Split an article into prose sentences and non-prose lines, with exact offsets.

Segmentation works in three steps:

1. **Lines.** The text is cut at every line break (``\\n``, ``\\r\\n``, ``\\r``,
   ``\\v``, ``\\f``, ``\\x1c``-``\\x1e``, ``\\x85``, ``\\u2028``, ``\\u2029``).
   Each line is a block of its own, whether paragraphs are separated by one
   newline or by blank lines.
2. **Other lines.** A line that is not prose (source list, image credit,
   AI-image disclaimer, byline, dateline, heading, link bullet, "Read more",
   tags, a bare URL, a timestamp, a line with no letters) is found by the rule
   table ``_ALWAYS_OTHER`` / ``_UNPUNCTUATED_OTHER`` below and becomes a single
   segment of kind ``"other"``. A line that ends like a sentence (``.``, ``!``,
   ``?``, ``...``) is prose unless a rule of the first table names it.
3. **Sentences.** A prose line is split with NLTK's Punkt
   (:class:`nltk.tokenize.punkt.PunktSentenceTokenizer`), using parameters the
   project ships itself (``data/lexicons/abbreviations.txt`` and a list of
   frequent sentence starters): no NLTK data file is needed, and nothing is
   ever downloaded. Two small corrections follow: a "?" or "!" (or a closing
   quote) followed by a lower-case word continues the sentence ('"Why now?"
   she asked.'), and a list marker stays with its sentence ("1. The ...").

Every segment is stripped, segments are in order and do not overlap, and
together they hold every non-whitespace character of the text exactly once.
Time is linear in the length of the text whatever it holds: Punkt sees a
line through windows of bounded size, and very long whitespace-free runs are
masked (in a same-length copy) so that Punkt's per-boundary context stays
short.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Final, Literal

from ._validation import check_text

if TYPE_CHECKING:  # nltk is imported lazily: ``import nltk`` takes seconds
    from collections.abc import Iterable

    from nltk.tokenize.punkt import PunktSentenceTokenizer

__all__ = ["Segment", "segment"]


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


# --------------------------------------------------------------------------
# Lines
# --------------------------------------------------------------------------

#: A maximal run of characters without a line break (the breaks of str.splitlines).
_LINE: Final = re.compile(r"[^\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]+")

# --------------------------------------------------------------------------
# Non-prose lines, by rule
# --------------------------------------------------------------------------

#: Lines longer than this are never "other" unless they hold no letter at all.
_MAX_OTHER_CHARS: Final = 1000

#: The line ends like a sentence: a terminal mark, then only non-word characters
#: (closing quotes, brackets, emoji). Searched in the last few characters only.
_ENDS_LIKE_SENTENCE: Final = re.compile(r"[.!?\u2026\u3002\uff01\uff1f\u061f]\W*\Z")

#: A line with no letter at all: "***", "— — —", "2025", "🇺🇦 🇫🇷", "1/3".
#: Checked first and on lines of any length (a single character class: linear).
_NO_LETTERS: Final = re.compile(r"[\W\d_]*")

_SYM = r"[^\w\s]{0,4}\s*"  # optional leading emoji, bullet or arrow: "📰 ", "» ", "• "
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)[a-z]{0,6}\.?"
_DATE = (
    rf"(?:{_WEEKDAY},?\s+)?"
    rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?"
    r"|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4})(?:,?\s+\d{4})?"
)
_ZONE = r"(?:GMT|UTC|BST|CET|CEST|EET|EEST|MSK|EST|EDT|CST|CDT|MST|MDT|PST|PDT|IST|JST|AEST|AEDT)"
_TIME = (
    r"\d{1,2}(?:[:.h]\d{2}\s*(?:[AaPp]\.?[Mm]\.?)?|\s*[AaPp]\.?[Mm]\.?)"
    rf"(?:\s*\(?{_ZONE}(?:\s*[+-]\s*\d{{1,2}})?\)?)?"
)
_STAMP_LABEL = r"(?:(?i:(?:last\s+)?(?:updated|published|posted|modified))(?:\s+on)?\s*:?\s*)?"
_TITLE_WORD = (
    r"(?:[^\w\s]*[A-Z0-9]\S*|a|an|and|as|at|but|by|for|from|in|into|of|on|or|over|per"
    r"|the|to|vs\.?|via|with|[—–&|/-])"
)

#: Lines that are never prose, whatever they end with (each is ``fullmatch``-ed
#: against the stripped line). Name first, then the pattern.
_ALWAYS_OTHER: Final[tuple[tuple[str, re.Pattern[str]], ...]] = (
    # source lists with a label: "Sources: Reuters, AP", "Source | AFP", "Via: ..."
    ("sources", re.compile(rf"{_SYM}(?i:sources?|references?|sourced\s+from|via)\s*[:：|].*")),
    # source lists led by an emoji or symbol: "📰 Sources Republika Euronews ..."
    ("sources", re.compile(r"[^\w\s]{1,4}\s*(?i:sources?|references?)\b.*")),
    # image credits: "Image: Reuters", "Photo by Jane Doe/AP", "Photograph: AFP", "Credit: ..."
    (
        "image_credit",
        re.compile(
            rf"{_SYM}(?i:(?:file\s+|main\s+|top\s+)?(?:photo(?:graph)?s?|images?|pictures?|pics?"
            r"|illustrations?|graphics?|videos?|footage|captions?|credits?|pictured)"
            r"(?:\s+credits?)?\s*(?:[:：|©]|by\b|courtesy\b|via\b)).*"
        ),
    ),
    # a credit in brackets alone: "(Getty Images)", "(AP Photo/Jane Doe)", "[Reuters]"
    (
        "image_credit",
        re.compile(
            r"[(\[][^()\[\]]{0,80}\b(?:Images?|Photos?|Pictures?|Getty|Reuters|AFP|AP|EPA"
            r"|Shutterstock|Alamy|Unsplash|Pexels|Xinhua|Anadolu)\b[^()\[\]]{0,80}[)\]]"
        ),
    ),
    # AI-image disclaimers: "AI Image Disclaimer (Rotated) Graphics are ...", "Disclaimer: ..."
    (
        "ai_disclaimer",
        re.compile(
            rf"{_SYM}(?i:ai[\s-]*(?:generated\s+)?(?:image|graphic|illustration|photo|picture|visual)s?"
            r"\s*(?:disclaimer|notice|warning)|disclaimer\s*[:：|]).*"
        ),
    ),
    # a disclaimer without its label: "Graphics are AI-generated and intended for ...",
    # "This image is AI-generated." (not "The images were AI-generated, police said.")
    (
        "ai_disclaimer",
        re.compile(
            rf"{_SYM}(?i:(?:the\s+|this\s+|these\s+)?(?:image|graphic|illustration|photo|picture"
            r"|visual)s?\s+(?:is|are|was|were|has\s+been|have\s+been)\s+(?:ai|artificially)"
            r"[\s-]*generated(?:\s+(?:and|for|to|by|with|using)\b.*|\W*))"
        ),
    ),
    # navigation: "Read more: ...", "Related: ...", "See also - ...", "Also read | ..."
    (
        "navigation",
        re.compile(
            rf"{_SYM}(?i:read\s+more|read\s+also|also\s+read|related(?:\s+(?:stories|articles"
            r"|coverage|content|reading|links?|news))?|see\s+also|more\s+on\s+this(?:\s+story)?"
            r"|recommended(?:\s+reading)?|further\s+reading|watch|listen|click\s+here"
            r"|continue\s+reading|share\s+this(?:\s+article)?)\s*[:：|»›>–—-].*"
        ),
    ),
    # tag lines: "Tags: Ukraine, Russia", "Topics: ...", "Filed under: ..."
    (
        "tags",
        re.compile(
            rf"{_SYM}(?i:tags?|tagged|topics?|filed\s+under|categor(?:y|ies)|keywords?)\s*[:：|].*"
        ),
    ),
    # hashtags only: "#Ukraine #Macron #diplomacy"
    ("tags", re.compile(r"(?:#[^\s#,;]+[\s,;]*)+")),
    # a URL alone: "https://example.org/story", "<www.example.org>"
    ("url", re.compile(rf"{_SYM}<?(?:https?://|www\.)\S+")),
    # a bullet holding a link: "- [Title](https://...)", "• Macron speaks https://..."
    ("link_bullet", re.compile(r"[-*•·▪‣◦►▶→>+]\s*.*(?:https?://|www\.|\]\().*")),
    # a markdown link alone: "[Macron ready to talk](https://example.org/a)"
    ("link_bullet", re.compile(r"\[[^\]]{0,300}\]\([^)\s]{0,500}\)")),
    # copyright lines: "© 2025 Example Media", "Copyright 2025 ..."
    ("copyright", re.compile(rf"{_SYM}(?:©|\([cC]\)|(?i:copyright\b|all\s+rights\s+reserved)).*")),
    # live-blog timestamps and dates alone: "14:05 GMT", "Updated 9.30am", "3 March 2025, 14:05 GMT"
    (
        "timestamp",
        re.compile(
            rf"{_STAMP_LABEL}(?:(?:{_DATE}(?:\s*(?:,|at|-|–|—|\|)\s*|\s+))?{_TIME}"
            rf"(?:\s*(?:,|-|–|—|\||on)?\s*{_DATE})?|{_DATE})"
        ),
    ),
    # ALL CAPS short lines: "BREAKING NEWS", "WASHINGTON —", "LIVE UPDATES!"
    ("all_caps", re.compile(r"(?=[^a-z]*[A-Z]{2})[^a-z]{2,120}")),
)

#: Lines that are not prose when they do not end like a sentence (no final
#: ``.``, ``!``, ``?``, ``...``). A genuine sentence ending in a period never
#: reaches this table, however short it is.
_UNPUNCTUATED_OTHER: Final[tuple[tuple[str, re.Pattern[str]], ...]] = (
    # source lists without a mark: "Sources Republika Euronews The Istanbul Post"
    ("sources", re.compile(r"(?i:sources?|references?)\s+\S.*")),
    # bylines: "By Jane Doe", "By Jane Doe, Political Editor", "BY JANE DOE and JOHN ROE | Reuters"
    (
        "byline",
        re.compile(
            r"(?i:by)\s+[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,4}"
            r"(?:\s*(?:,|and|&|\||/|—|–|-)\s*.{0,100})?"
        ),
    ),
    # a dateline alone: "KYIV, Ukraine (Reuters) —", "PARIS, March 3 —"
    (
        "dateline",
        re.compile(
            r"[A-Z][A-Z'’.\-]+(?:\s+[A-Z][A-Z'’.\-]+){0,3}(?:,\s*[\w'’.\- ]{1,40}?)?"
            r"(?:\s*\([^()]{1,30}\))?\s*[—–:-]*"
        ),
    ),
    # AI-image captions: "AI-generated image", "(AI-generated illustration)"
    (
        "ai_disclaimer",
        re.compile(
            rf"{_SYM}\(?(?i:ai[\s-]*generated\s+(?:image|graphic|illustration|photo|picture"
            r"|visual)s?)\b.*"
        ),
    ),
    # Title Case headings up to 24 words: "Macron Ready to Talk With Putin", "Gov. Ross Signs Bill"
    ("heading", re.compile(rf"{_TITLE_WORD}(?:\s+{_TITLE_WORD}){{0,23}}")),
    # sentence-case headlines and labels up to 16 words with no sentence break
    # inside: "Macron says talks with Putin are being prepared", "Advertisement"
    ("heading", re.compile(r"(?!.*[a-z]{2}[.!?]\s)(?:\S+\s+){0,15}\S+")),
)


def _any_of(table: tuple[tuple[str, re.Pattern[str]], ...]) -> tuple[re.Pattern[str], dict]:
    """One pattern matching what any rule of ``table`` matches, and the rule's
    name by the index of the group that matched (``Match.lastindex``).

    Alternatives are tried in order, so the group that matched is the first
    rule that matches: one search names the rule.
    """
    pattern = re.compile("|".join(f"(?P<rule{i}>{rule.pattern})"
                                  for i, (_, rule) in enumerate(table)))
    names = {pattern.groupindex[f"rule{i}"]: name for i, (name, _) in enumerate(table)}
    return pattern, names


_ANY_ALWAYS_OTHER, _ALWAYS_OTHER_NAMES = _any_of(_ALWAYS_OTHER)
_ANY_UNPUNCTUATED_OTHER, _UNPUNCTUATED_OTHER_NAMES = _any_of(_UNPUNCTUATED_OTHER)


_SENTENCE_MARKS: Final = frozenset(".!?\u2026\u3002\uff01\uff1f\u061f")


def _ends_like_sentence(line: str) -> bool:
    """``_ENDS_LIKE_SENTENCE`` on a stripped line, deciding the usual cases by
    its last character: a mark (a match), or a word character (no match)."""
    last = line[-1]
    if last in _SENTENCE_MARKS:
        return True
    if last.isalnum() or last == "_":
        return False
    return _ENDS_LIKE_SENTENCE.search(line[-32:]) is not None


def _other_rule(line: str) -> str | None:
    """Name the rule that makes a stripped ``line`` non-prose, or ``None``."""
    if _NO_LETTERS.fullmatch(line):
        return "no_letters"
    if len(line) > _MAX_OTHER_CHARS:
        return None
    m = _ANY_ALWAYS_OTHER.fullmatch(line)
    if m is not None:
        return _ALWAYS_OTHER_NAMES[m.lastindex]
    if _ends_like_sentence(line):
        return None
    m = _ANY_UNPUNCTUATED_OTHER.fullmatch(line)
    return None if m is None else _UNPUNCTUATED_OTHER_NAMES[m.lastindex]


# --------------------------------------------------------------------------
# Sentences: Punkt with the project's own parameters
# --------------------------------------------------------------------------

#: Words that often start a sentence. After an abbreviation or an initial, a
#: capitalised one of these means a new sentence ("... Acme Inc. The company").
#: Single letters are left out of the orthographic hints because they are also
#: initials ("J. A. Smith").
_SENT_STARTER_WORDS: Final = """
    the an this that these those it its he she they we you his her their our my there here
    but and or so yet however meanwhile still also then now in on at for after before when
    while as if since although though because despite during with without from under over
    by to of what why how where which some many most several both all no not none each every
    such other another according officials analysts critics experts investors residents
    police authorities prosecutors lawmakers protesters witnesses researchers scientists
    voters shares prices last earlier later today yesterday tomorrow even only instead
    indeed perhaps maybe thus therefore moreover furthermore nevertheless nonetheless yes
    asked speaking neither nor just until unless whether once
    """
_SENT_STARTERS: Final = frozenset(_SENT_STARTER_WORDS.split())
_SENT_STARTERS_WITH_LETTERS: Final = _SENT_STARTERS | {"a", "i"}

#: Punkt sees a prose line through windows of at most this many characters...
_WINDOW: Final = 16_384
#: ... and trusts a boundary only if it lies this far from the window's end
#: (so that the words Punkt looks at around it were all inside the window).
_MARGIN: Final = 256
#: Whitespace-free runs longer than this are masked before Punkt sees them.
_MAX_RUN: Final = 64
#: How many real characters of a masked run are kept at each end.
_RUN_KEEP: Final = 8

_LONG_RUN: Final = re.compile(rf"(?<!\S)\S{{{_MAX_RUN},}}")
_SPACE_RUN: Final = re.compile(r"\s+")

#: Before a boundary that Punkt found: a "?", "!" or ellipsis (with any closing
#: quotes), or a period followed by a closing quote or bracket.
_SOFT_END: Final = re.compile(r"(?:[?!\u2026][\"'’”»)\]]*|\.[\"'’”»)\]]+)\s*\Z")
#: Before a boundary that Punkt found: a dotted initialism ("N.A.T.O.", "U.S.A.").
_DOTTED_END: Final = re.compile(r"(?<![\w.])(?:[^\W\d_]\.){2,}\s*\Z")
#: After a boundary: the first word character (skipping opening punctuation).
_FIRST_WORD_CHAR: Final = re.compile(r"[^\w\s]{0,3}(\w)")
#: A list marker alone at the start of a line: "1.", "(a)", "iv)", "B."
_LIST_MARKER: Final = re.compile(r"[(\[]?(?:\d{1,3}|[A-Za-z]|[ivxlcIVXLC]{1,5})[.)\]]")


# Punkt's language settings (used by the tokenizer built in ``_tokenizer``).
#: Characters that may end a sentence; "…" is an ellipsis like "...".
_PUNKT_SENT_END: Final = r"[.?!\u2026]"
#: Closing quotes and brackets: what Punkt's boundary realignment moves back
#: into the sentence before a boundary (then whitespace).
_CLOSERS: Final = "\"')]}\u2019\u201d\xbb"
_PUNKT_CLOSERS: Final = f"[{re.escape(_CLOSERS)}]"
#: After a candidate end: other punctuation, including closing quotes.
_PUNKT_NON_WORD: Final = r"(?:[)\";}\]\*:@\'\({\[\u2018\u2019\u201c\u201d\xab\xbb?!])"
#: Inside words: the same, except an apostrophe followed by a letter ("won't." is
#: one token, not "won", "'", and an initial "t.").
_PUNKT_NON_WORD_IN_WORDS: Final = (
    r"(?:[)\";}\]\*:@\({\[\u201c\u201d\u2018\xab\xbb?!]|['\u2019](?![^\W\d_]))"
)
#: Multi-character punctuation: dashes and ellipses.
_PUNKT_MULTI_CHAR: Final = r"(?:\-{2,}|\.{2,}|(?:\.\s){2,}\.|\u2026)"
#: Where Punkt considers a boundary (its own pattern, NLTK's ``_period_context_fmt``,
#: filled in with the settings above). A text without one is a single sentence.
_PUNKT_CANDIDATE: Final = re.compile(
    rf"{_PUNKT_SENT_END}(?=(?P<after_tok>{_PUNKT_NON_WORD}|\s+(?P<next_tok>\S+)))"
)
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


@functools.cache
def _abbreviations() -> frozenset[str]:
    """Read the project's abbreviation list (package data), once."""
    source = resources.files("tonesplit").joinpath("data", "lexicons", "abbreviations.txt")
    words = set()
    for raw in source.read_text(encoding="utf-8").splitlines():
        word = raw.strip().lower()
        if word and not word.startswith("#"):
            words.add(word.rstrip("."))
    return frozenset(words)


@functools.cache
def _tokenizer() -> PunktSentenceTokenizer:
    """Build the Punkt tokenizer once; it keeps no per-call state, so threads share it."""
    from nltk.tokenize import punkt

    class _LanguageVars(punkt.PunktLanguageVars):
        """English Punkt settings of the project's own.

        NLTK 3.10 compiles every Punkt pattern with ``nltk.redos`` (the
        ``regex`` engine under a 5 s wall-clock limit per call), which is about
        three times slower and raises ``TimeoutError`` on long input. These
        patterns are fixed and linear, and the windowing in this module bounds
        every input Punkt sees, so they are compiled with the standard ``re``.
        The settings themselves are the ``_PUNKT_*`` strings above.
        """

        __slots__ = ()
        sent_end_chars = (".", "?", "!")
        _re_sent_end_chars = _PUNKT_SENT_END
        _re_word_start = r"[^\(\"\`{\[:;&\#\*@\)}\]\-,]"
        _re_multi_char_punct = _PUNKT_MULTI_CHAR
        _re_non_word_chars = _PUNKT_NON_WORD
        re_boundary_realignment = re.compile(
            rf"{_PUNKT_CLOSERS}+?(?:\s+|(?=--)|$)", re.MULTILINE
        )
        # Compiled once, here: nothing is cached lazily on a shared instance.
        _WORD_TOKENIZER = re.compile(
            punkt.PunktLanguageVars._word_tokenize_fmt
            % {
                "NonWord": _PUNKT_NON_WORD_IN_WORDS,
                "MultiChar": _PUNKT_MULTI_CHAR,
                "WordStart": _re_word_start,
            },
            re.UNICODE | re.VERBOSE,
        )
        _PERIOD_CONTEXT = re.compile(
            punkt.PunktLanguageVars._period_context_fmt
            % {"NonWord": _PUNKT_NON_WORD, "SentEndChars": _PUNKT_SENT_END},
            re.UNICODE | re.VERBOSE,
        )

        def _word_tokenizer_re(self) -> re.Pattern[str]:
            return self._WORD_TOKENIZER

        def period_context_re(self) -> re.Pattern[str]:
            return self._PERIOD_CONTEXT

    class _Token(punkt.PunktToken):
        """Punkt's token, with standard-library patterns and "…" as an ellipsis."""

        __slots__ = ()
        _RE_ELLIPSIS = re.compile(r"(?:\.\.+|\u2026)$")
        _RE_NUMERIC = re.compile(r"^-?[\.,]?\d[\d,\.-]*\.?$")
        _RE_INITIAL = re.compile(r"[^\W\d]\.$")
        _RE_ALPHA = re.compile(r"[^\W\d]+$")

        def __init__(self, tok: str, **params: object) -> None:
            super().__init__(tok, **params)
            if tok.endswith("\u2026"):
                self.period_final = True  # type: ignore[misc]  # a slot of PunktToken

    class _OrthoContext(dict):  # type: ignore[type-arg]
        """Punkt's orthographic hints; unlike a defaultdict, a lookup never inserts,
        so sharing one tokenizer between calls and threads keeps it unchanged."""

        def __missing__(self, key: str) -> int:
            return 0

    params = punkt.PunktParameters()
    params.abbrev_types = set(_abbreviations())
    params.sent_starters = set(_SENT_STARTERS_WITH_LETTERS)
    # "seen in lower case mid-sentence, never capitalised mid-sentence": after an
    # abbreviation, initial or ellipsis, a capitalised starter begins a sentence.
    params.ortho_context = _OrthoContext(dict.fromkeys(_SENT_STARTERS, punkt._ORTHO_MID_LC))
    return punkt.PunktSentenceTokenizer(params, lang_vars=_LanguageVars(), token_cls=_Token)


def _mask_long_runs(text: str) -> str:
    """A same-length copy of ``text`` whose long whitespace-free runs are masked.

    Punkt's context around a candidate boundary is the whole word before it,
    so many candidates inside one huge word cost quadratic time. Only the
    first and last few characters of such a run matter for a decision.
    """
    if len(text) < _MAX_RUN or max(map(len, text.split()), default=0) < _MAX_RUN:
        return text
    parts = []
    last = 0
    for m in _LONG_RUN.finditer(text):
        a, b = m.span()
        parts.append(text[last : a + _RUN_KEEP])
        parts.append("x" * (b - a - 2 * _RUN_KEEP))
        last = b - _RUN_KEEP
    parts.append(text[last:])
    return "".join(parts)


def _spans(tokenizer: PunktSentenceTokenizer, text: str) -> list[int]:
    """Where Punkt starts sentences in ``text`` (first one included)."""
    if _PUNKT_CANDIDATE.search(text) is None:
        return [0]
    return [s for s, _ in tokenizer.span_tokenize(_mask_long_runs(text))]


def _punkt_starts(tokenizer: PunktSentenceTokenizer, line: str) -> list[int]:
    """Offsets in ``line`` where Punkt starts a new sentence (never 0).

    Punkt sees at most ``_WINDOW`` characters at a time; a window's boundaries
    are kept up to ``_MARGIN`` before its end and the next window starts at the
    last one kept. A window with no boundary at all (a wall of abbreviations,
    say) is cut at its last whitespace, or, with none, simply passed over.
    """
    n = len(line)
    starts: list[int] = []
    pos = 0
    while True:
        end = pos + _WINDOW
        if end >= n:
            starts.extend(pos + s for s in _spans(tokenizer, line[pos:]) if s > 0)
            return starts
        limit = end - _MARGIN
        safe = [pos + s for s in _spans(tokenizer, line[pos:end]) if 0 < s <= limit - pos]
        if safe:
            starts.extend(safe)
            pos = safe[-1]
            continue
        space = None
        for space in _SPACE_RUN.finditer(line, pos + _WINDOW // 2, limit):
            pass
        if space is not None:
            starts.append(space.end())
            pos = space.end()
        else:
            pos = limit


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


def _prose_segments(line: str, a: int, out: list[_Span]) -> None:
    """Append the sentences of the stripped prose ``line``, found at offset ``a``."""
    n = len(line)
    if _SKIP_PUNKT and n <= _WINDOW and _PUNKT_CANDIDATE.search(line) is None:
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


#: A segment as a plain tuple: ``(text, start, end, kind)``.
_Span = tuple[str, int, int, str]


def segment_spans(text: str) -> list[_Span]:
    """`segment` as plain ``(text, start, end, kind)`` tuples, for the labelling
    path: it builds its own `Sentence` values, and a `Segment` in between
    would cost as much again (``text`` is not checked here)."""
    out: list[_Span] = []
    # The lines of ``_LINE``, found by ``str.splitlines`` (the same breaks;
    # three times faster than the pattern): a line keeps its break, which
    # ``strip`` removes with the rest of the whitespace.
    end = 0
    for raw in text.splitlines(keepends=True):
        start, end = end, end + len(raw)
        line = raw.strip()
        if not line:
            continue
        a = start + (len(raw) - len(raw.lstrip()))
        if _other_rule(line) is not None:
            out.append((line, a, a + len(line), "other"))
        else:
            _prose_segments(line, a, out)
    return out
