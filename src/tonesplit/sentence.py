"""Result values: a labelled sentence and a labelled article."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["Sentence", "LabelledText", "LABELS"]

Label = Literal["reflective", "factual", "other"]

#: The three labels a sentence can carry (see ``docs/labels.md``).
LABELS: tuple[str, ...] = ("reflective", "factual", "other")


@dataclass(frozen=True, slots=True)
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

    @property
    def is_reflective(self) -> bool:
        """True when the label is ``"reflective"``."""
        return self.label == "reflective"

    @property
    def is_factual(self) -> bool:
        """True when the label is ``"factual"``."""
        return self.label == "factual"


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
