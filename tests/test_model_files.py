"""Model files on disk: what `load_model` loads and what it refuses.

Real files in ``tmp_path``. A model file is data (arrays plus JSON): nothing
is ever unpickled, whatever the file, the card or ``trusted`` say; a file
whose bytes, header or metadata do not hold together is a `ModelFileError`.
"""

from __future__ import annotations

import builtins
import json
import os
import pickle
from pathlib import Path

import joblib
import pytest
import sklearn
import sklearn.base

import numpy as np

from tonesplit import ModelFileError, ModelVersionError, ToneClassifier, _modelfile, load_model
from tonesplit.persist import card_path, sha256_of

X = ["Officials said the bridge reopened on Monday.", "Perhaps we never learn from history.",
     "The vote passed 52 to 48 on Tuesday.", "What a sad reminder of our folly this is."] * 4
Y = ["factual", "reflective"] * 8

PERSIST_BUG = "load_model must refuse this file with a clear error"


@pytest.fixture(scope="module")
def model():
    return ToneClassifier(min_df=1, calibrate=False).fit(X, Y)


@pytest.fixture
def saved(model, tmp_path) -> Path:
    path = tmp_path / "own.safetensors"
    model.save(path, card={"note": "test"})
    return path


def read_card(path: Path) -> dict:
    return json.loads(card_path(path).read_text(encoding="utf-8"))


def write_card(path: Path, card) -> None:
    card_path(path).write_text(json.dumps(card), encoding="utf-8")


def same_predictions(a, b) -> bool:
    return a.predict(X).tolist() == b.predict(X).tolist()


# -- what loads -------------------------------------------------------------------

def test_save_writes_a_card_with_sha256_and_versions(saved):
    card = read_card(saved)
    assert card["sha256"] == sha256_of(saved)
    assert card["size_bytes"] == saved.stat().st_size
    assert card["versions"]["scikit-learn"] == sklearn.__version__
    assert card["note"] == "test"


def test_own_model_round_trips(saved, model):
    assert same_predictions(load_model(saved), model)
    assert same_predictions(load_model(str(saved)), model)


def test_own_model_without_card_loads(saved, model):
    card_path(saved).unlink()  # the file checks itself; the card adds the file's sha256
    assert same_predictions(load_model(saved), model)


def test_same_probabilities_after_a_round_trip(saved, model):
    np.testing.assert_allclose(load_model(saved).predict_proba(X), model.predict_proba(X),
                               rtol=0, atol=1e-12)


def test_shipped_model_loads_and_is_shared():
    assert load_model() is load_model()
    assert isinstance(load_model(), ToneClassifier)


# -- refused before unpickling ------------------------------------------------------

def test_tampered_file_is_refused(saved):
    data = bytearray(saved.read_bytes())
    data[len(data) // 2] ^= 0xFF
    saved.write_bytes(bytes(data))
    with pytest.raises(ModelFileError, match="does not match its model card"):
        load_model(saved)


def test_truncated_file_is_refused(saved):
    saved.write_bytes(saved.read_bytes()[:-100])
    with pytest.raises(ModelFileError, match="modified, truncated or replaced"):
        load_model(saved)


def test_replaced_file_is_refused(saved, tmp_path, model):
    other = tmp_path / "other.safetensors"
    ToneClassifier(min_df=1, calibrate=False, C=0.1).fit(X, Y).save(other)
    saved.write_bytes(other.read_bytes())  # the card still describes the old file
    with pytest.raises(ModelFileError, match="does not match"):
        load_model(saved)


def test_a_0_1_joblib_model_is_refused_naming_the_remedy(model, tmp_path):
    path = tmp_path / "old.joblib"
    joblib.dump(model, path, compress=3)
    write_card(path, {"sha256": sha256_of(path)})
    for trusted in (False, True):
        with pytest.raises(ModelFileError, match="not unpickled") as info:
            load_model(path, trusted=trusted)
        assert "tonesplit train" in str(info.value)


@pytest.mark.parametrize("make", ["missing", "folder", "empty_name"])
def test_missing_file_is_a_model_file_error(tmp_path, make, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = {"missing": tmp_path / "none.joblib", "folder": tmp_path, "empty_name": ""}[make]
    with pytest.raises(ModelFileError, match="no model file"):
        load_model(path)


def test_card_that_is_not_json_is_refused(saved):
    card_path(saved).write_bytes(b"\xff\xfe not json")
    with pytest.raises(ModelFileError, match="not valid JSON"):
        load_model(saved)


@pytest.mark.parametrize("version", ["1.5.2", "0.24.0", "2.0.0"])
def test_loading_does_not_depend_on_the_training_sklearn(saved, version):
    card = read_card(saved)
    card["versions"]["scikit-learn"] = version
    write_card(saved, card)  # the card still records the file's sha256
    assert isinstance(load_model(saved), ToneClassifier)


@pytest.mark.parametrize("obj", [{"model": "no"}, [1, 2, 3], "a string",
                                 sklearn.linear_model.LogisticRegression()],
                         ids=["dict", "list", "str", "LogisticRegression"])
@pytest.mark.parametrize("trusted", [False, True])
def test_joblib_file_holding_something_else_is_refused(tmp_path, obj, trusted):
    path = tmp_path / "other.joblib"
    joblib.dump(obj, path)
    write_card(path, {"sha256": sha256_of(path)})
    with pytest.raises(ModelFileError, match="not a tonesplit model file"):
        load_model(path, trusted=trusted)


@pytest.mark.parametrize("content", [b"", b"plain text, not a pickle\n", b"\x80\x04\x95",
                                     bytes(range(256)) * 4, b"PK\x03\x04 zip header"],
                         ids=["empty", "text", "pickle-header", "binary", "zip"])
def test_unreadable_file_with_matching_card(tmp_path, content):
    path = tmp_path / "junk.joblib"
    path.write_bytes(content)
    write_card(path, {"sha256": sha256_of(path)})
    try:
        load_model(path)
    except ModelFileError as err:
        assert "not a tonesplit model file" in str(err)
    except Exception as err:  # noqa: BLE001
        pytest.fail(f"{PERSIST_BUG}: {type(err).__name__} escapes")
    else:
        pytest.fail("junk loaded as a model")


def test_truncated_file_loaded_trusted_is_a_model_file_error(saved):
    saved.write_bytes(saved.read_bytes()[: saved.stat().st_size // 2])
    card_path(saved).unlink()
    try:
        load_model(saved, trusted=True)
    except ModelFileError:
        pass
    except Exception as err:  # noqa: BLE001
        pytest.fail(f"{PERSIST_BUG}: {type(err).__name__} escapes")
    else:
        pytest.fail("a truncated model file loaded")


# -- malformed cards: refused, and with a ModelFileError ------------------------------

@pytest.mark.parametrize("card", [
    pytest.param({"sha256": 5}, id="sha256-int"),
    pytest.param("sha256", id="card-is-a-string"),
    pytest.param({"sha256": "SELF", "versions": "1.9"}, id="versions-not-a-dict"),
    pytest.param({"sha256": "SELF", "versions": {"scikit-learn": 1.9}}, id="version-a-number"),
])
def test_malformed_card_is_a_model_file_error(saved, card, tmp_path):
    if isinstance(card, dict) and card.get("sha256") == "SELF":
        card = {**card, "sha256": sha256_of(saved)}
    write_card(saved, card)
    try:
        load_model(saved)
    except ModelFileError:
        pass
    except Exception as err:  # noqa: BLE001
        pytest.fail(f"{PERSIST_BUG}: {type(err).__name__}: {err}")
    else:
        pytest.fail("loaded although the card is malformed")


def test_trusted_must_be_a_bool(saved):
    card_path(saved).unlink()
    try:
        load_model(saved, trusted="no")  # a truthy string must not switch the check off
    except TypeError as err:
        assert "trusted" in str(err)
    except ModelFileError:
        pass  # also acceptable: "no" was not taken as trust
    else:
        pytest.fail(f"{PERSIST_BUG}: trusted='no' is taken as trusted=True")


# -- a malicious pickle is never executed without trust --------------------------------

class Payload:
    """Unpickling this creates ``marker`` (stands in for arbitrary code)."""

    def __init__(self, marker: Path):
        self.marker = str(marker)

    def __reduce__(self):
        return (builtins.open, (self.marker, "w"))


@pytest.fixture
def malicious(tmp_path):
    marker = tmp_path / "PWNED"
    path = tmp_path / "evil.joblib"
    with open(path, "wb") as f:
        pickle.dump(Payload(marker), f)
    return path, marker


def test_payload_is_real(malicious):
    """Positive control: unpickled, the payload runs; load_model never unpickles it."""
    path, marker = malicious
    for trusted in (False, True):
        with pytest.raises(ModelFileError, match="not a tonesplit model file"):
            load_model(path, trusted=trusted)
    assert not marker.exists()
    with open(path, "rb") as f:
        pickle.load(f)  # the control
    assert marker.exists()


@pytest.mark.parametrize("card", [
    pytest.param(None, id="no-card"),
    pytest.param({"sha256": "0" * 64}, id="wrong-sha256"),
    pytest.param({"versions": {"scikit-learn": "9.9"}}, id="card-without-sha256"),
    pytest.param({}, id="empty-card"),
    pytest.param("not json {", id="card-not-json"),
    pytest.param({"sha256": "MATCH"}, id="matching-sha256"),
    pytest.param([], id="card-is-a-list"),
    pytest.param({"sha256": 12345}, id="sha256-not-a-string"),
])
def test_malicious_pickle_is_never_executed_without_trust(malicious, card):
    path, marker = malicious
    if card is not None:
        if isinstance(card, dict) and card.get("sha256") == "MATCH":
            card = {**card, "sha256": sha256_of(path)}
        text = card if isinstance(card, str) else json.dumps(card)
        card_path(path).write_text(text, encoding="utf-8")
    for trusted in (False, True):
        with pytest.raises(Exception) as info:
            load_model(path, trusted=trusted)
    assert not marker.exists(), "the pickle was executed"
    if not isinstance(info.value, ModelFileError):
        pytest.fail(f"{PERSIST_BUG}: refused, but with {type(info.value).__name__}")


def test_cli_info_never_unpickles(malicious, capsys):
    from tonesplit.cli import main

    path, marker = malicious
    assert main(["info", "--model", str(path)]) == 5
    write_card(path, {"sha256": sha256_of(path)})
    assert main(["info", "--model", str(path)]) == 5  # a matching card: still not a model file
    assert not marker.exists()


def test_cli_evaluate_refuses_malicious_file(malicious, capsys):
    from tonesplit.cli import main

    path, marker = malicious
    write_card(path, {"sha256": "f" * 64})
    assert main(["evaluate", "--model", str(path)]) == 5
    assert not marker.exists()
    assert "Traceback" not in capsys.readouterr().err


def test_shipped_card_matches_shipped_file():
    from importlib import resources

    from tonesplit.persist import SHIPPED_NAME, shipped_card

    with resources.as_file(resources.files("tonesplit") / "models" / SHIPPED_NAME) as p:
        assert shipped_card()["sha256"] == sha256_of(p)
    assert os.path.basename(shipped_card().get("file", SHIPPED_NAME)) == SHIPPED_NAME


# -- hostile model files ----------------------------------------------------------------

def _header(path: Path) -> tuple[dict, bytes]:
    data = path.read_bytes()
    n = int.from_bytes(data[:8], "little")
    return json.loads(data[8:8 + n]), data[8 + n:]


def _with_header(path: Path, header: dict, body: bytes) -> None:
    raw = json.dumps(header).encode()
    raw += b" " * (-len(raw) % 8)
    path.write_bytes(len(raw).to_bytes(8, "little") + raw + body)


@pytest.mark.parametrize("cut", [1, 100, 5000])
def test_truncated_arrays_are_refused(saved, cut):
    card_path(saved).unlink()
    saved.write_bytes(saved.read_bytes()[:-cut])
    with pytest.raises(ModelFileError, match="cannot be read|truncated"):
        load_model(saved)


@pytest.mark.parametrize("size", [2**63, 2**40, 10**9])
def test_an_absurd_header_size_is_refused_unread(saved, size):
    card_path(saved).unlink()
    saved.write_bytes(size.to_bytes(8, "little") + saved.read_bytes()[8:])
    with pytest.raises(ModelFileError, match="header claims"):
        load_model(saved)


def test_an_array_declaring_an_absurd_size_is_refused(saved):
    card_path(saved).unlink()
    header, body = _header(saved)
    header["linear.coef"]["shape"] = [1, 10**12]
    _with_header(saved, header, body)
    with pytest.raises(ModelFileError):
        load_model(saved)


def test_metadata_lying_about_the_arrays_is_refused(saved):
    card_path(saved).unlink()
    header, body = _header(saved)
    start = header["linear.coef"]["data_offsets"][0]
    forged = bytearray(body)
    forged[start:start + 8] = np.float64(1e6).tobytes()  # a different weight, same layout
    _with_header(saved, header, bytes(forged))
    with pytest.raises(ModelFileError, match="do not match the checksum"):
        load_model(saved)


def test_arrays_that_do_not_make_a_classifier_are_refused(saved, tmp_path):
    arrays, meta = _modelfile.read(saved)
    path = tmp_path / "short.safetensors"
    short = {**arrays, "linear.coef": arrays["linear.coef"][:, :-1]}  # a sound file, wrong model
    _modelfile.write(path, short, meta)
    with pytest.raises(ModelFileError, match="do not make a tonesplit.ToneClassifier"):
        load_model(path)
    del short["features.idf"]
    _modelfile.write(path, short, meta)
    with pytest.raises(ModelFileError, match="do not make"):
        load_model(path)


def _declare_format(saved, number):
    """Rewrite the file's header to claim format ``number`` (its card removed)."""
    header, body = _header(saved)
    inner = json.loads(header["__metadata__"]["tonesplit"])
    inner["format"] = number
    header["__metadata__"]["tonesplit"] = json.dumps(inner)
    card_path(saved).unlink()
    _with_header(saved, header, body)


def test_a_later_format_is_refused_naming_the_upgrade(saved):
    _declare_format(saved, 99)
    with pytest.raises(ModelVersionError, match="format 99 .written by tonesplit .*upgrade tonesplit"):
        load_model(saved)
    # still a ModelFileError for code that catches every refused file
    with pytest.raises(ModelFileError):
        load_model(saved)


def test_a_later_kind_is_a_version_error_and_a_foreign_kind_a_file_error(saved, tmp_path):
    arrays, meta = _modelfile.read(saved)
    later = tmp_path / "later.safetensors"
    _modelfile.write(later, arrays, {**meta, "kind": "tonesplit.EmbeddingClassifier"})
    with pytest.raises(ModelVersionError, match="EmbeddingClassifier.*upgrade tonesplit"):
        load_model(later)
    foreign = tmp_path / "foreign.safetensors"
    _modelfile.write(foreign, arrays, {**meta, "kind": "someone.Else"})
    with pytest.raises(ModelFileError, match="someone.Else") as info:
        load_model(foreign)
    assert not isinstance(info.value, ModelVersionError)


def test_the_cli_exits_6_on_a_later_format(saved, capsys):
    from tonesplit.cli import main

    _declare_format(saved, 2)
    assert main(["info", "--model", str(saved)]) == 6
    assert "upgrade tonesplit" in capsys.readouterr().err
    assert main(["evaluate", "--model", str(saved)]) == 6
    assert "upgrade tonesplit" in capsys.readouterr().err


def test_save_leaves_no_partial_file_and_replaces_the_card(saved, model):
    model.save(saved)
    assert sorted(p.name for p in saved.parent.iterdir()) == ["own.json", "own.safetensors"]
    assert read_card(saved)["sha256"] == sha256_of(saved)


def test_the_shipped_model_loads_with_every_unpickling_path_disabled():
    code = """
import pickle
def refuse(*a, **k):
    raise AssertionError("something tried to unpickle")
pickle.load = pickle.loads = refuse
class NoUnpickler(pickle.Unpickler):
    def __init__(self, *a, **k):
        refuse()
pickle.Unpickler = NoUnpickler
import joblib, joblib.numpy_pickle
joblib.load = joblib.numpy_pickle.load = refuse
import numpy
numpy.load = refuse
import tonesplit
print([s.label for s in tonesplit.split("The vote passed 52 to 48. What a sad lesson it is!")])
"""
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": str(root / "src")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                         check=True).stdout
    assert out.strip() == "['factual', 'reflective']"


@pytest.mark.parametrize("kind, error, words", [
    ("tonesplit.EncoderClassifier2", ModelVersionError, "upgrade tonesplit"),
    ("something-else", ModelFileError, "not a tonesplit model of kind"),
])
def test_an_accurate_tier_file_of_a_later_kind_is_a_version_error(tmp_path, kind, error, words):
    # the kind is checked before the arrays are used: a tiny file stands in for the encoder
    from tonesplit._modelfile import write
    from tonesplit.encoder._file import load_encoder_model

    path = tmp_path / "enc.safetensors"
    write(path, {"coef": np.zeros(2)}, {"kind": kind})
    with pytest.raises(error, match=words) as info:
        load_encoder_model(path)
    assert isinstance(info.value, ModelVersionError) == (error is ModelVersionError)
