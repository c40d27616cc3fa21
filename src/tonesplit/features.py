"""Sentence features: word n-grams plus the project's own style cues.

One tokenisation pass over a whole batch feeds everything. Quoted speech,
numbers, proper names and ``?``/``!`` become marker tokens (the words inside
a long quotation are someone else's voice, so their evaluative words must not
count as the author's); ``_tokenize`` defines the tokens and computes their
ids with vectorised NumPy passes over the batch's code points. Bigrams are
looked up as integer codes in a NumPy hash map, so the batch path runs at C
speed rather than sklearn's per-n-gram Python loop (several times faster,
which the throughput target needs). The n-gram counts then give both the
TF-IDF block and, through a fixed sparse map from vocabulary entries to
lexicon categories, the style-cue block.
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from importlib import resources

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.utils.validation import check_is_fitted

from ._cues import CUE_CATEGORIES, cue_block, cue_names
from ._tokenize import SEP, IntMap, TokenIds, batch_tokens, lookup_ids
from ._validation import check_texts

__all__ = ["ToneFeatures", "CUE_CATEGORIES", "lexicon", "tokenize"]


def tokenize(text: str, mark: bool = True) -> list[str]:
    """The tokens `ToneFeatures` sees for one sentence.

    Examples
    --------
    >>> tokenize('"It is a disgrace and a shame," Ms Hale said on 3 May?')
    ['zzquote', 'zzname', 'ms', 'zzname', 'hale', 'said', 'on', 'zznum', 'zzname', 'may', 'zzquestion']
    """
    return [t for t in batch_tokens([text], mark) if t != SEP]


@cache
def lexicon(category: str) -> frozenset[str]:
    """Return the terms of one lexicon category (lower case, space-joined n-grams).

    Examples
    --------
    >>> "perhaps" in lexicon("hedge")
    True
    """
    if category not in CUE_CATEGORIES:
        raise ValueError(f"category must be one of {CUE_CATEGORIES}, got {category!r}")
    path = resources.files("tonesplit") / "data" / "lexicons" / f"{category}.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(ln.strip().lower() for ln in lines if ln.strip() and not ln.startswith("#"))


class ToneFeatures(TransformerMixin, BaseEstimator):
    """Turn sentences into TF-IDF word n-grams plus style-cue counts.

    Parameters
    ----------
    ngram_range : {(1, 1), (1, 2)}, default=(1, 2)
        Word unigrams, or unigrams and bigrams.
    min_df : int, default=2
        Minimum number of training sentences an n-gram must occur in.
    cues : bool, default=True
        Add the style-cue block (lexicon counts, attribution interactions,
        sentence length). Lexicon terms join the vocabulary even when rare.
    cue_weight : float, default=1.0
        Scale of the cue block relative to the unit-norm n-gram block.
    mark : bool, default=True
        Rewrite quotations, numbers, proper names and ``?``/``!`` into
        marker tokens before counting.

    Attributes
    ----------
    unigrams_ : dict of str to int
        Column of each unigram (and -2 for the internal batch separator).
    n_unigrams_ : int
    bigram_codes_ : ndarray of int64
        Sorted codes ``a * n_unigrams + b`` of the kept bigrams; bigram ``k``
        in this order is column ``n_unigrams + k``.
    idf_ : TfidfTransformer
    cue_map_ : scipy.sparse.csr_matrix of shape (n_ngrams, n_cue_categories)
    n_features_out_ : int

    Examples
    --------
    >>> f = ToneFeatures(min_df=1).fit(["Perhaps it is a reminder.", "The bank said rates rose 2%."])
    >>> X = f.transform(["It is perhaps a reminder, she said."])
    >>> X.shape[1] == len(f.get_feature_names_out())
    True
    >>> "cue:hedge" in f.get_feature_names_out()
    True
    """

    def __init__(
        self,
        ngram_range: tuple[int, int] = (1, 2),
        min_df: int = 2,
        cues: bool = True,
        cue_weight: float = 1.0,
        mark: bool = True,
    ):
        self.ngram_range = ngram_range
        self.min_df = min_df
        self.cues = cues
        self.cue_weight = cue_weight
        self.mark = mark

    # -- counting ------------------------------------------------------------

    @staticmethod
    def _rows(ids: np.ndarray) -> np.ndarray:
        return np.cumsum(ids == -2)

    def _lookups(self) -> tuple[TokenIds, IntMap]:
        """The fast token-id and bigram lookups, built once per fitted vocabulary."""
        # (keyed on what they are built from: a refit or set_params rebuilds them)
        key = (self.unigrams_, self.bigram_codes_, self.mark)
        cached = self.__dict__.get("_lookup_cache")
        if cached is None or any(a is not b for a, b in zip(cached[0], key)):
            bigrams = IntMap(self.bigram_codes_, np.arange(len(self.bigram_codes_)))
            cached = (key, TokenIds(self.unigrams_, self.mark), bigrams)
            self.__dict__["_lookup_cache"] = cached
        return cached[1], cached[2]

    def __getstate__(self):
        state = super().__getstate__()
        state.pop("_lookup_cache", None)  # rebuilt on first use
        return state

    def _counts(self, texts: list[str]) -> sp.csr_matrix:
        token_ids, bigrams = self._lookups()
        ids = token_ids(texts)
        rows = self._rows(ids)
        n_uni = self.n_unigrams_
        keep = ids >= 0
        r, c = [rows[keep]], [ids[keep]]
        if self.ngram_range[1] == 2 and len(ids) > 1 and len(self.bigram_codes_):
            a, b = ids[:-1], ids[1:]
            ok = (a >= 0) & (b >= 0)
            col = bigrams.get(a[ok] * n_uni + b[ok])
            hit = col >= 0
            r.append(rows[:-1][ok][hit])
            c.append(n_uni + col[hit])
        r_all, c_all = np.concatenate(r), np.concatenate(c)
        counts = sp.csr_matrix(
            (np.ones(len(r_all), dtype=np.float32), (r_all, c_all)),
            shape=(len(texts), self.n_ngrams_),
        )
        counts.sum_duplicates()
        return counts

    # -- sklearn API ---------------------------------------------------------

    def fit(self, X, y=None):
        """Learn the n-gram vocabulary, IDF weights and the cue map."""
        texts = check_texts(X, "X")
        if not texts:
            raise ValueError("X is empty: ToneFeatures needs at least one sentence to fit")
        if tuple(self.ngram_range) not in ((1, 1), (1, 2)):
            raise ValueError(f"ngram_range must be (1, 1) or (1, 2), got {self.ngram_range!r}")
        if not isinstance(self.min_df, (int, np.integer)) or self.min_df < 1:
            raise ValueError(f"min_df must be a positive int, got {self.min_df!r}")
        min_df = min(int(self.min_df), len(texts))
        tokens = batch_tokens(texts, self.mark)
        # Document frequency of every unigram and bigram in one pass.
        everything = {t: i for i, t in enumerate(dict.fromkeys(tokens))}
        everything[SEP] = -2
        ids = lookup_ids(tokens, everything)
        rows = self._rows(ids)
        n_all = len(everything)
        lex = [t for cat in CUE_CATEGORIES for t in lexicon(cat)] if self.cues else []
        uni_df = Counter(np.unique(rows[ids >= 0] * n_all + ids[ids >= 0]) % n_all)
        inv = {i: t for t, i in everything.items()}
        kept = sorted({inv[i] for i, n in uni_df.items() if n >= min_df}
                      | {w for t in lex for w in t.split(" ") if t.count(" ") < 2})
        self.unigrams_ = {t: i for i, t in enumerate(kept)}
        self.unigrams_[SEP] = -2
        n_uni = self.n_unigrams_ = len(kept)
        codes = np.empty(0, dtype=np.int64)
        if self.ngram_range[1] == 2:
            ids = lookup_ids(tokens, self.unigrams_)
            a, b = ids[:-1], ids[1:]
            ok = (a >= 0) & (b >= 0)
            pair = np.unique(rows[:-1][ok] * (n_uni * n_uni) + a[ok] * n_uni + b[ok])
            code, df = np.unique(pair % (n_uni * n_uni), return_counts=True)
            codes = code[df >= min_df]
            forced = [t.split(" ") for t in lex if t.count(" ") == 1]
            forced = [self.unigrams_[p] * n_uni + self.unigrams_[q] for p, q in forced]
            codes = np.union1d(codes, np.asarray(forced, dtype=np.int64))
        self.bigram_codes_ = codes.astype(np.int64)
        self.n_ngrams_ = n_uni + len(self.bigram_codes_)
        counts = self._counts(texts)
        self.idf_ = TfidfTransformer(sublinear_tf=True).fit(counts)
        names = self._ngram_names()
        col = {t: i for i, t in enumerate(names)}
        rows_, cols_ = [], []
        for j, cat in enumerate(CUE_CATEGORIES if self.cues else ()):
            for term in lexicon(cat):
                if term in col:
                    rows_.append(col[term])
                    cols_.append(j)
        self.cue_map_ = sp.csr_matrix(
            (np.ones(len(rows_), dtype=np.float32), (rows_, cols_)),
            shape=(self.n_ngrams_, len(CUE_CATEGORIES)),
        )
        self.n_features_out_ = self.n_ngrams_ + (len(self._cue_names()) if self.cues else 0)
        return self

    def _ngram_names(self) -> list[str]:
        uni = [t for t, i in sorted(self.unigrams_.items(), key=lambda kv: kv[1]) if i >= 0]
        n = len(uni)
        bi = [f"{uni[c // n]} {uni[c % n]}" for c in self.bigram_codes_.tolist()]
        return uni + bi

    def _cue_names(self) -> list[str]:
        return cue_names()

    def _cue_block(self, counts: sp.csr_matrix) -> np.ndarray:
        present = counts.copy()
        present.data[:] = 1.0
        cat = np.asarray((present @ self.cue_map_).todense(), dtype=np.float32)
        length = np.asarray(counts.sum(axis=1), dtype=np.float32)
        return cue_block(cat, length, float(self.cue_weight))

    def transform(self, X) -> sp.csr_matrix:
        """Return the feature matrix, shape ``(n_sentences, n_features_out_)``."""
        check_is_fitted(self, "unigrams_")
        texts = check_texts(X, "X", allow_empty=False)
        counts = self._counts(texts)
        ngrams = self.idf_.transform(counts)
        if not self.cues:
            return ngrams.tocsr()
        return sp.hstack([ngrams, sp.csr_matrix(self._cue_block(counts))], format="csr")

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        """Names of the output features: n-grams, then ``cue:*`` style cues."""
        check_is_fitted(self, "unigrams_")
        names = self._ngram_names()
        if self.cues:
            names += self._cue_names()
        return np.asarray(names, dtype=object)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        tags.requires_fit = True
        # Text in, float32 counts out: there is no input dtype to preserve.
        tags.transformer_tags.preserves_dtype = []
        return tags
