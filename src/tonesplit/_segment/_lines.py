"""Lines, and the rules that make a line non-prose (``kind="other"``)."""

from __future__ import annotations

import re
from typing import Final

from ._fixes import item_marker

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


#: A list item or lead-in is prose when it has at least this many words...
_CLAUSE_WORDS: Final = 3
#: ... and is not in Title Case (a list of names or sources: "BBC News, 2 March").
_TITLE_CASE: Final = re.compile(rf"{_TITLE_WORD}(?:\s+{_TITLE_WORD})*")


def _is_clause(text: str) -> bool:
    """Whether a list item's body or a lead-in reads as a clause, not a label."""
    return len(text.split()) >= _CLAUSE_WORDS and _TITLE_CASE.fullmatch(text) is None


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
    body = line[item_marker(line) :]
    if (len(body) < len(line) or line[-1] == ":") and _is_clause(body.rstrip(":")):
        return None  # a list item or a lead-in ("The main measures were:") that reads as prose
    m = _ANY_UNPUNCTUATED_OTHER.fullmatch(line)
    return None if m is None else _UNPUNCTUATED_OTHER_NAMES[m.lastindex]
