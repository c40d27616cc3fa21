"""The model card's short Markdown view, rendered from its JSON."""

from __future__ import annotations

__all__ = ["render_model_card"]

_LICENCE_NOTE = (
    "The model learned from CheckThat! data under **CC BY-NC-SA 4.0** and from MPQA 1.2, "
    "whose licence allows **academic and research use only**. The weights are derived "
    "from those data, so treat the shipped model as carrying both conditions: "
    "non-commercial use, attribution to the CheckThat! lab and the MPQA authors, and any "
    "model you derive from it shared under the same terms. For commercial use, retrain "
    "with `tonesplit train` on data you may use that way (for example the project's own "
    "genre corpus alone, whose licence is the project's)."
)


def _f1(m: dict | None) -> str:
    if not m:
        return "-"
    return f"{m['value']:.3f} [{m['low']:.3f}, {m['high']:.3f}] (n = {m['n']})"


def render_model_card(card: dict) -> str:
    """Render a model card dict (as written by `tonesplit.training.train`) as Markdown.

    Examples
    --------
    >>> print(render_model_card({"name": "m", "sha256": "ab", "versions": {}})[:9])
    # Model c
    """
    lines = [
        f"# Model card: {card.get('name', 'tonesplit model')}",
        "",
        f"- Task: {card.get('task', 'reflective vs factual sentences')}",
        f"- File: `{card.get('file', '?')}` ({card.get('size_bytes', '?')} bytes), "
        f"sha256 `{card.get('sha256', '?')}`",
        f"- Created: {card.get('created', '?')}",
        "- Library versions: " + ", ".join(f"{k} {v}" for k, v in card.get("versions", {}).items()),
        "- Model: logistic regression over word 1-2 grams (TF-IDF) and the project's style "
        "cues, Platt-calibrated on out-of-fold predictions, with a second pass over the "
        "neighbouring sentences of an article (`split()` uses it; `label()` does not).",
        "",
        "## Training data",
        "",
        "| source | sentences | reflective share | weight | licence |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    weights = card.get("recipe", {}).get("sources", {})
    for row in card.get("training_data", []):
        lines.append(
            f"| {row['source']} | {row['sentences']} | {row['reflective_share']:.1%} | "
            f"{weights.get(row['source'], '')} | {row['licence']} |"
        )
    distil = card.get("distillation")
    if distil:
        lines += [
            "",
            "## Distillation",
            "",
            f"- Teacher: {distil['teacher']}; its logits over the pool are stored stand-off "
            f"in `{distil['logits']}` (ids and numbers, no text).",
            f"- Targets: {distil['targets']}; temperature {distil['temperature']}.",
        ]
        lines += [f"- {note}" for note in distil.get("notes", [])]
    lines += ["", "## Licence of the weights", "", _LICENCE_NOTE]
    if distil:
        lines += ["", "The pool the student was distilled over includes BBC News (research "
                  "use), MPQA 1.2 (research use only) and BABE (AGPL-3.0) sentences, and the "
                  "teacher learned from CheckThat! and MPQA: the same conditions apply, and "
                  "BABE's AGPL-3.0 asks that what is derived from it be shared alike."]
    lines += ["", "## Measured", ""]
    metrics = card.get("metrics", {})
    dev_test = metrics.get("dev_test", {})
    lines.append(f"- dev_test (CheckThat! 2024 English test set, held out): macro-F1 "
                 f"{_f1(dev_test.get('macro_f1'))}, ROC AUC {dev_test.get('roc_auc', '-')}, "
                 f"ECE {dev_test.get('ece', '-')}, "
                 f"predicted reflective share {dev_test.get('reflective_share_predicted', '-')} "
                 f"(true {dev_test.get('reflective_share_true', '-')})")
    tb = metrics.get("textblob", {})
    if "macro_f1" in tb:
        lines.append(f"- TextBlob subjectivity on the same set (threshold "
                     f"{tb['threshold_from_dev']} chosen on dev): macro-F1 {_f1(tb['macro_f1'])}")
    cv = card.get("genre_cross_validation")
    if cv:
        lines += [
            f"- Genre corpus, 5-fold by article ({cv['n_articles']} articles, "
            f"{cv['n_sentences']} sentences): macro-F1 {_f1(cv['macro_f1'])} per sentence, "
            f"{_f1(cv['macro_f1_context'])} with the context pass; article-level accuracy "
            f"{cv['article_accuracy']:.3f} / {cv['article_accuracy_context']:.3f}; "
            f"ECE {cv['ece']} / {cv['ece_context']}",
            "",
            "Reliability on held-out genre folds (with context):",
            "",
            "| p_reflective bin | sentences | mean p | observed reflective share |",
            "| --- | ---: | ---: | ---: |",
        ]
        lines += [f"| {r['bin']} | {r['n']} | {r['mean_p']} | {r['observed']} |"
                  for r in cv.get("reliability", [])]
    lines += [
        "",
        "The comparison with every candidate and the peers (TextBlob, VADER, plain "
        "TF-IDF) on dev_test, the genre corpus and SUBJ is `benchmarks/results/"
        "evaluation.md`, written by `benchmarks/evaluate.py`.",
        "",
        "## Probabilities and class shares",
        "",
        "Probabilities are calibrated to the training mix (see `train_prior_` in the "
        "model). Data sets differ a lot in their share of reflective sentences "
        "(CheckThat! train 36%, dev 52%, dev_test 25%, MPQA 21%, genre corpus 36%); "
        "if you know the share where you use the model, set "
        "`model.set_params(prior=share)`: it moves every log-odds by the difference "
        "between the two priors' log-odds.",
        "",
        "## Limits",
        "",
        "English news only. The public sentence sets are a different mix of news than "
        "the musing genre; the genre corpus was written by the project, so its "
        "cross-validated figure is optimistic for unseen writers. See "
        "`benchmarks/results/errors.md` for the kinds of sentences it still gets wrong.",
        "",
    ]
    return "\n".join(lines)
