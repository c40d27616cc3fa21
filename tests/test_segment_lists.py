"""List items, lead-ins and headlines: what a reader takes for prose and what not."""

from __future__ import annotations

import pytest

from tonesplit.segment import segment


def kinds(text: str) -> list[tuple[str, str]]:
    return [(s.kind, s.text) for s in segment(text)]


ARTICLE = (
    "Ministers set out new rules on Monday.\n"
    "The main measures were:\n"
    "- a ban on smoking in enclosed public places\n"
    "- a tax on sugary drinks from April\n"
    "• Free school meals for every pupil in England\n"
    "1. Prices will be capped until 2027.\n"
    "Critics said the plan went too far."
)


def test_list_items_are_prose_with_the_marker_outside():
    segs = segment(ARTICLE)
    items = [s for s in segs if ARTICLE[: s.start].rstrip(" ").endswith(("-", "\u2022", "1."))]
    assert [s.text for s in items] == [
        "a ban on smoking in enclosed public places",
        "a tax on sugary drinks from April",
        "Free school meals for every pupil in England",
        "Prices will be capped until 2027.",
    ]
    assert all(s.kind == "prose" for s in items)
    for s in items:  # the marker and its space lie just before the sentence, outside it
        assert ARTICLE[s.start - 2 : s.start] in ("- ", "\u2022 ", ". ")


@pytest.mark.parametrize(
    "lead_in",
    ["The main measures were:", "Here is what we know so far:", "Among the proposals are:"],
)
def test_lead_ins_are_prose_wherever_they_stand(lead_in):
    for text in (lead_in, f"Headline\n\n{lead_in}\n- one thing here", f"It rained.\n{lead_in}"):
        assert ("prose", lead_in) in kinds(text)


@pytest.mark.parametrize(
    "line",
    [
        "- [Macron ready to talk](https://example.org/a)",
        "\u2022 Reuters",
        "- BBC News, 2 March",
        "Key Points:",
    ],
)
def test_lists_of_links_sources_and_labels_stay_other(line):
    assert kinds(f"It rained.\n{line}")[1][0] == "other"


@pytest.mark.parametrize(
    ("text", "first_kind"),
    [
        ("Time to get tough on friendlies?\n\nEngland play Spain on Friday.", "other"),
        ("Floods Return to the Valley\n\nThe river rose again.", "other"),
        ("Why we should all worry about rents!\n\nRents rose 5%.", "other"),
        # a one-sentence opening paragraph that ends with a full stop stays prose
        ("The river rose again overnight.\n\nResidents left.", "prose"),
        # not alone before a blank line: the first line of a paragraph
        ("Is this the end?\nResidents left their homes on Monday.", "prose"),
        # two sentences are not a headline
        ("Floods return. Again?\n\nResidents left.", "prose"),
    ],
)
def test_headline_rule(text, first_kind):
    assert segment(text)[0].kind == first_kind


def test_headline_rule_only_for_the_first_line():
    text = "The river rose again overnight.\n\nWhat happens next?\n\nNobody knows."
    assert [s.kind for s in segment(text)] == ["prose", "prose", "prose"]
