"""Fuzz tonesplit.segment with hypothesis: the invariants of tests/test_segment.py, many examples.

Checks, for every generated string: no exception; segments in order and
non-overlapping; ``text[s.start:s.end] == s.text``; every segment stripped;
every non-whitespace character covered exactly once; kind is "prose" or
"other". Strategies: arbitrary Unicode text, article-like soups of hard pieces
(abbreviations, quotes, line separators, control characters, CJK, RTL, emoji,
HTML, URLs, non-prose labels), and the same soups run through tiny Punkt
windows so that the windowing path is fuzzed on short inputs.

Writes benchmarks/results/fuzz_segment.json. Run from the repository root::

    PYTHONPATH=src python benchmarks/fuzz_segment.py                 # 20,000 examples
    PYTHONPATH=src python benchmarks/fuzz_segment.py --examples 2000 --seed 1
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import traceback
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

# the same invariants as the tests, and their way of patching the segmenter's modules
from test_segment import PIECES, assert_invariants, patched  # noqa: E402

from tonesplit.segment import segment  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"

article_like = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=8)), max_size=200).map(
    "".join
)
STRATEGIES = {
    "unicode_text": st.one_of(st.text(max_size=2000), st.text(min_size=200, max_size=2000)),
    "article_like": article_like,
    "article_like_tiny_windows": article_like,
    "long_lines": st.lists(st.sampled_from(PIECES), min_size=100, max_size=800).map("".join),
}
TINY_WINDOWS = {
    "_WINDOW": 48,
    "_MARGIN": 12,
    "_MAX_RUN": 8,
    "_RUN_KEEP": 2,
    "_LONG_RUN": re.compile(r"(?<!\S)\S{8,}"),
}


def run(name: str, strategy: st.SearchStrategy[str], examples: int, rng_seed: int) -> dict:
    count = 0
    chars = 0

    @seed(rng_seed)
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        phases=[Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def check(text: str) -> None:
        nonlocal count, chars
        count += 1
        chars += len(text)
        if name.endswith("tiny_windows"):
            with patched(**TINY_WINDOWS):
                assert_invariants(text, segment(text))
        else:
            assert_invariants(text, segment(text))

    start = time.perf_counter()
    failure = None
    try:
        check()
    except Exception as exc:  # hypothesis re-raises any failure, shrunk
        failure = {"error": repr(exc)[:2000], "traceback": traceback.format_exc()[-4000:]}
    return {
        "strategy": name,
        "examples_run": count,
        "characters": chars,
        "seconds": round(time.perf_counter() - start, 1),
        "failures": 0 if failure is None else 1,
        "failure": failure,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--examples",
        type=int,
        default=20_000,
        help="examples in total, split evenly over the strategies (default 20000)",
    )
    parser.add_argument("--seed", type=int, default=20250301, help="hypothesis seed")
    args = parser.parse_args(argv)

    per = max(1, args.examples // len(STRATEGIES))
    runs = []
    for name, strategy in STRATEGIES.items():
        result = run(name, strategy, per, args.seed)
        print(
            f"{name:28} {result['examples_run']:>7} examples  {result['characters']:>10} chars  "
            f"{result['seconds']:>7}s  failures={result['failures']}",
            flush=True,
        )
        runs.append(result)
    report = {
        "examples_requested": args.examples,
        "examples_run": sum(r["examples_run"] for r in runs),
        "failures_found": sum(r["failures"] for r in runs),
        "seed": args.seed,
        "runs": runs,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "fuzz_segment.json").write_text(
        json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    )
    print(f"total: {report['examples_run']} examples, {report['failures_found']} failures")
    return 1 if report["failures_found"] else 0


if __name__ == "__main__":
    sys.exit(main())
