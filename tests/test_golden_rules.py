"""pySBD's 48 English golden rules, and the corrections they led to.

The cases are pySBD's (MIT; see ``golden_rules_en.py``). One difference is by
design: a list item's marker ("1.) ", "\u2022 9. ", "a. ") stays outside the
sentence here, so an expected sentence is compared without its marker; the
boundaries are compared exactly.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tonesplit._segment._fixes import item_marker
from tonesplit.segment import segment

from .golden_rules_en import GOLDEN_EN_RULES
from .test_segment import PIECES


def _without_marker(sentence: str) -> str:
    return sentence[item_marker(sentence) :]


def prose(text: str) -> list[str]:
    return [s.text for s in segment(text) if s.kind == "prose"]


@pytest.mark.parametrize(("text", "expected"), GOLDEN_EN_RULES)
def test_golden_rule(text, expected):
    assert prose(text) == [_without_marker(s) for s in expected]


def test_all_48_rules_are_here():
    assert len(GOLDEN_EN_RULES) == 48


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a time ends a sentence before a capital, unless it only opens one
        ("The shops shut at 6 p.m. Nobody came.", ["The shops shut at 6 p.m.", "Nobody came."]),
        ("At 6 p.m. Nobody came.", ["At 6 p.m. Nobody came."]),
        ("The shops shut at 6 p.m. Monday to Friday.", ["The shops shut at 6 p.m. Monday to Friday."]),
        ("The shops shut at 6 p.m. and reopened.", ["The shops shut at 6 p.m. and reopened."]),
        # the pronoun "I", not a regnal number
        ("Nobody but I. Who else?", ["Nobody but I.", "Who else?"]),
        ("King George I. Was he?", ["King George I. Was he?"]),
        # page numbers
        ("See pp. 12-14 for details.", ["See pp. 12-14 for details."]),
        # a sentence wholly in brackets, closed after an abbreviation
        ("(It was sold to Acme Corp.) Staff left.", ["(It was sold to Acme Corp.)", "Staff left."]),
        ("It was sold to (Acme Corp.) Staff left.", ["It was sold to (Acme Corp.) Staff left."]),
        # spaced ellipses: three never end a sentence
        ("He paused . . . Then he went on.", ["He paused . . . Then he went on."]),
        # inline lists need markers in order
        ("1) milk 2) bread 3) eggs", ["milk", "bread", "eggs"]),
        ("1) nothing 3) at all.", ["nothing 3) at all."]),
        ("It costs 1) nothing 2) at all.", ["It costs 1) nothing 2) at all."]),
    ],
)
def test_corrections(text, expected):
    assert prose(text) == expected


any_text = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(st.sampled_from([*PIECES, " . ", ". . .", "1) ", "a. ", "\u2043"]),
                       st.text(max_size=4)), max_size=80).map("".join),
)


@settings(max_examples=400, deadline=None)
@given(any_text)
def test_no_prose_sentence_is_punctuation_only(text):
    for s in segment(text):
        if s.kind == "prose":
            assert any(c.isalnum() for c in s.text), s
