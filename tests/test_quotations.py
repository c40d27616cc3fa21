"""Quotation state across sentences and paragraphs, and the attribution it takes."""

from __future__ import annotations

import pytest

import tonesplit
from tonesplit._attribution import attribution_sources
from tonesplit._segment import segment_spans
from tonesplit._segment._quotes import quotations

from .quotation_cases import QUOTATION_CASES


def quoted_flags(text: str) -> list[bool]:
    spans = segment_spans(text)
    q, _ = quotations(text, spans)
    return [f for f, s in zip(q, spans) if s[3] == "prose"]


@pytest.mark.parametrize(("name", "text", "expected"), QUOTATION_CASES, ids=[c[0] for c in QUOTATION_CASES])
def test_quoted_state(name, text, expected):
    assert quoted_flags(text) == [q for q, _ in expected]


@pytest.mark.parametrize(("name", "text", "expected"), QUOTATION_CASES, ids=[c[0] for c in QUOTATION_CASES])
def test_sentence_carries_quoted(name, text, expected):
    prose = [s for s in tonesplit.split(text) if s.label != "other"]
    assert [s.quoted for s in prose] == [q for q, _ in expected]


def test_quoted_sentences_take_their_attribution():
    text = QUOTATION_CASES[0][1]
    out = tonesplit.split(text)
    assert [s.label for s in out] == ["factual"] * 3
    # capped by the attribution's probability
    assert out[1].p_reflective <= out[0].p_reflective
    assert out[2].p_reflective <= out[0].p_reflective


def test_a_quotation_ends_with_its_paragraph_unless_reopened():
    text = '"It is a scandal.\nThe council met on Monday.'
    assert quoted_flags(text) == [True, False]


def test_a_non_prose_line_ends_a_quotation():
    text = 'It began. "We will fight.\nPhoto: AP\nThe vote was held.'
    assert quoted_flags(text) == [False, True, False]


def test_attribution_needs_a_verb():
    spans = [('"A disaster," the mayor.', 0, 24, "prose"), ('"It is."', 25, 33, "prose")]
    assert attribution_sources(spans, [False, True], [0, 1]) == [-1, -1]


def test_without_quotes_nothing_is_quoted():
    assert quoted_flags("It rained. Nobody came. What a shame.") == [False, False, False]
