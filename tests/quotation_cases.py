"""Multi-sentence quotation cases written for this project (every name made up).

Each case: the article, and for each prose sentence in order whether it is
``quoted`` and the label the guideline gives it (attributed speech is factual,
``docs/labels.md``). Used by tests/test_quotations.py and
benchmarks/quotations.py.
"""

from __future__ import annotations

QUOTATION_CASES: list[tuple[str, str, list[tuple[bool, str]]]] = [
    ("mayor-two-sentences",
     '"This is a disaster for the town," said the mayor. "It is shameful. Nobody in this'
     ' council should be proud of what happened tonight."',
     [(False, "factual"), (True, "factual"), (True, "factual")]),
    ("reopened-paragraph",
     'The minister said the figures were worrying. "We drink too much, we eat badly and we do'
     ' not move enough.\n"They all make us one of the most unhealthy countries in Europe, and'
     ' too many smoke," she told reporters.',
     [(False, "factual"), (True, "factual"), (False, "factual")]),
    ("curly-three-paragraphs",
     "\u201cWhat we saw was a failure of imagination,\u201d the inspector wrote in her report."
     "\n\u201cIt is a scandal that should shame everyone involved."
     "\n\u201cWe must do better, and we will.\u201d",
     [(False, "factual"), (True, "factual"), (True, "factual")]),
    ("attribution-after",
     '"The decision is a betrayal of every family here. It is simply wrong," Ms Okafor said.',
     [(True, "factual"), (False, "factual")]),
    ("single-curly",
     "\u2018The plan is a gamble,\u2019 said Dr Varga. \u2018Frankly, it is reckless. History"
     " will judge it harshly.\u2019",
     [(False, "factual"), (True, "factual"), (True, "factual")]),
    ("lead-in-colon",
     'The council leader told the BBC:\n"It is a shameful day for this town. We have let'
     ' everyone down."',
     [(False, "factual"), (True, "factual"), (True, "factual")]),
    ("closed-quote-then-author",
     '"Prices will rise," the governor said. What a bleak prospect that is for anyone'
     " trying to save.",
     [(False, "factual"), (False, "reflective")]),
    ("no-attribution-stays",
     '"Brave new world." Few phrases have been so worn out by use, and so rarely understood.',
     [(True, "reflective"), (False, "reflective")]),
    ("apostrophes-are-not-quotes",
     "The runners' shoes were soaked. It's the town's worst flood in decades, officials said."
     " What a sorry sight it was.",
     [(False, "factual"), (False, "factual"), (False, "reflective")]),
]
