"""The spaCy component, on spacy.blank("en") (no model download)."""

from __future__ import annotations

import pytest

import tonesplit

spacy = pytest.importorskip("spacy")

ARTICLE = ("Officials said 40 homes were flooded on Monday.\n\n"
           "Perhaps it is a reminder of how fragile we are.\n\nSources: Reuters")


def test_registered_by_entry_point_and_labels_like_split():
    nlp = spacy.blank("en")
    nlp.add_pipe("tonesplit")  # no import of tonesplit.spacy_component needed
    doc = nlp(ARTICLE)
    expected = tonesplit.split(ARTICLE)
    sents = list(doc.sents)
    assert [s.text.strip() for s in sents] == [s.text for s in expected]
    assert [s._.tone for s in sents] == [s.label for s in expected]
    assert [s._.p_reflective for s in sents] == pytest.approx(
        [s.p_reflective for s in expected], nan_ok=True)
    assert doc._.reflective_share == pytest.approx(0.5)
    span = doc.char_span(ARTICLE.index("Perhaps"), ARTICLE.index("fragile"),
                         alignment_mode="expand")
    assert span._.tone == "reflective"  # any span: the sentence of its first word


def test_pipe_matches_one_at_a_time_and_handles_empty_docs():
    nlp = spacy.blank("en")
    nlp.add_pipe("tonesplit", config={"batch_size": 2})
    texts = [ARTICLE, "", "The vote passed 52 to 48.", ARTICLE]
    docs = list(nlp.pipe(texts))
    assert [d._.reflective_share for d in docs] == [nlp(t)._.reflective_share for t in texts]
    assert docs[1]._.reflective_share is None and list(docs[1].sents) == []


def test_the_pipelines_own_sentences_as_an_option():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("tonesplit", config={"sentences": "pipeline"})
    doc = nlp("The vote passed 52 to 48 on Tuesday. What a sad reminder of our folly this is!")
    sents = list(doc.sents)
    assert len(sents) == 2
    assert [s._.tone for s in sents] == [tonesplit.label(s.text.strip()).label for s in sents]
    assert sents[0]._.p_reflective == pytest.approx(
        tonesplit.label(sents[0].text.strip()).p_reflective)


def test_pipeline_sentences_need_a_sentence_setter_and_bad_config_is_refused():
    nlp = spacy.blank("en")
    nlp.add_pipe("tonesplit", config={"sentences": "pipeline"})
    with pytest.raises(ValueError, match="needs sentence boundaries"):
        nlp("One. Two.")
    with pytest.raises(ValueError, match="sentences must be one of"):
        spacy.blank("en").add_pipe("tonesplit", config={"sentences": "spacy"})
