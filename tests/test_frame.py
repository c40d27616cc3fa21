"""label_frame (pandas in, pandas out) and Parquet output: nothing lost."""

from __future__ import annotations

import math

import pytest

import tonesplit

pd = pytest.importorskip("pandas")

ONE = "Officials said 40 homes were flooded on Monday. Perhaps it is a reminder of how fragile we are."


def test_label_frame_one_row_per_sentence_with_the_users_id_column():
    df = pd.DataFrame({"url": ["u1", "u2", "u3"], "body": [ONE, None, ""]})
    out = tonesplit.label_frame(df, text="body", id="url")
    assert list(out.columns) == ["url", "index", "start", "end", "text", "label",
                                 "p_reflective", "error"]
    good = out[out.url == "u1"]
    expected = tonesplit.split(ONE)
    assert good["text"].tolist() == [s.text for s in expected]
    assert good["label"].tolist() == [s.label for s in expected]
    assert good["index"].tolist() == list(range(len(expected)))
    assert all(ONE[s:e] == t for s, e, t in zip(good.start, good.end, good.text))
    assert good["error"].isna().all()
    failed = out[out.url == "u2"]
    assert len(failed) == 1 and failed["error"].iloc[0].startswith("TypeError")
    assert failed["index"].isna().all() and math.isnan(failed["p_reflective"].iloc[0])
    empty = out[out.url == "u3"]
    assert len(empty) == 1 and empty["error"].isna().all() and empty["index"].isna().all()
    assert str(out["index"].dtype) == "Int64" and str(out["label"].dtype) == "category"


def test_label_frame_defaults_to_the_index_and_checks_its_arguments():
    df = pd.DataFrame({"text": [ONE]}, index=[41])
    out = tonesplit.label_frame(df)
    assert set(out["doc_id"]) == {41} and out["doc_id"].dtype == "int64"
    with pytest.raises(ValueError, match="'body' is not a column"):
        tonesplit.label_frame(df, text="body")
    with pytest.raises(ValueError, match="id='url' is not a column"):
        tonesplit.label_frame(df, id="url")
    with pytest.raises(TypeError, match="DataFrame"):
        tonesplit.label_frame([ONE])


def test_label_frame_warns_about_repeated_ids():
    df = pd.DataFrame({"id": ["a", "a"], "text": [ONE, ONE]})
    with pytest.warns(UserWarning, match="occur more than once"):
        tonesplit.label_frame(df, id="id")


def test_write_parquet_streams_batches_and_keeps_failed_rows(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    from tonesplit.parquet import write_parquet

    docs = [(f"d{i}", ONE) for i in range(7)] + [("bad", None)]
    path = tmp_path / "s.parquet"
    n = write_parquet(tonesplit.label_corpus(docs), path, batch_rows=3)
    table = pq.read_table(path)
    assert n == table.num_rows == 7 * len(tonesplit.split(ONE)) + 1
    assert pq.ParquetFile(path).metadata.num_row_groups > 1  # written as it went
    assert table.column("error").to_pylist()[-1].startswith("TypeError")
    frame = table.to_pandas()
    assert frame[frame.doc_id == "d0"]["text"].tolist() == [s.text for s in tonesplit.split(ONE)]
    docs_path = tmp_path / "d.parquet"
    assert write_parquet(tonesplit.label_corpus(docs), docs_path, level="document") == 8
    assert pq.read_table(docs_path).column("error_type").to_pylist()[-1] == "TypeError"


def test_write_parquet_of_nothing_still_has_the_schema(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    from tonesplit.parquet import write_parquet

    path = tmp_path / "empty.parquet"
    assert write_parquet([], path) == 0
    assert pq.read_table(path).column_names[:3] == ["doc_id", "index", "start"]


def test_write_parquet_failure_leaves_no_file(tmp_path):
    pytest.importorskip("pyarrow")
    from tonesplit.parquet import write_parquet

    def results():
        yield from tonesplit.label_corpus([("a", ONE)])
        raise RuntimeError("stop")

    with pytest.raises(RuntimeError):
        write_parquet(results(), tmp_path / "x.parquet")
    assert list(tmp_path.iterdir()) == []
