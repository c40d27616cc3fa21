"""The README's tier figures are the benchmark's, and the model cards name their sources.

``benchmarks/evaluate.py`` writes the tier table into
``benchmarks/results/evaluation.md`` between ``<!-- tiers-table -->`` markers;
the README quotes it. A rerun that changes a figure fails here until the
README is updated with it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tonesplit.card import licence_notes

ROOT = Path(__file__).resolve().parent.parent
TABLE = re.compile(r"<!-- tiers-table -->\n(.*?)<!-- /tiers-table -->", re.DOTALL)


def _table(path: Path) -> str:
    found = TABLE.findall(path.read_text(encoding="utf-8"))
    assert len(found) == 1, f"{path.name} must hold the tier table exactly once"
    return found[0]


def test_readme_quotes_the_tier_table_the_benchmark_wrote():
    readme = _table(ROOT / "README.md")
    assert readme == _table(ROOT / "benchmarks" / "results" / "evaluation.md"), (
        "README's 'Choose a tier' table differs from benchmarks/results/evaluation.md: "
        "copy the table the last run of benchmarks/evaluate.py wrote")
    rows = [line for line in readme.splitlines() if line.startswith("| **")]
    assert [r.split("**")[1] for r in rows] == ["fast tier (default)", "accurate tier"]
    assert "TextBlob" in readme and "VADER" in readme


def test_choose_a_tier_comes_before_the_api_tour():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert text.index("## Choose a tier") < text.index("## A tour of the API")
    section = text[text.index("## Choose a tier"):text.index("## A tour of the API")]
    for needed in ('load_model("accurate")', "--model accurate", "tonesplit[accurate]",
                   "explain"):
        assert needed in section, f"'Choose a tier' must say {needed}"


@pytest.mark.parametrize("card", ["tonesplit-model.md", "tonesplit-accurate.md"])
def test_model_cards_name_sources_and_licences(card):
    text = (ROOT / "models" / card).read_text(encoding="utf-8")
    for needed in ("CheckThat!", "CC BY-NC-SA 4.0", "MPQA", "research use",
                   "genre corpus", "docs/model-sources.md"):
        assert needed in text, f"{card} must name {needed!r}"
    if re.search(r"silver|BABE", text):
        assert "AGPL-3.0" in text, f"{card} mentions silver/BABE data but not AGPL-3.0"


def test_licence_notes_follow_the_sources():
    free = licence_notes(["genre"])
    assert "no condition" in free[-1]
    strict = licence_notes(["checkthat", "silver", "bbc"])
    assert any("AGPL-3.0" in n for n in strict) and "non-commercial" in strict[-1]
    assert len(strict) == 3  # silver and bbc share one note, then the summary
    distilled = licence_notes(["teacher"])  # a teacher's logits over the news pool
    assert any("teacher" in n for n in distilled) and any("BABE" in n for n in distilled)
    assert "table above" in licence_notes(["somewhere"])[0]
