"""The package's layout: a light start-up, one-way imports, short modules."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "tonesplit"
HEAVY = ("numpy", "scipy", "sklearn", "nltk", "pandas", "joblib")


def _modules_after(code: str) -> set[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys\nprint(' '.join(sys.modules))"],
                         capture_output=True, text=True, env=env, check=True).stdout
    return set(out.split())


@pytest.mark.parametrize("argv", [["--version"], ["--help"]])
def test_version_and_help_import_no_heavy_library(argv):
    code = ("import contextlib, io\nfrom tonesplit.cli import main\n"
            f"with contextlib.redirect_stdout(io.StringIO()):\n    main({argv!r})")
    loaded = _modules_after(code)
    assert "tonesplit.cli" in loaded  # the command really ran
    assert not [m for m in HEAVY if m in loaded]


def test_import_tonesplit_is_lazy_and_names_resolve_on_use():
    assert not [m for m in HEAVY if m in _modules_after("import tonesplit")]
    loaded = _modules_after("import tonesplit; tonesplit.label_corpus")
    assert "tonesplit._runner" in loaded and "numpy" in loaded


def test_every_public_name_and_submodule_resolves():
    import tonesplit
    import tonesplit.corpus

    for name in tonesplit.__all__:
        assert getattr(tonesplit, name) is not None
    assert tonesplit.corpus.ReadError is tonesplit.ReadError
    assert tonesplit.corpus.DocumentResult is tonesplit.DocumentResult
    assert callable(tonesplit.segment)  # the function, as in 0.1
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        tonesplit.nope  # noqa: B018


def _runtime_imports(path: Path, package: str) -> set[str]:
    """What ``path`` (in ``package``) imports at run time: lazy imports too, not TYPE_CHECKING.

    ``from .x import y`` gives both ``x`` and ``x.y``; the caller keeps the real modules.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skip.update(id(n) for stmt in node.body for n in ast.walk(stmt))
    found = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            found.add(mod)
            found.update(f"{mod}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return found


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def test_no_import_circles():
    files = sorted(PACKAGE.rglob("*.py"))
    names = {_module_name(f) for f in files}
    graph = {}
    for f in files:
        deps = set()
        me = _module_name(f)
        package = me if f.name == "__init__.py" else me.rsplit(".", 1)[0]
        for m in _runtime_imports(f, package):
            if m in names and m != me and m != "tonesplit":  # the lazy __init__ imports on use
                deps.add(m)
        graph[_module_name(f)] = deps
    state: dict[str, int] = {}
    cycles = []

    def visit(node, stack):
        state[node] = 1
        for dep in sorted(graph.get(node, ())):
            if state.get(dep) == 1:
                cycles.append(stack[stack.index(dep):] + [dep] if dep in stack else [node, dep])
            elif dep not in state:
                visit(dep, stack + [dep])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert graph["tonesplit.corpus"]  # the graph was really built
    assert not cycles, " ; ".join(" -> ".join(c) for c in cycles)


def test_no_module_is_over_600_lines():
    long = {str(f.relative_to(PACKAGE)): n for f in PACKAGE.rglob("*.py")
            if (n := len(f.read_text(encoding="utf-8").splitlines())) > 600
            and f.name != "segment.py"}  # segment.py: split under issue 12
    assert not long
