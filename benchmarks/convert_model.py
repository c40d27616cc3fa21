"""Convert the 0.1 shipped model (a joblib pickle) to the 0.2 data format, once.

This is the only place that unpickles, and only the project's own file,
after checking it against the sha256 on its card. The card's content is kept
(recipe, training data, metrics); the new file gets its own sha256.

    python benchmarks/convert_model.py OLD.joblib NEW.safetensors
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import joblib

from tonesplit.persist import card_path, save_model, sha256_of


def main(old: str, new: str) -> None:
    old_path = Path(old)
    card = json.loads(card_path(old_path).read_text(encoding="utf-8"))
    if sha256_of(old_path) != card["sha256"]:
        raise SystemExit(f"{old_path} does not match its card; not unpickling it")
    model = joblib.load(old_path)  # our own file, checked above
    # The pickle is not shipped beside the new file: record what it was, not a
    # digest of a file that is gone (a card's sha256 names the file beside it).
    card.pop("sha256")
    card["converted_from"] = {
        "format": f"joblib pickle of tonesplit 0.1 ({old_path.name}, no longer shipped)",
        "versions": card.pop("versions", {}),
    }
    card.pop("size_bytes", None)
    out = save_model(model, new, card=card)
    print(f"{new}: {out['size_bytes']:,} bytes, sha256 {out['sha256']}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
