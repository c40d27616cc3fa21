"""The fuzzers of benchmarks/, each target on a small seeded budget.

``benchmarks/fuzz_cli.py`` and ``benchmarks/fuzz_segment.py`` run thousands
of hypothesis examples (minutes); here every target and strategy runs a few
dozen, from a fixed seed and without hypothesis' example database, so a run
is reproducible and takes seconds. Any failure the fuzzers report fails the
test, with hypothesis' minimal example in the message.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
#: Examples per target: enough to meet every branch of the strategies once in
#: a while, few enough for CI (about a second a target).
BUDGET = 25
SEED = 20261203


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"_bench_{name}", BENCHMARKS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


fuzz_cli = _load("fuzz_cli")
fuzz_segment = _load("fuzz_segment")


@pytest.mark.parametrize("target", sorted(fuzz_cli.TARGETS))
def test_fuzz_cli_target_finds_nothing(target):
    result = fuzz_cli._run_target(target, BUDGET, SEED)
    assert result["examples_run"] >= BUDGET
    assert result["failures"] == [], json.dumps(result["failures"], indent=1)[:3000]


@pytest.mark.parametrize("strategy", sorted(fuzz_segment.STRATEGIES))
def test_fuzz_segment_strategy_finds_nothing(strategy):
    result = fuzz_segment.run(strategy, fuzz_segment.STRATEGIES[strategy], 2 * BUDGET, SEED)
    assert result["examples_run"] >= 2 * BUDGET
    assert result["failures"] == 0, result["failure"]


def test_the_fuzzers_report_what_they_find():
    # The harness itself: a broken invariant comes back as a failure with
    # its example, not as a pass.
    def broken(n, seed, count):
        @fuzz_cli._settings(n, seed)
        @fuzz_cli.given(fuzz_cli.any_text)
        def run(text):
            count.n += 1
            assert "x" not in text

        run()

    fuzz_cli.TARGETS["broken"] = broken
    try:
        result = fuzz_cli._run_target("broken", BUDGET, SEED)
    finally:
        del fuzz_cli.TARGETS["broken"]
    assert len(result["failures"]) == 1 and "Failing test case" in json.dumps(result)
