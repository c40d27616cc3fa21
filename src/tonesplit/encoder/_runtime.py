"""The encoder at label time: onnxruntime and the `tokenizers` tokenizer, no torch."""

from __future__ import annotations

import threading
from collections.abc import Sequence

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin

__all__ = ["EncoderFeatures"]


def _require(name: str):
    import importlib

    try:
        return importlib.import_module(name)
    except ImportError as exc:
        raise ImportError(
            f"the accurate tier needs {name}: pip install 'tonesplit[accurate]'") from exc


class EncoderFeatures(TransformerMixin, BaseEstimator):
    """Sentence vectors from an ONNX encoder: mean-pooled last hidden layer.

    Parameters
    ----------
    onnx_model : bytes
        The serialised ONNX graph (inputs ``input_ids`` and
        ``attention_mask``, output ``embedding``), e.g. from
        `tonesplit.encoder.export_onnx`.
    tokenizer : str
        The tokenizer as ``tokenizer.json`` text (the `tokenizers` library).
    max_length : int, default=64
        Sentences are cut at this many tokens, as in training.
    batch_size : int, default=64
        Sentences per onnxruntime call; sentences are batched by length so
        that little padding is computed.
    threads : int or None, default=None
        onnxruntime's intra-op threads (None: its default, all cores).

    Examples
    --------
    >>> from tonesplit.encoder import EncoderFeatures  # doctest: +SKIP
    >>> EncoderFeatures(onnx_bytes, tokenizer_json).transform(["It rained."]).shape  # doctest: +SKIP
    (1, 384)
    """

    def __init__(self, onnx_model: bytes = b"", tokenizer: str = "", max_length: int = 64,
                 batch_size: int = 64, threads: int | None = None):
        self.onnx_model = onnx_model
        self.tokenizer = tokenizer
        self.max_length = max_length
        self.batch_size = batch_size
        self.threads = threads

    def fit(self, X=None, y=None):
        """Nothing to learn (the encoder is trained elsewhere); checks the parameters."""
        self._runtime()
        self.n_features_in_ = 1
        return self

    def _runtime(self):
        key = (id(self.onnx_model), id(self.tokenizer), self.max_length, self.threads)
        cached = getattr(self, "_cache", None)
        if cached is not None and cached[0] == key:
            return cached[1], cached[2]
        with _LOCK:
            ort = _require("onnxruntime")
            tokenizers = _require("tokenizers")
            if not isinstance(self.onnx_model, (bytes, bytearray)) or not self.onnx_model:
                raise ValueError("onnx_model must be the non-empty bytes of an ONNX graph")
            if not isinstance(self.tokenizer, str) or not self.tokenizer:
                raise ValueError("tokenizer must be the text of a tokenizer.json")
            if not isinstance(self.max_length, int) or self.max_length < 2:
                raise ValueError(f"max_length must be an int >= 2, got {self.max_length!r}")
            opts = ort.SessionOptions()
            if self.threads is not None:
                opts.intra_op_num_threads = int(self.threads)
                opts.inter_op_num_threads = 1
            session = ort.InferenceSession(bytes(self.onnx_model), opts,
                                           providers=["CPUExecutionProvider"])
            tok = tokenizers.Tokenizer.from_str(self.tokenizer)
            tok.enable_truncation(self.max_length)
            tok.no_padding()
            self._cache = (key, session, tok)
        return session, tok

    @property
    def dim(self) -> int:
        """The length of a sentence vector."""
        session, _ = self._runtime()
        return int(session.get_outputs()[0].shape[-1])

    def transform(self, X: Sequence[str]) -> np.ndarray:
        """One float32 vector per sentence, shape ``(len(X), dim)``."""
        texts = list(X)
        if not all(isinstance(t, str) for t in texts):
            bad = next(type(t).__name__ for t in texts if not isinstance(t, str))
            raise TypeError(f"X must hold strings, got a {bad}")
        session, tok = self._runtime()
        out = np.zeros((len(texts), self.dim), np.float32)
        if not texts:
            return out
        encs = tok.encode_batch(texts, add_special_tokens=True)
        lengths = np.fromiter((len(e.ids) for e in encs), np.int64, len(encs))
        order = np.argsort(lengths, kind="stable")
        for s in range(0, len(order), self.batch_size):
            idx = order[s:s + self.batch_size]
            width = int(lengths[idx].max())
            ids = np.zeros((len(idx), width), np.int64)
            mask = np.zeros((len(idx), width), np.int64)
            for r, i in enumerate(idx):
                n = lengths[i]
                ids[r, :n] = encs[i].ids
                mask[r, :n] = 1
            out[idx] = session.run(["embedding"], {"input_ids": ids, "attention_mask": mask})[0]
        return out

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        tags.requires_fit = False
        return tags


_LOCK = threading.Lock()
