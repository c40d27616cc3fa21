"""Concurrency and determinism.

One model object serves many threads at once (results are values, nothing is
kept per call on the model); two processes give byte-identical output; the
results of `label_corpus` do not depend on ``batch_size`` or ``n_jobs``.
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from importlib import resources
from pathlib import Path

import pytest

import tonesplit

SRC = Path(tonesplit.__file__).resolve().parent.parent

SYNTHETIC = [
    ("Officials said 40 homes were flooded on Tuesday. Perhaps it is a reminder of how "
     "fragile we are.\nThe mayor said repairs would cost $3.5 million. What a week it has "
     "been!"),
    ("The vote passed 52 to 48. We should all feel ashamed of how long it took.\n\n"
     "Sources: Reuters, AP"),
    "",
    "Police arrested two men near the station on Friday night.",
    "It is a lesson we seem determined to forget. Dr. Smith disagreed.",
]


def genre_articles(limit: int = 40) -> list[str]:
    """Article texts rebuilt from the genre corpus shipped as package data
    (``data/genre/FORMAT.md``), plus a few synthetic ones."""
    articles: list[list[list[str]]] = []
    folder = resources.files("tonesplit") / "data" / "genre"
    for f in sorted(folder.iterdir(), key=lambda p: p.name):
        if not (f.name.startswith("articles-") and f.name.endswith(".txt")):
            continue
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.startswith("=== "):
                articles.append([[]])
            elif not articles or line.startswith("#"):
                continue
            elif not line.strip():
                articles[-1].append([])
            elif line[:2] in ("R ", "F ", "O "):
                articles[-1][-1].append(line[2:])
    texts = ["\n".join(" ".join(p) for p in a if p) for a in articles]
    return SYNTHETIC + texts[:limit]


@pytest.fixture(scope="module")
def articles():
    return genre_articles()


def as_json(labelled) -> str:
    return json.dumps([dataclasses.asdict(s) for s in labelled], ensure_ascii=False)


def test_eight_threads_share_one_model(articles):
    model = tonesplit.load_model()
    serial = [tonesplit.split(a, model=model) for a in articles]
    start = threading.Barrier(8)

    def work(offset):
        start.wait()  # all threads enter the model together
        order = articles[offset:] + articles[:offset]
        got = [tonesplit.split(a, model=model) for a in order]
        return got[len(articles) - offset:] + got[:len(articles) - offset]

    for _ in range(2):
        with ThreadPoolExecutor(8) as pool:
            results = list(pool.map(work, range(8)))
        for got in results:
            assert got == serial


def test_threads_mix_every_entry_point(articles):
    model = tonesplit.load_model()
    sentences = [s.text for a in articles[:10] for s in tonesplit.segment(a)][:60]
    serial = {
        "proba": model.predict_proba(sentences).tolist(),
        "explain": [model.explain(s) for s in sentences[:10]],
        "facts": [tonesplit.facts(a) for a in articles[:10]],
        "label": [tonesplit.label(s) for s in sentences[:20]],
    }
    calls = {
        "proba": lambda: model.predict_proba(sentences).tolist(),
        "explain": lambda: [model.explain(s) for s in sentences[:10]],
        "facts": lambda: [tonesplit.facts(a) for a in articles[:10]],
        "label": lambda: [tonesplit.label(s) for s in sentences[:20]],
    }
    with ThreadPoolExecutor(8) as pool:
        futures = [(k, pool.submit(fn)) for _ in range(4) for k, fn in calls.items()]
        for key, fut in futures:
            assert fut.result() == serial[key], key


def test_shipped_model_loads_once_under_a_thread_race():
    code = """
import threading, tonesplit
barrier = threading.Barrier(8); got = []
def go():
    barrier.wait(); got.append(tonesplit.load_model())
ts = [threading.Thread(target=go) for _ in range(8)]
[t.start() for t in ts]; [t.join() for t in ts]
assert len(got) == 8 and all(m is got[0] for m in got), "several shipped models"
print("ok")
"""
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                         check=False)
    assert out.stdout.strip() == "ok", out.stderr


def test_two_processes_give_byte_identical_json(tmp_path, articles):
    path = tmp_path / "articles.json"
    path.write_text(json.dumps(articles), encoding="utf-8")
    code = f"""
import dataclasses, json, sys, tonesplit
texts = json.loads(open({str(path)!r}, encoding="utf-8").read())
out = [[dataclasses.asdict(s) for s in tonesplit.split(t)] for t in texts]
sys.stdout.buffer.write(json.dumps(out, ensure_ascii=False).encode("utf-8"))
"""
    outputs = []
    for seed in ("1", "2"):  # different hash seeds: no dependence on set/dict order
        env = {**os.environ, "PYTHONPATH": str(SRC), "PYTHONHASHSEED": seed}
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, env=env,
                              check=False)
        assert proc.returncode == 0, proc.stderr.decode()
        outputs.append(proc.stdout)
    assert outputs[0] == outputs[1]
    in_process = json.dumps([[dataclasses.asdict(s) for s in tonesplit.split(t)]
                             for t in articles], ensure_ascii=False).encode("utf-8")
    assert outputs[0] == in_process


def test_two_cli_processes_give_byte_identical_output(tmp_path, articles):
    from tonesplit.cli import _available

    if not _available("label"):
        pytest.skip("tonesplit label is not installed yet")
    folder = tmp_path / "docs"
    folder.mkdir()
    for i, a in enumerate(articles[:15]):
        (folder / f"{i:03d}.txt").write_text(a, encoding="utf-8")
    outputs = []
    for seed in ("3", "4"):
        env = {**os.environ, "PYTHONPATH": str(SRC), "PYTHONHASHSEED": seed}
        proc = subprocess.run([sys.executable, "-m", "tonesplit", "label", "--format", "jsonl",
                               str(folder)], capture_output=True, env=env, cwd=tmp_path,
                              check=False)
        assert proc.returncode == 0, proc.stderr.decode()
        outputs.append(proc.stdout)
    assert outputs[0] == outputs[1] and outputs[0]


# -- label_corpus -----------------------------------------------------------------

def corpus_docs(articles):
    docs = [(f"a{i}", a) for i, a in enumerate(articles)]
    # hostile documents in between: each must come out as an error result, in place
    docs.insert(3, ("none", None))
    docs.insert(7, ("bytes", b"It rained."))
    docs.insert(11, ("surrogate", "It rained \ud800."))
    return docs


@pytest.mark.parametrize("batch_size,n_jobs", [(1, 1), (3, 1), (256, 1), (2, 2), (7, 2)])
def test_label_corpus_does_not_depend_on_batch_size_or_n_jobs(articles, batch_size, n_jobs):
    docs = corpus_docs(articles)
    results = list(tonesplit.label_corpus(docs, batch_size=batch_size, n_jobs=n_jobs))
    assert [r.doc_id for r in results] == [d for d, _ in docs], "documents lost or reordered"
    failed = {r.doc_id: r.error.type for r in results if not r.ok}
    assert failed == {"none": "TypeError", "bytes": "TypeError", "surrogate": "ValueError"}
    for r, (_, text) in zip(results, docs):
        if r.ok:
            assert list(r.sentences) == tonesplit.split(text)
