"""Split an article into prose sentences and non-prose lines, with exact offsets.

The public face of the segmenter (it lives in the private package
``tonesplit._segment``): `Segment` and `segment`, importable from here or from
``tonesplit`` itself.

``tonesplit.segment`` names both this module and the function (the package
re-exports the function under the same name). Importing this module binds the
module to that attribute, so the module can be called like the function:
``tonesplit.segment(text)`` works whichever of the two the name holds.

>>> import tonesplit
>>> import tonesplit.segment
>>> [s.text for s in tonesplit.segment("It rained. We stayed in.")]
['It rained.', 'We stayed in.']
"""

from __future__ import annotations

import sys
import types

from ._segment import Segment, segment, segment_spans  # noqa: F401  (segment_spans: for benchmarks)

__all__ = ["Segment", "segment"]


class _CallableModule(types.ModuleType):
    """This module, callable as `segment` (see the module docstring)."""

    def __call__(self, text: str) -> list[Segment]:
        return segment(text)


sys.modules[__name__].__class__ = _CallableModule
del sys, types
