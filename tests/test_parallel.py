"""Results across processes: columnar arrays from the workers, the same values as one job.

Workers send back `tonesplit._workers._Columns` (offsets, label codes,
probabilities, flags; errors as small records) and the parent builds the
`Sentence` values from the texts it holds. Nothing here is timed.
"""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from tonesplit import _workers, label_corpus, read_corpus
from tonesplit.corpus import ErrorInfo

from .exploding_model import ExplodingModel

ROOT = Path(__file__).resolve().parents[1]
DATA_HOME = Path(os.environ.get("TONESPLIT_DATA_HOME", ROOT.parent / "shared" / "data"))
BBC = DATA_HOME / "bbc-news"

#: Documents of every kind a corpus run meets: prose, quotations (``quoted``
#: sentences), "other" lines (no probability), empty and whitespace-only
#: documents, and documents that fail in the parent (not a str, too long).
DOCS = [
    ("prose", "The vote passed 52 to 48 on Tuesday. Perhaps we never learn."),
    ("quote", '"It is a disgrace," said the mayor. "We will fight this." The council met on Monday.'),
    ("other", "Sources: Reuters, AP\n\nThe bridge opened in 1932. What a marvel it remains!"),
    ("empty", ""),
    ("blank", "   \n\n  "),
    ("none", None),
    ("bytes", b"raw bytes"),
    ("long", "x" * 5_000),
    (("tuple", "id"), "Officials said 40 homes were flooded. It is a sorry end."),
    (7, "Chelsea have sacked Adrian Mutu after he failed a drugs test."),
]


def _run(docs, **kwargs):
    return list(label_corpus(docs, max_chars=4_000, **kwargs))


def test_one_chunk_round_trips_through_columns_to_the_same_values(model):
    chunk = [(doc_id, doc if isinstance(doc, str) else TypeError("not str"))
             for doc_id, doc in DOCS]
    here = _workers._label_chunk(chunk, model, False)
    cols = _workers._label_chunk_columns([_workers._text(d) for _, d in chunk], model, False)
    cols = pickle.loads(pickle.dumps(cols))  # as it travels back
    assert _workers._unpack(chunk, cols, False) == here
    # only arrays and small records travel: no Sentence, no text, no id
    assert all(isinstance(getattr(cols, f), np.ndarray)
               for f in ("sizes", "starts", "ends", "labels", "p_reflective", "has_p", "quoted"))
    blob = pickle.dumps(cols)
    assert b"Sentence" not in blob and b"disgrace" not in blob and b"tuple" not in blob


@pytest.mark.parametrize("keep", [False, True])
def test_a_chunk_with_failures_round_trips_to_the_same_values(keep):
    # the worker's fallback: the batch raises, so each document is labelled
    # alone and only the culprits fail, in place, as in this process
    model = ExplodingModel()
    texts = ["It rained. Then it stopped.", "It went BOOM.", "", "   ",
             "Sources: Reuters\n\nThe vote passed. What a marvel!", "BOOM again."]
    chunk = [(f"d{i}", t) for i, t in enumerate(texts)] + [("bad", TypeError("not str"))]
    here = _workers._label_chunk(chunk, model, keep)
    cols = _workers._label_chunk_columns([_workers._text(d) for _, d in chunk], model, keep)
    back = _workers._unpack(chunk, pickle.loads(pickle.dumps(cols)), keep)
    assert [r for r, _ in back] == [r for r, _ in here]
    assert [type(e).__name__ for _, e in back] == [type(e).__name__ for _, e in here]
    assert [r.ok for r, _ in back] == [True, False, True, True, True, False, False]


def test_quoted_and_other_sentences_survive_the_trip(model):
    texts = [doc for _, doc in DOCS[:3]]
    results = _workers._unpack([(i, t) for i, t in enumerate(texts)],
                               _workers._label_chunk_columns(texts, model, False), False)
    sentences = [s for r, _ in results for s in r.sentences]
    assert any(s.quoted for s in sentences)
    assert any(s.label == "other" and s.p_reflective is None for s in sentences)
    assert any(s.label != "other" and s.p_reflective is not None for s in sentences)


def test_parallel_equals_serial_with_failing_and_empty_documents():
    docs = DOCS * 6
    # the same chunks both ways: the worker path must change nothing, to the bit
    serial = _run(docs, batch_size=4)
    parallel = _run(docs, n_jobs=2, batch_size=4)
    assert parallel == serial  # ids, order, sentences, summaries, errors, texts
    assert [r.doc_id for r in parallel] == [d for d, _ in docs]
    kinds = {r.doc_id: r.error for r in parallel[:len(DOCS)]}
    assert kinds["none"] == ErrorInfo("TypeError", "document must be str, got NoneType")
    assert kinds["long"].type == "ValueError" and kinds["empty"] is None
    assert any(s.quoted for r in parallel for s in r.sentences)


def test_errors_raised_in_workers_come_back_as_records_in_place():
    docs = [(f"d{i}", "It went BOOM." if i % 5 == 2 else DOCS[i % 3][1]) for i in range(30)]
    model = ExplodingModel()
    serial = _run(docs, model=model, batch_size=4)
    parallel = _run(docs, model=model, n_jobs=2, batch_size=4)
    assert parallel == serial
    assert [r.ok for r in parallel] == [i % 5 != 2 for i in range(30)]
    assert parallel[2].error == ErrorInfo("RuntimeError", "the model exploded")
    assert parallel[2].text == "It went BOOM."


@pytest.mark.skipif(not BBC.is_dir(), reason="BBC News not found: set TONESPLIT_DATA_HOME")
def test_bbc_is_labelled_the_same_with_two_jobs():
    docs = list(read_corpus(BBC))
    docs.insert(100, ("broken", None))
    docs.insert(200, ("empty", ""))
    serial = list(label_corpus(docs))
    parallel = list(label_corpus(docs, n_jobs=2))
    assert len(parallel) == len(docs) and parallel == serial
    assert sum(r.summary.n_sentences for r in parallel) > 40_000
    assert not parallel[100].ok and parallel[200].ok


def _modules_after(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", code + "\nprint(json.dumps(sorted(sys.modules)))"],
                         capture_output=True, text=True, check=True, cwd=ROOT)
    return set(json.loads(out.stdout.splitlines()[-1]))


def test_a_worker_imports_only_nltks_punkt():
    # What a fresh process imports to label a chunk as a worker does: of
    # NLTK, Punkt and its few helpers, not the package (whose __init__ pulls
    # in nltk.corpus, nltk.chunk ... and scipy.stats), and none stays in
    # sys.modules afterwards.
    modules = _modules_after(
        "import sys, json\n"
        "from tonesplit import _workers\n"
        "from tonesplit.model import load_model\n"
        "_workers._label_chunk_columns(['It rained. Mr. Smith came. Perhaps.'], load_model(), False)"
    )
    assert "tonesplit._workers" in modules and "tonesplit._segment._nltk" in modules
    assert not {m for m in modules if m == "nltk" or m.startswith("nltk.")}


def test_nltk_imported_after_tonesplit_is_the_whole_package():
    code = (
        "import tonesplit\n"
        "assert len(tonesplit.segment('It rained. Mr. Smith came.')) == 2\n"
        "import nltk\n"
        "from nltk.tokenize.punkt import PunktSentenceTokenizer\n"
        "assert PunktSentenceTokenizer().tokenize('It rained. Then it stopped.') == "
        "['It rained.', 'Then it stopped.']\n"
        "assert nltk.FreqDist('aab')['a'] == 2 and hasattr(nltk, 'word_tokenize')\n"
        "print('ok')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


def test_nltk_imported_before_tonesplit_is_used_as_it_is():
    modules = _modules_after(
        "import sys, json, nltk\n"
        "import tonesplit\n"
        "assert len(tonesplit.segment('It rained. Mr. Smith came.')) == 2\n"
        "import tonesplit._segment._punkt as p, nltk.tokenize.punkt as q\n"
        "assert isinstance(p._tokenizer(), q.PunktSentenceTokenizer)"
    )
    assert "nltk.tokenize.punkt" in modules


def test_the_model_travels_once_through_a_temporary_file_that_is_removed(model, tmp_path):
    handle = _workers._ModelHandle(model)
    assert pickle.loads(pickle.dumps(handle)) is not None  # bytes with the task, by default
    with handle.on_disk():
        path = handle.path
        assert path is not None and os.path.isfile(path)
        func, args = handle.__reduce__()
        assert args == (handle.key, None, path)  # only the path travels
        restored = func(*args)
        assert func(*args) is restored  # unpickled once per process
    assert handle.path is None and not os.path.exists(path)


def test_a_worker_refuses_model_bytes_that_do_not_match_their_key(tmp_path):
    path = tmp_path / "model.pickle"
    path.write_bytes(pickle.dumps("something else"))
    with pytest.raises(RuntimeError, match="changed while they ran"):
        _workers._restore_model("0" * 64, None, str(path))


def test_an_abandoned_parallel_run_leaves_no_temporary_file(monkeypatch):
    import tempfile

    made = []
    real = tempfile.mkstemp

    def spy(*args, **kwargs):
        fd, path = real(*args, **kwargs)
        made.append(path)
        return fd, path

    monkeypatch.setattr(_workers.tempfile, "mkstemp", spy)
    results = label_corpus([d for _, d in DOCS[:3]] * 20, n_jobs=2, batch_size=2)
    next(results)
    results.close()  # the consumer stops early
    assert made and not any(os.path.exists(p) for p in made)
    # and the workers serve the next run
    docs = [d for _, d in DOCS[:3]] * 10
    assert _run(docs, n_jobs=2, batch_size=2) == _run(docs, batch_size=2)
