"""Corpus throughput and memory: tonesplit end to end against TextBlob.

Labels all 2,225 BBC News articles end to end (read from disk with
`tonesplit.read_corpus`, segment, featurize, predict, one `DocumentResult`
each) and scores the same sentences with TextBlob's subjectivity and VADER:

- **head to head** (the speed target): one process, one core, each scorer
  warmed up once (TextBlob's lexicon, VADER's analyzer, tonesplit's model and
  Punkt), then interleaved rounds, so that a slow spell on the machine hits
  all three alike;
- **scale and memory**: n_jobs 1 and 2, at 1x, 4x and 16x the corpus (the
  stream read from disk again for each repeat), each configuration in a fresh
  child process, start-up included, so that its peak resident memory
  (``ru_maxrss``) is its own; with n_jobs > 1 the workers' peak is read after
  they exit (``RUSAGE_CHILDREN``). A cold TextBlob run in its own process
  gives the start-up-included ratio.

Writes ``benchmarks/results/corpus.json`` and ``corpus.md``. Not a test:
timings depend on the machine and on what else runs on it (the load average
is recorded).

    PYTHONPATH=src python3 benchmarks/corpus.py            # full run, a few minutes
    PYTHONPATH=src python3 benchmarks/corpus.py --quick    # 1x only
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
    "speedup_vs_textblob": 10.0,  # one core, end to end, sentences/s
    "bbc_seconds_2_cores": 5.0,
    "peak_rss_mb": 300.0,
    "flat_memory_growth": 0.10,  # 16x peak at most 10% above 1x peak
    "time_16x_over_1x": 17.0,
}


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


def child_tonesplit(data: Path, n_jobs: int, repeat: int) -> dict:
    import tonesplit

    start = time.perf_counter()
    cpu = time.process_time()
    docs = sentences = failed = 0
    for result in tonesplit.label_corpus(_stream(data, repeat), n_jobs=n_jobs):
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
        cpu_seconds += usage.ru_utime + usage.ru_stime  # workers, start-up included
    return {"docs": docs, "sentences": sentences, "failed": failed, "seconds": seconds,
            "cpu_seconds": cpu_seconds, "peak_rss_main_mb": main_mb,
            "peak_rss_worker_mb": worker_mb}


def child_textblob(data: Path) -> dict:
    from textblob import TextBlob

    import tonesplit
    from tonesplit.segment import segment

    texts = [t for _, t in tonesplit.read_corpus(data)]
    sents = [s.text for t in texts for s in segment(t)]
    TextBlob("Warm up the lexicon once.").sentiment  # noqa: B018 - not timed
    start = time.perf_counter()
    cpu = time.process_time()
    total = 0.0
    for s in sents:
        total += TextBlob(s).sentiment.subjectivity
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu
    return {"sentences": len(sents), "seconds": seconds, "cpu_seconds": cpu_seconds,
            "mean_subjectivity": total / len(sents),
            "peak_rss_main_mb": _maxrss_mb(resource.RUSAGE_SELF)}


def child_head_to_head(data: Path, rounds: int) -> dict:
    """tonesplit end to end beside TextBlob and VADER, in one process, interleaved.

    Each scorer is warmed up first (TextBlob's lexicon, VADER's analyzer,
    tonesplit's model and Punkt), then every round times tonesplit's whole
    loop (read from disk, segment, featurize, predict, results) and the peers'
    scoring of the same sentences, so that a slow spell on the machine hits
    all three alike.
    """
    from textblob import TextBlob
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    import tonesplit
    from tonesplit.segment import segment

    texts = [t for _, t in tonesplit.read_corpus(data)]
    sents = [s.text for t in texts for s in segment(t)]
    vader = SentimentIntensityAnalyzer()
    tonesplit.split("Warm up the model. And the segmenter.")
    TextBlob("Warm up the lexicon once.").sentiment  # noqa: B018
    vader.polarity_scores("Warm up once.")

    def run_tonesplit():
        return sum(r.summary.n_sentences for r in tonesplit.label_corpus(tonesplit.read_corpus(data)))

    def run_textblob():
        return sum(1 for s in sents if TextBlob(s).sentiment.subjectivity >= 0)

    def run_vader():
        return sum(1 for s in sents if vader.polarity_scores(s)["compound"] >= -1)

    timed: dict[str, list[tuple[float, float]]] = {"tonesplit": [], "textblob": [], "vader": []}
    counts = {}
    for _ in range(rounds):
        for name, fn in (("tonesplit", run_tonesplit), ("textblob", run_textblob),
                         ("vader", run_vader)):
            wall, cpu = time.perf_counter(), time.process_time()
            counts[name] = fn()
            timed[name].append((time.perf_counter() - wall, time.process_time() - cpu))
    assert counts["tonesplit"] == counts["textblob"] == len(sents), counts
    return {"sentences": len(sents), "articles": len(texts), "rounds": rounds,
            "seconds": {k: [w for w, _ in v] for k, v in timed.items()},
            "cpu_seconds": {k: [c for _, c in v] for k, v in timed.items()}}


def _cpu(f, *args):
    t = time.process_time()
    out = f(*args)
    return time.process_time() - t, out


def _stages_once(data: Path, model) -> dict:
    import tonesplit
    from tonesplit.api import label_documents
    from tonesplit.segment import segment_spans  # what the labelling path calls

    read, docs = _cpu(lambda: list(tonesplit.read_corpus(data)))
    texts = [t for _, t in docs]
    seg, segs = _cpu(lambda: [segment_spans(t) for t in texts])
    prose = [text for d in segs for text, _, _, kind in d if kind == "prose"]
    chunks = [prose[i:i + 5000] for i in range(0, len(prose), 5000)]  # as in label_corpus
    feats, X = _cpu(lambda: [model.features_.transform(c) for c in chunks])
    linear, _ = _cpu(lambda: [model.linear_.decision_function(x) for x in X])
    whole, _ = _cpu(lambda: [label_documents(texts[i:i + 256], model)
                             for i in range(0, len(texts), 256)])
    total, _ = _cpu(lambda: sum(1 for _ in tonesplit.label_corpus(tonesplit.read_corpus(data))))
    return {
        "read_corpus": read,
        "segment": seg,
        "features": feats,
        "linear model": linear,
        "rest of label_documents (calibration, context pass, Sentence values)":
            max(whole - seg - feats - linear, 0.0),
        "corpus.py (chunks, checks, results)": max(total - whole - read, 0.0),
        "total (label_corpus end to end)": total,
    }


def child_stages(data: Path) -> dict:
    """CPU seconds of each stage on the 1x corpus, after a warm-up, best of 5."""
    import tonesplit
    from tonesplit.segment import segment

    model = tonesplit.load_model()
    segment("Warm up the segmenter. Now.")
    best: dict[str, float] = {}
    for _ in range(5):
        for k, v in _stages_once(data, model).items():
            best[k] = min(best.get(k, v), v)
    return {"cpu_seconds": best}


def child_startup() -> dict:
    """What a fresh worker process pays before its first chunk."""
    t0 = time.perf_counter()
    import tonesplit

    t1 = time.perf_counter()
    tonesplit.load_model()
    t2 = time.perf_counter()
    from tonesplit.segment import segment

    segment("Warm up the segmenter. Now.")
    t3 = time.perf_counter()
    return {"import tonesplit": t1 - t0, "load_model": t2 - t1, "first segment() call": t3 - t2}


def _run_child(args: list[str]) -> dict:
    env = {**os.environ}
    src = str(ROOT / "src")
    env["PYTHONPATH"] = src + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    wall = time.perf_counter()
    proc = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True,
                          text=True, env=env, check=False)
    wall = time.perf_counter() - wall
    if proc.returncode != 0:
        raise RuntimeError(f"child {args} failed:\n{proc.stderr}")
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    out["process_seconds"] = wall
    return out


# --------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------


def _versions() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    import joblib
    import numpy
    import sklearn

    import tonesplit

    try:
        tb = version("textblob")
    except PackageNotFoundError:
        tb = None
    return {"python": platform.python_version(), "tonesplit": tonesplit.__version__,
            "scikit-learn": sklearn.__version__, "numpy": numpy.__version__,
            "joblib": joblib.__version__, "textblob": tb}


def head_to_head_rates(h2h: dict) -> dict[str, float]:
    """Sentences per second of each scorer: its best round."""
    return {k: h2h["sentences"] / min(v) for k, v in h2h["seconds"].items()}


def evaluate(runs: list[dict], textblob: dict | None, h2h: dict | None = None) -> dict:
    by = {(r["n_jobs"], r["repeat"]): r for r in runs}
    checks = {}
    if h2h:
        rates = head_to_head_rates(h2h)
        ratio = rates["tonesplit"] / rates["textblob"]
        checks["speedup_vs_textblob"] = {
            "value": ratio, "target": ">= 10 (same process, warm, best round each)",
            "ok": ratio >= TARGETS["speedup_vs_textblob"]}
        per_round = sorted(tb / ts for ts, tb in zip(h2h["seconds"]["tonesplit"],
                                                      h2h["seconds"]["textblob"]))
        ratio = per_round[len(per_round) // 2]
        checks["speedup_vs_textblob_median_round"] = {
            "value": ratio, "target": ">= 10 (informative: median of the rounds' ratios)",
            "ok": ratio >= TARGETS["speedup_vs_textblob"]}
    one = by.get((1, 1))
    if one and textblob:
        tb_rate = textblob["sentences"] / textblob["seconds"]
        ratio = (one["sentences"] / one["seconds"]) / tb_rate
        checks["speedup_vs_textblob_cold"] = {
            "value": ratio, "target": ">= 10 (informative: fresh process, start-up included)",
            "ok": ratio >= TARGETS["speedup_vs_textblob"]}
        steady = by.get((1, 16))
        if steady:  # start-up (imports, model) amortised over 16 passes
            ratio = (steady["sentences"] / steady["seconds"]) / tb_rate
            checks["speedup_vs_textblob_16x"] = {
                "value": ratio, "target": ">= 10 (informative)",
                "ok": ratio >= TARGETS["speedup_vs_textblob"]}
            # per CPU second: insensitive to what else runs on the machine
            ratio = ((steady["sentences"] / steady["cpu_seconds"])
                     / (textblob["sentences"] / textblob["cpu_seconds"]))
            checks["speedup_vs_textblob_cpu"] = {
                "value": ratio, "target": ">= 10 (informative, per CPU second)",
                "ok": ratio >= TARGETS["speedup_vs_textblob"]}
    two = by.get((2, 1))
    if two:
        checks["bbc_seconds_2_cores"] = {"value": two["seconds"], "target": "<= 5 s",
                                         "ok": two["seconds"] <= TARGETS["bbc_seconds_2_cores"]}
    fastest = min((r["seconds"] for r in runs if r["repeat"] == 1), default=None)
    if fastest is not None:
        checks["bbc_seconds_fastest_n_jobs"] = {
            "value": fastest, "target": "<= 5 s (informative: best n_jobs on this machine)",
            "ok": fastest <= TARGETS["bbc_seconds_2_cores"]}
    peak = max(max(r["peak_rss_main_mb"], r["peak_rss_worker_mb"] or 0) for r in runs)
    checks["peak_rss_mb"] = {"value": peak, "target": "<= 300 MB per process",
                             "ok": peak <= TARGETS["peak_rss_mb"]}
    for n_jobs in sorted({r["n_jobs"] for r in runs}):
        small, big = by.get((n_jobs, 1)), by.get((n_jobs, 16))
        if not (small and big):
            continue
        growth = max(
            big["peak_rss_main_mb"] / small["peak_rss_main_mb"],
            (big["peak_rss_worker_mb"] or 1) / (small["peak_rss_worker_mb"] or 1),
        ) - 1
        checks[f"flat_memory_n_jobs_{n_jobs}"] = {
            "value": growth, "target": "16x peak <= 1.1 x 1x peak",
            "ok": growth <= TARGETS["flat_memory_growth"]}
        ratio = big["seconds"] / small["seconds"]
        checks[f"time_16x_over_1x_n_jobs_{n_jobs}"] = {
            "value": ratio, "target": "<= 17", "ok": ratio <= TARGETS["time_16x_over_1x"]}
    return checks


def markdown(report: dict) -> str:
    lines = [
        "# Corpus benchmark",
        "",
        (f"Run {report['date']} on {report['machine']['cpus']} CPUs "
         f"(load average before the run {report['machine']['loadavg_before']:.1f}, after "
         f"{report['machine']['loadavg_after']:.1f}), Python {report['versions']['python']}, "
         f"scikit-learn {report['versions']['scikit-learn']}, "
         f"TextBlob {report['versions']['textblob']}. Produced by `benchmarks/corpus.py`."),
        "",
        ("End to end: read from disk with `read_corpus`, segment, featurize, predict, one "
         "`DocumentResult` per article. `seconds` is the labelling loop, worker start-up "
         "included; `CPU seconds` adds the workers' CPU time (their start-up included) to the "
         "main process's. Each configuration ran in a fresh process (peak RSS is its own; "
         "workers' peak is the largest worker's)."),
        "",
        ("| n_jobs | corpus | articles | sentences | seconds | articles/s | sentences/s "
         "| CPU seconds | peak RSS main (MB) | peak RSS worker (MB) |"),
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in report["runs"]:
        worker = "-" if r["peak_rss_worker_mb"] is None else f"{r['peak_rss_worker_mb']:.0f}"
        lines.append(
            f"| {r['n_jobs']} | {r['repeat']}x | {r['docs']:,} | {r['sentences']:,} | "
            f"{r['seconds']:.2f} | {r['docs'] / r['seconds']:,.0f} | "
            f"{r['sentences'] / r['seconds']:,.0f} | {r['cpu_seconds']:.1f} | "
            f"{r['peak_rss_main_mb']:.0f} | {worker} |")
    h2h = report.get("head_to_head")
    if h2h:
        rates = head_to_head_rates(h2h)
        lines += [
            "",
            (f"Head to head, one process, one core, {h2h['rounds']} interleaved rounds after "
             f"each scorer's warm-up, {h2h['sentences']:,} sentences of {h2h['articles']:,} "
             "articles. tonesplit's time is its whole loop (read from disk, segment, "
             "featurize, predict, one result per article); the peers only score the "
             "sentences tonesplit's segmenter gave them."),
            "",
            "| scorer | seconds per round | best sentences/s | vs TextBlob |",
            "|---|---|---:|---:|",
        ]
        for name, secs in h2h["seconds"].items():
            shown = " / ".join(f"{x:.2f}" for x in secs)
            lines.append(f"| {name} | {shown} | {rates[name]:,.0f} | "
                         f"{rates[name] / rates['textblob']:.2f}x |")
    tb = report.get("textblob")
    if tb:
        lines += [
            "",
            (f"TextBlob subjectivity on the same {tb['sentences']:,} sentences (scoring only, "
             f"one core, segmentation and reading not counted): {tb['seconds']:.2f} s "
             f"({tb['cpu_seconds']:.1f} CPU seconds), "
             f"{tb['sentences'] / tb['seconds']:,.0f} sentences/s."),
        ]
    lines += ["", "| target | value | goal | met |", "|---|---:|---|---|"]
    for name, c in report["checks"].items():
        value = c["value"]
        shown = f"{value:.1%}" if "flat" in name else f"{value:.2f}"
        lines.append(f"| {name} | {shown} | {c['target']} | {'yes' if c['ok'] else 'NO'} |")
    stages = report.get("stages")
    if stages:
        cpu = stages["cpu_seconds"]
        total = cpu["total (label_corpus end to end)"]
        lines += ["", ("Where the time goes, one core, 1x corpus, CPU seconds (best of 5, "
                       "after warm-up):"), "", "| stage | CPU s | share |", "|---|---:|---:|"]
        for k, v in cpu.items():
            lines.append(f"| {k} | {v:.2f} | {v / total:.0%} |")
    startup = report.get("startup")
    if startup:
        parts = ", ".join(f"{k} {v:.2f} s" for k, v in startup.items() if k != "process_seconds")
        lines += ["", (f"Start-up of a fresh process (what each worker pays before its first "
                       f"chunk, besides spawning): {parts}; the whole child process took "
                       f"{startup['process_seconds']:.2f} s.")]
    if report.get("notes"):
        lines += ["", *report["notes"]]
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=_default_data(),
                        help="the bbc-news folder (default: $TONESPLIT_DATA_HOME/bbc-news)")
    parser.add_argument("--n-jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeats", type=int, nargs="+", default=[1, 4, 16])
    parser.add_argument("--quick", action="store_true", help="1x only")
    parser.add_argument("--no-textblob", action="store_true")
    parser.add_argument("--out", type=Path, default=HERE / "results")
    parser.add_argument("--note", action="append", default=[],
                        help="a line to add under the tables")
    parser.add_argument("--render", action="store_true",
                        help="only rewrite corpus.md (and the checks) from corpus.json")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--what", default="tonesplit", help=argparse.SUPPRESS)
    parser.add_argument("--repeat", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--rounds", type=int, default=3,
                        help="interleaved rounds of the head-to-head run")
    args = parser.parse_args(argv)

    if args.child:
        if args.what == "textblob":
            out = child_textblob(args.data)
        elif args.what == "stages":
            out = child_stages(args.data)
        elif args.what == "startup":
            out = child_startup()
        elif args.what == "head-to-head":
            out = child_head_to_head(args.data, args.rounds)
        else:
            out = child_tonesplit(args.data, args.n_jobs[0], args.repeat)
        print(json.dumps(out))
        return 0

    if args.render:
        path = args.out / "corpus.json"
        report = json.loads(path.read_text(encoding="utf-8"))
        report["checks"] = evaluate(report["runs"], report.get("textblob"),
                                    report.get("head_to_head"))
        path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        (args.out / "corpus.md").write_text(markdown(report), encoding="utf-8")
        print(markdown(report))
        return 0

    if not args.data.is_dir():
        parser.error(f"no BBC News folder at {args.data} (set TONESPLIT_DATA_HOME or --data)")
    repeats = [1] if args.quick else args.repeats
    load_before = os.getloadavg()[0]
    runs = []
    for n_jobs in args.n_jobs:
        for repeat in repeats:
            r = _run_child(["--data", str(args.data), "--n-jobs", str(n_jobs),
                            "--repeat", str(repeat)])
            r.update(n_jobs=n_jobs, repeat=repeat)
            runs.append(r)
            print(f"n_jobs={n_jobs} {repeat:>2}x: {r['docs']:,} articles, "
                  f"{r['sentences']:,} sentences in {r['seconds']:.2f} s "
                  f"({r['sentences'] / r['seconds']:,.0f} sentences/s), peak RSS "
                  f"{r['peak_rss_main_mb']:.0f} MB main, {r['peak_rss_worker_mb'] or 0:.0f} MB "
                  "worker", flush=True)
    textblob = None
    if not args.no_textblob:
        textblob = _run_child(["--data", str(args.data), "--what", "textblob"])
        print(f"TextBlob: {textblob['sentences']:,} sentences in {textblob['seconds']:.2f} s",
              flush=True)
    h2h = None
    if not args.no_textblob:
        h2h = _run_child(["--data", str(args.data), "--what", "head-to-head",
                          "--rounds", str(args.rounds)])
        rates = head_to_head_rates(h2h)
        print("head to head: " + ", ".join(f"{k} {v:,.0f}/s" for k, v in rates.items()),
              flush=True)
    stages = _run_child(["--data", str(args.data), "--what", "stages"])
    startup = _run_child(["--what", "startup"])
    report = {
        "stages": stages,
        "startup": startup,
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(),
                    "loadavg_before": load_before, "loadavg_after": os.getloadavg()[0]},
        "versions": _versions(),
        "runs": runs,
        "textblob": textblob,
        "head_to_head": h2h,
        "checks": evaluate(runs, textblob, h2h),
        "notes": args.note,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "corpus.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    (args.out / "corpus.md").write_text(markdown(report), encoding="utf-8")
    print(markdown(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
