"""Looking at results: an article as highlighted HTML, and a plot per group.

`article_html` is what `LabelledText` and `DocumentResult` show in a
notebook (and what ``tonesplit report`` shows): reflective sentences on an
orange ground, factual ones on a blue ground, the ground deeper the surer
the model is, the probability of reflective printed after each sentence
(visible in any static export, not only on hover), non-prose lines greyed,
a headline in large bold, with a legend. `plot_reflective_share` draws the share of reflective
sentences per document, one box per group (needs matplotlib: the ``plot``
extra).
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ._optional import import_optional

if TYPE_CHECKING:  # only for annotations: the value modules import this one, not the reverse
    from ._results import DocumentResult
    from .sentence import Sentence

__all__ = ["COLORS", "article_html", "confidence", "document_html", "legend_html",
           "plot_reflective_share"]

#: Colours of the labels at full confidence (text stays dark on them, in any theme).
COLORS: dict[str, str] = {"reflective": "#ffa94d", "factual": "#74c0fc", "other": "#8a8a8a"}

_RGB = {label: tuple(int(COLORS[label][i:i + 2], 16) for i in (1, 3, 5))
        for label in ("reflective", "factual")}
_BOX = "color:#1f1f1f;border-radius:3px;padding:0 1px"
_OTHER = f"color:{COLORS['other']}"
_HEADLINE = f"{_OTHER};font-size:1.3em;font-weight:700;color:#1f1f1f"


def confidence(s: Sentence) -> float | None:
    """How sure the model is of the sentence's label, in [0, 1] (``None`` for other).

    0 at p(reflective) = 0.5, 1 at 0 or 1, whichever side the label is on.

    Examples
    --------
    >>> from tonesplit import Sentence
    >>> confidence(Sentence("Alas.", 0, 5, "reflective", 0.75))
    0.5
    """
    if s.label not in _RGB or s.p_reflective is None:
        return None
    p = s.p_reflective if s.label == "reflective" else 1.0 - s.p_reflective
    return min(max((p - 0.5) / 0.5, 0.0), 1.0)


def _ground(label: str, conf: float) -> str:
    """The label's colour, faint when unsure and full when sure."""
    r, g, b = _RGB[label]
    return f"rgba({r},{g},{b},{0.12 + 0.88 * conf:.2f})"


def _title(s: Sentence) -> str:
    if s.label == "other" or s.p_reflective is None:
        return "other: not prose (heading, byline, source list...)"
    return f"{s.label} · p(reflective) = {s.p_reflective:.2f}"


def _span(s: Sentence, text: str, headline: bool = False) -> str:
    label = s.label if s.label in _RGB else "other"
    conf = confidence(s)
    if conf is None:
        style = _HEADLINE if headline else _OTHER
        badge = ""
    else:
        style = f"background:{_ground(label, conf)};{_BOX}"
        # the probability in the text itself, so a static export keeps it
        badge = (f'<span class="tonesplit-p" style="font-size:0.7em;color:#555;'
                 f'vertical-align:super;margin:0 0.25em 0 0.1em">{s.p_reflective:.2f}</span>')
    return (f'<span class="tonesplit-{label}" style="{style}" '
            f'title="{html.escape(_title(s), quote=True)}">{html.escape(text)}</span>{badge}')


def legend_html() -> str:
    """The legend: the colour scale from sure-factual to sure-reflective, and grey for other."""
    steps = [("factual", 1.0), ("factual", 0.5), ("factual", 0.0),
             ("reflective", 0.5), ("reflective", 1.0)]
    swatches = "".join(
        f'<span style="display:inline-block;width:2.2em;height:1em;vertical-align:middle;'
        f'background:{COLORS[label] if conf == 1.0 else _ground(label, conf)}"></span>'
        for label, conf in steps)
    return (f'<div class="tonesplit-legend" style="font-size:0.85em;margin-bottom:0.5em;'
            f'color:#1f1f1f">'
            f'<span style="margin-right:0.4em">sure factual</span>{swatches}'
            f'<span style="margin:0 1em 0 0.4em">sure reflective</span>'
            f'<span style="color:{COLORS["other"]};margin-right:1em">grey: other (not prose)'
            f'</span><span style="color:#555">pale = unsure; the small number after a '
            f'sentence is p(reflective)</span></div>')


def _aligned(sentences: Sequence[Sentence], source: str) -> bool:
    pos = 0
    for s in sentences:
        if not (pos <= s.start <= s.end <= len(source)) or source[s.start:s.end] != s.text:
            return False
        pos = s.end
    return True


def _is_headline(s: Sentence, source: str) -> bool:
    """A non-prose first line standing alone at the top of the article."""
    return (s.label == "other" and not source[:s.start].strip()
            and source[s.end:s.end + 1] in ("\n", ""))


def article_html(sentences: Iterable[Sentence], source: str = "", *,
                 legend: bool = True) -> str:
    """An article as HTML, each sentence highlighted by its label.

    Parameters
    ----------
    sentences : iterable of Sentence
        Labelled sentences in order, e.g. a `LabelledText`.
    source : str, optional
        The article they come from. When the sentences' offsets fit it, the
        text between sentences (spaces, line breaks) is kept as it is;
        otherwise the sentences are joined by spaces.
    legend : bool, default=True
        Start with the colour legend.

    Returns
    -------
    str
        An HTML fragment with inline styles (no scripts, all text escaped):
        reflective sentences on orange, factual on blue, the deeper the
        surer (see `confidence`), each followed by its probability of
        reflective in small print (and in a ``title``); other lines in grey,
        a headline at the top in large bold; after a one-line legend.

    Examples
    --------
    >>> from tonesplit import Sentence
    >>> doc = "Rates rose. <b>Alas!</b>"
    >>> s = [Sentence("Rates rose.", 0, 11, "factual", 0.1),
    ...      Sentence("<b>Alas!</b>", 12, 24, "reflective", 0.9)]
    >>> out = article_html(s, doc)
    >>> "&lt;b&gt;Alas!&lt;/b&gt;" in out, "<b>" in out, 'p(reflective) = 0.90' in out
    (True, False, True)
    """
    sentences = list(sentences)
    source = source if isinstance(source, str) else ""
    parts: list[str] = []
    if source and _aligned(sentences, source):
        pos = 0
        for i, s in enumerate(sentences):
            parts.append(html.escape(source[pos:s.start]))
            parts.append(_span(s, s.text, headline=i == 0 and _is_headline(s, source)))
            pos = s.end
        parts.append(html.escape(source[pos:]))
    elif sentences:
        parts.append(" ".join(_span(s, s.text) for s in sentences))
    else:
        parts.append(f'<em style="color:{COLORS["other"]}">no sentences</em>')
    body = "".join(parts)
    return (f'<div class="tonesplit-article">{legend_html() if legend else ""}'
            f'<div style="white-space:pre-wrap;line-height:1.6">{body}</div></div>')


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0%}"


def document_html(result: DocumentResult) -> str:
    """A `DocumentResult` as HTML: its id and summary, then the article or the error.

    Examples
    --------
    >>> import tonesplit
    >>> [r] = tonesplit.label_corpus([("a1", None)])
    >>> "TypeError: document must be str" in document_html(r)
    True
    """
    s = result.summary
    head = (f"<strong>{html.escape(str(result.doc_id))}</strong> · {s.n_sentences} sentences "
            f"· {s.n_reflective} reflective, {s.n_factual} factual, {s.n_other} other "
            f"· {_pct(s.reflective_share)} of prose reflective")
    if s.mean_p_reflective is not None:
        head += f" · mean p(reflective) {s.mean_p_reflective:.2f}"
    if result.error is not None:
        body = (f'<div style="color:#b00020;white-space:pre-wrap">failed: '
                f"{html.escape(str(result.error))}</div>")
    else:
        body = article_html(result.sentences, result.text or "")
    return (f'<div class="tonesplit-document"><div style="margin-bottom:0.3em">{head}</div>'
            f"{body}</div>")


# --------------------------------------------------------------------------
# Plot
# --------------------------------------------------------------------------


def _shares(documents, by) -> tuple[list[Any], list[float]]:
    """(group, share) of each labelled document with prose."""
    if hasattr(documents, "columns"):  # a data frame from to_documents_frame
        if "reflective_share" not in documents.columns:
            raise ValueError("documents: a data frame needs a 'reflective_share' column "
                             "(use tonesplit.to_documents_frame)")
        shares = documents["reflective_share"].tolist()
        if isinstance(by, str):
            if by not in documents.columns:
                raise ValueError(f"by={by!r} is not a column of documents "
                                 f"(columns: {', '.join(map(str, documents.columns))})")
            groups = documents[by].tolist()
        else:
            ids = (documents["doc_id"].tolist() if "doc_id" in documents.columns
                   else list(documents.index))
            groups = _groups_of(ids, by)
    else:
        if isinstance(documents, (str, bytes)) or not isinstance(documents, Iterable):
            raise TypeError("documents must be a data frame from to_documents_frame or an "
                            f"iterable of DocumentResult, got {type(documents).__name__}")
        results = list(documents)
        for i, r in enumerate(results):
            if not (hasattr(r, "summary") and hasattr(r, "doc_id")):  # a DocumentResult
                raise TypeError(f"documents[{i}] must be a DocumentResult, got "
                                f"{type(r).__name__}")
        if isinstance(by, str):
            raise ValueError("by as a column name needs a data frame; with DocumentResult "
                             "objects pass a function of doc_id or a mapping doc_id -> group")
        shares = [r.summary.reflective_share for r in results]
        groups = _groups_of([r.doc_id for r in results], by)
    keep = [(g, float(v)) for g, v in zip(groups, shares)
            if v is not None and not (isinstance(v, float) and math.isnan(v))]
    return [g for g, _ in keep], [v for _, v in keep]


def _groups_of(ids: list, by) -> list:
    if by is None:
        return ["all"] * len(ids)
    if callable(by):
        return [by(i) for i in ids]
    if isinstance(by, Mapping) or hasattr(by, "get"):
        missing = [i for i in ids if i not in by]
        if missing:
            raise ValueError(f"by has no group for {len(missing)} doc_id(s), e.g. {missing[0]!r}")
        return [by[i] for i in ids]
    raise TypeError("by must be a column name, a function of doc_id, a mapping doc_id -> "
                    f"group, or None; got {type(by).__name__}")


def plot_reflective_share(
    documents,
    *,
    by: str | Callable[[Any], Any] | Mapping | None = None,
    ax=None,
    points: bool = True,
):
    """Share of reflective sentences per document, one box per group.

    Parameters
    ----------
    documents : pandas.DataFrame or iterable of DocumentResult
        A frame from `to_documents_frame` (possibly with extra columns, such
        as a topic), or the results of `label_corpus`. Documents that failed
        or have no prose sentence are left out.
    by : str, callable, mapping or None, default=None
        The groups: a column of ``documents``, a function of ``doc_id``
        (e.g. ``lambda d: d.split("/")[0]`` for `read_corpus` folder ids),
        or a mapping ``doc_id -> group``. ``None``: one group.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure by default.
    points : bool, default=True
        Also draw each document as a dot.

    Returns
    -------
    matplotlib.axes.Axes
        Groups sorted by median share, highest at the top, each labelled
        with its number of documents.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import tonesplit
    >>> from tonesplit.display import plot_reflective_share
    >>> docs = [("news/1", "The vote passed 52 to 48."),
    ...         ("opinion/1", "Perhaps we never learn. What a sad reminder of our folly.")]
    >>> ax = plot_reflective_share(tonesplit.label_corpus(docs), by=lambda d: d.split("/")[0])
    >>> sorted(t.get_text() for t in ax.get_yticklabels())
    ['news (n=1)', 'opinion (n=1)']
    """
    plt = import_optional("matplotlib.pyplot", purpose="plot_reflective_share")
    ticker = import_optional("matplotlib.ticker", purpose="plot_reflective_share")
    import numpy as np

    if not isinstance(points, bool):
        raise TypeError(f"points must be a bool, got {type(points).__name__}")
    groups, shares = _shares(documents, by)
    if not shares:
        raise ValueError("no document with prose sentences to plot (all failed or empty?)")
    by_group: dict[Any, list[float]] = {}
    for g, v in zip(groups, shares):
        by_group.setdefault(g, []).append(v)
    order = sorted(by_group, key=lambda g: (float(np.median(by_group[g])), str(g)))
    data = [by_group[g] for g in order]
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 1.0 + 0.6 * len(order)))
    positions = np.arange(1, len(order) + 1)
    kw: dict[str, Any] = {"positions": positions, "widths": 0.6, "showfliers": not points,
                          "patch_artist": True, "showmeans": True,
                          "meanprops": {"marker": "D", "markerfacecolor": "white",
                                        "markeredgecolor": "black", "markersize": 5}}
    import inspect

    if "orientation" in inspect.signature(ax.boxplot).parameters:
        kw["orientation"] = "horizontal"
    else:  # matplotlib < 3.10
        kw["vert"] = False
    box = ax.boxplot(data, **kw)
    for patch in box["boxes"]:
        patch.set_facecolor(COLORS["reflective"])
        patch.set_alpha(0.8)
    for med in box["medians"]:
        med.set_color("#7a3e00")
    if points:
        rng = np.random.default_rng(0)
        for y, values in zip(positions, data):
            jitter = rng.uniform(-0.18, 0.18, size=len(values))
            ax.scatter(values, y + jitter, s=6, alpha=0.35, color="#444444", linewidths=0,
                       zorder=3)
    ax.legend([box["means"][0]], ["mean"], loc="lower right", fontsize="small",
              frameon=False)
    ax.set_yticks(positions)
    ax.set_yticklabels([f"{g} (n={len(by_group[g])})" for g in order])
    ax.set_xlim(-0.02, 1.02)
    ax.xaxis.set_major_formatter(ticker.PercentFormatter(1.0))
    ax.set_xlabel("share of reflective sentences per document (prose sentences)")
    ax.set_title("Reflective commentary per document")
    ax.grid(axis="x", alpha=0.3)
    return ax
