"""The accurate tier's training recipe (``tonesplit train --tier accurate``).

Gold sentences as in issue 10 (CheckThat! train + dev three times over, MPQA
writer-level at weight 0.5, the genre corpus), optionally the guideline
silver sentences with the annotators' probabilities as soft targets. The
fine-tuned encoder is exported to ONNX, quantized to int8, and its
fine-tuned unit calibrated (Platt) on CheckThat! ``dev_test``, the one
held-out set the project may tune on; the probabilities are then moved to
the gold training mix's share of reflective (`gold_prior`; dev_test's own
share is not used), and the cascade thresholds (see `EncoderClassifier`) set. Needs
``tonesplit[train]``.
"""

from __future__ import annotations

import datetime as _dt
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from ._finetune import FineTuneConfig

__all__ = ["AccurateRecipe", "accurate_training_set", "genre_held_out", "gold_prior",
           "train_accurate"]


@dataclass(frozen=True)
class AccurateRecipe:
    """What goes into the accurate tier: sources with weights, and the run's settings."""

    checkthat_repeats: int = 3
    mpqa_weight: float = 0.5
    genre_weight: float = 1.0
    silver_weight: float = 0.0  # 0 leaves the silver corpus out
    held_out_articles: tuple[str, ...] = ()  # genre articles kept out, for checking
    # the fast tier settles sentences it gives p <= 0.12: chosen on dev_test among the
    # settings that reach 500 BBC sentences/s (benchmarks/accurate.py; the distilled
    # fast tier's probabilities are less extreme than 0.1's, which settled as many at
    # 0.01); None runs the encoder on every sentence
    cascade: tuple[float, float] | None = (0.12, 1.0)
    fine_tune: FineTuneConfig = field(default_factory=FineTuneConfig)


def genre_held_out(every: int = 5) -> tuple[str, ...]:
    """Every ``every``-th genre article (sorted ids, from the first): kept out for checking.

    The same articles the accurate tier's card reports its genre score on.
    """
    from .. import datasets

    if every < 1:
        raise ValueError(f"every must be at least 1, got {every}")
    return tuple(sorted(set(datasets.load_genre_sentences().groups or ()))[::every])


def accurate_training_set(recipe: AccurateRecipe, *, data_home=None):
    """Texts, soft targets and weights of the recipe's training sentences."""
    from .. import datasets

    texts: list[str] = []
    targets: list[float] = []
    weights: list[float] = []

    def add(ts, ys, w):
        texts.extend(ts)
        targets.extend(ys)
        weights.extend([w] * len(ts))

    gold = [datasets.load_checkthat(s, data_home=data_home) for s in ("train", "dev")]
    for _ in range(recipe.checkthat_repeats):
        for ds in gold:
            add(ds.texts, [float(y == "reflective") for y in ds.labels], 1.0)
    if recipe.mpqa_weight > 0:
        ds = datasets.load_mpqa(data_home=data_home)
        add(ds.texts, [float(y == "reflective") for y in ds.labels], recipe.mpqa_weight)
    genre = datasets.load_genre_sentences()
    held = set(recipe.held_out_articles)
    keep = [i for i, g in enumerate(genre.groups or []) if g not in held]
    add([genre.texts[i] for i in keep], [float(genre.labels[i] == "reflective") for i in keep],
        recipe.genre_weight)
    if recipe.silver_weight > 0:
        ds = datasets.load_silver(data_home=data_home)
        add(ds.texts, [float(p) for p in ds.extra["p_reflective"]], recipe.silver_weight)
    return texts, np.asarray(targets, np.float32), np.asarray(weights, np.float32)


def gold_prior(recipe: AccurateRecipe, *, data_home=None) -> float:
    """The weighted share of reflective among the recipe's gold sentences.

    The accurate tier's shipped prior. Silver sentences are left out of it:
    their share is that of the corpora they were cut from (mostly factual
    BBC reports), and leaving them out keeps the tier at the mix the fast
    tier is trained to as well, so that the cascade's two tiers agree.
    """
    _, targets, weights = accurate_training_set(replace(recipe, silver_weight=0.0),
                                                data_home=data_home)
    return float(np.average(targets, weights=weights))


def train_accurate(output: str | Path, base, *, recipe: AccurateRecipe = AccurateRecipe(),
                   data_home=None, calibrate_on=None, int8: bool = True,
                   log: Callable[[str], None] | None = None) -> dict:
    """Fine-tune ``base`` (encoder, tokenizer) by ``recipe`` and save the tier to ``output``.

    ``calibrate_on`` is ``(texts, labels)`` for the Platt step; by default
    CheckThat! ``dev_test``. Returns the model card.
    """
    from .. import datasets
    from ._classifier import EncoderClassifier
    from ._export import export_onnx, quantize_int8
    from ._file import save_encoder_model
    from ._finetune import fine_tune
    from ._runtime import EncoderFeatures

    texts, targets, weights = accurate_training_set(recipe, data_home=data_home)
    if log:
        log(f"{len(texts)} training sentences")
    tuned = fine_tune(texts, targets, weights, base, config=recipe.fine_tune, log=log)
    with tempfile.TemporaryDirectory() as tmp:
        graph = export_onnx(tuned.encoder, Path(tmp) / "fp32.onnx")
        if int8:
            graph = quantize_int8(graph, Path(tmp) / "int8.onnx")
        onnx_bytes = graph.read_bytes()
        tokenizer_json = tuned.tokenizer.backend_tokenizer.to_str()
    features = EncoderFeatures(onnx_bytes, tokenizer_json, max_length=recipe.fine_tune.max_length)
    if calibrate_on is None:
        ds = datasets.load_checkthat("dev_test", data_home=data_home)
        calibrate_on = (ds.texts, ds.labels)
    model = EncoderClassifier(features, head_weight=tuned.head_weight, head_bias=tuned.head_bias,
                              cascade=recipe.cascade)
    model.fit(*calibrate_on)
    model.prior = gold_prior(recipe, data_home=data_home)
    card: dict = {
        "tier": "accurate",
        "created": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "encoder": {"hidden": int(tuned.encoder.config.hidden_size),
                    "layers": int(tuned.encoder.config.num_hidden_layers),
                    "int8": int8, "max_length": recipe.fine_tune.max_length},
        "training": {"sentences": len(texts), "steps": tuned.steps,
                     "seconds": round(tuned.seconds, 1),
                     "recipe": {k: v for k, v in recipe.__dict__.items()
                                if k not in ("fine_tune", "cascade")},
                     "fine_tune": dict(recipe.fine_tune.__dict__)},
        "calibration": {"set": "checkthat2025-en dev_test" if calibrate_on is not None else "",
                        "a": model.calibration_[0], "c": model.calibration_[1],
                        "prior": model.prior},
        "cascade": None if recipe.cascade is None else list(recipe.cascade),
    }
    card["training"]["recipe"]["held_out_articles"] = list(recipe.held_out_articles)
    return save_encoder_model(model, output, card=card)
