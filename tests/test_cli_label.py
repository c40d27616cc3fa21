"""``tonesplit label``: in-process through ``main(argv)`` and as a real process."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import tonesplit
from tonesplit.cli import _label, main

ROOT = Path(__file__).resolve().parents[1]
SRC = str(ROOT / "src")

ONE = "Officials said 40 homes were flooded on Monday. Perhaps it is a reminder of how fragile we are."
TWO = "The vote passed 52 to 48 on Tuesday.\n\nSources: Reuters"


@pytest.fixture
def corpus(tmp_path):
    root = tmp_path / "corpus"
    (root / "a").mkdir(parents=True)
    (root / "a" / "one.txt").write_text(ONE, encoding="utf-8")
    (root / "two.txt").write_bytes(TWO.encode("cp1252"))
    return root


def _jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def _expected_rows():
    rows = []
    for doc_id, text in (("two", TWO), ("a/one", ONE)):
        for i, s in enumerate(tonesplit.split(text)):
            rows.append((doc_id, i, s.start, s.end, s.text, s.label))
    return rows


def test_folder_to_jsonl_on_stdout(corpus, capsys):
    assert main(["label", str(corpus), "--format", "jsonl"]) == 0
    out, err = capsys.readouterr()
    rows = _jsonl(out)
    assert [tuple(r[k] for k in ("doc_id", "index", "start", "end", "text", "label"))
            for r in rows] == _expected_rows()
    assert list(rows[0]) == list(_label.SENTENCE_FIELDS)
    assert all((r["p_reflective"] is None) == (r["label"] == "other") for r in rows)
    assert err == ""


def test_default_format_is_jsonl_when_stdout_is_not_a_terminal(corpus, capsys):
    assert main(["label", str(corpus)]) == 0
    assert _jsonl(capsys.readouterr().out)


def test_table_format_is_aligned_and_readable(corpus, capsys):
    assert main(["label", str(corpus), "-f", "table"]) == 0
    out = capsys.readouterr().out
    assert "== a/one:" in out and "== two:" in out
    lines = [line for line in out.splitlines() if line and not line.startswith("==")]
    label_columns = {line.index(line.split()[1]) for line in lines}
    assert len(label_columns) == 1  # the label column lines up
    assert main(["label", str(corpus), "-f", "table", "--level", "document"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split()[:3] == ["doc_id", "sentences", "reflective"]
    assert [line.split()[0] for line in out[1:]] == ["two", "a/one"]


def test_csv_and_tsv_round_trip(corpus, capsys):
    assert main(["label", str(corpus), "-f", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["doc_id"], int(r["index"]), int(r["start"]), int(r["end"]), r["text"], r["label"])
            for r in rows] == _expected_rows()
    assert main(["label", str(corpus), "-f", "tsv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split("\t") == list(_label.SENTENCE_FIELDS)
    assert all(len(line.split("\t")) == len(_label.SENTENCE_FIELDS) for line in lines)


def test_document_level_lists_failures_too(corpus, capsys):
    (corpus / "bad.txt").symlink_to(corpus / "missing.txt")
    code = main(["label", str(corpus), "--level", "document", "-f", "jsonl"])
    assert code == _label.EXIT_SOME_FAILED == 1
    out, err = capsys.readouterr()
    rows = {r["doc_id"]: r for r in _jsonl(out)}
    assert set(rows) == {"a/one", "bad", "two"}
    assert rows["bad"]["error_type"] == "ReadError" and rows["two"]["error_type"] is None
    assert "warning: bad:" in err and "1 of 3 documents failed" in err


def test_a_failed_document_warns_and_the_run_goes_on(tmp_path, capsys):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "ok", "text": ONE}) + "\n{broken\n"
                    + json.dumps({"id": "null", "text": None}) + "\n", encoding="utf-8")
    assert main(["label", str(feed), "-f", "jsonl"]) == 1
    out, err = capsys.readouterr()
    rows = _jsonl(out)
    assert {r["doc_id"] for r in rows if r["error"] is None} == {"ok"}
    failed = {r["doc_id"]: r for r in rows if r["error"] is not None}
    assert set(failed) == {f"{feed}:2", "null"}
    assert all(r["index"] is None and r["text"] is None for r in failed.values())
    assert f"warning: {feed}:2:" in err and "invalid JSON" in err
    assert "warning: null:" in err and "not a string" in err


def test_stdin_as_one_document_and_as_json_lines(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(ONE.encode("utf-8"))))
    assert main(["label", "-", "-f", "jsonl"]) == 0
    rows = _jsonl(capsys.readouterr().out)
    assert {r["doc_id"] for r in rows} == {"<stdin>"} and len(rows) == len(tonesplit.split(ONE))
    records = json.dumps({"id": 5, "text": TWO}) + "\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(records.encode())))
    assert main(["label", "-", "--input-format", "jsonl", "-f", "jsonl"]) == 0
    assert {r["doc_id"] for r in _jsonl(capsys.readouterr().out)} == {5}


def test_output_is_written_atomically_with_format_from_suffix(corpus, tmp_path, capsys):
    target = tmp_path / "out" / "labels.csv"
    target.parent.mkdir()
    assert main(["label", str(corpus), "--output", str(target)]) == 0
    assert capsys.readouterr().out == ""
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert len(rows) == len(_expected_rows())
    assert sorted(os.listdir(target.parent)) == ["labels.csv"]  # no temporary file left
    mask = os.umask(0)
    os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask  # not the temp file's 0o600


def test_an_error_midway_leaves_no_file_and_keeps_the_old_one(corpus, tmp_path, monkeypatch,
                                                              capsys):
    target = tmp_path / "labels.jsonl"
    target.write_text("previous run\n")
    calls = 0
    real = _label._Writer.write

    def write_then_break(self, result):
        nonlocal calls
        calls += 1
        if calls == 2:
            raise KeyboardInterrupt
        real(self, result)

    monkeypatch.setattr(_label._Writer, "write", write_then_break)
    assert main(["label", str(corpus), "-o", str(target)]) == 130
    assert target.read_text() == "previous run\n"
    assert sorted(os.listdir(tmp_path)) == ["corpus", "labels.jsonl"]  # no temporary file
    assert "interrupted" in capsys.readouterr().err


def test_output_folder_must_exist(corpus, tmp_path, capsys):
    code = main(["label", str(corpus), "-o", str(tmp_path / "no" / "such" / "out.jsonl")])
    assert code == 4
    assert "does not exist" in capsys.readouterr().err


def test_missing_input_is_a_clear_error_before_any_output(corpus, tmp_path, capsys):
    target = tmp_path / "out.jsonl"
    code = main(["label", str(corpus), str(tmp_path / "nope.txt"), "-o", str(target)])
    assert code == 4
    err = capsys.readouterr().err
    assert "No such file or folder" in err and "nope.txt" in err
    assert not target.exists()


@pytest.mark.parametrize("argv", [
    ["label"],
    ["label", "x.txt", "--format", "xml"],
    ["label", "x.txt", "--n-jobs", "0"],
    ["label", "x.txt", "--n-jobs", "two"],
    ["label", "x.txt", "--batch-size", "-3"],
])
def test_usage_errors_exit_2(argv, capsys):
    assert main(argv) == 2
    assert "usage:" in capsys.readouterr().err


def test_trusted_needs_a_model(corpus, capsys):
    assert main(["label", str(corpus), "--trusted"]) == 2
    assert "--trusted" in capsys.readouterr().err


def test_model_option_loads_a_saved_model(corpus, tmp_path, capsys):
    path = tmp_path / "mine.joblib"
    tonesplit.load_model().save(path)
    assert main(["label", str(corpus), "--model", str(path), "-f", "jsonl"]) == 0
    assert len(_jsonl(capsys.readouterr().out)) == len(_expected_rows())
    path.write_bytes(path.read_bytes() + b"tampered")
    assert main(["label", str(corpus), "--model", str(path)]) == 5
    assert main(["label", str(corpus), "--model", str(tmp_path / "none.joblib")]) == 5


def test_n_jobs_and_progress(corpus, capsys):
    assert main(["label", str(corpus), "-f", "jsonl", "--n-jobs", "2", "--progress"]) == 0
    out, err = capsys.readouterr()
    assert [tuple(r[k] for k in ("doc_id", "index", "start", "end", "text", "label"))
            for r in _jsonl(out)] == _expected_rows()
    assert "sentences/s" in err


def _run(*args, stdin=None):
    env = {**os.environ, "PYTHONPATH": SRC + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return subprocess.run([sys.executable, "-m", "tonesplit", "label", *args], input=stdin,
                          capture_output=True, env=env, timeout=300, check=False)


@pytest.mark.slow
def test_as_a_subprocess(corpus, tmp_path):
    proc = _run(str(corpus), "-f", "jsonl")
    assert proc.returncode == 0, proc.stderr
    assert len(_jsonl(proc.stdout.decode())) == len(_expected_rows())
    proc = _run("-", "-f", "csv", stdin=ONE.encode())
    assert proc.returncode == 0 and proc.stdout.decode().startswith("doc_id,index,")
    proc = _run(str(tmp_path / "missing.txt"))
    assert proc.returncode == 4 and b"No such file" in proc.stderr and proc.stdout == b""
    proc = _run(str(corpus), "--format", "nope")
    assert proc.returncode == 2 and b"usage:" in proc.stderr
    (corpus / "bad.txt").write_bytes(b"\x81\x8d\x00")
    out = tmp_path / "labels.tsv"
    proc = _run(str(corpus), "-o", str(out))
    assert proc.returncode == 1 and b"warning: bad:" in proc.stderr
    assert out.read_text(encoding="utf-8").startswith("doc_id\tindex\t")


def test_default_format_follows_the_terminal_and_the_output_suffix(monkeypatch):
    def args(**kw):
        return _label.argparse.Namespace(**{"format": None, "output": None, **kw})

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    assert _label._default_format(args()) == "table"
    monkeypatch.setattr(sys.stdout, "isatty", lambda: False, raising=False)
    assert _label._default_format(args()) == "jsonl"
    assert _label._default_format(args(output="x.tsv")) == "tsv"
    assert _label._default_format(args(output="x.CSV")) == "csv"
    assert _label._default_format(args(output="x.parquet")) == "parquet"
    for unknown in ("x.out", "out/bbc.parquett", "noext"):
        with pytest.raises(_label.CommandError, match="cannot tell the format"):
            _label._default_format(args(output=unknown))
    assert _label._default_format(args(format="jsonl", output="x.out")) == "jsonl"
    assert _label._default_format(args(format="csv", output="x.tsv")) == "csv"


def test_tsv_escapes_tabs_and_line_breaks(tmp_path, capsys):
    (tmp_path / "t.txt").write_text("A heading\twith a tab\nThe vote passed 52 to 48.\n",
                                    encoding="utf-8")
    assert main(["label", str(tmp_path), "-f", "tsv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert all(len(line.split("\t")) == len(_label.SENTENCE_FIELDS) for line in lines)
    assert any("\\t" in line for line in lines[1:])


def test_failed_and_empty_documents_keep_a_row_at_sentence_level(tmp_path, capsys):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "good.txt").write_text(ONE, encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x00\xff\xfe\x00 not text \x00")
    for fmt in ("jsonl", "csv"):
        main(["label", str(folder), "-f", fmt])
        out = capsys.readouterr().out
        rows = (_jsonl(out) if fmt == "jsonl"
                else list(csv.DictReader(io.StringIO(out))))
        by_id: dict = {}
        for r in rows:
            by_id.setdefault(r["doc_id"], []).append(r)
        assert set(by_id) == {"good", "empty", "binary"}, fmt
        assert len(by_id["empty"]) == 1 and not by_id["empty"][0]["error"]
        assert len(by_id["binary"]) == 1 and by_id["binary"][0]["error"].startswith("ReadError")
        assert all(r["error"] in (None, "") for r in by_id["good"])


def test_an_unknown_output_suffix_is_a_usage_error_and_writes_nothing(corpus, tmp_path,
                                                                       capsys):
    target = tmp_path / "bbc.parquett"
    assert main(["label", str(corpus), "-o", str(target)]) == 2
    assert "cannot tell the format" in capsys.readouterr().err
    assert not target.exists() and os.listdir(tmp_path) == ["corpus"]


def test_parquet_output_from_the_suffix_and_from_format(corpus, tmp_path, capsys):
    pq = pytest.importorskip("pyarrow.parquet")
    (corpus / "empty.txt").write_text("")
    target = tmp_path / "labels.parquet"
    assert main(["label", str(corpus), "-o", str(target)]) == 0
    table = pq.read_table(target).to_pylist()
    got = [(r["doc_id"], r["index"], r["start"], r["end"], r["text"], r["label"])
           for r in table if r["doc_id"] != "empty"]
    assert got == _expected_rows()
    assert [r["index"] for r in table if r["doc_id"] == "empty"] == [None]
    assert sorted(os.listdir(tmp_path)) == ["corpus", "labels.parquet"]
    other = tmp_path / "labels.bin"
    assert main(["label", str(corpus), "-o", str(other), "--format", "parquet",
                 "--level", "document"]) == 0
    docs = pq.read_table(other).column("doc_id").to_pylist()
    assert sorted(docs) == ["a/one", "empty", "two"]
    assert main(["label", str(corpus), "--format", "parquet"]) == 2  # binary: no stdout
    assert "--output" in capsys.readouterr().err


def test_messages_speak_flags_and_the_reading_flags_exist(tmp_path, capsys):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "latin.txt").write_bytes("A \u00a315m signing was agreed on Monday.".encode("cp1252"))
    (folder / "big.txt").write_text(ONE, encoding="utf-8")
    assert main(["label", str(folder), "-f", "jsonl", "--fallback-encoding", "none",
                 "--max-bytes", "50"]) == 1
    err = capsys.readouterr().err
    assert "pass --encoding or --fallback-encoding" in err
    assert "more than --max-bytes 50" in err
    for api_word in ("encoding=", "max_bytes=", "max_chars=", "trusted=True"):
        assert api_word not in err
    assert main(["label", str(folder), "-f", "jsonl", "--encoding", "cp1252",
                 "--max-bytes", "1000"]) == 0
    rows = _jsonl(capsys.readouterr().out)
    assert any("\u00a315m" in (r["text"] or "") for r in rows)
    assert main(["label", str(folder), "--max-chars", "20", "-f", "jsonl"]) == 1
    err = capsys.readouterr().err
    assert "raise --max-chars" in err and "max_chars=" not in err
    assert main(["label", str(folder), "--encoding", "no-such-codec"]) == 2
    assert "unknown encoding" in capsys.readouterr().err


@pytest.mark.slow
@pytest.mark.parametrize("delay", [0.0, 0.4, 1.0])
def test_ctrl_c_with_two_jobs_says_interrupted_without_a_traceback(tmp_path, delay):
    import signal
    import time

    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps({"id": i, "text": ONE}) + "\n" for i in range(20000)),
                    encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": SRC}
    # its own process group, signalled as a whole: what Ctrl-C in a terminal does
    proc = subprocess.Popen(
        [sys.executable, "-m", "tonesplit", "label", str(feed), "-j", "2", "-f", "jsonl",
         "--batch-size", "16"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        start_new_session=True, env=env)
    try:
        assert proc.stdout.readline()  # labelling has begun
        time.sleep(delay)
        os.killpg(proc.pid, signal.SIGINT)
        _, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
    assert proc.returncode == 130
    assert err.decode() == "tonesplit: error: interrupted\n"


def test_the_same_id_from_two_folders_is_warned_and_made_distinct(tmp_path, capsys):
    for folder, text in (("a", ONE), ("b", TWO)):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "001.txt").write_text(text, encoding="utf-8")
    assert main(["label", str(tmp_path / "a"), str(tmp_path / "b"), "--level", "document",
                 "-f", "jsonl"]) == 0
    out, err = capsys.readouterr()
    assert [r["doc_id"] for r in _jsonl(out)] == ["001", "001#2"]
    assert "'001' occurs more than once" in err and "'001#2'" in err


def test_progress_on_a_folder_has_a_total(corpus, capsys):
    pytest.importorskip("tqdm")
    assert main(["label", str(corpus), "--progress", "-f", "jsonl"]) == 0
    assert "2/2" in capsys.readouterr().err
