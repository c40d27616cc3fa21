"""The classifier: a calibrated linear model over `ToneFeatures`."""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.special import expit, logit
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.utils.validation import check_is_fitted

from ._engine import CompiledModel, compile_classifier
from ._engine import context_matrix as _context_matrix
from ._model_arrays import restore_classifier
from ._prior import prior_shift
from ._validation import check_text, check_texts
from .errors import ModelFileError
from .features import ToneFeatures
from .persist import read_model_file, save_model, shipped_model_path

__all__ = ["ToneClassifier", "Cue", "load_model"]

CLASSES = np.array(["factual", "reflective"], dtype=object)

# Words a journalist understands for the marker tokens and cue blocks.
_MARKERS = {
    "zzquote": "quoted speech",
    "zzscare": "words in scare quotes",
    "zznum": "a number",
    "zzname": "a proper name",
    "zzquestion": "a question",
    "zzexclaim": "an exclamation",
}
_CUE_WORDS = {
    "hedge": "hedging words (perhaps, might, seems)",
    "intensifier": "intensifiers (very, deeply, truly)",
    "modal": "modal words (should, must, need)",
    "evaluative": "evaluative words (good, fragile, disgrace)",
    "reflective": "musing words (reminder, lesson, echo)",
    "first_person": "first person (I, we, our)",
    "second_person": "addressing the reader (you)",
    "speech": "attribution to a speaker (said, according to)",
    "temporal": "dates and times",
    "report": "reporting vocabulary (percent, police, approved)",
    "length": "sentence length",
}


def _describe_feature(name: str) -> str:
    if name.startswith("cue:"):
        body = name[4:]
        if "+" in body:
            a, b = body.split("+")
            return f"{_CUE_WORDS[a].split(' (')[0]} with {_CUE_WORDS[b].split(' (')[0]}"
        return _CUE_WORDS.get(body, body)
    words = [_MARKERS.get(w, w) for w in name.split(" ")]
    if all(w in _MARKERS for w in name.split(" ")):
        return " + ".join(words)
    return "'" + " ".join(w if w not in _MARKERS.values() else f"<{w}>" for w in words) + "'"


@dataclass(frozen=True, slots=True)
class Cue:
    """One reason behind a decision, as returned by `ToneClassifier.explain`.

    Attributes
    ----------
    feature : str
        The feature's name in `ToneFeatures.get_feature_names_out`.
    description : str
        The same in plain words ("'reminder'", "quoted speech").
    weight : float
        Its contribution to the log-odds of reflective (positive pushes
        towards reflective, negative towards factual).
    """

    feature: str
    description: str
    weight: float

    @property
    def label(self) -> str:
        """The label this cue pushes towards."""
        return "reflective" if self.weight > 0 else "factual"

    def __str__(self) -> str:
        return f"{self.description}: {self.label} ({self.weight:+.2f})"


def _encode_labels(y) -> np.ndarray:
    from sklearn.utils.multiclass import type_of_target
    from sklearn.utils.validation import column_or_1d

    if y is None:
        raise ValueError(
            "ToneClassifier requires y to be passed, but the target y is None: give one "
            "label ('factual' or 'reflective') per sentence"
        )
    if isinstance(y, str) or not hasattr(y, "__iter__"):
        raise ValueError(f"y must be a sequence of labels, got {type(y).__name__}")
    y = column_or_1d(np.asarray(list(y) if not hasattr(y, "shape") else y), warn=True)
    kind = type_of_target(y, input_name="y", raise_unknown=True)
    if kind.startswith("continuous"):
        raise ValueError(
            f"Unknown label type: {kind}. y must hold the labels 'factual' and "
            "'reflective' (or 0/1 with 1 = reflective)"
        )
    y = np.asarray(y, dtype=object)
    values = set(y.tolist())
    if values <= {"factual", "reflective"}:
        return (y == "reflective").astype(np.int64)
    if values <= {0, 1}:
        return y.astype(np.int64)
    raise ValueError(
        "y must hold the labels 'factual' and 'reflective' (or 0/1 with 1 = reflective), "
        f"got {sorted(map(str, values))[:5]}"
    )


def _check_weights(sample_weight, n: int) -> np.ndarray | None:
    if sample_weight is None:
        return None
    try:
        sw = np.asarray(sample_weight, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(
            f"sample_weight must be a sequence of {n} numbers, got {type(sample_weight).__name__}"
        ) from None
    if sw.shape != (n,):
        raise ValueError(f"sample_weight must hold {n} numbers, got shape {sw.shape}")
    if not np.isfinite(sw).all() or (sw < 0).any():
        raise ValueError("sample_weight must be finite and non-negative")
    return sw


def _check_soft(target_proba, target: np.ndarray) -> np.ndarray | None:
    """Soft targets with NaN filled from the hard labels, or None when there are none."""
    if target_proba is None:
        return None
    n = len(target)
    try:
        q = np.asarray(target_proba, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"target_proba must be a sequence of {n} probabilities, "
                         f"got {type(target_proba).__name__}") from None
    if q.shape != (n,):
        raise ValueError(f"target_proba must hold {n} numbers, got shape {q.shape}")
    known = ~np.isnan(q)
    if ((q[known] < 0) | (q[known] > 1)).any():
        raise ValueError("target_proba must lie in [0, 1] (NaN keeps the label of y)")
    return np.where(known, q, target.astype(float))


def _target_rows(target, q, sw):
    """Row index, 0/1 label and weight of every row the regressions are fitted on."""
    n = len(target)
    if q is None:
        return np.arange(n), target, sw
    base = np.ones(n) if sw is None else sw
    rows = np.r_[np.arange(n), np.arange(n)]
    y_rows = np.r_[np.ones(n, np.int64), np.zeros(n, np.int64)]
    w_rows = np.r_[base * q, base * (1.0 - q)]
    keep = w_rows > 0
    return rows[keep], y_rows[keep], w_rows[keep]


class ToneClassifier(ClassifierMixin, BaseEstimator):
    """Tell reflective sentences from factual ones.

    A logistic regression over `ToneFeatures`, with probabilities calibrated
    on out-of-fold predictions (Platt scaling) and an optional second pass
    that reads the neighbouring sentences of an article.

    Parameters
    ----------
    ngram_range : tuple of int, default=(1, 2)
    min_df : int, default=2
    cues : bool, default=True
        Use the style-cue block of `ToneFeatures`.
    cue_weight : float, default=1.0
    C : float, default=4.0
        Inverse regularisation strength of the logistic regression.
    class_weight : dict, "balanced" or None, default=None
    calibrate : bool, default=True
        Fit Platt scaling on 5-fold out-of-fold decision values.
    context : bool, default=True
        When ``fit`` gets ``groups``, also learn how the neighbouring
        sentences of an article shift a sentence's probability.
    threshold : float, default=0.5
        Probability of reflective at and above which a sentence is reflective.
    prior : float in (0, 1) or None, default=None
        Expected share of reflective sentences where the model is used. The
        probabilities are calibrated to the training mix (``train_prior_``);
        a prior moves every log-odds by the difference of the two priors'
        log-odds (the standard correction for label shift). ``None`` keeps
        the training mix.
    random_state : int, default=0

    Attributes
    ----------
    classes_ : ndarray of str
        ``["factual", "reflective"]``.
    features_ : ToneFeatures
    linear_ : LogisticRegression
    calibration_ : ndarray of shape (2,)
        Slope and intercept of the Platt scaling (``[1, 0]`` when off).
    context_coef_ : ndarray or None
        Weights of the article-context pass (``None`` when it was not fitted).
    train_prior_ : float
        Weighted share of reflective sentences in the training data.

    Examples
    --------
    >>> X = ["Officials said the bridge reopened on Monday.", "Perhaps we never learn.",
    ...      "The vote passed 52 to 48.", "What a sad reminder of our folly."] * 5
    >>> y = ["factual", "reflective", "factual", "reflective"] * 5
    >>> clf = ToneClassifier(min_df=1, calibrate=False).fit(X, y)
    >>> clf.predict(["Perhaps it is a reminder."]).tolist()
    ['reflective']
    """

    def __init__(
        self,
        ngram_range: tuple[int, int] = (1, 2),
        min_df: int = 2,
        cues: bool = True,
        cue_weight: float = 1.0,
        C: float = 4.0,
        class_weight=None,
        calibrate: bool = True,
        context: bool = True,
        threshold: float = 0.5,
        prior: float | None = None,
        random_state: int = 0,
    ):
        self.ngram_range = ngram_range
        self.min_df = min_df
        self.cues = cues
        self.cue_weight = cue_weight
        self.C = C
        self.class_weight = class_weight
        self.calibrate = calibrate
        self.context = context
        self.threshold = threshold
        self.prior = prior
        self.random_state = random_state

    # -- fitting -------------------------------------------------------------

    def _linear(self) -> LogisticRegression:
        weights = self.class_weight
        if isinstance(weights, dict):
            # Users name the classes; the regression sees them as 0/1.
            code = {"factual": 0, "reflective": 1, 0: 0, 1: 1}
            bad = set(weights) - set(code)
            if bad:
                raise ValueError(f"class_weight keys must be 'factual'/'reflective', got {bad}")
            weights = {code[k]: v for k, v in weights.items()}
        return LogisticRegression(C=self.C, class_weight=weights, max_iter=5000,
                                  solver="liblinear")

    def fit(self, X, y, sample_weight=None, groups=None, target_proba=None):
        """Fit on sentences ``X`` with labels ``y``.

        Parameters
        ----------
        X : iterable of str
        y : iterable of {"factual", "reflective"} (or 0/1, 1 = reflective)
        sample_weight : array-like of float, optional
        groups : array-like, optional
            Article id of each sentence (``None`` where a sentence has no
            article); sentences of an article contiguous and in order. Used to
            fit the context pass.
        target_proba : array-like of float in [0, 1], optional
            Soft targets: a teacher's probability that each sentence is
            reflective, fitted in place of its hard label (NaN keeps the label
            of ``y``). Each such sentence counts as reflective with weight
            ``p`` and factual with weight ``1 - p``: the cross-entropy to the
            teacher, which is how a linear student absorbs a teacher's
            confidence rather than only its decision.
        """
        texts = check_texts(X, "X", allow_empty=False)
        target = _encode_labels(y)
        n = len(texts)
        if n != len(target):
            raise ValueError(f"X and y differ in length: {n} != {len(target)}")
        if len(set(target.tolist())) < 2:
            raise ValueError("y holds one class only; both 'factual' and 'reflective' are needed")
        sw = _check_weights(sample_weight, n)
        q = _check_soft(target_proba, target)
        if groups is not None:
            groups = np.asarray(list(groups), dtype=object)
            if groups.shape != (n,):
                raise ValueError(f"groups must hold one article id per sentence ({n}), "
                                 f"got shape {groups.shape}")
        self.features_ = ToneFeatures(
            ngram_range=self.ngram_range, min_df=self.min_df, cues=self.cues,
            cue_weight=self.cue_weight,
        ).fit(texts)
        Z = self.features_.transform(texts)
        # Rows the regressions see: each sentence once with its label, or, with
        # soft targets, twice (reflective at weight p, factual at 1 - p).
        rows, y_rows, w_rows = _target_rows(target, q, sw)
        self.linear_ = self._linear().fit(Z[rows], y_rows, sample_weight=w_rows)
        self.classes_ = CLASSES.copy()
        base = np.ones(n) if sw is None else sw
        self.train_prior_ = float(np.average(target if q is None else q, weights=base))
        self.calibration_ = np.array([1.0, 0.0])
        self.context_coef_ = None
        if not (self.calibrate or (self.context and groups is not None)):
            return self
        # Out-of-fold decision values: honest inputs for calibration and context.
        # Folds split sentences, so both rows of a soft target fall in one fold.
        n_splits = int(min(5, np.bincount(target).min()))
        if n_splits < 2:
            return self
        cv = StratifiedKFold(n_splits, shuffle=True, random_state=self.random_state)
        if q is None:
            oof = cross_val_predict(
                self._linear(), Z, target, cv=cv, method="decision_function",
                params=None if sw is None else {"sample_weight": sw},
            )
        else:
            oof = np.zeros(n)
            for train, test in cv.split(np.zeros(n), target):
                keep = np.isin(rows, train)
                part = self._linear().fit(Z[rows[keep]], y_rows[keep],
                                          sample_weight=w_rows[keep])
                oof[test] = part.decision_function(Z[test])
        if self.calibrate:
            platt = LogisticRegression(C=1e4).fit(oof[rows, None], y_rows, sample_weight=w_rows)
            self.calibration_ = np.array([platt.coef_[0, 0], platt.intercept_[0]])
        if self.context and groups is not None:
            self._fit_context(oof, np.asarray(groups, dtype=object), rows, y_rows, w_rows)
        return self

    def _fit_context(self, oof, groups, rows, y_rows, w_rows):
        mask = np.array([g is not None for g in groups])
        if mask.sum() < 20:
            return
        z = self.calibration_[0] * oof[mask] + self.calibration_[1]
        codes = np.unique(groups[mask].astype(str), return_inverse=True)[1]
        F = np.zeros((len(groups), 6))
        F[mask] = _context_matrix(z, codes)
        in_article = mask[rows]
        ctx = LogisticRegression(C=1.0).fit(
            F[rows[in_article]], y_rows[in_article],
            sample_weight=None if w_rows is None else w_rows[in_article],
        )
        self.context_coef_ = np.r_[ctx.coef_[0], ctx.intercept_[0]]

    # -- prediction ----------------------------------------------------------

    def decision_function(self, X) -> np.ndarray:
        """Calibrated log-odds of reflective for each sentence."""
        check_is_fitted(self, "linear_")
        raw = self.linear_.decision_function(self.features_.transform(X))
        return self.calibration_[0] * raw + self.calibration_[1] + self._prior_shift()

    def _prior_shift(self) -> float:
        return prior_shift(self.prior, self.train_prior_)

    def predict_proba(self, X) -> np.ndarray:
        """Probabilities, columns in the order of ``classes_`` (factual, reflective)."""
        p = expit(self.decision_function(X))
        return np.column_stack([1.0 - p, p])

    def predict(self, X) -> np.ndarray:
        """Labels ``"factual"`` or ``"reflective"``."""
        p = self.predict_proba(X)[:, 1]
        return self.classes_[(p >= self.threshold).astype(int)]

    def context_proba(self, proba: np.ndarray, groups: np.ndarray) -> np.ndarray:
        """Revise sentence probabilities with their article neighbours.

        ``groups`` gives each sentence's article (contiguous, in order). The
        sentence-level probabilities are returned unchanged when the context
        pass is off or was not fitted.
        """
        check_is_fitted(self, "linear_")
        if not self.context or self.context_coef_ is None or len(proba) == 0:
            return proba
        z = logit(np.clip(proba, 1e-6, 1 - 1e-6))
        F = _context_matrix(z, np.asarray(groups))
        return expit(F @ self.context_coef_[:-1] + self.context_coef_[-1])

    # -- the labelling engine ------------------------------------------------

    def _compiled(self) -> CompiledModel | None:
        """This fitted model compiled for the labelling engine (`tonesplit._engine`).

        Built on first use and cached; a refit (new fitted attributes) builds
        it anew. None for a subclass that scores in its own way (it overrides
        ``decision_function``, ``predict_proba`` or ``context_proba``): the
        engine then calls those methods.
        """
        cls = type(self)
        if cls is not ToneClassifier and any(
                getattr(cls, name) is not getattr(ToneClassifier, name)
                for name in ("decision_function", "predict_proba", "context_proba")):
            return None
        check_is_fitted(self, "linear_")
        # (keyed on the fitted objects it is built from, by identity)
        key = (self.features_, self.linear_, self.linear_.coef_, self.linear_.intercept_,
               self.calibration_, self.context_coef_)
        cached = self.__dict__.get("_compiled_cache")
        if cached is None or any(a is not b for a, b in zip(cached[0], key)):
            cached = (key, compile_classifier(self))
            self.__dict__["_compiled_cache"] = cached
        return cached[1]

    def __getstate__(self):
        state = super().__getstate__()
        state.pop("_compiled_cache", None)  # rebuilt on first use
        return state

    # -- explanation and persistence ----------------------------------------

    def explain(self, sentence: str, top: int = 5) -> list[Cue]:
        """The cues that pushed the decision on one sentence, strongest first.

        Examples
        --------
        >>> import tonesplit
        >>> model = tonesplit.load_model()
        >>> cues = model.explain("It is a reminder that diplomacy moves in shades of nuance.")
        >>> cues[0].label
        'reflective'
        """
        check_text(sentence, "sentence")
        check_is_fitted(self, "linear_")
        if not isinstance(top, (int, np.integer)) or top < 1:
            raise ValueError(f"top must be a positive int, got {top!r}")
        row = self.features_.transform([sentence]).tocsr()
        weights = self.linear_.coef_[0][row.indices] * row.data * self.calibration_[0]
        names = self.features_.get_feature_names_out()[row.indices]
        order = np.argsort(-np.abs(weights))[:top]
        return [Cue(str(names[i]), _describe_feature(str(names[i])), float(weights[i]))
                for i in order if weights[i] != 0]

    def save(self, path, *, card: dict | None = None) -> dict:
        """Save as one data file (arrays and JSON, no pickle) and the model card beside it.

        Returns the card, which records the sha256 that `load_model` checks.
        """
        check_is_fitted(self, "linear_")
        return save_model(self, path, card=card)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        tags.target_tags.required = True
        return tags


_shipped_lock = threading.Lock()
_shipped: list = []


def load_model(path: str | os.PathLike | None = None, *, trusted: bool = False) -> ToneClassifier:
    """Load the shipped model, or a saved model from ``path``.

    A model file is data (arrays and JSON, see ``docs/model-format.md``):
    loading it runs no code from it and does not depend on the
    scikit-learn version that trained it.

    Parameters
    ----------
    path : str or path-like, optional
        A file written by `ToneClassifier.save`, or an accurate-tier file
        from ``tonesplit train --tier accurate`` (the same format). By
        default, the model that ships inside the package (loaded once, then
        shared: it is read-only). ``"fast"`` names that default tier and
        ``"accurate"`` the shipped accurate tier, a fine-tuned encoder run by
        onnxruntime (``pip install 'tonesplit[accurate]'``).
    trusted : bool, default=False
        Skip the sha256 check against the model card beside the file (for a
        file of your own whose card you edited). The file's own checksum is
        checked all the same.

    Raises
    ------
    ModelFileError
        Missing, unknown (a pickle, junk), tampered or truncated file, or a
        card that does not match it.
    ModelVersionError
        A sound file of a later format or kind than this tonesplit reads
        (upgrade tonesplit); a `ModelFileError` too.

    Examples
    --------
    >>> import tonesplit
    >>> model = tonesplit.load_model()
    >>> model.classes_.tolist()
    ['factual', 'reflective']
    """
    if not isinstance(trusted, bool):
        raise TypeError(f"trusted must be True or False, got {trusted!r}")
    if path == "fast":
        path = None
    if path == "accurate":
        return _load_accurate()
    if isinstance(path, (str, os.PathLike)) and Path(path).suffix == ".npz":
        from .encoder._file import load_encoder_model

        return load_encoder_model(path)  # (refused, with the remedy)
    if path is not None:
        if not isinstance(path, (str, os.PathLike)):
            raise TypeError(f"path must be a str or os.PathLike, got {type(path).__name__}")
        return _from_file(Path(path), trusted=trusted, need_card=False)
    with _shipped_lock:
        if not _shipped:
            with shipped_model_path() as p:
                _shipped.append(_from_file(Path(p), trusted=False, need_card=True))
        return _shipped[0]


_accurate: list = []
#: File name of the shipped accurate tier inside the package's ``models`` folder.
ACCURATE_NAME = "tonesplit-accurate.safetensors"


def _load_accurate():
    """The shipped accurate tier (an `EncoderClassifier`), loaded once and shared."""
    from importlib import resources

    from .encoder._file import load_encoder_model

    with _shipped_lock:
        if not _accurate:
            ref = resources.files("tonesplit") / "models" / ACCURATE_NAME
            with resources.as_file(ref) as p:
                _accurate.append(load_encoder_model(p, need_card=True))
        return _accurate[0]


def _from_file(path: Path, *, trusted: bool, need_card: bool) -> ToneClassifier:
    from ._model_arrays import KIND
    from ._modelfile import check_kind

    arrays, meta = read_model_file(path, trusted=trusted, need_card=need_card)
    from .encoder._file import KIND as ENCODER_KIND

    if meta.get("kind") == ENCODER_KIND:  # the accurate tier, in the same format
        from .encoder._file import from_checked_file

        return from_checked_file(path, arrays, meta)
    check_kind(path, meta, KIND)  # a later tonesplit's kind: ModelVersionError
    try:
        return restore_classifier(ToneClassifier(), arrays, meta)
    except (KeyError, ValueError, TypeError) as err:
        raise ModelFileError(f"{path}: its arrays and metadata do not make a "
                             f"tonesplit.ToneClassifier ({type(err).__name__}: {err})") from None
