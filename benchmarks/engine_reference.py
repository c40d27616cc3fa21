"""Write the stand-off reference of the engine's output (ids, offsets, labels, probabilities).

Run once with the version whose output the engine must keep (0.1, joblib model):

    TONESPLIT_DATA_HOME=../shared/data python benchmarks/engine_reference.py

It writes ``tests/data/engine_reference.tsv`` (no text: rule 2), which
``tests/test_engine_reference.py`` holds every later engine and model file to.
Corpora: every 10th BBC News article (documents, through ``label_corpus``) and
every 5th sentence of CheckThat! train/dev, MPQA and SUBJ (sentences, through
``label``). Never the CheckThat! test file. The model is the 0.1 fixture
``tests/data/reference-model-0.1.safetensors`` (the 0.1 model's arrays), not
the shipped default, which may change.
"""

from __future__ import annotations

from pathlib import Path

import tonesplit
from tonesplit import datasets

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"
OUT = DATA / "engine_reference.tsv"
MODEL = DATA / "reference-model-0.1.safetensors"


def sentence_sets():
    for split in ("train", "dev"):
        yield f"checkthat-{split}", datasets.load_checkthat(split).texts
    yield "mpqa", datasets.load_mpqa().texts
    yield "subj", datasets.load_subj().texts


def main() -> None:
    model = tonesplit.load_model(MODEL)
    bbc = Path(datasets.get_data_home()) / "bbc-news"
    docs = list(tonesplit.read_corpus(bbc))[::10]
    rows = ["corpus\tdoc_id\tindex\tstart\tend\tlabel\tp_reflective"]
    for r in tonesplit.label_corpus(docs, model=model):
        for i, s in enumerate(r.sentences):
            p = "" if s.p_reflective is None else repr(s.p_reflective)
            rows.append(f"bbc\t{r.doc_id}\t{i}\t{s.start}\t{s.end}\t{s.label}\t{p}")
    for name, texts in sentence_sets():
        for i in range(0, len(texts), 5):
            s = tonesplit.label(texts[i], model=model)
            rows.append(f"{name}\t{i}\t0\t{s.start}\t{s.end}\t{s.label}\t{s.p_reflective!r}")
    OUT.write_text("\n".join(rows) + "\n", encoding="utf-8")
    print(f"{len(rows) - 1} rows -> {OUT}")


if __name__ == "__main__":
    main()
