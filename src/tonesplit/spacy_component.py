"""The ``tonesplit`` spaCy pipeline component (needs the ``spacy`` extra).

Registered through the ``spacy_factories`` entry point, so with tonesplit
installed no import is needed::

    import spacy
    nlp = spacy.blank("en")
    nlp.add_pipe("tonesplit")
    doc = nlp("Officials said 40 homes were flooded. Perhaps it is a reminder of how fragile we are.")
    [(sent.text, sent._.tone, sent._.p_reflective) for sent in doc.sents]
    doc._.reflective_share

It sets each sentence's ``span._.tone`` (``"reflective"``, ``"factual"`` or
``"other"``) and ``span._.p_reflective`` (``None`` for other), and the
document's ``doc._.reflective_share`` (reflective among the prose
sentences; ``None`` without prose). By default it segments with tonesplit
and sets the sentence boundaries (``doc.sents``); with
``config={"sentences": "pipeline"}`` it labels the sentences an earlier
parser or senter set instead, each as one sentence (no context pass).
``config={"model": PATH}`` uses a model written by ``tonesplit train``.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

__all__ = ["ToneSplitComponent", "make_tonesplit"]

_SENTENCE_MODES = ("tonesplit", "pipeline")


def _record(span: Span):
    """The (start, end, label, p) record of the sentence holding the span's first word."""
    records = span.doc._.tonesplit_records
    if not records:
        return None
    text = span.text
    lead = len(text) - len(text.lstrip())
    at = span.start_char + lead
    i = bisect_right(span.doc._.tonesplit_starts, at) - 1
    if i < 0:
        return None
    start, end, _label, _p = records[i]
    return records[i] if start <= at < max(end, start + 1) else None


def _tone(span: Span) -> str | None:
    rec = _record(span)
    return None if rec is None else rec[2]


def _p_reflective(span: Span) -> float | None:
    rec = _record(span)
    return None if rec is None else rec[3]


def _reflective_share(doc: Doc) -> float | None:
    labels = [r[2] for r in doc._.tonesplit_records or ()]
    prose = labels.count("reflective") + labels.count("factual")
    return labels.count("reflective") / prose if prose else None


def _register_extensions() -> None:
    if not Doc.has_extension("tonesplit_records"):
        Doc.set_extension("tonesplit_records", default=None)
        Doc.set_extension("tonesplit_starts", default=None)
    if not Doc.has_extension("reflective_share"):
        Doc.set_extension("reflective_share", getter=_reflective_share)
    for name, getter in (("tone", _tone), ("p_reflective", _p_reflective)):
        if not Span.has_extension(name):
            Span.set_extension(name, getter=getter)


class ToneSplitComponent:
    """Label the sentences of a spaCy ``Doc`` as reflective, factual or other."""

    def __init__(self, nlp: Language, name: str = "tonesplit", sentences: str = "tonesplit",
                 model: str | None = None, batch_size: int = 64):
        if sentences not in _SENTENCE_MODES:
            raise ValueError(f"tonesplit component: sentences must be one of "
                             f"{_SENTENCE_MODES}, got {sentences!r}")
        self.name = name
        self.sentences = sentences
        self.model_path = model
        self.batch_size = batch_size
        self._model: Any = None
        _register_extensions()

    @property
    def model(self):
        if self._model is None:  # loaded at the first document, not when the pipe is added
            from .model import load_model

            self._model = load_model(self.model_path)
        return self._model

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, stream, batch_size: int | None = None):
        size = batch_size or self.batch_size
        batch: list[Doc] = []
        for doc in stream:
            batch.append(doc)
            if len(batch) >= size:
                yield from self._label(batch)
                batch = []
        if batch:
            yield from self._label(batch)

    def _label(self, docs: list[Doc]) -> list[Doc]:
        if self.sentences == "pipeline":
            return self._label_pipeline_sentences(docs)
        from .api import label_documents

        for doc, labelled in zip(docs, label_documents([d.text for d in docs], self.model)):
            records = [(s.start, s.end, s.label, s.p_reflective) for s in labelled]
            self._set(doc, records)
            self._set_boundaries(doc, records)
        return docs

    def _label_pipeline_sentences(self, docs: list[Doc]) -> list[Doc]:
        from .api import _reflective_column, _threshold

        spans = []
        for doc in docs:
            if not doc.has_annotation("SENT_START"):
                raise ValueError("tonesplit component with sentences='pipeline' needs "
                                 "sentence boundaries from an earlier component (a parser, "
                                 "senter or sentencizer); none are set")
            spans.append([s for s in doc.sents if s.text.strip()])
        texts = [s.text.strip() for doc_spans in spans for s in doc_spans]
        model = self.model
        proba = (model.predict_proba(texts)[:, _reflective_column(model)].tolist()
                 if texts else [])
        threshold = _threshold(model)
        at = 0
        for doc, doc_spans in zip(docs, spans):
            records = []
            for s in doc_spans:
                p = float(proba[at])
                at += 1
                lead = len(s.text) - len(s.text.lstrip())
                records.append((s.start_char + lead, s.end_char,
                                "reflective" if p >= threshold else "factual", p))
            self._set(doc, records)
        return docs

    @staticmethod
    def _set(doc: Doc, records: list) -> None:
        doc._.tonesplit_records = records
        doc._.tonesplit_starts = [r[0] for r in records]

    @staticmethod
    def _set_boundaries(doc: Doc, records: list) -> None:
        """tonesplit's sentences become ``doc.sents`` (whitespace joins the one before)."""
        if len(doc) == 0 or doc.has_annotation("DEP"):  # a parser's boundaries cannot be reset
            return
        starts = set()
        for start, _end, _label, _p in records:
            span = doc.char_span(start, start + 1, alignment_mode="expand")
            if span is not None:
                starts.add(span.start)
        for token in doc:
            token.is_sent_start = token.i == 0 or token.i in starts


@Language.factory(
    "tonesplit",
    default_config={"sentences": "tonesplit", "model": None, "batch_size": 64},
    assigns=["doc.sents", "span._.tone", "span._.p_reflective", "doc._.reflective_share"],
)
def make_tonesplit(nlp: Language, name: str, sentences: str, model: str | None,
                   batch_size: int) -> ToneSplitComponent:
    """The factory behind ``nlp.add_pipe("tonesplit")``."""
    return ToneSplitComponent(nlp, name, sentences=sentences, model=model, batch_size=batch_size)
