"""Find a data set on disk, or download, verify and unpack it.

Nothing here touches the network unless a loader is asked for data that is not
on disk and ``download_if_missing`` is true.

Everything is first written under a hidden staging folder inside the data
home (``.<name>-*.part``). A file reaches its final place only after its sha256
matched, by an atomic rename; an archive is used only if every file taken from
it matched. On any error the staging folder is removed, so no half-written or
unverified file is ever left where a loader would read it.
"""

from __future__ import annotations

import functools
import hashlib
import http.client
import logging
import os
import shutil
import tarfile
import tempfile
import urllib.error
import urllib.request
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath
from typing import IO

from .._version import __version__
from ._registry import REMOTE_DATASETS, RemoteDataset, RemoteFile

__all__ = [
    "DATA_HOME_ENV",
    "MIRROR_ENV",
    "DataDownloadError",
    "DataNotFoundError",
    "fetch",
    "get_data_home",
]

logger = logging.getLogger("tonesplit.datasets")

#: Environment variable naming a folder that holds the data sets.
DATA_HOME_ENV = "TONESPLIT_DATA_HOME"
#: Environment variable naming a mirror to download from instead of the official
#: hosts; a file is fetched from ``<mirror>/<data set folder>/<file name>``.
MIRROR_ENV = "TONESPLIT_DATA_MIRROR"
_DEFAULT_DATA_HOME = "~/.cache/tonesplit"

_CHUNK = 1 << 20
_TIMEOUT = 60.0
_MAX_MEMBER_BYTES = 256 << 20  # no file a loader reads is anywhere near this


class DataNotFoundError(FileNotFoundError):
    """A data set is not on disk and downloading was not allowed."""


class DataDownloadError(OSError):
    """A download failed, or what arrived does not match its recorded sha256."""


def get_data_home(data_home: str | os.PathLike[str] | None = None) -> Path:
    """Return the folder that holds (or will hold) the data sets.

    The first of these wins: the ``data_home`` argument, the environment
    variable ``TONESPLIT_DATA_HOME``, ``~/.cache/tonesplit``. The folder is
    not created here; it is created when something is downloaded into it.

    A relative ``TONESPLIT_DATA_HOME`` (``../shared/data``) means relative
    to the folder the command was run from: the first call resolves it
    against the current directory and writes the absolute path back into
    the environment, so a later change of directory, and any process
    started afterwards (a notebook kernel in ``notebooks/``, a worker),
    sees the same folder.

    Parameters
    ----------
    data_home : str or path-like, optional
        A folder to use instead of the environment variable or the default.

    Returns
    -------
    pathlib.Path
        An absolute path.

    Examples
    --------
    >>> get_data_home("/srv/data").as_posix()
    '/srv/data'
    """
    if data_home is None:
        from_env = os.environ.get(DATA_HOME_ENV)
        if not from_env:
            return Path(_DEFAULT_DATA_HOME).expanduser().absolute()
        home = Path(from_env).expanduser()
        if not home.is_absolute():
            home = Path(os.path.abspath(home))  # ".." folded, symbolic links kept
            os.environ[DATA_HOME_ENV] = str(home)
        return home
    return Path(data_home).expanduser().absolute()


def fetch(
    name: str,
    *,
    data_home: str | os.PathLike[str] | None = None,
    download_if_missing: bool = True,
) -> Path:
    """Return the folder of a public data set, downloading it if needed.

    Parameters
    ----------
    name : str
        One of ``REMOTE_DATASETS``: ``"checkthat2025-en"``, ``"subj-v1"``,
        ``"mpqa-1.2"``, ``"bbc-news"``.
    data_home : str or path-like, optional
        See `get_data_home`.
    download_if_missing : bool, default=True
        Download the files that are missing. If false, raise
        `DataNotFoundError` instead.

    Returns
    -------
    pathlib.Path
        ``<data home>/<name>``, holding every file the loader reads.

    Raises
    ------
    DataNotFoundError
        Files are missing and ``download_if_missing`` is false.
    DataDownloadError
        The download failed or a file does not match its recorded sha256.
        Nothing unverified is left behind.
    """
    try:
        dataset = REMOTE_DATASETS[name]
    except KeyError:
        raise ValueError(
            f"unknown data set {name!r}; expected one of {sorted(REMOTE_DATASETS)}"
        ) from None
    home = get_data_home(data_home)
    folder = home / dataset.name
    wanted = {
        rel: digest for rel, digest in dataset.files().items() if not (folder / rel).is_file()
    }
    if not wanted:
        return folder
    if not download_if_missing:
        raise DataNotFoundError(
            f"{dataset.title} is not in {folder} ({_describe_missing(wanted)}) and "
            f"download_if_missing is False. {_how_to_fix(dataset, home)}"
        )
    _download_dataset(dataset, home, wanted)
    return folder


# -- messages --------------------------------------------------------------------------


def _describe_missing(wanted: dict[str, str]) -> str:
    names = sorted(wanted)
    shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    return f"missing {shown}"


def _how_to_fix(dataset: RemoteDataset, home: Path) -> str:
    return (
        f"To fix it, set the environment variable {DATA_HOME_ENV} to a folder that "
        f"already holds '{dataset.name}/', or download it by hand from "
        f"{dataset.homepage} into {home / dataset.name} ({dataset.layout})."
    )


# -- download --------------------------------------------------------------------------


def _url(dataset: RemoteDataset, source: RemoteFile) -> str:
    mirror = os.environ.get(MIRROR_ENV)
    if mirror:
        return f"{mirror.rstrip('/')}/{dataset.name}/{source.filename}"
    return source.url


def _download_dataset(dataset: RemoteDataset, home: Path, wanted: dict[str, str]) -> None:
    try:
        home.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{dataset.name}-", suffix=".part", dir=home))
    except OSError as err:
        raise DataDownloadError(
            f"cannot write into the data home {home}: {err}. {_how_to_fix(dataset, home)}"
        ) from err
    try:
        for source in dataset.sources:
            url = _url(dataset, source)
            if source.kind == "file":
                if source.target not in wanted:
                    continue
                path, digest = _download(url, staging, dataset, home)
                _check(digest, wanted[source.target], url, source.target, dataset, home)
                _place(path, home / dataset.name / source.target)
            else:
                archive, _ = _download(url, staging, dataset, home)
                found = _extract(archive, source.kind, wanted, dataset, url, staging, home)
                for rel, path in found.items():
                    _place(path, home / dataset.name / rel)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _download(url: str, directory: Path, dataset: RemoteDataset, home: Path) -> tuple[Path, str]:
    """Stream ``url`` into a new file in ``directory``; return its path and sha256."""
    logger.info("downloading %s", url)
    fd, name = tempfile.mkstemp(dir=directory, suffix=".download")
    digest = hashlib.sha256()
    request = urllib.request.Request(url, headers={"User-Agent": f"tonesplit/{__version__}"})
    try:
        with os.fdopen(fd, "wb") as out, urllib.request.urlopen(request, timeout=_TIMEOUT) as resp:
            while chunk := resp.read(_CHUNK):
                digest.update(chunk)
                out.write(chunk)
    except (OSError, http.client.HTTPException, ValueError) as err:
        os.unlink(name)
        if isinstance(err, urllib.error.HTTPError):
            reason = f"HTTP {err.code} {err.reason}"
        else:
            reason = str(getattr(err, "reason", None) or err)
        raise DataDownloadError(
            f"could not download {url}: {reason}. {_how_to_fix(dataset, home)}"
        ) from err
    return Path(name), digest.hexdigest()


def _check(got: str, expected: str, url: str, rel: str, dataset: RemoteDataset, home: Path) -> None:
    if got != expected:
        raise DataDownloadError(
            f"{rel} from {url} does not match its recorded sha256 (expected {expected}, "
            f"got {got}); the file was refused and not saved. The host may have "
            f"changed the file, or the download was damaged. {_how_to_fix(dataset, home)}"
        )


def _place(path: Path, dest: Path) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    os.replace(path, dest)


# -- archives --------------------------------------------------------------------------


def _tar_members(path: Path) -> Iterator[tuple[str, Callable[[], IO[bytes]]]]:
    """Yield (name, opener) for every regular file; links, devices and folders are skipped."""
    with tarfile.open(path, "r:*") as tar:
        for member in tar:
            if member.isreg():
                yield member.name, functools.partial(_extracted, tar, member)


def _extracted(tar: tarfile.TarFile, member: tarfile.TarInfo) -> IO[bytes]:
    f = tar.extractfile(member)
    if f is None:  # not a regular file: _tar_members yields only those
        raise ValueError(f"{member.name} is not a regular file")
    return f


def _zip_members(path: Path) -> Iterator[tuple[str, Callable[[], IO[bytes]]]]:
    """Yield (name, opener) for every regular file; folders and symlinks are skipped."""
    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            is_link = (info.external_attr >> 16) & 0o170000 == 0o120000
            if not info.is_dir() and not is_link:
                yield info.filename, functools.partial(zf.open, info)


def _member_target(name: str, wanted: dict[str, str], renames: dict[str, str]) -> str | None:
    """The data set path a member provides, or None.

    A member matches when the end of its path is a wanted path (so the
    archive's top folder, whatever it is called, is ignored). Members with
    absolute paths, ``..`` or backslashes are never used. Files are written only
    to paths taken from the checksum list, never to paths from the archive.
    """
    if "\\" in name:
        return None
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or "__MACOSX" in path.parts:
        return None
    for k in range(len(path.parts)):
        tail = "/".join(path.parts[k:])
        tail = renames.get(tail, tail)
        if tail in wanted:
            return tail
    return None


def _extract(
    archive: Path,
    kind: str,
    wanted: dict[str, str],
    dataset: RemoteDataset,
    url: str,
    staging: Path,
    home: Path,
) -> dict[str, Path]:
    """Copy the wanted, verified members into ``staging``; return them by target path."""
    members = _tar_members if kind == "tar.gz" else _zip_members
    found: dict[str, Path] = {}
    refused: dict[str, str] = {}
    try:
        for name, open_member in members(archive):
            rel = _member_target(name, wanted, dict(dataset.renames))
            if rel is None or rel in found:
                continue
            fd, tmp = tempfile.mkstemp(dir=staging, suffix=".member")
            digest, size = hashlib.sha256(), 0
            with os.fdopen(fd, "wb") as out, open_member() as src:
                while (chunk := src.read(_CHUNK)) and size <= _MAX_MEMBER_BYTES:
                    size += len(chunk)
                    digest.update(chunk)
                    out.write(chunk)
            if size <= _MAX_MEMBER_BYTES and digest.hexdigest() == wanted[rel]:
                found[rel] = Path(tmp)
                refused.pop(rel, None)
            else:
                os.unlink(tmp)
                refused[rel] = name
    except (OSError, EOFError, zlib.error, tarfile.TarError, zipfile.BadZipFile) as err:
        raise DataDownloadError(
            f"{url} is not a readable {kind} archive ({err}); "
            f"nothing was saved. {_how_to_fix(dataset, home)}"
        ) from err
    if refused:
        rel, member = min(refused.items())
        more = f" and {len(refused) - 1} more files" if len(refused) > 1 else ""
        raise DataDownloadError(
            f"{member} in {url} does not match the recorded sha256 of {rel}{more}; the "
            f"archive was refused and nothing was saved. The host may have changed the "
            f"data. {_how_to_fix(dataset, home)}"
        )
    missing = {rel: d for rel, d in wanted.items() if rel not in found}
    if missing:
        raise DataDownloadError(
            f"{url} does not contain the expected files ({_describe_missing(missing)}); "
            f"nothing was saved. {_how_to_fix(dataset, home)}"
        )
    return found
