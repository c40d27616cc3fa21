"""tonesplit report: one self-contained HTML page; looked at in headless Chromium."""

from __future__ import annotations

import re
import shutil
import subprocess
import zlib
from html.parser import HTMLParser

import pytest

import tonesplit
from tonesplit.cli import main
from tonesplit.report import folder_of, report_html

OPINION = ("When the Lights Went Out\n\nPerhaps we never learn, and perhaps that is the saddest "
           "lesson of all. What a sad reminder of our folly this whole affair has been. Surely "
           "the council should have seen this coming years ago.")
NEWS = ("Police arrested two men in Leeds on Friday, a spokesman said. The vote passed 52 to 48 "
        "on Thursday, according to the clerk. The company reported revenue of 3.2 billion euros.")


@pytest.fixture
def corpus(tmp_path):
    root = tmp_path / "corpus"
    for folder, text in (("opinion", OPINION), ("news", NEWS)):
        (root / folder).mkdir(parents=True)
        (root / folder / "1.txt").write_text(text, encoding="utf-8")
    (root / "news" / "broken.txt").write_bytes(b"\x00\xff\xfe not text")
    return root


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.external: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for name, value in attrs:
            if name in ("href", "src", "xlink:href", "action") and value and \
                    not value.startswith(("#", "data:")):
                self.external.append(f"{tag} {name}={value}")
        if tag in ("script", "link", "iframe", "img", "object"):
            self.external.append(tag)


def test_report_is_self_contained_and_has_every_part(corpus, tmp_path, capsys):
    out = tmp_path / "report.html"
    assert main(["report", str(corpus), "-o", str(out)]) == 1  # one document failed
    page = out.read_text(encoding="utf-8")
    parser = _Links()
    parser.feed(page)
    assert parser.external == []  # nothing loaded, nothing linked outside the page
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert "<style>" in page and "<svg" in page
    assert "Reflective share by group" in page
    assert re.search(r">opinion \(n=1\)</text>", page) and re.search(r">news \(n=1\)</text>", page)
    assert "Most reflective" in page and "Least reflective" in page
    assert "news/broken" in page and "ReadError" in page  # the failed document, listed
    assert page.count("tonesplit-legend") >= 1 and "p(reflective)" in page
    p_visible = re.sub(r'title="[^"]*"', "", page)  # confidence without hovering
    for s in tonesplit.split(OPINION) + tonesplit.split(NEWS):
        if s.p_reflective is not None:
            assert f">{s.p_reflective:.2f}<" in p_visible
    assert "warning: news/broken" in capsys.readouterr().err


def test_report_ranks_and_groups(corpus):
    results = list(tonesplit.label_corpus(tonesplit.read_corpus(corpus)))
    page = report_html(results, groups={"opinion/1": "comment", "news/1": "wire"}, top=1)
    most = page.split("Most reflective", 1)[1].split("</table>", 1)[0]
    least = page.split("Least reflective", 1)[1].split("</table>", 1)[0]
    assert "opinion/1" in most and "news/1" not in most
    assert "news/1" in least and "opinion/1" not in least
    assert ">comment (n=1)</text>" in page and ">wire (n=1)</text>" in page
    assert folder_of("a/b/c") == "a/b" and folder_of(7) == "(top level)"
    with pytest.raises(ValueError, match="top"):
        report_html(results, top=0)


def test_report_groups_by_a_record_field(tmp_path):
    import json

    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(json.dumps(r) for r in (
        {"id": "a", "desk": "comment", "text": OPINION},
        {"id": "b", "desk": "wire", "text": NEWS})) + "\n", encoding="utf-8")
    out = tmp_path / "r.html"
    assert main(["report", str(feed), "-o", str(out), "--group-by", "desk"]) == 0
    page = out.read_text(encoding="utf-8")
    assert ">comment (n=1)</text>" in page and ">wire (n=1)</text>" in page


def test_report_needs_an_html_output(corpus, tmp_path, capsys):
    assert main(["report", str(corpus), "-o", str(tmp_path / "r.pdf")]) == 2
    assert "html" in capsys.readouterr().err
    assert main(["report", str(corpus)]) == 2  # -o is required


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def _distinct_colours(data: bytes) -> int:
    """Rough count of colours in a PNG (decompressed rows, RGB or RGBA)."""
    pos, chunks = 8, []
    while pos < len(data):
        n = int.from_bytes(data[pos:pos + 4], "big")
        kind = data[pos + 4:pos + 8]
        if kind == b"IDAT":
            chunks.append(data[pos + 8:pos + 8 + n])
        pos += 12 + n
    raw = zlib.decompress(b"".join(chunks))
    return len({raw[i:i + 3] for i in range(1, min(len(raw), 3_000_000), 97)})


@pytest.mark.slow
def test_report_renders_in_headless_chromium(corpus, tmp_path):
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.skip("chromium is not installed (apt-get install chromium)")
    out = tmp_path / "report.html"
    main(["report", str(corpus), "-o", str(out)])
    shot = tmp_path / "shot.png"
    profile = tmp_path / "profile"
    subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={profile}", "--window-size=1100,1600",
         f"--screenshot={shot}", out.as_uri()],
        check=True, capture_output=True, timeout=120)
    data = shot.read_bytes()
    assert _png_size(data) == (1100, 1600)
    assert _distinct_colours(data) > 20  # text, bars and shading drawn, not a blank page
