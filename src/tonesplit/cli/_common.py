"""Exit codes and error handling shared by the subcommands.

A subcommand's ``run(args)`` may raise; `guarded` turns what it raises into a
one-line message on stderr and one of the documented exit codes below, so a
user never sees a traceback for a mistake of theirs (``docs/cli.md``).
Set ``TONESPLIT_DEBUG=1`` to get the traceback of an internal error.
"""

from __future__ import annotations

import json
import math
import os
import sys
import warnings
from collections.abc import Callable
from typing import Any

__all__ = [
    "EXIT_BROKEN_PIPE",
    "EXIT_DATA",
    "EXIT_INTERNAL",
    "EXIT_INTERRUPTED",
    "EXIT_IO",
    "EXIT_MODEL_FILE",
    "EXIT_MODEL_VERSION",
    "EXIT_OK",
    "EXIT_USAGE",
    "CommandError",
    "cli_words",
    "fail",
    "guarded",
    "load_model_file",
    "to_json",
]

#: Success.
EXIT_OK = 0
#: Bad command line (unknown option, missing argument, invalid value).
EXIT_USAGE = 2
#: The input data was refused (wrong type, invalid text, malformed corpus).
EXIT_DATA = 3
#: A file or folder could not be read or written (missing, permission, disk full).
EXIT_IO = 4
#: A model file was refused: missing, unknown (no card), tampered, truncated, not a model.
EXIT_MODEL_FILE = 5
#: A model saved under another scikit-learn minor version.
EXIT_MODEL_VERSION = 6
#: A bug in tonesplit: please report it (``TONESPLIT_DEBUG=1`` shows the traceback).
EXIT_INTERNAL = 70
#: Interrupted with Ctrl-C (128 + SIGINT).
EXIT_INTERRUPTED = 130
#: The reader of standard output went away (128 + SIGPIPE), e.g. ``| head``.
EXIT_BROKEN_PIPE = 141

PROG = "tonesplit"


class CommandError(Exception):
    """A failure a subcommand reports itself, with its exit code."""

    def __init__(self, message: str, code: int = EXIT_DATA):
        super().__init__(message)
        self.code = code


#: The library's advice in API words, and the same advice in the command line's flags.
_API_TO_FLAGS: tuple[tuple[str, str], ...] = (
    ("pass encoding= or fallback_encoding=", "pass --encoding or --fallback-encoding"),
    ("raise max_chars", "raise --max-chars"),
    ("max_chars=", "--max-chars "),
    ("max_bytes=", "--max-bytes "),
    ("load_model(path, trusted=True)", "--trusted"),
    ("pass trusted=True", "pass --trusted"),
    ("trusted=True", "--trusted"),
    ("download_if_missing is False", "the data must already be there"),
)


def cli_words(message: str) -> str:
    """A library message with its advice in command-line flags, not API arguments.

    Examples
    --------
    >>> cli_words("file has 20 bytes, more than max_bytes=10")
    'file has 20 bytes, more than --max-bytes 10'
    """
    for api, flags in _API_TO_FLAGS:
        message = message.replace(api, flags)
    return message


def fail(message: str) -> None:
    """Print one line ``tonesplit: error: ...`` on stderr."""
    line = " ".join(cli_words(str(message)).split()) or "unknown error"
    try:
        sys.stderr.write(f"{PROG}: error: {line}\n")
        sys.stderr.flush()
    except (OSError, ValueError):  # stderr closed too: nothing more to do
        pass


def _silence_stdout() -> None:
    """After a broken pipe, point stdout at /dev/null so the exit flush is quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass  # stdout is not a real file (tests): nothing to silence


def _code_for(err: BaseException) -> int:
    from ..errors import ModelFileError, ModelVersionError

    if isinstance(err, CommandError):
        return err.code
    if isinstance(err, ModelVersionError):
        return EXIT_MODEL_VERSION
    if isinstance(err, ModelFileError):  # before ValueError: it is one
        return EXIT_MODEL_FILE
    if isinstance(err, ImportError) and "pip install" in str(err):
        return EXIT_USAGE  # an option that needs an extra; the message names it
    if isinstance(err, OSError):
        return EXIT_IO
    if isinstance(err, (ValueError, TypeError)):  # includes UnicodeDecodeError
        return EXIT_DATA
    return EXIT_INTERNAL


def _describe(err: BaseException) -> str:
    if isinstance(err, OSError) and err.filename is not None and err.strerror:
        return f"{err.strerror}: {os.fsdecode(err.filename)}"
    text = str(err)
    return text if text else type(err).__name__


def _warning_line(message, category, filename, lineno, file=None, line=None) -> None:
    """A library warning as the command line's own one-line warning."""
    text = " ".join(cli_words(str(message)).split())
    try:
        sys.stderr.write(f"{PROG}: warning: {text}\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


def guarded(run: Callable[[Any], int], args: Any) -> int:
    """Call ``run(args)`` and map what it raises to an exit code.

    Warnings from the library (a repeated document id, ...) are printed as
    ``tonesplit: warning: ...`` lines, without file names or line numbers.
    """
    with warnings.catch_warnings():
        warnings.showwarning = _warning_line
        return _guarded(run, args)


def _guarded(run: Callable[[Any], int], args: Any) -> int:
    try:
        code = run(args)
        sys.stdout.flush()
        return EXIT_OK if code is None else int(code)
    except KeyboardInterrupt:
        fail("interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except MemoryError:
        fail("out of memory; try a smaller input or split it into several documents")
        return EXIT_DATA
    except RecursionError as err:
        return _internal(err)
    except Exception as err:
        code = _code_for(err)
        if code == EXIT_INTERNAL:
            return _internal(err)
        fail(_describe(err))
        return code


def _internal(err: BaseException) -> int:
    if os.environ.get("TONESPLIT_DEBUG"):
        import traceback

        traceback.print_exception(err)
    fail(
        f"internal error ({type(err).__name__}: {_describe(err)}); this is a bug in "
        "tonesplit, please report it (set TONESPLIT_DEBUG=1 to see the traceback)"
    )
    return EXIT_INTERNAL


def _default(value: Any) -> Any:
    if hasattr(value, "tolist"):  # numpy scalars and arrays
        return value.tolist()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    return str(value)


def to_json(value: Any) -> str:
    """JSON text for machines: UTF-8, no NaN (``null`` instead), keys sorted."""
    return json.dumps(_no_nan(value), indent=2, sort_keys=True, ensure_ascii=False,
                      default=_default, allow_nan=False)


def _no_nan(value: Any) -> Any:
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(k): _no_nan(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_no_nan(v) for v in value]
    if hasattr(value, "tolist") and not isinstance(value, (str, bytes)):
        return _no_nan(value.tolist())
    return value


def load_model_file(path: str, trusted: bool = False):
    """`tonesplit.load_model` for a ``--model`` option: any unreadable file is a
    `ModelFileError` (exit 5), whatever the unpickler raised."""
    from ..errors import ModelFileError, ModelVersionError
    from ..model import load_model

    try:
        return load_model(path, trusted=trusted)
    except (ModelFileError, ModelVersionError, OSError):
        raise
    except Exception as err:
        # Unpickling a damaged file can raise almost anything (UnpicklingError,
        # struct.error, zlib.error, ...), and load_model lets some of it
        # through. For the user it is one thing: not a readable model file.
        raise ModelFileError(
            f"{path} could not be read as a model ({type(err).__name__}: {err}); it may be "
            "truncated or not a tonesplit model file") from None
