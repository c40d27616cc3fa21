"""Benchmark tonesplit.segment: accuracy on the gold set, speed, and linear time.

Accuracy: boundary precision/recall (all boundaries, and the hard ones inside
paragraphs), exact-segment match rate and other-line precision/recall against
tests/data/segmentation_gold.txt, for tonesplit and, in the same run, for a
plain untrained ``nltk.tokenize.punkt.PunktSentenceTokenizer()`` (on the whole
text, and line by line). Speed: MB/s on typical news text. Linear time: 1, 10
and 50 MB of (a) prose, (b) one giant line, (c) a wall of abbreviations and
(d) text with no whitespace at all.

Writes benchmarks/results/segmentation.{json,md} and
benchmarks/results/segment_linear_time.{json,md}. Run from the repository root::

    PYTHONPATH=src python benchmarks/segmentation.py            # everything
    PYTHONPATH=src python benchmarks/segmentation.py --sizes 1 10 --no-linear

MB means 10**6 characters. Times are wall-clock and CPU (process) seconds;
CPU time is the steadier figure on a shared machine.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import nltk
from nltk.tokenize.punkt import PunktSentenceTokenizer

from tonesplit.segment import segment

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "data" / "segmentation_gold.txt"
RESULTS = ROOT / "benchmarks" / "results"

Span = tuple[int, int, str]  # start, end, kind ("prose" or "other")

sys.path.insert(0, str(ROOT / "tests"))
from test_segment import parse_gold  # noqa: E402  (one parser for the gold file)




# --------------------------------------------------------------------------
# systems: each maps a text to spans
# --------------------------------------------------------------------------


def tonesplit_spans(text: str) -> list[Span]:
    return [(s.start, s.end, s.kind) for s in segment(text)]


_PLAIN = PunktSentenceTokenizer()  # untrained: no abbreviations, no NLTK data


def punkt_plain_spans(text: str) -> list[Span]:
    """Plain untrained Punkt over the whole text (newlines are just whitespace to it)."""
    return [(s, e, "prose") for s, e in _PLAIN.span_tokenize(text)]


def punkt_plain_lines_spans(text: str) -> list[Span]:
    """Plain untrained Punkt on each line: isolates what the project's parameters add."""
    out: list[Span] = []
    pos = 0
    for line in text.split("\n"):
        out.extend((pos + s, pos + e, "prose") for s, e in _PLAIN.span_tokenize(line))
        pos += len(line) + 1
    return out


SYSTEMS: dict[str, Callable[[str], list[Span]]] = {
    "tonesplit": tonesplit_spans,
    "punkt_plain": punkt_plain_spans,
    "punkt_plain_per_line": punkt_plain_lines_spans,
}


# --------------------------------------------------------------------------
# accuracy
# --------------------------------------------------------------------------


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


def _prf(tp: int, fp: int, fn: int) -> dict:
    p, r = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    f = round(2 * p * r / (p + r), 4) if p and r else None
    return {"precision": p, "recall": r, "f1": f, "tp": tp, "fp": fp, "fn": fn}


def evaluate(system: Callable[[str], list[Span]], gold) -> dict:
    tp = fp = fn = 0
    tp_in = fp_in = fn_in = 0
    exact = total = 0
    o_tp = o_fp = o_fn = 0
    errors = []
    for art_id, text, segs in gold:
        spans = system(text)
        para_starts = {s for s, _, _, inside in segs if not inside}
        truth = {s for s, _, _, _ in segs[1:]}
        truth_in = {s for s, _, _, inside in segs if inside}
        pred = {s for s, _, _ in spans[1:]}
        pred_in = pred - para_starts
        tp, fp, fn = tp + len(pred & truth), fp + len(pred - truth), fn + len(truth - pred)
        tp_in += len(pred_in & truth_in)
        fp_in += len(pred_in - truth_in)
        fn_in += len(truth_in - pred_in)
        got = {(s, e): k for s, e, k in spans}
        gold_other = {(s, e) for s, e, k, _ in segs if k == "O"}
        for s, e, kind, _ in segs:
            total += 1
            found = got.get((s, e))
            exact += found is not None
            if found is None:
                errors.append({"article": art_id, "missed": text[s:e]})
            if kind == "O":
                o_tp += found == "other"
                o_fn += found != "other"
        o_fp += sum(1 for span, k in got.items() if k == "other" and span not in gold_other)
    return {
        "boundaries_all": _prf(tp, fp, fn),
        "boundaries_inside_paragraphs": _prf(tp_in, fp_in, fn_in),
        "exact_segment_match_rate": _ratio(exact, total),
        "other_lines": _prf(o_tp, o_fp, o_fn),
        "gold_segments_not_reproduced": errors,
    }


# --------------------------------------------------------------------------
# speed and linear time
# --------------------------------------------------------------------------


def _timed(fn: Callable[[], object]) -> tuple[float, float, object]:
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def typical_corpus(gold, megabytes: float) -> list[str]:
    """Gold articles, repeated to ``megabytes`` million characters of news text."""
    texts = [text for _, text, _ in gold]
    size = sum(map(len, texts))
    reps = max(1, round(megabytes * 1e6 / size))
    return texts * reps


def default_news_dir() -> Path:
    """The BBC News articles of the shared data (read at run time, never copied)."""
    home = os.environ.get("TONESPLIT_DATA_HOME")
    return (Path(home) if home else ROOT.parent / "shared" / "data") / "bbc-news"


def read_news(folder: Path) -> list[str]:
    # one file is not valid UTF-8: a corpus run must survive it
    return [p.read_bytes().decode("utf-8", "replace") for p in sorted(folder.glob("*/*.txt"))]


def _pysbd():
    """pySBD's English segmenter (the ``bench`` extra), or None when not installed."""
    try:
        import pysbd
    except ImportError:
        return None
    return pysbd.Segmenter(language="en", clean=False)


def golden_rules() -> dict:
    """pySBD's 48 English golden rules (tests/golden_rules_en.py), for each system.

    tonesplit keeps a list item's marker outside its sentence, so for it an
    expected sentence is compared without its marker; boundaries exactly.
    """
    from golden_rules_en import GOLDEN_EN_RULES

    from tonesplit._segment._fixes import item_marker

    systems: dict[str, Callable[[str], list[str]]] = {
        "tonesplit": lambda t: [x.text for x in segment(t) if x.kind == "prose"],
        "punkt_plain": lambda t: [t[a:b].strip() for a, b in _PLAIN.span_tokenize(t)],
    }
    sbd = _pysbd()
    if sbd is not None:
        systems["pysbd"] = lambda t: [x.strip() for x in sbd.segment(t)]
    out = {}
    for name, fn in systems.items():
        failed = []
        for i, (text, expected) in enumerate(GOLDEN_EN_RULES, 1):
            if name == "tonesplit":
                expected = [e[item_marker(e):] for e in expected]
            if fn(text) != expected:
                failed.append({"rule": i, "text": text})
        out[name] = {"passed": len(GOLDEN_EN_RULES) - len(failed),
                     "total": len(GOLDEN_EN_RULES), "failed": failed}
    return out


_MEMORY_PROBE = """
import resource, sys
from tonesplit.segment import segment
segment("Warm up. It rained.")
line = (open(sys.argv[1], encoding="utf-8").read().replace("\\n", " ") * 400)[:{n}]
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
n = len(segment(line))
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(before, after, n)
"""


def memory_on_one_line(megabytes: int = 20) -> dict:
    """Peak resident memory added by one ``segment()`` call on a single line of
    ``megabytes`` million characters (gold prose joined by spaces), in a fresh process."""
    import subprocess

    code = _MEMORY_PROBE.replace("{n}", str(int(megabytes * 1e6)))
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    res = subprocess.run([sys.executable, "-c", code, str(GOLD)], capture_output=True,
                         text=True, check=True, env=env)
    before, after, n = map(int, res.stdout.split())
    # the input string alone is 1 byte per character (ASCII) or more
    return {"megabytes": megabytes, "segments": n, "peak_rss_before_mb": round(before / 1024, 1),
            "peak_rss_after_mb": round(after / 1024, 1),
            "added_mb": round((after - before) / 1024, 1)}


def speed(docs: list[str], with_pysbd: bool = False) -> dict:
    chars = sum(map(len, docs))
    out = {"characters": chars, "documents": len(docs)}
    peers: list[tuple[str, Callable[[str], object]]] = [
        ("tonesplit", segment),
        ("punkt_plain", lambda d: list(_PLAIN.span_tokenize(d))),
    ]
    sbd = _pysbd() if with_pysbd else None
    if sbd is not None:
        peers.append(("pysbd", sbd.segment))
    for name, fn in peers:
        fn(docs[0])  # warm up (builds the tokenizer)
        wall, cpu, result = _timed(lambda fn=fn: [fn(d) for d in docs])
        n = sum(map(len, result))
        out[name] = {
            "wall_s": round(wall, 3),
            "cpu_s": round(cpu, 3),
            "mb_per_s_wall": round(chars / 1e6 / wall, 3),
            "mb_per_s_cpu": round(chars / 1e6 / cpu, 3),
            "segments": n,
            "segments_per_s_cpu": round(n / cpu),
        }
    return out


def _repeat_to(unit: str, n: int) -> str:
    return (unit * (n // len(unit) + 1))[:n]


def linear_inputs(gold) -> dict[str, Callable[[int], str]]:
    prose = "\n".join(text for _, text, _ in gold) + "\n"
    return {
        "prose": lambda n: _repeat_to(prose, n),
        "giant_line": lambda n: _repeat_to(prose.replace("\n", " "), n),
        "abbreviation_wall": lambda n: _repeat_to(
            "Dr. Mr. U.S. e.g. etc. Inc. Gen. St. Jan. No. ", n
        ),
        "no_whitespace": lambda n: _repeat_to('Dr.U.S.3.5%"a!b?(c).x\u2026', n),
    }


def linear_time(gold, sizes: Iterable[float]) -> dict:
    segment("warm up.")
    rows = {}
    for kind, make in linear_inputs(gold).items():
        rows[kind] = []
        for mb in sizes:
            text = make(int(mb * 1e6))
            wall, cpu, result = _timed(lambda text=text: segment(text))
            rows[kind].append(
                {
                    "mb": mb,
                    "wall_s": round(wall, 3),
                    "cpu_s": round(cpu, 3),
                    "wall_s_per_mb": round(wall / mb, 4),
                    "cpu_s_per_mb": round(cpu / mb, 4),
                    "segments": len(result),
                }
            )
            print(
                f"  linear {kind:18} {mb:>5} MB  cpu {cpu:8.2f}s  ({cpu / mb:.3f} s/MB)", flush=True
            )
            del text, result
    return rows


# --------------------------------------------------------------------------
# reports
# --------------------------------------------------------------------------


def _environment() -> dict:
    return {
        "python": platform.python_version(),
        "nltk": nltk.__version__,
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "load_average_1min": round(os.getloadavg()[0], 2),
    }


def _fmt(x) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def accuracy_markdown(report: dict) -> str:
    lines = [
        "# Segmentation: accuracy and speed",
        "",
        (
            f"Gold set: `tests/data/segmentation_gold.txt`: {report['gold']['articles']} articles, "
            f"{report['gold']['segments']} segments ({report['gold']['other_lines']} non-prose "
            f"lines), {report['gold']['boundaries']} boundaries, "
            f"{report['gold']['boundaries_inside_paragraphs']} of them inside paragraphs."
        ),
        "",
        (
            "| system | boundary P | boundary R | inside-paragraph P | inside-paragraph R "
            "| exact segments | other-line P | other-line R |"
        ),
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, r in report["systems"].items():
        a, i, o = r["boundaries_all"], r["boundaries_inside_paragraphs"], r["other_lines"]
        lines.append(
            f"| {name} | {_fmt(a['precision'])} | {_fmt(a['recall'])} | {_fmt(i['precision'])} | "
            f"{_fmt(i['recall'])} | {_fmt(r['exact_segment_match_rate'])} | {_fmt(o['precision'])} | "
            f"{_fmt(o['recall'])} |"
        )
    lines += [
        "",
        (
            "`punkt_plain` is `PunktSentenceTokenizer()` untrained, on the whole text; "
            "`punkt_plain_per_line` is the same on each line. Neither finds non-prose lines."
        ),
        "",
        "## Speed",
        "",
        "| text | characters | documents | system | MB/s (CPU) | MB/s (wall) | segments/s (CPU) |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    names = {
        "gold_repeated": "gold articles, repeated (dense in hard cases)",
        "bbc_news": "BBC News, 2,225 real articles",
    }
    for corpus, s in report["speed"].items():
        for name in ("tonesplit", "punkt_plain", "pysbd"):
            if name not in s:
                continue
            r = s[name]
            lines.append(
                f"| {names.get(corpus, corpus)} | {s['characters']:,} | {s['documents']:,} | {name} "
                f"| {r['mb_per_s_cpu']} | {r['mb_per_s_wall']} | {r['segments_per_s_cpu']:,} |"
            )
    bbc = report["speed"].get("bbc_news", {})
    if "pysbd" in bbc:
        ratio = bbc["pysbd"]["cpu_s"] and bbc["pysbd"]["cpu_s"] / bbc["tonesplit"]["cpu_s"]
        lines += ["", f"On the same BBC articles in the same run, tonesplit segments "
                  f"**{ratio:.0f}x** as fast as pySBD {bbc['pysbd_version']} (CPU time; "
                  "both warmed up on the first article)."]
    mem = report.get("memory_one_line")
    if mem:
        lines += ["", f"Memory: one `segment()` call on a single {mem['megabytes']} MB line "
                  f"({mem['segments']:,} sentences) raised the peak resident size of a fresh "
                  f"process by {mem['added_mb']} MB (from {mem['peak_rss_before_mb']} MB, "
                  "the input string included)."]
    rules = report["golden_rules"]
    lines += ["", "## pySBD's 48 English golden rules", "",
              "| system | rules passed |", "| --- | --- |"]
    lines += [f"| {name} | {r['passed']}/{r['total']} |" for name, r in rules.items()]
    lines += ["", "Rules from pySBD's `tests/lang/test_english.py` (MIT), in "
              "`tests/golden_rules_en.py`. tonesplit keeps a list item's marker outside its "
              "sentence, so its expected sentences are compared without the marker.", ""]
    for name, r in rules.items():
        for f in r["failed"]:
            lines.append(f"- {name} fails rule {f['rule']}: {f['text']!r}")
    misses = report["systems"]["tonesplit"]["gold_segments_not_reproduced"]
    lines += ["", f"## tonesplit: gold segments not reproduced ({len(misses)})", ""]
    lines += [f"- {m['article']}: {m['missed']!r}" for m in misses] or ["- none"]
    env = report["environment"]
    lines += [
        "",
        (
            f"Python {env['python']}, NLTK {env['nltk']}, {env['machine']}, {env['cpus']} CPUs, "
            f"load average {env['load_average_1min']} when written (a shared machine: CPU time "
            "is the steadier figure)."
        ),
        "",
    ]
    return "\n".join(lines)


def linear_markdown(report: dict) -> str:
    lines = [
        "# Segmentation: linear time",
        "",
        (
            "One `segment()` call per input. MB = 10^6 characters. Linear time shows as a "
            "flat seconds-per-MB column."
        ),
        "",
        "| input | MB | CPU s | CPU s/MB | wall s | wall s/MB | segments |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for kind, rows in report["results"].items():
        for r in rows:
            lines.append(
                f"| {kind} | {r['mb']} | {r['cpu_s']} | {r['cpu_s_per_mb']} | {r['wall_s']} | "
                f"{r['wall_s_per_mb']} | {r['segments']} |"
            )
    lines += [
        "",
        (
            "Inputs: `prose` = the gold articles repeated (one paragraph per line); `giant_line` = "
            "the same with every newline replaced by a space; `abbreviation_wall` = "
            '"Dr. Mr. U.S. e.g. etc. Inc. Gen. St. Jan. No. " repeated (a Punkt candidate every '
            "4-5 characters); `no_whitespace` = 'Dr.U.S.3.5%\"a!b?(c).x…' repeated, no whitespace "
            "at all."
        ),
        "",
    ]
    env = report["environment"]
    lines += [
        (
            f"Python {env['python']}, NLTK {env['nltk']}, {env['cpus']} CPUs, load average "
            f"{env['load_average_1min']} when written (a shared machine: CPU time is the "
            "steadier figure)."
        ),
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        type=float,
        nargs="+",
        default=[1, 10, 50],
        help="input sizes in MB for the linear-time runs (default: 1 10 50)",
    )
    parser.add_argument(
        "--speed-mb",
        type=float,
        default=4.0,
        help="MB of typical news text for the speed run (default: 4)",
    )
    parser.add_argument(
        "--news-dir",
        type=Path,
        default=default_news_dir(),
        help="BBC News folder for a speed run on real articles, skipped if absent "
        "(default: $TONESPLIT_DATA_HOME/bbc-news, else ../shared/data/bbc-news)",
    )
    parser.add_argument("--no-linear", action="store_true", help="skip the linear-time runs")
    args = parser.parse_args(argv)

    RESULTS.mkdir(parents=True, exist_ok=True)
    gold = parse_gold()
    report = {
        "gold": {
            "file": str(GOLD.relative_to(ROOT)),
            "articles": len(gold),
            "segments": sum(len(s) for _, _, s in gold),
            "other_lines": sum(1 for _, _, segs in gold for x in segs if x[2] == "O"),
            "boundaries": sum(len(s) - 1 for _, _, s in gold),
            "boundaries_inside_paragraphs": sum(1 for _, _, segs in gold for x in segs if x[3]),
        },
        "systems": {name: evaluate(fn, gold) for name, fn in SYSTEMS.items()},
        "environment": _environment(),
    }
    for name, r in report["systems"].items():
        a, i = r["boundaries_all"], r["boundaries_inside_paragraphs"]
        print(
            f"{name:22} boundaries P={a['precision']} R={a['recall']}  "
            f"inside P={i['precision']} R={i['recall']}  exact={r['exact_segment_match_rate']}"
        )
    report["golden_rules"] = golden_rules()
    for name, r in report["golden_rules"].items():
        print(f"golden rules {name}: {r['passed']}/{r['total']}")
    report["speed"] = {"gold_repeated": speed(typical_corpus(gold, args.speed_mb))}
    if args.news_dir.is_dir():
        report["speed"]["bbc_news"] = speed(read_news(args.news_dir), with_pysbd=True)
        if "pysbd" in report["speed"]["bbc_news"]:
            import pysbd

            report["speed"]["bbc_news"]["pysbd_version"] = pysbd.__version__
    report["memory_one_line"] = memory_on_one_line(20)
    print("memory on one 20 MB line:", report["memory_one_line"])
    for corpus, r in report["speed"].items():
        print(
            f"speed on {corpus}: tonesplit {r['tonesplit']['mb_per_s_cpu']} MB/s (CPU), "
            f"plain Punkt {r['punkt_plain']['mb_per_s_cpu']} MB/s (CPU)"
            + (f", pySBD {r['pysbd']['mb_per_s_cpu']} MB/s (CPU)" if "pysbd" in r else "")
        )
    (RESULTS / "segmentation.json").write_text(
        json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    )
    (RESULTS / "segmentation.md").write_text(accuracy_markdown(report))

    if not args.no_linear:
        linear = {
            "sizes_mb": args.sizes,
            "results": linear_time(gold, args.sizes),
            "environment": _environment(),
        }
        (RESULTS / "segment_linear_time.json").write_text(json.dumps(linear, indent=2) + "\n")
        (RESULTS / "segment_linear_time.md").write_text(linear_markdown(linear))
    return 0


if __name__ == "__main__":
    sys.exit(main())
