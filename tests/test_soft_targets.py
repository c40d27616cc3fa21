"""Soft targets (``ToneClassifier.fit(target_proba=...)``) and the teacher's stand-off logits."""

from __future__ import annotations

import numpy as np
import pytest

from tonesplit import ToneClassifier, datasets

from .conftest import needs_data

TEXTS = ["Officials said the bridge reopened on Monday.", "Perhaps we never learn.",
         "The vote passed 52 to 48.", "What a sad reminder of our folly.",
         "Police closed the road after the crash.", "Surely this cannot go on.",
         "Shares rose 3% in early trading.", "It is a lesson we keep forgetting."] * 4
LABELS = ["factual", "reflective"] * 16
GROUPS = [f"a{i // 4}" for i in range(32)]


def _fit(calibrate=True, **kw):
    return ToneClassifier(min_df=1, calibrate=calibrate, random_state=0).fit(
        TEXTS, LABELS, groups=GROUPS, **kw)


def test_soft_targets_equal_to_the_labels_are_the_hard_fit():
    # Weight p on reflective and 1 - p on factual with p in {0, 1} is exactly the
    # labelled fit: the soft path (its own fold loop) must reproduce the hard one.
    hard = _fit()
    soft = _fit(target_proba=[float(y == "reflective") for y in LABELS])
    np.testing.assert_allclose(soft.linear_.coef_, hard.linear_.coef_, rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(soft.calibration_, hard.calibration_, rtol=1e-5, atol=1e-8)
    np.testing.assert_allclose(soft.context_coef_, hard.context_coef_, rtol=1e-4, atol=1e-6)
    assert soft.train_prior_ == pytest.approx(hard.train_prior_)


def test_nan_keeps_the_hard_label():
    hard = _fit()
    soft = _fit(target_proba=np.full(len(TEXTS), np.nan))
    np.testing.assert_allclose(soft.linear_.coef_, hard.linear_.coef_, rtol=1e-6, atol=1e-9)


def test_a_teacher_that_doubts_moves_the_student():
    # The teacher gives "Perhaps we never learn." 0.2 instead of the label's 1.
    q = np.array([np.nan] * len(TEXTS))
    q[[i for i, t in enumerate(TEXTS) if t.startswith("Perhaps")]] = 0.2
    hard, soft = _fit(calibrate=False), _fit(calibrate=False, target_proba=q)
    s = "Perhaps we never learn."
    assert soft.decision_function([s])[0] < hard.decision_function([s])[0]
    assert soft.train_prior_ < hard.train_prior_


@pytest.mark.parametrize("bad, match", [
    ([0.5] * 3, "must hold 32 numbers"),
    ([1.5] + [0.5] * 31, r"must lie in \[0, 1\]"),
    (["x"] * 32, "must be a sequence of 32 probabilities"),
])
def test_bad_soft_targets_are_named(bad, match):
    with pytest.raises(ValueError, match=match):
        _fit(target_proba=bad)


def test_teacher_logits_are_stand_off_and_cover_the_silver_pool():
    logits = datasets.read_teacher_logits()
    assert len(logits) == 56_009
    assert {u.partition(":")[0] for u in logits} == set(datasets.SILVER_SOURCES)
    silver = {r["uid"] for r in datasets.read_silver_annotations() if r["role"] != "calibration"}
    assert silver <= set(logits)
    z = np.array(list(logits.values()))
    assert np.isfinite(z).all() and (z > 0).any() and (z < 0).any()


@needs_data
def test_teacher_pool_texts_and_soft_targets_in_the_training_set():
    from tonesplit import training

    pool = datasets.load_teacher_pool(["babe"])
    assert len(pool) == len(pool.extra["logit"]) > 1000 and all(pool.texts)
    data = training.training_set({"checkthat": 1.0, "teacher": 1.0})
    teacher = np.array([s == "teacher" for s in data.sources])
    assert data.targets is not None
    assert np.isnan(data.targets[~teacher]).all()
    assert ((data.targets[teacher] > 0) & (data.targets[teacher] < 1)).all()
    assert all(g is None for g, t in zip(data.groups, teacher) if t)
