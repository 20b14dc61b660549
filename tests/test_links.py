"""No broken link, anchor, image or download in the built site, checked offline.

LinkChecker (a maintained link checker) follows every internal link, image, style sheet,
script and font from the front page over the built files; external links are not fetched.
Fragments (``page.html#anchor``) are checked here, against the ids of the target page.
"""

from __future__ import annotations

import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow

# As root, LinkChecker switches to an unprivileged user, who may not read the build folder;
# the checks here read only the project's own files, so they keep the caller's rights.
RUN_LINKCHECKER = (
    "import sys; from linkcheck.command import linkchecker as command; "
    "command.drop_privileges = lambda: None; sys.argv[0] = 'linkchecker'; command.linkchecker()"
)


def linkchecker(site: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", RUN_LINKCHECKER, "-f", str(ROOT / "tests" / "linkcheckerrc"),
         "--no-status", str(site / "index.html")],
        capture_output=True, text=True, timeout=300,
    )


def test_linkchecker_finds_no_broken_link(site):
    result = linkchecker(site)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "0 warnings found. 0 errors found." in result.stdout


def test_linkchecker_reports_a_broken_link(tmp_path):
    (tmp_path / "index.html").write_text(
        '<!DOCTYPE html><html lang="en"><head><title>Links</title></head><body>'
        '<a href="chapters/computational-graph.html">a page that is there</a> '
        '<a href="chapters/no-such-page.html">one that is not</a></body></html>',
        encoding="utf-8")
    (tmp_path / "chapters").mkdir()
    (tmp_path / "chapters" / "computational-graph.html").write_text(
        "<!DOCTYPE html><title>There</title>", encoding="utf-8")
    result = linkchecker(tmp_path)
    assert result.returncode == 1
    assert "no-such-page.html" in result.stdout
    assert "computational-graph.html" not in result.stdout


class Anchors(HTMLParser):
    """The ids a page defines and the links it makes."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.add(attributes["id"])
        if tag == "a" and attributes.get("name"):
            self.ids.add(attributes["name"])
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])


def broken_anchors(site: Path) -> list[str]:
    pages = {p: Anchors(p.read_text(encoding="utf-8")) for p in site.rglob("*.html")}
    broken = []
    for page, parsed in pages.items():
        for link in parsed.links:
            url = urlparse(link)
            if url.scheme or url.netloc or not url.fragment:
                continue
            target = (page.parent / unquote(url.path)).resolve() if url.path else page
            if target.suffix != ".html":
                continue
            if target not in pages or unquote(url.fragment) not in pages[target].ids:
                broken.append(f"{page.relative_to(site)} -> {link}")
    return broken


def test_every_anchor_exists(site):
    assert broken_anchors(site) == []


def test_anchor_check_reports_a_missing_anchor(tmp_path):
    (tmp_path / "a.html").write_text('<a href="b.html#here">b</a><a href="#top">top</a>'
                                     '<p id="top"></p>', encoding="utf-8")
    (tmp_path / "b.html").write_text('<h1 id="there">b</h1>', encoding="utf-8")
    assert broken_anchors(tmp_path) == ["a.html -> b.html#here"]
