"""``tonesplit report``: one self-contained HTML page about a corpus.

Exit codes: 0 written, every document labelled; 1 written, some documents
failed (they are listed in the page); 2 usage error; 4 a file cannot be
opened or written.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ._common import EXIT_OK, EXIT_USAGE, CommandError
from ._label import EXIT_SOME_FAILED, _atomic_output, _warn, add_run_arguments, labelled_results

__all__ = ["add_parser", "run"]


def add_parser(subparsers):
    """Register ``report`` on the ``tonesplit`` parser's subparsers."""
    p = subparsers.add_parser(
        "report",
        help="write a self-contained HTML report about a corpus",
        description=(
            "Label the documents of INPUT (files, folders, globs, .jsonl/.csv/.tsv files, as "
            "for tonesplit label) and write one HTML page that needs nothing else: the "
            "share of reflective sentences by group, the most and least reflective "
            "documents, the documents that failed, and every document with each sentence "
            "shaded by the model's confidence."
        ),
        epilog="exit codes: 0 written, 1 written but some documents failed, 2 usage error, "
               "4 a file cannot be opened or written.",
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="files, folders, globs, "
                   ".jsonl/.csv/.tsv files")
    p.add_argument("-o", "--output", metavar="PATH", required=True,
                   help="the .html file to write (atomically)")
    p.add_argument("--group-by", default="folder", metavar="folder|FIELD",
                   help="group documents by their folder (default) or by a JSON field / CSV "
                        "column of the records")
    p.add_argument("--title", default=None, help="the page title (default: the inputs)")
    p.add_argument("--top", type=int, default=10, metavar="N",
                   help="documents in the most/least reflective lists (default: 10)")
    p.add_argument("--max-documents", type=int, default=None, metavar="N",
                   help="render only the first N documents in full (default: all)")
    add_run_arguments(p)
    return p


def _field_groups(args) -> dict:
    """doc_id -> value of the --group-by field, from the record files among the inputs."""
    groups: dict = {}
    for src in args.inputs:
        path = Path(src)
        suffix = path.suffix.lower()
        if not path.is_file() or suffix not in (".jsonl", ".ndjson", ".csv", ".tsv"):
            raise CommandError(f"--group-by {args.group_by}: a field can only be read from "
                               f".jsonl/.csv/.tsv inputs; {src} is not one (use --group-by "
                               "folder)", EXIT_USAGE)
        with path.open(encoding="utf-8", errors="replace", newline="") as f:
            records: Iterable[Any]
            if suffix in (".jsonl", ".ndjson"):
                records = (json.loads(line) for line in f if line.strip())
            else:
                records = csv.DictReader(f, delimiter="," if suffix == ".csv" else "\t")
            for record in records:
                if isinstance(record, dict) and args.id_field in record:
                    groups[record[args.id_field]] = record.get(args.group_by, "(no group)")
    if not groups:
        raise CommandError(f"--group-by {args.group_by}: no record has both "
                           f"{args.id_field!r} and {args.group_by!r}", EXIT_USAGE)
    return groups


def run(args) -> int:
    """Run ``tonesplit report``; return the exit code."""
    from ..report import report_html

    out = Path(args.output)
    if out.suffix.lower() not in (".html", ".htm"):
        raise CommandError(f"--output {args.output}: a report is an .html file", EXIT_USAGE)
    if args.top < 1:
        raise CommandError("--top must be at least 1", EXIT_USAGE)
    if args.max_documents is not None and args.max_documents < 0:
        raise CommandError("--max-documents must be 0 or more", EXIT_USAGE)
    groups = None if args.group_by == "folder" else _field_groups(args)
    results = list(labelled_results(args))
    failed = [r for r in results if r.error is not None]
    for r in failed:
        _warn(f"{r.doc_id}: {r.error}")
    page = report_html(results, groups=groups, title=args.title or "tonesplit report: "
                       + " ".join(args.inputs), top=args.top, max_documents=args.max_documents)
    with _atomic_output(out) as f:
        f.write(page)
    if failed:
        _warn(f"{len(failed)} of {len(results)} documents failed; they are listed in {out}")
        return EXIT_SOME_FAILED
    return EXIT_OK
