"""The HTML view of an article and the plot of reflective share by group."""

from __future__ import annotations

import re
import sys

import pytest

import tonesplit
from tonesplit import Sentence, label_corpus
from tonesplit.display import COLORS, article_html, document_html, plot_reflective_share

SOURCE = "Rates rose by 2%.\nAlas, <script>alert('x')</script> & more!\n\nSources: AP"
SENTENCES = [
    Sentence("Rates rose by 2%.", 0, 17, "factual", 0.125),
    Sentence("Alas, <script>alert('x')</script> & more!", 18, 59, "reflective", 0.875),
    Sentence("Sources: AP", 61, 72, "other", None),
]


def _spans(out: str):
    return re.findall(r'<span class="tonesplit-(\w+)" style="[^"]*" title="([^"]*)">(.*?)</span>',
                      out, flags=re.DOTALL)


def test_offsets_fit_the_source():
    for s in SENTENCES:
        assert SOURCE[s.start:s.end] == s.text


def test_article_html_escapes_and_highlights_each_sentence():
    out = article_html(SENTENCES, SOURCE)
    assert "<script>" not in out and "&lt;script&gt;" in out and "&amp; more" in out
    spans = _spans(out)
    assert [label for label, _, _ in spans] == ["factual", "reflective", "other"]
    assert "p(reflective) = 0.12" in spans[0][1] and "p(reflective) = 0.88" in spans[1][1]
    assert "not prose" in spans[2][1]
    assert COLORS["reflective"] in out and COLORS["factual"] in out
    # the greyed line is grey text, not a highlight
    style = re.search(r'class="tonesplit-other" style="([^"]*)"', out).group(1)
    assert COLORS["other"] in style and "background" not in style


def test_article_html_keeps_the_text_between_sentences():
    out = article_html(SENTENCES, SOURCE)
    assert "white-space:pre-wrap" in out
    assert "</span>\n<span" in out and "</span>\n\n<span" in out


def test_article_html_has_a_legend():
    out = article_html(SENTENCES, SOURCE)
    legend = re.search(r'<div class="tonesplit-legend".*?</div>', out, flags=re.DOTALL).group(0)
    for label in ("reflective", "factual", "other"):
        assert label in legend


def _without_titles(out: str) -> str:
    return re.sub(r'title="[^"]*"', "", out)


def test_confidence_is_visible_without_hovering():
    sure = Sentence("Alas!", 0, 5, "reflective", 1.0)
    unsure = Sentence("Alas!", 0, 5, "reflective", 0.53)
    out_sure, out_unsure = (_without_titles(article_html([s], "Alas!")) for s in (sure, unsure))
    assert ">1.00<" in out_sure and ">0.53<" in out_unsure  # printed, not only in a title
    ground = [re.search(r'class="tonesplit-reflective" style="background:([^;]*);', o).group(1)
              for o in (out_sure, out_unsure)]
    assert ground[0] != ground[1]  # a 0.53 does not look like a 1.00
    alpha = [float(g.rsplit(",", 1)[1].rstrip(")")) for g in ground]
    assert alpha[0] > 0.9 and alpha[1] < 0.3
    legend = re.search(r'<div class="tonesplit-legend".*?</div>', out_sure, re.DOTALL).group(0)
    assert "hover" not in legend and "unsure" in legend


def test_the_headline_is_styled_as_a_headline():
    text = "When the Lights Went Out\n\nThe power cut began at 6:42 p.m. on Tuesday."
    out = article_html(tonesplit.split(text), text)
    head = re.search(r'class="tonesplit-other" style="([^"]*)"[^>]*>When the Lights', out)
    assert head and "font-weight:700" in head.group(1) and "font-size:1.3em" in head.group(1)
    assert "font-weight:700" not in article_html(SENTENCES, SOURCE)  # a trailing source line


def test_titles_cannot_break_out_of_the_attribute():
    s = [Sentence('He said "hi".', 0, 13, "factual", 0.5)]
    out = article_html(s, 'He said "hi".')
    assert 'He said &quot;hi&quot;.' in out


def test_article_html_without_or_with_a_wrong_source_joins_sentences():
    out = article_html(SENTENCES)
    assert len(_spans(out)) == 3
    out = article_html(SENTENCES, "something else entirely")
    assert len(_spans(out)) == 3 and "something else" not in out
    assert "no sentences" in article_html([], "")


def test_labelled_text_renders_in_a_notebook():
    labelled = tonesplit.split(SOURCE)
    out = labelled._repr_html_()
    assert "tonesplit-article" in out and "&lt;script&gt;" in out
    assert len(_spans(out)) == len(labelled)


def test_document_result_renders_summary_article_or_error():
    ok, bad = label_corpus([("<a1>", SOURCE), ("b2", None)])
    out = ok._repr_html_()
    assert "&lt;a1&gt;" in out and f"{ok.summary.n_sentences} sentences" in out
    assert "tonesplit-article" in out
    out = document_html(bad)
    assert "failed" in out and "TypeError" in out and "tonesplit-article" not in out


# --------------------------------------------------------------------------
# plot
# --------------------------------------------------------------------------

DOCS = [
    ("news/1", "The vote passed 52 to 48 on Tuesday. Officials said 40 homes were flooded."),
    ("news/2", "The council approved 2 million pounds for repairs on Monday."),
    ("opinion/1", "Perhaps we never learn. What a sad reminder of our folly it is."),
    ("opinion/2", "One cannot help wondering whether we deserve better. Surely we do."),
    ("broken/1", None),
    ("empty/1", ""),
]


@pytest.fixture(scope="module")
def results():
    return list(label_corpus(DOCS))


@pytest.fixture(autouse=True)
def _agg():
    mpl = pytest.importorskip("matplotlib")
    mpl.use("Agg")
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


def _ticks(ax):
    return [t.get_text() for t in ax.get_yticklabels()]


def test_plot_groups_by_function_and_leaves_out_failed_and_empty(results):
    ax = plot_reflective_share(results, by=lambda d: d.split("/")[0])
    from matplotlib.axes import Axes

    assert isinstance(ax, Axes)
    assert sorted(_ticks(ax)) == ["news (n=2)", "opinion (n=2)"]
    assert "reflective" in ax.get_xlabel()


def test_plot_orders_groups_by_median_share(results):
    import numpy as np

    ax = plot_reflective_share(results, by=lambda d: d.split("/")[0])
    medians = {}
    for g in ("news", "opinion"):
        shares = [r.summary.reflective_share for r in results
                  if r.doc_id.startswith(g + "/")]
        medians[g] = float(np.median(shares))
    want = sorted(medians, key=lambda g: (medians[g], g))  # bottom to top
    assert [t.split(" ")[0] for t in _ticks(ax)] == want


def test_plot_from_a_documents_frame_with_a_group_column(results):
    pytest.importorskip("pandas")
    frame = tonesplit.to_documents_frame(results)
    frame["topic"] = frame["doc_id"].str.split("/").str[0]
    ax = plot_reflective_share(frame, by="topic")
    assert sorted(_ticks(ax)) == ["news (n=2)", "opinion (n=2)"]
    ax = plot_reflective_share(frame)
    assert _ticks(ax) == ["all (n=4)"]
    mapping = dict(zip(frame["doc_id"], ["A", "A", "B", "B", "C", "C"]))
    ax = plot_reflective_share(frame, by=mapping)
    assert sorted(_ticks(ax)) == ["A (n=2)", "B (n=2)"]


def test_plot_draws_on_a_given_axes(results):
    import matplotlib.pyplot as plt

    _, ax = plt.subplots()
    assert plot_reflective_share(results, ax=ax, points=False) is ax


def test_plot_argument_errors(results):
    with pytest.raises(ValueError, match="column"):
        plot_reflective_share(results, by="topic")
    with pytest.raises(TypeError, match="by must be"):
        plot_reflective_share(results, by=3)
    with pytest.raises(ValueError, match="no group"):
        plot_reflective_share(results, by={"news/1": "x"})
    with pytest.raises(TypeError, match="DocumentResult"):
        plot_reflective_share(["text"])
    with pytest.raises(ValueError, match="no document"):
        plot_reflective_share(results[4:])


def test_plot_without_matplotlib_names_the_extra(monkeypatch, results):
    for name in list(sys.modules):
        if name == "matplotlib" or name.startswith("matplotlib."):
            monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(ImportError, match=r'pip install "tonesplit\[plot\]"'):
        plot_reflective_share(results)
