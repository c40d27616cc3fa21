"""The labelling engine (`tonesplit._engine`) is held to the estimator it is compiled from.

``ToneClassifier.predict_proba`` (and ``context_proba``) is the definition;
the engine scores the same arrays without scikit-learn's machinery. Both
must give the same probabilities, to 1e-9, on every shared data set, for the
shipped model, the 0.1 reference model and freshly fitted ones.
"""

from __future__ import annotations

import pickle
from pathlib import Path

import numpy as np
import pytest

import tonesplit
from tests.conftest import TOY_X, TOY_Y, needs_data
from tonesplit import _engine
from tonesplit._segment import segment_spans

ROOT = Path(__file__).resolve().parents[1]
REFERENCE_MODEL = ROOT / "tests" / "data" / "reference-model-0.1.safetensors"
TOL = 1e-9


def _models():
    return {"shipped": tonesplit.load_model(), "reference-0.1": tonesplit.load_model(REFERENCE_MODEL)}


def _estimator(model, texts, groups=None):
    """The definition: predict_proba, then context_proba over articles."""
    p = model.predict_proba(texts)[:, 1]
    return p if groups is None else model.context_proba(p, groups)


def _same(model, texts, groups=None):
    want = _estimator(model, texts, groups)
    got = _engine.reflective_proba(model, texts, groups)
    assert got.shape == want.shape
    assert np.abs(got - want).max(initial=0.0) <= TOL


def _sample(texts, step):
    return list(texts)[::step]


@needs_data
@pytest.mark.parametrize("name", ["checkthat-train", "checkthat-dev", "checkthat-dev_test",
                                  "genre", "mpqa"])
def test_engine_equals_estimator_on_sentence_sets(name):
    from tonesplit import datasets

    if name.startswith("checkthat"):
        ds = datasets.load_checkthat(name.split("-", 1)[1])
        texts, groups = list(ds.texts), None
    elif name == "genre":
        ds = datasets.load_genre_sentences()
        texts = list(ds.texts)
        groups = np.unique(np.asarray(ds.groups, dtype=str), return_inverse=True)[1]
    else:
        texts, groups = _sample(datasets.load_mpqa().texts, 5), None
    for model in _models().values():
        _same(model, texts)  # one batch, sentence by sentence scores
        for i in range(0, min(len(texts), 300), 7):  # small batches: the small-batch paths
            _same(model, texts[i:i + 7])
        if groups is not None:
            _same(model, texts, groups)  # articles: the context pass


@needs_data
def test_engine_equals_estimator_on_bbc_articles():
    from tonesplit import datasets

    docs = [a.text for a in datasets.load_bbc()][::20]
    prose = [[s[0] for s in segment_spans(t) if s[3] == "prose"] for t in docs]
    prose = [p for p in prose if p]
    for model in _models().values():
        for sentences in prose:  # one article at a time, as split() scores it
            _same(model, sentences, np.zeros(len(sentences), dtype=np.int64))
        flat = [s for p in prose for s in p]  # a corpus chunk: many articles in one call
        groups = np.repeat(np.arange(len(prose)), [len(p) for p in prose])
        _same(model, flat, groups)


def test_split_scores_as_the_estimator(model, example_article):
    spans = [s for s in segment_spans(example_article) if s[3] == "prose"]
    want = _estimator(model, [s[0] for s in spans], np.zeros(len(spans), dtype=np.int64))
    got = [s for s in tonesplit.split(example_article, model=model) if s.label != "other"]
    assert [s.start for s in got] == [s[1] for s in spans]
    for s, w in zip(got, want):
        if s.quoted:  # capped by its attribution's probability
            assert s.p_reflective <= w + TOL
        else:
            assert abs(s.p_reflective - w) <= TOL


@pytest.mark.parametrize("params", [
    {"min_df": 1},
    {"min_df": 1, "cues": False},
    {"min_df": 1, "ngram_range": (1, 1)},
    {"min_df": 1, "calibrate": False, "cue_weight": 0.5, "prior": 0.3},
])
def test_engine_equals_a_freshly_fitted_model(params):
    X, y = TOY_X * 4, TOY_Y * 4
    groups = [f"a{i // 8}" for i in range(len(X))]
    clf = tonesplit.ToneClassifier(**params).fit(X, y, groups=groups)
    assert clf.context_coef_ is not None
    texts = X + ["Nothing here is known.", "", "Zebras!", "\"Quoted words, four of them,\" he said."]
    _same(clf, texts)
    codes = np.repeat(np.arange(len(texts) // 4 + 1), 4)[:len(texts)]
    _same(clf, texts, codes)
    _same(clf, texts[:5], np.zeros(5, dtype=np.int64))
    _same(clf, texts[:1], np.zeros(1, dtype=np.int64))


def test_engine_is_rebuilt_after_a_refit_and_follows_set_params():
    clf = tonesplit.ToneClassifier(min_df=1).fit(TOY_X * 3, TOY_Y * 3)
    first = clf._compiled()
    assert clf._compiled() is first  # cached
    clf.fit(TOY_X[::-1] * 2 + ["Perhaps it is fragile."], TOY_Y[::-1] * 2 + ["reflective"])
    assert clf._compiled() is not first
    _same(clf, TOY_X)
    clf.set_params(prior=0.9)  # read at call time, no recompile needed
    _same(clf, TOY_X)
    assert _engine.reflective_proba(clf, TOY_X).mean() > _engine.reflective_proba(
        clf.set_params(prior=0.1), TOY_X).mean()
    clf.set_params(threshold=1.0)
    assert {s.label for s in tonesplit.split(" ".join(TOY_X), model=clf)} == {"factual"}


def test_pickled_model_drops_and_rebuilds_its_engine(toy_model):
    toy_model._compiled()
    copy = pickle.loads(pickle.dumps(toy_model))
    assert "_compiled_cache" not in copy.__dict__
    _same(copy, TOY_X)


class _Constant:
    """A fitted classifier that is not a ToneClassifier: scored by its own predict_proba."""

    classes_ = np.array(["factual", "reflective"], dtype=object)
    threshold = 0.5

    def __init__(self, p):
        self.p, self.calls = p, 0

    def predict_proba(self, X):
        self.calls += 1
        return np.column_stack([1 - np.full(len(X), self.p), np.full(len(X), self.p)])


def test_other_classifiers_go_through_their_predict_proba():
    other = _Constant(0.75)
    labelled = tonesplit.split("Officials said 40 homes flooded. Perhaps we never learn.",
                               model=other)
    assert [s.p_reflective for s in labelled] == [0.75, 0.75]
    assert [s.label for s in labelled] == ["reflective", "reflective"]
    assert tonesplit.label("It rained.", model=_Constant(0.25)).label == "factual"
    assert other.calls == 1  # one call for the whole article


def test_a_subclass_that_scores_differently_is_not_compiled(toy_model):
    class Shifted(tonesplit.ToneClassifier):
        def predict_proba(self, X):
            return np.column_stack([np.zeros(len(X)), np.ones(len(X))])

    clf = Shifted(min_df=1).fit(TOY_X * 3, TOY_Y * 3)
    assert clf._compiled() is None
    assert {s.label for s in tonesplit.split(" ".join(TOY_X), model=clf)} == {"reflective"}


def test_compile_refuses_arrays_it_cannot_score(toy_model):
    import copy

    broken = copy.deepcopy(toy_model)
    broken.features_.bigram_codes_ = broken.features_.bigram_codes_[::-1].copy()
    with pytest.raises(ValueError, match="sorted"):
        _engine.compile_classifier(broken)
    broken = copy.deepcopy(toy_model)
    broken.features_.idf_.idf_ = np.zeros_like(broken.features_.idf_.idf_)
    with pytest.raises(ValueError, match="idf"):
        _engine.compile_classifier(broken)
    broken = copy.deepcopy(toy_model)
    broken.linear_.coef_ = broken.linear_.coef_[:, :-1]
    with pytest.raises(ValueError, match="weights"):
        _engine.compile_classifier(broken)


def test_a_wrapper_forwarding_to_a_tone_classifier_keeps_its_own_predict_proba(toy_model):
    class Halved:
        def __init__(self, inner):
            self.inner = inner

        def __getattr__(self, name):  # classes_, threshold, _compiled... of the inner model
            return getattr(self.inner, name)

        def predict_proba(self, X):
            p = self.inner.predict_proba(X)[:, 1] / 2
            return np.column_stack([1 - p, p])

    wrapped = Halved(toy_model)
    got = _engine.reflective_proba(wrapped, TOY_X)
    assert np.abs(got - toy_model.predict_proba(TOY_X)[:, 1] / 2).max() <= TOL


def test_a_sentence_scores_the_same_in_any_batch(model, example_article):
    # Bitwise: a document labelled alone, in a corpus chunk or in a worker's
    # chunk of another size gets the same numbers (label_corpus relies on it).
    texts = TOY_X + [example_article[:400], "Zebras!"]
    together = _engine.reflective_proba(model, texts)
    assert together.tolist() == [_engine.reflective_proba(model, [t])[0] for t in texts]
    articles = [TOY_X[:3], TOY_X[3:], [example_article[:300]]]
    alone = [_engine.reflective_proba(model, a, np.zeros(len(a), dtype=np.int64)) for a in articles]
    flat = [s for a in articles for s in a]
    groups = np.repeat(np.arange(len(articles)), [len(a) for a in articles])
    assert _engine.reflective_proba(model, flat, groups).tolist() == np.concatenate(alone).tolist()


def test_the_one_article_context_shortcut_equals_the_general_path():
    # `_one_article` (split's single article) must give the rows the general
    # path gives that article when it is one of several.
    rng = np.random.default_rng(0)
    for n in (1, 2, 5):
        z = rng.normal(size=n)
        alone = _engine.context_matrix(z, np.zeros(n, dtype=int))
        both = _engine.context_matrix(np.r_[z, [0.7, -0.2]], np.r_[np.zeros(n, dtype=int), [1, 1]])
        np.testing.assert_array_almost_equal(alone, both[:n], decimal=12)


def test_bigram_lookup_by_binary_search_equals_the_hash_map():
    engine = tonesplit.load_model()._compiled()
    known = engine.bigram_codes
    rng = np.random.default_rng(1)
    codes = np.concatenate([rng.choice(known, 3000), rng.integers(0, known.max() + 10, 3000)])
    assert len(codes) > _engine._SMALL_LOOKUP  # the hash map path
    by_map = engine._bigram_columns(codes)
    by_search = np.concatenate([engine._bigram_columns(part) for part in np.array_split(codes, 6)])
    assert (by_map >= 0).sum() >= 3000
    np.testing.assert_array_equal(by_map, by_search)


def test_a_batch_scored_in_blocks_equals_one_block(model, example_article, monkeypatch):
    # `_dot` cuts a huge batch into blocks of `_SCORE_CHARS` characters to bound
    # its memory; the numbers must be those of one block, to the bit.
    engine = model._compiled()
    texts = (TOY_X + [example_article[:400], "Zebras!", ""]) * 5
    whole = engine._dot_block(texts)
    monkeypatch.setattr(_engine, "_SCORE_CHARS", 150)
    blocks = []
    real = type(engine)._dot_block

    def counted(self, part):
        blocks.append(len(part))
        return real(self, part)

    monkeypatch.setattr(type(engine), "_dot_block", counted)
    assert engine._dot(texts).tolist() == whole.tolist()
    assert len(blocks) > 10 and sum(blocks) == len(texts)
