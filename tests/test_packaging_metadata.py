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


def test_nltk_pin_admits_the_installed_release_and_its_private_names_exist():
    # tonesplit._segment._punkt builds on Punkt's private patterns and names;
    # the pin in pyproject.toml admits only releases where they were checked.
    from importlib.metadata import version

    from packaging.requirements import Requirement

    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    [pin] = [Requirement(d) for d in meta["project"]["dependencies"]
             if Requirement(d).name == "nltk"]
    assert pin.specifier and any(s.operator == "<" for s in pin.specifier), pin
    assert version("nltk") in pin.specifier, (version("nltk"), str(pin))

    from tonesplit._segment._nltk import punkt_module

    punkt = punkt_module()
    for name in ("_word_tokenize_fmt", "_period_context_fmt", "_re_word_start",
                 "_word_tokenizer_re", "period_context_re"):
        assert hasattr(punkt.PunktLanguageVars, name), name
    assert isinstance(punkt._ORTHO_MID_LC, int)
    assert {"PunktToken", "PunktParameters", "PunktSentenceTokenizer"} <= set(vars(punkt))
