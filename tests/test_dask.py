"""label_corpus on a Dask cluster, and the dask.dataframe / dask.bag recipes.

A real ``LocalCluster`` of two worker processes on 127.0.0.1 is started by
the test module, as in ``docs/corpus.md``.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

import tonesplit
from tonesplit import label_corpus, to_sentences_frame
from tonesplit.corpus import documents_meta, label_partition, sentences_meta

pytestmark = pytest.mark.slow

distributed = pytest.importorskip("distributed")
db = pytest.importorskip("dask.bag")
pd = pytest.importorskip("pandas")
joblib = pytest.importorskip("joblib")

SRC = str(Path(__file__).resolve().parents[1] / "src")

TEXTS = [
    ("Officials said 40 homes were flooded on Monday. Perhaps it is a reminder of how fragile "
     "we are."),
    "The vote passed 52 to 48 on Tuesday.",
    "What a sad lesson it remains! One cannot help wondering what comes next.",
    "",
    "The council approved 2 million pounds for repairs.\n\nSources: Reuters",
]
DOCS = [(f"doc{i}", TEXTS[i % len(TEXTS)]) for i in range(40)] + [("bad", None)]


@pytest.fixture(scope="module")
def client():
    # Worker processes must import tonesplit from this tree too.
    old = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = SRC + (os.pathsep + old if old else "")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       host="127.0.0.1", dashboard_address=None)
    try:
        with distributed.Client(cluster) as c:
            yield c
    finally:
        cluster.close()
        if old is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = old


def _rows(frame):
    return frame.sort_values(["doc_id", "index"]).reset_index(drop=True)


def test_joblib_dask_backend_gives_the_same_results(client):
    serial = list(label_corpus(DOCS))
    with joblib.parallel_config(backend="dask"):
        on_cluster = list(label_corpus(DOCS, n_jobs=-1, batch_size=4))
    assert [r.doc_id for r in on_cluster] == [d for d, _ in DOCS]
    assert [r.error for r in on_cluster] == [r.error for r in serial]
    for a, b in zip(on_cluster, serial):
        assert [(s.text, s.start, s.end, s.label) for s in a.sentences] == \
               [(s.text, s.start, s.end, s.label) for s in b.sentences]
        pa = [np.nan if s.p_reflective is None else s.p_reflective for s in a.sentences]
        pb = [np.nan if s.p_reflective is None else s.p_reflective for s in b.sentences]
        np.testing.assert_allclose(pa, pb, atol=1e-9)
    # the work really ran on the cluster's workers
    on_workers = client.run(lambda: "tonesplit._workers" in __import__("sys").modules)
    assert len(on_workers) == 2 and all(on_workers.values())


def test_joblib_dask_backend_with_a_custom_model(client):
    model = tonesplit.load_model()
    with joblib.parallel_config(backend="dask"):
        got = list(label_corpus(DOCS[:12], n_jobs=-1, batch_size=3, model=model))
    assert [r.summary for r in got] == [r.summary for r in label_corpus(DOCS[:12], model=model)]


def test_dask_dataframe_map_partitions_recipe(client):
    dd = pytest.importorskip("dask.dataframe")  # needs pyarrow (the dask extra brings it)
    df = pd.DataFrame({"id": [d for d, _ in DOCS[:-1]], "text": [t for _, t in DOCS[:-1]]})
    ddf = dd.from_pandas(df, npartitions=4)
    meta = sentences_meta(df["id"].dtype)
    lazy = ddf.map_partitions(label_partition, text_column="text", id_column="id", meta=meta)
    got = lazy.compute()
    want = to_sentences_frame(label_corpus(zip(df["id"], df["text"])))
    assert list(got.columns) == list(want.columns)
    pd.testing.assert_frame_equal(_rows(got), _rows(want), check_dtype=False,
                                  check_categorical=False)
    # the documents level, where failures are data
    df_bad = pd.DataFrame({"id": ["ok", "none"], "text": [TEXTS[0], None]})
    docs = dd.from_pandas(df_bad, npartitions=2).map_partitions(
        label_partition, text_column="text", id_column="id", level="documents",
        meta=documents_meta(df_bad["id"].dtype)).compute()
    assert dict(zip(docs["doc_id"], docs["error_type"])) == {"ok": None, "none": "TypeError"}


def test_dask_bag_recipe(client):
    bag = db.from_sequence(DOCS, npartitions=4)
    results = bag.map_partitions(lambda part: list(label_corpus(part))).compute()
    assert [r.doc_id for r in results] == [d for d, _ in DOCS]
    assert [r.summary for r in results] == [r.summary for r in label_corpus(DOCS)]
    assert not results[-1].ok
