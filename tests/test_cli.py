"""The command line, run in-process through ``tonesplit.cli.main``.

``tonesplit.training`` is replaced by a fake that fits a tiny model, so these
tests check the CLI (arguments, output, exit codes) and real model files, not
the training recipe.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import types
from pathlib import Path

import pytest

import tonesplit
from tonesplit.cli import SUBCOMMANDS, main
from tonesplit.cli import _common as common

SRC = Path(tonesplit.__file__).resolve().parent.parent
DOCS = SRC.parent / "docs"

SENTENCES = [
    ("Officials said the bridge reopened on Monday.", "factual"),
    ("Perhaps we never learn from history.", "reflective"),
    ("The vote passed 52 to 48 on Tuesday.", "factual"),
    ("What a sad reminder of our folly this is.", "reflective"),
    ("Police arrested two men near the station.", "factual"),
    ("We should all feel ashamed of this.", "reflective"),
    ("The company reported profits of 3 million.", "factual"),
    ("It is a lesson we seem determined to forget.", "reflective"),
] * 3

METRICS = {
    "dev_test": {"macro_f1": {"value": 0.75, "low": 0.7, "high": 0.8, "n": 300}, "ece": 0.05},
    "textblob": {"threshold_from_dev": 0.4,
                 "macro_f1": {"value": 0.6, "low": 0.55, "high": 0.65, "n": 300}},
    "genre": {"macro_f1": 0.8, "ci_low": 0.75, "ci_high": 0.85, "n": 120,
              "peers": {"vader": {"macro_f1": 0.5, "ci_low": 0.45, "ci_high": 0.55, "n": 120},
                        "textblob": 0.55}},
    "subj": {"skipped": "data set not downloaded"},
}


def fit_small(**params):
    X, y = zip(*SENTENCES)
    return tonesplit.ToneClassifier(min_df=1, **params).fit(list(X), list(y))


class FakeTraining(types.ModuleType):
    """Stands in for ``tonesplit.training``; records its calls."""

    def __init__(self):
        super().__init__("tonesplit.training")
        self.calls = []

    def train(self, output, *, data_home=None, seed=0, verbose=False):
        self.calls.append(("train", str(output), data_home, seed, verbose))
        if verbose:
            print("training on 24 sentences")
        card = {"training_data": [{"source": "tiny", "licence": "CC0", "sentences": 24}],
                "metrics": METRICS}
        return fit_small(random_state=seed).save(output, card=card)

    def evaluate(self, model=None, *, data_home=None):
        self.calls.append(("evaluate", model, data_home))
        return METRICS


@pytest.fixture
def fake_training(monkeypatch):
    fake = FakeTraining()
    monkeypatch.setitem(sys.modules, "tonesplit.training", fake)
    monkeypatch.setattr(tonesplit, "training", fake, raising=False)
    return fake


@pytest.fixture(scope="module")
def saved_model(tmp_path_factory):
    path = tmp_path_factory.mktemp("model") / "own.joblib"
    fit_small().save(path, card={"metrics": METRICS})
    return path


def copy_model(src: Path, dst_dir: Path, name="m.joblib", card=True) -> Path:
    dst = dst_dir / name
    dst.write_bytes(src.read_bytes())
    if card:
        dst.with_suffix(".json").write_text(src.with_suffix(".json").read_text())
    return dst


def run_cli(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "Traceback" not in out
    return code, out, err


def one_error_line(err: str) -> str:
    lines = [ln for ln in err.splitlines() if ln.startswith("tonesplit: error:")]
    assert len(lines) == 1, err
    return lines[0]


# -- the parser ---------------------------------------------------------------

def test_help_lists_the_commands(capsys):
    code, out, _ = run_cli(capsys, "--help")
    assert code == 0
    for name in ("train", "evaluate", "info"):
        assert name in out
    assert "exit codes" in out


@pytest.mark.parametrize("name", ["train", "evaluate", "info"])
def test_subcommand_help(capsys, name):
    code, out, _ = run_cli(capsys, name, "--help")
    assert code == 0
    assert f"tonesplit {name}" in out


def test_version(capsys):
    code, out, _ = run_cli(capsys, "--version")
    assert code == 0
    assert out.strip() == f"tonesplit {tonesplit.__version__}"


def test_no_command_is_a_usage_error(capsys):
    code, _, err = run_cli(capsys)
    assert code == common.EXIT_USAGE
    assert "a command is required" in one_error_line(err)


@pytest.mark.parametrize("argv", [["nope"], ["info", "--nope"], ["--nope"], ["train", "--seed"],
                                  ["train", "--seed", "abc"], ["train", "--seed", "-1"],
                                  ["train", "--seed", "1e3"], ["evaluate", "--model"]])
def test_usage_errors(capsys, argv):
    code, _, err = run_cli(capsys, *argv)
    assert code == common.EXIT_USAGE
    assert "error:" in err


def test_main_refuses_a_string_argv():
    with pytest.raises(TypeError, match="argv"):
        main("info")
    with pytest.raises(TypeError, match="argv"):
        main([b"info"])


def test_label_is_registered_when_its_module_exists(capsys):
    from tonesplit.cli import _available

    _, out, _ = run_cli(capsys, "--help")
    assert ("label" in out.split("commands:")[1]) == _available("label")


def test_help_points_to_nothing_a_pip_user_lacks(capsys):
    _, out, _ = run_cli(capsys, "--help")
    assert "docs/" not in out and "--help" in out.split("exit codes", 1)[1]
    for name in SUBCOMMANDS:
        _, out, _ = run_cli(capsys, name, "--help")
        assert "docs/" not in out, name


def test_help_imports_no_subcommand_module():
    """``tonesplit --help`` through the real package: no subcommand parser, no heavy library."""
    code = """
import sys, io, contextlib
from tonesplit.cli import main
with contextlib.redirect_stdout(io.StringIO()) as out:
    assert main(["--help"]) == 0
assert "commands:" in out.getvalue()
heavy = sorted(m for m in sys.modules
               if m.split(".")[0] in ("sklearn", "numpy", "scipy", "joblib", "nltk")
               or m in ("tonesplit.cli._train", "tonesplit.cli._evaluate", "tonesplit.cli._info",
                        "tonesplit.cli._label"))
print(sorted(m for m in sys.modules if m.startswith("tonesplit")), heavy)
"""
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, check=True).stdout
    loaded, heavy = out.strip().rsplit("] ", 1)
    assert "'tonesplit'" in loaded and "'tonesplit.cli'" in loaded  # the real package ran
    assert heavy == "[]"


def test_python_dash_m(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    proc = subprocess.run([sys.executable, "-m", "tonesplit", "info", "--json"],
                          capture_output=True, text=True, env=env, cwd=tmp_path, check=False)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["status"] == "ok"
    proc = subprocess.run([sys.executable, "-m", "tonesplit", "evaluate", "--model",
                           str(tmp_path / "missing.joblib")],
                          capture_output=True, text=True, env=env, cwd=tmp_path, check=False)
    assert proc.returncode == common.EXIT_MODEL_FILE
    assert proc.stderr.startswith("tonesplit: error:") and "Traceback" not in proc.stderr


# -- train ----------------------------------------------------------------------

def test_train_writes_model_and_card(capsys, tmp_path, fake_training):
    out_path = tmp_path / "m.joblib"
    code, out, err = run_cli(capsys, "train", "--output", str(out_path), "--seed", "7")
    assert code == 0, err
    assert out_path.is_file() and out_path.with_suffix(".json").is_file()
    assert fake_training.calls == [("train", str(out_path), None, 7, False)]
    assert "sha256" in out and "CC0" in out and "dev_test" in out
    assert tonesplit.load_model(out_path).classes_.tolist() == ["factual", "reflective"]


def test_train_json_and_verbose(capsys, tmp_path, fake_training):
    out_path = tmp_path / "m.joblib"
    code, out, err = run_cli(capsys, "train", "-o", str(out_path), "--json", "-v",
                             "--data-home", str(tmp_path))
    assert code == 0
    card = json.loads(out)  # progress went to stderr, stdout is pure JSON
    assert card["sha256"] == tonesplit.persist.sha256_of(out_path)
    assert "training on" in err
    assert fake_training.calls[0][2] == str(tmp_path)


def test_train_default_output_is_in_cwd(capsys, tmp_path, fake_training, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, _, _ = run_cli(capsys, "train")
    assert code == 0
    assert (tmp_path / "tonesplit-model.safetensors").is_file()


@pytest.mark.parametrize("output,why", [
    ("model.json", "cannot end in .json"),
    ("model.md", "cannot end in .md"),
    ("{tmp}", "is a folder"),
    ("{tmp}/no/such/dir/m.joblib", "does not exist"),
    ("", "must be a file path"),
])
def test_train_refuses_bad_output(capsys, tmp_path, fake_training, output, why):
    code, _, err = run_cli(capsys, "train", "--output", output.format(tmp=tmp_path))
    assert code == common.EXIT_USAGE
    assert why in one_error_line(err)
    assert fake_training.calls == []


def test_train_refuses_missing_data_home(capsys, tmp_path, fake_training):
    code, _, err = run_cli(capsys, "train", "-o", str(tmp_path / "m.joblib"),
                           "--data-home", str(tmp_path / "nowhere"))
    assert code == common.EXIT_USAGE
    assert "--data-home" in one_error_line(err)


@pytest.mark.parametrize("exc,code,text", [
    (ValueError("y holds one class only"), common.EXIT_DATA, "y holds one class only"),
    (TypeError("X must be str"), common.EXIT_DATA, "X must be str"),
    (FileNotFoundError(2, "No such file or directory", "/data/x.tsv"), common.EXIT_IO,
     "No such file or directory: /data/x.tsv"),
    (PermissionError(13, "Permission denied", "/ro/m.joblib"), common.EXIT_IO,
     "Permission denied"),
    (tonesplit.ModelFileError("bad file"), common.EXIT_MODEL_FILE, "bad file"),
    (tonesplit.ModelVersionError("old sklearn"), common.EXIT_MODEL_VERSION, "old sklearn"),
    (RuntimeError("boom"), common.EXIT_INTERNAL, "internal error (RuntimeError: boom)"),
    (KeyError("k"), common.EXIT_INTERNAL, "internal error"),
    (KeyboardInterrupt(), common.EXIT_INTERRUPTED, "interrupted"),
    (MemoryError(), common.EXIT_DATA, "out of memory"),
    (ImportError('to_sentences_frame needs pandas: pip install "tonesplit[pandas]"'),
     common.EXIT_USAGE, "pip install"),
    (ImportError("cannot import name 'x' from 'tonesplit.y'"), common.EXIT_INTERNAL,
     "internal error"),
])
def test_errors_become_one_line_and_an_exit_code(capsys, tmp_path, fake_training, monkeypatch,
                                                  exc, code, text):
    def boom(*a, **k):
        raise exc

    monkeypatch.setattr(fake_training, "train", boom)
    got, _, err = run_cli(capsys, "train", "-o", str(tmp_path / "m.joblib"))
    assert got == code
    assert text in one_error_line(err)
    assert err.count("\n") == 1


def test_debug_env_shows_the_traceback_of_internal_errors(capsys, tmp_path, fake_training,
                                                          monkeypatch):
    def boom(*a, **k):
        raise RuntimeError("boom")

    monkeypatch.setattr(fake_training, "train", boom)
    monkeypatch.setenv("TONESPLIT_DEBUG", "1")
    assert main(["train", "-o", str(tmp_path / "m.joblib")]) == common.EXIT_INTERNAL
    assert "Traceback" in capsys.readouterr().err


def test_broken_pipe_is_quiet(capsys, monkeypatch):
    class Closed:
        def write(self, s):
            raise BrokenPipeError(32, "Broken pipe")

        def flush(self):
            raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(sys, "stdout", Closed())
    assert main(["info"]) == common.EXIT_BROKEN_PIPE
    assert capsys.readouterr().err == ""


def test_broken_pipe_in_a_real_pipe(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    script = ("import sys, tonesplit.cli as c\n"
              "sys.stdout.close = lambda: None\n"
              "sys.exit(c.main(['info']))")
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env)
    proc.stdout.close()  # the reader goes away before anything is written
    err = proc.stderr.read().decode()
    assert proc.wait() == common.EXIT_BROKEN_PIPE
    assert "Traceback" not in err and "Exception ignored" not in err


# -- evaluate -------------------------------------------------------------------

def test_evaluate_shipped_model_table(capsys, fake_training):
    code, out, _ = run_cli(capsys, "evaluate")
    assert code == 0
    assert fake_training.calls == [("evaluate", None, None)]
    lines = out.splitlines()
    assert lines[0] == "model: shipped model"
    assert lines[1].split() == ["data", "set", "macro-F1", "95%", "CI", "n", "notes"]
    row = next(ln for ln in lines if ln.startswith("dev_test"))
    assert "0.750" in row and "[0.700, 0.800]" in row and "300" in row and "ece=0.050" in row
    assert any(ln.startswith("genre / vader") and "0.500" in ln for ln in lines)
    assert any(ln.startswith("genre / textblob") and "0.550" in ln for ln in lines)
    assert any(ln.startswith("subj") and "skipped: data set not downloaded" in ln for ln in lines)


def test_evaluate_json(capsys, fake_training):
    code, out, _ = run_cli(capsys, "evaluate", "--json")
    assert code == 0
    assert json.loads(out) == METRICS


def test_evaluate_own_model(capsys, saved_model, fake_training, tmp_path):
    code, _, err = run_cli(capsys, "evaluate", "--model", str(saved_model),
                           "--data-home", str(tmp_path))
    assert code == 0, err
    _, model, data_home = fake_training.calls[0]
    assert isinstance(model, tonesplit.ToneClassifier) and data_home == str(tmp_path)


def test_evaluate_refuses_tampered_then_trusted_loads_cardless(capsys, saved_model, tmp_path,
                                                               fake_training):
    m = copy_model(saved_model, tmp_path)
    m.write_bytes(m.read_bytes() + b"\0")
    code, _, err = run_cli(capsys, "evaluate", "--model", str(m))
    assert code == common.EXIT_MODEL_FILE
    assert "does not match its model card" in one_error_line(err)

    bare = copy_model(saved_model, tmp_path, "bare.safetensors", card=False)
    code, _, err = run_cli(capsys, "evaluate", "--model", str(bare))  # the file checks itself
    assert code == 0, err
    code, _, err = run_cli(capsys, "evaluate", "--model", str(bare), "--trusted")
    assert code == 0, err
    assert fake_training.calls and len(fake_training.calls) == 2


def test_evaluate_loads_a_model_saved_under_another_sklearn(capsys, saved_model, tmp_path,
                                                            fake_training):
    m = copy_model(saved_model, tmp_path)
    card = json.loads(m.with_suffix(".json").read_text())
    card["versions"]["scikit-learn"] = "0.24.2"
    m.with_suffix(".json").write_text(json.dumps(card))
    code, _, err = run_cli(capsys, "evaluate", "--model", str(m))
    assert code == 0, err  # a model file is data: no scikit-learn version lock


@pytest.mark.parametrize("content", [b"", b"not a pickle at all\n", random.Random(0).randbytes(256),
                                     b"\x80\x04\x95"])
def test_evaluate_trusted_garbage_is_a_model_file_error(capsys, tmp_path, fake_training, content):
    m = tmp_path / "junk.joblib"
    m.write_bytes(content)
    code, _, err = run_cli(capsys, "evaluate", "--model", str(m), "--trusted")
    assert code == common.EXIT_MODEL_FILE, err
    one_error_line(err)


def test_evaluate_trusted_needs_a_model(capsys, fake_training):
    code, _, err = run_cli(capsys, "evaluate", "--trusted")
    assert code == common.EXIT_USAGE and "--trusted" in err


def test_evaluate_data_home_must_exist(capsys, tmp_path, fake_training):
    code, _, _ = run_cli(capsys, "evaluate", "--data-home", str(tmp_path / "nope"))
    assert code == common.EXIT_USAGE


# -- info -------------------------------------------------------------------------

def test_info_shipped(capsys):
    code, out, _ = run_cli(capsys, "info")
    assert code == 0
    card = tonesplit.persist.shipped_card()
    assert card["sha256"] in out and "matches the card" in out
    assert "scikit-learn" in out and "training data:" in out and "metrics:" in out


def test_info_json(capsys):
    code, out, _ = run_cli(capsys, "info", "--json")
    assert code == 0
    info = json.loads(out)
    assert info["status"] == "ok" and info["shipped"] is True
    assert info["sha256"]["match"] is True
    assert info["sha256"]["file"] == tonesplit.persist.sha256_of(info["model_file"])
    assert info["versions"]["installed"]["scikit-learn"] == __import__("sklearn").__version__
    assert isinstance(info["training_data"], list)


def test_info_own_model_shows_card_summary(capsys, tmp_path, fake_training):
    m = tmp_path / "m.joblib"
    assert main(["train", "-o", str(m)]) == 0
    capsys.readouterr()
    code, out, _ = run_cli(capsys, "info", "--model", str(m))
    assert code == 0
    assert "tiny" in out and "CC0" in out and "24 sentences" in out
    assert "[0.700, 0.800]" in out


def test_info_tampered_no_card_bad_card_other_version(capsys, saved_model, tmp_path):
    m = copy_model(saved_model, tmp_path)
    m.write_bytes(m.read_bytes()[:-10])
    code, out, err = run_cli(capsys, "info", "--model", str(m))
    assert code == common.EXIT_MODEL_FILE
    assert "DOES NOT MATCH" in out and "does not match" in one_error_line(err)

    bare = copy_model(saved_model, tmp_path, "bare.joblib", card=False)
    code, out, err = run_cli(capsys, "info", "--model", str(bare), "--json")
    assert code == common.EXIT_OK and json.loads(out)["status"] == "no card"  # it loads
    bare.write_bytes(bare.read_bytes()[:-10])
    code, out, err = run_cli(capsys, "info", "--model", str(bare), "--json")
    assert code == common.EXIT_MODEL_FILE and json.loads(out)["status"] == "not a model file"

    junk = copy_model(saved_model, tmp_path, "junk.joblib", card=False)
    junk.with_suffix(".json").write_bytes(b"\xff{not json")
    code, out, err = run_cli(capsys, "info", "--model", str(junk))
    assert code == common.EXIT_MODEL_FILE and "not valid JSON" in one_error_line(err)
    junk.with_suffix(".json").write_text("[1, 2]")
    code, out, err = run_cli(capsys, "info", "--model", str(junk))
    assert code == common.EXIT_MODEL_FILE and "not a JSON object" in one_error_line(err)

    old = copy_model(saved_model, tmp_path, "old.joblib")
    card = json.loads(old.with_suffix(".json").read_text())
    card["versions"]["scikit-learn"] = "1.0.2"
    old.with_suffix(".json").write_text(json.dumps(card))
    code, out, err = run_cli(capsys, "info", "--model", str(old))
    assert code == common.EXIT_OK and "1.0.2" in out  # shown, no longer a lock


@pytest.mark.parametrize("path", ["{tmp}/missing.joblib", "{tmp}", "a\x00b"])
def test_info_model_path_must_be_a_file(capsys, tmp_path, path):
    code, _, err = run_cli(capsys, "info", "--model", path.format(tmp=tmp_path))
    assert code == common.EXIT_USAGE
    one_error_line(err)


# -- documentation ------------------------------------------------------------------

def test_exit_codes_are_documented():
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    for name in dir(common):
        if name.startswith("EXIT_"):
            assert f"| {getattr(common, name)} |" in text, name
    for command in SUBCOMMANDS:
        assert f"tonesplit {command}" in text


@pytest.mark.parametrize("metrics", [
    {"a": {"macro_f1": {"n": float("inf")}}},
    {"a": {"macro_f1": float("nan"), "n": float("nan"), "ci_low": None, "ci_high": 0.5}},
    {"a": {"macro_f1": "x", "peers": {"p": "y", "q": {"skipped": None}}}},
    {"a": [1, 2], "b": None, "c": {"d": {"e": {"macro_f1": True}}}},
    {},
])
def test_metrics_table_takes_any_shape(metrics):
    """Found by benchmarks/fuzz_cli.py (n = inf made int() overflow)."""
    from tonesplit.cli._evaluate import format_metrics

    assert all(isinstance(line, str) for line in format_metrics(metrics))
    json.loads(common.to_json(metrics))


def test_info_shows_genre_cross_validation(capsys, saved_model, tmp_path):
    m = copy_model(saved_model, tmp_path)
    card = json.loads(m.with_suffix(".json").read_text())
    card["genre_cross_validation"] = {
        "n_sentences": 900, "macro_f1": {"value": 0.81, "low": 0.78, "high": 0.84, "n": 900},
        "macro_f1_context": {"value": 0.83, "low": 0.8, "high": 0.86, "n": 900}}
    m.with_suffix(".json").write_text(json.dumps(card))
    code, out, _ = run_cli(capsys, "info", "--model", str(m))
    assert code == 0  # the card vouches for the file by its sha256, which still matches
    row = next(ln for ln in out.splitlines() if "genre articles held out " in ln)
    assert "0.810" in row and "[0.780, 0.840]" in row and "900" in row
