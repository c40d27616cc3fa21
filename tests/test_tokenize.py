"""The vectorised token ids (`_tokenize.TokenIds`) against the definition.

`batch_tokens` is the tokenizer as a short regular-expression pipeline;
`TokenIds` must give exactly the ids that pipeline's tokens have, whatever
the text holds.
"""

from __future__ import annotations

import pickle
from contextlib import contextmanager
from importlib import resources

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tonesplit import _tokenize
from tonesplit._tokenize import SEP, IntMap, TokenIds, batch_tokens
from tonesplit.features import ToneFeatures
from tonesplit.segment import segment

# Everything the fast path treats specially: capitals after spaces, digits and
# the separators inside numbers, joiners (ASCII and "’"), quotes of both kinds,
# ?/!, underscores, non-ASCII letters (one that lower-cases to two characters,
# one that lower-cases to ASCII, a capital sigma), combining marks, non-ASCII
# digits and spaces, emoji and the batch separator itself.
ALPHABET = (
    "aZbY yy  \t\n09.,:?!'-’“”\"_éÉİKßΣσ\u0307٣\u00a0\u2009—…£😀\x1e"
    "The Mr U.S. 3.5 10,000 9:30 well-known don't"
)
texts = st.lists(st.text(alphabet=st.sampled_from(ALPHABET), max_size=60), max_size=8)


def _vocabulary(batch: list[str], mark: bool) -> dict[str, int]:
    """A vocabulary holding about two thirds of the batch's own tokens."""
    tokens = sorted(set(batch_tokens(batch, mark)) - {SEP})
    vocab = {t: i for i, t in enumerate(tokens) if i % 3}
    vocab["zzname"] = len(tokens)  # the markers, whether or not they occur
    vocab["zznum"] = len(tokens) + 1
    return vocab


def _reference(batch: list[str], vocab: dict[str, int], mark: bool) -> list[int]:
    lookup = {**vocab, SEP: -2}
    return [lookup.get(t, -1) for t in batch_tokens(batch, mark)]


@settings(max_examples=400, deadline=None)
@given(texts, st.booleans())
def test_fast_ids_equal_the_definition(batch, mark):
    vocab = _vocabulary(batch, mark)
    with _vectorised():
        assert TokenIds(vocab, mark)(batch).tolist() == _reference(batch, vocab, mark)
    assert TokenIds(vocab, mark)(batch).tolist() == _reference(batch, vocab, mark)


@contextmanager
def _vectorised(block_chars: int | None = None):
    """Force the vectorised path even for small batches (and small blocks)."""
    old = _tokenize._SMALL_CHARS, _tokenize._BLOCK_CHARS
    _tokenize._SMALL_CHARS = 0
    if block_chars is not None:
        _tokenize._BLOCK_CHARS = block_chars
    try:
        yield
    finally:
        _tokenize._SMALL_CHARS, _tokenize._BLOCK_CHARS = old


@settings(max_examples=100, deadline=None)
@given(texts, st.booleans())
def test_blocks_join_like_one_batch(batch, mark):
    vocab = _vocabulary(batch, mark)
    with _vectorised(block_chars=7):  # many blocks, and texts longer than a block
        got = TokenIds(vocab, mark)(batch).tolist()
    assert got == _reference(batch, vocab, mark)


def test_small_batches_take_the_regular_expressions(monkeypatch):
    ids = TokenIds({"rain": 0}, True)
    monkeypatch.setattr(TokenIds, "_slow", lambda self, texts: "regex")
    assert ids(["It rained."]) == "regex"
    assert isinstance(ids(["Rain. " * 1000]), np.ndarray)


def _genre_sentences() -> list[str]:
    folder = resources.files("tonesplit") / "data" / "genre"
    out = []
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".txt"):
            out += [s.text for s in segment(entry.read_text(encoding="utf-8"))
                    if s.kind == "prose"]
    return out


@pytest.mark.parametrize("mark", [True, False])
def test_project_corpus_with_a_fitted_vocabulary(mark):
    sentences = _genre_sentences()
    features = ToneFeatures(mark=mark).fit(sentences[::2])
    vocab = {t: i for t, i in features.unigrams_.items() if i >= 0}
    got = TokenIds(vocab, mark)(sentences)
    assert got.tolist() == _reference(sentences, vocab, mark)


@pytest.mark.parametrize("case", [
    ["ΣΟΦΟΣ said it.", "ΌΣΟΣ"],  # a capital sigma: lower-cased by context
    ["İstanbul and KELVIN"],  # lower-casing changes the number of characters
    ["", "", ""],
    [],
    ["no separator here" * 10],
])
def test_edge_cases(case):
    for mark in (True, False):
        vocab = _vocabulary(case, mark)
        with _vectorised():
            assert TokenIds(vocab, mark)(case).tolist() == _reference(case, vocab, mark)


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=st.sampled_from('ab c\n\x1e"\u201c\u201dx  y.'), max_size=80))
def test_quotes_found_like_the_pattern(text):
    assert _tokenize._mark_quotes(text) == _tokenize._QUOTE.sub(_tokenize._quote_marker, text)


@pytest.mark.parametrize("inner", [598, 599, 600, 601, 602])
def test_quotes_found_like_the_pattern_at_the_length_bound(inner):
    for text in ['"' + "a" * inner + '"', "\u201c" + "a b " * (inner // 4) + '\u201d x"',
                 'x "' + "a" * inner + '" "b"']:
        assert _tokenize._mark_quotes(text) == _tokenize._QUOTE.sub(_tokenize._quote_marker, text)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.integers(0, 2**62), st.integers(0, 10**6), max_size=200),
       st.lists(st.integers(0, 2**62), max_size=50))
def test_int_map_is_a_dict(mapping, probes):
    m = IntMap(np.array(list(mapping), dtype=np.int64),
               np.array(list(mapping.values()), dtype=np.int64))
    keys = list(mapping) + probes
    assert m.get(np.array(keys, dtype=np.int64)).tolist() == [mapping.get(k, -1) for k in keys]


def test_lookup_cache_is_not_pickled_and_comes_back():
    sentences = _genre_sentences()[:400]
    features = ToneFeatures().fit(sentences)
    before = features.transform(sentences)
    assert "_lookup_cache" in features.__dict__
    clone = pickle.loads(pickle.dumps(features))
    assert "_lookup_cache" not in clone.__dict__
    assert (clone.transform(sentences) != before).nnz == 0


def test_lookup_cache_follows_set_params():
    sentences = _genre_sentences()[:400]
    features = ToneFeatures().fit(sentences)
    features.transform(sentences)
    features.set_params(mark=False)
    got = features.transform(sentences)
    features.__dict__.pop("_lookup_cache")
    assert (features.transform(sentences) != got).nnz == 0
    assert features._lookups()[0].mark is False
