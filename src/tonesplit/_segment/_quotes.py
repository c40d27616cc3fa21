"""Quotation state across sentences and paragraphs.

A quotation may open in one sentence and close several sentences, or
paragraphs, later; news style reopens it at each new paragraph without closing
the last one ('"It is shameful.\\n"Nobody should be proud," he said.'). Each
prose sentence is given

- ``quoted``: it lies inside one quotation from its first word to its last
  (it opens inside one or with its opening mark, and the quotation is still
  open at its end or closes there): someone else's words, with no
  attribution of its own;
- a quotation number (``-1``: none), shared by every sentence the quotation
  touches, the one that opens it and the one that closes it included: where
  its attribution ("..., said the mayor.") is found.

Marks: curly double and single quotes, straight double quotes, and straight
single quotes that open before a letter after a space (not apostrophes:
"don't", "one\u2019s", "the runners\u2019 shoes"). A quotation that is still
open at the end of a paragraph continues only when the next paragraph opens
with a quote mark; a non-prose line ends it.
"""

from __future__ import annotations

import re
from typing import Final

#: Opening marks and the closing mark each expects.
_CLOSE_OF: Final = {"\u201c": "\u201d", "\u2018": "\u2019", '"': '"', "'": "'"}
#: Every quote mark (a quick test before the scan).
_MARKS: Final = frozenset("\u201c\u201d\u2018\u2019\"'")
_MARK: Final = re.compile("[\u201c\u201d\u2018\u2019\"']")
#: A letter or digit (``str.isalnum``: ``\\w`` less the underscore).
_ALNUM: Final = re.compile(r"[^\W_]")
#: A line break between two sentences: they are in different paragraphs.
_BREAK: Final = re.compile("[\n\r\x85\u2028\u2029\x0b\x0c]")


def _opens(text: str, i: int) -> bool:
    """Whether the mark at ``text[i]`` can open a quotation (not an apostrophe)."""
    c = text[i]
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if c in "\u201c\u2018":
        return c == "\u201c" or not before.isalnum()
    if c == '"':
        return not before.isalnum() and not after.isspace()
    return c == "'" and not before.isalnum() and after.isalpha()


def _closes(text: str, i: int, mark: str) -> bool:
    """Whether ``text[i]`` closes a quotation opened with ``mark``."""
    c = text[i]
    if c != _CLOSE_OF[mark]:
        return False
    if c in "\u2019'":  # an apostrophe inside a word is not a closing mark
        after = text[i + 1] if i + 1 < len(text) else " "
        return not after.isalpha()
    return True


def quotations(text: str, spans: list[tuple[str, int, int, str]]) -> tuple[list[bool], list[int]]:
    """``quoted`` and the quotation number of each span of ``text`` (see the module).

    ``spans`` are `segment_spans` tuples; ``"other"`` spans are never quoted.

    >>> from tonesplit._segment import segment_spans
    >>> t = '"This is a disaster," said the mayor. "It is shameful.\\n"Nobody is proud."'
    >>> quotations(t, segment_spans(t))
    ([False, True, True], [0, 1, 1])
    """
    n = len(spans)
    quoted = [False] * n
    number = [-1] * n
    open_mark: str | None = None  # the mark of the open quotation
    current = -1  # its number
    count = 0
    prev_end = 0
    for k, (sentence, start, end, kind) in enumerate(spans):
        if kind != "prose":
            open_mark = None
            prev_end = end
            continue
        first = sentence[0]
        new_paragraph = _BREAK.search(text, prev_end, start) is not None
        if open_mark is not None and new_paragraph:
            # news style: a quotation left open goes on if the paragraph reopens it
            if first == open_mark or (first in _CLOSE_OF and _CLOSE_OF[first] == _CLOSE_OF[open_mark]):
                sentence = " " + sentence[1:]  # the reopening mark is not a new quotation
            else:
                open_mark = None
        inside_at_start = open_mark is not None
        opened_here = not inside_at_start and first in _CLOSE_OF and _opens(sentence, 0)
        touched = inside_at_start
        words_outside = False  # a letter or digit outside every quotation
        if inside_at_start or not _MARKS.isdisjoint(sentence):
            # From mark to mark (the state only changes at one), looking for a
            # letter or digit in each stretch between them that lies outside.
            after = 0
            for m in _MARK.finditer(sentence):
                i = m.start()
                if open_mark is None:
                    if not words_outside and _ALNUM.search(sentence, after, i) is not None:
                        words_outside = True
                    if sentence[i] in _CLOSE_OF and _opens(sentence, i):
                        open_mark = sentence[i]
                        current = count
                        count += 1
                        touched = True
                elif _closes(sentence, i, open_mark):
                    open_mark = None
                after = i + 1
            if open_mark is None and not words_outside:
                words_outside = _ALNUM.search(sentence, after) is not None
        if touched:
            number[k] = current
        quoted[k] = (inside_at_start or opened_here) and not words_outside
        prev_end = end
    return quoted, number
