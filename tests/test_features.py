"""ToneFeatures: the tokens it sees, the cues it counts, its names."""

from __future__ import annotations

import numpy as np
import pytest

from tonesplit.features import CUE_CATEGORIES, ToneFeatures, lexicon, tokenize


def test_long_quotes_become_one_marker_and_scare_quotes_keep_words():
    toks = tokenize('"This is a complete disgrace," she said of the "reform".')
    assert toks[0] == "zzquote" and "disgrace" not in toks
    assert toks[-2:] == ["zzscare", "reform"]


def test_numbers_questions_names():
    toks = tokenize("Did Maria Lopez pay 3.5% in 2024?")
    assert toks.count("zznum") == 2 and toks[-1] == "zzquestion"
    assert toks.count("zzname") == 2  # Maria, Lopez; not the opening word


def test_every_category_has_a_lexicon():
    for cat in CUE_CATEGORIES:
        assert len(lexicon(cat)) >= 5
    with pytest.raises(ValueError, match="category"):
        lexicon("nope")


def test_cue_counts_and_attribution_interaction():
    f = ToneFeatures(min_df=1).fit(["Perhaps it is a good reminder.", "The bank said rates rose."])
    names = list(f.get_feature_names_out())
    X = f.transform(["The minister said it was a good plan.", "Perhaps."]).toarray()
    col = names.index
    assert X[0, col("cue:evaluative+speech")] > 0
    assert X[1, col("cue:hedge")] > 0 and X[1, col("cue:evaluative+speech")] == 0
    # lexicon words join the vocabulary even when training never saw them
    assert "disgrace" in names and "according to" in names


def test_batch_equals_one_by_one():
    texts = ["Perhaps it is a reminder.", "Police said 40 homes flooded.", "", "a\x1eb", "Why?"]
    f = ToneFeatures(min_df=1).fit(texts)
    whole = f.transform(texts).toarray()
    single = np.vstack([f.transform([t]).toarray() for t in texts])
    assert np.allclose(whole, single)


def test_string_instead_of_list_is_refused():
    f = ToneFeatures(min_df=1).fit(["a b", "c d"])
    with pytest.raises(ValueError, match="string object received"):
        f.transform("a b")
    with pytest.raises(ValueError, match="ngram_range"):
        ToneFeatures(ngram_range=(1, 3)).fit(["a b"])


def test_every_cue_category_has_words_for_explain():
    from tonesplit.model import _CUE_WORDS

    assert set(_CUE_WORDS) >= set(CUE_CATEGORIES)
