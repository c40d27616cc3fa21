"""The accurate tier's training path on a tiny randomly initialised encoder (no download).

Skipped where torch is absent (it comes with ``tonesplit[train]``).
"""

from __future__ import annotations

import json

import numpy as np
import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("transformers")
pytest.importorskip("onnxruntime")

from tonesplit.encoder import (  # noqa: E402
    EncoderClassifier,
    EncoderFeatures,
    FineTuneConfig,
    export_onnx,
    fine_tune,
    load_encoder_model,
    quantize_int8,
    save_encoder_model,
)
from tonesplit.encoder._finetune import logits, tiny_base  # noqa: E402
from tonesplit.encoder._recipe import AccurateRecipe, genre_held_out, gold_prior  # noqa: E402
from tonesplit.errors import ModelFileError  # noqa: E402

from .conftest import DATA_HOME, needs_data  # noqa: E402

pytestmark = pytest.mark.xdist_group("encoder")

REFLECTIVE = ["what a marvel it remains", "surely this is a lesson for us all",
              "one wonders whether patience is a virtue", "how sad that we forget"]
FACTUAL = ["the bridge opened in 1932", "the council approved the budget on monday",
           "police said two men were arrested", "the company reported a loss of 4 million"]
TEXTS = REFLECTIVE * 5 + FACTUAL * 5
LABELS = ["reflective"] * 20 + ["factual"] * 20
VOCAB = sorted({w for t in TEXTS for w in t.split()})


@pytest.fixture(scope="module")
def tuned():
    base = tiny_base(vocab=VOCAB, seed=0)
    config = FineTuneConfig(epochs=8, learning_rate=2e-3, batch_size=8, max_length=16,
                            threads=1)
    y = [float(lab == "reflective") for lab in LABELS]
    return fine_tune(TEXTS, y, None, base, config=config)


@pytest.fixture(scope="module")
def graphs(tuned, tmp_path_factory):
    d = tmp_path_factory.mktemp("onnx")
    fp32 = export_onnx(tuned.encoder, d / "fp32.onnx")
    return fp32, quantize_int8(fp32, d / "int8.onnx")


def _features(tuned, graph) -> EncoderFeatures:
    return EncoderFeatures(graph.read_bytes(), tuned.tokenizer.backend_tokenizer.to_str(),
                           max_length=16, threads=1)


def test_fine_tuning_learns_the_training_sentences(tuned):
    z = logits(tuned, TEXTS)
    assert ((z > 0) == np.array([lab == "reflective" for lab in LABELS])).mean() == 1.0


def test_onnx_graph_gives_the_torch_logits(tuned, graphs):
    v = _features(tuned, graphs[0]).transform(TEXTS)
    np.testing.assert_allclose(v @ tuned.head_weight + tuned.head_bias, logits(tuned, TEXTS),
                               atol=1e-4)


def test_int8_graph_is_smaller_and_keeps_the_decisions(tuned, graphs):
    fp32, int8 = graphs
    assert int8.stat().st_size < fp32.stat().st_size
    z = _features(tuned, int8).transform(TEXTS) @ tuned.head_weight + tuned.head_bias
    assert np.array_equal(z > 0, logits(tuned, TEXTS) > 0)


def test_batching_by_length_keeps_each_sentence_its_own_vector(tuned, graphs):
    f = _features(tuned, graphs[0])
    texts = ["what a marvel", "the bridge opened in 1932 and the council approved", "how sad"]
    together = f.set_params(batch_size=2).transform(texts)
    alone = np.vstack([f.transform([t]) for t in texts])
    np.testing.assert_allclose(together, alone, atol=1e-5)


@pytest.fixture(scope="module")
def classifier(tuned, graphs):
    model = EncoderClassifier(_features(tuned, graphs[1]), head_weight=tuned.head_weight,
                              head_bias=tuned.head_bias)
    return model.fit(TEXTS, LABELS)


def test_classifier_predicts_and_explains(classifier):
    assert classifier.predict(["what a marvel it remains", "the bridge opened in 1932"]).tolist() \
        == ["reflective", "factual"]
    p = classifier.predict_proba(TEXTS)
    np.testing.assert_allclose(p.sum(1), 1.0)
    cues = classifier.explain("what a marvel it remains", top=2)
    assert 1 <= len(cues) <= 2
    assert abs(cues[0].weight) >= abs(cues[-1].weight)


def test_classifier_without_a_head_learns_one(tuned, graphs):
    model = EncoderClassifier(_features(tuned, graphs[0])).fit(TEXTS, LABELS)
    assert (model.predict(TEXTS) == np.array(LABELS, dtype=object)).mean() == 1.0


def test_classifier_refuses_unknown_labels(classifier):
    from sklearn.base import clone

    with pytest.raises(ValueError, match="labels must be"):
        clone(classifier).fit(TEXTS[:2], ["reflective", "maybe"])


def test_model_file_round_trip_and_refusals(classifier, tmp_path):
    path = tmp_path / "acc.safetensors"
    card = save_encoder_model(classifier, path, card={"tier": "accurate"})
    assert json.loads(path.with_suffix(".json").read_text())["sha256"] == card["sha256"]
    loaded = load_encoder_model(path)
    np.testing.assert_allclose(loaded.predict_proba(TEXTS), classifier.predict_proba(TEXTS))
    assert loaded.card_["tier"] == "accurate"  # the card travels inside the file too
    # tonesplit.load_model reads either tier's file by its kind
    import tonesplit

    assert type(tonesplit.load_model(path)) is EncoderClassifier
    # one byte changed: the sha256 no longer matches the card
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    path.write_bytes(bytes(raw))
    with pytest.raises(ModelFileError, match="does not match its model card"):
        load_encoder_model(path)
    # without the card, the file's own checksum still refuses it
    path.with_suffix(".json").unlink()
    with pytest.raises(ModelFileError, match="do not match the checksum"):
        load_encoder_model(path)


def test_a_fast_tier_file_is_not_an_encoder(tmp_path, toy_model):
    toy_model.save(tmp_path / "fast.safetensors")
    with pytest.raises(ModelFileError, match="holds a ToneClassifier, not the EncoderClassifier asked for"):
        load_encoder_model(tmp_path / "fast.safetensors")


def test_each_tier_kind_is_known_to_the_format():
    from tonesplit._model_arrays import KIND as FAST
    from tonesplit._modelfile import KNOWN_KINDS
    from tonesplit.encoder._file import KIND as ACCURATE

    assert KNOWN_KINDS == {FAST, ACCURATE}


def _rewritten(classifier, tmp_path, arrays=None, meta=None):
    """A copy of the classifier's file with some arrays or metadata replaced (no card)."""
    from tonesplit._modelfile import write
    from tonesplit.encoder._file import encoder_arrays

    a, m = encoder_arrays(classifier)
    path = tmp_path / "changed.safetensors"
    write(path, {**a, **(arrays or {})}, {**m, **(meta or {})})
    return path


@pytest.mark.parametrize("arrays, meta, words", [
    ({"onnx": np.frombuffer(b"not a graph", np.uint8)}, None, "do not make an accurate-tier"),
    ({"tokenizer": np.frombuffer(b"{}", np.uint8)}, None, "do not make an accurate-tier"),
    ({"coef": np.zeros(3)}, None, "weights for"),
    (None, {"prior": "x"}, "not a number"),
    (None, {"prior": 1.5}, "not a share"),
    (None, {"threshold": None}, "threshold"),
    (None, {"kind": ["a", "list"]}, "not a tonesplit model of kind"),
])
def test_a_file_that_cannot_label_is_refused_at_load(classifier, tmp_path, arrays, meta, words):
    path = _rewritten(classifier, tmp_path, arrays, meta)
    with pytest.raises(ModelFileError, match=words):
        load_encoder_model(path)
    import tonesplit

    with pytest.raises(ModelFileError):
        tonesplit.load_model(path)


def test_the_card_records_the_runtime_versions(classifier, tmp_path):
    card = save_encoder_model(classifier, tmp_path / "m.safetensors",
                              card={"versions": {"stale": "1"}})
    assert "onnxruntime" in card["versions"] and "scikit-learn" in card["versions"]
    assert "stale" not in card["versions"]


def test_a_development_npz_is_refused_with_the_remedy(tmp_path):
    path = tmp_path / "old.npz"
    np.savez(path, meta=np.zeros(1, np.uint8))
    with pytest.raises(ModelFileError, match="retrain with"):
        load_encoder_model(path)
    import tonesplit

    with pytest.raises(ModelFileError, match="no longer read"):
        tonesplit.load_model(path)


def test_a_pickle_named_as_the_model_is_refused(tmp_path):
    import pickle

    path = tmp_path / "evil.safetensors"
    path.write_bytes(pickle.dumps({"onnx": object}))
    with pytest.raises(ModelFileError, match="not a tonesplit model file"):
        load_encoder_model(path)


@needs_data
def test_cli_trains_the_accurate_tier(tmp_path):
    from tonesplit.cli import main

    base, tok = tiny_base(vocab=VOCAB, seed=1)
    base.save_pretrained(tmp_path / "base")
    tok.save_pretrained(tmp_path / "base")
    out = tmp_path / "acc.safetensors"
    code = main(["train", "--tier", "accurate", "--base", str(tmp_path / "base"),
                 "--epochs", "0.002", "--data-home", str(DATA_HOME), "--output", str(out),
                 "--hold-out-genre", "5"])
    assert code == 0
    model = load_encoder_model(out)
    assert model.card_["training"]["steps"] >= 1
    held = model.card_["training"]["recipe"]["held_out_articles"]
    assert held == list(genre_held_out(5)) and len(held) >= 2
    # the shipped mix is the gold sentences', not dev_test's (the Platt set)
    recipe = AccurateRecipe(held_out_articles=tuple(held))
    assert model.prior == pytest.approx(gold_prior(recipe, data_home=DATA_HOME))
    assert model.prior != pytest.approx(model.train_prior_)
    assert model.cascade == AccurateRecipe().cascade
    assert model.predict(["It rained."]).tolist()[0] in ("reflective", "factual")
