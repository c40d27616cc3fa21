"""``tonesplit evaluate``: score a model on the held-out test set."""

from __future__ import annotations

import argparse
import math
import numbers
from collections.abc import Iterator
from pathlib import Path

from ._common import EXIT_OK, EXIT_USAGE, CommandError, load_model_file, to_json

__all__ = ["add_parser", "format_metrics", "metric_rows", "run"]


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Register ``evaluate`` on the ``tonesplit`` parser's subparsers."""
    p = subparsers.add_parser(
        "evaluate",
        help="score a model on the held-out test set",
        description=(
            "Score a model (the shipped one by default) on the held-out test data: "
            "macro-F1 with its 95% bootstrap interval per data set, beside the peer "
            "baselines. Prints a table, or JSON with --json."
        ),
    )
    p.add_argument("--model", metavar="PATH", default=None,
                   help="a model file written by `tonesplit train` (default: the shipped model)")
    p.add_argument("--trusted", action="store_true",
                   help="load --model even without a matching model card (only for files you "
                        "made yourself: loading a model runs code)")
    p.add_argument("--data-home", metavar="DIR", default=None,
                   help="folder holding the public data sets (default: TONESPLIT_DATA_HOME "
                        "or the download cache)")
    p.add_argument("--json", action="store_true", help="print JSON for machines")
    return p


def _number(value) -> float | None:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return None
    return float(value)


def _count(value) -> int | None:
    number = _number(value)
    return int(number) if number is not None and math.isfinite(number) else None


def _score(entry: dict) -> tuple[float | None, float | None, float | None, int | None]:
    """(macro-F1, CI low, CI high, n) of one data set's entry, in either layout.

    The flat layout has ``macro_f1``, ``ci_low``, ``ci_high`` and ``n`` side by
    side; the nested one has ``macro_f1: {value, low, high, n}``.
    """
    mf = entry.get("macro_f1")
    if isinstance(mf, dict):
        value = mf.get("value", mf.get("macro_f1"))
        low, high = mf.get("low", mf.get("ci_low")), mf.get("high", mf.get("ci_high"))
        n = mf.get("n", entry.get("n"))
    else:
        value, low, high, n = mf, entry.get("ci_low"), entry.get("ci_high"), entry.get("n")
    return _number(value), _number(low), _number(high), _count(n)


_SCORE_KEYS = {"macro_f1", "ci_low", "ci_high", "n", "peers"}


def metric_rows(metrics, prefix: str = "") -> Iterator[dict]:
    """Flatten an ``evaluate()`` result into table rows, data sets then their peers.

    Every mapping holding a ``macro_f1`` is a row; ``peers`` inside one gives
    indented rows; a mapping with ``skipped`` gives a row saying why.
    """
    if not isinstance(metrics, dict):
        return
    for key, entry in metrics.items():
        name = f"{prefix}{key}"
        if not isinstance(entry, dict):
            continue
        if "macro_f1" in entry:
            f1, low, high, n = _score(entry)
            notes = ", ".join(
                f"{k}={_fmt(v)}" for k, v in entry.items()
                if k not in _SCORE_KEYS and isinstance(v, (numbers.Real, str))
                and not isinstance(v, bool))
            yield {"name": name, "macro_f1": f1, "ci_low": low, "ci_high": high, "n": n,
                   "notes": notes}
            peers = entry.get("peers")
            if isinstance(peers, dict):
                for peer, value in peers.items():
                    if isinstance(value, dict):
                        yield from metric_rows({peer: value}, prefix=f"{name} / ")
                    elif _number(value) is not None:
                        yield {"name": f"{name} / {peer}", "macro_f1": _number(value),
                               "ci_low": None, "ci_high": None, "n": None, "notes": ""}
        elif "skipped" in entry:
            yield {"name": name, "macro_f1": None, "ci_low": None, "ci_high": None, "n": None,
                   "notes": f"skipped: {entry['skipped']}"}
        else:
            yield from metric_rows(entry, prefix=f"{name} / ")


def _fmt(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.3f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def format_metrics(metrics) -> list[str]:
    """A readable table of an ``evaluate()`` result (one string per line)."""
    rows = list(metric_rows(metrics))
    if not rows:
        return ["(no metrics recorded)"]
    table = [("data set", "macro-F1", "95% CI", "n", "notes")]
    for r in rows:
        ci = "-" if r["ci_low"] is None else f"[{r['ci_low']:.3f}, {r['ci_high']:.3f}]" \
            if r["ci_high"] is not None else "-"
        table.append((r["name"], _fmt(r["macro_f1"]), ci, _fmt(r["n"]), r["notes"]))
    widths = [max(len(row[i]) for row in table) for i in range(4)]
    lines = []
    for i, row in enumerate(table):
        cells = [row[0].ljust(widths[0]), row[1].rjust(widths[1]), row[2].ljust(widths[2]),
                 row[3].rjust(widths[3]), row[4]]
        lines.append("  ".join(cells).rstrip())
        if i == 0:
            lines.append("  ".join("-" * w for w in widths) + ("  -----" if any(
                r[4] for r in table[1:]) else ""))
    return lines


def run(args: argparse.Namespace) -> int:
    """Load the model (checked against its card) and print its scores."""
    if args.trusted and args.model is None:
        raise CommandError("--trusted only applies to a --model file of your own", EXIT_USAGE)
    if args.data_home is not None and not Path(args.data_home).is_dir():
        raise CommandError(f"--data-home {args.data_home} is not a folder", EXIT_USAGE)
    from .. import training

    model = None if args.model is None else load_model_file(args.model, args.trusted)
    result = training.evaluate(model, data_home=args.data_home)
    if args.json:
        print(to_json(result))
    else:
        print(f"model: {args.model or 'shipped model'}")
        for line in format_metrics(result):
            print(line)
    return EXIT_OK
