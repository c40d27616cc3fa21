"""The model file: named arrays plus JSON metadata, stored as data, never as code.

A tonesplit model file is a `safetensors <https://huggingface.co/docs/safetensors>`_
file: an 8-byte little-endian header length, a JSON header naming each
array's dtype, shape and byte range, then the raw array bytes. It holds no
code, so reading it runs none; it does not depend on the scikit-learn version
that trained the model.

Layout
------
- **arrays**: any number of named numeric arrays (``bool``, ``uint8``,
  ``int32``, ``int64``, ``float32``, ``float64``...). Text (a vocabulary, a
  tokenizer's JSON, an ONNX graph) is stored as ``uint8`` bytes, with an
  ``int64`` array of offsets where there are many strings.
- **metadata**: one JSON object, stored under the header's ``__metadata__``
  key ``"tonesplit"``. `write` adds ``"format"`` (this module's
  `FORMAT_VERSION`) and ``"arrays_sha256"``: the sha256 over every array's
  name, dtype, shape and bytes, in name order. `read` recomputes it and
  refuses a file whose arrays do not match it, so a file that was truncated,
  edited, or whose header lies about its arrays is an error, not a model.

Adding a kind of model (an embedding table, an ONNX encoder and its
``tokenizer.json``) means adding arrays and metadata keys; the container and
its checks stay the same. A sidecar card (``<name>.json``, for people and
tools) may record the sha256 of the whole file; `tonesplit.persist` checks it.

Examples
--------
>>> import tempfile, pathlib, numpy as np
>>> from tonesplit import _modelfile
>>> path = pathlib.Path(tempfile.mkdtemp()) / "m.safetensors"
>>> _modelfile.write(path, {"coef": np.array([0.5, -1.0])}, {"kind": "demo"})
>>> arrays, meta = _modelfile.read(path)
>>> arrays["coef"].tolist(), meta["kind"], meta["format"]
([0.5, -1.0], 'demo', 1)
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from ._version import __version__
from .errors import ModelFileError, ModelVersionError

__all__ = ["FORMAT_VERSION", "KNOWN_KINDS", "check_kind", "read", "write"]

#: The kinds of model this release reads: the fast tier (`tonesplit._model_arrays`)
#: and the accurate tier (`tonesplit.encoder._file`).
KNOWN_KINDS = frozenset({"tonesplit.ToneClassifier", "tonesplit.EncoderClassifier"})
#: Version of the layout above; `read` refuses files of a later one.
FORMAT_VERSION = 1
#: The header of a model is a few kilobytes; a larger one is refused unread.
MAX_HEADER_BYTES = 16 << 20
_KEY = "tonesplit"
_DTYPES = frozenset({"bool", "uint8", "int8", "uint16", "int16", "uint32", "int32", "uint64",
                     "int64", "float16", "float32", "float64"})


def _digest(arrays: Mapping[str, np.ndarray]) -> str:
    h = hashlib.sha256()
    for name in sorted(arrays):
        a = np.ascontiguousarray(arrays[name])
        h.update(json.dumps([name, a.dtype.str, list(a.shape)]).encode())
        h.update(a.tobytes())
    return h.hexdigest()


def _checked_arrays(arrays: Mapping[str, Any]) -> dict[str, np.ndarray]:
    if not isinstance(arrays, Mapping):
        raise TypeError(f"arrays must be a mapping of name to array, got {type(arrays).__name__}")
    out = {}
    for name, value in arrays.items():
        if not isinstance(name, str) or not name or name == "__metadata__":
            raise ValueError(f"array names must be non-empty strings, got {name!r}")
        a = np.asarray(value)
        if a.dtype.name not in _DTYPES:
            raise TypeError(f"array {name!r} has dtype {a.dtype}; store text as uint8 bytes")
        out[name] = np.ascontiguousarray(a.astype(a.dtype.newbyteorder("<"), copy=False))
    return out


def write(path: str | os.PathLike, arrays: Mapping[str, Any], metadata: Mapping[str, Any]) -> None:
    """Write ``arrays`` and ``metadata`` to ``path`` atomically, as one file.

    The file is written beside ``path`` and renamed over it, so a reader sees
    the old file or the new one, never a part.

    Parameters
    ----------
    path : str or path-like
    arrays : mapping of str to array-like
        Numeric arrays (no object or string dtype: store text as ``uint8``).
    metadata : mapping
        JSON-serialisable; ``"format"`` and ``"arrays_sha256"`` are set here.
    """
    from safetensors.numpy import save

    arrays = _checked_arrays(arrays)
    meta = dict(metadata)
    meta.update(format=FORMAT_VERSION, arrays_sha256=_digest(arrays))
    blob = save(arrays, metadata={_KEY: json.dumps(meta, sort_keys=True)})
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(blob)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)  # mkstemp makes it 0600; a model is meant to be read
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def read(path: str | os.PathLike) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """The arrays and metadata of a model file, checked; nothing in it is executed.

    Raises
    ------
    ModelFileError
        Not a model file (a pickle, junk), a header of absurd size, truncated
        or altered arrays, or metadata that does not match the arrays.
    ModelVersionError
        A later format version (a `ModelFileError` too).
    """
    path = Path(path)
    with open(path, "rb") as f:
        head = f.read(8)
        if len(head) < 8:
            raise ModelFileError(f"{path} is not a tonesplit model file (too short)")
        (n,) = struct.unpack("<Q", head)
        size = os.fstat(f.fileno()).st_size
        if n > MAX_HEADER_BYTES or n + 8 > size:
            raise ModelFileError(
                f"{path} is not a tonesplit model file: its header claims {n:,} bytes "
                f"(the file has {size:,}); it may be a pickle or another format, or truncated")
        f.seek(0)
        blob = f.read()
    try:
        header = json.loads(blob[8:8 + n])
        raw = header["__metadata__"][_KEY]
        meta = json.loads(raw)
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        raise ModelFileError(f"{path} is not a tonesplit model file: no tonesplit "
                             "metadata in its header") from None
    if not isinstance(meta, dict) or not isinstance(meta.get("format"), int):
        raise ModelFileError(f"{path}: its metadata is not a tonesplit model card")
    if meta["format"] > FORMAT_VERSION:
        raise ModelVersionError(
            f"{path} has model format {meta['format']}{_written_by(meta)}; tonesplit "
            f"{__version__} reads format {FORMAT_VERSION} and earlier: upgrade tonesplit "
            "(pip install -U tonesplit)")
    for name, spec in header.items():
        if name != "__metadata__" and (not isinstance(spec, dict)
                                       or _np_dtype(spec.get("dtype")) is None):
            raise ModelFileError(f"{path}: array {name!r} has no supported dtype")
    from safetensors import SafetensorError
    from safetensors.numpy import load

    try:
        arrays = load(blob)
    except (SafetensorError, ValueError, OverflowError) as err:
        raise ModelFileError(f"{path}: its arrays cannot be read ({err}); the file may be "
                             "truncated or damaged") from None
    if _digest(arrays) != meta.get("arrays_sha256"):
        raise ModelFileError(f"{path}: its arrays do not match the checksum in its metadata; "
                             "the file was truncated, altered or badly written")
    return arrays, meta


def check_kind(path: str | os.PathLike, meta: Mapping[str, Any], kind: str) -> None:
    """Refuse a file whose metadata names another ``kind`` of model than ``kind``.

    Raises
    ------
    ModelVersionError
        A tonesplit kind this release does not know (``"tonesplit.*"``): a
        later tonesplit wrote it.
    ModelFileError
        Any other kind, or none.
    """
    got = meta.get("kind")
    if got == kind:
        return
    if isinstance(got, str) and got in KNOWN_KINDS:
        raise ModelFileError(f"{path} holds a {got.removeprefix('tonesplit.')}, not the "
                             f"{kind.removeprefix('tonesplit.')} asked for; "
                             "tonesplit.load_model reads either kind")
    if isinstance(got, str) and got.startswith("tonesplit."):
        raise ModelVersionError(
            f"{path} holds a model of kind {got!r}{_written_by(meta)}, which tonesplit "
            f"{__version__} does not know (it reads {kind!r} here): upgrade tonesplit "
            "(pip install -U tonesplit)")
    raise ModelFileError(f"{path} holds {got!r}, not a tonesplit model of kind {kind!r}")


def _written_by(meta: Mapping[str, Any]) -> str:
    """`` (written by tonesplit X)`` when the card inside the metadata says so."""
    card = meta.get("card")
    versions = card.get("versions") if isinstance(card, dict) else None
    version = versions.get("tonesplit") if isinstance(versions, dict) else None
    return f" (written by tonesplit {version})" if isinstance(version, str) else ""


_ST_DTYPES = {"BOOL": "bool", "U8": "uint8", "I8": "int8", "U16": "uint16", "I16": "int16",
              "U32": "uint32", "I32": "int32", "U64": "uint64", "I64": "int64",
              "F16": "float16", "F32": "float32", "F64": "float64"}


def _np_dtype(code: Any) -> str | None:
    return _ST_DTYPES.get(code) if isinstance(code, str) else None
