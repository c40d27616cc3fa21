"""Sentence segmentation with exact character offsets (placeholder, being rewritten)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from ._validation import check_text

__all__ = ["Segment", "segment"]


@dataclass(frozen=True, slots=True)
class Segment:
    """A span of an article: a prose sentence or a non-prose line."""

    text: str
    start: int
    end: int
    kind: Literal["prose", "other"]


_SENT = re.compile(r"\S.*?(?:[.!?]+[\"”’)]*(?=\s|$)|$)", re.M)


def segment(text: str) -> list[Segment]:
    """Split ``text`` into prose sentences and non-prose lines, in order."""
    check_text(text)
    out = []
    for m in _SENT.finditer(text):
        s = m.group().rstrip()
        if s:
            out.append(Segment(s, m.start(), m.start() + len(s), "prose"))
    return out
