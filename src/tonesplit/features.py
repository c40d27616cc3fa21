"""Sentence features: word n-grams plus the project's own style cues.

One tokenisation pass feeds everything. Quoted speech and numbers are first
rewritten into marker tokens (the words inside a long quotation are someone
else's voice, so their evaluative words must not count as the author's).
The n-gram counts then give both the TF-IDF block and, through a fixed sparse
map from vocabulary entries to lexicon categories, the style-cue block.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer
from sklearn.utils.validation import check_is_fitted

from ._validation import check_texts

__all__ = ["ToneFeatures", "CUE_CATEGORIES", "lexicon"]

#: Lexicon categories shipped as package data (``tonesplit/data/lexicons``).
CUE_CATEGORIES: tuple[str, ...] = (
    "hedge",
    "intensifier",
    "modal",
    "evaluative",
    "reflective",
    "first_person",
    "second_person",
    "speech",
    "temporal",
    "report",
)

# Interactions that flip under attribution: a judgement next to "said" or a
# named speaker is usually reported, not the author's own.
_INTERACTIONS: tuple[tuple[str, str], ...] = (
    ("evaluative", "speech"),
    ("modal", "speech"),
    ("hedge", "speech"),
    ("first_person", "speech"),
)

# Marker tokens (lower-case words that cannot occur in ordinary text).
QUOTE_LONG = "zzquote"  # a quotation of four or more words: reported speech
QUOTE_SHORT = "zzscare"  # one to three quoted words: often scare quotes
NUMBER = "zznum"
NAME = "zzname"
QUESTION = "zzquestion"
EXCLAIM = "zzexclaim"

# A quotation, bounded in length so that a stray quote mark cannot make the
# scan quadratic. Four or more words: reported speech; fewer: scare quotes.
_QUOTE = re.compile(r"[\"“]([^\"“”\n]{1,600})[\"”]")
_NUMBER = re.compile(r"\d+(?:[.,:]\d+)*")
# A capitalised word that does not open the sentence: a proper name.
_NAME = re.compile(r"(?<=[\w,;)] )[A-Z][\w’'-]+")
_QMARK = re.compile(r"\?")
_EXCL = re.compile(r"!")

TOKEN_PATTERN = r"(?u)\b\w[\w’'-]*\b"


def _quote_marker(m: re.Match) -> str:
    inner = m.group(1)
    return f" {QUOTE_LONG} " if inner.count(" ") >= 3 else f" {QUOTE_SHORT} {inner} "


def _prepare(text: str) -> str:
    """Rewrite quotes, numbers, names and final punctuation into marker tokens."""
    text = _QUOTE.sub(_quote_marker, text)
    text = _NAME.sub(lambda m: f"{NAME} {m.group()}", text)
    text = _NUMBER.sub(f" {NUMBER} ", text)
    text = _QMARK.sub(f" {QUESTION} ", text)
    return _EXCL.sub(f" {EXCLAIM} ", text)


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
    ngram_range : tuple of int, default=(1, 2)
        Word n-gram sizes.
    min_df : int, default=2
        Minimum document frequency of an n-gram in the training sentences.
    max_features : int or None, default=None
        Keep only the most frequent n-grams.
    cues : bool, default=True
        Add the style-cue block (lexicon counts, attribution interactions,
        sentence length).
    cue_weight : float, default=1.0
        Scale of the cue block relative to the unit-norm n-gram block.
    mark : bool, default=True
        Rewrite quotations, numbers, proper names and ``?``/``!`` into
        marker tokens before counting.

    Attributes
    ----------
    vectorizer_ : CountVectorizer
        The fitted n-gram counter (vocabulary = training n-grams plus lexicon terms).
    tfidf_ : TfidfTransformer
    cue_map_ : scipy.sparse.csr_matrix of shape (n_vocabulary, n_categories)
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
        max_features: int | None = None,
        cues: bool = True,
        cue_weight: float = 1.0,
        mark: bool = True,
    ):
        self.ngram_range = ngram_range
        self.min_df = min_df
        self.max_features = max_features
        self.cues = cues
        self.cue_weight = cue_weight
        self.mark = mark

    def _prepared(self, X) -> list[str]:
        texts = check_texts(X, "X")
        return [_prepare(t) for t in texts] if self.mark else texts

    def fit(self, X, y=None):
        """Learn the n-gram vocabulary, IDF weights and the cue map."""
        texts = self._prepared(X)
        if not texts:
            raise ValueError("X is empty: ToneFeatures needs at least one sentence to fit")
        base = CountVectorizer(
            token_pattern=TOKEN_PATTERN,
            ngram_range=self.ngram_range,
            min_df=min(self.min_df, len(texts)),
            max_features=self.max_features,
            dtype=np.float32,
        ).fit(texts)
        vocab = dict(base.vocabulary_)
        if self.cues:
            lo, hi = self.ngram_range
            for cat in CUE_CATEGORIES:
                for term in lexicon(cat):
                    if lo <= term.count(" ") + 1 <= hi:
                        vocab.setdefault(term, len(vocab))
        self.vectorizer_ = CountVectorizer(
            token_pattern=TOKEN_PATTERN,
            ngram_range=self.ngram_range,
            vocabulary=vocab,
            dtype=np.float32,
        )
        counts = self.vectorizer_.transform(texts)
        self.tfidf_ = TfidfTransformer(sublinear_tf=True).fit(counts)
        rows, cols = [], []
        for j, cat in enumerate(CUE_CATEGORIES):
            for term in lexicon(cat):
                if term in vocab:
                    rows.append(vocab[term])
                    cols.append(j)
        self.cue_map_ = sp.csr_matrix(
            (np.ones(len(rows), dtype=np.float32), (rows, cols)),
            shape=(len(vocab), len(CUE_CATEGORIES)),
        )
        self.n_features_out_ = len(vocab) + (len(self._cue_names()) if self.cues else 0)
        return self

    def _cue_names(self) -> list[str]:
        names = [f"cue:{c}" for c in CUE_CATEGORIES]
        names += [f"cue:{a}+{b}" for a, b in _INTERACTIONS]
        return names + ["cue:length"]

    def _cue_block(self, counts: sp.csr_matrix) -> np.ndarray:
        present = counts.copy()
        present.data[:] = 1.0
        cat = np.asarray((present @ self.cue_map_).todense(), dtype=np.float32)
        idx = {c: i for i, c in enumerate(CUE_CATEGORIES)}
        inter = [np.minimum(cat[:, idx[a]], cat[:, idx[b]]) for a, b in _INTERACTIONS]
        length = np.asarray(counts.sum(axis=1), dtype=np.float32)
        block = np.hstack([cat, np.column_stack(inter), np.log1p(length) / 4.0])
        return np.log1p(block) * self.cue_weight

    def transform(self, X) -> sp.csr_matrix:
        """Return the feature matrix, shape ``(n_sentences, n_features_out_)``."""
        check_is_fitted(self, "vectorizer_")
        counts = self.vectorizer_.transform(self._prepared(X))
        ngrams = self.tfidf_.transform(counts)
        if not self.cues:
            return ngrams.tocsr()
        return sp.hstack([ngrams, sp.csr_matrix(self._cue_block(counts))], format="csr")

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        """Names of the output features: n-grams, then ``cue:*`` style cues."""
        check_is_fitted(self, "vectorizer_")
        names = list(self.vectorizer_.get_feature_names_out())
        if self.cues:
            names += self._cue_names()
        return np.asarray(names, dtype=object)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        tags.requires_fit = True
        return tags
