"""Labelled and unlabelled corpora for training and checking tonesplit.

Public data sets are read from the data home (see `get_data_home`), or
downloaded into it from their official hosts on first use and checked
against recorded sha256 sums. The genre corpus ships with the package.

>>> from tonesplit.datasets import load_genre_sentences
>>> ds = load_genre_sentences()
>>> len(ds.texts) == len(ds.labels) == len(ds.groups)
True
"""

from ._babe import load_babe
from ._bbc import BBCArticle, load_bbc
from ._checkthat import load_checkthat
from ._fetch import DataDownloadError, DataNotFoundError, fetch, get_data_home
from ._genre import GenreArticle, GenreFormatError, GenreSentence, load_genre, load_genre_sentences
from ._mpqa import load_mpqa
from ._registry import REMOTE_DATASETS, RemoteDataset, RemoteFile
from ._silver import SILVER_SOURCES, load_silver, read_silver_annotations
from ._subj import load_subj
from ._teacher import load_teacher_pool, read_teacher_logits
from ._text_dataset import TextDataset

__all__ = [
    "REMOTE_DATASETS",
    "SILVER_SOURCES",
    "BBCArticle",
    "DataDownloadError",
    "DataNotFoundError",
    "GenreArticle",
    "GenreFormatError",
    "GenreSentence",
    "RemoteDataset",
    "RemoteFile",
    "TextDataset",
    "fetch",
    "get_data_home",
    "load_babe",
    "load_bbc",
    "load_checkthat",
    "load_genre",
    "load_genre_sentences",
    "load_mpqa",
    "load_silver",
    "load_subj",
    "load_teacher_pool",
    "read_silver_annotations",
    "read_teacher_logits",
]
