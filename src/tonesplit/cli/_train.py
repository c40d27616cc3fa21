"""``tonesplit train``: train a tier's shipped recipe and save the model with its card."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ._common import EXIT_OK, EXIT_USAGE, CommandError, to_json

__all__ = ["add_parser", "run"]

DEFAULT_OUTPUT = "tonesplit-model.safetensors"
DEFAULT_ACCURATE = "tonesplit-accurate.safetensors"


def _seed(value: str) -> int:
    try:
        seed = int(value, 10)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, got {value!r}") from None
    if not 0 <= seed < 2**32:
        raise argparse.ArgumentTypeError(f"must be between 0 and 2**32 - 1, got {seed}")
    return seed


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Register ``train`` on the ``tonesplit`` parser's subparsers."""
    p = subparsers.add_parser(
        "train",
        help="train a model on the public data sets and save it",
        description=(
            "Train a tier's shipped recipe and save the model to OUTPUT with its model card "
            "beside it (same name, .json); load it later with tonesplit.load_model(OUTPUT). "
            "--tier fast (the default model) distils the accurate tier's encoder: its "
            "logits over the silver pool of real news (stored in the package) are soft "
            "targets beside the CheckThat! and genre gold labels."
        ),
    )
    p.add_argument("--output", "-o", metavar="PATH", default=DEFAULT_OUTPUT,
                   help=f"where to write the model (default: ./{DEFAULT_OUTPUT})")
    p.add_argument("--data-home", metavar="DIR", default=None,
                   help="folder holding the public data sets (default: TONESPLIT_DATA_HOME "
                        "or the download cache)")
    p.add_argument("--seed", type=_seed, default=0, metavar="N",
                   help="random seed for cross-validation and calibration (default: 0)")
    p.add_argument("--tier", choices=("fast", "accurate"), default="fast",
                   help="fast: the linear model (default); accurate: fine-tune an encoder "
                        "(needs pip install 'tonesplit[train]' and --base)")
    p.add_argument("--base", metavar="DIR", default=None,
                   help="accurate tier: a local folder holding the encoder to fine-tune "
                        "(transformers format, e.g. all-MiniLM-L6-v2); nothing is downloaded")
    p.add_argument("--epochs", type=float, default=1.0, metavar="N",
                   help="accurate tier: passes over the training sentences (default: 1)")
    p.add_argument("--silver-weight", type=float, default=0.0, metavar="W",
                   help="accurate tier: weight of the guideline silver sentences "
                        "(default: 0, left out)")
    p.add_argument("--hold-out-genre", type=int, default=0, metavar="N",
                   help="accurate tier: keep every N-th genre article out of training, to "
                        "check on (default: 0, none; the shipped model used 5)")
    p.add_argument("--json", action="store_true",
                   help="print the model card as JSON instead of a summary")
    p.add_argument("--verbose", "-v", action="store_true", help="report progress on stderr")
    return p


def _check_output(output: str) -> Path:
    path = Path(output)
    if not output.strip() or "\x00" in output:
        raise CommandError(f"--output must be a file path, got {output!r}", EXIT_USAGE)
    if path.suffix.lower() in (".json", ".md"):
        raise CommandError(
            f"--output {output}: the model card is written beside the model as "
            f"{path.with_suffix('.json').name} (and .md), so the model itself cannot end in "
            f"{path.suffix}; use e.g. model.safetensors", EXIT_USAGE)
    if path.is_dir():
        raise CommandError(f"--output {output} is a folder; give a file name, e.g. "
                           f"{path / DEFAULT_OUTPUT}", EXIT_USAGE)
    parent = path.parent
    if not parent.exists():
        raise CommandError(f"--output {output}: folder {parent} does not exist", EXIT_USAGE)
    if not os.access(parent, os.W_OK):
        raise CommandError(f"--output {output}: folder {parent} is not writable", EXIT_USAGE)
    return path


def _run_accurate(args: argparse.Namespace) -> int:
    output = Path(DEFAULT_ACCURATE if args.output == DEFAULT_OUTPUT else args.output)
    if output.suffix == ".npz":
        raise CommandError(f"--output {output}: the accurate tier is saved in the tonesplit "
                           "model format; name it e.g. tonesplit-accurate.safetensors",
                           EXIT_USAGE)
    _check_output(str(output))
    if args.base is None or not Path(args.base).is_dir():
        raise CommandError("--tier accurate needs --base DIR, a local folder holding the "
                           f"encoder to fine-tune (got {args.base!r})", EXIT_USAGE)
    if not args.epochs > 0:
        raise CommandError(f"--epochs must be above 0, got {args.epochs}", EXIT_USAGE)
    try:
        from ..encoder._finetune import FineTuneConfig, load_base
        from ..encoder._recipe import AccurateRecipe, genre_held_out, train_accurate

        base = load_base(args.base)
    except ImportError as exc:
        raise CommandError(str(exc), EXIT_USAGE) from None
    if args.hold_out_genre < 0:
        raise CommandError(f"--hold-out-genre must be 0 or more, got {args.hold_out_genre}",
                           EXIT_USAGE)
    held = genre_held_out(args.hold_out_genre) if args.hold_out_genre else ()
    recipe = AccurateRecipe(silver_weight=args.silver_weight, held_out_articles=held,
                            fine_tune=FineTuneConfig(epochs=args.epochs, seed=args.seed))
    log = (lambda m: print(m, file=sys.stderr)) if args.verbose else None
    card = train_accurate(output, base, recipe=recipe, data_home=args.data_home, log=log)
    if args.json:
        print(to_json(card))
    else:
        print(f"saved {output} and its card {output.with_suffix('.json').name}")
    return EXIT_OK


def run(args: argparse.Namespace) -> int:
    """Train and save; print where the model went and its headline metrics."""
    if args.tier == "accurate":
        data_home = args.data_home
        if data_home is not None and not Path(data_home).is_dir():
            raise CommandError(f"--data-home {data_home} is not a folder", EXIT_USAGE)
        return _run_accurate(args)
    output = _check_output(args.output)
    data_home = args.data_home
    if data_home is not None and not Path(data_home).is_dir():
        raise CommandError(f"--data-home {data_home} is not a folder", EXIT_USAGE)
    from .. import training

    if args.verbose:  # progress goes to stderr so stdout stays the result
        import contextlib

        with contextlib.redirect_stdout(sys.stderr):
            card = training.train(output, data_home=data_home, seed=args.seed, verbose=True)
    else:
        card = training.train(output, data_home=data_home, seed=args.seed, verbose=False)
    if args.json:
        print(to_json(card))
        return EXIT_OK
    from ._info import summary_lines

    print(f"saved {output} and its card {output.with_suffix('.json').name}")
    for line in summary_lines(card):
        print(line)
    return EXIT_OK
