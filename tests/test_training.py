"""Training recipe, metrics and the model card."""

from __future__ import annotations

import json

import numpy as np
import pytest

from tonesplit import training
from tonesplit.card import render_model_card
from tonesplit.metrics import best_threshold, calibration_table, expected_calibration_error, macro_f1
from tonesplit.persist import shipped_card

from .conftest import needs_data


def test_macro_f1_interval_contains_value():
    rng = np.random.default_rng(0)
    y = rng.choice(["factual", "reflective"], 300)
    pred = np.where(rng.random(300) < 0.8, y, "factual")
    s = macro_f1(y, pred)
    assert s.low <= s.value <= s.high and s.n == 300
    with pytest.raises(ValueError):
        macro_f1([], [])


def test_calibration_table_and_ece():
    p = np.linspace(0, 1, 1000)
    y = (np.random.default_rng(1).random(1000) < p).astype(int)
    assert expected_calibration_error(y, p) < 0.06
    assert expected_calibration_error(y, 1 - p) > 0.3
    table = calibration_table(y, p)
    assert len(table) == 10 and sum(r["n"] for r in table) == 1000


def test_best_threshold_separates():
    assert 0.1 < best_threshold(["factual"] * 5 + ["reflective"] * 5,
                                [0.1] * 5 + [0.9] * 5) <= 0.9


def test_shipped_card_describes_the_model():
    card = shipped_card()
    sources = {row["source"] for row in card["training_data"]}
    assert {"checkthat", "genre", "teacher"} <= sources
    assert all(row["licence"] for row in card["training_data"])
    assert {"macro_f1", "roc_auc", "ece"} <= set(card["metrics"]["dev_test"])
    assert card["distillation"]["temperature"] == training.RECIPE["teacher"]["temperature"]
    assert card["recipe"]["params"]["threshold"] == card["params"]["threshold"]
    md = render_model_card(card)
    assert "CC BY-NC-SA 4.0" in md and "research use only" in md and "AGPL-3.0" in md
    assert "## Distillation" in md
    json.dumps(card)  # serialisable


@needs_data
def test_training_set_sources_and_weights():
    data = training.training_set({"checkthat": 1.0, "genre": 2.0})
    assert set(data.sources) == {"checkthat", "genre"}
    assert len(data.texts) == len(data.labels) == len(data.weights) == len(data.groups)
    genre = np.array([s == "genre" for s in data.sources])
    assert (data.weights[genre] == 2.0).all() and all(g for g, m in zip(data.groups, genre) if m)
    with pytest.raises(ValueError, match="unknown source"):
        training.training_set({"nope": 1.0})


@needs_data
@pytest.mark.slow
def test_train_writes_a_loadable_model_and_card(tmp_path, monkeypatch):
    import tonesplit

    monkeypatch.setitem(training.RECIPE, "sources", {"checkthat": 1.0, "genre": 1.0})
    card = training.train(tmp_path / "m.joblib", cross_validate=False)
    assert (tmp_path / "m.json").is_file() and (tmp_path / "m.md").is_file()
    model = tonesplit.load_model(tmp_path / "m.joblib")
    assert model.classes_.tolist() == ["factual", "reflective"]
    assert 0.5 < card["metrics"]["dev_test"]["macro_f1"]["value"] <= 1.0


@needs_data
def test_evaluate_reports_both_peers_the_readme_shows(toy_model):
    pytest.importorskip("textblob")
    pytest.importorskip("vaderSentiment")
    out = training.evaluate(toy_model)
    for peer in ("textblob", "vader"):
        assert 0.0 <= out[peer]["macro_f1"]["value"] <= 1.0, peer
        assert 0.0 <= out[peer]["threshold_from_dev"] <= 1.0


@needs_data
@pytest.mark.slow
def test_fast_tier_training_is_reproducible(tmp_path, monkeypatch):
    import tonesplit

    # The distillation recipe on a small pool (BABE's sentences only): twice, same file.
    monkeypatch.setitem(training.RECIPE, "sources", {"checkthat": 1.0, "genre": 1.0,
                                                     "teacher": 1.0})
    monkeypatch.setitem(training.RECIPE, "teacher", {**training.RECIPE["teacher"],
                                                     "pool": ["babe"]})
    for run in ("a", "b"):
        (tmp_path / run).mkdir()
    cards = [training.train(tmp_path / run / "m.safetensors", cross_validate=False)
             for run in ("a", "b")]
    assert cards[0]["sha256"] == cards[1]["sha256"]
    assert cards[0]["distillation"]["temperature"] == training.RECIPE["teacher"]["temperature"]
    teacher = next(r for r in cards[0]["training_data"] if r["source"] == "teacher")
    assert teacher["sentences"] > 1000 and 0.0 < teacher["reflective_share"] < 1.0
    model = tonesplit.load_model(tmp_path / "a" / "m.safetensors")
    assert model.predict(["Perhaps we never learn.", "The vote passed 52 to 48."]).tolist() == [
        "reflective", "factual"]
