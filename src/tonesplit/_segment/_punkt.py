"""Punkt with the project's own parameters, seen through bounded windows."""

from __future__ import annotations

import functools
import re
from importlib import resources
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:  # nltk is imported lazily: ``import nltk`` takes seconds
    from nltk.tokenize.punkt import PunktSentenceTokenizer

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


@functools.cache
def _abbreviations() -> frozenset[str]:
    """Read the project's abbreviation list (package data), once."""
    source = resources.files("tonesplit") / "data" / "lexicons" / "abbreviations.txt"
    words = set()
    for raw in source.read_text(encoding="utf-8").splitlines():
        word = raw.strip().lower()
        if word and not word.startswith("#"):
            words.add(word.rstrip("."))
    return frozenset(words)


@functools.cache
def _tokenizer() -> PunktSentenceTokenizer:
    """Build the Punkt tokenizer once; it keeps no per-call state, so threads share it."""
    if TYPE_CHECKING:
        from nltk.tokenize import punkt
    else:  # Punkt alone, not the whole of NLTK (see `_nltk.punkt_module`)
        from ._nltk import punkt_module

        punkt = punkt_module()

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

    class _OrthoContext(dict[str, int]):
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
        for space in _SPACE_RUN.finditer(line, pos + _WINDOW // 2, limit):  # noqa: B007  (the last)
            pass
        if space is not None:
            starts.append(space.end())
            pos = space.end()
        else:
            pos = limit
