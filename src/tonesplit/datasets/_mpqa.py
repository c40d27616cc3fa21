"""Loader for the MPQA Opinion Corpus 1.2, labelled by the writer's own voice."""

from __future__ import annotations

import os
import re
from pathlib import Path

from ._fetch import fetch
from ._registry import REMOTE_DATASETS
from ._text_dataset import TextDataset

__all__ = ["load_mpqa"]

_ATTRIBUTE = re.compile(r'([\w-]+)="([^"]*)"')
_ABOVE_LOW = frozenset({"medium", "high", "extreme"})
_SENTENCES = "gatesentences.mpqa.1.2"
_OPINIONS = "gateman.mpqa.lre.1.2"
_SENTENCE_KINDS = frozenset({"GATE_sentence"})
_OPINION_KINDS = frozenset({"GATE_expressive-subjectivity", "GATE_direct-subjective"})


def _read_annotations(
    path: Path, kinds: frozenset[str]
) -> list[tuple[int, int, str, dict[str, str]]]:
    """Parse the annotations of the given types from an MPQA stand-off file.

    Each is returned as (start, end, type, attributes); lines are
    ``id<TAB>start,end<TAB>string<TAB>type[<TAB>name="value" ...]``.
    """
    out = []
    with open(path, encoding="latin-1") as fh:
        for number, line in enumerate(fh, 1):
            if line.startswith("#") or not line.strip():
                continue
            fields = line.rstrip("\r\n").split("\t")
            if len(fields) < 4 or fields[3] not in kinds:
                continue
            try:
                start, end = map(int, fields[1].split(","))
            except ValueError:
                raise ValueError(f"{path}, line {number}: bad span {fields[1]!r}") from None
            attributes = dict(_ATTRIBUTE.findall(fields[4])) if len(fields) > 4 else {}
            out.append((start, end, fields[3], attributes))
    return out


def _is_writer_opinion(kind: str, attributes: dict[str, str]) -> bool:
    """True for an opinion of the writer's own, stronger than low."""
    if attributes.get("nested-source") != "w":
        return False
    if kind == "GATE_expressive-subjectivity":
        return attributes.get("intensity") in _ABOVE_LOW
    if kind == "GATE_direct-subjective":
        return attributes.get("intensity") in _ABOVE_LOW and "insubstantial" not in attributes
    return False


def _sentences_holding(start: int, end: int, spans: list[tuple[int, int]]) -> list[int]:
    """Indices of the sentences an annotation belongs to."""
    if start < end:  # every sentence the span overlaps (almost always exactly one)
        return [i for i, (s, e) in enumerate(spans) if max(start, s) < min(end, e)]
    # An empty span (an implicit speech event) marks a point, normally a
    # sentence start: take the sentence it falls in, else one ending there.
    inside = [i for i, (s, e) in enumerate(spans) if s <= start < e]
    return inside or [i for i, (s, e) in enumerate(spans) if e == start]


def load_mpqa(
    *,
    data_home: str | os.PathLike[str] | None = None,
    download_if_missing: bool = True,
) -> TextDataset:
    """Load the MPQA 1.2 sentences, labelled by whether the writer voices an opinion.

    A sentence is ``"reflective"`` when it holds a
    ``GATE_expressive-subjectivity`` or ``GATE_direct-subjective`` annotation
    whose ``nested-source`` is exactly ``w`` (the writer) and whose
    ``intensity`` is above low (``medium``, ``high`` or ``extreme``); a
    direct-subjective annotation must also not carry ``insubstantial``.
    Every other sentence is ``"factual"``, including those that only report
    the opinions of others (``w, saeed``). This differs from the "subjective
    sentence" rule in MPQA's own README, which counts everyone's opinions.

    Sentences are the ``GATE_sentence`` spans of ``gatesentences.mpqa.1.2``
    (junk lines removed by the corpus authors), cut from the latin-1 document
    by character offset, with runs of whitespace (including the line breaks
    inside sentences) replaced by one space. An annotation belongs to every
    sentence its span overlaps; an empty span to the sentence it falls in.

    Parameters
    ----------
    data_home : str or path-like, optional
        See `get_data_home`.
    download_if_missing : bool, default=True
        Download the corpus if it is not on disk. The MPQA release page asks
        you to accept its terms (research use only) first; if the download
        fails, get it by hand as the error message says.

    Returns
    -------
    TextDataset
        11,112 sentences from 535 documents, 2,344 (21.1%) reflective, in
        document order. ``groups`` holds the document id (e.g.
        ``"20010620/13.40.05-15087"``); ``ids`` holds ``"<doc>:<start>-<end>"``,
        the sentence's character span in ``docs/<doc>``.

    Examples
    --------
    >>> ds = load_mpqa()  # doctest: +SKIP
    >>> len(ds), round(ds.reflective_share(), 3)  # doctest: +SKIP
    (11112, 0.211)
    """
    folder = fetch("mpqa-1.2", data_home=data_home, download_if_missing=download_if_missing)
    annotations = folder / "man_anns"
    # The documents listed in the checksums, not whatever else is in the folder.
    files = REMOTE_DATASETS["mpqa-1.2"].files()
    doc_ids = sorted(rel.removeprefix("docs/") for rel in files if rel.startswith("docs/"))
    texts: list[str] = []
    labels: list[str] = []
    groups: list[str] = []
    ids: list[str] = []
    for doc_id in doc_ids:
        with open(folder / "docs" / doc_id, encoding="latin-1", newline="") as fh:
            document = fh.read()
        sentence_file = annotations / doc_id / _SENTENCES
        spans = sorted((s, e) for s, e, *_ in _read_annotations(sentence_file, _SENTENCE_KINDS))
        reflective = [False] * len(spans)
        opinion_file = annotations / doc_id / _OPINIONS
        for start, end, kind, attributes in _read_annotations(opinion_file, _OPINION_KINDS):
            if _is_writer_opinion(kind, attributes):
                for i in _sentences_holding(start, end, spans):
                    reflective[i] = True
        for (start, end), is_reflective in zip(spans, reflective):
            sentence = " ".join(document[start:end].split())
            if not sentence:
                continue
            texts.append(sentence)
            labels.append("reflective" if is_reflective else "factual")
            groups.append(doc_id)
            ids.append(f"{doc_id}:{start}-{end}")
    return TextDataset(
        texts=texts,
        labels=labels,
        groups=groups,
        ids=ids,
        name="mpqa-1.2",
        licence=(
            "academic and research use only; annotations copyright MITRE, "
            "news texts copyright their publishers"
        ),
        description=(
            "MPQA Opinion Corpus 1.2: 535 news and editorial documents (2001-2002). "
            "A sentence is reflective when it holds a writer-sourced (nested-source "
            "exactly 'w') expressive-subjectivity or direct-subjective annotation "
            "of intensity above low (direct-subjective: not insubstantial); "
            "otherwise factual."
        ),
    )
