"""The shipped accurate tier: loads without torch, labels through the public API."""

from __future__ import annotations

import json
from importlib import resources

import pytest

pytest.importorskip("onnxruntime")
pytest.importorskip("tokenizers")

import tonesplit  # noqa: E402
from tonesplit.encoder import EncoderClassifier  # noqa: E402

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
    assert card["bytes"] <= 30 * 2**20


def test_cli_labels_with_the_accurate_tier(tmp_path, capsys):
    from tonesplit.cli import main

    doc = tmp_path / "a.txt"
    doc.write_text(ARTICLE)
    assert main(["label", "--model", "accurate", str(doc)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["label"] for r in rows] == ["factual", "reflective"]
