"""The wheel carries the model: build it, install it in a clean venv, label a sentence.

The build runs without network (``--no-isolation``, hatchling comes from the
test extras). The clean venv gets the runtime dependencies through a ``.pth``
file pointing at this environment's site-packages (a path added that way is
not scanned for ``.pth`` files, so an editable tonesplit cannot leak in); the
test checks that the tonesplit it imports is the one from the wheel.
"""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("wheel")]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(ROOT)],
        check=True, capture_output=True, text=True,
    )
    (whl,) = out.glob("tonesplit-*.whl")
    return whl


def test_wheel_holds_model_card_lexicons_and_corpus(wheel):
    import zipfile

    names = set(zipfile.ZipFile(wheel).namelist())
    assert "tonesplit/models/tonesplit-model.safetensors" in names
    assert "tonesplit/models/tonesplit-model.json" in names
    assert "tonesplit/py.typed" in names
    assert any(n.startswith("tonesplit/data/lexicons/") for n in names)
    assert any(n.startswith("tonesplit/data/genre/articles-") for n in names)


def test_wheel_labels_a_sentence_in_a_clean_venv(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    py = env_dir / "bin" / "python"
    site = subprocess.run(
        [str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()
    deps = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    Path(site, "_deps_from_test_env.pth").write_text("\n".join(sorted(deps)) + "\n")
    subprocess.run(
        [str(py), "-m", "pip", "install", "--no-index", "--no-deps", "--quiet", str(wheel)],
        check=True, capture_output=True, text=True,
    )
    code = (
        "import tonesplit, sys; "
        f"assert tonesplit.__file__.startswith({str(env_dir)!r}), tonesplit.__file__; "
        "s = tonesplit.label('The council approved the budget on Tuesday.'); "
        "print(s.label, 0 <= s.p_reflective <= 1)"
    )
    out = subprocess.run([str(py), "-c", code], check=True, capture_output=True, text=True,
                         cwd=tmp_path).stdout.split()
    assert out == ["factual", "True"]
    cli = subprocess.run([str(env_dir / "bin" / "tonesplit"), "--help"],
                         capture_output=True, text=True, cwd=tmp_path)
    assert cli.returncode == 0 and "label" in cli.stdout
