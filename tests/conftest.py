"""Shared fixtures: the shipped model, a small trained model, the example article."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

import pytest

import tonesplit

DATA_HOME = os.environ.get("TONESPLIT_DATA_HOME")


def has_public_data() -> bool:
    return bool(DATA_HOME) and (Path(DATA_HOME) / "checkthat2025-en").is_dir()


needs_data = pytest.mark.skipif(
    not has_public_data(), reason="public data not found: set TONESPLIT_DATA_HOME"
)


@pytest.fixture(scope="session")
def model():
    return tonesplit.load_model()


@pytest.fixture(scope="session")
def example_article() -> str:
    ref = resources.files("tonesplit") / "examples" / "musing-article.txt"
    return ref.read_text(encoding="utf-8")


TOY_X = [
    "Officials said the bridge reopened on Monday after repairs costing $4 million.",
    "Perhaps we never learn, and perhaps that is the saddest lesson of all.",
    "The vote passed 52 to 48 on Thursday, according to the clerk.",
    "What a sad reminder of our folly this whole affair has been.",
    "Police arrested two men in Leeds on Friday, a spokesman said.",
    "It is a reminder that patience is a virtue leaders too rarely show.",
    "The company reported revenue of 3.2 billion euros in the third quarter.",
    "Surely the council should have seen this coming years ago.",
]
TOY_Y = ["factual", "reflective"] * 4


@pytest.fixture(scope="session")
def toy_model():
    return tonesplit.ToneClassifier(min_df=1).fit(TOY_X * 3, TOY_Y * 3)


@pytest.fixture(autouse=True)
def _parallel_even_when_small():
    """Tests give n_jobs > 1 small corpora to test the workers: send them there.

    (`label_corpus` labels a corpus of a few chunks in-process; the tests of
    that rule set ``tonesplit._runner._SERIAL_CHUNKS`` back themselves.)
    """
    import tonesplit._runner

    # Set by hand, not with monkeypatch: a monkeypatch made here would be
    # undone after the tests' own fixtures, which some tests depend on.
    saved = tonesplit._runner._SERIAL_CHUNKS
    tonesplit._runner._SERIAL_CHUNKS = 0
    yield
    tonesplit._runner._SERIAL_CHUNKS = saved
