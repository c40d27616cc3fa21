"""The functional front door: split, label, facts on the shipped model."""

from __future__ import annotations

import pytest

import tonesplit
from tonesplit import Sentence
from tonesplit.api import label_documents


def test_split_offsets_labels_and_order(example_article):
    sents = tonesplit.split(example_article)
    assert isinstance(sents, list) and all(isinstance(s, Sentence) for s in sents)
    assert [s.start for s in sents] == sorted(s.start for s in sents)
    for s in sents:
        assert example_article[s.start:s.end] == s.text
        assert s.label in ("reflective", "factual", "other")
        assert type(s.text) is str and type(s.label) is str
        assert type(s.start) is int and type(s.end) is int
        if s.label == "other":
            assert s.p_reflective is None
        else:
            assert type(s.p_reflective) is float and 0.0 <= s.p_reflective <= 1.0


def test_documents_of_one_batch_keep_their_own_sentences(example_article):
    docs = ["", "Photo: Reuters", example_article, "   \n", "It rained. Perhaps it is a sign."]
    together = label_documents(docs)
    assert [lt.source for lt in together] == docs
    for doc, got in zip(docs, together):
        assert got == tonesplit.split(doc)
    assert [s.label for s in together[1]] == ["other"]


def test_example_article_non_prose_lines_are_other(example_article):
    by_text = {s.text: s.label for s in tonesplit.split(example_article)}
    other = [t for t, lab in by_text.items() if lab == "other"]
    assert any(t.startswith("AI Image Disclaimer") for t in other)
    assert any("Sources" in t for t in other)
    assert "When the Lights Went Out in Harlow Bay" in other


def test_facts_keeps_reporting_and_drops_musing(example_article):
    digest = tonesplit.facts(example_article)
    for fact in ("6:42 p.m. on Tuesday", "18,400 homes", "Mayor Dana Okafor",
                 "all but 37 customers"):
        assert fact in digest
    for musing in ("Some evenings arrive like a question", "Perhaps resilience is less",
                   "One cannot help wondering", "A grid is only as strong"):
        assert musing not in digest
    assert "AI Image Disclaimer" not in digest and "Sources" not in digest


def test_label_one_sentence():
    s = tonesplit.label("  The central bank raised rates by 0.25 points on Tuesday.  ")
    assert s.label == "factual"
    assert s.text == "The central bank raised rates by 0.25 points on Tuesday."
    assert (s.start, s.end) == (2, 2 + len(s.text))
    r = tonesplit.label("Surely it is a sad reminder of how fragile our hopes have always been.")
    assert r.label == "reflective" and r.p_reflective > 0.5


def test_attributed_opinion_is_factual_own_opinion_is_reflective():
    assert tonesplit.label('"It is a disgrace," the minister said.').label == "factual"
    assert tonesplit.label("It is a disgrace that the minister said nothing.").label == "reflective"


def test_model_argument_is_used(toy_model):
    sents = tonesplit.split("Perhaps we never learn. Police arrested two men.", model=toy_model)
    assert [s.label for s in sents] == ["reflective", "factual"]
    assert tonesplit.label("Perhaps we never learn.", model=toy_model).label == "reflective"
    assert tonesplit.facts("Perhaps we never learn. Police arrested two men.",
                           model=toy_model) == "Police arrested two men."


def test_model_argument_must_be_a_classifier():
    with pytest.raises(TypeError, match="model"):
        tonesplit.split("Some text.", model="tonesplit-model.joblib")


def test_facts_keeps_paragraph_breaks(toy_model):
    text = "Police arrested two men.\nPerhaps we never learn.\nThe vote passed 52 to 48."
    assert tonesplit.facts(text, model=toy_model) == "Police arrested two men.\nThe vote passed 52 to 48."


def test_empty_text():
    assert tonesplit.split("") == []
    assert tonesplit.facts("   \n ") == ""
    with pytest.raises(ValueError, match="empty"):
        tonesplit.label("   ")


def test_sentence_is_frozen():
    s = tonesplit.label("The vote passed.")
    with pytest.raises(AttributeError):
        s.label = "reflective"  # type: ignore[misc]


def test_explain_uses_plain_words(model):
    assert 1 <= len(model.explain('"It is a disgrace," the minister said.', top=5)) <= 5
    cues = model.explain('"It is a disgrace," the minister said.', top=10)
    assert any(c.description == "quoted speech" and c.label == "factual" for c in cues)
    assert any(c.description.startswith("attribution") and c.label == "factual" for c in cues)
    cues = model.explain("It is a reminder that diplomacy often moves in shades of nuance.")
    assert any("reminder" in c.description and c.label == "reflective" for c in cues)
    assert all(str(c).count(":") >= 1 for c in cues)



def test_split_and_label_follow_the_model_threshold(toy_model):
    import copy

    text = "Perhaps we never learn."
    p = tonesplit.label(text, model=toy_model).p_reflective
    assert tonesplit.label(text, model=toy_model).label == "reflective"
    strict = copy.deepcopy(toy_model).set_params(threshold=(1 + p) / 2)
    assert strict.predict([text]).tolist() == ["factual"]
    assert tonesplit.label(text, model=strict).label == "factual"
    assert [s.label for s in tonesplit.split(text, model=strict)] == ["factual"]


def test_the_garbage_collector_is_left_as_it_was(toy_model):
    import gc

    assert gc.isenabled()
    tonesplit.split("It rained. Perhaps it always will.", model=toy_model)
    assert gc.isenabled()
    gc.disable()
    try:
        tonesplit.split("It rained. Perhaps it always will.", model=toy_model)
        assert not gc.isenabled()
    finally:
        gc.enable()

    class Broken:
        classes_ = ["factual", "reflective"]

        def predict_proba(self, X):
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        tonesplit.split("It rained.", model=Broken())
    assert gc.isenabled()


def test_sentence_is_a_frozen_dataclass():
    import dataclasses
    import pickle

    s = Sentence("It rained.", 0, 10, "factual", 0.25)
    assert s == Sentence(text="It rained.", start=0, end=10, label="factual", p_reflective=0.25)
    assert Sentence("Photo: AP", 11, 20, "other").p_reflective is None
    assert dataclasses.replace(s, label="reflective").label == "reflective"
    assert [f.name for f in dataclasses.fields(Sentence)] == [
        "text", "start", "end", "label", "p_reflective", "quoted"]
    assert pickle.loads(pickle.dumps(s)) == s and hash(s) == hash(dataclasses.replace(s))
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.label = "other"
    with pytest.raises(TypeError):
        Sentence("x", 0)
