"""`quotations` jumps from quote mark to quote mark; the definition reads every
character. The two must agree on every text (hand cases, random texts rich in
marks, every shared corpus)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tonesplit._segment import segment_spans
from tonesplit._segment._quotes import _CLOSE_OF, _MARKS, _closes, _opens, quotations

from .conftest import DATA_HOME, needs_data
from .quotation_cases import QUOTATION_CASES


def quotations_by_character(text, spans):
    """The definition: the state machine read one character at a time."""
    n = len(spans)
    quoted, number = [False] * n, [-1] * n
    open_mark, current, count, prev_end = None, -1, 0, 0
    for k, (sentence, start, end, kind) in enumerate(spans):
        if kind != "prose":
            open_mark, prev_end = None, end
            continue
        first = sentence[0]
        between = text[prev_end:start]
        new_paragraph = any(c in between for c in "\n\r\x85\u2028\u2029\x0b\x0c")
        if open_mark is not None and new_paragraph:
            if first == open_mark or (first in _CLOSE_OF and _CLOSE_OF[first] == _CLOSE_OF[open_mark]):
                sentence = " " + sentence[1:]
            else:
                open_mark = None
        inside_at_start = open_mark is not None
        opened_here = not inside_at_start and first in _CLOSE_OF and _opens(sentence, 0)
        touched = inside_at_start
        words_outside = False
        for i, c in enumerate(sentence):
            if c in _MARKS:
                if open_mark is not None:
                    if _closes(sentence, i, open_mark):
                        open_mark = None
                elif c in _CLOSE_OF and _opens(sentence, i):
                    open_mark, current, count, touched = c, count, count + 1, True
            elif open_mark is None and c.isalnum():
                words_outside = True
        if touched:
            number[k] = current
        quoted[k] = (inside_at_start or opened_here) and not words_outside
        prev_end = end
    return quoted, number


def _agree(text):
    spans = segment_spans(text)
    assert quotations(text, spans) == quotations_by_character(text, spans), text


@pytest.mark.parametrize("case", QUOTATION_CASES, ids=[c[0] for c in QUOTATION_CASES])
def test_hand_cases(case):
    _agree(case[1])


_LEAD = "The council met on Monday to vote. "
#: Texts where a shortcut could go wrong: an underscore outside a quotation (a
#: word character, not a letter), a mark after the last word, none at all.
_EDGES = [
    _LEAD + "\u201cIt rained all day long in the town\u201d __. The vote passed.",
    _LEAD + "\u201cIt rained all day long in the town\u201d, she said. The vote passed.",
    _LEAD + "\u201cIt rained all day long\n\u201cin the town. The vote passed.",
    _LEAD + "It rained all day long in the town\u2019. The vote passed.",
    _LEAD + "The runners\u2019 shoes were wet. 'Wet' is ‘the word’ they used.",
    _LEAD + "Nobody knew.",
]


@pytest.mark.parametrize("text", _EDGES)
def test_edge_texts(text):
    _agree(text)


# Marks of every kind, apostrophes in words, letters and digits of other
# scripts, the underscore (a \w that is not alphanumeric), breaks of every kind.
_PIECES = st.sampled_from(["\u201c", "\u201d", "\u2018", "\u2019", '"', "'", " ", ". ", "\n",
                           "\n\n", "\u2028", "\r\n", "said", "don't", "A", "b", "7", "_",
                           "é", "٣", "ß", "—", "?", "! ", ", he said.", "It rained.", _LEAD])


@settings(max_examples=400, deadline=None, database=None)
@given(st.lists(_PIECES, min_size=1, max_size=40).map("".join))
def test_random_texts(text):
    _agree(text)


@needs_data
def test_every_bbc_article():
    from tonesplit import datasets

    for article in datasets.load_bbc(data_home=DATA_HOME):
        _agree(article.text)
