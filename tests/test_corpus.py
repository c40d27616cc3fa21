"""label_corpus, read_corpus and the data frames: behaviour, not numbers.

The shipped model is provisional, so nothing here pins a probability or a
label; tests check structure, order, error handling, invariance to batch size
and n_jobs, and that nothing is lost.
"""

from __future__ import annotations

import codecs
import dataclasses
import gzip
import json
import operator
import os
import pickle
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest

import tonesplit
from tonesplit import (
    DocumentResult,
    label_corpus,
    read_corpus,
    to_documents_frame,
    to_sentences_frame,
)
from tonesplit.corpus import (
    DOCUMENT_COLUMNS,
    SENTENCE_COLUMNS,
    ErrorInfo,
    ReadError,
    Summary,
    documents_meta,
    label_partition,
    sentences_meta,
)

from .exploding_model import ExplodingModel

ROOT = Path(__file__).resolve().parents[1]
DATA_HOME = Path(os.environ.get("TONESPLIT_DATA_HOME", ROOT.parent / "shared" / "data"))
BBC = DATA_HOME / "bbc-news"

ARTICLE = (
    "Officials said 40 homes were flooded on Monday. The council approved 2 million pounds "
    "for repairs.\nPerhaps it is a reminder of how fragile we are. What a sad lesson it "
    "remains!\n\nSources: Reuters, BBC"
)
TEXTS = [
    ARTICLE,
    "The vote passed 52 to 48 on Tuesday.",
    "Perhaps we never learn. One cannot help wondering what comes next.",
    "",
    "Chelsea have sacked Adrian Mutu after he failed a drugs test. It is a sorry end.",
]


def _signature(results):
    """What must not depend on batch size or n_jobs (probabilities to 1e-9)."""
    out = []
    for r in results:
        out.append((r.doc_id, r.error, r.summary.n_sentences, r.summary.n_reflective,
                    [(s.text, s.start, s.end, s.label) for s in r.sentences],
                    [s.p_reflective for s in r.sentences]))
    return out


def _assert_same(a, b):
    assert len(a) == len(b)
    for x, y in zip(_signature(a), _signature(b)):
        assert x[:5] == y[:5]
        px = np.array([np.nan if p is None else p for p in x[5]], dtype=float)
        py = np.array([np.nan if p is None else p for p in y[5]], dtype=float)
        np.testing.assert_allclose(px, py, rtol=0, atol=1e-9)


# --------------------------------------------------------------------------
# label_corpus: results
# --------------------------------------------------------------------------


def test_texts_get_running_ids_and_come_out_in_order():
    results = list(label_corpus(TEXTS))
    assert [r.doc_id for r in results] == list(range(len(TEXTS)))
    assert all(isinstance(r, DocumentResult) and r.ok for r in results)
    for r, text in zip(results, TEXTS):
        assert r.text == text
        for s in r.sentences:
            assert text[s.start:s.end] == s.text
            assert s.label in ("reflective", "factual", "other")
        assert [s.start for s in r.sentences] == sorted(s.start for s in r.sentences)


def test_results_match_split_on_each_document():
    model = tonesplit.load_model()
    for r, text in zip(label_corpus(TEXTS, model=model), TEXTS):
        expected = tonesplit.split(text, model=model) if text else []
        assert list(r.sentences) == list(expected)


def test_summary_is_consistent_with_the_sentences():
    for r in label_corpus(TEXTS):
        s = r.summary
        labels = [x.label for x in r.sentences]
        assert s.n_sentences == len(labels)
        assert (s.n_reflective, s.n_factual, s.n_other) == (
            labels.count("reflective"), labels.count("factual"), labels.count("other"))
        prose = s.n_reflective + s.n_factual
        if prose:
            assert s.reflective_share == pytest.approx(s.n_reflective / prose)
            ps = [x.p_reflective for x in r.sentences if x.label != "other"]
            assert s.mean_p_reflective == pytest.approx(sum(ps) / len(ps))
            assert 0.0 <= s.mean_p_reflective <= 1.0
        else:
            assert s.reflective_share is None and s.mean_p_reflective is None


def test_empty_document_is_ok_and_empty():
    [r] = label_corpus([""])
    assert r.ok and r.sentences == () and r.summary == Summary()


def test_results_are_frozen_values_and_pickle():
    [r] = label_corpus([("a", ARTICLE)])
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.doc_id = "b"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.summary.n_sentences = 0  # type: ignore[misc]
    assert isinstance(r.sentences, tuple)
    assert pickle.loads(pickle.dumps(r)) == r
    assert list(r.labelled) == list(r.sentences) and r.labelled.source == ARTICLE
    assert "ARTICLE" not in repr(r) and "Officials" not in repr(r)  # short repr


def test_pairs_mapping_and_series_carry_their_ids():
    pairs = [("x", TEXTS[1]), (17, TEXTS[2])]
    assert [r.doc_id for r in label_corpus(pairs)] == ["x", 17]
    assert [r.doc_id for r in label_corpus([["x", TEXTS[1]]])] == ["x"]  # e.g. from JSON
    assert [r.doc_id for r in label_corpus(dict(pairs))] == ["x", 17]
    pd = pytest.importorskip("pandas")
    series = pd.Series([TEXTS[1], TEXTS[2]], index=["s1", "s2"])
    assert [r.doc_id for r in label_corpus(series)] == ["s1", "s2"]


def test_a_long_generator_is_read_lazily_in_bounded_chunks():
    pulled = 0

    def gen(n):
        nonlocal pulled
        for i in range(n):
            pulled += 1
            yield f"The vote number {i} passed. Perhaps we never learn."

    batch = 50
    results = label_corpus(gen(2_000), batch_size=batch)
    assert pulled == 0  # nothing read before iteration starts
    seen = 0
    for r in results:
        seen += 1
        assert r.doc_id == seen - 1
        assert pulled - seen <= batch  # never more than one chunk ahead
    assert seen == 2_000


@pytest.mark.parametrize("n_jobs", [2])
def test_parallel_look_ahead_is_bounded(n_jobs):
    pulled = 0

    def gen(n):
        nonlocal pulled
        for i in range(n):
            pulled += 1
            yield f"Item {i} was sold. What a pity."

    batch = 20
    seen = 0
    for _ in label_corpus(gen(1_000), batch_size=batch, n_jobs=n_jobs):
        seen += 1
        assert pulled - seen <= (8 * n_jobs + 1) * batch
    assert seen == 1_000


@pytest.mark.parametrize("batch_size", [1, 2, 3, 1000])
def test_results_do_not_depend_on_batch_size(batch_size):
    docs = TEXTS * 3
    _assert_same(list(label_corpus(docs, batch_size=batch_size)), list(label_corpus(docs)))


def test_results_do_not_depend_on_n_jobs():
    docs = [(f"d{i}", t) for i, t in enumerate(TEXTS * 8)] + [("bad", None)]
    serial = list(label_corpus(docs))
    parallel = list(label_corpus(docs, n_jobs=2, batch_size=3))
    _assert_same(parallel, serial)
    assert parallel == serial  # same values, errors included


@pytest.mark.parametrize("backend", ["threading", "multiprocessing"])
def test_other_joblib_backends(backend):
    # multiprocessing cannot return a generator: windows are then returned as lists
    if backend == "multiprocessing" and sys.platform != "linux":
        pytest.skip("fork-based multiprocessing backend tested on Linux only")
    joblib = pytest.importorskip("joblib")
    docs = TEXTS * 4
    with joblib.parallel_config(backend=backend):
        got = list(label_corpus(docs, n_jobs=2, batch_size=3))
    _assert_same(got, list(label_corpus(docs)))


def test_custom_model_travels_to_workers():
    model = tonesplit.load_model()
    docs = TEXTS * 4
    _assert_same(list(label_corpus(docs, model=model, n_jobs=2, batch_size=2)),
                 list(label_corpus(docs, model=model)))


# --------------------------------------------------------------------------
# label_corpus: failures
# --------------------------------------------------------------------------


@pytest.mark.parametrize("bad, kind", [
    (None, "TypeError"), (b"bytes", "TypeError"), (3.5, "TypeError"), (["a"], "TypeError"),
    ("x" * 101, "ValueError"), ("lone \ud800 surrogate", "ValueError"),
])
def test_a_bad_document_becomes_an_error_result_and_the_rest_goes_on(bad, kind):
    docs = [TEXTS[1], bad, TEXTS[2]]
    results = list(label_corpus(docs, max_chars=100))
    assert [r.doc_id for r in results] == [0, 1, 2]
    assert results[0].ok and results[2].ok
    failed = results[1]
    assert not failed.ok and failed.error.type == kind and failed.error.message
    assert failed.sentences == () and failed.summary == Summary()
    assert failed.text is None or failed.text == bad


def test_max_chars_is_documented_in_the_message():
    [r] = label_corpus(["y" * 50], max_chars=10)
    assert "max_chars=10" in r.error.message
    [r] = label_corpus(["y" * 50], max_chars=None)
    assert r.ok


def test_on_error_raise_raises_after_the_earlier_documents():
    got = []
    with pytest.raises(TypeError, match="must be str, got NoneType"):
        for r in label_corpus([TEXTS[1], TEXTS[2], None, TEXTS[0]], on_error="raise"):
            got.append(r.doc_id)
    assert got == [0, 1]
    with pytest.raises(ValueError, match="max_chars"):
        list(label_corpus(["z" * 20], max_chars=5, on_error="raise"))


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_an_exception_inside_the_model_fails_only_its_document(n_jobs):
    docs = [TEXTS[1], "It went BOOM.", TEXTS[2], TEXTS[0]]
    results = list(label_corpus(docs, model=ExplodingModel(), n_jobs=n_jobs, batch_size=4))
    assert [r.ok for r in results] == [True, False, True, True]
    assert results[1].error == ErrorInfo("RuntimeError", "the model exploded")
    good = list(label_corpus([docs[0], docs[2], docs[3]]))
    _assert_same([results[0], results[2], results[3]],
                 [dataclasses.replace(g, doc_id=i) for g, i in zip(good, [0, 2, 3])])


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_on_error_raise_reraises_the_models_exception(n_jobs):
    with pytest.raises(RuntimeError, match="exploded") as info:
        list(label_corpus([TEXTS[1], "It went BOOM in the night."], model=ExplodingModel(), n_jobs=n_jobs,
                          on_error="raise"))
    notes = "\n".join(getattr(info.value, "__notes__", []))
    if sys.version_info >= (3, 11):
        assert "document 1" in notes


# --------------------------------------------------------------------------
# label_corpus: arguments
# --------------------------------------------------------------------------


def test_a_bare_string_is_refused_like_tfidfvectorizer():
    with pytest.raises(ValueError, match="iterable over raw text documents expected, "
                                         "string object received"):
        label_corpus("just one article")


@pytest.mark.parametrize("kwargs, error, words", [
    ({"docs": b"abc"}, TypeError, "docs"),
    ({"docs": 42}, TypeError, "docs"),
    ({"n_jobs": 0}, ValueError, "n_jobs"),
    ({"n_jobs": "2"}, TypeError, "n_jobs"),
    ({"n_jobs": 1.5}, TypeError, "n_jobs"),
    ({"batch_size": 0}, ValueError, "batch_size"),
    ({"batch_size": 2.0}, TypeError, "batch_size"),
    ({"batch_size": True}, TypeError, "batch_size"),
    ({"max_chars": 0}, ValueError, "max_chars"),
    ({"max_chars": "10"}, TypeError, "max_chars"),
    ({"on_error": "ignore"}, ValueError, "on_error"),
    ({"progress": "yes"}, TypeError, "progress"),
    ({"model": "model.joblib"}, TypeError, "model"),
])
def test_invalid_arguments_fail_at_call_time_naming_the_argument(kwargs, error, words):
    kwargs = {"docs": ["text"], **kwargs}
    docs = kwargs.pop("docs")
    with pytest.raises(error, match=words):
        label_corpus(docs, **kwargs)  # no iteration needed


def test_a_data_frame_is_refused_with_a_hint():
    pd = pytest.importorskip("pandas")
    with pytest.raises(TypeError, match="label_partition"):
        label_corpus(pd.DataFrame({"text": ["a"]}))


def test_progress_bar_reports_documents_and_sentences_per_second(capsys):
    pytest.importorskip("tqdm")
    list(label_corpus(TEXTS, progress=True))
    err = capsys.readouterr().err
    assert "doc" in err and "sentences/s" in err and f"{len(TEXTS)}/" in err


def test_progress_has_a_total_for_folders_and_globs(tmp_path, capsys):
    pytest.importorskip("tqdm")
    for i, text in enumerate(TEXTS):
        (tmp_path / "news").mkdir(exist_ok=True)
        (tmp_path / "news" / f"{i}.txt").write_text(text, encoding="utf-8")
    n = len(TEXTS)
    for source in (tmp_path, str(tmp_path / "news" / "*.txt")):
        stream = read_corpus(source)
        assert operator.length_hint(stream) == n
        list(label_corpus(stream, progress=True))
        err = capsys.readouterr().err
        assert f"{n}/{n}" in err, err  # a total, hence an ETA while it runs


def test_progress_bar_is_text_so_a_saved_notebook_shows_its_last_state():
    tqdm = pytest.importorskip("tqdm")
    from tonesplit._runner import _progress_bar

    bar = _progress_bar(3)
    try:
        assert type(bar) is tqdm.tqdm  # not tqdm.notebook's widget
    finally:
        bar.close()


def test_repeated_ids_are_warned_about_and_made_distinct(tmp_path):
    for folder in ("tech", "sport"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "001.txt").write_text(f"A {folder} story.", encoding="utf-8")
    globs = [str(tmp_path / "tech" / "*.txt"), str(tmp_path / "sport" / "*.txt")]
    with pytest.warns(UserWarning, match="'001' occurs more than once"):
        pairs = list(read_corpus(globs))
    assert pairs == [("001", "A tech story."), ("001#2", "A sport story.")]


# --------------------------------------------------------------------------
# optional extras
# --------------------------------------------------------------------------


def test_importing_tonesplit_imports_no_optional_extra():
    # scikit-learn itself may import pandas when it is installed: count only
    # what tonesplit adds on top of its core dependencies.
    code = ("import sys, sklearn.linear_model, sklearn.model_selection, "
            "sklearn.feature_extraction.text, scipy.sparse, joblib; before = set(sys.modules); "
            "import tonesplit, tonesplit.corpus, tonesplit.display; "
            "print(sorted(m for m in ('pandas', 'tqdm', 'matplotlib', 'dask', 'distributed') "
            "if m in sys.modules and m not in before))")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                         check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize("module, extra, call", [
    ("pandas", "pandas", lambda: to_sentences_frame([])),
    ("pandas", "pandas", lambda: to_documents_frame([])),
    ("tqdm", "progress", lambda: list(label_corpus(["a"], progress=True))),
])
def test_a_missing_extra_names_the_pip_extra(monkeypatch, module, extra, call):
    for name in list(sys.modules):
        if name == module or name.startswith(module + "."):
            monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, module, None)  # makes `import module` fail
    with pytest.raises(ImportError, match=rf'pip install "tonesplit\[{extra}\]"'):
        call()


# --------------------------------------------------------------------------
# read_corpus
# --------------------------------------------------------------------------


@pytest.fixture
def corpus_dir(tmp_path):
    root = tmp_path / "news"
    (root / "sport").mkdir(parents=True)
    (root / "tech" / "deep").mkdir(parents=True)
    (root / ".hidden").mkdir()
    (root / "sport" / "001.txt").write_text("Arsenal won 2-0 on Saturday.", encoding="utf-8")
    (root / "sport" / "199.txt").write_bytes("A £15.8m signing – sadly.".encode("cp1252"))
    (root / "tech" / "deep" / "a.txt").write_bytes(codecs.BOM_UTF8 + b"Chips got faster.")
    (root / "tech" / "b.txt").write_bytes("Wi-Fi é rápido.".encode("utf-16"))
    (root / "tech" / "notes.md").write_text("not a .txt file")
    (root / ".hidden" / "x.txt").write_text("hidden")
    (root / "tech" / "broken.txt").symlink_to(root / "nowhere.txt")
    (root / "tech" / "zz.txt").write_bytes(b"caf\x81\x8d")  # cp1252 has no 0x81
    return root


def test_folder_is_read_recursively_with_relative_ids(corpus_dir):
    pairs = list(read_corpus(corpus_dir))
    ids = [d for d, _ in pairs]
    assert ids == ["sport/001", "sport/199", "tech/b", "tech/broken", "tech/zz", "tech/deep/a"]
    texts = dict(pairs)
    assert texts["sport/199"] == "A £15.8m signing – sadly."  # cp1252 fallback
    assert texts["tech/deep/a"] == "Chips got faster."  # BOM stripped
    assert texts["tech/b"] == "Wi-Fi é rápido."  # UTF-16 by its BOM
    for bad in ("tech/broken", "tech/zz"):
        assert isinstance(texts[bad], ReadError) and texts[bad].doc_id == bad
    assert "FileNotFoundError" in texts["tech/broken"].reason
    assert "cannot decode" in texts["tech/zz"].reason


def test_read_errors_become_error_results(corpus_dir):
    results = list(label_corpus(read_corpus(corpus_dir)))
    assert len(results) == 6
    failed = {r.doc_id: r.error for r in results if not r.ok}
    assert set(failed) == {"tech/broken", "tech/zz"}
    assert all(e.type == "ReadError" for e in failed.values())
    assert "broken.txt" in failed["tech/broken"].message


def test_read_errors_can_warn_or_raise(corpus_dir):
    with pytest.warns(UserWarning) as caught:
        ids = [d for d, _ in read_corpus(corpus_dir, on_error="warn")]
    messages = " ".join(str(w.message) for w in caught)
    assert "'tech/broken'" in messages and "'tech/zz'" in messages
    assert "tech/broken" not in ids and "sport/001" in ids
    with pytest.raises(ReadError, match="broken"):
        list(read_corpus(corpus_dir, on_error="raise"))
    with pytest.raises(ReadError):
        list(label_corpus(read_corpus(corpus_dir), on_error="raise"))


def test_no_fallback_encoding_makes_non_utf8_a_read_error(corpus_dir):
    texts = dict(read_corpus(corpus_dir / "sport", fallback_encoding=None))
    assert isinstance(texts["199"], ReadError) and "utf-8" in texts["199"].reason
    texts = dict(read_corpus(corpus_dir / "sport", encoding="latin-1"))
    assert texts["199"].startswith("A £15.8m")


def test_glob_ids_are_relative_to_the_fixed_part(corpus_dir):
    ids = [d for d, _ in read_corpus(str(corpus_dir / "*" / "*.txt"))]
    assert ids == ["sport/001", "sport/199", "tech/b", "tech/broken", "tech/zz"]
    ids = [d for d, _ in read_corpus(str(corpus_dir / "**" / "a.txt"))]
    assert ids == ["tech/deep/a"]


def test_a_single_file_and_a_list_of_sources(corpus_dir):
    path = corpus_dir / "sport" / "001.txt"
    [(doc_id, text)] = read_corpus(path)
    assert doc_id == str(path)[:-4] and text.startswith("Arsenal")
    ids = [d for d, _ in read_corpus([corpus_dir / "sport", path])]
    assert ids == ["001", "199", str(path)[:-4]]


def test_pattern_and_max_bytes(corpus_dir):
    assert [d for d, _ in read_corpus(corpus_dir, pattern="*.md")] == ["tech/notes.md"]
    texts = dict(read_corpus(corpus_dir / "sport", max_bytes=10))
    assert all(isinstance(t, ReadError) and "max_bytes" in t.reason for t in texts.values())


def test_missing_paths_fail_at_call_time(tmp_path):
    with pytest.raises(FileNotFoundError, match="nope"):
        read_corpus(tmp_path / "nope")
    with pytest.raises(FileNotFoundError, match="glob"):
        read_corpus(str(tmp_path / "*.nothing"))
    (tmp_path / "empty").mkdir()
    with pytest.raises(FileNotFoundError, match="No file matching"):
        list(read_corpus(tmp_path / "empty"))


@pytest.mark.parametrize("kwargs, error, words", [
    ({"path_or_glob": 3}, TypeError, "path_or_glob"),
    ({"path_or_glob": []}, ValueError, "path_or_glob"),
    ({"format": "xml"}, ValueError, "format"),
    ({"encoding": "no-such-codec"}, ValueError, "encoding"),
    ({"fallback_encoding": 5}, TypeError, "fallback_encoding"),
    ({"on_error": "skip"}, ValueError, "on_error"),
    ({"text_field": ""}, TypeError, "text_field"),
    ({"max_bytes": 0}, ValueError, "max_bytes"),
])
def test_read_corpus_validates_its_arguments(tmp_path, kwargs, error, words):
    kwargs = {"path_or_glob": tmp_path, **kwargs}
    with pytest.raises(error, match=words):
        read_corpus(**kwargs)


def test_jsonl_records_fields_and_bad_lines(tmp_path):
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"id": "a", "text": "It rained."}),
        "",
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"id": "c", "body": "no text field"}),
        json.dumps({"id": "d", "text": None}),
        json.dumps({"text": "No id here."}),
        json.dumps({"id": 7, "text": "Numeric id, caf\u00e9."}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    pairs = list(read_corpus(path))
    ids = [d for d, _ in pairs]
    base = str(path)
    assert ids == ["a", f"{base}:3", f"{base}:4", "c", "d", f"{base}:7", 7]
    texts = dict(pairs)
    assert texts["a"] == "It rained." and texts[7] == "Numeric id, café."
    assert "invalid JSON" in texts[f"{base}:3"].reason and texts[f"{base}:3"].line == 3
    assert "JSON object" in texts[f"{base}:4"].reason
    assert "no field 'text'" in texts["c"].reason
    assert "not a string" in texts["d"].reason
    custom = dict(read_corpus(path, text_field="body", id_field=None))
    assert custom[f"{base}:5"] == "no text field"


def test_jsonl_gzip_and_folder_of_jsonl(tmp_path):
    with gzip.open(tmp_path / "feed.jsonl.gz", "wt", encoding="utf-8") as f:
        f.write(json.dumps({"id": "g1", "text": "Zipped."}) + "\n")
    assert list(read_corpus(tmp_path / "feed.jsonl.gz")) == [("g1", "Zipped.")]
    assert list(read_corpus(tmp_path, pattern="*.jsonl.gz")) == [("g1", "Zipped.")]


def test_csv_text_column_quotes_long_fields_and_bad_rows(tmp_path):
    long_text = "A long article. " * 20_000  # over csv's default 128 KiB field limit
    path = tmp_path / "articles.csv"
    path.write_text(
        'id,title,text\n'
        'x1,One,"Line one.\nLine two, with a comma."\n'
        f'x2,Two,"{long_text}"\n'
        'x3,Three\n'
        ',Four,No id.\n', encoding="utf-8")
    pairs = list(read_corpus(path))
    texts = dict(pairs)
    assert [d for d, _ in pairs] == ["x1", "x2", "x3", f"{path}:4"]
    assert texts["x1"] == "Line one.\nLine two, with a comma."
    assert texts["x2"] == long_text
    assert isinstance(texts["x3"], ReadError) and "fields" in texts["x3"].reason


def test_csv_without_the_text_column_is_one_read_error(tmp_path):
    path = tmp_path / "wrong.csv"
    path.write_text("id,body\n1,hello\n", encoding="utf-8")
    [(doc_id, err)] = read_corpus(path)
    assert doc_id == str(path) and isinstance(err, ReadError)
    assert "no column 'text'" in err.reason and "body" in err.reason
    assert dict(read_corpus(path, text_field="body")) == {"1": "hello"}


def test_csv_in_cp1252_and_tsv(tmp_path):
    (tmp_path / "old.csv").write_bytes("id,text\n1,Price: £5\n".encode("cp1252"))
    assert list(read_corpus(tmp_path / "old.csv")) == [("1", "Price: £5")]
    (tmp_path / "t.tsv").write_text('id\ttext\n1\t"Quoted" start\n', encoding="utf-8")
    assert list(read_corpus(tmp_path / "t.tsv")) == [("1", '"Quoted" start')]


def test_read_error_pickles_and_prints_its_location():
    err = ReadError("f:3", "invalid JSON", path="f.jsonl", line=3)
    assert str(err) == "f.jsonl, line 3: invalid JSON"
    back = pickle.loads(pickle.dumps(err))
    assert back == err and back.line == 3 and back.path == "f.jsonl"


@pytest.mark.skipif(not BBC.is_dir(), reason=f"BBC News data not found at {BBC}")
def test_bbc_is_read_whole_and_sport_199_decodes():
    pairs = list(read_corpus(BBC))
    assert len(pairs) == 2225
    texts = dict(pairs)
    assert not any(isinstance(t, ReadError) for t in texts.values())
    assert "£15.8m" in texts["sport/199"]


# --------------------------------------------------------------------------
# Data frames
# --------------------------------------------------------------------------


def test_sentences_frame_has_one_row_per_sentence():
    pytest.importorskip("pandas")
    results = list(label_corpus([("a", ARTICLE), ("b", None), ("c", TEXTS[2])]))
    frame = to_sentences_frame(iter(results))
    assert tuple(frame.columns) == SENTENCE_COLUMNS
    assert len(frame) == sum(r.summary.n_sentences for r in results)
    assert set(frame["doc_id"]) == {"a", "c"}  # failed documents have no rows
    assert str(frame["label"].dtype) == "category"
    assert list(frame["label"].cat.categories) == ["reflective", "factual", "other"]
    for row in frame.itertuples():
        source = ARTICLE if row.doc_id == "a" else TEXTS[2]
        assert source[row.start:row.end] == row.text
        assert np.isnan(row.p_reflective) == (row.label == "other")
    assert frame.groupby("doc_id")["index"].apply(list).to_dict() == {
        d: list(range(r.summary.n_sentences)) for d, r in zip("ac", results[::2])}
    for c in ("index", "start", "end"):
        assert frame[c].dtype == "int64"
    assert frame["p_reflective"].dtype == "float64"


def test_documents_frame_has_summary_and_errors():
    pytest.importorskip("pandas")
    results = list(label_corpus([("a", ARTICLE), ("b", None), ("c", "")]))
    frame = to_documents_frame(results)
    assert tuple(frame.columns) == DOCUMENT_COLUMNS
    assert list(frame["doc_id"]) == ["a", "b", "c"]
    a, b, c = frame.to_dict("records")
    assert a["error_type"] is None and a["n_sentences"] == results[0].summary.n_sentences
    assert a["reflective_share"] == pytest.approx(results[0].summary.reflective_share)
    assert b["error_type"] == "TypeError" and "NoneType" in b["error_message"]
    assert np.isnan(c["reflective_share"]) and c["error_type"] is None


def test_frames_of_nothing_keep_their_columns_and_meta_matches():
    pytest.importorskip("pandas")
    assert tuple(to_sentences_frame([]).columns) == SENTENCE_COLUMNS
    assert tuple(to_documents_frame([]).columns) == DOCUMENT_COLUMNS
    full = to_sentences_frame(label_corpus([("a", ARTICLE)]))
    meta = sentences_meta()
    assert list(meta.dtypes.astype(str))[1:] == list(full.dtypes.astype(str))[1:]
    assert tuple(documents_meta().columns) == DOCUMENT_COLUMNS


def test_frames_refuse_what_is_not_results():
    pytest.importorskip("pandas")
    with pytest.raises(TypeError, match="DocumentResult"):
        to_sentences_frame(["text"])
    with pytest.raises(TypeError, match="DocumentResult"):
        to_documents_frame("text")
    [r] = label_corpus(["It rained."])
    assert len(to_documents_frame(r)) == 1  # one result is accepted as is


def test_label_partition_matches_label_corpus():
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame({"id": [10, 11, 12], "text": [ARTICLE, TEXTS[1], TEXTS[2]]})
    got = label_partition(df, id_column="id")
    want = to_sentences_frame(label_corpus(zip(df["id"], df["text"])))
    pd.testing.assert_frame_equal(got, want)
    assert got["doc_id"].dtype == "int64"
    by_index = label_partition(df.set_index("id"))
    pd.testing.assert_frame_equal(by_index, want)
    docs = label_partition(df, id_column="id", level="documents")
    assert list(docs["doc_id"]) == [10, 11, 12] and tuple(docs.columns) == DOCUMENT_COLUMNS


def test_label_partition_reports_failures():
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame({"text": [TEXTS[1], None, float("nan")]})
    with pytest.warns(UserWarning, match="2 document"):
        frame = label_partition(df)
    assert set(frame["doc_id"]) == {0}
    docs = label_partition(df, level="documents")
    assert list(docs["error_type"]) == [None, "TypeError", "TypeError"]
    with pytest.raises(TypeError):
        label_partition(df, on_error="raise")
    with pytest.raises(ValueError, match="text_column 'body'"):
        label_partition(df, text_column="body")
    with pytest.raises(ValueError, match="id_column"):
        label_partition(df, id_column="nope")
    with pytest.raises(TypeError, match="DataFrame"):
        label_partition([TEXTS[1]])


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_is_read_whole(tmp_path):
    # A pipe reports size 0: reading must not stop at the size it reports.
    fifo = tmp_path / "stream.txt"
    os.mkfifo(fifo)
    text = "The council met on Monday. " * 5000

    def write():
        with open(fifo, "w", encoding="utf-8") as f:
            f.write(text)

    writer = threading.Thread(target=write)
    writer.start()
    try:
        [(doc_id, got)] = list(read_corpus(fifo))
    finally:
        writer.join()
    assert doc_id == str(fifo)[:-4] and got == text


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
@pytest.mark.parametrize("max_bytes", [None, 70_000, 135_000, 135_001])
def test_a_pipe_stops_at_max_bytes(tmp_path, max_bytes):
    fifo = tmp_path / "stream.txt"
    os.mkfifo(fifo)
    text = "The council met on Monday. " * 5000  # 135,000 bytes

    def write():
        try:
            with open(fifo, "w", encoding="utf-8") as f:
                f.write(text)
        except BrokenPipeError:  # the reader stopped at max_bytes
            pass

    writer = threading.Thread(target=write)
    writer.start()
    try:
        [(_, got)] = list(read_corpus(fifo, max_bytes=max_bytes))
    finally:
        writer.join()
    if max_bytes is not None and max_bytes < len(text):
        assert isinstance(got, ReadError) and "more than max_bytes" in got.reason
    else:
        assert got == text


# --------------------------------------------------------------------------
# a small corpus stays in-process with n_jobs > 1
# --------------------------------------------------------------------------


@pytest.mark.parametrize("n_docs, parallel", [(5, False), (16, False), (17, True)])
def test_small_corpus_stays_in_process_with_n_jobs(monkeypatch, n_docs, parallel):
    import tonesplit._runner as runner

    monkeypatch.setattr(runner, "_SERIAL_CHUNKS", 8)
    monkeypatch.setattr(runner, "_effective_n_jobs", lambda n_jobs: 2)
    used = []

    def fake_parallel(chunks, n_jobs, workers, handle, keep):
        used.append(workers)
        return (runner._label_chunk(c, handle.model, keep) for c in chunks)

    monkeypatch.setattr(runner, "_parallel_results", fake_parallel)
    docs = [(i, TEXTS[i % len(TEXTS)]) for i in range(n_docs)]
    got = list(label_corpus(docs, n_jobs=2, batch_size=1))  # one chunk per document
    assert used == ([2] if parallel else [])
    _assert_same(got, list(label_corpus(docs)))
