"""`EncoderClassifier`: the accurate tier, an encoder featurizer and a linear head."""

from __future__ import annotations

import numpy as np
from scipy.special import expit
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression
from sklearn.utils.validation import check_is_fitted

from .._prior import prior_shift
from .._validation import check_text
from ._cascade import check_cascade, fast_log_odds, settle, sure
from ._runtime import EncoderFeatures

__all__ = ["EncoderClassifier"]

_CLASSES = np.array(["factual", "reflective"], dtype=object)


def _targets(y) -> np.ndarray:
    y = np.asarray(y, dtype=object)
    bad = set(y.tolist()) - set(_CLASSES.tolist())
    if bad:
        raise ValueError(f"labels must be 'factual' or 'reflective', got {sorted(map(str, bad))}")
    if len(set(y.tolist())) < 2:
        raise ValueError("y must hold both labels, 'factual' and 'reflective'")
    return (y == "reflective").astype(int)


class EncoderClassifier(ClassifierMixin, BaseEstimator):
    """Reflective or factual from a fine-tuned encoder's sentence vector.

    The log-odds of reflective is ``a * (v @ head_weight + head_bias) + c``
    where ``v`` is the encoder's mean-pooled vector, ``(head_weight,
    head_bias)`` the linear unit fine-tuned with the encoder and ``(a, c)``
    a Platt calibration learnt by `fit`. Without a ``head_weight`` `fit`
    learns the head too (logistic regression on the vectors).

    With a ``cascade`` ``(low, high)``, the fast tier (the package default,
    `tonesplit.load_model()`, looked up at call time) scores every sentence
    first, its probability moved to this model's prior; a sentence whose
    fast probability is then at or below ``low`` or at or above ``high``
    keeps the fast tier's answer and only the rest go through the encoder. The shipped accurate tier
    cascades (its thresholds are in its card); ``set_params(cascade=None)``
    runs the encoder on every sentence.

    Parameters
    ----------
    features : EncoderFeatures
        The encoder featurizer (onnxruntime; no torch).
    head_weight : array of shape (dim,) or None, default=None
        The fine-tuned linear unit; None to learn one in `fit`.
    head_bias : float, default=0.0
        Its bias.
    threshold : float, default=0.5
        Probability of reflective at and above which `predict` says reflective.
    prior : float in (0, 1) or None, default=None
        Share of reflective sentences to calibrate to; None keeps the mix
        `fit` saw (``train_prior_``).
    cascade : (float, float) or None, default=None
        Fast-tier probabilities ``(low, high)`` outside of which the fast
        tier's answer stands; None runs the encoder on every sentence.

    Examples
    --------
    >>> import tonesplit  # doctest: +SKIP
    >>> model = tonesplit.load_model("accurate")  # doctest: +SKIP
    >>> model.predict(["What a marvel it remains!"]).tolist()  # doctest: +SKIP
    ['reflective']
    """

    def __init__(self, features: EncoderFeatures | None = None, head_weight=None,
                 head_bias: float = 0.0, threshold: float = 0.5, prior: float | None = None,
                 cascade: tuple[float, float] | None = None):
        self.features = features
        self.head_weight = head_weight
        self.head_bias = head_bias
        self.threshold = threshold
        self.prior = prior
        self.cascade = cascade

    def _vectors(self, X) -> np.ndarray:
        if self.features is None:
            raise ValueError("features must be an EncoderFeatures, got None")
        if isinstance(X, str):
            raise TypeError("X must be a list of sentences, not one str")
        return self.features.transform(X)

    def fit(self, X, y, sample_weight=None):
        """Learn the calibration (and the head, if none is given) on sentences and labels."""
        target = _targets(y)
        v = self._vectors(X)
        if len(v) != len(target):
            raise ValueError(f"X has {len(v)} sentences but y has {len(target)} labels")
        sw = None if sample_weight is None else np.asarray(sample_weight, float)
        if self.head_weight is None:
            lr = LogisticRegression(C=1.0, max_iter=1000).fit(v, target, sample_weight=sw)
            self.coef_, self.intercept_ = lr.coef_[0].astype(np.float64), float(lr.intercept_[0])
        else:
            self.coef_ = np.asarray(self.head_weight, np.float64).ravel()
            self.intercept_ = float(self.head_bias)
            if len(self.coef_) != v.shape[1]:
                raise ValueError(f"head_weight has {len(self.coef_)} weights but the "
                                 f"encoder gives {v.shape[1]} numbers a sentence")
        raw = v @ self.coef_ + self.intercept_
        platt = LogisticRegression(C=1e4, max_iter=1000).fit(raw[:, None], target,
                                                             sample_weight=sw)
        self.calibration_ = (float(platt.coef_[0, 0]), float(platt.intercept_[0]))
        self.train_prior_ = float(np.average(target, weights=sw))
        self.classes_ = _CLASSES.copy()
        self.n_features_in_ = 1
        return self

    def _prior_shift(self) -> float:
        return prior_shift(self.prior, self.train_prior_)

    def raw_logit(self, X) -> np.ndarray:
        """The fine-tuned unit's logit, before calibration (the teacher signal)."""
        check_is_fitted(self, "calibration_")
        return self._vectors(X) @ self.coef_ + self.intercept_

    def encoder_decision(self, X) -> np.ndarray:
        """Calibrated log-odds of reflective from the encoder alone (no cascade)."""
        check_is_fitted(self, "calibration_")
        a, c = self.calibration_
        return a * self.raw_logit(X) + c + self._prior_shift()

    def _texts(self, X) -> list[str]:
        check_is_fitted(self, "calibration_")
        if isinstance(X, str):
            raise TypeError("X must be a list of sentences, not one str")
        return list(X)

    def _target_prior(self) -> float:
        return self.prior if self.prior is not None else self.train_prior_

    def decision_function(self, X) -> np.ndarray:
        """Calibrated log-odds of reflective for each sentence (through the cascade)."""
        cascade = check_cascade(self.cascade)
        texts = self._texts(X)
        if cascade is None or not texts:
            return self.encoder_decision(texts)
        return settle(texts, cascade, self._target_prior(), self.encoder_decision)[0]

    def fast_settled(self, X) -> np.ndarray:
        """Which sentences the cascade leaves to the fast tier (all False without one)."""
        cascade = check_cascade(self.cascade)
        texts = self._texts(X)
        if cascade is None or not texts:
            return np.zeros(len(texts), bool)
        return sure(fast_log_odds(texts, self._target_prior()), cascade)

    def predict_proba(self, X) -> np.ndarray:
        """Probabilities, columns in the order of ``classes_`` (factual, reflective)."""
        p = expit(self.decision_function(X))
        return np.column_stack([1.0 - p, p])

    def predict(self, X) -> np.ndarray:
        """Labels ``"factual"`` or ``"reflective"``."""
        return self.classes_[(self.predict_proba(X)[:, 1] >= self.threshold).astype(int)]

    def explain(self, sentence: str, top: int = 5):
        """Words whose removal moves the decision most, strongest first.

        An encoder has no per-feature weights, so an explanation here is an
        occlusion test: each word is left out in turn and the change of the
        calibrated log-odds is its weight (positive: the word pushed towards
        reflective). Words act together, so weights need not add up to the
        sentence's log-odds. With a cascade the log-odds are the cascade's, so
        leaving a word out can also hand the sentence from one tier to the other.
        """
        import importlib

        # the Cue type lives in tonesplit.model, which loads this tier: looked up at call
        # time so the import graph keeps one direction
        Cue = importlib.import_module("tonesplit.model").Cue

        check_text(sentence, "sentence")
        if not isinstance(top, (int, np.integer)) or top < 1:
            raise ValueError(f"top must be a positive int, got {top!r}")
        words = sentence.split()
        variants = [sentence] + [" ".join(words[:i] + words[i + 1:]) for i in range(len(words))]
        z = self.decision_function(variants)
        weights = z[0] - z[1:]
        order = np.argsort(-np.abs(weights))[:top]
        return [Cue(f"word:{i}", f"'{words[i]}'", float(weights[i]))
                for i in order if weights[i] != 0]

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        tags.target_tags.required = True
        return tags
