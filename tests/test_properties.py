"""Properties of `split`, `segment` and `facts` over generated text (hypothesis).

For any valid string (any ``str`` without a lone surrogate): nothing raises,
sentences are in order, do not overlap, ``text[start:end] == sentence.text``,
together they hold every non-whitespace character exactly once, labels are
valid and probabilities are in [0, 1] (``None`` for ``other``).
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tonesplit
from tonesplit._segment._fixes import item_marker
from tonesplit.api import label_documents
from tonesplit.sentence import LABELS

SETTINGS = settings(max_examples=200, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

WORDS = [
    "the", "council", "said", "it", "rained", "perhaps", "we", "never", "learn", "bridge",
    "Officials", "Ms.", "Mr.", "Dr.", "St.", "U.S.", "U.K.", "e.g.", "i.e.", "etc.", "No.",
    "Jan.", "a.m.", "p.m.", "vs.", "Inc.", "3.5", "1,000", "52", "2024", "$3m", "€12", "50%",
    "Macron", "Putin", "Kyiv", "O'Brien", "well-being", "naïve", "São", "Zürich", "東京",
    "مرحبا", "שלום", "😀", "👩‍👩‍👧", "x\u0301", "<b>", "</p>", "&amp;", "http://x.y/z?a=1",
    "@user", "#tag", "...", "…", "--", "—",
]
PUNCT = [".", "!", "?", "...", "…", ",", ";", ":", "—", "-", '"', "“", "”", "'", "’", "(",
         ")", "?!", "!!", ".\"", ".”", ".)", "?”", "。", "！", "？", "•", "*", "|"]
SPACE = [" ", "  ", "\n", "\n\n", "\t", "\r\n", "\r", "\u00a0", "\u2028", "\u2029", "\x0b",
         "\x0c", "\x1c", "\x85", "\u3000", " \n ", "\n\n\n"]
LINES = ["Sources: Reuters, AP", "By Jane Doe", "Read more:", "https://example.com/a/b",
         "12:30 GMT", "# Heading", "* a bullet", "Photo: Getty Images", "Tags: politics",
         "AI Image Disclaimer: graphics are AI-generated.", "LONDON (Reuters) -", "---",
         "📰 Sources Republika Euronews"]

valid_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=300)
sentence = st.builds(
    lambda words, end: " ".join(words) + end,
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=14),
    st.sampled_from([".", "!", "?", "...", ".”", "?!", "", "。"]),
)
piece = st.one_of(
    sentence, sentence, sentence,
    st.sampled_from(SPACE), st.sampled_from(PUNCT), st.sampled_from(LINES),
    st.sampled_from(WORDS),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=6),
    st.text(st.characters(codec="ascii"), max_size=6),
)
article = st.lists(piece, max_size=40).map("".join)
any_text = st.one_of(article, article, valid_text)


def check_spans(text, spans):
    prev = 0
    for s in spans:
        assert prev <= s.start < s.end <= len(text), (prev, s)
        assert text[s.start:s.end] == s.text
        gap = text[prev:s.start]
        # only whitespace is left out, or a list item's marker ("1. ", "- ")
        at = prev + len(gap) - len(gap.lstrip())
        assert gap.isspace() or gap == "" or item_marker(text, at) == s.start - at, (
            f"left out: {gap!r}"
        )
        prev = s.end
    rest = text[prev:]
    assert rest == "" or rest.isspace(), f"left out at the end: {rest!r}"


@pytest.fixture(scope="module", autouse=True)
def model():
    return tonesplit.load_model()


@SETTINGS
@given(any_text)
def test_split_invariants(text):
    out = tonesplit.split(text)
    check_spans(text, out)
    for s in out:
        assert s.label in LABELS
        if s.label == "other":
            assert s.p_reflective is None
        else:
            assert isinstance(s.p_reflective, float) and 0.0 <= s.p_reflective <= 1.0
    if not text.strip():
        assert out == []


@SETTINGS
@given(any_text)
def test_segment_invariants(text):
    out = tonesplit.segment(text)
    check_spans(text, out)
    assert all(s.kind in ("prose", "other") for s in out)
    assert all(not s.text[0].isspace() and not s.text[-1].isspace() for s in out)


@SETTINGS
@given(any_text)
def test_split_is_pure(text):
    assert tonesplit.split(text) == tonesplit.split(text)


@SETTINGS
@given(any_text)
def test_facts_are_the_factual_sentences(text):
    tokens = [t for s in tonesplit.split(text) if s.label == "factual" for t in s.text.split()]
    assert tonesplit.facts(text).split() == tokens


@SETTINGS
@given(any_text, st.lists(article, max_size=3), st.integers(0, 3))
def test_a_document_does_not_depend_on_its_batch(text, others, position):
    alone = tonesplit.split(text)
    batch = others[:position] + [text] + others[position:]
    together = label_documents(batch)[min(position, len(others))]
    assert [(s.start, s.end, s.label) for s in together] == [(s.start, s.end, s.label)
                                                             for s in alone]
    for a, b in zip(alone, together):
        assert a.p_reflective == pytest.approx(b.p_reflective, abs=1e-12) \
            if a.p_reflective is not None else b.p_reflective is None


@SETTINGS
@given(any_text, st.integers(0, 300), st.sampled_from(["\ud800", "\udfff", "\udc80"]))
def test_a_lone_surrogate_is_always_a_value_error(text, at, surrogate):
    bad = text[:at] + surrogate + text[at:]
    for fn in (tonesplit.split, tonesplit.facts, tonesplit.segment, tonesplit.label):
        with pytest.raises(ValueError, match="surrogate"):
            fn(bad)


@SETTINGS
@given(article.filter(lambda t: t.strip()))
def test_label_offsets_are_exact(text):
    s = tonesplit.label(text)
    assert text[s.start:s.end] == s.text == text.strip()
    assert s.label in ("factual", "reflective") and 0.0 <= s.p_reflective <= 1.0
