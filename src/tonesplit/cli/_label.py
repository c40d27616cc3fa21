"""``tonesplit label``: label the sentences of articles from files, folders or stdin.

Inputs are text files, folders (their ``*.txt`` files, recursively), globs,
JSON Lines (``.jsonl``), CSV/TSV, or ``-`` for standard input (one document,
or records with ``--input-format``). Output is one row per sentence (or per
document with ``--level document``) as an aligned table, JSON Lines, CSV or
TSV, streamed as documents are labelled, on stdout or written atomically to
``--output``.

A document that cannot be read or labelled is reported on stderr
(``tonesplit: warning: <doc id>: <reason>``) and the run goes on.

Exit codes: 0 all documents labelled; 1 some documents failed (the others
are in the output); 2 usage error; 4 an input or output file cannot be
opened (missing file, no permission); 5/6 model file refused; 130
interrupted (no output file is left behind).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import math
import os
import shutil
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from ..parquet import DOCUMENT_ROW_FIELDS, document_row
from ..rows import SENTENCE_ROW_FIELDS, sentence_rows
from ._common import EXIT_IO, EXIT_OK, EXIT_USAGE, PROG, CommandError, cli_words

__all__ = ["EXIT_SOME_FAILED", "add_parser", "run"]

#: Some documents could not be read or labelled; the others were written.
EXIT_SOME_FAILED = 1

FORMATS = ("table", "jsonl", "csv", "tsv", "parquet")
_SUFFIX_FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".csv": "csv",
                   ".tsv": "tsv", ".txt": "table", ".parquet": "parquet", ".pq": "parquet"}

SENTENCE_FIELDS = SENTENCE_ROW_FIELDS
DOCUMENT_FIELDS = DOCUMENT_ROW_FIELDS


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {value}")
    return value


def _encoding(text: str) -> str:
    import codecs

    try:
        codecs.lookup(text)
    except LookupError:
        raise argparse.ArgumentTypeError(f"unknown encoding {text!r}") from None
    return text


def _fallback_encoding(text: str) -> str | None:
    return None if text.lower() == "none" else _encoding(text)


def _n_jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected an integer, got {text!r}") from None
    if value == 0:
        raise argparse.ArgumentTypeError("must not be 0: 1 for one process, -1 for all cores")
    return value


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Register ``label`` on the ``tonesplit`` parser's subparsers."""
    p = subparsers.add_parser(
        "label",
        help="label the sentences of articles (files or stdin)",
        description=(
            "Label each sentence of each article as reflective (the author's commentary), "
            "factual (reporting) or other (non-prose lines). INPUT is a text file, a folder "
            "(its *.txt files, recursively; ids are relative paths without .txt), a glob, a "
            "JSON Lines file (.jsonl: one record per line with a text field), a CSV/TSV file "
            "with a text column, or - for standard input. Documents that cannot be read or "
            "labelled are reported on stderr and the run goes on."
        ),
        epilog=(
            "output: one row per sentence (doc_id, index, start, end, text, label, "
            "p_reflective) or, with --level document, per document. --format defaults to "
            "the --output suffix (.csv, .tsv, .jsonl), else to table when stdout is a "
            "terminal and jsonl otherwise. exit codes: 0 all labelled, 1 some documents "
            "failed (the rest is written), 2 usage error, 4 a file cannot be opened, "
            "5/6 model file refused, 130 interrupted."
        ),
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="files, folders, globs, .jsonl/.csv/.tsv files, or - for stdin")
    p.add_argument("-f", "--format", choices=FORMATS, default=None,
                   help="output format (default: from --output's suffix: .jsonl, .csv, .tsv, "
                        ".txt for table, .parquet; without --output, table on a terminal, "
                        "else jsonl). parquet needs pip install \"tonesplit[parquet]\"")
    p.add_argument("--level", choices=("sentence", "document"), default="sentence",
                   help="one row per sentence (default) or per document (counts, share of "
                        "reflective, error)")
    p.add_argument("-o", "--output", metavar="PATH", default=None,
                   help="write here instead of stdout; written to a temporary file in the same "
                        "folder and renamed when complete, so no half-written file is left")
    add_run_arguments(p)
    p.add_argument("--batch-size", type=_positive_int, default=None, metavar="N",
                   help="documents per chunk (default: 256)")
    return p


def add_run_arguments(p: argparse.ArgumentParser) -> None:
    """The options of reading inputs and labelling them, shared by ``label`` and ``report``."""
    p.add_argument("-j", "--n-jobs", type=_n_jobs, default=1, metavar="N",
                   help="processes to use (-1: all cores; default 1)")
    p.add_argument("--progress", action="store_true",
                   help="show a progress bar on stderr (documents/s, sentences/s)")
    p.add_argument("--model", metavar="PATH", default=None,
                   help="a model file written by `tonesplit train` (default: the shipped model)")
    p.add_argument("--trusted", action="store_true",
                   help="load --model without checking it against its model card (only for "
                        "files you made: loading a model runs code)")
    p.add_argument("--input-format", choices=("auto", "text", "jsonl", "csv", "tsv"),
                   default="auto",
                   help="how to read inputs (default: by suffix; stdin is one text document)")
    p.add_argument("--text-field", default="text", metavar="NAME",
                   help="JSON field / CSV column holding the text (default: text)")
    p.add_argument("--id-field", default="id", metavar="NAME",
                   help="JSON field / CSV column holding the id (default: id)")
    p.add_argument("--pattern", default="*.txt", metavar="GLOB",
                   help="file names to read in folders (default: *.txt)")
    p.add_argument("--max-chars", type=_positive_int, default=None, metavar="N",
                   help="longer documents are reported as failed (default: 1,000,000)")
    p.add_argument("--max-bytes", type=_positive_int, default=None, metavar="N",
                   help="larger text files are reported as failed, not read (default: "
                        "16,000,000)")
    p.add_argument("--encoding", default="utf-8", metavar="NAME", type=_encoding,
                   help="encoding of input files, tried first (default: utf-8; a byte-order "
                        "mark always wins)")
    p.add_argument("--fallback-encoding", default="cp1252", metavar="NAME|none",
                   type=_fallback_encoding,
                   help="tried when --encoding fails (default: cp1252); none: such a file "
                        "is reported as failed")


def labelled_results(args):
    """The results of labelling ``args.inputs`` as the shared options say."""
    from .._inputs import BATCH_SIZE, MAX_CHARS
    from .._runner import label_corpus

    if args.trusted and args.model is None:
        raise CommandError("--trusted applies to --model PATH only; the shipped model is "
                           "always checked", EXIT_USAGE)
    model = None
    if args.model is not None:
        from ._common import load_model_file

        model = load_model_file(args.model, trusted=args.trusted)
    docs = _documents(args)
    if args.n_jobs != 1:
        _start_workers_deaf_to_ctrl_c(args.n_jobs)
    return label_corpus(
        docs, n_jobs=args.n_jobs, progress=args.progress, model=model,
        batch_size=getattr(args, "batch_size", None) or BATCH_SIZE,
        max_chars=args.max_chars or MAX_CHARS,
    )


def _start_workers_deaf_to_ctrl_c(n_jobs: int) -> None:
    """Start joblib's worker processes with SIGINT ignored; the run reuses them.

    Ctrl-C reaches every process of the terminal's group. Workers that took
    it would each print a traceback; started while SIGINT is ignored, they
    inherit that (Python keeps an inherited SIG_IGN), so only this process
    hears it, says "interrupted" and stops them. joblib keeps its executor
    for the next call with the same number of workers.
    """
    import signal
    import warnings

    from joblib import Parallel, delayed

    # what joblib says when a run is abandoned midway is noise on a command line,
    # here and in loky's resource tracker process (which tidies up after Ctrl-C)
    warnings.filterwarnings("ignore", message=r".*tasks .*(executed|being processed)",
                            category=UserWarning)
    tracker = "ignore::UserWarning:joblib.externals.loky.backend.resource_tracker"
    if tracker not in os.environ.get("PYTHONWARNINGS", ""):
        os.environ["PYTHONWARNINGS"] = ",".join(
            w for w in (os.environ.get("PYTHONWARNINGS"), tracker) if w)
    try:
        old = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread: leave signals alone
        return
    threading.excepthook = _quiet_after_interrupt
    try:
        started = Parallel(n_jobs=n_jobs, return_as="generator")(
            delayed(int)(0) for _ in range(max(n_jobs, 1)))
    finally:
        signal.signal(signal.SIGINT, _interrupted if old is signal.default_int_handler else old)
    for _ in started:  # the workers are up once they answer
        pass


_INTERRUPTED = threading.Event()
_thread_hook = threading.excepthook


def _interrupted(signum, frame):
    """Ctrl-C as usual (KeyboardInterrupt), remembered for `_quiet_after_interrupt`."""
    _INTERRUPTED.set()
    raise KeyboardInterrupt


def _quiet_after_interrupt(args) -> None:
    # joblib's manager thread may trip over the work it was told to drop while
    # the run stops; after Ctrl-C that is not news for the user.
    if not _INTERRUPTED.is_set():
        _thread_hook(args)



# --------------------------------------------------------------------------
# Rows
# --------------------------------------------------------------------------


def _json_value(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else ""
    return str(value)


_TSV_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


class _Writer:
    """Streams rows in one format to a text file."""

    def __init__(self, out: IO[str], fmt: str, level: str, width: int | None):
        self.out = out
        self.fmt = fmt
        self.level = level
        self.fields = SENTENCE_FIELDS if level == "sentence" else DOCUMENT_FIELDS
        self.width = width
        self.started = False
        if fmt == "csv":
            self.csv = csv.writer(out, lineterminator="\n")

    def header(self) -> None:
        if self.fmt == "csv":
            self.csv.writerow(self.fields)
        elif self.fmt == "tsv":
            self.out.write("\t".join(self.fields) + "\n")
        elif self.fmt == "table" and self.level == "document":
            self.out.write(f"{'doc_id':<24} {'sentences':>9} {'reflective':>10} "
                           f"{'factual':>7} {'other':>5} {'share':>6} {'mean p':>6}  error\n")

    def write(self, result) -> None:
        if not self.started:
            self.header()
            self.started = True
        if self.fmt == "table":
            self._table(result)
            return
        rows = sentence_rows(result) if self.level == "sentence" else [document_row(result)]
        for row in rows:
            if self.fmt == "jsonl":
                self.out.write(json.dumps({k: _json_value(row[k]) for k in self.fields},
                                          ensure_ascii=False) + "\n")
            elif self.fmt == "csv":
                self.csv.writerow([_cell(row[k]) for k in self.fields])
            else:
                self.out.write("\t".join(_cell(row[k]).translate(_TSV_ESCAPES)
                                         for k in self.fields) + "\n")

    def _fit(self, text: str, room: int | None) -> str:
        text = " ".join(text.split())
        if room is not None and len(text) > room:
            return text[: max(room - 1, 0)] + "…"
        return text

    def _table(self, result) -> None:
        s = result.summary
        share = "  n/a" if s.reflective_share is None else f"{s.reflective_share:5.0%}"
        mean = "   n/a" if s.mean_p_reflective is None else f"{s.mean_p_reflective:6.2f}"
        if self.level == "document":
            err = "" if result.error is None else str(result.error)
            line = (f"{self._fit(str(result.doc_id), 24):<24} {s.n_sentences:>9} "
                    f"{s.n_reflective:>10} {s.n_factual:>7} {s.n_other:>5} {share:>6} {mean:>6}"
                    f"  {err}")
            self.out.write(self._fit(line, self.width).rstrip() + "\n")
            return
        if result.error is not None:
            head = f"== {result.doc_id}: failed: {result.error}"
            self.out.write(self._fit(head, self.width) + "\n\n")
            return
        head = (f"== {result.doc_id}: {s.n_sentences} sentences, {s.n_reflective} reflective "
                f"({share.strip()} of prose), {s.n_factual} factual, {s.n_other} other")
        self.out.write(self._fit(head, self.width) + "\n")
        room = None if self.width is None else max(self.width - 26, 20)
        for i, sent in enumerate(result.sentences):
            p = "   - " if sent.p_reflective is None else f"{sent.p_reflective:5.2f}"
            self.out.write(f"{i:>5}  {sent.label:<10}  {p}  {self._fit(sent.text, room)}\n")
        self.out.write("\n")


# --------------------------------------------------------------------------
# Output file
# --------------------------------------------------------------------------


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


class _ParquetSink:
    """The `_Writer` interface over a streaming Parquet writer."""

    def __init__(self, writer):
        self.rows = writer
        self.started = True

    def write(self, result) -> None:
        self.rows.add(result)

    def header(self) -> None:  # the schema is written when the file is closed, if not before
        pass


@contextlib.contextmanager
def _parquet_output(path: Path, level: str):
    from ..parquet import ParquetRowWriter, _atomic_binary

    _check_output_path(path)
    with _atomic_binary(path) as f:
        writer = ParquetRowWriter(f, level)
        yield _ParquetSink(writer)
        writer.close()


def _check_output_path(path: Path) -> None:
    if path.is_dir():
        raise CommandError(f"--output {path} is a folder; give a file name", EXIT_USAGE)
    if not path.parent.is_dir():
        raise CommandError(f"cannot write {path}: the folder {path.parent} does not exist",
                           EXIT_IO)


@contextlib.contextmanager
def _atomic_output(path: Path) -> Iterator[IO[str]]:
    """A text file that appears at ``path`` only when the block completes.

    It is written to a temporary file in the same folder and renamed over
    ``path`` (``os.replace``: atomic on POSIX and Windows); on any error or
    interrupt the temporary file is removed and ``path`` is left untouched.
    """
    folder = path.parent
    _check_output_path(path)
    try:
        mode = path.stat().st_mode & 0o7777
    except OSError:
        mode = 0o666 & ~_umask()
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


# --------------------------------------------------------------------------
# Running
# --------------------------------------------------------------------------


def _warn(message: str, bar=None) -> None:
    line = f"{PROG}: warning: {' '.join(cli_words(message).split())}"
    if bar is not None:
        bar.write(line, file=sys.stderr)
    else:
        sys.stderr.write(line + "\n")
        sys.stderr.flush()


def _default_format(args) -> str:
    if args.format is not None:
        fmt = args.format
    elif args.output is not None:
        suffix = Path(args.output).suffix.lower()
        if suffix not in _SUFFIX_FORMATS:
            known = ", ".join(sorted(_SUFFIX_FORMATS))
            raise CommandError(
                f"--output {args.output}: cannot tell the format from the suffix "
                f"{suffix or '(none)'!r}; use one of {known}, or pass --format "
                f"{{{','.join(FORMATS)}}}", EXIT_USAGE)
        fmt = _SUFFIX_FORMATS[suffix]
    else:
        fmt = None
    if fmt is not None:
        if fmt == "parquet" and args.output is None:
            raise CommandError("--format parquet writes a binary file: give it --output "
                               "PATH", EXIT_USAGE)
        return fmt
    try:
        return "table" if sys.stdout.isatty() else "jsonl"
    except (AttributeError, ValueError):
        return "jsonl"


def _documents(args) -> Iterator:
    """All inputs as one stream of ``(doc_id, text or ReadError)``.

    Every path is checked before anything is read, so a typo fails at once.
    """
    from .._read_corpus import MAX_BYTES, read_corpus
    from .._readers import _read_stream

    if args.inputs.count("-") > 1:
        raise CommandError("- (standard input) can be given only once", EXIT_USAGE)
    opts = {"text_field": args.text_field, "id_field": args.id_field or None,
            "encoding": args.encoding, "fallback_encoding": args.fallback_encoding}
    max_bytes = args.max_bytes or MAX_BYTES
    streams: list[Iterator | None] = []
    for src in args.inputs:
        if src == "-":
            streams.append(None)
        else:
            streams.append(read_corpus(src, format=args.input_format, pattern=args.pattern,
                                       max_bytes=max_bytes, **opts))

    def chain():
        for stream in streams:
            if stream is None:
                yield from _read_stream(sys.stdin.buffer, "<stdin>", args.input_format, **opts)
            else:
                yield from stream

    from .._ids import distinct_ids
    from .._stream import Counted

    def total() -> int | None:  # the progress bar's total: known unless stdin is read
        import operator

        if any(stream is None for stream in streams):
            return None
        hints = [operator.length_hint(stream, -1) for stream in streams]
        return None if min(hints) <= 0 else sum(hints)

    return Counted(distinct_ids(chain(), where="input", warn=_warn), total)


def run(args) -> int:
    """Run ``tonesplit label``; return the exit code (0, or 1 if a document failed)."""
    if args.trusted and args.model is None:
        raise CommandError("--trusted applies to --model PATH only; the shipped model is "
                           "always checked", EXIT_USAGE)
    fmt = _default_format(args)
    if fmt == "parquet":  # before any input is read; exit 2 naming the extra if missing
        from .._optional import import_optional

        import_optional("pyarrow.parquet", purpose="--format parquet")
    results = labelled_results(args)
    sink: contextlib.AbstractContextManager[Any]
    if fmt == "parquet":
        sink = _parquet_output(Path(args.output), args.level)
        width = None
    elif args.output is not None:
        sink = _atomic_output(Path(args.output))
        width = None
    else:
        sink = contextlib.nullcontext(sys.stdout)
        width = _terminal_width() if fmt == "table" else None
    failed = total = 0
    try:
        with sink as out:
            writer: Any = out if fmt == "parquet" else _Writer(out, fmt, args.level, width)
            for result in results:
                total += 1
                if result.error is not None:
                    failed += 1
                    _warn(f"{result.doc_id}: {result.error}")
                # a failed or empty document still gets its row (with its error)
                writer.write(result)
            if not writer.started:
                writer.header()
    finally:
        close = getattr(results, "close", None)
        if close is not None:
            close()
    if failed:
        _warn(f"{failed} of {total} documents failed (see above); the other "
              f"{total - failed} were labelled")
        return EXIT_SOME_FAILED
    return EXIT_OK


def _terminal_width() -> int | None:
    try:
        if not sys.stdout.isatty():
            return None
    except (AttributeError, ValueError):
        return None
    return shutil.get_terminal_size((100, 24)).columns
