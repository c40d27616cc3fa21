"""Throughput of the shipped model beside its peers, and cold start.

    TONESPLIT_DATA_HOME=../shared/data python benchmarks/throughput.py [--sentences 100000]

On one core (the process pins itself to CPU 0 where the OS allows it):

- tonesplit featurize + predict (``predict_proba``) on N news sentences (BBC
  articles segmented by tonesplit, repeated to reach N), best of 3;
- ``split()`` end to end (segmentation included) on the same articles;
- TextBlob subjectivity and VADER on a sample of the same sentences, in the
  same process, so the ratios hold on a noisy machine;
- cold start: a fresh interpreter that imports tonesplit, loads the shipped
  model and labels one sentence (median of 5 runs).

Writes ``benchmarks/results/throughput.json`` and ``throughput.md``.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

import tonesplit
from tonesplit import datasets
from tonesplit._peers import textblob_subjectivity, vader_strength

RESULTS = Path(__file__).resolve().parent / "results"


def rate(fn, items, repeat=3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn(items)
        best = min(best, time.perf_counter() - t0)
    return len(items) / best


def cold_start(runs: int = 5, code: str | None = None) -> float:
    code = code or ("import time; t=time.perf_counter(); import tonesplit; "
                    "tonesplit.label('The council approved the plan.'); "
                    "print(time.perf_counter()-t)")
    times = [float(subprocess.run([sys.executable, "-c", code], check=True,
                                  capture_output=True, text=True).stdout) for _ in range(runs)]
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sentences", type=int, default=100_000)
    ap.add_argument("--peer-sample", type=int, default=5_000)
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    articles = [a.text for a in datasets.load_bbc()]
    sentences = [s.text for a in articles for s in tonesplit.segment(a) if s.kind == "prose"]
    news = list(itertools.islice(itertools.cycle(sentences), args.sentences))
    model = tonesplit.load_model()
    model.predict_proba(news[:1000])  # warm caches
    res = {
        "date": time.strftime("%Y-%m-%d"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "sentences": len(news),
        "distinct_sentences": len(sentences),
        "one_core": hasattr(os, "sched_setaffinity"),
    }
    res["tonesplit_predict_per_s"] = round(rate(model.predict_proba, news))
    n_sent = len(sentences)
    res["tonesplit_split_end_to_end_sentences_per_s"] = round(
        n_sent / (len(articles) / rate(lambda docs: [tonesplit.split(d) for d in docs], articles, 1)))
    sample = news[: args.peer_sample]
    res["textblob_per_s"] = round(rate(textblob_subjectivity, sample, 1))
    res["vader_per_s"] = round(rate(vader_strength, sample, 1))
    res["ratio_vs_textblob"] = round(res["tonesplit_predict_per_s"] / res["textblob_per_s"], 1)
    res["ratio_vs_vader"] = round(res["tonesplit_predict_per_s"] / res["vader_per_s"], 1)
    res["cold_start_s"] = round(cold_start(), 3)
    # What no scikit-learn model can avoid: importing scikit-learn's estimator base.
    res["import_sklearn_base_s"] = round(cold_start(code=(
        "import time; t=time.perf_counter(); import sklearn.base; "
        "print(time.perf_counter()-t)")), 3)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "throughput.json").write_text(json.dumps(res, indent=2) + "\n")
    md = (
        "# Throughput\n\nWritten by `benchmarks/throughput.py` on "
        f"{res['date']} ({res['machine']}), one core, {res['sentences']:,} BBC news "
        "sentences, peers on the first "
        f"{args.peer_sample:,} of them in the same process.\n\n"
        "| what | sentences/s | vs TextBlob |\n| --- | ---: | ---: |\n"
        f"| tonesplit featurize + predict | {res['tonesplit_predict_per_s']:,} | "
        f"{res['ratio_vs_textblob']}x |\n"
        f"| tonesplit `split()` per article (segment + featurize + predict + context) | "
        f"{res['tonesplit_split_end_to_end_sentences_per_s']:,} | "
        f"{res['tonesplit_split_end_to_end_sentences_per_s'] / res['textblob_per_s']:.1f}x |\n"
        f"| TextBlob subjectivity | {res['textblob_per_s']:,} | 1x |\n"
        f"| VADER | {res['vader_per_s']:,} | {res['vader_per_s'] / res['textblob_per_s']:.1f}x |\n\n"
        f"Cold start (fresh interpreter: import, load the shipped model, label one "
        f"sentence; median of 5): {res['cold_start_s']} s, of which importing "
        f"scikit-learn's estimator base alone takes {res['import_sklearn_base_s']} s.\n"
    )
    (RESULTS / "throughput.md").write_text(md)
    print(md)


if __name__ == "__main__":
    main()
