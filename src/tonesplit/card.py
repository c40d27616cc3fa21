"""The model card's short Markdown view, rendered from its JSON."""

from __future__ import annotations

__all__ = ["licence_notes", "render_model_card"]

# What each source's licence means for weights that learnt from it.
_NOTES: dict[str, str] = {
    "checkthat": (
        "**CheckThat! 2025 Task 1 English, train + dev** (gold labels), CC BY-NC-SA 4.0: "
        "the project treats the weights as adapted material, so they may be used "
        "non-commercially, with credit to the CheckThat! lab, and what you derive from "
        "them must be shared under the same licence."
    ),
    "mpqa": (
        "**MPQA Opinion Corpus 1.2** (writer-level labels), academic and research use "
        "only: the weights are for research use."
    ),
    "genre": (
        "**tonesplit genre corpus** (the project's own, hand-written): MIT, as the code; "
        "it adds no condition."
    ),
    "pool": (
        "**real news sentences** of the silver corpus's pool (the project's guideline "
        "annotations and the teacher's logits are MIT), cut from **BBC News** 2004-2005 (research use, copyright BBC), **MPQA "
        "1.2** (research use only) and **BABE** (AGPL-3.0): the weights learnt from those "
        "texts. AGPL-3.0 is copyleft: if the weights are a work based on BABE, whoever "
        "conveys them must do so under AGPL-3.0 with their corresponding source (the "
        "training code and the stand-off annotations are public in this project), and "
        "AGPL-3.0 allows no further restriction, while CC BY-NC-SA forbids commercial "
        "use: no single licence meets both. The project therefore ships these weights "
        "for non-commercial research use only, and names every condition here."
    ),
    "teacher": (
        "**the encoder teacher** (all-MiniLM-L6-v2 fine-tuned by the project on "
        "CheckThat! train + dev, MPQA and the genre corpus): its logits carry its "
        "training data's conditions (CheckThat!'s and MPQA's) into the student."
    ),
}
# The notes a source brings, by the prefix of its name in the card
# (``training_data[].source``, ``recipe.sources``): a teacher's logits come over the pool.
_LICENCES: dict[str, tuple[str, ...]] = {
    "checkthat": ("checkthat",), "mpqa": ("mpqa",), "genre": ("genre",),
    "silver": ("pool",), "bbc": ("pool",), "babe": ("pool",), "teacher": ("teacher", "pool"),
}
_NO_CONDITION = "Together these sources add no condition beyond the project's MIT licence."
_LICENCE_SUMMARY = (
    "Together: use the weights for non-commercial research, credit the sources, and share "
    "what you derive from them under the same terms. For other uses, retrain with "
    "`tonesplit train` on data you may use that way (for example the genre corpus alone). "
    "Every source, teacher and annotation protocol, and what each licence means, is in "
    "`docs/model-sources.md`."
)


def licence_notes(sources) -> list[str]:
    """One note per source that conditions the weights, and what the conditions add up to.

    Parameters
    ----------
    sources : iterable of str
        The names of the data a model learnt from, as its card gives them; a
        name is matched by its prefix (``"checkthat"``, ``"mpqa"``, ``"genre"``,
        ``"silver"``, ``"bbc"``, ``"babe"``, ``"teacher"``).

    Examples
    --------
    >>> notes = licence_notes(["checkthat", "genre"])
    >>> [n.split("**")[1] for n in notes[:-1]]
    ['CheckThat! 2025 Task 1 English, train + dev', 'tonesplit genre corpus']
    """
    notes: list[str] = []
    free = True
    for name in sources:
        key = next((k for k in _LICENCES if str(name).lower().startswith(k)), None)
        free = free and key == "genre"
        for note in ([_NOTES[n] for n in _LICENCES[key]] if key
                     else [f"**{name}**: see its licence in the table above."]):
            if note not in notes:
                notes.append(note)
    return notes + [_NO_CONDITION if free else _LICENCE_SUMMARY]


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
    names = [row["source"] for row in card.get("training_data", [])]
    names += [n for n in weights if n not in names]
    if card.get("distillation") and "teacher" not in names:
        names.append("teacher")
    lines += ["", "## Licence of the weights", ""]
    *notes, summary = licence_notes(names)
    lines += [f"- {note}" for note in notes] + ["", summary]
    lines += ["", "## Measured", ""]
    metrics = card.get("metrics", {})
    dev_test = metrics.get("dev_test", {})
    lines.append(f"- dev_test (CheckThat! 2024 English test set, held out): macro-F1 "
                 f"{_f1(dev_test.get('macro_f1'))}, ECE {dev_test.get('ece', '-')}, "
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
        "This file beside the accurate tier, the teachers and the peers (TextBlob, VADER), "
        "and every candidate recipe on dev_test, the genre corpus and SUBJ: "
        "`benchmarks/results/evaluation.md`, written by `benchmarks/evaluate.py`.",
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
