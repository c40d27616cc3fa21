"""The ``tonesplit`` command line.

Each subcommand lives in its own module (``tonesplit.cli._<name>``) exposing
``add_parser(subparsers)`` and ``run(args) -> int``. Only the module of the
subcommand being run is imported, so ``tonesplit --help`` stays fast.

Exit codes are documented in ``docs/cli.md`` and in `tonesplit.cli._common`.

Examples
--------
>>> from tonesplit.cli import main
>>> main(["--version"])  # doctest: +ELLIPSIS
tonesplit ...
0
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys
from collections.abc import Sequence

from ._common import EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, fail, guarded

__all__ = ["SUBCOMMANDS", "build_parser", "main"]

#: Subcommand name -> (module, one-line help shown by ``tonesplit --help``).
SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "label": ("tonesplit.cli._label", "label the sentences of articles (files or stdin)"),
    "report": ("tonesplit.cli._report", "write a self-contained HTML report about a corpus"),
    "train": ("tonesplit.cli._train", "train a model on the public data sets and save it"),
    "evaluate": ("tonesplit.cli._evaluate", "score a model on the held-out test set"),
    "info": ("tonesplit.cli._info", "show the model file, its checksum, versions and card"),
}

_DESCRIPTION = (
    "Tell an article's reflective commentary from its factual reporting, "
    "sentence by sentence."
)
_EPILOG = (
    "exit codes: 0 ok, 1 some documents could not be labelled (label), 2 usage, "
    "3 bad input, 4 file error, 5 model file refused, "
    "6 model version mismatch, 70 internal error, 130 interrupted, 141 broken pipe. "
    "tonesplit COMMAND --help lists each command's options."
)


def _available(name: str) -> bool:
    module = SUBCOMMANDS[name][0]
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def _version() -> str:
    from .._version import __version__

    return __version__


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser; only ``command``'s module is imported to build it.

    The other subcommands get a placeholder parser carrying their one-line
    help, enough for ``tonesplit --help`` and for argparse to recognise them.
    """
    parser = argparse.ArgumentParser(prog="tonesplit", description=_DESCRIPTION, epilog=_EPILOG)
    parser.add_argument("--version", action="version", version=f"tonesplit {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    for name, (module, summary) in SUBCOMMANDS.items():
        if not _available(name):
            continue
        if name == command:
            importlib.import_module(module).add_parser(sub)
            if name not in sub.choices:
                raise RuntimeError(f"{module}.add_parser did not register {name!r}")
        else:
            sub.add_parser(name, help=summary, add_help=False)
    return parser


def _command_in(argv: Sequence[str]) -> str | None:
    """The subcommand named in ``argv`` (first word that is one), if any."""
    for word in argv:
        if word == "--":
            return None
        if word in SUBCOMMANDS:
            return word
        if not word.startswith("-"):
            return None  # a positional that is no command: argparse will say so
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (never raises ``SystemExit``).

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments without the program name; ``sys.argv[1:]`` by default.
    """
    if argv is None:
        argv = sys.argv[1:]
    elif isinstance(argv, (str, bytes)) or not all(isinstance(a, str) for a in argv):
        raise TypeError("argv must be a sequence of str, e.g. ['info', '--json']")
    argv = list(argv)
    command = _command_in(argv)
    try:
        parser = build_parser(command if command and _available(command) else None)
        args = parser.parse_args(argv)
    except SystemExit as stop:  # --help, --version, or a usage error already printed
        return _exit_code(stop)
    except KeyboardInterrupt:
        fail("interrupted")
        return EXIT_INTERRUPTED
    except Exception as err:
        fail(f"internal error while reading the command line ({type(err).__name__}: {err}); "
             "please report it")
        return EXIT_INTERNAL
    if args.command is None:
        parser.print_usage(sys.stderr)
        fail("a command is required: one of " + ", ".join(
            n for n in SUBCOMMANDS if _available(n)) + " (see tonesplit --help)")
        return EXIT_USAGE
    module = importlib.import_module(SUBCOMMANDS[args.command][0])
    return guarded(module.run, args)


def _exit_code(stop: SystemExit) -> int:
    code = stop.code
    if code is None:
        return EXIT_OK
    if isinstance(code, int):
        return code
    fail(str(code))
    return EXIT_USAGE
