"""The accurate tier's model file: the tonesplit model format, kind ``EncoderClassifier``.

The same container as the fast tier (`tonesplit._modelfile`: one
safetensors file of named arrays plus JSON metadata, checksummed, written
atomically, never unpickled; see ``docs/model-format.md``). The ONNX graph
and ``tokenizer.json`` are stored as ``uint8`` arrays beside the head and
the calibration; the card goes in the metadata and beside the file (same
name, ``.json``) with the file's sha256, which `load_encoder_model` checks
whenever the card is there (always, for the shipped tier).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ModelFileError

__all__ = ["KIND", "encoder_arrays", "from_checked_file", "load_encoder_model",
           "restore_encoder", "save_encoder_model"]

#: The ``kind`` of an accurate-tier file (`tonesplit._modelfile.check_kind`).
KIND = "tonesplit.EncoderClassifier"
_ARRAYS = ("onnx", "tokenizer", "coef", "intercept", "calibration", "train_prior")
_NPZ = ("{path}: accurate-tier .npz files came from development builds of tonesplit 0.2 "
        "and are no longer read; retrain with `tonesplit train --tier accurate --output "
        "MODEL.safetensors`")


def _bytes_array(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype=np.uint8)


def encoder_arrays(model) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """The arrays and metadata of a fitted `EncoderClassifier`."""
    from sklearn.utils.validation import check_is_fitted

    check_is_fitted(model, "calibration_")
    f = model.features
    cascade = None if model.cascade is None else [float(v) for v in model.cascade]
    meta = {"kind": KIND, "max_length": int(f.max_length), "threshold": float(model.threshold),
            "prior": None if model.prior is None else float(model.prior), "cascade": cascade}
    arrays = {
        "onnx": _bytes_array(bytes(f.onnx_model)),
        "tokenizer": _bytes_array(f.tokenizer.encode("utf-8")),
        "coef": np.asarray(model.coef_, np.float64),
        "intercept": np.asarray([model.intercept_], np.float64),
        "calibration": np.asarray(model.calibration_, np.float64),
        "train_prior": np.asarray([model.train_prior_], np.float64),
    }
    return arrays, meta


def save_encoder_model(model, path: str | os.PathLike, *, card: dict | None = None) -> dict:
    """Write a fitted `EncoderClassifier` to ``path`` and its card beside it.

    Returns the card (with the file's sha256 and size).
    """
    from ..persist import write_model

    if Path(path).suffix == ".npz":
        raise ValueError(f"{path}: the accurate tier is saved in the tonesplit model format; "
                         "name the file e.g. 'tonesplit-accurate.safetensors'")
    arrays, meta = encoder_arrays(model)
    versions = {"onnxruntime": _version("onnxruntime"), "tokenizers": _version("tokenizers")}
    return write_model(path, arrays, meta, dict(card or {}),
                       extra_versions={k: v for k, v in versions.items() if v})


def _version(package: str) -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return None


def restore_encoder(arrays: dict[str, np.ndarray], meta: dict[str, Any], *,
                    threads: int | None = None):
    """An `EncoderClassifier` from the arrays and metadata `encoder_arrays` gave."""
    from ._cascade import check_cascade
    from ._classifier import EncoderClassifier
    from ._runtime import EncoderFeatures

    missing = sorted(set(_ARRAYS) - set(arrays))
    if missing:
        raise KeyError(f"the arrays {missing} are missing")
    features = EncoderFeatures(arrays["onnx"].tobytes(),
                               arrays["tokenizer"].tobytes().decode("utf-8"),
                               max_length=int(meta["max_length"]), threads=threads)
    model = EncoderClassifier(features, head_weight=arrays["coef"],
                              head_bias=float(arrays["intercept"][0]),
                              threshold=float(meta["threshold"]), prior=meta["prior"],
                              cascade=check_cascade(meta.get("cascade")))
    model.coef_ = arrays["coef"]
    model.intercept_ = float(arrays["intercept"][0])
    model.calibration_ = (float(arrays["calibration"][0]), float(arrays["calibration"][1]))
    model.train_prior_ = float(arrays["train_prior"][0])
    model.classes_ = np.array(["factual", "reflective"], dtype=object)
    model.n_features_in_ = 1
    model.card_ = meta.get("card", {})
    return model


def load_encoder_model(path: str | os.PathLike, *, threads: int | None = None,
                       trusted: bool = False, need_card: bool = False):
    """Read a file written by `save_encoder_model`, after every check of the format.

    Parameters
    ----------
    path : str or path-like
    threads : int, optional
        onnxruntime's intra-op threads (default: its own choice).
    trusted : bool, default=False
        Skip the sha256 check against the card beside the file.
    need_card : bool, default=False
        Refuse a file without a card beside it (the shipped tier).

    Raises
    ------
    ModelFileError
        Missing, damaged or lying file or card; a model of another kind.
    ModelVersionError
        A later format or kind (upgrade tonesplit).
    """
    from .._modelfile import check_kind
    from ..persist import read_model_file

    path = Path(path)
    if path.suffix == ".npz":
        raise ModelFileError(_NPZ.format(path=path))
    arrays, meta = read_model_file(path, trusted=trusted, need_card=need_card)
    check_kind(path, meta, KIND)
    return from_checked_file(path, arrays, meta, threads=threads)


def from_checked_file(path: Path, arrays: dict, meta: dict, *, threads: int | None = None):
    """`restore_encoder` of a file already read and checked, and its graph and tokenizer
    opened, so that a file that cannot label is refused here, not at first use.

    A bad model is a `ModelFileError`; a missing onnxruntime or tokenizers an
    ImportError that names the extra to install.
    """
    try:
        for key in ("threshold", "max_length"):
            _number(meta.get(key), key)
        if meta.get("prior") is not None and not 0 < _number(meta["prior"], "prior") < 1:
            raise ValueError(f"its prior is {meta['prior']!r}, not a share in (0, 1)")
        model = restore_encoder(arrays, meta, threads=threads)
        if model.coef_.shape != (model.features.dim,):
            raise ValueError(f"its head has {model.coef_.shape} weights for "
                             f"{model.features.dim}-dimensional sentence vectors")
    except ImportError:
        raise
    except ModelFileError:
        raise
    except Exception as exc:  # (onnxruntime and tokenizers raise their own types)
        raise ModelFileError(f"{path}: its arrays and metadata do not make an accurate-tier "
                             f"model ({type(exc).__name__}: {exc}); save it again") from None
    return model


def _number(value, key: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"its {key} is {value!r}, not a number")
    return float(value)
