"""Quotation pass: its effect on the project's quotation cases, the genre corpus,
BBC News and dev_test, with the shipped model, in one run.

    TONESPLIT_DATA_HOME=../shared/data PYTHONPATH=src python benchmarks/quotations.py

"Before" is the labelling path with the quotation pass switched off (no
quoted sentence takes an attribution); "after" is the shipped path. The model
and its features are unchanged, so training figures do not move. The genre
corpus is part of the shipped model's training data: its figures here are
in-sample, a check of direction, not a held-out score. dev_test sentences are
labelled one by one (no context), where the pass can change nothing.

Writes benchmarks/results/quotations.{json,md}.
"""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import tonesplit
from tonesplit import api, datasets
from tonesplit.metrics import macro_f1

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
sys.path.insert(0, str(ROOT / "tests"))
from quotation_cases import QUOTATION_CASES  # noqa: E402

sys.path.insert(0, str(ROOT / "benchmarks"))
from segmentation import default_news_dir, read_news  # noqa: E402


@contextmanager
def pass_off():
    with mock.patch.object(api, "attribution_sources", lambda spans, q, n: [-1] * len(spans)):
        yield


def labelled(texts: list[str], model) -> list[list]:
    return [list(d) for d in api.label_documents(texts, model)]


def cases(model) -> dict:
    rows = []
    for name, text, expected in QUOTATION_CASES:
        with pass_off():
            before = [s for s in labelled([text], model)[0] if s.label != "other"]
        after = [s for s in labelled([text], model)[0] if s.label != "other"]
        rows.append({
            "case": name,
            "expected": [lab for _, lab in expected],
            "quoted": [s.quoted for s in after],
            "before": [s.label for s in before],
            "after": [s.label for s in after],
            "p_before": [round(s.p_reflective, 3) for s in before],
            "p_after": [round(s.p_reflective, 3) for s in after],
        })
    n = sum(len(r["expected"]) for r in rows)
    right = {k: sum(a == e for r in rows for a, e in zip(r[k], r["expected"]))
             for k in ("before", "after")}
    return {"rows": rows, "sentences": n, "right_before": right["before"],
            "right_after": right["after"]}


def genre(model) -> dict:
    arts = datasets.load_genre()
    texts = [a.text for a in arts]
    with pass_off():
        before = labelled(texts, model)
    after = labelled(texts, model)
    gold, b_lab, a_lab, changed, quoted = [], [], [], 0, 0
    for art, bs, as_ in zip(arts, before, after):
        by_span = {(s.start, s.end): s.label for s in art.sentences if s.label != "other"}
        for b, a in zip(bs, as_):
            quoted += a.quoted
            key = (a.start, a.end)
            if key in by_span and a.label != "other":
                gold.append(by_span[key])
                b_lab.append(b.label)
                a_lab.append(a.label)
                changed += a.label != b.label
    return {"articles": len(arts), "matched_sentences": len(gold), "quoted": quoted,
            "labels_changed": changed,
            "macro_f1_before": macro_f1(gold, b_lab).as_dict(),
            "macro_f1_after": macro_f1(gold, a_lab).as_dict()}


def bbc(model) -> dict:
    folder = default_news_dir()
    if not folder.is_dir():
        return {}
    texts = read_news(folder)
    with pass_off():
        before = labelled(texts, model)
    after = labelled(texts, model)
    prose = sum(1 for d in after for s in d if s.label != "other")
    quoted = sum(s.quoted for d in after for s in d)
    changed = sum(b.label != a.label for bd, ad in zip(before, after) for b, a in zip(bd, ad))
    to_factual = sum(b.label == "reflective" and a.label == "factual"
                     for bd, ad in zip(before, after) for b, a in zip(bd, ad))
    return {"articles": len(texts), "prose_sentences": prose, "quoted": quoted,
            "labels_changed": changed, "reflective_to_factual": to_factual}


def dev_test(model) -> dict:
    ds = datasets.load_checkthat("dev_test", download_if_missing=False)
    texts = list(ds.texts)
    with pass_off():
        before = [d[0].label if d else None for d in labelled(texts, model)]
    after = [d[0].label if d else None for d in labelled(texts, model)]
    return {"sentences": len(texts), "labels_changed": sum(a != b for a, b in zip(after, before))}


def main() -> int:
    model = tonesplit.load_model()
    report = {"cases": cases(model), "genre": genre(model), "bbc_news": bbc(model),
              "dev_test": dev_test(model)}
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "quotations.json").write_text(json.dumps(report, indent=2) + "\n")
    c, g, b, d = report["cases"], report["genre"], report["bbc_news"], report["dev_test"]
    lines = [
        "# Quotations across sentences: the quotation pass, before and after",
        "",
        "Shipped model, unchanged features; *before* = quotation pass off. "
        "Run: `TONESPLIT_DATA_HOME=../shared/data PYTHONPATH=src python benchmarks/quotations.py`.",
        "",
        f"## The project's quotation cases (`tests/quotation_cases.py`): {c['right_before']}"
        f" -> {c['right_after']} of {c['sentences']} sentences labelled as the guideline says",
        "",
        "| case | quoted | expected | before | after |",
        "| --- | --- | --- | --- | --- |",
    ]
    for r in c["rows"]:
        lines.append(f"| {r['case']} | {r['quoted']} | {r['expected']} | {r['before']} "
                     f"{r['p_before']} | {r['after']} {r['p_after']} |")
    lines += [
        "",
        f"## Genre corpus ({g['articles']} articles, in-sample for the shipped model)",
        "",
        f"{g['matched_sentences']} sentences matched to gold by offsets; {g['quoted']} quoted; "
        f"{g['labels_changed']} labels changed; macro-F1 "
        f"{g['macro_f1_before']['value']:.4f} -> {g['macro_f1_after']['value']:.4f}.",
        "",
    ]
    if b:
        lines += [f"## BBC News ({b['articles']} articles, no gold)", "",
                  f"{b['prose_sentences']:,} prose sentences, {b['quoted']:,} quoted; "
                  f"{b['labels_changed']} labels changed, {b['reflective_to_factual']} of them "
                  "reflective -> factual.", ""]
    lines += [f"## dev_test ({d['sentences']} sentences, labelled one by one)", "",
              f"{d['labels_changed']} labels changed (no context: none expected).", ""]
    (RESULTS / "quotations.md").write_text("\n".join(lines))
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
