"""The shipped accurate tier: loads without torch, labels through the public API."""

from __future__ import annotations

import json
from importlib import resources

import pytest

pytest.importorskip("onnxruntime")
pytest.importorskip("tokenizers")

import tonesplit
from tonesplit.encoder import EncoderClassifier

ARTICLE = ("The bridge opened in 1932 and cost 4 million pounds. "
           "What a marvel it remains, a monument to patience!")


@pytest.fixture(scope="module")
def accurate():
    return tonesplit.load_model("accurate")


def test_accurate_tier_is_an_encoder_classifier(accurate):
    assert isinstance(accurate, EncoderClassifier)
    assert accurate.classes_.tolist() == ["factual", "reflective"]


def test_accurate_tier_splits_an_article(accurate):
    assert [s.label for s in tonesplit.split(ARTICLE, model=accurate)] == ["factual", "reflective"]


def test_accurate_tier_explains_with_words_of_the_sentence(accurate):
    sentence = "What a marvel it remains, a monument to patience!"
    cues = accurate.explain(sentence, top=3)
    assert cues and all(c.description.strip("'") in sentence.split() for c in cues)


def test_accurate_file_is_small_and_its_card_matches():
    ref = resources.files("tonesplit") / "models"
    card = json.loads((ref / "tonesplit-accurate.json").read_text())
    assert card["tier"] == "accurate"
    assert card["size_bytes"] <= 30 * 2**20
    assert card["size_bytes"] == len((ref / card["file"]).read_bytes())


def test_cli_labels_with_the_accurate_tier(tmp_path, capsys):
    from tonesplit.cli import main

    doc = tmp_path / "a.txt"
    doc.write_text(ARTICLE)
    assert main(["label", "--model", "accurate", str(doc)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["label"] for r in rows] == ["factual", "reflective"]


SENTENCES = [
    "The bridge opened in 1932 and cost 4 million pounds.",
    "Police said two men were arrested on Monday.",
    "The council approved the budget by seven votes to two.",
    "What a marvel it remains, a monument to patience!",
    "Surely this is a lesson we should all take to heart.",
    "One wonders whether the minister has read his own report.",
    "It is a reminder that diplomacy moves in shades of nuance.",
    "Shares fell 3% in early trading.",
    "The match was postponed because of the weather.",
    "Perhaps the real story is how little anyone noticed.",
    "He said the plan was, in his words, a disgrace.",
    "The report runs to 200 pages.",
]


def _fast_log_odds(accurate, texts):
    from scipy.special import logit

    fast = tonesplit.load_model()
    p = fast.predict_proba(texts)[:, list(fast.classes_).index("reflective")]
    own = fast.prior if fast.prior is not None else fast.train_prior_
    target = accurate.prior if accurate.prior is not None else accurate.train_prior_
    return logit(p), logit(p) + logit(target) - logit(own)


@pytest.fixture
def cascading(accurate):
    """A copy of the shipped tier whose thresholds split SENTENCES into sure and unsure."""
    import copy

    import numpy as np
    from scipy.special import expit

    _, z = _fast_log_odds(accurate, SENTENCES)
    low, high = expit(np.quantile(z, [0.3, 0.7]))
    return copy.copy(accurate).set_params(cascade=(float(low), float(high)))


def test_cascade_keeps_the_fast_answer_on_sure_sentences_and_the_encoders_on_the_rest(
        cascading):
    import numpy as np
    from scipy.special import logit

    _, moved = _fast_log_odds(cascading, SENTENCES)
    low, high = logit(np.asarray(cascading.cascade))
    sure = (moved <= low) | (moved >= high)
    assert 0 < sure.sum() < len(SENTENCES)
    assert cascading.fast_settled(SENTENCES).tolist() == sure.tolist()
    z = cascading.decision_function(SENTENCES)
    np.testing.assert_allclose(z[sure], moved[sure], rtol=1e-6, atol=1e-6)
    unsure = [s for s, k in zip(SENTENCES, sure) if not k]
    np.testing.assert_allclose(z[~sure], cascading.encoder_decision(unsure), rtol=1e-5,
                               atol=1e-5)
    labels = cascading.predict(SENTENCES)
    assert labels.tolist() == np.where(z >= logit(cascading.threshold), "reflective",
                                       "factual").tolist()


def test_cascade_runs_the_encoder_only_on_unsure_sentences(cascading, monkeypatch):
    seen: list[list[str]] = []
    encoder = cascading.encoder_decision

    def recording(texts):
        seen.append(list(texts))
        return encoder(texts)

    monkeypatch.setattr(cascading, "encoder_decision", recording)
    settled = cascading.fast_settled(SENTENCES)
    cascading.predict_proba(SENTENCES)
    assert seen == [[s for s, k in zip(SENTENCES, settled) if not k]]


def test_cascade_can_be_switched_off(cascading):
    import copy

    import numpy as np

    plain = copy.copy(cascading).set_params(cascade=None)
    assert not plain.fast_settled(SENTENCES).any()
    np.testing.assert_array_equal(plain.decision_function(SENTENCES),
                                  plain.encoder_decision(SENTENCES))


@pytest.mark.parametrize("bad", [(0.9, 0.1), (-0.1, 0.5), "high", (0.2,)])
def test_cascade_thresholds_are_checked(accurate, bad):
    import copy

    model = copy.copy(accurate).set_params(cascade=bad)
    with pytest.raises(ValueError, match="cascade"):
        model.predict(["It rained."])


def test_cascade_thresholds_survive_saving(cascading, tmp_path):
    from tonesplit.encoder import load_encoder_model, save_encoder_model

    save_encoder_model(cascading, tmp_path / "m.safetensors")
    assert load_encoder_model(tmp_path / "m.safetensors").cascade == cascading.cascade
