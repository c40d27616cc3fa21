"""A fitted `ToneClassifier` as named arrays plus JSON metadata, and back.

What `ToneClassifier.save` writes with `tonesplit._modelfile` and
`load_model` reads. The arrays (``kind = "tonesplit.ToneClassifier"``):

================================  =======  ==========================================
name                              dtype    what
================================  =======  ==========================================
``features.vocab.bytes``          uint8    the unigrams, UTF-8, concatenated in column order
``features.vocab.offsets``        int64    where each one ends in the bytes above
``features.bigram_codes``         int64    sorted codes ``a * n_unigrams + b`` of the bigrams
``features.idf``                  float64  IDF weight of each n-gram column
``features.cue_map.rows/.cols``   int64    n-gram column -> cue category of each lexicon term
``linear.coef``                   float64  logistic-regression weights, shape (1, n_features)
``linear.intercept``              float64  its intercept, shape (1,)
``calibration``                   float64  Platt slope and intercept
``context_coef``                  float64  weights of the article-context pass (if fitted)
================================  =======  ==========================================

The metadata holds the estimator's parameters, ``train_prior`` and the
model card. Restoring sets the fitted attributes on fresh scikit-learn
objects; nothing is unpickled, and no scikit-learn internals are stored.
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["KIND", "classifier_arrays", "pack_strings", "restore_classifier", "unpack_strings"]

#: The ``kind`` metadata of a ToneClassifier file.
KIND = "tonesplit.ToneClassifier"


def pack_strings(strings: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Strings as ``(uint8 bytes, int64 end offsets)``: how text goes into a model file.

    >>> data, ends = pack_strings(["a", "bé"])
    >>> unpack_strings(data, ends)
    ['a', 'bé']
    """
    encoded = [s.encode("utf-8") for s in strings]
    ends = np.cumsum([len(b) for b in encoded], dtype=np.int64)
    return np.frombuffer(b"".join(encoded), dtype=np.uint8).copy(), ends


def unpack_strings(data: np.ndarray, ends: np.ndarray) -> list[str]:
    """The inverse of `pack_strings`."""
    raw = np.asarray(data, dtype=np.uint8).tobytes()
    stops = np.asarray(ends, dtype=np.int64).tolist()
    if stops and (stops[-1] != len(raw) or any(b < a for a, b in zip([0, *stops], stops))):
        raise ValueError("string offsets do not match the bytes")
    return [raw[a:b].decode("utf-8") for a, b in zip([0, *stops[:-1]], stops)]


def _jsonable(params: dict[str, Any]) -> dict[str, Any]:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in params.items()}


def classifier_arrays(clf) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """The arrays and metadata of a fitted ToneClassifier."""
    f = clf.features_
    vocab = [t for t, i in sorted(f.unigrams_.items(), key=lambda kv: kv[1]) if i >= 0]
    if [f.unigrams_[t] for t in vocab] != list(range(len(vocab))):
        raise ValueError("the unigram columns are not 0..n-1")
    data, ends = pack_strings(vocab)
    cue = f.cue_map_.tocoo()
    arrays = {
        "features.vocab.bytes": data,
        "features.vocab.offsets": ends,
        "features.bigram_codes": np.asarray(f.bigram_codes_, dtype=np.int64),
        "features.idf": np.asarray(f.idf_.idf_, dtype=np.float64),
        "features.cue_map.rows": cue.row.astype(np.int64),
        "features.cue_map.cols": cue.col.astype(np.int64),
        "linear.coef": np.asarray(clf.linear_.coef_, dtype=np.float64),
        "linear.intercept": np.asarray(clf.linear_.intercept_, dtype=np.float64),
        "calibration": np.asarray(clf.calibration_, dtype=np.float64),
    }
    if clf.context_coef_ is not None:
        arrays["context_coef"] = np.asarray(clf.context_coef_, dtype=np.float64)
    meta = {
        "kind": KIND,
        "params": _jsonable(clf.get_params()),
        "features_params": _jsonable(f.get_params()),
        "idf_params": _jsonable(f.idf_.get_params()),
        "cue_map_shape": list(f.cue_map_.shape),
        "n_features_out": int(f.n_features_out_),
        "train_prior": float(clf.train_prior_),
        "classes": [str(c) for c in clf.classes_],
    }
    return arrays, meta


def restore_classifier(clf, arrays: dict[str, np.ndarray], meta: dict[str, Any]):
    """Set the fitted state of ``clf`` (a fresh ToneClassifier) from a model file's content.

    Raises ValueError or KeyError when the arrays and metadata do not fit together.
    """
    import scipy.sparse as sp
    from sklearn.feature_extraction.text import TfidfTransformer

    from ._tokenize import SEP
    from .features import ToneFeatures

    if meta.get("kind") != KIND:
        raise ValueError(f"kind is {meta.get('kind')!r}, not {KIND!r}")
    vocab = unpack_strings(arrays["features.vocab.bytes"], arrays["features.vocab.offsets"])
    fp = dict(meta["features_params"])
    fp["ngram_range"] = tuple(fp["ngram_range"])
    f = ToneFeatures(**fp)
    f.unigrams_ = {t: i for i, t in enumerate(vocab)}
    f.unigrams_[SEP] = -2
    f.n_unigrams_ = len(vocab)
    f.bigram_codes_ = np.asarray(arrays["features.bigram_codes"], dtype=np.int64)
    f.n_ngrams_ = f.n_unigrams_ + len(f.bigram_codes_)
    idf = np.asarray(arrays["features.idf"], dtype=np.float64)
    if idf.shape != (f.n_ngrams_,):
        raise ValueError(f"features.idf has shape {idf.shape}, expected ({f.n_ngrams_},)")
    f.idf_ = TfidfTransformer(**meta["idf_params"])
    f.idf_.idf_ = idf
    f.idf_.n_features_in_ = f.n_ngrams_
    rows, cols = arrays["features.cue_map.rows"], arrays["features.cue_map.cols"]
    shape = tuple(meta["cue_map_shape"])
    if shape[0] != f.n_ngrams_ or len(rows) != len(cols):
        raise ValueError("the cue map does not fit the n-gram columns")
    f.cue_map_ = sp.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=shape)
    f.n_features_out_ = int(meta["n_features_out"])
    coef = np.asarray(arrays["linear.coef"], dtype=np.float64)
    if coef.shape != (1, f.n_features_out_):
        raise ValueError(f"linear.coef has shape {coef.shape}, expected (1, {f.n_features_out_})")
    p = dict(meta["params"])
    p["ngram_range"] = tuple(p["ngram_range"])
    clf.set_params(**p)
    linear = clf._linear()
    linear.coef_ = coef
    linear.intercept_ = np.asarray(arrays["linear.intercept"], dtype=np.float64).reshape(1)
    linear.classes_ = np.array([0, 1])
    linear.n_features_in_ = f.n_features_out_
    linear.n_iter_ = np.array([0], dtype=np.int32)
    clf.features_ = f
    clf.linear_ = linear
    clf.classes_ = np.array(meta["classes"], dtype=object)
    clf.train_prior_ = float(meta["train_prior"])
    clf.calibration_ = np.asarray(arrays["calibration"], dtype=np.float64).reshape(2)
    ctx = arrays.get("context_coef")
    clf.context_coef_ = None if ctx is None else np.asarray(ctx, dtype=np.float64).reshape(7)
    return clf
