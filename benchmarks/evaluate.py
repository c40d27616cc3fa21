"""Score both shipped tiers, their teachers and the peers; train and score the candidate recipes.

    TONESPLIT_DATA_HOME=../shared/data python benchmarks/evaluate.py [--tiers-only] [--quick]

Writes ``benchmarks/results/evaluation.json``, ``evaluation.md`` (the tables the
README and the model cards quote) and ``errors.md`` (error analysis).
``--tiers-only`` scores just the shipped files, the teachers and the peers (a
few minutes) and keeps the recipes' figures of the last full run.

The shipped tiers (see ``benchmarks/tiers.py``): each file in ``models/`` as
it ships, on dev_test (macro-F1 with a bootstrap interval, ROC AUC, ECE), on
the genre articles its card says it was trained without, and for speed on
the same BBC sentences as the peers, one thread, in the same run.

Recipes' protocol (choices are made on training folds and dev_en, never on what is
reported as held out):

- dev_test: ``dev_test_en.tsv`` (the 2024 test set); models fit on their
  sources (CheckThat! train + dev, MPQA, genre corpus); peers' thresholds are
  chosen on ``dev_en.tsv``. Macro-F1 with a 95% bootstrap interval.
- genre: the project's own corpus, 5-fold GroupKFold over articles; models
  also learn from the public sets; peers' thresholds are chosen on the
  training folds.
- SUBJ: 10-fold accuracy, each model trained on SUBJ alone (a check of the
  learning machinery); peers' thresholds chosen on the 9 training folds.
- ECE (10 bins) on the held-out genre folds and on dev_test.
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
import tiers
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold, StratifiedKFold
from sklearn.pipeline import make_pipeline

from tonesplit import datasets, training
from tonesplit._peers import textblob_subjectivity, vader_strength
from tonesplit.metrics import best_threshold, expected_calibration_error, macro_f1
from tonesplit.model import ToneClassifier

RESULTS = Path(__file__).resolve().parent / "results"
PUBLIC = {"checkthat": 1.0, "mpqa": 0.5}


def tfidf_baseline():
    """The plain TF-IDF word 1-2 gram baseline (the official CheckThat! recipe)."""
    return make_pipeline(
        TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2),
        LogisticRegression(C=1.0, max_iter=2000),
    )


# name -> (sources with weights, model factory)
CANDIDATES = {
    "tfidf baseline, CheckThat! only": ({"checkthat": 1.0}, tfidf_baseline),
    "tonesplit features, CheckThat! only": ({"checkthat": 1.0}, training.build_model),
    "n-grams only, all data": (training.RECIPE["sources"],
                               lambda: training.build_model(cues=False)),
    "shipped recipe": (training.RECIPE["sources"], training.build_model),
    "shipped recipe + SUBJ": ({**training.RECIPE["sources"], "subj": 0.25},
                              training.build_model),
}
PEERS = {"TextBlob subjectivity": textblob_subjectivity, "VADER abs(compound)": vader_strength}


def labels_at(p, t=0.5):
    return np.where(np.asarray(p) >= t, "reflective", "factual")


def reflective_proba(model, texts):
    return model.predict_proba(texts)[:, list(model.classes_).index("reflective")]


def score_dev_test(train_sets, test) -> dict:
    out = {}
    for name, (sources, make) in CANDIDATES.items():
        data = training.training_set(sources)
        t0 = time.perf_counter()
        model = training._fit(make(), data)
        p = reflective_proba(model, test.texts)
        out[name] = {
            "macro_f1": macro_f1(test.labels, labels_at(p)).as_dict(),
            "ece": round(expected_calibration_error(test.labels, p), 4),
            "fit_seconds": round(time.perf_counter() - t0, 1),
            "_p": p,
        }
        print(f"dev_test  {name:40s} {out[name]['macro_f1']}", flush=True)
    dev = train_sets["dev"]
    for name, scorer in PEERS.items():
        t = best_threshold(dev.labels, scorer(dev.texts))
        out[name] = {"threshold_from_dev": round(t, 4),
                     "macro_f1": macro_f1(test.labels, labels_at(scorer(test.texts), t)).as_dict()}
        print(f"dev_test  {name:40s} {out[name]['macro_f1']}", flush=True)
    return out


def score_genre(quick: bool) -> dict:
    out = {}
    for name, (sources, make) in CANDIDATES.items():
        if quick and name != "shipped recipe":
            continue
        data = training.training_set({**sources, "genre": training.RECIPE["sources"]["genre"]})
        cv = training.genre_cross_validation(data, make_model=make, keep_predictions=True)
        out[name] = cv
        print(f"genre     {name:40s} {cv['macro_f1']} context {cv['macro_f1_context']}", flush=True)
    data = training.training_set()
    cv = training.genre_cross_validation(data, by="writer")
    out["shipped recipe, held-out writer"] = cv
    print(f"genre     {'shipped recipe, by writer':40s} {cv['macro_f1']} "
          f"context {cv['macro_f1_context']}", flush=True)
    genre = datasets.load_genre_sentences()
    y = np.asarray(genre.labels, dtype=object)
    groups = np.asarray(genre.groups)
    for name, scorer in PEERS.items():
        s = scorer(genre.texts)
        pred = np.empty(len(y), dtype=object)
        for tr, te in GroupKFold(5, shuffle=True, random_state=0).split(s, groups=groups):
            pred[te] = labels_at(s[te], best_threshold(y[tr], s[tr]))
        out[name] = {"macro_f1": macro_f1(y, pred).as_dict()}
        print(f"genre     {name:40s} {out[name]['macro_f1']}", flush=True)
    return out


def score_subj() -> dict:
    subj = datasets.load_subj()
    X = np.asarray(subj.texts, dtype=object)
    y = np.asarray(subj.labels, dtype=object)
    folds = list(StratifiedKFold(10, shuffle=True, random_state=0).split(X, y))
    out = {}
    makers = {
        "tfidf baseline": tfidf_baseline,
        "tonesplit features": lambda: ToneClassifier(min_df=1, calibrate=False, C=4.0),
    }
    for name, make in makers.items():
        acc = [np.mean(make().fit(list(X[tr]), y[tr]).predict(list(X[te])) == y[te])
               for tr, te in folds]
        out[name] = {"accuracy": round(float(np.mean(acc)), 4),
                     "fold_std": round(float(np.std(acc)), 4)}
        print(f"SUBJ      {name:40s} {out[name]}", flush=True)
    for name, scorer in PEERS.items():
        s = scorer(list(X))
        acc = [np.mean(labels_at(s[te], best_threshold(y[tr], s[tr])) == y[te]) for tr, te in folds]
        out[name] = {"accuracy": round(float(np.mean(acc)), 4)}
        print(f"SUBJ      {name:40s} {out[name]}", flush=True)
    return out


def error_analysis(dev_test_result, genre_result, test) -> str:
    """Error rates by kind of sentence, and examples, for the shipped recipe."""
    import re

    genre = datasets.load_genre_sentences()
    preds = genre_result["shipped recipe"]["predictions"]
    # Predictions are indexed in the training set; genre sentences come last in it,
    # in load order, so position k of the genre block is genre sentence k.
    y = preds["y"]
    p = preds["p_context"]
    kinds = {
        "quoted speech": lambda t: bool(re.search(r"[\"“”]", t)),
        "attribution verb": lambda t: bool(re.search(
            r"\b(said|says|told|according to|argued|claimed|warned|added)\b", t, re.I)),
        "question": lambda t: t.rstrip().endswith("?"),
        "first person": lambda t: bool(re.search(r"\b(I|we|our|us|my)\b", t)),
        "number": lambda t: bool(re.search(r"\d", t)),
        "short (< 10 words)": lambda t: len(t.split()) < 10,
        "long (>= 30 words)": lambda t: len(t.split()) >= 30,
    }
    lines = ["# Error analysis of the shipped recipe", "",
             "Held-out genre articles (5-fold, by article, with the context pass) and "
             "dev_test (sentence level). Error rate = share of sentences of that kind "
             "labelled wrongly.", ""]

    def table(texts, gold, prob, title):
        pred = labels_at(prob)
        wrong = pred != np.asarray(gold, dtype=object)
        lines.extend([f"## {title}", "", "| kind | sentences | error rate | false reflective "
                      "| false factual |", "| --- | ---: | ---: | ---: | ---: |"])
        all_rows = [("all", np.ones(len(texts), bool))] + [
            (k, np.array([f(t) for t in texts])) for k, f in kinds.items()]
        for k, m in all_rows:
            if m.sum() == 0:
                continue
            fr = int((wrong & m & (pred == "reflective")).sum())
            ff = int((wrong & m & (pred == "factual")).sum())
            lines.append(f"| {k} | {int(m.sum())} | {wrong[m].mean():.3f} | {fr} | {ff} |")
        lines.append("")
        return wrong, pred

    wrong, pred = table(genre.texts, y, p, "Genre corpus (held-out articles)")
    by_register = defaultdict(list)
    reg = {a.id: a.register for a in datasets.load_genre()}
    if reg:
        for g, w in zip(genre.groups, wrong):
            by_register[reg[g]].append(w)
        lines.extend(["### By register", "", "| register | sentences | error rate |",
                      "| --- | ---: | ---: |"])
        for r, ws in sorted(by_register.items(), key=lambda kv: -np.mean(kv[1])):
            lines.append(f"| {r} | {len(ws)} | {np.mean(ws):.3f} |")
        lines.append("")
    lines.extend(["### Most confident mistakes (genre)", ""])
    conf = np.argsort(-np.abs(p - 0.5) * wrong)[:20]
    for i in conf:
        if wrong[i]:
            lines.append(f"- gold **{y[i]}**, p_reflective {p[i]:.2f}: {genre.texts[i]}")
    lines.append("")
    table(test.texts, test.labels, dev_test_result["shipped recipe"]["_p"], "dev_test (CheckThat! 2024)")
    return "\n".join(lines) + "\n"


def markdown(res: dict) -> str:
    def f1(d):
        m = d.get("macro_f1")
        return f"{m['value']:.3f} [{m['low']:.3f}, {m['high']:.3f}]" if m else "-"

    rows = ["| model | dev_test macro-F1 [95% CI] | dev_test ECE | genre macro-F1 (by article) "
            "| genre, with context | genre ECE | SUBJ 10-fold acc. |",
            "| --- | --- | ---: | --- | --- | ---: | ---: |"]
    names = list(CANDIDATES) + ["shipped recipe, held-out writer"] + list(PEERS)
    subj_name = {"tfidf baseline, CheckThat! only": "tfidf baseline",
                 "shipped recipe": "tonesplit features"}
    for n in names:
        d = res["dev_test"].get(n, {})
        g = res["genre"].get(n, {})
        s = res["subj"].get(subj_name.get(n, n), {})
        rows.append(
            f"| {n} | {f1(d)} | {d.get('ece', '-')} | {f1(g)} | "
            f"{f1({'macro_f1': g['macro_f1_context']}) if 'macro_f1_context' in g else '-'} | "
            f"{g.get('ece_context', '-')} | "
            f"{(str(round(100 * s['accuracy'], 1)) + '%') if s else '-'} |"
        )
    ship = res["genre"].get("shipped recipe", {})
    extra = ""
    if ship:
        extra = (
            f"\nArticle-level accuracy on held-out genre articles (mean share of an article's "
            f"sentences labelled right): {ship['article_accuracy']:.3f} without the context "
            f"pass, {ship['article_accuracy_context']:.3f} with it.\n\nReliability of the "
            "shipped recipe on held-out genre folds (with context):\n\n"
            "| bin | n | mean p | observed share reflective |\n| --- | ---: | ---: | ---: |\n"
            + "\n".join(f"| {r['bin']} | {r['n']} | {r['mean_p']} | {r['observed']} |"
                        for r in ship["reliability"])
        )
    head = "# Evaluation\n\n" + (tiers.tiers_markdown(res) + "\n" if "tiers" in res else "")
    return head + (
        "## Candidate recipes (trained by a full run, not `--tiers-only`)\n\nWritten by `benchmarks/evaluate.py` on "
        f"{res['date']} ({res['machine']}). Peers' thresholds are chosen on dev_en "
        "(dev_test), on the training folds (genre, SUBJ). SUBJ models learn from SUBJ "
        "alone.\n\n" + "\n".join(rows) + "\n" + extra + "\n"
    )


def strip_private(obj):
    if isinstance(obj, dict):
        return {k: strip_private(v) for k, v in obj.items()
                if not k.startswith("_") and k != "predictions"}
    return obj


def score_shipped(test, dev, speed_sentences: int) -> dict:
    """Both shipped tiers, their teachers and the peers (``benchmarks/tiers.py``)."""
    genre = datasets.load_genre_sentences()
    out = {"tiers_date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
           "tiers": tiers.score_tiers(test, dev, genre, PEERS),
           "teachers": {"annotators": tiers.score_annotators(),
                        "encoder": tiers.score_encoder_teachers(test, genre)}}
    print(f"teacher   annotators (silver calibration) {out['teachers']['annotators']}",
          flush=True)
    texts = tiers.bbc_sentences(speed_sentences)
    out["speed"] = tiers.speed(tiers.tier_scorers(PEERS), texts)
    print(f"speed     {out['speed']}", flush=True)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tiers-only", action="store_true",
                    help="score the shipped tiers, teachers and peers only; keep the "
                         "recipes' figures of the last full run")
    ap.add_argument("--quick", action="store_true", help="genre CV of the shipped recipe only")
    ap.add_argument("--skip-subj", action="store_true")
    ap.add_argument("--speed-sentences", type=int, default=2000, metavar="N",
                    help="BBC sentences every model and peer is timed on (default: 2000)")
    ap.add_argument("--readme", action="store_true",
                    help="also copy the tier table into README.md (between its markers)")
    args = ap.parse_args()
    RESULTS.mkdir(exist_ok=True)
    test = datasets.load_checkthat("dev_test")
    dev = datasets.load_checkthat("dev")
    machine = f"{platform.machine()}, Python {platform.python_version()}"
    if args.tiers_only:
        previous = RESULTS / "evaluation.json"
        res = json.loads(previous.read_text()) if previous.exists() else {}
        res.update(score_shipped(test, dev, args.speed_sentences), machine=machine)
        (RESULTS / "evaluation.json").write_text(json.dumps(res, indent=2) + "\n")
        (RESULTS / "evaluation.md").write_text(markdown(res))
        print((RESULTS / "evaluation.md").read_text())
        if args.readme:
            tiers.update_readme(res)
        return
    res = {"date": time.strftime("%Y-%m-%d"), "machine": machine}
    res.update(score_shipped(test, dev, args.speed_sentences))
    res["dev_test"] = score_dev_test({"dev": dev}, test)
    res["genre"] = score_genre(args.quick)
    res["subj"] = {} if args.skip_subj else score_subj()
    (RESULTS / "errors.md").write_text(error_analysis(res["dev_test"], res["genre"], test))
    (RESULTS / "evaluation.json").write_text(json.dumps(strip_private(res), indent=2) + "\n")
    (RESULTS / "evaluation.md").write_text(markdown(res))
    print((RESULTS / "evaluation.md").read_text())
    if args.readme:
        tiers.update_readme(res)


if __name__ == "__main__":
    main()
