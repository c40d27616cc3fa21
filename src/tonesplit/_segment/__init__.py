"""Split an article into prose sentences and non-prose lines, with exact offsets.

Segmentation works in three steps:

1. **Lines.** The text is cut at every line break (``\\n``, ``\\r\\n``, ``\\r``,
   ``\\v``, ``\\f``, ``\\x1c``-``\\x1e``, ``\\x85``, ``\\u2028``, ``\\u2029``).
   Each line is a block of its own, whether paragraphs are separated by one
   newline or by blank lines.
2. **Other lines.** A line that is not prose (source list, image credit,
   AI-image disclaimer, byline, dateline, heading, link bullet, "Read more",
   tags, a bare URL, a timestamp, a line with no letters) is found by the rule
   table ``_ALWAYS_OTHER`` / ``_UNPUNCTUATED_OTHER`` below and becomes a single
   segment of kind ``"other"``. A line that ends like a sentence (``.``, ``!``,
   ``?``, ``...``) is prose unless a rule of the first table names it.
3. **Sentences.** A prose line is split with NLTK's Punkt
   (:class:`nltk.tokenize.punkt.PunktSentenceTokenizer`), using parameters the
   project ships itself (``data/lexicons/abbreviations.txt`` and a list of
   frequent sentence starters): no NLTK data file is needed, and nothing is
   ever downloaded. Two small corrections follow: a "?" or "!" (or a closing
   quote) followed by a lower-case word continues the sentence ('"Why now?"
   she asked.'), and a list marker stays with its sentence ("1. The ...").

Every segment is stripped, segments are in order and do not overlap, and
together they hold every non-whitespace character of the text exactly once.
Time is linear in the length of the text whatever it holds: Punkt sees a
line through windows of bounded size, and very long whitespace-free runs are
masked (in a same-length copy) so that Punkt's per-boundary context stays
short.
"""

from ._api import Segment, segment, segment_spans

__all__ = ["Segment", "segment", "segment_spans"]
