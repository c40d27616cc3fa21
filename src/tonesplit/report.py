"""A corpus report as one self-contained HTML file (``tonesplit report``).

Everything is inline: the CSS, the chart (SVG), the articles. The page loads
nothing (its Content-Security-Policy forbids it) and links nowhere outside
itself, so it can be mailed, archived or opened offline. It shows the share
of reflective sentences by group, the most and least reflective documents,
the documents that failed, and every document with each sentence shaded by
the model's confidence (the legend says how to read it) and its probability
printed beside it.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from .display import COLORS, article_html, legend_html

__all__ = ["folder_of", "report_html"]

_CSS = """
body{font-family:Georgia,'DejaVu Serif',serif;color:#1f1f1f;background:#fff;margin:0 auto;
max-width:60em;padding:1.5em 1.5em 4em;line-height:1.45}
h1{font-family:Helvetica,Arial,sans-serif;font-size:1.8em;margin:0 0 .2em}
h2{font-family:Helvetica,Arial,sans-serif;font-size:1.25em;margin:2em 0 .5em;
border-bottom:2px solid #ddd;padding-bottom:.2em}
.lead{color:#444;margin:0 0 1em}
table{border-collapse:collapse;font-family:Helvetica,Arial,sans-serif;font-size:.9em}
th,td{text-align:left;padding:.25em .8em .25em 0;border-bottom:1px solid #eee;vertical-align:top}
td.num,th.num{text-align:right}
.cols{display:flex;gap:2.5em;flex-wrap:wrap}
details{border:1px solid #e3e3e3;border-radius:4px;margin:.5em 0;padding:.3em .7em}
summary{cursor:pointer;font-family:Helvetica,Arial,sans-serif;font-size:.95em}
.error{color:#b00020}
.legend-box{position:sticky;top:0;background:#fff;padding:.4em 0;z-index:1}
a{color:#1c5fa8}
"""

_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        "base-uri 'none'; form-action 'none'")


def folder_of(doc_id: Any) -> str:
    """The folder part of a `read_corpus` id (``"sport/199"`` -> ``"sport"``).

    Examples
    --------
    >>> folder_of("news/sport/199"), folder_of("199")
    ('news/sport', '(top level)')
    """
    text = str(doc_id)
    return text.rsplit("/", 1)[0] if "/" in text else "(top level)"


def _group_function(groups) -> Callable[[Any], Any]:
    if groups is None:
        return folder_of
    if callable(groups):
        return groups
    if isinstance(groups, Mapping):
        return lambda doc_id: groups.get(doc_id, "(no group)")
    raise TypeError("groups must be None (folders), a function of doc_id or a mapping "
                    f"doc_id -> group, got {type(groups).__name__}")


def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.0%}"


def _esc(x: Any) -> str:
    return html.escape(str(x), quote=True)


def _bar_chart(rows: list[tuple[str, int, float]]) -> str:
    """Horizontal bars: share of reflective sentences (pooled) per group, as inline SVG."""
    bar_h, gap, label_w, bar_w = 22, 8, 190, 420
    height = len(rows) * (bar_h + gap) + 30
    parts = [(f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{label_w + bar_w + 70}"'
             f' height="{height}" font-family="Helvetica,Arial,sans-serif" font-size="13">'),
             "<title>Share of reflective sentences by group</title>"]
    for tick in (0, 0.25, 0.5, 0.75, 1.0):
        x = label_w + tick * bar_w
        parts.append(f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{height - 22}" '
                     'stroke="#e5e5e5"/>')
        parts.append(f'<text x="{x:.1f}" y="{height - 6}" text-anchor="middle" '
                     f'fill="#666">{tick:.0%}</text>')
    for i, (group, n, share) in enumerate(rows):
        y = i * (bar_h + gap) + 4
        label = group if len(group) <= 26 else group[:25] + "…"
        parts.append(f'<text x="{label_w - 8}" y="{y + bar_h * 0.7:.1f}" text-anchor="end">'
                     f"{_esc(label)} (n={n})</text>")
        parts.append(f'<rect x="{label_w}" y="{y}" width="{share * bar_w:.1f}" height="{bar_h}"'
                     f' fill="{COLORS["reflective"]}"/>')
        parts.append(f'<text x="{label_w + share * bar_w + 5:.1f}" y="{y + bar_h * 0.7:.1f}">'
                     f"{share:.0%}</text>")
    parts.append("</svg>")
    return "".join(parts)


def _doc_table(items: list[tuple[int, Any]], title: str) -> str:
    rows = "".join(
        f'<tr><td><a href="#doc-{i}">{_esc(r.doc_id)}</a></td>'
        f'<td class="num">{_pct(r.summary.reflective_share)}</td>'
        f'<td class="num">{r.summary.n_reflective + r.summary.n_factual}</td>'
        f'<td class="num">{r.summary.mean_p_reflective:.2f}</td></tr>'
        for i, r in items)
    return (f'<div><h3 style="font-family:Helvetica,Arial,sans-serif;font-size:1em">{title}</h3>'
            '<table><tr><th>document</th><th class="num">reflective</th>'
            '<th class="num">prose sentences</th><th class="num">mean p</th></tr>'
            f"{rows}</table></div>")


def _document(r, i: int | None, opened: bool = False) -> str:
    s = r.summary
    anchor = "" if i is None else f' id="doc-{i}"'
    return (f'<details{anchor}{" open" if opened else ""}><summary>'
            f"<strong>{_esc(r.doc_id)}</strong> · {_pct(s.reflective_share)} reflective "
            f"· {s.n_reflective} reflective, {s.n_factual} factual, {s.n_other} other"
            f"</summary>{article_html(r.sentences, r.text or '', legend=False)}</details>")


def report_html(
    results: Iterable,
    *,
    groups: Callable[[Any], Any] | Mapping | None = None,
    title: str = "tonesplit report",
    top: int = 10,
    min_prose: int = 3,
    max_documents: int | None = None,
) -> str:
    """A corpus report: one self-contained HTML page.

    Parameters
    ----------
    results : iterable of DocumentResult
        From `label_corpus` (all are held, to rank them).
    groups : callable, mapping or None, default=None
        The group of each document: a function of ``doc_id``, a mapping
        ``doc_id -> group``, or ``None`` for its folder (`folder_of`).
    title : str, default="tonesplit report"
    top : int, default=10
        Documents in each of the most- and least-reflective lists.
    min_prose : int, default=3
        Documents with fewer prose sentences are left out of those lists
        (one reflective sentence is not a 100% reflective article).
    max_documents : int, optional
        Render only this many documents in full (in input order); all by
        default.

    Returns
    -------
    str
        The HTML page.

    Examples
    --------
    >>> import tonesplit
    >>> from tonesplit.report import report_html
    >>> docs = [("news/1", "The vote passed 52 to 48."), ("opinion/1", "Perhaps we never learn."),
    ...         ("news/2", None)]
    >>> page = report_html(tonesplit.label_corpus(docs), title="Demo")
    >>> "<svg" in page, "news/2" in page, "http://" in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    (True, True, False)
    """
    if not isinstance(min_prose, int) or min_prose < 1:
        raise ValueError(f"min_prose must be a positive int, got {min_prose!r}")
    if not isinstance(top, int) or top < 1:
        raise ValueError(f"top must be a positive int, got {top!r}")
    if max_documents is not None and (not isinstance(max_documents, int) or max_documents < 0):
        raise ValueError(f"max_documents must be a non-negative int or None, got {max_documents!r}")
    group_of = _group_function(groups)
    results = list(results)
    ok = [(i, r) for i, r in enumerate(results) if r.error is None]
    failed = [(i, r) for i, r in enumerate(results) if r.error is not None]
    n_refl = sum(r.summary.n_reflective for _, r in ok)
    n_prose = n_refl + sum(r.summary.n_factual for _, r in ok)
    n_sent = sum(r.summary.n_sentences for _, r in ok)

    by_group: dict[str, list[int]] = {}
    for _, r in ok:
        if r.summary.n_reflective + r.summary.n_factual:
            counts = by_group.setdefault(str(group_of(r.doc_id)), [0, 0, 0])
            counts[0] += 1
            counts[1] += r.summary.n_reflective
            counts[2] += r.summary.n_reflective + r.summary.n_factual
    group_rows = sorted(((g, c[0], c[1] / c[2]) for g, c in by_group.items()),
                        key=lambda row: (-row[2], row[0]))

    ranked = sorted((x for x in ok if x[1].summary.n_reflective + x[1].summary.n_factual
                     >= min_prose),
                    key=lambda x: (x[1].summary.reflective_share, x[1].summary.mean_p_reflective))
    most = list(reversed(ranked[-top:]))
    least = ranked[:top]

    out = ['<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
           f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{_esc(title)}</title><style>{_CSS}</style></head><body>",
           f"<h1>{_esc(title)}</h1>",
           (f'<p class="lead">{len(results)} documents: {len(ok)} labelled, {len(failed)} failed. '
           f"{n_sent:,} sentences, {n_prose:,} of them prose; "
           f"<strong>{_pct(n_refl / n_prose if n_prose else None)}</strong> of the prose "
           "sentences are the author's reflective commentary, the rest factual reporting.</p>")]

    out.append("<h2>Reflective share by group</h2>")
    if group_rows:
        out.append('<p class="lead">Reflective sentences among all prose sentences of the '
                   "group's documents; n is the number of documents.</p>")
        out.append(_bar_chart(group_rows))
    else:
        out.append("<p>No document has prose sentences.</p>")

    out.append("<h2>Most and least reflective documents</h2>")
    if ranked:
        out.append(f'<p class="lead">Among the {len(ranked)} documents with at least '
                   f"{min_prose} prose sentences.</p>")
        out.append(f'<div class="cols">{_doc_table(most, "Most reflective")}'
                   f'{_doc_table(least, "Least reflective")}</div>')
    else:
        out.append(f"<p>No document has {min_prose} or more prose sentences.</p>")

    if ranked:
        out.append("<h2>A closer look: the most and the least reflective</h2>")
        out.append(f'<div class="legend-box">{legend_html()}</div>')
        for _, r in most[:1] + least[:1]:
            out.append(_document(r, None, opened=True))

    out.append(f"<h2>Failed documents ({len(failed)})</h2>")
    if failed:
        out.append("<table><tr><th>document</th><th>why</th></tr>" + "".join(
            f'<tr id="doc-{i}"><td>{_esc(r.doc_id)}</td><td class="error">{_esc(r.error)}</td>'
            "</tr>" for i, r in failed) + "</table>")
    else:
        out.append("<p>None: every document was read and labelled.</p>")

    shown = ok if max_documents is None else ok[:max_documents]
    out.append(f"<h2>Documents ({len(shown)} of {len(ok)} labelled)</h2>")
    out.append(f'<div class="legend-box">{legend_html()}</div>')
    for i, r in shown:
        out.append(_document(r, i))
    out.append("</body></html>")
    return "".join(out)
