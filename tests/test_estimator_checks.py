"""scikit-learn compatibility of `ToneClassifier` and `ToneFeatures`.

How scikit-learn 1.9 treats text estimators
-------------------------------------------
Both estimators declare ``input_tags.two_d_array = False`` and
``input_tags.string = True``. For such an estimator,
``sklearn.utils.estimator_checks._yield_all_checks`` emits a
``SkipTestWarning`` ("Can't test estimator ... which requires input of type
...") and yields **no check at all**: ``parametrize_with_checks`` then runs
only ``check_estimator_cloneable``. `test_sklearn_skips_text_estimators`
pins that down, so we know when it changes.

To still run scikit-learn's own checks over our code, each estimator is also
checked through a thin test-only adapter (`NumericToneClassifier`,
`NumericToneFeatures`): a subclass that keeps every parameter, method and tag
of the real one except the input tags, validates numeric ``X`` with the public
``validate_data`` and turns each row into a sentence of tokens (``fap``,
``fbnc``...) before calling the real ``fit``/``decision_function``/
``transform``. Targets are folded to the two classes ToneClassifier knows and
predictions mapped back. The checks of the estimator API (``__init__`` stores
parameters only, ``fit`` returns self and changes no parameter, fitted
attributes end in ``_``, unfitted calls raise ``NotFittedError``, pickling,
idempotent fits, sample-order and subset invariance, ``predict`` does not
change the estimator's ``__dict__``, sample weights, read-only memory maps...)
thus run over the real code. The checks that cannot apply to a binary text
classifier with fixed classes are declared in ``EXPECTED_FAILED`` with their
reason; ``xfail_strict=True`` makes a declared check that starts passing fail,
so the list stays true.

Finally, the estimators are used as scikit-learn users would: in a
``Pipeline``, with ``cross_val_score``, ``GridSearchCV`` and ``clone``.
"""

from __future__ import annotations

import pickle
import warnings

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError, SkipTestWarning
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, StratifiedKFold, cross_val_score
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import FunctionTransformer
from sklearn.utils.estimator_checks import estimator_checks_generator, parametrize_with_checks
from sklearn.utils.multiclass import type_of_target
from sklearn.utils.validation import check_is_fitted, validate_data

from tonesplit import ToneClassifier, ToneFeatures

# -- the declared estimators: what scikit-learn does with them -------------------------


def test_sklearn_skips_text_estimators():
    for est in (ToneClassifier(), ToneFeatures()):
        with pytest.warns(SkipTestWarning, match="Can't test estimator"):
            checks = list(estimator_checks_generator(est))
        assert len(checks) == 1  # check_estimator_cloneable only


with warnings.catch_warnings():  # the SkipTestWarning is asserted above, not shown
    warnings.simplefilter("ignore", SkipTestWarning)
    _AS_DECLARED = parametrize_with_checks([ToneClassifier(), ToneFeatures()])


@_AS_DECLARED
def test_sklearn_checks_as_declared(estimator, check):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SkipTestWarning)
        check(estimator)


# -- the same estimators through a numeric adapter --------------------------------------

_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _alpha(n: int) -> str:
    s = ""
    while True:
        s = _LETTERS[n % 26] + s
        n //= 26
        if n == 0:
            return s


def _sentences(X: np.ndarray) -> list[str]:
    """One sentence of lower-case letter tokens per row (no digits, no capitals,
    so that none of ToneFeatures' number/name markers fire)."""
    return [" ".join(f"f{_alpha(j)}{'n' if v < 0 else 'p'}{_alpha(min(int(abs(v)), 40))}"
                     for j, v in enumerate(row)) for row in X]


def _fold(y):
    """Two classes: the largest label is "reflective", the others "factual"."""
    if y is None:
        return None
    arr = np.asarray(y)
    if arr.ndim != 1 or type_of_target(arr) not in ("binary", "multiclass"):
        return y  # let ToneClassifier answer to it
    return np.where(arr == np.unique(arr)[-1], "reflective", "factual")


def _numeric_tags(tags):
    tags.input_tags.two_d_array = True
    tags.input_tags.string = False
    return tags


class NumericToneClassifier(ToneClassifier):
    """Test-only: `ToneClassifier` on numeric rows (see the module docstring)."""

    def __sklearn_tags__(self):
        return _numeric_tags(super().__sklearn_tags__())

    def fit(self, X, y, sample_weight=None):
        X = validate_data(self, X, reset=True)
        arr = None if y is None else np.asarray(y)
        ok = arr is not None and arr.ndim == 1 and type_of_target(arr) in ("binary",
                                                                            "multiclass")
        self.target_labels_ = np.unique(arr) if ok else None
        return super().fit(_sentences(X), _fold(y), sample_weight=sample_weight)

    def decision_function(self, X):
        check_is_fitted(self)
        return super().decision_function(_sentences(validate_data(self, X, reset=False)))

    def predict(self, X):
        labels = super().predict(X)
        if self.target_labels_ is None:
            return labels
        return np.where(labels == "reflective", self.target_labels_[-1], self.target_labels_[0])


class NumericToneFeatures(ToneFeatures):
    """Test-only: `ToneFeatures` on numeric rows (see the module docstring)."""

    def __sklearn_tags__(self):
        return _numeric_tags(super().__sklearn_tags__())

    def fit(self, X, y=None):
        return super().fit(_sentences(validate_data(self, X, reset=True)))

    def transform(self, X):
        check_is_fitted(self)
        return super().transform(_sentences(validate_data(self, X, reset=False)))


_FIXED_CLASSES = (
    "classes_ is always ['factual', 'reflective'] whatever labels y uses (scikit-learn "
    "expects np.unique(y)); 0/1 targets are read as an encoding of those two labels"
)
_REPORTED = "see the hardening notes"

EXPECTED_FAILED: dict[str, dict[str, str]] = {
    "NumericToneClassifier": {
        "check_classifiers_classes": _FIXED_CLASSES,
        "check_classifiers_train": (
            "ToneClassifier is binary (factual/reflective); the multi-class problems of this "
            "check are folded to two classes, and " + _FIXED_CLASSES),
        "check_class_weight_classifiers": (
            "binary with fixed classes: a class_weight dict keyed by the check's multi-class "
            "labels cannot apply"),
        "check_sample_weight_equivalence_on_dense_data": (
            "by design: the IDF weights and min_df of the n-gram block count documents, so "
            "repeating a sentence changes the features while a sample weight does not; "
            "weights reach the logistic regression only"),
        "check_supervised_y_2d": (
            "the check fits a three-class problem; ToneClassifier is binary (a column-vector "
            "y of two classes is accepted, with scikit-learn's DataConversionWarning)"),
    },
    # NumericToneFeatures: none. (ToneFeatures declares transformer_tags.preserves_dtype
    # = [], text having no dtype to preserve, so check_transformer_preserve_dtypes is
    # not run.)
}


def _expected_failed(estimator) -> dict[str, str]:
    return EXPECTED_FAILED.get(type(estimator).__name__, {})


@parametrize_with_checks([NumericToneClassifier(), NumericToneFeatures()],
                         expected_failed_checks=_expected_failed, xfail_strict=True)
def test_sklearn_checks_through_numeric_adapter(estimator, check):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        check(estimator)


def test_adapter_changes_only_the_input_tags():
    for real, adapted in ((ToneClassifier(), NumericToneClassifier()),
                          (ToneFeatures(), NumericToneFeatures())):
        a, b = real.__sklearn_tags__(), adapted.__sklearn_tags__()
        assert (a.input_tags.two_d_array, a.input_tags.string) == (False, True)
        b.input_tags = a.input_tags
        assert a == b
        assert real.get_params() == adapted.get_params()


def test_every_expected_failure_has_a_reason():
    for checks in EXPECTED_FAILED.values():
        for name, reason in checks.items():
            assert name.startswith("check_") and len(reason) > 30


# -- used the way scikit-learn users use estimators --------------------------------------

FACTUAL = [
    "Officials said the bridge reopened on Monday.", "The vote passed 52 to 48 on Tuesday.",
    "Police arrested two men near the station.", "The company reported profits of 3 million.",
    "The council approved the budget after a two-hour debate.",
    "Rain is expected across the north on Friday, forecasters said.",
    "The minister announced a review of the scheme.", "Prices rose by 2 percent in March.",
    "The trial will resume next week, the court said.", "About 300 people attended the rally.",
    "The airline cancelled 40 flights because of the strike.",
    "The museum will reopen in June after repairs.",
]
REFLECTIVE = [
    "Perhaps we never learn from history.", "What a sad reminder of our folly this is.",
    "We should all feel ashamed of this.", "It is a lesson we seem determined to forget.",
    "Surely there is a better way to treat our neighbours.",
    "One cannot help but wonder what it all means.", "It is a quiet tragedy of our times.",
    "Maybe hope is the only thing that truly lasts.", "How fragile our certainties turn out to be.",
    "We must do better than this, and we know it.", "There is something deeply moving in that.",
    "It feels like a turning point for all of us.",
]
X_TEXT = FACTUAL + REFLECTIVE
Y_TEXT = ["factual"] * len(FACTUAL) + ["reflective"] * len(REFLECTIVE)
CV = StratifiedKFold(3, shuffle=True, random_state=0)


def small(**params) -> ToneClassifier:
    return ToneClassifier(min_df=1, **params)


def test_in_a_pipeline_with_a_text_step():
    pipe = make_pipeline(FunctionTransformer(lambda X: [x.lower() for x in X]), small())
    pipe.fit(X_TEXT, Y_TEXT)
    assert set(pipe.predict(X_TEXT).tolist()) <= {"factual", "reflective"}
    assert pipe.score(X_TEXT, Y_TEXT) >= 0.75
    assert pipe.predict_proba(X_TEXT).shape == (len(X_TEXT), 2)


def test_features_feed_any_classifier_and_name_their_columns():
    pipe = Pipeline([("features", ToneFeatures(min_df=1)), ("clf", LogisticRegression())])
    pipe.fit(X_TEXT, Y_TEXT)
    names = pipe[:-1].get_feature_names_out()
    assert len(names) == pipe["clf"].coef_.shape[1]
    assert any(n.startswith("cue:") for n in names)
    pipe.set_params(clf__C=0.5, features__ngram_range=(1, 1))
    assert pipe.fit(X_TEXT, Y_TEXT)["features"].ngram_range == (1, 1)


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_cross_val_score(n_jobs):
    scores = cross_val_score(small(), X_TEXT, Y_TEXT, cv=CV, n_jobs=n_jobs)
    assert scores.shape == (3,) and np.all((scores >= 0) & (scores <= 1))
    again = cross_val_score(small(), X_TEXT, Y_TEXT, cv=CV, n_jobs=n_jobs)
    np.testing.assert_array_equal(scores, again)  # deterministic


def test_cross_val_score_with_f1_on_string_labels():
    scores = cross_val_score(small(), X_TEXT, Y_TEXT, cv=CV, scoring="f1_macro")
    assert np.all((scores >= 0) & (scores <= 1))


def test_grid_search():
    grid = GridSearchCV(small(calibrate=False),
                        {"C": [0.1, 4.0], "ngram_range": [(1, 1), (1, 2)], "cues": [True, False]},
                        cv=CV)
    grid.fit(X_TEXT, Y_TEXT)
    assert set(grid.best_params_) == {"C", "ngram_range", "cues"}
    assert isinstance(grid.best_estimator_, ToneClassifier)
    assert grid.predict(["Perhaps it is a reminder of how fragile we are."]).shape == (1,)
    assert len(grid.cv_results_["params"]) == 8


def test_grid_search_over_a_pipeline():
    pipe = Pipeline([("features", ToneFeatures(min_df=1)), ("clf", LogisticRegression())])
    grid = GridSearchCV(pipe, {"features__cue_weight": [0.5, 2.0], "clf__C": [1.0, 10.0]},
                        cv=CV).fit(X_TEXT, Y_TEXT)
    assert grid.best_score_ >= 0


def test_clone():
    est = small(C=0.5, ngram_range=(1, 1), class_weight="balanced", threshold=0.4)
    fitted = clone(est).fit(X_TEXT, Y_TEXT)
    twin = clone(fitted)
    assert twin.get_params() == est.get_params()
    assert twin is not fitted
    with pytest.raises(NotFittedError):
        twin.predict(X_TEXT)
    assert not [k for k in vars(twin) if k.endswith("_")]
    feats = clone(ToneFeatures(min_df=1, cue_weight=2.0, mark=False))
    assert feats.get_params()["cue_weight"] == 2.0 and feats.get_params()["mark"] is False


def test_fit_sets_only_trailing_underscore_attributes_and_keeps_params():
    est = small(ngram_range=(1, 2))
    params = est.get_params()
    before = set(vars(est))
    est.fit(X_TEXT, Y_TEXT)
    assert est.get_params() == params
    assert all(k.endswith("_") or k.startswith("_") for k in set(vars(est)) - before)


def test_predict_leaves_the_model_untouched():
    est = small().fit(X_TEXT, Y_TEXT)
    state = pickle.dumps(est)
    est.predict(X_TEXT)
    est.predict_proba(X_TEXT[:3])
    est.explain(X_TEXT[0])
    assert pickle.dumps(est) == state


def test_pickle_round_trip_predicts_the_same():
    est = small().fit(X_TEXT, Y_TEXT)
    twin = pickle.loads(pickle.dumps(est))
    np.testing.assert_array_equal(est.predict_proba(X_TEXT), twin.predict_proba(X_TEXT))
