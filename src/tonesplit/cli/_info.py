"""``tonesplit info``: the model file, its checksum, versions and card summary.

It reads the model card and hashes the file; it never unpickles the model, so
it is safe to run on a file of unknown origin.
"""

from __future__ import annotations

import argparse
import contextlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ._common import (
    EXIT_MODEL_FILE,
    EXIT_MODEL_VERSION,
    EXIT_OK,
    EXIT_USAGE,
    CommandError,
    fail,
    to_json,
)

__all__ = ["add_parser", "describe_model", "run", "summary_lines"]


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Register ``info`` on the ``tonesplit`` parser's subparsers."""
    p = subparsers.add_parser(
        "info",
        help="show the model file, its checksum, versions and card",
        description=(
            "Show the model file (the shipped one by default), its sha256 checked against "
            "the model card, the library versions it was saved with beside the installed "
            "ones, its training data and licences, and its metrics. The model is not "
            "loaded, so this is safe on any file. Exits 5 when the file does not match "
            "its card, 6 when it was saved under another scikit-learn minor version."
        ),
    )
    p.add_argument("--model", metavar="PATH", default=None,
                   help="a model file written by `tonesplit train` (default: the shipped model)")
    p.add_argument("--json", action="store_true", help="print JSON for machines")
    return p


def _minor(version) -> str:
    return ".".join(str(version).split(".")[:2])


def _read_card(card_file: Path) -> dict | None:
    from ..errors import ModelFileError

    if not card_file.is_file():
        return None
    try:
        card = json.loads(card_file.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError, RecursionError) as err:
        raise ModelFileError(f"model card {card_file} is not valid JSON: {err}") from None
    if not isinstance(card, dict):
        raise ModelFileError(f"model card {card_file} holds a {type(card).__name__}, "
                             "not a JSON object")
    return card


def describe_model(path: str | None = None) -> dict:
    """Everything ``info`` shows, as a dict (the ``--json`` output).

    ``status`` is ``"ok"``, ``"no card"``, ``"sha256 mismatch"``,
    ``"not a model file"`` or ``"later format"`` (written by a later tonesplit).
    """
    from importlib import resources

    from ..persist import SHIPPED_NAME, card_path, library_versions, sha256_of

    with contextlib.ExitStack() as stack:
        if path is None:
            ref = resources.files("tonesplit") / "models" / SHIPPED_NAME
            model_file = stack.enter_context(resources.as_file(ref))
        else:
            model_file = Path(path)
        if "\x00" in str(model_file) or not model_file.is_file():
            what = "is a folder" if model_file.is_dir() else "does not exist"
            raise CommandError(f"model file {model_file} {what}",
                               EXIT_USAGE if path is not None else EXIT_MODEL_FILE)
        model_file = model_file.resolve()
        card_file = card_path(model_file)
        card = _read_card(card_file)
        digest = sha256_of(model_file)
        problem = _unreadable(model_file)
        size = model_file.stat().st_size
    installed = library_versions()
    saved = card.get("versions") if card else None
    saved = saved if isinstance(saved, dict) else {}
    info: dict[str, Any] = {
        "model_file": str(model_file),
        "shipped": path is None,
        "size_bytes": size,
        "card_file": str(card_file) if card is not None else None,
        "sha256": {"file": digest, "card": card.get("sha256") if card else None},
        "versions": {"saved": saved, "installed": installed},
        "created": card.get("created") if card else None,
        "training_data": _training_data(card),
        "metrics": card.get("metrics") if card else None,
        "card": card,
    }
    info["sha256"]["match"] = digest == info["sha256"]["card"]
    if not info["sha256"]["match"] and card is not None:
        info["status"] = "sha256 mismatch"
    elif problem is not None:
        info["status"], info["problem"] = problem
    elif card is None:
        info["status"] = "no card"
    else:
        info["status"] = "ok"
    return info


def _unreadable(path: Path) -> tuple[str, str] | None:
    """``(status, why)`` when ``path`` is not a model file this tonesplit reads, else None.

    The file is read as data, never unpickled.
    """
    from .._modelfile import read
    from ..errors import ModelFileError, ModelVersionError

    try:
        read(path)
    except ModelVersionError as err:
        return "later format", str(err)
    except ModelFileError as err:
        return "not a model file", str(err)
    return None


def _training_data(card: dict | None) -> list[dict]:
    """The card's training data as ``[{source, licence, sentences, ...}]``."""
    if not card:
        return []
    data = card.get("training_data", card.get("data", []))
    if isinstance(data, dict):  # {source: {...}} or {source: licence}
        data = [{"source": k, **(v if isinstance(v, dict) else {"licence": v})}
                for k, v in data.items()]
    rows = []
    for entry in data if isinstance(data, list) else []:
        if isinstance(entry, dict):
            rows.append(entry)
        else:
            rows.append({"source": str(entry)})
    return rows


def summary_lines(card: dict) -> Iterator[str]:
    """Human-readable lines of a model card: training data, licences, metrics."""
    from ._evaluate import format_metrics

    if card.get("sha256"):
        yield f"sha256    {card['sha256']}"
    if card.get("created"):
        yield f"created   {card['created']}"
    rows = _training_data(card)
    yield "training data:"
    if not rows:
        yield "  (not recorded in the card)"
    for r in rows:
        name = r.get("source", r.get("name", "?"))
        n = r.get("sentences", r.get("n"))
        count = f"{n:,} sentences" if isinstance(n, int) and not isinstance(n, bool) else ""
        yield f"  {name:<12} {count:>18}  licence: {r.get('licence', r.get('license', '?'))}"
    yield "metrics:"
    metrics = card.get("metrics")
    metrics = dict(metrics) if isinstance(metrics, dict) else {}
    cv = card.get("genre_cross_validation")
    if isinstance(cv, dict):  # whole genre articles held out (training.train)
        for key, name in (("macro_f1", "genre articles held out"),
                          ("macro_f1_context", "genre articles held out, context")):
            if key in cv:
                metrics[name] = {"macro_f1": cv[key]}
    for line in (format_metrics(metrics) if metrics else ["(not recorded in the card)"]):
        yield "  " + line


def _text(info: dict) -> Iterator[str]:
    size = info["size_bytes"]
    shipped = " [shipped]" if info["shipped"] else ""
    yield f"model     {info['model_file']} ({size:,} bytes){shipped}"
    yield f"card      {info['card_file'] or '(none)'}"
    sha = info["sha256"]
    if sha["card"] is None:
        verdict = "no card records a sha256: the file is unknown"
    elif sha["match"]:
        verdict = "matches the card"
    else:
        verdict = f"DOES NOT MATCH the card ({sha['card']})"
    yield f"sha256    {sha['file']} ({verdict})"
    if info["created"]:
        yield f"created   {info['created']}"
    yield "versions  library        saved with   installed"
    saved, installed = info["versions"]["saved"], info["versions"]["installed"]
    for lib in installed:
        yield f"          {lib:<14} {saved.get(lib, '-')!s:<12} {installed[lib]}"
    card = info["card"] or {}
    yield from summary_lines({k: v for k, v in card.items() if k not in ("sha256", "created")})


def run(args: argparse.Namespace) -> int:
    """Print the description; exit 5 or 6 when the file would be refused by load_model."""
    info = describe_model(args.model)
    if args.json:
        print(to_json(info))
    else:
        for line in _text(info):
            print(line)
    status = info["status"]
    if status == "ok":
        return EXIT_OK
    if status == "no card":  # the file checks itself; only the card's sha256 is missing
        return EXIT_OK
    if status == "later format":
        fail(f"{info['problem']}: load_model() will refuse it")
        return EXIT_MODEL_VERSION
    if status == "not a model file":
        fail(f"{info['problem']}: load_model() will refuse it")
    else:
        fail(f"{info['model_file']} does not match its model card: load_model() will refuse it")
    return EXIT_MODEL_FILE
