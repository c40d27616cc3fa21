"""Keep ``__all__`` honest: of the package and of every public module.

Every listed name exists and is documented: a function or class by its
docstring, a constant by a ``#:`` comment above it (or a mention in its
module's docstring). The package exports nothing public it does not list.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
import types
from pathlib import Path

import pytest

import tonesplit


def public_modules() -> list[str]:
    names = ["tonesplit"]
    for info in pkgutil.walk_packages(tonesplit.__path__, prefix="tonesplit."):
        if any(part.startswith("_") for part in info.name.split(".")[1:]):
            continue
        names.append(info.name)
    return sorted(names)


def _import(name: str) -> types.ModuleType:
    try:
        return importlib.import_module(name)
    except ImportError as err:  # an optional extra that is not installed
        pytest.skip(f"{name} needs an optional dependency: {err}")


def _has_doc_comment(source: str, name: str) -> bool:
    lines = source.splitlines()
    for i, line in enumerate(lines):
        if re.match(rf"{re.escape(name)}\s*(:[^=]*)?=", line):
            j = i - 1
            while j >= 0 and lines[j].startswith("#") and not lines[j].startswith("#:"):
                j -= 1
            if j >= 0 and lines[j].startswith("#:"):
                return True
    return False


def _documented_constant(module: types.ModuleType, name: str) -> bool:
    """A ``#:`` comment above its assignment, in the module or in a module beside it
    (a re-export from a private module), or a mention in the module docstring."""
    if name == "__version__":
        return True
    doc = module.__doc__ or ""
    if f"``{name}``" in doc or f"`{name}`" in doc:
        return True
    try:
        path = Path(inspect.getsourcefile(module))
    except TypeError:
        return False
    return any(_has_doc_comment(f.read_text(encoding="utf-8"), name)
               for f in [path, *sorted(path.parent.glob("*.py"))])


def _defined_docstring(obj) -> str | None:
    doc = obj.__dict__.get("__doc__") if isinstance(obj, type) else getattr(obj, "__doc__", None)
    return doc if doc and doc.strip() else None


def test_public_modules_are_found():
    mods = public_modules()
    for name in ("tonesplit", "tonesplit.api", "tonesplit.model", "tonesplit.features",
                 "tonesplit.persist", "tonesplit.sentence", "tonesplit.segment",
                 "tonesplit.errors", "tonesplit.cli"):
        assert name in mods


@pytest.mark.parametrize("module_name", public_modules())
def test_all_names_exist_and_are_documented(module_name):
    module = _import(module_name)
    assert (module.__doc__ or "").strip(), f"{module_name} has no module docstring"
    exported = getattr(module, "__all__", None)
    assert exported is not None, f"{module_name} has no __all__"
    assert len(exported) == len(set(exported)), f"duplicates in {module_name}.__all__"
    undocumented = []
    for name in exported:
        assert hasattr(module, name), f"{module_name}.__all__ lists {name!r}, which is missing"
        obj = getattr(module, name)
        if callable(obj) or isinstance(obj, type):
            if _defined_docstring(obj) is None:
                undocumented.append(name)
        elif isinstance(obj, types.ModuleType):
            continue
        else:
            home = module
            if not _documented_constant(home, name):
                undocumented.append(name)
    assert not undocumented, f"{module_name}: undocumented public names {undocumented}"


def test_package_all_matches_star_import():
    namespace: dict = {}
    exec("from tonesplit import *", namespace)  # noqa: S102
    namespace.pop("__builtins__")
    assert sorted(namespace) == sorted(tonesplit.__all__)


def test_package_exports_nothing_public_it_does_not_list():
    leaked = [
        name for name, obj in vars(tonesplit).items()
        if not name.startswith("_") and name not in tonesplit.__all__
        and not isinstance(obj, types.ModuleType)
    ]
    assert not leaked, f"public names missing from tonesplit.__all__: {leaked}"


def test_top_level_names_come_from_their_public_module():
    """`tonesplit.X` is the same object as the one in its defining module's __all__."""
    for name in tonesplit.__all__:
        obj = getattr(tonesplit, name)
        home = getattr(obj, "__module__", None)
        if not home or not home.startswith("tonesplit") or isinstance(obj, str):
            continue
        module = importlib.import_module(home)
        public_home = home if not any(p.startswith("_") for p in home.split(".")[1:]) else None
        if public_home:
            assert name in getattr(module, "__all__", []), f"{home}.__all__ lacks {name}"


def test_errors_are_value_and_runtime_errors():
    assert issubclass(tonesplit.ModelFileError, ValueError)
    assert issubclass(tonesplit.ModelVersionError, RuntimeError)
    # a refused file of a later tonesplit is still caught by `except ModelFileError`
    assert issubclass(tonesplit.ModelVersionError, tonesplit.ModelFileError)


def test_package_is_typed():
    from importlib import resources

    assert (resources.files("tonesplit") / "py.typed").is_file()


def test_cli_subcommand_modules_have_their_interface():
    from tonesplit.cli import SUBCOMMANDS, _available

    for name, (module_name, _) in SUBCOMMANDS.items():
        if not _available(name):
            continue
        module = importlib.import_module(module_name)
        for attr in ("add_parser", "run"):
            assert callable(getattr(module, attr, None)), f"{module_name}.{attr}"
        assert {"add_parser", "run"} <= set(getattr(module, "__all__", ())), module_name
