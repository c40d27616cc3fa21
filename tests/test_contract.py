"""The input contract of ``docs/input-contract.md``, cell by cell.

The tables in that document are the specification: this file parses them,
and runs every cell that is not marked ``not run``. A row in the document
without an input here (or the other way round) fails the suite, so the
document and the tests cannot drift apart.
"""

from __future__ import annotations

import math
import os
import re
import shlex
import sys
import types
from functools import cache
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.exceptions import NotFittedError

import tonesplit
from tonesplit import ModelFileError, Sentence, ToneClassifier, ToneFeatures
from tonesplit.sentence import LABELS

DOC = Path(tonesplit.__file__).resolve().parents[2] / "docs" / "input-contract.md"

BASE = [
    "Officials said the bridge reopened on Monday.",
    "Perhaps we never learn from history.",
    "The vote passed 52 to 48 on Tuesday.",
    "What a sad reminder of our folly this is.",
    "Police arrested two men near the station.",
    "We should all feel ashamed of this.",
    "The company reported profits of 3 million.",
    "It is a lesson we seem determined to forget.",
]
Y_BASE = ["factual", "reflective"] * 4

ODD_TEXTS = [
    "?!... ;;; — «» ¿¡ …",
    "😀🔥 🎉🇫🇷 👩‍👩‍👧‍👦!",
    "It rained\x00 today.\x07 Then\x1b[31m it stopped.\x7f\x08",
    '<p class="x">The vote <b>passed</b> 52 to 48.</p><script>alert("hi")</script>',
    "قال المسؤولون إن الجسر أعيد فتحه. \u200fربما لا نتعلم أبدًا.",
    "今天下雨了。我们很难过！東京は晴れです。",
]


# -- the parsed document --------------------------------------------------------

@cache
def tables() -> dict[str, tuple[list[str], list[list[str]]]]:
    """``{name: (header, rows)}`` of every ``<!-- contract:name -->`` table."""
    lines = DOC.read_text(encoding="utf-8").splitlines()
    out = {}
    for i, line in enumerate(lines):
        m = re.fullmatch(r"<!-- contract:(\w+) -->", line.strip())
        if not m:
            continue
        block = []
        for row in lines[i + 1:]:
            if not row.startswith("|"):
                break
            block.append(row)
        cells = [_cells(r) for r in block]
        out[m.group(1)] = (cells[0], cells[2:])
    return out


def _cells(row: str) -> list[str]:
    # split on | not inside backticks
    parts, cur, tick = [], "", False
    for ch in row.strip()[1:-1]:
        if ch == "`":
            tick = not tick
        if ch == "|" and not tick:
            parts.append(cur.strip())
            cur = ""
        else:
            cur += ch
    parts.append(cur.strip())
    return parts


def _key(cell: str) -> str:
    return cell.replace("`", "").strip()


EXC = {"TypeError": TypeError, "ValueError": ValueError, "ModelFileError": ModelFileError,
       "FileNotFoundError": FileNotFoundError, "NotFittedError": NotFittedError}


def expectation(cell: str):
    """``("skip"|"ok"|exc|("result", exc), known_bug)`` for one cell."""
    bug = "known bug" in cell
    text = cell.strip()
    if text.startswith("not run"):
        return "skip", bug
    if text.startswith("ok"):
        return "ok", bug
    m = re.match(r"error result \((\w+)\)", text)
    if m:
        return ("result", EXC[m.group(1)]), bug
    word = re.match(r"\w+", text).group()
    return EXC[word], bug


def cases(table: str, inputs: dict, columns: dict):
    """pytest params for every cell of a table (skipping ``not run``)."""
    header, rows = tables()[table]
    params = []
    for row in rows:
        name = _key(row[0])
        for col, cell in zip(header[1:], row[1:]):
            col = _key(col)
            want, bug = expectation(cell)
            if want == "skip":
                continue
            marks = [pytest.mark.xfail(strict=True, reason=f"known bug: {row[0]} / {col}")] \
                if bug else []
            if name in SLOW:
                marks.append(pytest.mark.slow)
            params.append(pytest.param(name, col, want, id=f"{name}|{col}", marks=marks))
    return params


# -- invariants -------------------------------------------------------------------

def check_spans(text: str, spans, *, kinds=None) -> None:
    """Exact offsets, in order, non-overlapping, covering every non-space char once."""
    prev = 0
    for s in spans:
        assert 0 <= prev <= s.start < s.end <= len(text), (prev, s)
        assert text[s.start:s.end] == s.text
        gap = text[prev:s.start]
        assert gap == "" or gap.isspace(), f"non-whitespace left out: {gap[:40]!r}"
        assert not s.text[0].isspace() and not s.text[-1].isspace()
        if kinds is not None:
            assert s.kind in kinds
        prev = s.end
    rest = text[prev:]
    assert rest == "" or rest.isspace(), f"non-whitespace left out at the end: {rest[:40]!r}"


def check_sentences(text: str, sentences) -> None:
    check_spans(text, sentences)
    for s in sentences:
        assert isinstance(s, Sentence)
        assert s.label in LABELS
        if s.label == "other":
            assert s.p_reflective is None
        else:
            assert isinstance(s.p_reflective, float) and 0.0 <= s.p_reflective <= 1.0


def check_raises(call, exc, arg: str | None):
    with pytest.raises(exc) as info:
        call()
    err = info.value
    assert not isinstance(err, (AttributeError, IndexError, KeyError)) or isinstance(
        err, NotFittedError), f"{type(err).__name__} from inside: {err}"
    if arg is not None:
        assert re.search(rf"\b{re.escape(arg)}\b", str(err)), f"{arg!r} not named in: {err}"
    return err


# -- table "text" -----------------------------------------------------------------

SLOW = {"50 MB article"}


@cache
def ten_mb_line() -> str:
    unit = "The bridge opened in 1932, and it rained, and the council met again; "
    return (unit * (10_000_000 // len(unit) + 1))[:10_000_000]


@cache
def fifty_mb_article() -> str:
    para = ("Officials said 40 homes were flooded on Tuesday. Perhaps it is a reminder of "
            "how fragile we are. The mayor, Ms. Ortiz, said repairs would cost $3.5 million "
            "(about €3.2m). \"We will rebuild,\" she said. What a week it has been!\n\n"
            "Sources: Reuters | AP\n")
    return (para * (50_000_000 // len(para) + 1))[:50_000_000]


TEXT_INPUTS = {
    "None": lambda: None,
    "int": lambda: 42,
    "float NaN": lambda: float("nan"),
    "bytes": lambda: b"It rained.",
    "bytearray": lambda: bytearray(b"It rained."),
    "list of str": lambda: ["It rained."],
    "tuple of str": lambda: ("It rained.",),
    "generator of str": lambda: (t for t in ["It rained."]),
    "numpy array of str": lambda: np.array(["It rained."]),
    "dict": lambda: {"text": "It rained."},
    "empty string": lambda: "",
    "whitespace only": lambda: " \n\t\r\n \u3000\u00a0\u2028 ",
    "only punctuation": lambda: "?!... ;;; — «» ¿¡ …",
    "only emoji": lambda: "😀🔥 🎉🇫🇷 👩‍👩‍👧‍👦!",
    "control and NUL characters": lambda: (
        "It rained\x00 today.\x07 Then\x1b[31m it stopped.\x7f\x08 Odd\x0e indeed."),
    "lone surrogate": lambda: "It rained \ud800 today.",
    "HTML markup": lambda: ('<p class="x">The vote <b>passed</b> 52 to 48.</p>'
                            '<script>alert("hi")</script>\n<br/>What a day!'),
    "right-to-left text": lambda: ("قال المسؤولون إن الجسر أعيد فتحه يوم الاثنين. "
                                   "\u200fربما لا نتعلم أبدًا من التاريخ!\n"
                                   "\u202eהממשלה אישרה את התקציב.\u202c"),
    "CJK text": lambda: "今天下雨了。我们很难过！東京は晴れです。서울에 비가 왔다.",
    "combining marks and ZWJ sequences": lambda: (
        "Cafe\u0301 cre\u0300me is back. Z\u0338\u0322a\u0334l\u0336g\u0337o text. "
        "👨\u200d💻 works late."),
    "unusual line breaks": lambda: (
        "One.\r\nTwo.\rThree.\vFour.\fFive.\x1cSix.\x85Seven.\u2028Eight.\u2029Nine."),
    "10 MB single line": ten_mb_line,
    "50 MB article": fifty_mb_article,
}


def _explain(v):
    return tonesplit.load_model().explain(v)


TEXT_COLUMNS = {
    "split(text)": (tonesplit.split, "text"),
    "facts(text)": (tonesplit.facts, "text"),
    "segment(text)": (tonesplit.segment, "text"),
    "label(sentence)": (tonesplit.label, "sentence"),
    "ToneClassifier.explain(sentence)": (_explain, "sentence"),
}


def validate_text_output(col: str, text: str, out) -> None:
    if col == "split(text)":
        assert isinstance(out, list)
        check_sentences(text, out)
        if not text.strip():
            assert out == []
    elif col == "facts(text)":
        assert isinstance(out, str)
        for token in out.split():
            assert token in text
        if not text.strip():
            assert out == ""
    elif col == "segment(text)":
        check_spans(text, out, kinds={"prose", "other"})
        if not text.strip():
            assert out == []
    elif col == "label(sentence)":
        assert isinstance(out, Sentence)
        assert text[out.start:out.end] == out.text
        assert out.label in ("factual", "reflective")
        assert 0.0 <= out.p_reflective <= 1.0
    elif col == "ToneClassifier.explain(sentence)":
        assert isinstance(out, list) and len(out) <= 5
        assert all(math.isfinite(c.weight) and c.label in ("factual", "reflective")
                   for c in out)
        if not text.strip():
            assert out == []


@pytest.mark.parametrize("row,col,want", cases("text", TEXT_INPUTS, TEXT_COLUMNS))
def test_one_text(row, col, want):
    fn, arg = TEXT_COLUMNS[col]
    value = TEXT_INPUTS[row]()
    if want == "ok":
        validate_text_output(col, value, fn(value))
    else:
        check_raises(lambda: fn(value), want, arg)


def test_bytes_message_says_decode():
    err = check_raises(lambda: tonesplit.split(b"x"), TypeError, "text")
    assert "decode" in str(err)


def test_list_message_points_to_label_corpus():
    err = check_raises(lambda: tonesplit.split(["x"]), TypeError, "text")
    assert "label_corpus" in str(err)


def test_surrogate_message_names_the_index():
    err = check_raises(lambda: tonesplit.split("ab\udc80"), ValueError, "text")
    assert "index 2" in str(err)


def test_html_offsets_point_into_the_markup():
    text = TEXT_INPUTS["HTML markup"]()
    out = tonesplit.split(text)
    assert "".join(s.text for s in out).replace(" ", "") == "".join(text.split())


# -- table "texts" ----------------------------------------------------------------

@cache
def small_model() -> ToneClassifier:
    return ToneClassifier(min_df=1, calibrate=False).fit(BASE, Y_BASE)


@cache
def small_features() -> ToneFeatures:
    return ToneFeatures(min_df=1).fit(BASE)


def _extra(items):
    return lambda: (BASE + items, Y_BASE + ["factual"] * len(items), len(BASE) + len(items))


def _pandas(kind):
    def make():
        pd = pytest.importorskip("pandas")
        if kind == "series":
            return pd.Series(BASE), Y_BASE, len(BASE)
        return pd.DataFrame({"text": BASE}), Y_BASE, len(BASE)
    return make


TEXTS_INPUTS = {
    "None": lambda: (None, Y_BASE, None),
    "int": lambda: (3, Y_BASE, None),
    "bytes": lambda: (b"It rained.", Y_BASE, None),
    "a bare str": lambda: ("It rained. Perhaps not.", Y_BASE, None),
    "list of str": lambda: (list(BASE), Y_BASE, len(BASE)),
    "tuple of str": lambda: (tuple(BASE), Y_BASE, len(BASE)),
    "generator of str": lambda: ((t for t in BASE), Y_BASE, len(BASE)),
    "numpy array of str": lambda: (np.array(BASE), Y_BASE, len(BASE)),
    "pandas Series of str": _pandas("series"),
    "pandas DataFrame": _pandas("frame"),
    "set of str": lambda: (set(BASE), Y_BASE, len(BASE)),
    "dict of str": lambda: ({f"d{i}": t for i, t in enumerate(BASE)}, Y_BASE, len(BASE)),
    "2-D numpy array of str": lambda: (np.array([BASE[:4], BASE[4:]]), Y_BASE[:2], 2),
    "empty list": lambda: ([], [], 0),
    "list holding None": _extra([None]),
    "list holding bytes": _extra([b"It rained."]),
    "list holding a number": _extra([3.5]),
    "list holding empty and blank strings": _extra(["", "  \n\t"]),
    "list holding a lone surrogate": _extra(["It rained \ud800 today."]),
    "list of odd but valid texts": _extra(ODD_TEXTS),
    "list holding a 10 MB str": lambda: (BASE + [ten_mb_line()], Y_BASE + ["factual"],
                                         len(BASE) + 1),
}


def _corpus(X, y=None):
    return list(tonesplit.label_corpus(X))


TEXTS_COLUMNS = {
    "ToneClassifier.fit(X, y)": (
        lambda X, y: ToneClassifier(min_df=1, calibrate=False).fit(X, y), "X"),
    "predict(X)": (lambda X, y: small_model().predict(X), "X"),
    "predict_proba(X)": (lambda X, y: small_model().predict_proba(X), "X"),
    "decision_function(X)": (lambda X, y: small_model().decision_function(X), "X"),
    "ToneFeatures.fit(X)": (lambda X, y: ToneFeatures(min_df=1).fit(X), "X"),
    "ToneFeatures.transform(X)": (lambda X, y: small_features().transform(X), "X"),
    "label_corpus(docs)": (_corpus, "docs"),
}


def validate_texts_output(col, out, n, X):
    if col == "ToneClassifier.fit(X, y)":
        assert isinstance(out, ToneClassifier)
        assert set(out.predict(BASE).tolist()) <= {"factual", "reflective"}
    elif col == "predict(X)":
        assert out.shape == (n,) and set(out.tolist()) <= {"factual", "reflective"}
    elif col == "predict_proba(X)":
        assert out.shape == (n, 2)
        assert np.all((out >= 0) & (out <= 1)) and np.allclose(out.sum(axis=1), 1)
    elif col == "decision_function(X)":
        assert out.shape == (n,) and np.all(np.isfinite(out))
    elif col == "ToneFeatures.fit(X)":
        assert isinstance(out, ToneFeatures) and out.n_features_out_ > 0
    elif col == "ToneFeatures.transform(X)":
        assert sp.issparse(out) and out.shape == (n, small_features().n_features_out_)
        assert np.all(np.isfinite(out.data))
    elif col == "label_corpus(docs)":
        assert len(out) == n, "a document was lost"
        for r in out:
            assert r.ok, r.error
            check_sentences(r.text, r.sentences)


@pytest.mark.parametrize("row,col,want", cases("texts", TEXTS_INPUTS, TEXTS_COLUMNS))
def test_many_texts(row, col, want):
    fn, arg = TEXTS_COLUMNS[col]
    X, y, n = TEXTS_INPUTS[row]()
    if want == "ok":
        validate_texts_output(col, fn(X, y), n, X)
    elif isinstance(want, tuple):  # error result of label_corpus
        out = fn(X, y)
        assert len(out) == n, "a document was lost"
        bad = [r for r in out if not r.ok]
        assert bad and all(r.error.type == want[1].__name__ for r in bad), [r.error for r in bad]
        for r in out:
            if r.ok:
                check_sentences(r.text, r.sentences)
        if row.startswith("list holding"):
            assert len(bad) == 1 and bad[0].doc_id == n - 1
    else:
        check_raises(lambda: fn(X, y), want, arg)


def test_label_corpus_ids_follow_a_series_index():
    pd = pytest.importorskip("pandas")
    out = list(tonesplit.label_corpus(pd.Series(BASE[:2], index=["a", "b"])))
    assert [r.doc_id for r in out] == ["a", "b"]


# -- table "args" ------------------------------------------------------------------

def _fit(**kw):
    return lambda: ToneClassifier(min_df=1, calibrate=False).fit(BASE * 3, Y_BASE * 3, **kw)


def _fit_y(y):
    return lambda: ToneClassifier(min_df=1, calibrate=False).fit(BASE, y)


ARGS = {
    'fit(X, y=None)': _fit_y(None),
    'fit(X, y="factual")': _fit_y("factual"),
    "fit(X, y) with labels other than factual/reflective (or 0/1)": _fit_y(["yes", "no"] * 4),
    "fit(X, y) with y of another length": _fit_y(Y_BASE[:-1]),
    "fit(X, y) with one class only": _fit_y(["factual"] * 8),
    "fit(X, y) with y as 0/1": _fit_y([0, 1] * 4),
    "fit(X, y, sample_weight=[1.0]) of another length": _fit(sample_weight=[1.0]),
    'fit(X, y, sample_weight="heavy")': _fit(sample_weight="heavy"),
    "fit(X, y, groups=[1]) of another length": _fit(groups=[1]),
    "fit(X, y, groups=range(30)) longer than X": _fit(groups=list(range(30))),
    'ToneClassifier(class_weight={"reflective": 2}).fit(X, y)':
        lambda: ToneClassifier(min_df=1, class_weight={"reflective": 2}).fit(BASE, Y_BASE),
    'save("model.json")': None,  # needs tmp_path, see the test
    "predict(X) before fit": lambda: ToneClassifier().predict(BASE),
    "ToneFeatures().transform(X) before fit": lambda: ToneFeatures().transform(BASE),
    "explain(sentence) before fit": lambda: ToneClassifier().explain("It rained."),
    "explain(sentence, top=0)": lambda: small_model().explain("It rained.", top=0),
    'split(text, model="shipped")': lambda: tonesplit.split("It rained.", model="shipped"),
    "split(text, model=ToneClassifier()) unfitted":
        lambda: tonesplit.split("It rained.", model=ToneClassifier()),
    "split(text, model) positionally": lambda: tonesplit.split("It rained.", small_model()),
    'load_model(path, trusted="no")': None,  # needs tmp_path, see the test
    "label_corpus(docs, batch_size=0)": lambda: tonesplit.label_corpus(BASE, batch_size=0),
    'label_corpus(docs, n_jobs="2")': lambda: tonesplit.label_corpus(BASE, n_jobs="2"),
    'label_corpus(docs, on_error="ignore")':
        lambda: tonesplit.label_corpus(BASE, on_error="ignore"),
}


def args_cases():
    _, rows = tables()["args"]
    params = []
    for call, answer in rows:
        want, bug = expectation(answer)
        m = re.search(r"naming (\w+)", answer)
        marks = [pytest.mark.xfail(strict=True, reason=f"known bug: {call}")] if bug else []
        params.append(pytest.param(_key(call), want, m.group(1) if m else None,
                                   id=_key(call), marks=marks))
    return params


@pytest.mark.parametrize("call,want,arg", args_cases())
def test_other_arguments(call, want, arg, tmp_path):
    fn = ARGS[call]
    if call.startswith("load_model"):
        path = tmp_path / "own.joblib"
        small_model().save(path)
        path.with_suffix(".json").unlink()  # no card: only trust would load it
        fn = lambda: tonesplit.load_model(path, trusted="no")
    if call.startswith("save("):
        fn = lambda: small_model().save(tmp_path / "model.json")
    if want == "ok":
        fn()
    else:
        check_raises(fn, want, arg)


# -- table "paths" ------------------------------------------------------------------

def path_inputs(tmp: Path) -> dict:
    (tmp / "folder").mkdir()
    (tmp / "folder" / "a.txt").write_text("It rained. Perhaps it always will.", encoding="utf-8")
    (tmp / "random.bin").write_bytes(bytes(np.random.default_rng(0).integers(0, 256, 4096,
                                                                             dtype=np.uint8)))
    (tmp / "empty.txt").write_bytes(b"")
    return {
        "None": None,
        "int": 7,
        "bytes path": os.fsencode(tmp / "folder" / "a.txt"),
        "list of paths": [tmp / "folder" / "a.txt", tmp / "empty.txt"],
        "empty list": [],
        "empty string": "",
        "missing file": tmp / "missing.joblib",
        "a folder": tmp / "folder",
        "path with NUL": str(tmp / "a\x00b"),
        "file of random bytes": tmp / "random.bin",
        "empty file": tmp / "empty.txt",
    }


PATH_COLUMNS = {"load_model(path)": "path", "read_corpus(path_or_glob)": "path_or_glob"}


@pytest.mark.parametrize("row,col,want", cases("paths", {}, PATH_COLUMNS))
def test_paths(row, col, want, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    value = path_inputs(tmp_path)[row]
    if col == "load_model(path)":
        fn = lambda: tonesplit.load_model(value)
    else:
        fn = lambda: list(tonesplit.read_corpus(value))
    if want == "ok":
        out = fn()
        if col == "load_model(path)":
            assert isinstance(out, ToneClassifier)
        else:
            assert out and all(isinstance(t, (str, tonesplit.corpus.ReadError)) for _, t in out)
    else:
        arg = PATH_COLUMNS[col] if want in (TypeError, ValueError) else None
        check_raises(fn, want, arg)


# -- table "cli" --------------------------------------------------------------------

def cli_cases():
    _, rows = tables()["cli"]
    return [pytest.param(_key(inv), {int(c) for c in re.findall(r"\d+", code)}, id=_key(inv))
            for inv, code in rows]


@pytest.fixture
def cli_files(tmp_path, monkeypatch):
    import json

    from tonesplit.persist import card_path

    monkeypatch.chdir(tmp_path)
    fake = types.ModuleType("tonesplit.training")
    fake.evaluate = lambda model=None, *, data_home=None: {}
    fake.train = lambda *a, **k: pytest.fail("train must not be reached")
    monkeypatch.setitem(sys.modules, "tonesplit.training", fake)
    monkeypatch.setattr(tonesplit, "training", fake, raising=False)
    (tmp_path / "DIR").mkdir()
    (tmp_path / "RANDOM").write_bytes(os.urandom(2048))
    (tmp_path / "EMPTY").write_bytes(b"")
    model = tmp_path / "TAMPERED.joblib"
    small_model().save(model)
    model.write_bytes(model.read_bytes() + b"x")
    old = tmp_path / "OLDCARD.joblib"
    small_model().save(old)
    card = json.loads(card_path(old).read_text())
    card["versions"]["scikit-learn"] = "1.0.2"
    card_path(old).write_text(json.dumps(card))
    bad = tmp_path / "BADCARD.joblib"
    small_model().save(bad)
    card_path(bad).write_bytes(b"\xff\xfe{")
    return {"MISSING": str(tmp_path / "MISSING"), "DIR": str(tmp_path / "DIR"),
            "RANDOM": str(tmp_path / "RANDOM"), "EMPTY": str(tmp_path / "EMPTY"),
            "TAMPERED": str(model), "OLDCARD": str(old), "BADCARD": str(bad),
            "NUL": "a\x00b"}


@pytest.mark.parametrize("invocation,codes", cli_cases())
def test_cli(invocation, codes, cli_files, capsys):
    from tonesplit.cli import _available, main

    words = shlex.split(invocation)[1:]
    if words[:1] == ["label"] and not _available("label"):
        pytest.skip("tonesplit label is not installed yet (tonesplit.cli._label)")
    argv = []
    for w in words:
        for name, value in cli_files.items():
            w = w.replace(name, value) if w.startswith(name) else w
        argv.append(w)
    code = main(argv)
    out, err = capsys.readouterr()
    assert code in codes, err
    assert "Traceback" not in err + out
    if code != 0:  # a refusal says why, one "tonesplit: error:" (or "warning:") line each
        lines = [ln for ln in err.splitlines() if ln.strip()]
        assert lines and any(ln.startswith("tonesplit") and ("error:" in ln or "warning:" in ln)
                             for ln in lines), err


# -- the document and the tests agree ---------------------------------------------------

@pytest.mark.parametrize("table,inputs", [("text", TEXT_INPUTS), ("texts", TEXTS_INPUTS),
                                          ("args", ARGS), ("paths", None)])
def test_every_row_of_the_document_is_tested(table, inputs, tmp_path):
    header, rows = tables()[table]
    names = [_key(r[0]) for r in rows]
    if inputs is None:
        inputs = path_inputs(tmp_path)
    assert sorted(names) == sorted(inputs), "docs/input-contract.md and this file differ"
    columns = {"text": TEXT_COLUMNS, "texts": TEXTS_COLUMNS, "paths": PATH_COLUMNS}.get(table)
    if columns:
        assert [_key(h) for h in header[1:]] == list(columns)


def test_every_row_has_at_least_one_cell_that_runs():
    for name in ("text", "texts", "paths"):
        _, rows = tables()[name]
        for row in rows:
            assert any(expectation(c)[0] != "skip" for c in row[1:]), row[0]
