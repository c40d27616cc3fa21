"""Corpus throughput, parallel speed-up and memory: tonesplit end to end against TextBlob.

Labels all 2,225 BBC News articles end to end (read from disk with
`tonesplit.read_corpus`, segment, featurize, predict, one `DocumentResult`
each) and scores the same sentences with TextBlob's subjectivity and VADER:

- **head to head** (the speed target, one core): every scorer in a fresh
  child process, under the same conditions: the same heap (each child holds
  the articles and the segmented sentences, and keeps no results), the same
  warm-up (each scores the first 20 articles' worth once, untimed), one timed
  pass, single-threaded (``OMP_NUM_THREADS=1``...). Rounds go TextBlob,
  VADER, tonesplit, and each scorer's best of ``--rounds`` (3) is compared,
  wall clock and CPU time;
- **parallel and scale**: ``n_jobs`` 1 and 2 at 1x and 16x the corpus (the
  stream read from disk again for each repeat), each configuration in a
  fresh child process, start-up included, ``--trials`` times interleaved
  (best taken), so that its peak resident memory (``ru_maxrss``) is its own;
  with n_jobs > 1 the workers' peak is read after they exit
  (``RUSAGE_CHILDREN``);
- **worker start-up**: in a fresh process, the time from creating the pool
  to the first result, and what a worker has imported by then.

Writes ``benchmarks/results/corpus.json`` and ``corpus.md``. Not a test:
timings depend on the machine and on what else runs on it (the load average
is recorded before and after every child).

    PYTHONPATH=src python3 benchmarks/corpus.py            # full run, several minutes
    PYTHONPATH=src python3 benchmarks/corpus.py --quick    # 1x only, one trial
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

TARGETS = {
    "speedup_vs_textblob": 12.0,  # one core, end to end, fresh process each, best of 3
    "n_jobs_2_over_1_at_1x": 1.0,
    "n_jobs_2_over_1_at_16x": 1.7,
    "peak_rss_mb": 300.0,
    "flat_memory_growth": 0.10,  # 16x peak at most 10% above 1x peak
}
#: Single-threaded children: "one core" means one thread of arithmetic too.
_ONE_THREAD = {k: "1" for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}
#: Articles scored once, untimed, by every scorer before its timed pass.
_WARM_ARTICLES = 20


def _default_data() -> Path:
    home = os.environ.get("TONESPLIT_DATA_HOME")
    return (Path(home) if home else ROOT.parent / "shared" / "data") / "bbc-news"


def _maxrss_mb(who) -> float:
    kb = resource.getrusage(who).ru_maxrss  # kilobytes on Linux
    return kb / 1024 if sys.platform != "darwin" else kb / 2**20


# --------------------------------------------------------------------------
# Children
# --------------------------------------------------------------------------


def _stream(data: Path, repeat: int):
    from tonesplit import read_corpus

    for r in range(repeat):
        for doc_id, text in read_corpus(data):
            yield f"{r}/{doc_id}", text


def child_tonesplit(data: Path, n_jobs: int, repeat: int, loaded: bool = False) -> dict:
    import tonesplit

    if loaded:  # the model in the parent's memory already (workers still start and load it)
        tonesplit.split("The model is loaded before the clock starts.")
    start = time.perf_counter()
    cpu = time.process_time()
    docs = sentences = failed = 0
    first = None
    for result in tonesplit.label_corpus(_stream(data, repeat), n_jobs=n_jobs):
        if first is None:
            first = time.perf_counter() - start
        docs += 1
        sentences += result.summary.n_sentences
        failed += not result.ok
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu
    main_mb = _maxrss_mb(resource.RUSAGE_SELF)
    worker_mb = None
    if n_jobs != 1:
        from joblib.externals.loky import get_reusable_executor

        get_reusable_executor().shutdown(wait=True)
        worker_mb = _maxrss_mb(resource.RUSAGE_CHILDREN)
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        worker_cpu = usage.ru_utime + usage.ru_stime  # workers, start-up included
    else:
        worker_cpu = 0.0
    return {"docs": docs, "sentences": sentences, "failed": failed, "seconds": seconds,
            "first_result_seconds": first, "cpu_seconds": cpu_seconds + worker_cpu,
            "parent_cpu_seconds": cpu_seconds, "worker_cpu_seconds": worker_cpu,
            "peak_rss_main_mb": main_mb, "peak_rss_worker_mb": worker_mb}


def child_score(data: Path, scorer: str) -> dict:
    """One scorer's timed pass over BBC, under the conditions every scorer gets.

    The child holds the articles and their sentences (segmented by tonesplit,
    as the peers need sentences), whatever the scorer; each scorer warms up on
    the first articles, then scores everything once, keeping no result.
    tonesplit's pass is its whole loop: read from disk, segment, featurize,
    predict, one result per article.
    """
    import tonesplit
    from tonesplit.segment import segment

    texts = [t for _, t in tonesplit.read_corpus(data)]
    sents = [s.text for t in texts for s in segment(t)]
    warm = [s.text for t in texts[:_WARM_ARTICLES] for s in segment(t)]
    if scorer == "tonesplit":
        def run(sentences=None):
            if sentences is not None:  # the warm-up: the first articles
                return sum(r.summary.n_sentences
                           for r in tonesplit.label_corpus(texts[:_WARM_ARTICLES]))
            return sum(r.summary.n_sentences
                       for r in tonesplit.label_corpus(tonesplit.read_corpus(data)))
    elif scorer == "textblob":
        from textblob import TextBlob

        def run(sentences=None):
            return sum(1 for s in (sents if sentences is None else sentences)
                       if TextBlob(s).sentiment.subjectivity >= 0)
    elif scorer == "vader":
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        vader = SentimentIntensityAnalyzer()

        def run(sentences=None):
            return sum(1 for s in (sents if sentences is None else sentences)
                       if vader.polarity_scores(s)["compound"] >= -1)
    else:
        raise ValueError(scorer)
    run(warm)
    wall, cpu = time.perf_counter(), time.process_time()
    n = run()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    assert n == len(sents), (scorer, n, len(sents))
    return {"scorer": scorer, "sentences": n, "articles": len(texts), "seconds": wall,
            "cpu_seconds": cpu, "peak_rss_mb": _maxrss_mb(resource.RUSAGE_SELF)}


def _probe(texts, handle):
    """In a worker: label one chunk as `label_corpus` does; say what is imported."""
    from tonesplit import _workers

    _workers._label_chunk_columns(texts, handle, False)
    heavy = ("sklearn", "pandas", "scipy.stats", "pyarrow", "nltk")  # nltk: the package
    return {"n_modules": len(sys.modules), "has": {m: m in sys.modules for m in heavy}}


def child_startup() -> dict:
    """What a fresh process pays: imports, the model, and a pool's first result."""
    t0 = time.perf_counter()
    import tonesplit

    t1 = time.perf_counter()
    model = tonesplit.load_model()
    t2 = time.perf_counter()
    tonesplit.split("Warm up the segmenter. Now.")
    t3 = time.perf_counter()
    from joblib import Parallel, delayed

    from tonesplit import _workers

    handle = _workers._ModelHandle(model)
    texts = ["It rained on Monday. Perhaps we never learn."]
    t4 = time.perf_counter()
    with Parallel(n_jobs=2, return_as="generator", batch_size=1) as parallel:
        outputs = parallel(delayed(_probe)(texts, handle) for _ in range(2))
        worker = next(outputs)
        t5 = time.perf_counter()
        list(outputs)
    return {"import tonesplit": t1 - t0, "load_model": t2 - t1, "first split() call": t3 - t2,
            "pool creation to first result (n_jobs=2)": t5 - t4, "worker": worker}


def _run_child(args: list[str], one_thread: bool = False) -> dict:
    env = {**os.environ, **(_ONE_THREAD if one_thread else {})}
    src = str(ROOT / "src")
    env["PYTHONPATH"] = src + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    load = os.getloadavg()[0]
    wall = time.perf_counter()
    proc = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True,
                          text=True, env=env, check=False)
    wall = time.perf_counter() - wall
    if proc.returncode != 0:
        raise RuntimeError(f"child {args} failed:\n{proc.stderr}")
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    out["process_seconds"] = wall
    out["loadavg"] = [load, os.getloadavg()[0]]
    return out


# --------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------


def _versions() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": platform.python_version()}
    for name in ("tonesplit", "scikit-learn", "numpy", "joblib", "nltk", "textblob",
                 "vaderSentiment"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = None
    return out


def best_rates(h2h: list[dict]) -> dict[str, dict[str, float]]:
    """Each scorer's best sentences/s over its rounds, wall clock and CPU."""
    out: dict[str, dict[str, float]] = {}
    for r in h2h:
        d = out.setdefault(r["scorer"], {"wall": 0.0, "cpu": 0.0})
        d["wall"] = max(d["wall"], r["sentences"] / r["seconds"])
        d["cpu"] = max(d["cpu"], r["sentences"] / r["cpu_seconds"])
    return out


def _best(runs: list[dict], n_jobs: int, repeat: int, loaded: bool = False) -> dict | None:
    mine = [r for r in runs if r["n_jobs"] == n_jobs and r["repeat"] == repeat
            and r.get("loaded", False) == loaded]
    return min(mine, key=lambda r: r["seconds"]) if mine else None


def evaluate(runs: list[dict], h2h: list[dict] | None) -> dict:
    checks = {}
    if h2h:
        rates = best_rates(h2h)
        if "tonesplit" in rates and "textblob" in rates:
            ratio = rates["tonesplit"]["wall"] / rates["textblob"]["wall"]
            checks["speedup_vs_textblob"] = {
                "value": ratio, "target": ">= 12 (one core, fresh process each, best of rounds)",
                "ok": ratio >= TARGETS["speedup_vs_textblob"]}
            ratio = rates["tonesplit"]["cpu"] / rates["textblob"]["cpu"]
            checks["speedup_vs_textblob_cpu"] = {
                "value": ratio, "target": ">= 12 (informative: per CPU second)",
                "ok": ratio >= TARGETS["speedup_vs_textblob"]}
    for repeat, key in ((1, "n_jobs_2_over_1_at_1x"), (16, "n_jobs_2_over_1_at_16x")):
        one, two = _best(runs, 1, repeat), _best(runs, 2, repeat)
        if one and two:
            ratio = one["seconds"] / two["seconds"]
            checks[key] = {"value": ratio,
                           "target": f">= {TARGETS[key]} (speed of n_jobs=2 over n_jobs=1, best "
                                     "of trials)", "ok": ratio >= TARGETS[key]}
    one, two = _best(runs, 1, 16, loaded=True), _best(runs, 2, 16, loaded=True)
    if one and two:
        ratio = one["seconds"] / two["seconds"]
        checks["n_jobs_2_over_1_at_16x_model_loaded"] = {
            "value": ratio, "ok": ratio >= TARGETS["n_jobs_2_over_1_at_16x"],
            "target": f">= {TARGETS['n_jobs_2_over_1_at_16x']} (informative: the model loaded "
                      "in the parent before the clock; worker start-up still timed)"}
    if runs:
        peak = max(max(r["peak_rss_main_mb"], r["peak_rss_worker_mb"] or 0) for r in runs)
        checks["peak_rss_mb"] = {"value": peak, "target": "<= 300 MB per process",
                                 "ok": peak <= TARGETS["peak_rss_mb"]}
    for n_jobs in sorted({r["n_jobs"] for r in runs}):
        small, big = _best(runs, n_jobs, 1), _best(runs, n_jobs, 16)  # (fresh: start-up included)
        if not (small and big):
            continue
        growth = big["peak_rss_main_mb"] / small["peak_rss_main_mb"]
        if big["peak_rss_worker_mb"] and small["peak_rss_worker_mb"]:  # BBC 1x starts none
            growth = max(growth, big["peak_rss_worker_mb"] / small["peak_rss_worker_mb"])
        growth -= 1
        checks[f"flat_memory_n_jobs_{n_jobs}"] = {
            "value": growth, "target": "16x peak <= 1.1 x 1x peak",
            "ok": growth <= TARGETS["flat_memory_growth"]}
    return checks


def markdown(report: dict) -> str:
    v = report["versions"]
    lines = [
        "# Corpus benchmark",
        "",
        (f"Run {report['date']} on {report['machine']['cpus']} CPUs shared with other jobs "
         f"(load average {report['machine']['loadavg_before']:.1f} before the run, "
         f"{report['machine']['loadavg_after']:.1f} after; each child's own is in "
         f"`corpus.json`), Python {v['python']}, scikit-learn {v['scikit-learn']}, NLTK "
         f"{v['nltk']}, TextBlob {v['textblob']}, vaderSentiment {v['vaderSentiment']}. "
         "Produced by `benchmarks/corpus.py`."),
    ]
    h2h = report.get("head_to_head")
    if h2h:
        rates = best_rates(h2h)
        first = h2h[0]
        lines += [
            "",
            "## One core: tonesplit end to end vs TextBlob and VADER",
            "",
            (f"{first['sentences']:,} sentences of {first['articles']:,} articles. Every scorer "
             "ran in a fresh child process under the same conditions: the same heap (the "
             "articles and their sentences, no results kept), the same warm-up (the first "
             f"{_WARM_ARTICLES} articles, untimed), one thread, then one timed pass; rounds went "
             "TextBlob, VADER, tonesplit, and each scorer's best round counts. tonesplit's pass "
             "is its whole loop (read from disk, segment, featurize, predict, one result per "
             "article); the peers only score the sentences tonesplit's segmenter gave them."),
            "",
            "| scorer | seconds per round | CPU seconds per round | best sentences/s | vs TextBlob | vs TextBlob, CPU |",
            "|---|---|---|---:|---:|---:|",
        ]
        for name in rates:
            mine = [r for r in h2h if r["scorer"] == name]
            walls = " / ".join(f"{r['seconds']:.2f}" for r in mine)
            cpus = " / ".join(f"{r['cpu_seconds']:.2f}" for r in mine)
            lines.append(
                f"| {name} | {walls} | {cpus} | "
                f"{rates[name]['wall']:,.0f} | "
                f"{rates[name]['wall'] / rates['textblob']['wall']:.2f}x | "
                f"{rates[name]['cpu'] / rates['textblob']['cpu']:.2f}x |")
    runs = report.get("runs")
    if runs:
        lines += [
            "",
            "## n_jobs and scale",
            "",
            ("End to end as above, `label_corpus(n_jobs=...)` over the corpus repeated 1x and 16x "
             "(read from disk again each time). `seconds` is the labelling loop, worker start-up "
             "included; `first result` the time to the first `DocumentResult`; `CPU seconds` adds "
             "the workers' CPU time (start-up included) to the main process's. Each line is one "
             "fresh process; configurations were interleaved. With `n_jobs=2` a corpus of at "
             "most 16 chunks (4,096 articles) is labelled in-process (see `label_corpus`), so "
             "BBC 1x never starts workers. Lines marked *loaded* load the model in the parent "
             "before the clock starts (the workers' start-up is still timed); the others "
             "include loading it."),
            "",
            ("| n_jobs | corpus | articles | sentences | seconds | first result (s) | "
             "sentences/s | CPU s (parent + workers) | peak RSS main (MB) | peak RSS worker (MB) | "
             "load avg |"),
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for r in runs:
            worker = "-" if r["peak_rss_worker_mb"] is None else f"{r['peak_rss_worker_mb']:.0f}"
            lines.append(
                f"| {r['n_jobs']} | {r['repeat']}x{' loaded' if r.get('loaded') else ''} | {r['docs']:,} | {r['sentences']:,} | "
                f"{r['seconds']:.2f} | {r['first_result_seconds']:.2f} | "
                f"{r['sentences'] / r['seconds']:,.0f} | {r['cpu_seconds']:.1f}"
                + (f" ({r['parent_cpu_seconds']:.1f} + {r['worker_cpu_seconds']:.1f})"
                   if r.get("parent_cpu_seconds") is not None else "") + " | "
                f"{r['peak_rss_main_mb']:.0f} | {worker} | {r['loadavg'][0]:.1f} |")
    startup = report.get("startup")
    if startup:
        w = startup["worker"]
        has = [m for m, present in w["has"].items() if present]
        lacks = [m for m, present in w["has"].items() if not present]
        lines += [
            "",
            "## Start-up",
            "",
            ("A fresh process: " + ", ".join(
                f"{k} {startup[k]:.2f} s" for k in ("import tonesplit", "load_model",
                                                     "first split() call"))
             + f"; from creating a pool of 2 workers to the first result "
               f"{startup['pool creation to first result (n_jobs=2)']:.2f} s. A worker had "
               f"{w['n_modules']:,} modules imported after its first chunk"
             + (f", among them {', '.join(f'`{m}`' for m in has)}" if has else "")
             + (f"; not {', '.join(f'`{m}`' for m in lacks)}" if lacks else "")
             + " (NLTK's Punkt module is imported without the `nltk` package and taken out of "
               "`sys.modules` again, see `tonesplit._segment._nltk`)."),
        ]
    lines += ["", "## Targets", "", "| target | value | goal | met |", "|---|---:|---|---|"]
    for name, c in report["checks"].items():
        value = c["value"]
        shown = f"{value:.1%}" if "flat" in name else f"{value:.2f}"
        lines.append(f"| {name} | {shown} | {c['target']} | {'yes' if c['ok'] else 'NO'} |")
    if report.get("notes"):
        lines += ["", *report["notes"]]
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=_default_data(),
                        help="the bbc-news folder (default: $TONESPLIT_DATA_HOME/bbc-news)")
    parser.add_argument("--n-jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeats", type=int, nargs="+", default=[1, 16])
    parser.add_argument("--trials", type=int, default=2,
                        help="fresh processes per n_jobs/repeat configuration (best counts)")
    parser.add_argument("--rounds", type=int, default=3, help="head-to-head rounds")
    parser.add_argument("--quick", action="store_true", help="1x only, one trial, one round")
    parser.add_argument("--no-peers", action="store_true", help="skip the head to head")
    parser.add_argument("--out", type=Path, default=HERE / "results")
    parser.add_argument("--note", action="append", default=[],
                        help="a line to add under the tables")
    parser.add_argument("--render", action="store_true",
                        help="only rewrite corpus.md (and the checks) from corpus.json")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--what", default="tonesplit", help=argparse.SUPPRESS)
    parser.add_argument("--repeat", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--loaded", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        if args.what == "startup":
            out = child_startup()
        elif args.what in ("textblob", "vader", "score-tonesplit"):
            out = child_score(args.data, args.what.replace("score-", ""))
        else:
            out = child_tonesplit(args.data, args.n_jobs[0], args.repeat, args.loaded)
        print(json.dumps(out))
        return 0

    if args.render:
        path = args.out / "corpus.json"
        report = json.loads(path.read_text(encoding="utf-8"))
        report["checks"] = evaluate(report["runs"], report.get("head_to_head"))
        report["notes"] = report.get("notes", []) + args.note
        path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        (args.out / "corpus.md").write_text(markdown(report), encoding="utf-8")
        print(markdown(report))
        return 0

    if not args.data.is_dir():
        parser.error(f"no BBC News folder at {args.data} (set TONESPLIT_DATA_HOME or --data)")
    repeats = [1] if args.quick else args.repeats
    trials = 1 if args.quick else args.trials
    rounds = 1 if args.quick else args.rounds
    load_before = os.getloadavg()[0]
    h2h = []
    if not args.no_peers:
        for _ in range(rounds):
            for what in ("textblob", "vader", "score-tonesplit"):
                r = _run_child(["--data", str(args.data), "--what", what], one_thread=True)
                h2h.append(r)
                print(f"{r['scorer']}: {r['sentences']:,} sentences in {r['seconds']:.2f} s "
                      f"({r['cpu_seconds']:.2f} CPU s), load {r['loadavg'][0]:.1f}", flush=True)
    runs = []
    loaded_too = not args.quick and 16 in repeats and {1, 2} <= set(args.n_jobs)
    configs = [(repeat, False) for repeat in repeats] + ([(16, True)] if loaded_too else [])
    for repeat, loaded in configs:
        for _ in range(trials):
            for n_jobs in args.n_jobs:
                r = _run_child(["--data", str(args.data), "--n-jobs", str(n_jobs),
                                "--repeat", str(repeat)] + (["--loaded"] if loaded else []))
                r.update(n_jobs=n_jobs, repeat=repeat, loaded=loaded)
                runs.append(r)
                print(f"n_jobs={n_jobs} {repeat:>2}x{' loaded' if loaded else ''}: "
                      f"{r['docs']:,} articles in "
                      f"{r['seconds']:.2f} s (first result {r['first_result_seconds']:.2f} s), "
                      f"peak RSS {r['peak_rss_main_mb']:.0f} MB main, "
                      f"{r['peak_rss_worker_mb'] or 0:.0f} MB worker, load {r['loadavg'][0]:.1f}",
                      flush=True)
    startup = _run_child(["--what", "startup"])
    report = {
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(),
                    "loadavg_before": load_before, "loadavg_after": os.getloadavg()[0]},
        "versions": _versions(),
        "head_to_head": h2h,
        "runs": runs,
        "startup": startup,
        "checks": evaluate(runs, h2h),
        "notes": args.note,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "corpus.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    (args.out / "corpus.md").write_text(markdown(report), encoding="utf-8")
    print(markdown(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
