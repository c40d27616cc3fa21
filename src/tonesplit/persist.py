"""Saving and safely loading models.

A joblib file is code when unpickled, so a model is loaded only when its
sha256 matches the model card beside it (``<name>.json``), unless the caller
says ``trusted=True`` for a file of their own. Library versions are checked
before unpickling (from the card) and after (scikit-learn's own warning).
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import tempfile
import warnings
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import joblib

from ._version import __version__
from .errors import ModelFileError, ModelVersionError

if TYPE_CHECKING:
    from sklearn.base import BaseEstimator

__all__ = ["save_model", "card_path", "sha256_of", "library_versions"]

SHIPPED_NAME = "tonesplit-model.joblib"
_REMEDY = (
    "Retrain it with the installed libraries (`tonesplit train --output MODEL.joblib`), "
    "or install the versions the card names (the shipped model supports "
    "scikit-learn {want}.x)."
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
    """Versions of the libraries a pickled model depends on."""
    import numpy
    import scipy
    import sklearn

    return {
        "tonesplit": __version__,
        "scikit-learn": sklearn.__version__,
        "numpy": numpy.__version__,
        "scipy": scipy.__version__,
        "joblib": joblib.__version__,
    }


def _minor(version: str) -> str:
    return ".".join(version.split(".")[:2])


def save_model(model: BaseEstimator, path, *, card: dict | None = None) -> dict:
    """Write ``model`` to ``path`` atomically and its card beside it."""
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be a str or os.PathLike, got {type(path).__name__}")
    path = Path(path)
    if path.suffix in (".json", ".md"):
        raise ValueError(
            f"path {str(path)!r} ends in {path.suffix}, which is where the model card goes; "
            "save the model as e.g. 'model.joblib'"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    os.close(fd)
    try:
        joblib.dump(model, tmp, compress=3)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    full = dict(card or {})
    full.update(
        {
            "file": path.name,
            "sha256": sha256_of(path),
            "size_bytes": path.stat().st_size,
            "versions": library_versions(),
            "created": full.get("created") or _dt.date.today().isoformat(),
            "params": {k: (list(v) if isinstance(v, tuple) else v)
                       for k, v in model.get_params().items()},
        }
    )
    card_path(path).write_text(json.dumps(full, indent=2, default=str) + "\n", encoding="utf-8")
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


def _check_versions(card: dict[str, Any], path: Path) -> None:
    import sklearn

    want = card.get("versions", {}).get("scikit-learn")
    if want and _minor(want) != _minor(sklearn.__version__):
        raise ModelVersionError(
            f"{path.name} was saved with scikit-learn {want}, but {sklearn.__version__} "
            "is installed; a pickled model is not portable across scikit-learn minor "
            "versions. " + _REMEDY.format(want=_minor(want))
        )


def _load_file(path: Path, trusted: bool) -> Any:
    """The object in a checked model file (its type is checked by `tonesplit.model.load_model`)."""
    from sklearn.exceptions import InconsistentVersionWarning

    if not path.is_file():
        raise ModelFileError(f"no model file at {path}")
    card_file = card_path(path)
    card = None
    if card_file.is_file():
        try:
            card = json.loads(card_file.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError) as err:
            raise ModelFileError(f"model card {card_file} is not valid JSON: {err}") from None
        card = _check_card(card, card_file)
    if not trusted:
        if card is None or "sha256" not in card:
            raise ModelFileError(
                f"{path} has no model card with a sha256 ({card_file.name}); refusing to "
                "unpickle an unknown file. If you made it yourself, load it with "
                "load_model(path, trusted=True)."
            )
        digest = sha256_of(path)
        if digest != card["sha256"]:
            raise ModelFileError(
                f"{path} does not match its model card (sha256 {digest[:12]}... != "
                f"{card['sha256'][:12]}...): the file was modified, truncated or replaced. "
                "Refusing to load it; restore the file, or pass trusted=True if you "
                "know where it came from."
            )
    if card is not None:
        _check_versions(card, path)
    with warnings.catch_warnings():
        warnings.simplefilter("error", InconsistentVersionWarning)
        try:
            model = joblib.load(path)
        except InconsistentVersionWarning as w:
            raise ModelVersionError(
                f"{path.name} was pickled with scikit-learn {w.original_sklearn_version}, "
                f"installed is {w.current_sklearn_version}. "
                + _REMEDY.format(want=_minor(w.original_sklearn_version))
            ) from None
        except Exception as err:
            # A damaged file can make the unpickler raise almost anything
            # (UnpicklingError, EOFError, struct.error, zlib.error, ...).
            raise ModelFileError(
                f"{path} could not be read as a model ({type(err).__name__}: {err}); "
                "it may be truncated or not a joblib file"
            ) from None
    return model


def shipped_card() -> dict:
    """The model card of the shipped model."""
    ref = resources.files("tonesplit") / "models" / card_path(SHIPPED_NAME).name
    return json.loads(ref.read_text(encoding="utf-8"))


def shipped_model_path():
    """A context manager giving the shipped model file as a path."""
    return resources.as_file(resources.files("tonesplit") / "models" / SHIPPED_NAME)
