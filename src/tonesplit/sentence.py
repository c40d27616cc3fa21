"""Result values: a labelled sentence and a labelled article."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["Sentence", "LabelledText", "LABELS"]

Label = Literal["reflective", "factual", "other"]

#: The three labels a sentence can carry (see ``docs/labels.md``).
LABELS: tuple[str, ...] = ("reflective", "factual", "other")


@dataclass(frozen=True, slots=True, init=False)
class Sentence:
    """One labelled sentence of an article.

    Attributes
    ----------
    text : str
        The sentence exactly as it stands in the article.
    start, end : int
        Character offsets into the article: ``article[start:end] == text``.
    label : {"reflective", "factual", "other"}
        ``"other"`` marks non-prose lines (source lists, credits, bylines,
        headings), found by rule rather than by the model.
    p_reflective : float or None
        The model's probability that the sentence is reflective, in [0, 1];
        ``None`` for ``"other"``.
    quoted : bool
        ``True`` when the whole sentence is inside a quotation that opened in
        it or in an earlier sentence or paragraph: someone else's words (see
        ``docs/labels.md``, "Quotations"). Such a sentence takes the label of
        its attribution when one is found ('"It is shameful." after '...,"
        said the mayor.').

    Examples
    --------
    >>> s = Sentence("It rained.", 0, 10, "factual", 0.12)
    >>> s.is_factual, s.is_reflective
    (True, False)
    """

    text: str
    start: int
    end: int
    label: Label
    p_reflective: float | None = None
    quoted: bool = False

    def __init__(self, text: str, start: int, end: int, label: Label,
                 p_reflective: float | None = None, quoted: bool = False) -> None:
        # What a frozen dataclass's generated __init__ does, setting the slots
        # directly rather than through object.__setattr__ by name: twice as
        # fast, and corpus runs make sentences by the hundred thousand.
        _set_text(self, text)
        _set_start(self, start)
        _set_end(self, end)
        _set_label(self, label)
        _set_p(self, p_reflective)
        _set_quoted(self, quoted)

    @property
    def is_reflective(self) -> bool:
        """True when the label is ``"reflective"``."""
        return self.label == "reflective"

    @property
    def is_factual(self) -> bool:
        """True when the label is ``"factual"``."""
        return self.label == "factual"


_set_text, _set_start, _set_end, _set_label, _set_p, _set_quoted = (
    Sentence.__dict__[name].__set__
    for name in ("text", "start", "end", "label", "p_reflective", "quoted")
)


class LabelledText(list):
    """The labelled sentences of one article, in order (a ``list`` of `Sentence`).

    It is a plain list with two extras: ``source`` keeps the article text, and
    in a notebook it renders as highlighted HTML.
    """

    def __init__(self, sentences=(), source: str = ""):
        super().__init__(sentences)
        self.source = source

    def _repr_html_(self) -> str:
        from .display import article_html

        return article_html(self, self.source)
