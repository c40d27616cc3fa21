"""Quoted sentences take their attribution: the labelling path's quotation pass.

Attributed speech is reported, not the author's voice (``docs/labels.md``). A
sentence wholly inside a quotation (``quoted``, from
``tonesplit._segment._quotes``) often carries no attribution of its own; the
sentence that does ("..., said the mayor.", "He told the BBC:") is found next
to it, and the quoted sentence's probability of being reflective is capped by
that sentence's.
"""

from __future__ import annotations

import re
from typing import Final

#: A verb or phrase of attribution.
_ATTRIBUTION: Final = re.compile(
    r"\b(?:said|says|say|told|tells|added|adds|asked|asks|according\s+to|insisted|insists"
    r"|warned|warns|argued|argues|explained|explains|stated|states|claimed|claims|wrote"
    r"|writes|commented|noted|notes|replied|continued|declared|announced|announces"
    r"|tweeted|posted|urged|urges|admitted|admits|acknowledged|conceded|recalled|recalls)\b",
    re.IGNORECASE,
)


def attribution_sources(spans: list[tuple[str, int, int, str]], quoted: list[bool],
                        number: list[int]) -> list[int]:
    """For each span, the index of the sentence whose attribution it takes; -1 for none.

    A run of consecutive quoted sentences looks at the prose sentence just
    before it (when that one touched a quotation or ends with ":") and at the
    one just after it (when that one closes the run's quotation), in that
    order, and takes the first that holds an attribution.

    >>> spans = [('"A disaster," said the mayor.', 0, 29, "prose"),
    ...          ('"It is shameful.', 30, 46, "prose"), ('Nobody is proud."', 47, 64, "prose")]
    >>> attribution_sources(spans, [False, True, True], [0, 1, 1])
    [-1, 0, 0]
    """
    n = len(spans)
    source = [-1] * n
    k = 0
    while k < n:
        if not quoted[k]:
            k += 1
            continue
        first = k
        while k < n and quoted[k]:
            k += 1
        last = k - 1
        found = -1
        before, after = first - 1, last + 1
        if before >= 0 and spans[before][3] == "prose" and (
            number[before] >= 0 or spans[before][0].endswith(":")
        ) and _ATTRIBUTION.search(spans[before][0]):
            found = before
        elif after < n and spans[after][3] == "prose" and number[after] == number[last] >= 0 and (
            _ATTRIBUTION.search(spans[after][0])
        ):
            found = after
        if found >= 0:
            for j in range(first, last + 1):
                source[j] = found
    return source
