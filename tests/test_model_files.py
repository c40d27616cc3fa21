"""Model files on disk: what `load_model` loads and what it refuses.

Real files in ``tmp_path``; a pickle is code, so the rule is "no matching card,
no unpickling" unless the caller says ``trusted=True``.
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
from sklearn.exceptions import InconsistentVersionWarning

from tonesplit import ModelFileError, ModelVersionError, ToneClassifier, load_model
from tonesplit.persist import card_path, sha256_of

X = ["Officials said the bridge reopened on Monday.", "Perhaps we never learn from history.",
     "The vote passed 52 to 48 on Tuesday.", "What a sad reminder of our folly this is."] * 4
Y = ["factual", "reflective"] * 8

PERSIST_BUG = "persist._load_file must refuse this file with a clear error"


@pytest.fixture(scope="module")
def model():
    return ToneClassifier(min_df=1, calibrate=False).fit(X, Y)


@pytest.fixture
def saved(model, tmp_path) -> Path:
    path = tmp_path / "own.joblib"
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


def test_trusted_loads_own_model_without_card(saved, model):
    card_path(saved).unlink()
    with pytest.raises(ModelFileError, match="trusted=True"):
        load_model(saved)
    assert same_predictions(load_model(saved, trusted=True), model)


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
    other = ToneClassifier(min_df=1, calibrate=False, C=0.1).fit(X, Y)
    joblib.dump(other, saved, compress=3)  # card still describes the old file
    with pytest.raises(ModelFileError, match="does not match"):
        load_model(saved)


def test_unknown_file_without_card_is_refused(model, tmp_path):
    path = tmp_path / "stranger.joblib"
    joblib.dump(model, path)
    with pytest.raises(ModelFileError, match="no model card"):
        load_model(path)


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
def test_card_with_other_sklearn_minor_is_refused_with_remedy(saved, version):
    card = read_card(saved)
    card["versions"]["scikit-learn"] = version
    write_card(saved, card)
    with pytest.raises(ModelVersionError) as info:
        load_model(saved)
    msg = str(info.value)
    assert version in msg and sklearn.__version__ in msg
    assert "tonesplit train" in msg  # the remedy


def test_card_with_other_sklearn_patch_release_loads(saved):
    card = read_card(saved)
    major, minor, *_ = sklearn.__version__.split(".")
    card["versions"]["scikit-learn"] = f"{major}.{minor}.99"
    write_card(saved, card)
    assert isinstance(load_model(saved), ToneClassifier)


# -- refused after unpickling --------------------------------------------------------

def dump_as_other_sklearn(obj, path, monkeypatch, version="1.4.2"):
    """Pickle ``obj`` as if under another scikit-learn: ``BaseEstimator.__getstate__``
    records ``sklearn.base.__version__`` as ``_sklearn_version`` in the state of
    every scikit-learn estimator inside the model (its LogisticRegression,
    CountVectorizer, TfidfTransformer)."""
    with monkeypatch.context() as m:
        m.setattr(sklearn.base, "__version__", version)
        joblib.dump(obj, path, compress=3)


def test_pickle_from_other_sklearn_is_refused_even_when_trusted(model, tmp_path, monkeypatch):
    path = tmp_path / "old.joblib"
    dump_as_other_sklearn(model, path, monkeypatch)
    with pytest.raises(ModelVersionError, match="1.4.2") as info:
        load_model(path, trusted=True)
    assert "tonesplit train" in str(info.value)
    # and with a card that matches the file (a card cannot vouch for the pickle's insides)
    write_card(path, {"sha256": sha256_of(path), "versions": {"scikit-learn": sklearn.__version__}})
    with pytest.raises(ModelVersionError):
        load_model(path)
    with pytest.raises(ModelVersionError):
        load_model(path, trusted=True)


def test_the_simulation_really_records_the_version(model, tmp_path, monkeypatch):
    path = tmp_path / "old.joblib"
    dump_as_other_sklearn(model, path, monkeypatch)
    with pytest.warns(InconsistentVersionWarning):
        joblib.load(path)


@pytest.mark.parametrize("obj", [{"model": "no"}, [1, 2, 3], "a string",
                                 sklearn.linear_model.LogisticRegression()],
                         ids=["dict", "list", "str", "LogisticRegression"])
@pytest.mark.parametrize("trusted", [False, True])
def test_joblib_file_holding_something_else_is_refused(tmp_path, obj, trusted):
    path = tmp_path / "other.joblib"
    joblib.dump(obj, path)
    write_card(path, {"sha256": sha256_of(path)})
    with pytest.raises(ModelFileError, match="not a tonesplit.ToneClassifier"):
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
        assert "could not be read as a model" in str(err) or "not a tonesplit" in str(err)
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
    """Positive control: unpickled with trust, the payload runs."""
    path, marker = malicious
    with pytest.raises(ModelFileError, match="not a tonesplit.ToneClassifier"):
        load_model(path, trusted=True)
    assert marker.exists()


@pytest.mark.parametrize("card", [
    pytest.param(None, id="no-card"),
    pytest.param({"sha256": "0" * 64}, id="wrong-sha256"),
    pytest.param({"versions": {"scikit-learn": "9.9"}}, id="card-without-sha256"),
    pytest.param({}, id="empty-card"),
    pytest.param("not json {", id="card-not-json"),
    pytest.param({"sha256": "MATCH", "versions": {"scikit-learn": "0.20.0"}},
                 id="matching-sha-but-other-sklearn"),
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
    with pytest.raises(Exception) as info:
        load_model(path)
    assert not marker.exists(), "the pickle was executed"
    if not isinstance(info.value, (ModelFileError, ModelVersionError)):
        pytest.fail(f"{PERSIST_BUG}: refused, but with {type(info.value).__name__}")


def test_cli_info_never_unpickles(malicious, capsys):
    from tonesplit.cli import main

    path, marker = malicious
    assert main(["info", "--model", str(path)]) == 5
    write_card(path, {"sha256": sha256_of(path)})
    assert main(["info", "--model", str(path)]) == 0  # a matching card: info only reads it
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
