"""Score the shipped tiers, their teachers and the peers (part of ``evaluate.py``).

Every shipped model is scored as the file that ships (``models/``), at its
shipped prior and threshold:

- dev_test (``dev_test_en.tsv``): macro-F1 with a 95% bootstrap interval, ROC
  AUC, ECE (10 bins), predicted share of reflective. A card that mentions
  dev_test (e.g. a Platt step fit on it) is quoted beside the figure: that
  figure is then not fully held out. Where the calibration was fit on
  dev_test and the model exposes its raw logit, the figure with that step
  cross-fitted (5 folds of dev_test) is given too.
- genre: exactly the articles the model's card says were held out of its
  training (none: no figure, said so).
- speed: sentences/s, one thread, the same BBC sentences for every model and
  peer, interleaved rounds in this process.

The peers (TextBlob subjectivity, VADER abs(compound)) get their thresholds
on dev_en (dev_test) and on the genre articles not held out (genre). The
teachers: the annotators (silver calibration rows, CheckThat! train + dev:
a different set) and the encoder teacher (its logits, stand-off, in
``benchmarks/teachers/``).
"""

from __future__ import annotations

import csv
import json
import os
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
from scipy.special import expit
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import cohen_kappa_score, roc_auc_score
from sklearn.model_selection import StratifiedKFold

import tonesplit
from tonesplit import datasets
from tonesplit._prior import prior_shift
from tonesplit.metrics import best_threshold, expected_calibration_error, macro_f1

ROOT = Path(__file__).resolve().parent.parent
TEACHERS = Path(__file__).resolve().parent / "teachers"
# name -> (load_model argument, card file)
TIERS = {
    "fast tier (default)": ("fast", ROOT / "models" / "tonesplit-model.json"),
    "accurate tier": ("accurate", ROOT / "models" / "tonesplit-accurate.json"),
}


def _labels(p, t: float = 0.5) -> np.ndarray:
    return np.where(np.asarray(p) >= t, "reflective", "factual")


def _auc(y, s) -> float:
    return round(float(roc_auc_score(np.asarray(y) == "reflective", s)), 4)


def _walk(obj, path: str = "") -> Iterator[tuple[str, object]]:
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from _walk(v, f"{path}.{k}" if path else str(k))
    elif isinstance(obj, list) and not all(isinstance(v, str) for v in obj):
        for i, v in enumerate(obj):
            yield from _walk(v, f"{path}[{i}]")
    else:
        yield path, obj


def held_out_articles(card: dict) -> tuple[str, ...]:
    """The genre articles a card says were kept out of training (any ``held_out*`` list)."""
    for path, value in _walk(card):
        if "held_out" in path.rsplit(".", 1)[-1] and isinstance(value, list) and value:
            return tuple(str(v) for v in value)
    return ()


def dev_test_notes(card: dict, card_md: str = "") -> list[str]:
    """What a card says was chosen or fit on dev_test (its JSON fields, its Markdown)."""
    notes = [f"`{path}`: {value}" for path, value in _walk(card)
             if isinstance(value, str) and "dev_test" in value and "unused" not in value]
    sentences = re.split(r"(?<=[.;])\s+", " ".join(card_md.split()))
    choice = re.compile(r"\b(chosen|fit|tuned?)\b[^.;]{0,40}?\bdev_test")
    notes += [f"its card: {s.strip('- ')}" for s in sentences
              if choice.search(s) and "unused" not in s]
    return notes


def _card_md(card_file: Path) -> str:
    md = card_file.with_suffix(".md")
    return md.read_text(encoding="utf-8") if md.exists() else ""


def one_thread(model) -> None:
    """Set every ``*threads`` parameter of a model (and its parts) to 1."""
    if hasattr(model, "get_params"):
        keys = [k for k in model.get_params(deep=True) if k.endswith("threads")]
        if keys:
            model.set_params(**dict.fromkeys(keys, 1))


def _proba(model, texts) -> np.ndarray:
    return model.predict_proba(list(texts))[:, list(model.classes_).index("reflective")]


def _dev_test_scores(y, p, threshold: float) -> dict:
    pred = _labels(p, threshold)
    return {
        "macro_f1": macro_f1(y, pred).as_dict(),
        "roc_auc": _auc(y, p),
        "ece": round(expected_calibration_error(y, p), 4),
        "reflective_share_predicted": round(float(np.mean(pred == "reflective")), 4),
        "reflective_share_true": round(float(np.mean(np.asarray(y) == "reflective")), 4),
    }


def _cross_fitted(model, test, threshold: float) -> dict | None:
    """dev_test with the Platt step refit on 4/5 and scored on the other 1/5, in turn."""
    if not (hasattr(model, "raw_logit") and hasattr(model, "calibration_")):
        return None
    raw = np.asarray(model.raw_logit(test.texts), float)
    y = (np.asarray(test.labels) == "reflective").astype(int)
    p = np.zeros(len(y))
    prior = getattr(model, "prior", None)
    for tr, te in StratifiedKFold(5, shuffle=True, random_state=0).split(raw, y):
        platt = LogisticRegression(C=1e4, max_iter=1000).fit(raw[tr, None], y[tr])
        # moved to the shipped prior, as the shipped model moves its own Platt step
        shift = prior_shift(prior, float(y[tr].mean()))
        p[te] = expit(platt.decision_function(raw[te, None]) + shift)
    return _dev_test_scores(test.labels, p, threshold)


def _genre_scores(model, genre, held: tuple[str, ...]) -> dict:
    idx = [i for i, g in enumerate(genre.groups) if g in set(held)]
    y = [genre.labels[i] for i in idx]
    texts = [genre.texts[i] for i in idx]
    groups = [genre.groups[i] for i in idx]
    p = _proba(model, texts)
    t = getattr(model, "threshold", 0.5)
    out = {"articles": len(set(groups)), "sentences": len(idx),
           "macro_f1": macro_f1(y, _labels(p, t)).as_dict(),
           "accuracy": round(float(np.mean(_labels(p, t) == np.asarray(y))), 4),
           "ece": round(expected_calibration_error(y, p), 4)}
    if hasattr(model, "context_proba"):
        codes = np.unique(groups, return_inverse=True)[1]
        pc = model.context_proba(p, codes)
        out["macro_f1_context"] = macro_f1(y, _labels(pc, t)).as_dict()
        out["accuracy_context"] = round(float(np.mean(_labels(pc, t) == np.asarray(y))), 4)
    return out


def score_tiers(test, dev, genre, peers: dict[str, Callable]) -> dict:
    """The shipped tiers and the peers on dev_test and on each tier's held-out articles."""
    out: dict = {}
    held_sets: dict[tuple[str, ...], str] = {}
    for name, (which, card_file) in TIERS.items():
        card = json.loads(card_file.read_text(encoding="utf-8"))
        model = tonesplit.load_model(which)
        one_thread(model)
        t = float(getattr(model, "threshold", 0.5))
        p = _proba(model, test.texts)
        res = {"file": card.get("file") or f"{card.get('name', which)}.safetensors",
               "sha256": card.get("sha256"), "threshold": t,
               "dev_test": _dev_test_scores(test.labels, p, t),
               "dev_test_notes": dev_test_notes(card, _card_md(card_file))}
        calibration = json.dumps(card.get("calibration", ""))
        if "dev_test" in calibration:
            res["dev_test_cross_fitted"] = _cross_fitted(model, test, t)
        held = held_out_articles(card)
        if held:
            res["genre_held_out"] = _genre_scores(model, genre, held)
            held_sets.setdefault(held, name)
        else:
            res["genre_held_out"] = None
            cv = card.get("genre_cross_validation") or {}
            # No article held out of the file: the card's own cross-validation of its recipe.
            res["genre_recipe_cv_from_card"] = {k: cv[k] for k in (
                "n_articles", "macro_f1", "macro_f1_context") if k in cv} or None
        out[name] = res
        print(f"tiers     {name:30s} dev_test {res['dev_test']}", flush=True)
    for name, scorer in peers.items():
        thr = best_threshold(dev.labels, scorer(dev.texts))
        s = scorer(test.texts)
        res = {"threshold_from_dev": round(thr, 4),
               "dev_test": {"macro_f1": macro_f1(test.labels, _labels(s, thr)).as_dict(),
                            "roc_auc": _auc(test.labels, s)},
               "genre_held_out": {}}
        g = np.asarray(genre.groups)
        s_genre = scorer(genre.texts)
        y_genre = np.asarray(genre.labels, dtype=object)
        for held, tier in held_sets.items():
            te = np.isin(g, held)
            t_genre = best_threshold(y_genre[~te], s_genre[~te])
            res["genre_held_out"][tier] = {
                "threshold_from_other_articles": round(t_genre, 4),
                "macro_f1": macro_f1(y_genre[te], _labels(s_genre[te], t_genre)).as_dict()}
        out[name] = res
        print(f"tiers     {name:30s} dev_test {res['dev_test']}", flush=True)
    return out


# -- teachers -------------------------------------------------------------------------

def score_annotators() -> dict:
    """The guideline annotators' calibration rows against the CheckThat! gold."""
    gold = {}
    for part in ("train", "dev"):
        ds = datasets.load_checkthat(part)
        gold.update({f"checkthat-{part}:{i}": lab for i, lab in zip(ds.ids or [], ds.labels)})
    rows = [r for r in datasets.read_silver_annotations() if r["role"] == "calibration"]
    y = [gold[r["uid"]] for r in rows]
    pred = ["reflective" if r["label"] == "R" else "factual" for r in rows]
    p = np.array([float(r["p_reflective"]) for r in rows])
    return {"set": "CheckThat! 2025 en train + dev sentences mixed blind into the silver "
                   "batches, not dev_test",
            "sentences": len(rows), "annotator_runs": len({r["annotator"] for r in rows}),
            "macro_f1": macro_f1(y, pred).as_dict(), "kappa": round(cohen_kappa_score(y, pred), 4),
            "roc_auc": _auc(y, p), "ece": round(expected_calibration_error(y, p), 4)}


def _read_logits(path: Path) -> dict[str, float]:
    with path.open(encoding="utf-8", newline="") as f:
        return {r["uid"]: float(r["logit"]) for r in csv.DictReader(f, delimiter="\t")}


def score_encoder_teachers(test, genre) -> dict:
    """Each encoder teacher of ``benchmarks/teachers/`` from its stored logits."""
    out = {}
    for meta_file in sorted(TEACHERS.glob("*.json")):
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
        logits = _read_logits(meta_file.with_suffix(".tsv"))
        z = np.array([logits[f"checkthat:dev_test:{i}"] for i in test.ids or []])
        res = {"description": meta["description"],
               "dev_test": _dev_test_scores(test.labels, expit(z), 0.5)}
        articles = sorted(set(genre.groups))[:: meta["genre_held_out_every"]]
        idx = [i for i, g in enumerate(genre.groups) if g in set(articles)]
        zg = np.array([logits[f"genre:all:{genre.ids[i]}"] for i in idx])
        yg = [genre.labels[i] for i in idx]
        res["genre_held_out"] = {"articles": len(articles), "sentences": len(idx),
                                 "macro_f1": macro_f1(yg, _labels(expit(zg))).as_dict(),
                                 "accuracy": round(float(np.mean(
                                     _labels(expit(zg)) == np.asarray(yg))), 4)}
        out[meta["name"]] = res
        print(f"teacher   {meta['name']:30s} dev_test {res['dev_test']}", flush=True)
    return out


# -- speed ----------------------------------------------------------------------------

def bbc_sentences(n: int, seed: int = 0) -> list[str]:
    """A fixed random sample of the prose sentences tonesplit finds in BBC News."""
    sents = [s.text for a in datasets.load_bbc() for s in tonesplit.segment(a.text)
             if s.kind == "prose"]
    pick = np.random.default_rng(seed).choice(len(sents), size=min(n, len(sents)),
                                              replace=False)
    return [sents[i] for i in sorted(pick)]


def speed(scorers: dict[str, Callable], texts: list[str], rounds: int = 3,
          min_seconds: float = 1.0) -> dict:
    """Sentences/s of each scorer on ``texts``, one core, best of interleaved rounds.

    In each round every scorer labels ``texts`` (as one batch) until
    ``min_seconds`` have passed; rounds interleave the scorers so that a slow
    spell of the shared machine hits all of them.
    """
    pinned = hasattr(os, "sched_setaffinity")
    if pinned:
        before = os.sched_getaffinity(0)
        os.sched_setaffinity(0, {min(before)})
    try:
        for fn in scorers.values():
            fn(texts[:64])  # warm-up: sessions, caches, lazy imports
        best = dict.fromkeys(scorers, 0.0)
        for _ in range(rounds):
            for name, fn in scorers.items():
                calls, t0 = 0, time.perf_counter()
                while True:
                    fn(texts)
                    calls += 1
                    elapsed = time.perf_counter() - t0
                    if elapsed >= min_seconds:
                        break
                best[name] = max(best[name], calls * len(texts) / elapsed)
    finally:
        if pinned:
            os.sched_setaffinity(0, before)
    return {"sentences": len(texts),
            "mean_words": round(float(np.mean([len(t.split()) for t in texts])), 1),
            "one_core": pinned, "rounds": rounds,
            "sentences_per_s": {k: round(v) for k, v in best.items()}}


def tier_scorers(peers: dict[str, Callable]) -> dict[str, Callable]:
    """predict_proba of each shipped tier (one thread), and the peers' scorers."""
    out: dict[str, Callable] = {}
    for name, (which, _) in TIERS.items():
        model = tonesplit.load_model(which)
        one_thread(model)
        out[name] = model.predict_proba
    return {**out, **peers}


# -- report ---------------------------------------------------------------------------

def _f1(score: dict | None) -> str:
    return f"{score['value']:.3f} [{score['low']:.3f}, {score['high']:.3f}]" if score else "-"


def _num(v, fmt: str = ".3f") -> str:
    return "-" if v is None else format(v, fmt)


def tiers_table(res: dict) -> list[str]:
    """The table the README quotes: both tiers beside the peers and the teachers."""
    tiers, rates = res["tiers"], res.get("speed", {}).get("sentences_per_s", {})
    base = rates.get(next((n for n in rates if n.startswith("TextBlob")), ""), 0)

    def speed_(name: str) -> str:
        r = rates.get(name)
        return f"{r:,} ({r / base:.2g}x)" if r and base else ""

    rows = ["| model | dev_test macro-F1 [95% CI] | ROC AUC | ECE | genre macro-F1, held-out articles "
            "| sentences/s, one thread (x TextBlob) |", "| --- | --- | ---: | ---: | --- | ---: |"]
    peer_genre_of = next((n for n in TIERS if tiers[n].get("genre_held_out")), None)
    marks = {}
    for name in TIERS:
        d = tiers[name]
        mark = " \\*" if d["dev_test_notes"] else ""
        marks[name] = mark
        g = d.get("genre_held_out")
        cv = d.get("genre_recipe_cv_from_card")
        genre = (_f1(g["macro_f1"]) if g else
                 f"{_f1(cv.get('macro_f1_context', cv.get('macro_f1')))} (recipe, 5-fold) †"
                 if cv else "none held out")
        rows.append(f"| **{name}**{mark} | {_f1(d['dev_test']['macro_f1'])} | "
                    f"{_num(d['dev_test']['roc_auc'])} | {_num(d['dev_test']['ece'])} | "
                    f"{genre} | {speed_(name)} |")
        x = d.get("dev_test_cross_fitted")
        if x:
            rows.append(f"| {name}, encoder alone, Platt step cross-fitted on dev_test | "
                        f"{_f1(x['macro_f1'])} | {_num(x['roc_auc'])} | {_num(x['ece'])} | | |")
    for name, d in tiers.items():
        if name in TIERS:
            continue
        g = d["genre_held_out"].get(peer_genre_of) if peer_genre_of else None
        rows.append(f"| {name} (threshold from dev) | {_f1(d['dev_test']['macro_f1'])} | "
                    f"{_num(d['dev_test']['roc_auc'])} | - | {_f1(g['macro_f1']) if g else '-'} | "
                    f"{speed_(name)} |")
    for name, d in res.get("teachers", {}).get("encoder", {}).items():
        rows.append(f"| {name}, logit > 0 | {_f1(d['dev_test']['macro_f1'])} | "
                    f"{_num(d['dev_test']['roc_auc'])} | {_num(d['dev_test']['ece'])} | "
                    f"{_f1(d['genre_held_out']['macro_f1'])} | |")
    a = res.get("teachers", {}).get("annotators")
    if a:
        rows.append(f"| guideline annotators (silver calibration, {a['sentences']} CheckThat! "
                    f"train/dev sentences: another set) | {_f1(a['macro_f1'])} | "
                    f"{_num(a['roc_auc'])} | {_num(a['ece'])} | | |")
    return rows


def update_readme(res: dict, readme: Path = ROOT / "README.md") -> None:
    """Put the tier table between the README's ``<!-- tiers-table -->`` markers."""
    text = readme.read_text(encoding="utf-8")
    start, end = "<!-- tiers-table -->\n", "<!-- /tiers-table -->"
    if start not in text or end not in text:
        raise SystemExit(f"{readme}: no {start.strip()} ... {end} block to update")
    head, rest = text.split(start, 1)
    table = "\n".join(tiers_table(res)) + "\n"
    readme.write_text(head + start + table + end + rest.split(end, 1)[1], encoding="utf-8")


def tiers_markdown(res: dict) -> str:
    """The shipped tiers' section of ``evaluation.md``."""
    tiers, sp = res["tiers"], res.get("speed", {})
    lines = ["## Shipped tiers, teachers and peers", "",
             f"`benchmarks/evaluate.py --tiers-only` on {res['tiers_date']} "
             f"({res['machine']}). Shipped files as they are, at their shipped prior and "
             "threshold; peers' thresholds chosen on dev_en (dev_test) and on the genre "
             "articles not held out (genre). Speed: the same "
             f"{sp.get('sentences', 0):,} BBC sentences ({sp.get('mean_words', 0)} words on "
             "average) for every row, featurize + predict, one thread"
             f"{' pinned to one core' if sp.get('one_core') else ''}, best of "
             f"{sp.get('rounds', 0)} interleaved rounds in one process; the machine is shared, so "
             "read speed as the ratio to TextBlob in the same run.", "",
             "<!-- tiers-table -->", *tiers_table(res), "<!-- /tiers-table -->", ""]
    for name in TIERS:
        d = tiers[name]
        if d["dev_test_notes"]:
            lines.append(f"- \\* {name}: dev_test is not fully held out for it: "
                         + "; ".join(d["dev_test_notes"])
                         + (". The cross-fitted row runs the encoder alone (no cascade) with "
                            "its Platt step refit on 4/5 of dev_test and scored on the other "
                            "1/5, in turn, at the shipped prior."
                            if d.get("dev_test_cross_fitted") else "."))
        g = d.get("genre_held_out")
        if g:
            ctx = (f"; with the context pass {_f1(g['macro_f1_context'])}, accuracy "
                   f"{g['accuracy_context']:.3f}" if "macro_f1_context" in g else "")
            lines.append(f"- {name}: genre figure on the {g['articles']} articles "
                         f"({g['sentences']} sentences) its card lists as held out of its "
                         f"training; sentence accuracy {g['accuracy']:.3f}, ECE {g['ece']:.3f}"
                         f"{ctx}.")
        else:
            lines.append(f"- † {name}: its card lists no genre articles held out of its "
                         "training, so the shipped file has no held-out genre figure; the "
                         "genre column quotes its card's 5-fold cross-validation of its recipe "
                         "(whole articles held out, with the context pass), measured when it "
                         "was trained, not in this run.")
        lines.append(f"- {name}: `{d['file']}` sha256 `{d['sha256']}`, predicted reflective "
                     f"share on dev_test {d['dev_test']['reflective_share_predicted']:.3f} "
                     f"(true {d['dev_test']['reflective_share_true']:.3f}).")
    a = res.get("teachers", {}).get("annotators")
    if a:
        lines.append(f"- Annotators: {a['annotator_runs']} annotator runs, {a['sentences']} "
                     f"calibration sentences ({a['set']}); Cohen's kappa vs gold "
                     f"{a['kappa']:.3f}. A different set from dev_test: compare with care.")
    for name, d in res.get("teachers", {}).get("encoder", {}).items():
        lines.append(f"- {name}: {d['description']} Stored logits in `benchmarks/teachers/`; "
                     f"genre on its {d['genre_held_out']['articles']} held-out articles "
                     f"(accuracy {d['genre_held_out']['accuracy']:.3f}).")
    return "\n".join(lines) + "\n"
