"""A long fuzz session of the command line and of `split` (hypothesis).

    PYTHONPATH=src python3 benchmarks/fuzz_cli.py --examples 3000
    PYTHONPATH=src python3 benchmarks/fuzz_cli.py --examples 200 --targets split,cli

Targets
-------
split
    Any valid string (mixes of sentences, abbreviations, newlines, punctuation,
    markup, any Unicode): `split` does not raise; sentences are in order, do
    not overlap, ``text[start:end] == sentence.text``, together they cover
    every non-whitespace character once; labels valid; probabilities in [0, 1]
    (``None`` for other); `facts` holds exactly the factual sentences. With a
    lone surrogate inserted, `split` raises ``ValueError``.
corpus
    `label_corpus` over random documents (text, ``None``, bytes, surrogates,
    long strings) and random ``batch_size``: one result per document, in
    order (no document lost), each with valid sentences or an error record.
cli
    ``tonesplit.cli.main(argv)`` in-process with random commands, options and
    values, random files (random bytes, text in several encodings, JSON Lines,
    CSV, gzip, real and damaged models and cards) and random standard input;
    sometimes a standard output that breaks (``BrokenPipeError``). ``main``
    must return a documented exit code, never 70 (internal error), never raise,
    never print a traceback; JSON output must parse. ``tonesplit.training`` is
    replaced by a fake (training a real model per example would take minutes),
    whose ``evaluate`` returns random nested metrics, NaN included.
models
    Every command that loads or describes a model (``label``, ``evaluate``,
    ``info``) given a model file of any kind: real, truncated and padded,
    random bytes, text, empty; with no card, a matching card, a card that is
    not JSON, a card naming an old scikit-learn; trusted or not. Same rules as
    ``cli``.
render
    The metrics table and the JSON writer over random nested metrics.

Each target's number of examples run (shrinking included) and its failures
(hypothesis' minimal example and error) go to
``benchmarks/results/fuzz_cli.json``. Exit status 1 if any target failed.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import io
import json
import os
import platform
import random
import re
import sys
import tempfile
import time
import traceback
import types
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as _seed
from hypothesis import strategies as st

import tonesplit
from tonesplit._segment._fixes import item_marker
from tonesplit.cli import _available, main
from tonesplit.cli._common import to_json
from tonesplit.cli._evaluate import format_metrics
from tonesplit.sentence import LABELS

HERE = Path(__file__).resolve().parent
DEFAULT_OUTPUT = HERE / "results" / "fuzz_cli.json"

#: Exit codes `main` may return (docs/cli.md); 70 means a bug.
DOCUMENTED = {0, 1, 2, 3, 4, 5, 6, 130, 141}

# -- strategies -------------------------------------------------------------------

WORDS = [
    "the", "council", "said", "it", "rained", "perhaps", "we", "never", "learn", "bridge",
    "Officials", "Ms.", "Mr.", "Dr.", "St.", "U.S.", "e.g.", "i.e.", "etc.", "No.", "Jan.",
    "a.m.", "3.5", "1,000", "52", "$3m", "50%", "Macron", "O'Brien", "naïve", "東京", "مرحبا",
    "😀", "👩‍👩‍👧", "x\u0301", "<b>", "</p>", "&amp;", "http://x.y/z?a=1", "...", "…", "—",
    "reminder", "fragile", "should", "must", "surely", "\"quoted words here today\"",
]
SPACE = [" ", "\n", "\n\n", "\t", "\r\n", "\r", "\u00a0", "\u2028", "\x0b", "\x0c", "\x85",
         "\u3000"]
LINES = ["Sources: Reuters, AP", "By Jane Doe", "Read more:", "https://example.com/a",
         "12:30 GMT", "# Heading", "* bullet", "Photo: Getty Images", "Tags: politics",
         "AI Image Disclaimer: graphics are AI-generated.", "LONDON (Reuters) -"]
PUNCT = [".", "!", "?", "...", ",", ";", ":", '"', "“", "”", "(", ")", "?!", "。", "！"]

no_surrogates = st.characters(blacklist_categories=("Cs",))
sentence = st.builds(lambda ws, end: " ".join(ws) + end,
                     st.lists(st.sampled_from(WORDS), min_size=1, max_size=16),
                     st.sampled_from([".", "!", "?", "...", ".”", "", "。"]))
piece = st.one_of(sentence, sentence, st.sampled_from(SPACE), st.sampled_from(PUNCT),
                  st.sampled_from(LINES), st.text(no_surrogates, max_size=8),
                  st.text(st.characters(codec="ascii"), max_size=8))
article = st.lists(piece, max_size=60).map("".join)
any_text = st.one_of(article, article, st.text(no_surrogates, max_size=600))


def _settings(n: int, seed: int):
    """max_examples ``n``, reproducible from ``seed``."""
    config = settings(max_examples=n, deadline=None, database=None,
                      suppress_health_check=list(HealthCheck),
                      phases=[Phase.generate, Phase.target, Phase.shrink])

    def decorate(fn):
        return _seed(seed)(config(fn))
    return decorate


# -- invariants ---------------------------------------------------------------------

def check_sentences(text: str, sentences) -> None:
    prev = 0
    for s in sentences:
        assert prev <= s.start < s.end <= len(text), (prev, s)
        assert text[s.start:s.end] == s.text, s
        gap = text[prev:s.start]
        if gap.strip():  # only a list item's marker may stand outside its sentence
            at = prev + len(gap) - len(gap.lstrip())
            assert s.label != "other" and item_marker(text, at) == s.start - at, \
                f"left out: {gap!r}"
        assert s.label in LABELS, s
        if s.label == "other":
            assert s.p_reflective is None, s
        else:
            assert 0.0 <= s.p_reflective <= 1.0, s
        prev = s.end
    rest = text[prev:]
    assert rest == "" or rest.isspace(), f"left out at the end: {rest!r}"


# -- targets ------------------------------------------------------------------------

class Counter:
    def __init__(self):
        self.n = 0


def fuzz_split(n: int, seed: int, count: Counter):
    @_settings(n, seed)
    @given(any_text, st.integers(0, 600), st.sampled_from(["\ud800", "\udfff", "\udc80"]))
    def run(text, at, surrogate):
        count.n += 1
        out = tonesplit.split(text)
        check_sentences(text, out)
        factual = [t for s in out if s.label == "factual" for t in s.text.split()]
        assert tonesplit.facts(text).split() == factual
        try:
            tonesplit.split(text[:at] + surrogate + text[at:])
        except ValueError:
            pass
        else:
            raise AssertionError("a lone surrogate was accepted")

    run()


document = st.one_of(
    article, article, st.text(no_surrogates, max_size=200),
    st.none(), st.binary(max_size=30), st.integers(), st.floats(allow_nan=True),
    st.builds(lambda t, i: t[:i] + "\ud800" + t[i:], article, st.integers(0, 50)),
    st.builds(lambda k: "word " * k, st.integers(0, 300_000)),
)


def fuzz_corpus(n: int, seed: int, count: Counter):
    @_settings(n, seed)
    @given(st.lists(document, max_size=12), st.integers(1, 5),
           st.sampled_from([None, 100, 1_000_000]), st.booleans())
    def run(docs, batch_size, max_chars, with_ids):
        count.n += 1
        items = [(f"id{i}", d) for i, d in enumerate(docs)] if with_ids else docs
        results = list(tonesplit.label_corpus(items, batch_size=batch_size,
                                              max_chars=max_chars))
        assert len(results) == len(docs), "documents lost"
        for i, (r, d) in enumerate(zip(results, docs)):
            assert r.doc_id == (f"id{i}" if with_ids else i)
            if r.ok:
                assert isinstance(d, str)
                check_sentences(d, r.sentences)
            else:
                assert r.error.type in ("TypeError", "ValueError"), r.error

    run()


metric_leaf = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(),
                        st.text(max_size=8), st.none(), st.booleans())
metrics = st.recursive(
    st.dictionaries(st.sampled_from(["macro_f1", "ci_low", "ci_high", "n", "value", "low",
                                     "high", "ece", "skipped", "peers", "dev_test",
                                     "textblob", "vader", "genre"]) | st.text(max_size=6),
                    metric_leaf, max_size=6),
    lambda children: st.dictionaries(
        st.sampled_from(["macro_f1", "peers", "dev_test", "textblob", "genre", "subj"])
        | st.text(max_size=6), children | metric_leaf | st.lists(metric_leaf, max_size=3),
        max_size=5),
    max_leaves=25,
)


def fuzz_render(n: int, seed: int, count: Counter):
    @_settings(n, seed)
    @given(metrics)
    def run(m):
        count.n += 1
        lines = format_metrics(m)
        assert all(isinstance(x, str) for x in lines)
        json.loads(to_json(m))

    run()


# -- the CLI target -------------------------------------------------------------------

class _FakeTraining(types.ModuleType):
    def __init__(self):
        super().__init__("tonesplit.training")
        self.next_metrics: dict = {}

    def train(self, output, *, data_home=None, seed=0, verbose=False):
        model = _small_model()
        return model.save(output, card={"metrics": self.next_metrics, "training_data": [
            {"source": "fuzz", "licence": "CC0", "sentences": 8}]})

    def evaluate(self, model=None, *, data_home=None):
        return self.next_metrics


_SMALL = []


def _small_model():
    if not _SMALL:
        X = ["Officials said the bridge reopened.", "Perhaps we never learn.",
             "The vote passed 52 to 48.", "What a sad reminder of our folly."] * 3
        y = ["factual", "reflective"] * 6
        _SMALL.append(tonesplit.ToneClassifier(min_df=1, calibrate=False).fit(X, y))
    return _SMALL[0]


ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1", "utf-32"]


@st.composite
def file_content(draw) -> bytes:
    kind = draw(st.sampled_from(["bytes", "text", "jsonl", "csv", "gzip", "empty", "model",
                                 "damaged_model", "article"]))
    if kind == "bytes":
        return draw(st.binary(max_size=2000))
    if kind == "empty":
        return b""
    if kind in ("text", "article"):
        text = draw(article if kind == "article" else any_text)
        enc = draw(st.sampled_from(ENCODINGS))
        return text.encode(enc, errors="replace")
    if kind == "jsonl":
        rows = draw(st.lists(st.one_of(
            st.fixed_dictionaries({"id": st.text(max_size=5) | st.integers(),
                                   "text": any_text | st.none() | st.integers()}),
            st.text(max_size=20).map(lambda t: t)), max_size=6))
        return "\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows).encode()
    if kind == "csv":
        rows = draw(st.lists(st.lists(st.text(max_size=30), max_size=4), max_size=6))
        header = draw(st.sampled_from(["id,text", "text", "a,b", ""]))
        return (header + "\n" + "\n".join(",".join(r) for r in rows)).encode(
            "utf-8", errors="replace")
    if kind == "gzip":
        return gzip.compress(draw(any_text).encode("utf-8"))
    buf = io.BytesIO()
    import joblib

    joblib.dump(_small_model(), buf, compress=3)
    data = buf.getvalue()
    if kind == "model":
        return data
    cut = draw(st.integers(0, len(data)))
    return data[:cut] + draw(st.binary(max_size=20))


SUFFIXES = [".txt", ".jsonl", ".csv", ".tsv", ".gz", ".joblib", ".json", "", ".txt.gz"]


@st.composite
def _well_formed(draw, command: str, model_files: list[str], inputs: list[str]) -> list[str]:
    """A mostly valid invocation of ``command``: real options, plausible values."""
    argv = [command]

    def maybe(*words):
        if draw(st.booleans()):
            argv.extend(words)

    elsewhere = st.sampled_from(["missing.joblib", "dir"])
    model = st.one_of(st.sampled_from(model_files), st.sampled_from(model_files),
                      st.sampled_from(model_files), elsewhere) if model_files else elsewhere
    def model_options():
        how = draw(st.sampled_from(["none", "model", "trusted", "trusted", "trusted-alone"]))
        if how in ("model", "trusted"):
            argv.extend(["--model", draw(model)])
        if how in ("trusted", "trusted-alone"):
            argv.append("--trusted")

    if command == "label":
        maybe("--format", draw(st.sampled_from(["table", "jsonl", "csv", "tsv"])))
        maybe("--level", draw(st.sampled_from(["sentence", "document"])))
        maybe("--input-format", draw(st.sampled_from(["auto", "text", "jsonl", "csv", "tsv"])))
        maybe("--batch-size", str(draw(st.integers(1, 5))))
        maybe("--max-chars", str(draw(st.integers(1, 2000))))
        model_options()
        maybe("--output", draw(st.sampled_from(["out.jsonl", "out.csv", "dir", "nodir/o.txt"])))
        argv.extend(draw(st.lists(st.sampled_from(inputs + ["-", "dir", "missing.txt",
                                                            "*.txt", "f*"]),
                                  min_size=1, max_size=3)))
    elif command == "train":
        maybe("--output", draw(st.sampled_from(["m.joblib", "dir/m.joblib", "m.json", "dir",
                                                "nodir/m.joblib"])))
        maybe("--seed", str(draw(st.integers(-2, 2**33))))
        maybe("--data-home", draw(st.sampled_from(["dir", "missing"])))
        maybe("--json")
    elif command == "evaluate":
        model_options()
        maybe("--data-home", draw(st.sampled_from(["dir", "missing"])))
        maybe("--json")
    else:
        maybe("--model", draw(model))
        maybe("--json")
    return argv


@st.composite
def cli_case(draw):
    commands = ["label", "train", "evaluate", "info"]
    files = draw(st.lists(st.tuples(st.sampled_from(SUFFIXES), file_content(),
                                    st.sampled_from([None, "card", "badcard", "randcard"])),
                          min_size=1, max_size=3))
    stdin = draw(st.one_of(st.binary(max_size=600),
                           any_text.map(lambda t: t.encode("utf-8", errors="replace"))))
    names = [f"f{i}{suf}" for i, (suf, _, _) in enumerate(files)]
    models = [n for n, (_, c, _) in zip(names, files)] or []
    paths = st.sampled_from(names + ["-", "missing.txt", "dir", "out.jsonl", "m.joblib",
                                     "dir/x.joblib", "nodir/x.joblib"])
    if draw(st.integers(0, 3)) > 0:  # three times in four: a well-formed invocation
        command = draw(st.sampled_from(commands))
        argv = draw(_well_formed(command, models, names))
        if draw(st.integers(0, 4)) == 0:  # sometimes one word replaced by noise
            i = draw(st.integers(0, len(argv) - 1))
            argv[i] = draw(st.text(no_surrogates, max_size=6).filter(_safe_token))
    else:
        command = draw(st.sampled_from(commands + ["lab", "", "--help", "-h", "--version"]))
        options = {
            "label": ["-f", "--format", "--level", "-o", "--output", "--model", "--trusted",
                      "--input-format", "--text-field", "--id-field", "--pattern",
                      "--max-chars", "--batch-size", "-j", "--progress"],
            "train": ["--output", "-o", "--data-home", "--seed", "--json", "-v"],
            "evaluate": ["--model", "--trusted", "--data-home", "--json"],
            "info": ["--model", "--json"],
        }.get(command, ["--json", "--model"])
        values = st.one_of(paths, st.sampled_from(["table", "jsonl", "csv", "tsv", "sentence",
                                                   "document", "auto", "text", "0", "1", "-1",
                                                   "7", "abc", "1e3", "", "*.txt", "id",
                                                   "2**40", "99999999999999999999"]),
                           st.text(no_surrogates, max_size=6).filter(_safe_token))
        argv = [command] if command else []
        for _ in range(draw(st.integers(0, 6))):
            if draw(st.booleans()):
                argv.append(draw(st.sampled_from(options)))
            argv.append(draw(values))
        if command == "label" and draw(st.booleans()):
            argv.append(draw(paths))
    # -j above 1 would start worker processes for every example: keep it to 1
    argv = ["1" if prev in ("-j", "--n-jobs") else a
            for prev, a in zip([None] + argv[:-1], argv)]
    broken_pipe = draw(st.integers(0, 9)) == 0
    return argv, list(zip(names, files)), stdin, broken_pipe, draw(metrics)


def _safe_token(t: str) -> bool:
    """No absolute paths, parent folders or home: the fuzz stays in its folder."""
    return not (t.startswith(("/", "~")) or ".." in t or "\x00" in t or "*" in t)


@contextlib.contextmanager
def _chdir(path):
    old = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(old)


class _BreakingStdout(io.TextIOWrapper):
    def write(self, s):
        raise BrokenPipeError(32, "Broken pipe")


def fuzz_cli(n: int, seed: int, count: Counter, stats: dict, found: dict, cases=None):
    """Every distinct failure is recorded in ``found`` (with its first example) and the
    session goes on, so that one known bug does not hide the others."""
    cases = cli_case() if cases is None else cases
    from tonesplit.persist import card_path, sha256_of

    fake = _FakeTraining()
    # restored afterwards, so that the fuzz can run inside a test session
    saved_module = sys.modules.get("tonesplit.training")
    saved_attr = vars(tonesplit).get("training")
    sys.modules["tonesplit.training"] = fake
    tonesplit.training = fake  # type: ignore[attr-defined]

    @_settings(n, seed)
    @given(cases)
    def run(case):
        argv, files, stdin, broken_pipe, fake_metrics = case
        count.n += 1
        fake.next_metrics = fake_metrics
        with tempfile.TemporaryDirectory() as tmp, _chdir(tmp):
            tmp_real = os.path.realpath(tmp)
            Path("dir").mkdir()
            (Path("dir") / "a.txt").write_text("It rained. Perhaps it always will.")
            for name, (_, content, card) in files:
                Path(name).write_bytes(content)
                if card == "card":
                    card_path(name).write_text(json.dumps({"sha256": sha256_of(name)}))
                elif card == "badcard":
                    card_path(name).write_bytes(b"\xff{")
                elif card == "randcard":
                    card_path(name).write_text(json.dumps(
                        {"sha256": sha256_of(name), "versions": {"scikit-learn": "0.1"}}))
            out_buf, err_buf = io.BytesIO(), io.BytesIO()
            out = (_BreakingStdout if broken_pipe else io.TextIOWrapper)(
                out_buf, encoding="utf-8", errors="strict", write_through=True)
            err = io.TextIOWrapper(err_buf, encoding="utf-8", errors="backslashreplace",
                                   write_through=True)
            inp = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8", errors="strict")
            saved = sys.stdin, sys.stdout, sys.stderr
            sys.stdin, sys.stdout, sys.stderr = inp, out, err
            try:
                code = main(argv)
            except BaseException as e:
                sys.stdin, sys.stdout, sys.stderr = saved
                raise AssertionError(f"main raised {type(e).__name__}: {e}") from e
            finally:
                sys.stdin, sys.stdout, sys.stderr = saved
            stdout = out_buf.getvalue().decode("utf-8", errors="replace")
            stderr = err_buf.getvalue().decode("utf-8", errors="replace")
        if os.environ.get("FUZZ_VERBOSE"):
            print(code, argv, stderr.strip().splitlines()[-1:] if stderr.strip() else "",
                  file=sys.__stderr__)
        stats[str(code)] = stats.get(str(code), 0) + 1
        problem = None
        if not (isinstance(code, int) and code in DOCUMENTED) or code == 70:
            problem = f"exit {code}"
        elif "Traceback" in stderr:
            problem = "traceback on stderr"
        elif not broken_pipe and code in (0, 1):
            try:
                if "--json" in argv and argv[:1] in (["info"], ["evaluate"], ["train"]):
                    json.loads(stdout)
                elif argv[:1] == ["label"] and ("jsonl" in argv or not any(
                        a in argv for a in ("-f", "--format", "-o", "--output"))):
                    for line in stdout.splitlines():
                        if line.strip():
                            json.loads(line)
            except ValueError as err:
                problem = f"invalid JSON output: {err}"
        if problem is not None:
            last = stderr.strip().splitlines()[-1] if stderr.strip() else ""
            last = last.replace(tmp_real, "<tmp>").replace(tmp, "<tmp>")
            # one entry per kind of failure: the exception's type, not its details
            key = problem + " | " + re.sub(r"\((\w+): [^)]*\)", r"(\1)", last)[:200]
            entry = found.setdefault(key, {"problem": problem, "count": 0,
                                           "first_example": {
                                               "argv": argv, "stderr": stderr[-1500:],
                                               "files": [{"name": n, "bytes": len(c),
                                                          "head": repr(c[:40]), "card": card}
                                                         for n, (_, c, card) in files],
                                               "broken_pipe": broken_pipe}})
            entry["count"] += 1

    try:
        run()
    finally:
        if saved_module is None:
            sys.modules.pop("tonesplit.training", None)
        else:
            sys.modules["tonesplit.training"] = saved_module
        if saved_attr is None:
            vars(tonesplit).pop("training", None)
        else:
            tonesplit.training = saved_attr  # type: ignore[attr-defined]


@st.composite
def model_case(draw):
    """A model file of any kind (real, damaged, junk, empty), with or without a card
    (matching, not JSON, naming an old scikit-learn), given to every command that
    loads or describes a model, trusted or not."""
    content = draw(file_content())
    card = draw(st.sampled_from([None, "card", "badcard", "randcard"]))
    name = "f0" + draw(st.sampled_from([".joblib", ".txt", ".pkl", ""]))
    command = draw(st.sampled_from(["label", "evaluate", "info"]))
    argv = [command, "--model", name]
    if command != "info" and draw(st.booleans()):
        argv.append("--trusted")
    if draw(st.booleans()):
        argv.append("--json" if command != "label" else "--format=jsonl")
    if command == "label":
        argv.append(draw(st.sampled_from(["dir", "-"])))
    return argv, [(name, ("", content, card))], b"It rained. Perhaps it always will.", \
        False, {}


def fuzz_models(n: int, seed: int, count: Counter, stats: dict, found: dict):
    fuzz_cli(n, seed, count, stats, found, cases=model_case())


# -- the session ----------------------------------------------------------------------

TARGETS = {"split": fuzz_split, "corpus": fuzz_corpus, "render": fuzz_render, "cli": fuzz_cli,
           "models": fuzz_models}


def _run_target(name: str, n: int, seed: int) -> dict:
    count = Counter()
    stats: dict = {}
    random.seed(seed)
    start = time.perf_counter()
    failures = []
    found: dict = {}
    try:
        if name in ("cli", "models"):
            TARGETS[name](n, seed, count, stats, found)
        else:
            TARGETS[name](n, seed, count)
    except BaseException as err:
        if isinstance(err, KeyboardInterrupt):
            raise
        errors = getattr(err, "exceptions", [err])
        for e in errors:
            failures.append({
                "error": f"{type(e).__name__}: {str(e)[:2000]}",
                "falsifying_example": "\n".join(getattr(e, "__notes__", []))[:4000],
                "traceback": "".join(traceback.format_exception(e))[-3000:],
            })
    failures += [{"error": k, "count": v["count"], "falsifying_example": v["first_example"]}
                 for k, v in found.items()]
    out = {"examples_run": count.n, "max_examples": n, "failures": failures,
           "seconds": round(time.perf_counter() - start, 1)}
    if stats:
        out["exit_codes"] = dict(sorted(stats.items(), key=lambda kv: int(kv[0])))
    return out


def main_(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=2000,
                        help="hypothesis max_examples per target (default: 2000)")
    parser.add_argument("--targets", default=",".join(TARGETS),
                        help=f"comma-separated subset of {','.join(TARGETS)}")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)
    names = [t for t in args.targets.split(",") if t]
    unknown = set(names) - set(TARGETS)
    if unknown:
        parser.error(f"unknown targets: {sorted(unknown)}")
    tonesplit.load_model()  # load once, outside the timings
    started = time.perf_counter()
    report = {
        "what": "benchmarks/fuzz_cli.py: hypothesis fuzzing of tonesplit's CLI (in-process "
                "main(argv) with random files and stdin), split(), label_corpus() and the "
                "metrics renderer",
        "command": "PYTHONPATH=src python3 benchmarks/fuzz_cli.py " + " ".join(
            argv if argv is not None else sys.argv[1:]),
        "python": platform.python_version(),
        "hypothesis": __import__("hypothesis").__version__,
        "scikit-learn": __import__("sklearn").__version__,
        "tonesplit": tonesplit.__version__,
        "label_command_installed": _available("label"),
        "targets": {},
    }
    for name in names:
        print(f"fuzzing {name} ({args.examples} examples)...", file=sys.stderr, flush=True)
        report["targets"][name] = result = _run_target(name, args.examples, args.seed)
        print(f"  {result['examples_run']} run, {len(result['failures'])} failures, "
              f"{result['seconds']} s", file=sys.stderr, flush=True)
    report["examples_run"] = sum(t["examples_run"] for t in report["targets"].values())
    report["failures"] = sum(len(t["failures"]) for t in report["targets"].values())
    report["seconds"] = round(time.perf_counter() - started, 1)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n",
                           encoding="utf-8")
    print(f"{report['examples_run']} examples, {report['failures']} failures, "
          f"{report['seconds']} s -> {args.output}", file=sys.stderr)
    return 1 if report["failures"] else 0


if __name__ == "__main__":
    os.environ.setdefault("TONESPLIT_DEBUG", "")
    sys.exit(main_())
