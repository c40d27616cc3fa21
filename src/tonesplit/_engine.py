"""The labelling engine's scorer: a fitted `ToneClassifier` compiled to arrays.

`ToneClassifier` is a scikit-learn estimator: ``predict_proba`` builds a
sparse feature matrix (`ToneFeatures`, whose TF-IDF step is sklearn's
``TfidfTransformer``), validates it and hands it to a ``LogisticRegression``,
then turns log-odds into two probability columns; the article-context pass
takes one column back to log-odds. That is the definition, and it stays for
training and for users' pipelines. Labelling one article that way costs more
in input checks and object construction than in arithmetic, so the labelling
path (``split``, ``label``, ``label_corpus``, the CLI) scores with a
`CompiledModel` instead: the same arrays (vocabulary lookups, IDF weights,
coefficients, calibration, context weights), the same arithmetic in the same
precision (float32 TF-IDF as sklearn computes it, float64 sums), straight
from token ids to calibrated log-odds, with no sparse matrix, no validation
and no round trip through probabilities. ``tests/test_engine.py`` holds it to
the estimator: the same probabilities to 1e-9 on every shared data set.

`compile_classifier` builds one from a fitted ToneClassifier;
``ToneClassifier._compiled`` caches it and builds it anew after a refit.

Examples
--------
>>> import tonesplit
>>> from tonesplit._engine import compile_classifier
>>> model = tonesplit.load_model()
>>> engine = compile_classifier(model)
>>> texts = ["Officials said 40 homes were flooded.", "Perhaps we never learn."]
>>> bool(abs(engine.proba(texts) - model.predict_proba(texts)[:, 1]).max() < 1e-9)
True
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import expit, logit

from ._cues import CUE_CATEGORIES, N_CUES, cue_block
from ._tokenize import IntMap, TokenIds

__all__ = ["CompiledModel", "compile_classifier", "context_matrix", "reflective_column",
           "reflective_proba", "threshold"]

# The context pass reads log-odds of probabilities clipped to [1e-6, 1 - 1e-6]
# (`ToneClassifier.context_proba`); clipping the log-odds themselves at the
# same two points gives the same numbers without the round trip.
_CLIP_LOW = float(logit(1e-6))
_CLIP_HIGH = float(logit(1 - 1e-6))
#: Up to this many bigram codes are looked up by binary search, not the hash map.
_SMALL_LOOKUP = 2048
#: Sentences are scored in blocks of about this many characters (see `_dot`); a
#: corpus chunk of BBC News (256 articles, about 0.6 MB) is one block.
_SCORE_CHARS = 1 << 20


def context_matrix(z: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Context features of each sentence from the log-odds of its article's sentences.

    ``groups`` holds one id per sentence; sentences of one article are
    contiguous and in reading order. Columns: the sentence's own log-odds,
    the previous and next sentence's (0 at an article's edge), the mean of
    the article's other sentences, the relative position, and whether the
    article has more than one sentence.

    Examples
    --------
    >>> context_matrix(np.array([1.0, -1.0, 3.0]), np.array([0, 0, 1])).round(2).tolist()
    [[1.0, 0.0, -1.0, -1.0, 0.0, 1.0], [-1.0, 1.0, 0.0, 1.0, 1.0, 1.0], [3.0, 0.0, 0.0, 0.0, 0.0, 0.0]]
    """
    n = len(z)
    if n == 0:
        return np.empty((0, 6))
    if groups[0] == groups[-1] and bool((groups == groups[0]).all()):
        return _one_article(z)
    # (slices rather than np.r_, which costs more than the arithmetic for one article)
    change = groups[1:] != groups[:-1]
    new = np.empty(n, dtype=bool)
    new[0], new[1:] = True, change
    last = np.empty(n, dtype=bool)
    last[-1], last[:-1] = True, change
    starts = np.flatnonzero(new)
    ids = np.cumsum(new) - 1
    sizes = np.diff(starts, append=n)
    prev = np.zeros(n)
    prev[1:] = z[:-1]
    prev[new] = 0.0
    nxt = np.zeros(n)
    nxt[:-1] = z[1:]
    nxt[last] = 0.0
    sums = np.add.reduceat(z, starts)
    size = sizes[ids]
    others = np.where(size > 1, (sums[ids] - z) / np.maximum(size - 1, 1), 0.0)
    pos = (np.arange(n) - starts[ids]) / np.maximum(size - 1, 1)
    return np.column_stack([z, prev, nxt, others, pos, (size > 1).astype(float)])


def _one_article(z: np.ndarray) -> np.ndarray:
    """`context_matrix` of the sentences of one article (``split``), the same
    numbers without the bookkeeping of article edges."""
    n = len(z)
    F = np.zeros((n, 6))
    F[:, 0] = z
    if n > 1:
        F[1:, 1] = z[:-1]
        F[:-1, 2] = z[1:]
        F[:, 3] = (np.add.reduceat(z, [0]) - z) / (n - 1)
        F[:, 4] = np.arange(n) / (n - 1)
        F[:, 5] = 1.0
    return F


@dataclass(frozen=True, eq=False)
class CompiledModel:
    """The arrays of a fitted ToneClassifier, scored directly.

    Attributes
    ----------
    token_ids : TokenIds
        Sentences to unigram ids (the features' own lookup).
    bigrams : IntMap or None
        Bigram code ``a * n_unigrams + b`` to bigram index; None for unigrams only.
    bigram_codes : ndarray of int64
        The same codes, sorted (bigram ``k`` is the ``k``-th).
    n_unigrams, n_ngrams : int
    idf : ndarray of float64, shape (n_ngrams,)
    coef : ndarray of float64, shape (n_ngrams,)
        Logistic-regression weight of each n-gram column.
    cue_of : ndarray of int64 or None, shape (n_ngrams,)
        Row of ``cue_rows`` for an n-gram that is a lexicon term, else -1;
        None when the model has no cue block.
    cue_rows : ndarray of float32, shape (n_terms, len(CUE_CATEGORIES))
        The categories of each lexicon term (the features' ``cue_map_``).
    cue_coef : ndarray of float64, shape (N_CUES,)
    cue_weight : float
    intercept : float
    slope, offset : float
        The Platt calibration of the raw log-odds.
    context_coef : ndarray of float64 or None, shape (7,)
        Weights of the article-context pass, when fitted.
    """

    token_ids: TokenIds
    bigrams: IntMap | None
    bigram_codes: np.ndarray
    n_unigrams: int
    n_ngrams: int
    idf: np.ndarray
    coef: np.ndarray
    cue_of: np.ndarray | None
    cue_rows: np.ndarray
    cue_coef: np.ndarray
    cue_weight: float
    intercept: float
    slope: float
    offset: float
    context_coef: np.ndarray | None

    def _ngrams(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Row and column of every in-vocabulary n-gram occurrence (as ToneFeatures counts)."""
        ids = self.token_ids(texts)
        rows = np.cumsum(ids == -2)
        keep = ids >= 0
        r, c = rows[keep], ids[keep]
        if self.bigrams is not None and len(ids) > 1:
            a, b = ids[:-1], ids[1:]
            ok = (a >= 0) & (b >= 0)
            col = self._bigram_columns(a[ok] * self.n_unigrams + b[ok])
            hit = col >= 0
            r = np.concatenate([r, rows[:-1][ok][hit]])
            c = np.concatenate([c, self.n_unigrams + col[hit]])
        return r, c

    def _bigram_columns(self, codes: np.ndarray) -> np.ndarray:
        """Index of each bigram code among the model's bigrams, -1 for an unknown one."""
        if len(codes) > _SMALL_LOOKUP:
            assert self.bigrams is not None
            return self.bigrams.get(codes)
        # A few hundred codes (one article): one binary search each costs
        # less than the hash map's fixed cost of a dozen array passes.
        known = self.bigram_codes
        at = np.searchsorted(known, codes)
        np.minimum(at, len(known) - 1, out=at)
        return np.where(known[at] == codes, at, -1)

    def raw_log_odds(self, texts: list[str]) -> np.ndarray:
        """The logistic regression's log-odds of each text (``linear_.decision_function``)."""
        return self._dot(texts) + self.intercept

    def _dot(self, texts: list[str]) -> np.ndarray:
        """The features of each text times the weights (the log-odds less the intercept).

        Scored in blocks of about `_SCORE_CHARS` characters, so that the
        temporary arrays of a huge batch (a 20 MB document's sentences) stay
        small; a sentence scores the same in any block.
        """
        if sum(map(len, texts)) <= _SCORE_CHARS:
            return self._dot_block(texts)
        parts, first, size = [], 0, 0
        for i, text in enumerate(texts):
            if size and size + len(text) > _SCORE_CHARS:
                parts.append(self._dot_block(texts[first:i]))
                first, size = i, 0
            size += len(text) + 1
        parts.append(self._dot_block(texts[first:]))
        return np.concatenate(parts)

    def _dot_block(self, texts: list[str]) -> np.ndarray:
        """`_dot` of one block."""
        n = len(texts)
        r, c = self._ngrams(texts)
        if not len(r):
            return np.zeros(n)
        # The TF-IDF entries, one per (sentence, n-gram) in column order,
        # computed in float32 as sklearn's TfidfTransformer computes them
        # (sublinear tf, times idf, rows scaled to unit length with a float64
        # sum of float32 squares). (np.unique, without its overhead.)
        key = r * self.n_ngrams + c
        key.sort()
        edge = np.empty(len(key) + 1, dtype=bool)
        edge[0] = edge[-1] = True
        np.not_equal(key[1:], key[:-1], out=edge[1:-1])
        at = np.flatnonzero(edge)
        row, col = np.divmod(key[at[:-1]], self.n_ngrams)
        tf = (at[1:] - at[:-1]).astype(np.float32)
        np.log(tf, out=tf)
        tf += 1.0
        tf *= self.idf[col]
        # (idf > 0, checked when compiled: a row with entries has a norm > 0)
        tf /= np.sqrt(np.bincount(row, weights=tf * tf, minlength=n))[row]
        z = np.bincount(row, weights=tf * self.coef[col], minlength=n)
        if self.cue_of is not None:
            # (row by row, not a matrix product, whose summation order depends on
            # the batch: a sentence scores the same in any batch)
            z += np.add.reduce(self._cues(row, col, r, n) * self.cue_coef, axis=1)
        return z

    def _cues(self, row, col, r, n) -> np.ndarray:
        """The cue block: from the distinct lexicon terms of each category and the
        n-gram occurrences of each sentence (as `ToneFeatures` counts them)."""
        assert self.cue_of is not None
        which = self.cue_of[col]
        term = which >= 0
        cat = np.zeros((n, len(CUE_CATEGORIES)), dtype=np.float32)
        np.add.at(cat, row[term], self.cue_rows[which[term]])
        length = np.bincount(r, minlength=n).astype(np.float32).reshape(n, 1)
        return cue_block(cat, length, self.cue_weight)

    def log_odds(self, texts: list[str], shift: float = 0.0) -> np.ndarray:
        """Calibrated log-odds of reflective (`ToneClassifier.decision_function`)."""
        z = self._dot(texts)
        z *= self.slope
        z += self.slope * self.intercept + self.offset + shift
        return z

    def proba(self, texts: list[str], shift: float = 0.0,
              groups: np.ndarray | None = None) -> np.ndarray:
        """Probability of reflective of each text.

        With ``groups`` (one article id per text, articles contiguous and in
        order) and a fitted context pass, the probabilities are those of
        ``context_proba`` on ``predict_proba``; otherwise of ``predict_proba``.
        """
        z = self.log_odds(texts, shift)
        w = self.context_coef
        if groups is None or w is None or len(z) == 0:
            return expit(z)
        np.maximum(z, _CLIP_LOW, out=z)
        np.minimum(z, _CLIP_HIGH, out=z)
        return expit(context_matrix(z, np.asarray(groups)) @ w[:-1] + w[-1])


def compile_classifier(clf) -> CompiledModel:
    """The `CompiledModel` of a fitted ToneClassifier (its arrays, shared, not copied)."""
    f = clf.features_
    token_ids, bigrams = f._lookups()
    n_ngrams = int(f.n_ngrams_)
    coef = np.asarray(clf.linear_.coef_, dtype=np.float64).reshape(-1)
    cue_of, cue_rows = None, np.empty((0, len(CUE_CATEGORIES)), dtype=np.float32)
    tfidf = f.idf_
    if not (tfidf.sublinear_tf and tfidf.use_idf and tfidf.norm == "l2"):
        raise ValueError("the engine scores TF-IDF with sublinear tf, idf and l2 norm "
                         "(as ToneFeatures fits it); this model's TfidfTransformer has "
                         f"{tfidf.get_params()}")
    codes = np.asarray(f.bigram_codes_, dtype=np.int64)
    if len(codes) > 1 and not bool((codes[1:] > codes[:-1]).all()):
        raise ValueError("the model's bigram codes are not sorted and distinct")
    idf = np.asarray(tfidf.idf_, dtype=np.float64)
    if not bool((idf > 0).all()):
        raise ValueError("the model's idf weights must be positive")
    expected = n_ngrams + (N_CUES if f.cues else 0)
    if coef.shape != (expected,):
        raise ValueError(f"the model has {coef.shape[0]} weights; its features need {expected}")
    if f.cues:
        cue_map = f.cue_map_.tocsr()
        terms = np.flatnonzero(np.diff(cue_map.indptr))
        cue_of = np.full(n_ngrams, -1, dtype=np.int64)
        cue_of[terms] = np.arange(len(terms))
        cue_rows = np.asarray(cue_map[terms].todense(), dtype=np.float32)
    return CompiledModel(
        token_ids=token_ids,
        bigrams=bigrams if f.ngram_range[1] == 2 and len(f.bigram_codes_) else None,
        bigram_codes=codes,
        n_unigrams=int(f.n_unigrams_),
        n_ngrams=n_ngrams,
        idf=idf,
        coef=coef[:n_ngrams],
        cue_of=cue_of,
        cue_rows=cue_rows,
        cue_coef=coef[n_ngrams:],
        cue_weight=float(f.cue_weight),
        intercept=float(np.asarray(clf.linear_.intercept_).reshape(-1)[0]),
        slope=float(clf.calibration_[0]),
        offset=float(clf.calibration_[1]),
        context_coef=None if clf.context_coef_ is None else np.asarray(clf.context_coef_,
                                                                        dtype=np.float64),
    )


# -- the front door's scorer: any fitted model --------------------------------


def reflective_column(model) -> int:
    """Which column of ``model.predict_proba`` is reflective."""
    classes = list(getattr(model, "classes_", []))
    if "reflective" not in classes:
        raise ValueError(f"model.classes_ must contain 'reflective', got {classes}")
    return classes.index("reflective")


def threshold(model) -> float:
    """The probability at and above which ``model`` calls a sentence reflective.

    A ToneClassifier's own decision threshold (its ``threshold`` parameter)
    applies in labelling exactly as in its ``predict``.
    """
    return float(getattr(model, "threshold", 0.5))


def reflective_proba(model, texts: list[str], groups: np.ndarray | None = None) -> np.ndarray:
    """Probability of reflective of each text, as the labelling path scores it.

    A ToneClassifier is scored by its `CompiledModel` (with its prior and,
    when ``groups`` are given and its ``context`` is on, its context pass);
    any other fitted classifier (the accurate tier's `EncoderClassifier`, a
    user's pipeline) by its own ``predict_proba`` and, with ``groups``, its
    ``context_proba`` if it has one.
    """
    # (looked up on the class: a wrapper that forwards attributes to a
    # ToneClassifier has its own predict_proba, which must be the one called)
    compiled = getattr(type(model), "_compiled", None)
    engine = compiled(model) if compiled is not None else None
    if engine is not None:
        return engine.proba(texts, model._prior_shift(), groups if model.context else None)
    proba = np.asarray(model.predict_proba(texts), dtype=float)[:, reflective_column(model)]
    context = getattr(model, "context_proba", None)
    if groups is not None and context is not None:
        proba = context(proba, groups)
    return proba
