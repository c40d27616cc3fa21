"""Engine figures of issue 11, each beside its peer in the same run.

    TONESPLIT_DATA_HOME=../shared/data python benchmarks/engine.py

- start-up: ``tonesplit --version`` in a fresh process vs ``python -c "import
  textblob"``, interleaved, best of 7 each;
- ``split()`` one article at a time (BBC, the first 300 articles) vs
  TextBlob's subjectivity of the same sentences, interleaved, best of 3;
- ``label_corpus`` ``n_jobs=2`` vs ``n_jobs=1`` on BBC (1x and 4x), best of 2,
  each round in a fresh process so no round runs on another's heap;
- peak resident memory (``ru_maxrss``) of a fresh process that labels one
  20 MB line of BBC text with ``split()``.

Writes ``benchmarks/results/engine.json`` and ``.md``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"


def _wall(argv: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(argv, check=True, capture_output=True)
    return time.perf_counter() - t0


def startup(rounds: int = 7) -> dict:
    ts, tb = [], []
    for _ in range(rounds):
        ts.append(_wall([sys.executable, "-m", "tonesplit", "--version"]))
        tb.append(_wall([sys.executable, "-c", "import textblob"]))
    return {"tonesplit --version s": min(ts), "import textblob s": min(tb),
            "ratio": min(ts) / min(tb)}


_SPLIT = """
import json, sys, time, gc
import tonesplit
from tonesplit import datasets
from tonesplit._peers import textblob_subjectivity
from pathlib import Path
docs = [t for _, t in tonesplit.read_corpus(Path(datasets.get_data_home()) / "bbc-news")][:300]
sents = [[s.text for s in tonesplit.split(t)] for t in docs]  # warm-up, and the peer's input
textblob_subjectivity(sents[0])
best_ts, best_tb = [], []
for _ in range(3):
    gc.collect(); t0 = time.perf_counter()
    for t in docs:
        tonesplit.split(t)
    best_ts.append(time.perf_counter() - t0)
    gc.collect(); t0 = time.perf_counter()
    for ss in sents:
        textblob_subjectivity(ss)
    best_tb.append(time.perf_counter() - t0)
print(json.dumps({"articles": len(docs), "sentences": sum(map(len, sents)),
                  "tonesplit s": min(best_ts), "textblob s": min(best_tb)}))
"""

_CORPUS = """
import json, sys, time
import tonesplit
from tonesplit import datasets
from pathlib import Path
docs = list(tonesplit.read_corpus(Path(datasets.get_data_home()) / "bbc-news")) * {times}
tonesplit.split("Warm up the model. It is loaded once.")
t0 = time.perf_counter()
n = sum(1 for _ in tonesplit.label_corpus(docs, n_jobs={n_jobs}))
print(json.dumps({{"s": time.perf_counter() - t0, "docs": n}}))
"""


_MEMORY = """
import json, resource
import tonesplit
from tonesplit import datasets
from pathlib import Path
articles = [" ".join(t.split())
            for _, t in tonesplit.read_corpus(Path(datasets.get_data_home()) / "bbc-news")]
one = " ".join(articles)
text = (one + " ") * (20_000_000 // (len(one) + 1) + 1)
text = text[:20_000_000]  # one line of 20 million characters (BBC News, repeated)
del articles, one
tonesplit.split("Warm up the model. It is loaded once.")
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
n = len(tonesplit.split(text))
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"chars": len(text), "sentences": n, "peak MB": peak,
                  "before MB": before}))
"""


def _run_json(code: str) -> dict:
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                         text=True, env=os.environ).stdout
    return json.loads(out.strip().splitlines()[-1])


def split_per_article() -> dict:
    r = _run_json(_SPLIT)
    r["speed vs TextBlob"] = r["textblob s"] / r["tonesplit s"]
    return r


def parallel(times: int, rounds: int = 2) -> dict:
    best = {1: float("inf"), 2: float("inf")}
    for _ in range(rounds):
        for n_jobs in (1, 2):
            r = _run_json(_CORPUS.format(times=times, n_jobs=n_jobs))
            best[n_jobs] = min(best[n_jobs], r["s"])
    return {"n_jobs=1 s": best[1], "n_jobs=2 s": best[2], "speed n2/n1": best[1] / best[2],
            "docs": 2225 * times}


def main() -> None:
    results = {"machine": "2 cores shared with other jobs", "date": time.strftime("%Y-%m-%d"),
               "startup": startup(), "split per article": split_per_article(),
               "parallel BBC 1x": parallel(1), "parallel BBC 4x": parallel(4),
               "split 20 MB one line": _run_json(_MEMORY)}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "engine.json").write_text(json.dumps(results, indent=2) + "\n")
    s, a = results["startup"], results["split per article"]
    p1, p4 = results["parallel BBC 1x"], results["parallel BBC 4x"]
    mem = results["split 20 MB one line"]
    md = f"""# Engine figures (issue 11)

Run {results['date']} by `benchmarks/engine.py` on {results['machine']}; every
figure beside its peer in the same run (details in the script's docstring).

| what | tonesplit | peer | ratio | target |
| --- | ---: | ---: | ---: | ---: |
| `tonesplit --version`, fresh process, vs `import textblob` | {s['tonesplit --version s']:.3f} s | {s['import textblob s']:.3f} s | {s['ratio']:.2f}x | <= 0.15x |
| `split()` one article at a time, {a['articles']} BBC articles ({a['sentences']:,} sentences), vs TextBlob on the same sentences | {a['tonesplit s']:.2f} s | {a['textblob s']:.2f} s | {a['speed vs TextBlob']:.2f}x faster | >= 5x |
| `label_corpus` BBC 1x ({p1['docs']:,} articles), `n_jobs=2` vs `n_jobs=1` | {p1['n_jobs=2 s']:.2f} s | {p1['n_jobs=1 s']:.2f} s | {p1['speed n2/n1']:.2f}x | >= 1.0x |
| `label_corpus` BBC 4x ({p4['docs']:,} articles), `n_jobs=2` vs `n_jobs=1` | {p4['n_jobs=2 s']:.2f} s | {p4['n_jobs=1 s']:.2f} s | {p4['speed n2/n1']:.2f}x | >= 1.7x at 16x |
| peak memory of a fresh process, `split()` of one line of {mem['chars']:,} characters ({mem['sentences']:,} sentences), the text and the loaded model included | {mem['peak MB']:.0f} MB ({mem['before MB']:.0f} MB before the call) | | | <= 300 MB |
"""
    (RESULTS / "engine.md").write_text(md)
    print(md)


if __name__ == "__main__":
    main()
