"""Tests for tonesplit.datasets: loaders, checksums and the download path.

Loader tests read the public data from TONESPLIT_DATA_HOME (CI sets it to
../shared/data). They are skipped when that variable is unset and the data is
not in the default cache, and they fail when the variable is set but the data
is not there. Download tests serve copies of those files from a local HTTP
server on 127.0.0.1 (through TONESPLIT_DATA_MIRROR); nothing here uses the
internet.
"""

from __future__ import annotations

import functools
import hashlib
import http.server
import io
import os
import shutil
import socket
import tarfile
import threading
import urllib.request
import zipfile
from pathlib import Path

import pytest

import tonesplit.datasets as ds
from tonesplit.datasets import (
    REMOTE_DATASETS,
    DataDownloadError,
    DataNotFoundError,
    GenreFormatError,
    _genre,
    fetch,
    get_data_home,
    load_bbc,
    load_checkthat,
    load_genre,
    load_genre_sentences,
    load_mpqa,
    load_subj,
)

ENV = "TONESPLIT_DATA_HOME"


def _data_home(name: str) -> Path:
    """The data home holding ``name``; skip or fail with a clear reason if it is not there."""
    home = get_data_home()
    try:
        fetch(name, download_if_missing=False)
    except DataNotFoundError as err:
        if os.environ.get(ENV):
            pytest.fail(f"{ENV}={os.environ[ENV]} is set but does not hold {name}: {err}")
        pytest.skip(
            f"{name} not found in {home} and {ENV} is unset; set {ENV} to a folder "
            "holding the public data (e.g. ../shared/data) to run this test"
        )
    return home


@pytest.fixture
def checkthat_home() -> Path:
    return _data_home("checkthat2025-en")


@pytest.fixture
def subj_home() -> Path:
    return _data_home("subj-v1")


@pytest.fixture
def mpqa_home() -> Path:
    return _data_home("mpqa-1.2")


@pytest.fixture
def bbc_home() -> Path:
    return _data_home("bbc-news")


@pytest.fixture
def babe_home() -> Path:
    return _data_home("babe")


# -- public surface --------------------------------------------------------------------


def test_all_is_honest():
    for name in ds.__all__:
        assert hasattr(ds, name), name
    defined = {n for n in vars(ds) if not n.startswith("_")}
    public = {n for n in defined if n[0].isupper() or n.startswith("load_")}
    assert public <= set(ds.__all__)


# -- data home and registry ------------------------------------------------------------


def test_get_data_home_precedence(monkeypatch, tmp_path):
    monkeypatch.setenv(ENV, str(tmp_path / "from-env"))
    assert get_data_home(tmp_path / "arg") == tmp_path / "arg"
    assert get_data_home() == tmp_path / "from-env"
    monkeypatch.delenv(ENV)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert get_data_home() == tmp_path / "home" / ".cache" / "tonesplit"
    assert not (tmp_path / "home").exists(), "get_data_home must not create folders"


def test_relative_data_home_is_where_the_command_ran(monkeypatch, tmp_path):
    # The README runs the tests with TONESPLIT_DATA_HOME=../shared/data from the
    # clone; a notebook kernel then works in notebooks/. The relative path must keep
    # meaning the folder it named where the command ran.
    (tmp_path / "clone" / "notebooks").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "clone")
    monkeypatch.setenv(ENV, "../shared/data")
    first = get_data_home()
    assert first == tmp_path / "shared" / "data"
    assert os.environ[ENV] == str(first), "child processes must inherit the absolute path"
    monkeypatch.chdir(tmp_path / "clone" / "notebooks")
    assert get_data_home() == first


def test_registry_urls_and_checksums():
    official = {
        "checkthat2025-en": "https://gitlab.com/checkthat_lab/clef2025-checkthat-lab/-/raw/",
        "subj-v1": "https://www.cs.cornell.edu/people/pabo/movie-review-data/rotten_imdb.tar.gz",
        "mpqa-1.2": "https://mpqa.cs.pitt.edu/",
        "bbc-news": "http://mlg.ucd.ie/files/datasets/bbc-fulltext.zip",
        "babe": "https://raw.githubusercontent.com/Media-Bias-Group/",
    }
    assert set(REMOTE_DATASETS) == set(official)
    sizes = {"checkthat2025-en": 3, "subj-v1": 2, "mpqa-1.2": 3 * 535, "bbc-news": 2225, "babe": 1}
    for name, dataset in REMOTE_DATASETS.items():
        assert all(s.url.startswith(official[name]) for s in dataset.sources)
        files = dataset.files()
        assert len(files) == sizes[name]
        for rel, digest in files.items():
            assert len(digest) == 64 and int(digest, 16) >= 0, rel
            assert not rel.startswith("/") and ".." not in rel.split("/")


def test_fetch_unknown_name():
    with pytest.raises(ValueError, match="unknown data set 'nope'"):
        fetch("nope")


def test_missing_data_without_download(tmp_path):
    with pytest.raises(DataNotFoundError) as info:
        load_checkthat("train", data_home=tmp_path, download_if_missing=False)
    message = str(info.value)
    assert str(tmp_path / "checkthat2025-en") in message
    assert "TONESPLIT_DATA_HOME" in message and "download_if_missing is False" in message
    assert not any(tmp_path.iterdir())


def test_shared_data_matches_checksums(checkthat_home, subj_home):
    for name in ("checkthat2025-en", "subj-v1"):
        for rel, digest in REMOTE_DATASETS[name].files().items():
            path = get_data_home() / name / rel
            assert hashlib.sha256(path.read_bytes()).hexdigest() == digest, path


# -- CheckThat! ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("split", "size", "reflective", "leading_quote"),
    [("train", 830, 298, 17), ("dev", 462, 240, 10), ("dev_test", 484, 122, 39)],
)
def test_checkthat_sizes(checkthat_home, split, size, reflective, leading_quote):
    data = load_checkthat(split)
    assert len(data) == len(data.labels) == len(data.ids) == size
    assert set(data.labels) == {"reflective", "factual"}
    assert data.labels.count("reflective") == reflective
    assert data.groups is None and len(set(data.ids)) == size
    # QUOTE_NONE keeps a sentence's leading straight quote
    assert sum(t.startswith('"') for t in data.texts) == leading_quote


def test_checkthat_quirks(checkthat_home):
    dev = load_checkthat("dev")
    flags = dev.extra["solved_conflict"]
    assert sum(f is None for f in flags) == 243
    assert sum(f is not None for f in flags) == 219
    assert set(flags) == {None, True, False}
    quoted = dev.texts[dev.ids.index("a27a99cb-1a03-424c-b30b-3d53187e4841")]
    assert quoted.startswith('"According to Gelbaum himself: ""I did tell')
    assert set(load_checkthat("dev_test").extra["solved_conflict"]) == {None}


def test_checkthat_dedupe(checkthat_home):
    train = load_checkthat("train")
    unique = load_checkthat("train", dedupe=True)
    assert len(unique) == len(train) - 5 == 825
    assert train.texts.count("Why are teachers unhappy?") == 6
    assert unique.texts.count("Why are teachers unhappy?") == 1
    assert len(set(unique.texts)) == len(unique)
    assert len(load_checkthat("dev", dedupe=True)) == 462


def test_checkthat_bad_split():
    with pytest.raises(ValueError, match="split must be one of"):
        load_checkthat("test")


# -- SUBJ, MPQA, BBC -------------------------------------------------------------------


def test_subj(subj_home):
    data = load_subj()
    assert len(data) == 10_000
    assert data.label_counts() == {"factual": 5000, "reflective": 5000}
    assert data.groups is None
    assert not any("\n" in t for t in data.texts)
    assert any("\x85" in t for t in data.texts)  # split on "\n" only: \x85 stays inside


def test_mpqa(mpqa_home):
    data = load_mpqa()
    assert len(data) == 11_112
    assert data.labels.count("reflective") == 2_344
    assert 0.20 < data.reflective_share() < 0.22
    assert set(data.labels) == {"reflective", "factual"}
    assert len(set(data.groups)) == 535
    assert len(set(data.ids)) == len(data)
    assert all(t and t == " ".join(t.split()) for t in data.texts)
    first = data.ids[0]
    assert first.startswith(data.groups[0] + ":")


def test_mpqa_rule_writer_only(mpqa_home):
    """Opinions of others leave a sentence factual; the writer's own make it reflective."""
    data = load_mpqa()
    label = dict(zip(data.ids, data.labels))
    doc = "20010620/13.40.05-15087"
    # Only sources "w, saeed", "w, patient", "w, hospital" voice opinions here.
    assert {label[i] for i in data.ids if i.startswith(doc + ":")} == {"factual"}


def test_bbc(bbc_home):
    articles = load_bbc()
    assert len(articles) == 2225
    counts = {t: sum(a.topic == t for a in articles) for t in {a.topic for a in articles}}
    assert counts == {
        "business": 510,
        "entertainment": 386,
        "politics": 417,
        "sport": 511,
        "tech": 401,
    }
    fallback = {a.doc_id: a.encoding for a in articles if a.encoding != "utf-8"}
    assert fallback == {"sport/199": "cp1252"}
    mutu = next(a for a in articles if a.doc_id == "sport/199")
    assert mutu.headline == "Chelsea sack Mutu"
    assert "£15.8m" in mutu.text
    assert all(a.headline and a.text for a in articles)


def test_no_network_when_data_is_present(
    monkeypatch, checkthat_home, subj_home, mpqa_home, bbc_home
):
    def refuse(*args, **kwargs):
        raise AssertionError("a loader tried to use the network")

    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    for split in ("train", "dev", "dev_test"):
        load_checkthat(split)
    load_subj()
    load_mpqa()
    load_bbc()
    load_genre_sentences()


# -- genre corpus ----------------------------------------------------------------------


def test_genre_package_data():
    articles = load_genre()
    assert articles, "no articles-*.txt in tonesplit/data/genre"
    assert len({a.id for a in articles}) == len(articles)
    for article in articles:
        assert article.sentences
        for s in article.sentences:
            assert article.text[s.start : s.end] == s.text
            assert s.label in ("reflective", "factual", "other")
        paragraphs = article.text.split("\n")
        assert all(p and "  " not in p for p in paragraphs)
    flat = load_genre_sentences()
    assert set(flat.labels) <= {"reflective", "factual"}
    n_rf = sum(s.label != "other" for a in articles for s in a.sentences)
    assert len(flat) == n_rf
    assert set(flat.groups) <= {a.id for a in articles}


def test_genre_rebuilt_text_and_offsets():
    text = (
        "# a comment\n"
        "=== x-1 | topic: rivers | register: musing\r\n"
        "O A Headline\n"
        "\n"
        "R One thought.\n"
        "F Two facts.\n"
        "\n\n"
        "F Three.\n"
        "# trailing comment ends the article\n"
        "=== x-2 | topic: t | register: op-ed\n"
        "F Only.\n"
    )
    first, second = _genre._parse(text, "articles-t.txt")
    assert first.id == "x-1" and first.topic == "rivers" and first.register == "musing"
    assert first.text == "A Headline\nOne thought. Two facts.\nThree."
    assert [(s.label, s.start, s.end, s.line) for s in first.sentences] == [
        ("other", 0, 10, 3),
        ("reflective", 11, 23, 5),
        ("factual", 24, 34, 6),
        ("factual", 35, 41, 9),
    ]
    assert (first.file, first.line, second.line) == ("articles-t.txt", 2, 11)
    flat = load_genre_sentences([first, second])
    assert flat.texts == ["One thought.", "Two facts.", "Three.", "Only."]
    assert flat.groups == ["x-1", "x-1", "x-1", "x-2"]
    assert flat.ids == ["x-1/1", "x-1/2", "x-1/3", "x-2/0"]


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        ("R Before any header.\n", 1, "outside an article"),
        ("=== a | topic: t\nR x.\n", 1, "malformed header"),
        ("=== a | topic: t | register: r\nX What?\n", 2, "starting with 'R ', 'F ' or 'O '"),
        ("=== a | topic: t | register: r\nR\n", 2, "starting with 'R ', 'F ' or 'O '"),
        ("=== a | topic: t | register: r\nR   \n", 2, "empty sentence"),
        ("=== a | topic: t | register: r\nF Fact.\nO Credit\n", 3, "must be alone"),
        (
            "=== a | topic: t | register: r\n\n=== b | topic: t | register: r\nF x.\n",
            1,
            "no sentences",
        ),
        ("=== a | topic: t | register: r\nF x.\n# note\nF y.\n", 4, "outside an article"),
    ],
)
def test_genre_format_errors_name_file_and_line(text, line, problem):
    with pytest.raises(GenreFormatError, match=rf"^articles-z\.txt, line {line}: .*{problem}"):
        _genre._parse(text, "articles-z.txt")


def test_genre_duplicate_ids_and_bad_encoding(monkeypatch):
    article = b"=== same | topic: t | register: r\nF x.\n"
    monkeypatch.setattr(_genre, "_corpus_files", lambda: [("a.txt", article), ("b.txt", article)])
    with pytest.raises(
        GenreFormatError, match=r"b\.txt, line 1: article id 'same' .* a\.txt, line 1"
    ):
        load_genre()
    monkeypatch.setattr(_genre, "_corpus_files", lambda: [("c.txt", article + b"F caf\xe9\n")])
    with pytest.raises(GenreFormatError, match=r"c\.txt, line 3: not valid UTF-8"):
        load_genre()


# -- download path, against a local server ---------------------------------------------


class _Handler(http.server.SimpleHTTPRequestHandler):
    def do_GET(self):
        if self.path.startswith("/broken/"):
            self.send_error(500, "Internal Server Error")
        else:
            super().do_GET()

    def log_message(self, *args):
        pass


@pytest.fixture
def mirror(tmp_path, monkeypatch):
    """A folder served on 127.0.0.1, set as TONESPLIT_DATA_MIRROR."""
    root = tmp_path / "mirror"
    root.mkdir()
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Handler, directory=str(root))
    )
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    monkeypatch.setenv("TONESPLIT_DATA_MIRROR", base)
    monkeypatch.setenv("no_proxy", "*")  # never send 127.0.0.1 through a proxy
    monkeypatch.setenv("NO_PROXY", "*")
    try:
        yield root, base
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def _files_under(path: Path) -> list[Path]:
    return sorted(p for p in path.rglob("*") if p.is_file())


def _serve_checkthat(source: Path, root: Path) -> Path:
    folder = root / "checkthat2025-en"
    folder.mkdir()
    for name in ("train_en.tsv", "dev_en.tsv", "dev_test_en.tsv"):
        shutil.copyfile(source / "checkthat2025-en" / name, folder / name)
    return folder


def test_download_plain_files(checkthat_home, mirror, tmp_path, monkeypatch):
    root, _ = mirror
    _serve_checkthat(checkthat_home, root)
    cache = tmp_path / "cache"
    dev = load_checkthat("dev", data_home=cache)
    assert len(dev) == 462
    assert [p.name for p in _files_under(cache)] == [
        "dev_en.tsv",
        "dev_test_en.tsv",
        "train_en.tsv",
    ]
    for rel, digest in REMOTE_DATASETS["checkthat2025-en"].files().items():
        path = cache / "checkthat2025-en" / rel
        assert hashlib.sha256(path.read_bytes()).hexdigest() == digest
    # Second time round, it is read from disk.
    monkeypatch.setattr(urllib.request, "urlopen", lambda *a, **k: pytest.fail("downloaded twice"))
    assert len(load_checkthat("train", data_home=cache)) == 830


def test_download_fills_in_only_missing_files(checkthat_home, mirror, tmp_path):
    root, _ = mirror
    _serve_checkthat(checkthat_home, root)
    (root / "checkthat2025-en" / "train_en.tsv").unlink()  # would fail if requested
    cache = tmp_path / "cache"
    (cache / "checkthat2025-en").mkdir(parents=True)
    shutil.copyfile(
        checkthat_home / "checkthat2025-en" / "train_en.tsv",
        cache / "checkthat2025-en" / "train_en.tsv",
    )
    assert len(load_checkthat("dev_test", data_home=cache)) == 484


def test_tampered_download_is_refused(checkthat_home, mirror, tmp_path):
    root, base = mirror
    folder = _serve_checkthat(checkthat_home, root)
    train = folder / "train_en.tsv"
    train.write_bytes(train.read_bytes().replace(b"\tOBJ\t", b"\tSUBJ\t", 1))
    cache = tmp_path / "cache"
    with pytest.raises(DataDownloadError) as info:
        load_checkthat("train", data_home=cache)
    message = str(info.value)
    assert f"{base}/checkthat2025-en/train_en.tsv" in message
    assert "sha256" in message and "refused and not saved" in message
    assert "TONESPLIT_DATA_HOME" in message and str(cache / "checkthat2025-en") in message
    assert _files_under(cache) == [], "a refused download left files behind"
    assert not any(cache.iterdir()), "the staging folder was left behind"


@pytest.mark.parametrize(("prefix", "status"), [("/broken", "HTTP 500"), ("/absent", "HTTP 404")])
def test_server_error_gives_clear_message(mirror, tmp_path, monkeypatch, prefix, status):
    _, base = mirror
    monkeypatch.setenv("TONESPLIT_DATA_MIRROR", base + prefix)
    cache = tmp_path / "cache"
    with pytest.raises(DataDownloadError) as info:
        load_checkthat("dev", data_home=cache)
    message = str(info.value)
    assert f"could not download {base}{prefix}/checkthat2025-en/train_en.tsv: {status}" in message
    assert "TONESPLIT_DATA_HOME" in message and "download it by hand" in message
    assert _files_under(cache) == []


def test_unreachable_server_gives_clear_message(tmp_path, monkeypatch):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("TONESPLIT_DATA_MIRROR", f"http://127.0.0.1:{port}")
    monkeypatch.setenv("no_proxy", "*")
    with pytest.raises(DataDownloadError, match=rf"could not download http://127\.0\.0\.1:{port}/"):
        load_subj(data_home=tmp_path)
    assert _files_under(tmp_path) == []


def _add(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    tar.addfile(info, io.BytesIO(data))


def _subj_archive(source: Path, path: Path, *, symlink_only: bool = False) -> None:
    subj = source / "subj-v1"
    with tarfile.open(path, "w:gz") as tar:
        _add(tar, "../escaped.txt", b"must never be written")
        _add(tar, "/tmp/tonesplit-absolute.txt", b"must never be written")
        _add(tar, "subjdata.README.1.0", b"readme")
        if symlink_only:
            link = tarfile.TarInfo("quote.tok.gt9.5000")
            link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
            tar.addfile(link)
        else:
            _add(tar, "quote.tok.gt9.5000", (subj / "subjective.txt").read_bytes())
        _add(tar, "plot.tok.gt9.5000", (subj / "objective.txt").read_bytes())


def test_download_tar_archive(subj_home, mirror, tmp_path):
    root, _ = mirror
    (root / "subj-v1").mkdir()
    _subj_archive(subj_home, root / "subj-v1" / "rotten_imdb.tar.gz")
    cache = tmp_path / "home" / "cache"
    data = load_subj(data_home=cache)
    assert len(data) == 10_000
    assert _files_under(cache) == [
        cache / "subj-v1" / "objective.txt",
        cache / "subj-v1" / "subjective.txt",
    ]
    assert not (tmp_path / "home" / "escaped.txt").exists()
    assert not Path("/tmp/tonesplit-absolute.txt").exists()


def test_archive_links_are_not_followed(subj_home, mirror, tmp_path):
    root, _ = mirror
    (root / "subj-v1").mkdir()
    _subj_archive(subj_home, root / "subj-v1" / "rotten_imdb.tar.gz", symlink_only=True)
    cache = tmp_path / "cache"
    with pytest.raises(
        DataDownloadError, match="does not contain the expected files .*subjective.txt"
    ):
        load_subj(data_home=cache)
    assert _files_under(cache) == []


def _bbc_archive(source: Path, path: Path, tamper: str | None = None) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("bbc/README.TXT", "readme")
        zf.writestr("__MACOSX/bbc/sport/199.txt", "resource fork")
        zf.writestr("../bbc/evil.txt", "must never be written")
        for rel in sorted(REMOTE_DATASETS["bbc-news"].files()):
            data = (source / "bbc-news" / rel).read_bytes()
            zf.writestr(f"bbc/{rel}", data + b"x" if rel == tamper else data)


def test_download_zip_archive(bbc_home, mirror, tmp_path):
    root, _ = mirror
    (root / "bbc-news").mkdir()
    _bbc_archive(bbc_home, root / "bbc-news" / "bbc-fulltext.zip")
    cache = tmp_path / "cache"
    articles = load_bbc(data_home=cache)
    assert len(articles) == 2225
    assert len(_files_under(cache)) == 2225
    assert not (tmp_path / "bbc" / "evil.txt").exists()


def test_tampered_archive_is_refused(bbc_home, mirror, tmp_path):
    root, base = mirror
    (root / "bbc-news").mkdir()
    _bbc_archive(bbc_home, root / "bbc-news" / "bbc-fulltext.zip", tamper="tech/042.txt")
    cache = tmp_path / "cache"
    with pytest.raises(DataDownloadError) as info:
        load_bbc(data_home=cache)
    message = str(info.value)
    assert "bbc/tech/042.txt" in message and f"{base}/bbc-news/bbc-fulltext.zip" in message
    assert "sha256" in message and "nothing was saved" in message
    assert _files_under(cache) == [] and not any(cache.iterdir())


@pytest.mark.slow
def test_download_mpqa_archive(mpqa_home, mirror, tmp_path):
    root, _ = mirror
    (root / "mpqa-1.2").mkdir()
    with tarfile.open(
        root / "mpqa-1.2" / "mpqa_1_2_database.tar.gz", "w:gz", compresslevel=1
    ) as tar:
        tar.add(mpqa_home / "mpqa-1.2", arcname="database.mpqa.1.2")
    cache = tmp_path / "cache"
    data = load_mpqa(data_home=cache)
    assert len(data) == 11_112 and data.labels.count("reflective") == 2_344


def test_babe(babe_home):
    babe = ds.load_babe(data_home=babe_home, download_if_missing=False)
    # The curly apostrophe of "Expresses writer’s opinion" is matched: both classes are there.
    assert babe.label_counts() == {"factual": 1600, "reflective": 858}
    every = ds.load_babe(keep_middle=True, data_home=babe_home, download_if_missing=False)
    assert len(every) == 3674
    assert set(every.extra["label_opinion"]) >= {"Somewhat factual but also opinionated"}
    assert all(t == " ".join(t.split()) and t for t in every.texts)
    # ids are CSV data rows, so a sentence kept in both views has the same id.
    row = dict(zip(every.ids, every.texts))
    assert all(row[i] == t for i, t in zip(babe.ids, babe.texts))


# -- the silver corpus (stand-off) --------------------------------------------------------


def test_silver_annotations_are_stand_off():
    rows = ds.read_silver_annotations()
    assert rows, "the silver annotations ship with the package"
    for r in rows:
        assert set(r) == {"uid", "annotator", "label", "p_reflective", "role"}
        source, _, rest = r["uid"].partition(":")
        assert rest and source in {"bbc", "mpqa", "babe", "checkthat-train", "checkthat-dev"}
        assert (source.startswith("checkthat")) == (r["role"] == "calibration")
        p = float(r["p_reflective"])
        assert 0 <= p <= 1 and (r["label"] == "R") == (p >= 0.5)
    # no text: every field is short and no uid is repeated by one annotator
    assert max(len(v) for r in rows for v in r.values()) < 80
    assert len({(r["uid"], r["annotator"]) for r in rows}) == len(rows)


def test_silver_adjudication_is_the_mean(monkeypatch):
    from tonesplit.datasets import _silver

    rows = [
        {"uid": "babe:1", "annotator": "a", "label": "R", "p_reflective": "0.70", "role": "double"},
        {"uid": "babe:1", "annotator": "b", "label": "F", "p_reflective": "0.20", "role": "double"},
        {"uid": "babe:2", "annotator": "a", "label": "R", "p_reflective": "0.90", "role": "single"},
        {
            "uid": "checkthat-dev:9",
            "annotator": "a",
            "label": "R",
            "p_reflective": "0.90",
            "role": "calibration",
        },
    ]
    monkeypatch.setattr(_silver, "read_silver_annotations", lambda: rows)
    monkeypatch.setattr(_silver, "_texts", lambda *a: {"babe:1": "One.", "babe:2": "Two."})
    silver = _silver.load_silver(["babe"])
    assert silver.ids == ["babe:1", "babe:2"] and silver.texts == ["One.", "Two."]
    assert silver.labels == ["factual", "reflective"]
    assert silver.extra["p_reflective"] == pytest.approx([0.45, 0.9])
    assert silver.extra["n_annotations"] == [2, 1]
    assert _silver.load_silver(["babe"], min_agreement=0.3).ids == ["babe:2"]
    with pytest.raises(ValueError, match="sources must be among"):
        _silver.load_silver(["reddit"])


def test_silver_texts_resolve(bbc_home, mpqa_home, babe_home):
    silver = ds.load_silver(data_home=bbc_home, download_if_missing=False)
    rows = ds.read_silver_annotations()
    assert len(silver) == len({r["uid"] for r in rows if r["role"] != "calibration"})
    assert all(t.strip() == t and len(t) >= 15 for t in silver.texts)
    assert set(silver.labels) == {"reflective", "factual"}
