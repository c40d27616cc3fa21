"""The project metadata names only files that exist."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_licence_text_names_existing_files():
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    text = meta["project"]["license"]["text"]
    named = re.findall(r"[\w./-]+\.md", text)
    assert named, f"the licence text names no model card: {text!r}"
    missing = [p for p in named if not (ROOT / p).is_file()]
    assert not missing, f"pyproject.toml's licence names files that do not exist: {missing}"
