"""`read_corpus`: stream ``(doc_id, text)`` pairs from folders, globs and files."""

from __future__ import annotations

import codecs
import errno
import glob as _glob
import itertools
import os
import warnings
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Literal

from ._ids import distinct_ids
from ._inputs import _check_choice, _check_int
from ._readers import _FORMATS, _MAGIC, _format_of, _id_of, _os_reason, _read_file
from ._results import ReadError
from ._stream import Counted

__all__ = ["read_corpus"]

#: Default ``max_bytes`` of `read_corpus` for one text file.
MAX_BYTES = 16_000_000


def _walk(root: str, base: str, pattern: str) -> Iterator[tuple[str, str, OSError | None]]:
    """``(path, relative path, None)`` of matching files under ``root``, lazily.

    Folders are walked in sorted order, files of a folder before its
    subfolders. Hidden files and folders (starting with ".") are skipped;
    symbolic links to folders are not followed. A folder that cannot be
    listed comes out as ``(path, relative path, OSError)``.
    """
    from fnmatch import fnmatchcase

    errors: list[OSError] = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=errors.append):
        while errors:
            err = errors.pop(0)
            where = err.filename or dirpath
            yield where, os.path.relpath(where, base), err
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        reldir = os.path.relpath(dirpath, base)  # once per folder, not per file
        prefix = "" if reldir == os.curdir else reldir + os.sep
        for name in sorted(filenames):
            if name.startswith(".") or not fnmatchcase(name, pattern):
                continue
            yield os.path.join(dirpath, name), prefix + name, None
    for err in errors:
        where = err.filename or root
        yield where, os.path.relpath(where, base), err


def _glob_base(pattern: str) -> str:
    parts = Path(pattern).parts
    keep = []
    for p in parts:
        if _MAGIC & set(p):
            break
        keep.append(p)
    return str(Path(*keep)) if keep else "."


def _sources(source) -> list[str]:
    if isinstance(source, (str, os.PathLike)):
        return [os.fspath(source)]
    if isinstance(source, (bytes, bytearray)):
        raise TypeError("path_or_glob must be a str or os.PathLike (or a list of them), "
                        f"got {type(source).__name__}")
    if isinstance(source, Iterable):
        out = []
        for i, s in enumerate(source):
            if not isinstance(s, (str, os.PathLike)):
                raise TypeError(f"path_or_glob[{i}] must be a str or os.PathLike, "
                                f"got {type(s).__name__}")
            out.append(os.fspath(s))
        if not out:
            raise ValueError("path_or_glob is empty: give at least one path or glob")
        return out
    raise TypeError("path_or_glob must be a str or os.PathLike (or a list of them), "
                    f"got {type(source).__name__}")


def read_corpus(
    path_or_glob,
    *,
    format: Literal["auto", "text", "jsonl", "csv", "tsv"] = "auto",
    pattern: str = "*.txt",
    text_field: str = "text",
    id_field: str | None = "id",
    encoding: str = "utf-8",
    fallback_encoding: str | None = "cp1252",
    max_bytes: int | None = MAX_BYTES,
    on_error: Literal["yield", "warn", "raise"] = "yield",
) -> Iterator[tuple[Any, Any]]:
    """Stream ``(doc_id, text)`` pairs from files, reporting what cannot be read.

    Parameters
    ----------
    path_or_glob : str, os.PathLike, or a list of them
        Each is one of:

        - a folder: every file matching ``pattern`` below it, recursively
          (hidden files and folders skipped, symbolic links to folders not
          followed), in sorted order; ``doc_id`` is the path relative to the
          folder, with ``/`` separators and without ``.txt``
          (``"sport/199"``);
        - a glob (``"news/*/1*.txt"``, ``"**"`` recursive): the matching files
          in sorted order, ids relative to the glob's fixed leading folders;
        - a file: a text file is one document (id: the path as given, without
          ``.txt``); ``.jsonl``/``.ndjson`` is JSON Lines, one document per
          line; ``.csv``/``.tsv`` one document per row. A ``.gz`` suffix is
          decompressed.
    format : {"auto", "text", "jsonl", "csv", "tsv"}, default="auto"
        How to read files; ``"auto"`` goes by the suffix (anything else is
        text). TSV is read without quoting.
    pattern : str, default="*.txt"
        File-name pattern for the files of a folder.
    text_field : str, default="text"
        The JSON field or CSV column holding the text.
    id_field : str or None, default="id"
        The JSON field or CSV column holding the id; records without it get
        ``"<file id>:<line>"`` (JSON Lines, line from 1) or
        ``"<file id>:<row>"`` (CSV, data row from 1).
    encoding : str, default="utf-8"
        Tried first (after a byte-order mark, which always wins).
    fallback_encoding : str or None, default="cp1252"
        Tried when ``encoding`` fails (Windows-1252, a superset of printable
        Latin-1, as in BBC News' ``sport/199.txt``); ``None`` makes such a
        file a read error. Data holding NUL bytes is not given the fallback.
    max_bytes : int or None, default=16_000_000
        Text files larger than this are reported, not read.
    on_error : {"yield", "warn", "raise"}, default="yield"
        ``"yield"``: what cannot be read (a file, a JSON line, a CSV without
        the text column) is yielded as ``(doc_id, ReadError)``, which
        `label_corpus` turns into an error result. ``"warn"``: skipped with
        a ``UserWarning`` each. ``"raise"``: the `ReadError` is raised.

    Yields
    ------
    (doc_id, str or ReadError)
        An id that was already yielded (two sources holding the same file
        names, ``a.txt`` beside ``a.txt.gz``) is renamed ``<id>#2``,
        ``<id>#3``, ... with a ``UserWarning``. When every source is text
        files, the stream's ``__length_hint__`` is their number, so that
        ``label_corpus(..., progress=True)`` shows a total and an ETA.

    Warns
    -----
    UserWarning
        At the first repeated id, and with the count at the end.

    Raises
    ------
    FileNotFoundError
        At call time, for a path that does not exist or a glob that matches
        nothing; lazily, for a folder without any file matching ``pattern``.

    Examples
    --------
    >>> import tempfile, pathlib, tonesplit
    >>> tmp = tempfile.TemporaryDirectory()
    >>> folder = pathlib.Path(tmp.name)
    >>> (folder / "sport").mkdir()
    >>> _ = (folder / "sport" / "1.txt").write_text("Arsenal won 2-0.")
    >>> _ = (folder / "sport" / "2.txt").write_bytes(b"A \\xa315m signing.")  # cp1252
    >>> _ = (folder / "notes.jsonl").write_text('{"id": "n1", "text": "It rained."}\\n{oops\\n')
    >>> list(tonesplit.read_corpus(folder))
    [('sport/1', 'Arsenal won 2-0.'), ('sport/2', 'A £15m signing.')]
    >>> for doc_id, text in tonesplit.read_corpus(folder / "notes.jsonl"):
    ...     print(doc_id, repr(text))
    n1 'It rained.'
    ...notes.jsonl:2 ReadError('...notes.jsonl, line 2: invalid JSON: Expecting property name enclosed in double quotes (column 2)')
    >>> tmp.cleanup()
    """
    sources = _sources(path_or_glob)
    format = _check_choice(format, "format", _FORMATS)
    on_error = _check_choice(on_error, "on_error", ("yield", "warn", "raise"))
    for name, value in (("pattern", pattern), ("text_field", text_field)):
        if not isinstance(value, str) or not value:
            raise TypeError(f"{name} must be a non-empty str, got {value!r}")
    if id_field is not None and not isinstance(id_field, str):
        raise TypeError(f"id_field must be a str or None, got {type(id_field).__name__}")
    for name, enc in (("encoding", encoding), ("fallback_encoding", fallback_encoding)):
        if enc is None and name == "fallback_encoding":
            continue
        if not isinstance(enc, str):
            raise TypeError(f"{name} must be a str, got {type(enc).__name__}")
        try:
            codecs.lookup(enc)
        except LookupError:
            raise ValueError(f"{name}: unknown encoding {enc!r}") from None
    max_bytes = _check_int(max_bytes, "max_bytes", allow_none=True)
    plan: list[tuple[str, str, list[str] | None]] = []
    for src in sources:
        if _MAGIC & set(src):
            matches = sorted(_glob.glob(src, recursive=True))
            if not matches:
                raise FileNotFoundError(errno.ENOENT, "No file matches the glob", src)
            plan.append(("glob", src, matches))
        elif os.path.isdir(src):
            plan.append(("dir", src, None))
        elif os.path.exists(src) or os.path.islink(src):
            plan.append(("file", src, None))
        else:
            raise FileNotFoundError(errno.ENOENT, "No such file or folder", src)
    opts = {"encoding": encoding, "fallback": fallback_encoding, "max_bytes": max_bytes,
            "text_field": text_field, "id_field": id_field}
    # Ids that repeat (a.txt beside a.txt.gz, one file named twice, two globs
    # over folders holding the same names) are warned about and made distinct;
    # the count of files gives label_corpus's progress bar a total.
    pairs = distinct_ids(_read_plan(plan, format, pattern, opts, on_error),
                         where="tonesplit.read_corpus")
    return Counted(pairs, lambda: _count_documents(plan, format, pattern))


def _count_documents(plan, fmt, pattern) -> int | None:
    """Documents the plan will yield: its files, if all are text; else unknown (None)."""
    n = 0
    for kind, src, matches in plan:
        for path in (matches if kind == "glob" else [src]):
            if os.path.isdir(path):
                files = [p for p, _, err in _walk(path, path, pattern) if err is None]
            else:
                files = [path]
            if any(_format_of(f, fmt) != "text" for f in files):
                return None  # records files: one document per line, unknown until read
            n += len(files)
    return n


def _read_plan(plan, fmt, pattern, opts, on_error):
    for kind, src, matches in plan:
        if kind == "file":
            pairs = _read_file(src, _id_of(src), fmt, opts)
        elif kind == "dir":
            pairs = _read_dir(src, src, pattern, fmt, opts)
        else:
            base = _glob_base(src)
            pairs = itertools.chain.from_iterable(
                _read_dir(m, base, pattern, fmt, opts) if os.path.isdir(m)
                else _read_file(m, _id_of(os.path.relpath(m, base)), fmt, opts)
                for m in matches
            )
        for doc_id, text in pairs:
            if isinstance(text, ReadError):
                if on_error == "raise":
                    raise text
                if on_error == "warn":
                    warnings.warn(f"tonesplit.read_corpus skipped {doc_id!r}: {text}",
                                  UserWarning, stacklevel=2)
                    continue
            yield doc_id, text


def _read_dir(root, base, pattern, fmt, opts):
    found = False
    for path, rel, err in _walk(root, base, pattern):
        found = True
        if err is not None:
            doc_id = _id_of(rel)
            yield doc_id, ReadError(doc_id, f"cannot list folder: {_os_reason(err)}", path=path)
        else:
            yield from _read_file(path, _id_of(rel), fmt, opts)
    if not found:
        raise FileNotFoundError(errno.ENOENT, f"No file matching {pattern!r} in the folder", root)
