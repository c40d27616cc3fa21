"""The accurate tier's model file: named arrays in one ``.npz``, no pickle.

The ONNX graph and ``tokenizer.json`` are stored as uint8 arrays beside the
head and calibration, and the metadata as UTF-8 JSON in a uint8 array. The
card beside the file (same name, ``.json``) records its sha256, which is
checked before anything is read; NumPy reads the arrays with
``allow_pickle=False``, so a pickle dressed up as a model is refused.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

import numpy as np

from ..errors import ModelFileError, ModelVersionError

__all__ = ["save_encoder_model", "load_encoder_model", "FORMAT"]

FORMAT = "tonesplit-encoder-npz/1"
_ARRAYS = ("onnx", "tokenizer", "coef", "intercept", "calibration", "train_prior", "meta")


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _bytes_array(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype=np.uint8)


def save_encoder_model(model, path: str | os.PathLike, *, card: dict | None = None) -> dict:
    """Write a fitted `EncoderClassifier` to ``path`` and its card beside it.

    Returns the card (with the file's sha256).
    """
    from sklearn.utils.validation import check_is_fitted

    check_is_fitted(model, "calibration_")
    path = Path(path)
    if path.suffix != ".npz":
        raise ValueError(f"an accurate-tier model file ends in .npz, got {path.name!r}")
    f = model.features
    cascade = None if model.cascade is None else [float(v) for v in model.cascade]
    meta = {"format": FORMAT, "max_length": f.max_length, "threshold": model.threshold,
            "prior": model.prior, "cascade": cascade}
    arrays = {
        "onnx": _bytes_array(bytes(f.onnx_model)),
        "tokenizer": _bytes_array(f.tokenizer.encode("utf-8")),
        "coef": np.asarray(model.coef_, np.float64),
        "intercept": np.asarray([model.intercept_], np.float64),
        "calibration": np.asarray(model.calibration_, np.float64),
        "train_prior": np.asarray([model.train_prior_], np.float64),
        "meta": _bytes_array(json.dumps(meta, sort_keys=True).encode("utf-8")),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp.npz")
    os.close(fd)
    try:
        np.savez(tmp, **arrays)  # type: ignore[arg-type]
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    card = {**(card or {}), "format": FORMAT, "sha256": _sha256(path),
            "bytes": path.stat().st_size}
    card_file = path.with_suffix(".json")
    tmp_card = card_file.with_suffix(".json.tmp")
    tmp_card.write_text(json.dumps(card, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(tmp_card, card_file)
    return card


def _refuse_format(card_file: Path, got) -> None:
    """A later ``tonesplit-encoder-npz/N`` is a `ModelVersionError`, anything else a `ModelFileError`."""
    prefix, _, number = FORMAT.rpartition("/")
    if isinstance(got, str) and got.startswith(prefix + "/"):
        later = got[len(prefix) + 1:]
        if later.isdigit() and int(later) > int(number):
            from .._version import __version__

            raise ModelVersionError(
                f"{card_file} names format {got!r}; tonesplit {__version__} reads {FORMAT!r}: "
                "upgrade tonesplit (pip install -U tonesplit)")
    raise ModelFileError(f"{card_file} names format {got!r}, not {FORMAT!r}")


def load_encoder_model(path: str | os.PathLike, *, threads: int | None = None):
    """Read a file written by `save_encoder_model` (sha256 checked against its card)."""
    from ._cascade import check_cascade
    from ._classifier import EncoderClassifier
    from ._runtime import EncoderFeatures

    path = Path(path)
    card_file = path.with_suffix(".json")
    if not path.is_file():
        raise ModelFileError(f"model file {path} does not exist")
    try:
        card = json.loads(card_file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelFileError(f"model card {card_file} is missing or not JSON: {exc}") from None
    if card.get("format") != FORMAT:
        _refuse_format(card_file, card.get("format"))
    got = _sha256(path)
    if got != card.get("sha256"):
        raise ModelFileError(
            f"{path} does not match its card: sha256 {got[:12]}... but the card says "
            f"{str(card.get('sha256'))[:12]}...; the file is damaged or was replaced")
    try:
        with np.load(path, allow_pickle=False) as z:
            missing = sorted(set(_ARRAYS) - set(z.files))
            if missing:
                raise ModelFileError(f"{path} lacks the arrays {missing}")
            a = {k: z[k] for k in _ARRAYS}
        meta = json.loads(a["meta"].tobytes().decode("utf-8"))
        cascade = check_cascade(meta.get("cascade"))
    except ModelFileError:
        raise
    except Exception as exc:
        raise ModelFileError(f"{path} is not a readable model file: {exc}") from None
    features = EncoderFeatures(a["onnx"].tobytes(), a["tokenizer"].tobytes().decode("utf-8"),
                               max_length=int(meta["max_length"]), threads=threads)
    model = EncoderClassifier(features, head_weight=a["coef"], head_bias=float(a["intercept"][0]),
                              threshold=float(meta["threshold"]), prior=meta["prior"],
                              cascade=cascade)
    model.coef_ = a["coef"]
    model.intercept_ = float(a["intercept"][0])
    model.calibration_ = (float(a["calibration"][0]), float(a["calibration"][1]))
    model.train_prior_ = float(a["train_prior"][0])
    model.classes_ = np.array(["factual", "reflective"], dtype=object)
    model.n_features_in_ = 1
    model.card_ = card
    return model
