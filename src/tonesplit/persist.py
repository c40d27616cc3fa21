"""Saving and safely loading models: data files, checked, never unpickled.

A model file is arrays plus JSON (see `tonesplit._modelfile` for the format
and `tonesplit._model_arrays` for what a ToneClassifier stores). It carries
its own checksum, so a damaged file is refused on its own; the model card
beside it (``<name>.json``) records the sha256 of the whole file, which is
checked whenever the card is there (always, for the shipped model).

Saving writes the model file atomically (one file, renamed into place) and
then the card; the stale card is removed first, so a crash at any point
leaves either the old model or a new one that loads.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import tempfile
from importlib import resources
from pathlib import Path
from typing import Any

from ._version import __version__
from .errors import ModelFileError

__all__ = ["card_path", "library_versions", "read_model_file", "save_model", "sha256_of",
           "write_model"]

#: File name of the shipped model inside the package's ``models`` folder.
SHIPPED_NAME = "tonesplit-model.safetensors"
_OLD_FORMAT = (
    "tonesplit 0.2 loads model files that are data (.safetensors); a 0.1 .joblib pickle is "
    "not unpickled. Retrain it with `tonesplit train --output MODEL.safetensors`, or load it "
    "with tonesplit 0.1 and save it again with 0.2."
)


def sha256_of(path: str | os.PathLike) -> str:
    """The sha256 hex digest of a file."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def card_path(model_path: str | os.PathLike) -> Path:
    """Where the model card of a model file lives (same name, ``.json``)."""
    return Path(model_path).with_suffix(".json")


def library_versions() -> dict[str, str]:
    """Versions of the libraries installed when a model is saved (for the card)."""
    import numpy
    import scipy
    import sklearn

    return {
        "tonesplit": __version__,
        "scikit-learn": sklearn.__version__,
        "numpy": numpy.__version__,
        "scipy": scipy.__version__,
    }


def _write_text_atomically(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.chmod(tmp, 0o644)  # mkstemp makes it 0600; a model is meant to be read
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def save_model(model, path, *, card: dict | None = None) -> dict:
    """Write a fitted ToneClassifier to ``path`` (one data file) and its card beside it."""
    from ._model_arrays import classifier_arrays

    _check_save_path(path)  # (before the arrays are built; write_model checks it too)
    arrays, meta = classifier_arrays(model)
    return write_model(path, arrays, meta, {**(card or {}), "params": meta["params"]})


def _check_save_path(path) -> None:
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be a str or os.PathLike, got {type(path).__name__}")
    if Path(path).suffix in (".json", ".md"):
        raise ValueError(
            f"path {str(path)!r} ends in {Path(path).suffix}, which is where the model card "
            "goes; save the model as e.g. 'model.safetensors'"
        )


def write_model(path, arrays: dict, meta: dict, card: dict, *,
                extra_versions: dict[str, str] | None = None) -> dict:
    """Write a model's arrays and metadata to ``path`` and its card beside it.

    The one writer of both tiers. The card goes inside the file's metadata
    too (so the file describes itself) and, with the file's sha256 and size,
    beside it; the stale card is removed first. Its ``versions`` are those
    installed now (`library_versions`, plus ``extra_versions``), whatever
    ``card`` said. Returns the card.
    """
    from . import _modelfile

    _check_save_path(path)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    full = dict(card)
    full.update(
        {
            "file": path.name,
            "versions": {**(extra_versions or {}), **library_versions()},
            "created": full.get("created") or _dt.date.today().isoformat(),
        }
    )
    full.pop("sha256", None)
    full.pop("size_bytes", None)
    meta = {**meta, "card": json.loads(json.dumps(full, default=str))}
    card_file = card_path(path)
    card_file.unlink(missing_ok=True)  # a stale card would refuse the new file
    _modelfile.write(path, arrays, meta)
    full.update({"sha256": sha256_of(path), "size_bytes": path.stat().st_size})
    _write_text_atomically(card_file, json.dumps(full, indent=2, default=str) + "\n")
    return full


def _check_card(card: Any, card_file: Path) -> dict[str, Any]:
    """A card must be an object whose sha256 and versions have the right types."""
    problem = None
    if not isinstance(card, dict):
        problem = f"it holds a {type(card).__name__}, not an object"
    elif "sha256" in card and not isinstance(card["sha256"], str):
        problem = "its sha256 is not a string"
    elif not isinstance(card.get("versions", {}), dict):
        problem = "its versions entry is not an object"
    elif not all(isinstance(v, str) for v in card.get("versions", {}).values()):
        problem = "a version in it is not a string"
    if problem:
        raise ModelFileError(f"model card {card_file} is malformed: {problem}")
    return card


def read_model_file(path: Path, *, trusted: bool = False,
                    need_card: bool = False) -> tuple[dict, dict]:
    """The arrays and metadata of a model file, after every check.

    The file's own checksum is always checked. The card beside it, when
    there (or when ``need_card``), must record the file's sha256, unless
    ``trusted`` (your own file, whose card you edited).
    """
    from . import _modelfile

    if not path.is_file():
        raise ModelFileError(f"no model file at {path}")
    card_file = card_path(path)
    if card_file.is_file():
        try:
            card = json.loads(card_file.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError) as err:
            raise ModelFileError(f"model card {card_file} is not valid JSON: {err}") from None
        card = _check_card(card, card_file)
        if not trusted:
            if "sha256" not in card:
                raise ModelFileError(f"model card {card_file} records no sha256 of {path.name}")
            digest = sha256_of(path)
            if digest != card["sha256"]:
                raise ModelFileError(
                    f"{path} does not match its model card (sha256 {digest[:12]}... != "
                    f"{card['sha256'][:12]}...): the file was modified, truncated or replaced. "
                    "Refusing to load it; restore the file, or pass trusted=True if you "
                    "know where it came from."
                )
    elif need_card:
        raise ModelFileError(f"{path} has no model card ({card_file.name}) with its sha256")
    with open(path, "rb") as f:
        magic = f.read(2)
    if magic[:1] in (b"\x80", b"\x78") or path.suffix in (".joblib", ".pkl", ".pickle"):
        # pickle protocol 2+ and zlib (joblib's compression) both start so
        try:
            return _modelfile.read(path)
        except ModelFileError:
            raise ModelFileError(f"{path} is not a tonesplit model file. {_OLD_FORMAT}") from None
    return _modelfile.read(path)


def shipped_card() -> dict:
    """The model card of the shipped model."""
    ref = resources.files("tonesplit") / "models" / card_path(SHIPPED_NAME).name
    return json.loads(ref.read_text(encoding="utf-8"))


def shipped_model_path():
    """A context manager giving the shipped model file as a path."""
    return resources.as_file(resources.files("tonesplit") / "models" / SHIPPED_NAME)
