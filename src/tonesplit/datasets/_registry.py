"""Where each public data set lives, what its files hash to, and how it is laid out.

Every data set has a folder in the data home (see `get_data_home`), named as
in the project's shared data folder:

==================  ===========================================================
folder              files the loaders read
==================  ===========================================================
checkthat2025-en/   train_en.tsv, dev_en.tsv, dev_test_en.tsv
subj-v1/            subjective.txt, objective.txt
mpqa-1.2/           docs/<doc>, man_anns/<doc>/gatesentences.mpqa.1.2,
                    man_anns/<doc>/gateman.mpqa.lre.1.2  (535 documents)
bbc-news/           <topic>/<nnn>.txt  (2,225 articles in five topic folders)
babe/               final_labels_SG2.csv
==================  ===========================================================

Checksums
---------
Every file a loader reads has a recorded sha256, and a download is accepted
only when every file matches. Plain files (CheckThat!) are checked as
downloaded. For the three archives (SUBJ, MPQA, BBC) the project never saw the
archive bytes, only the extracted files, so the sha256 of each *extracted file
the loaders read* is recorded and checked after extraction; the archive itself
is not checked and is deleted once its files are in place. This also keeps a
download valid if a host re-packs an archive without changing its contents.
The per-file sums of the two large sets live beside this module in
``_checksums/<folder>.sha256`` (``sha256sum -c`` format, run it inside the
folder to check a copy by hand); the small sets are listed inline below.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Literal

__all__ = ["REMOTE_DATASETS", "RemoteDataset", "RemoteFile"]


@dataclass(frozen=True)
class RemoteFile:
    """One file to download.

    Attributes
    ----------
    url : str
        The official address.
    kind : {"file", "tar.gz", "zip"}
        ``"file"`` is saved as it is, at ``target``; an archive is unpacked and
        the files the loaders need are taken from it.
    target : str or None
        For ``kind="file"``, the path inside the data set folder.
    """

    url: str
    kind: Literal["file", "tar.gz", "zip"] = "file"
    target: str | None = None

    @property
    def filename(self) -> str:
        """The last part of the URL, also the file's name on a mirror."""
        return self.url.rstrip("/").rsplit("/", 1)[-1]


@dataclass(frozen=True)
class RemoteDataset:
    """A public data set: where to get it and how to check it.

    Attributes
    ----------
    name : str
        Its folder in the data home.
    title : str
        A human name.
    homepage : str
        Where a person can read about it and download it by hand.
    licence : str
        Its licence, in a few words.
    sources : tuple of RemoteFile
        What to download.
    layout : str
        How to arrange a manual download in the folder ("there").
    renames : mapping of str to str
        Archive member (path relative to the archive's top folder) to its path
        in the data set folder, for files the project stores under another name.
    sha256 : mapping of str to str
        Inline checksums, path in the folder to sha256 (small sets).
    manifest : str or None
        Name of a ``_checksums/*.sha256`` file holding the checksums (large sets).
    """

    name: str
    title: str
    homepage: str
    licence: str
    sources: tuple[RemoteFile, ...]
    layout: str
    renames: Mapping[str, str] = field(default_factory=dict)
    sha256: Mapping[str, str] = field(default_factory=dict)
    manifest: str | None = None

    def files(self) -> dict[str, str]:
        """Map each file the loaders read (path inside the folder) to its sha256."""
        if self.manifest is None:
            return dict(self.sha256)
        return dict(_read_manifest(self.manifest))


@cache
def _read_manifest(filename: str) -> tuple[tuple[str, str], ...]:
    text = (resources.files(__package__) / "_checksums" / filename).read_text("ascii")
    out = []
    for line in text.splitlines():
        if line.strip():
            digest, path = line.split(None, 1)
            out.append((path.strip().lstrip("*"), digest.lower()))
    return tuple(out)


_CHECKTHAT_RAW = (
    "https://gitlab.com/checkthat_lab/clef2025-checkthat-lab/-/raw/main/task1/data/english/"
)

_DATASETS = (
    RemoteDataset(
        name="checkthat2025-en",
        title="CheckThat! 2025 Task 1 (subjectivity in news articles), English",
        homepage="https://gitlab.com/checkthat_lab/clef2025-checkthat-lab/-/tree/main/task1/data/english",
        licence="CC BY-NC-SA 4.0",
        sources=tuple(
            RemoteFile(_CHECKTHAT_RAW + f, target=f)
            for f in ("train_en.tsv", "dev_en.tsv", "dev_test_en.tsv")
        ),
        layout="save train_en.tsv, dev_en.tsv and dev_test_en.tsv there, unchanged",
        sha256={
            "train_en.tsv": "33efc43c5f5ba64edae63c6c5b4f34c6d97cb6e0a312550b41b5cc5ccc1ace69",
            "dev_en.tsv": "046d571e1c7de0da681e087a73499263be04369ad76b2d53d39a6278c55e334f",
            "dev_test_en.tsv": "c25912bfd1263e6adfe7fdfff822e97e8c794cae5ccee0dd57b0c0cae9e08150",
        },
    ),
    RemoteDataset(
        name="subj-v1",
        title="Pang & Lee subjectivity data v1.0 (rotten_imdb)",
        homepage="https://www.cs.cornell.edu/people/pabo/movie-review-data/",
        licence="free for research use; cite Pang & Lee (ACL 2004)",
        sources=(
            RemoteFile(
                "https://www.cs.cornell.edu/people/pabo/movie-review-data/rotten_imdb.tar.gz",
                kind="tar.gz",
            ),
        ),
        layout="unpack rotten_imdb.tar.gz, then save quote.tok.gt9.5000 there as "
        "subjective.txt and plot.tok.gt9.5000 as objective.txt",
        renames={"quote.tok.gt9.5000": "subjective.txt", "plot.tok.gt9.5000": "objective.txt"},
        sha256={
            "subjective.txt": "73a2dcf8dc3cbcc7f068a70ef9f021c86b2a8e4dac81566b7fd015b3e938f2c5",
            "objective.txt": "5ddc9b44dc60d64d651347fcd7bdd489b0c70661e3f768215c16eea36f51204a",
        },
    ),
    RemoteDataset(
        name="mpqa-1.2",
        title="MPQA Opinion Corpus 1.2",
        homepage="https://mpqa.cs.pitt.edu/corpora/mpqa_corpus/mpqa_corpus_1_2/",
        licence="academic and research use only; annotations copyright MITRE, "
        "news texts copyright their publishers",
        # The release page asks the user to accept its terms before downloading.
        # The archive name follows the site's pattern (2.0 is
        # mpqa_2_0_database.tar.gz); it could not be checked offline. The
        # extracted files are verified either way.
        sources=(
            RemoteFile(
                "https://mpqa.cs.pitt.edu/corpora/mpqa_corpus/mpqa_corpus_1_2/"
                "mpqa_1_2_database.tar.gz",
                kind="tar.gz",
            ),
        ),
        layout="unpack the archive and move the contents of its database.mpqa.1.2/ "
        "folder (docs/, man_anns/, ...) there",
        manifest="mpqa-1.2.sha256",
    ),
    RemoteDataset(
        name="bbc-news",
        title="BBC News raw articles (Greene & Cunningham, ICML 2006)",
        homepage="http://mlg.ucd.ie/datasets/bbc.html",
        licence="research use; article copyright BBC",
        sources=(RemoteFile("http://mlg.ucd.ie/files/datasets/bbc-fulltext.zip", kind="zip"),),
        layout="unpack bbc-fulltext.zip and move the contents of its bbc/ folder "
        "(business/, entertainment/, politics/, sport/, tech/) there",
        manifest="bbc-news.sha256",
    ),
    RemoteDataset(
        name="babe",
        title="BABE, Bias Annotations By Experts (Spinde et al., Findings of EMNLP 2021)",
        homepage="https://github.com/Media-Bias-Group/"
        "Neural-Media-Bias-Detection-Using-Distant-Supervision-With-BABE",
        licence="AGPL-3.0",
        sources=(
            RemoteFile(
                "https://raw.githubusercontent.com/Media-Bias-Group/"
                "Neural-Media-Bias-Detection-Using-Distant-Supervision-With-BABE/"
                "main/data/final_labels_SG2.csv",
                target="final_labels_SG2.csv",
            ),
        ),
        layout="save data/final_labels_SG2.csv from the repository there, unchanged",
        sha256={
            "final_labels_SG2.csv": "c02ebe82a8411f15e9dc63afed27826d61b84df56b5e1511f0f40bf8a688aeaf",
        },
    ),
)

#: The public data sets the loaders can fetch, by folder name (read-only).
REMOTE_DATASETS: Mapping[str, RemoteDataset] = MappingProxyType({d.name: d for d in _DATASETS})
