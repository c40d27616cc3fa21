"""`TextDataset`: the value every sentence-level loader returns."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

__all__ = ["TRAINING_LABELS", "TextDataset"]

#: The two labels a training sentence can carry.
TRAINING_LABELS: tuple[str, ...] = ("reflective", "factual")


@dataclass(frozen=True)
class TextDataset:
    """Labelled sentences from one corpus, ready for ``fit(texts, labels)``.

    All list attributes are parallel: item ``i`` of each describes sentence ``i``.

    Attributes
    ----------
    texts : list of str
        The sentences.
    labels : list of str
        ``"reflective"`` or ``"factual"`` for each sentence.
    groups : list of str or None
        The document each sentence comes from, for grouped cross-validation
        (``sklearn.model_selection.GroupKFold``); ``None`` when the corpus has
        no documents (CheckThat!, SUBJ).
    ids : list of str or None
        A stable identifier per sentence in the source data (CheckThat!
        ``sentence_id``, MPQA ``<doc>:<start>-<end>``, genre
        ``<article>/<n>``); ``None`` when the source has none.
    name : str
        Short name of the corpus and part, e.g. ``"checkthat2025-en/train"``.
    licence : str
        The licence of the data, in a few words; read it before you share
        anything derived from the data.
    description : str
        One paragraph on where the data come from and how labels were mapped.
    extra : dict of str to list
        Further per-sentence columns some corpora carry (CheckThat!:
        ``"solved_conflict"``); empty otherwise.

    Examples
    --------
    >>> ds = TextDataset(["It rained.", "What a day!"], ["factual", "reflective"],
    ...                  name="toy", licence="CC0", description="Two sentences.")
    >>> len(ds), ds.label_counts()
    (2, {'factual': 1, 'reflective': 1})
    """

    texts: list[str]
    labels: list[str]
    groups: list[str] | None = None
    ids: list[str] | None = None
    name: str = ""
    licence: str = ""
    description: str = ""
    extra: dict[str, list[Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        n = len(self.texts)
        columns = {"labels": self.labels, "groups": self.groups, "ids": self.ids}
        columns.update({f"extra[{k!r}]": v for k, v in self.extra.items()})
        for what, column in columns.items():
            if column is not None and len(column) != n:
                raise ValueError(f"{what} has {len(column)} items but texts has {n}")
        bad = set(self.labels) - set(TRAINING_LABELS)
        if bad:
            raise ValueError(f"labels must be in {TRAINING_LABELS}, got {sorted(bad)}")

    def __len__(self) -> int:
        return len(self.texts)

    def label_counts(self) -> dict[str, int]:
        """Number of sentences per label, in sorted label order."""
        return dict(sorted(Counter(self.labels).items()))

    def reflective_share(self) -> float:
        """Share of sentences labelled ``"reflective"`` (0.0 for an empty set)."""
        return self.labels.count("reflective") / len(self.labels) if self.labels else 0.0
