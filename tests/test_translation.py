"""The Chinese edition: every message translated by the rules, the terms one way, the
editions linked page to page.

Two sources are checked. The ``.po`` files (``docs/locales/zh_CN/LC_MESSAGES/``) are what the
translators wrote; the English edition's doctrees, which ``make html`` leaves beside the site,
hold the messages of the pages as they are now: an English paragraph added or changed since
the last ``make gettext`` shows up there, before any ``.po`` file knows of it.
"""

from __future__ import annotations

import pickle
import posixpath
import re
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.translation_rules import (
    MESSAGES,
    Term,
    catalog_problems,
    glossary,
    messages,
    problems,
    prose,
)

CHINESE = "zh_CN"
CATALOGS = sorted(MESSAGES.rglob("*.po"))
PAGES = sorted(p.relative_to(ROOT / "docs").with_suffix("")
               for p in (ROOT / "docs").rglob("*.md") if "locales" not in p.parts)
HOW_TO_UPDATE = ("run `make gettext`, translate the new and changed messages of the .po files "
                 "listed (empty or marked fuzzy), then `make html`")


def test_every_page_has_a_catalog():
    missing = [str(page) for page in PAGES
               if not (MESSAGES / page.with_suffix(".po")).is_file()]
    assert missing == [], f"pages with no translation ({HOW_TO_UPDATE}): {missing}"


def test_every_message_of_the_catalogs_is_translated_by_the_rules():
    found = [f"{path.relative_to(MESSAGES)}: {msgid[:100]!r}: {'; '.join(issues)}"
             for path in CATALOGS for msgid, issues in catalog_problems(path)]
    assert found == [], (f"{len(found)} messages to fix ({HOW_TO_UPDATE}):\n"
                         + "\n".join(found))


def test_the_glossary_fixes_the_terms_the_seed_notes_name():
    chinese = {term.chinese for term in glossary()}
    seed_terms = {"反向传播", "计算图", "链式法则", "梯度", "局部梯度", "学习率", "代价", "损失",
                  "交叉熵", "动量", "小批量", "早停", "雅可比矩阵", "海森矩阵", "隐藏层",
                  "径向基函数", "维"}
    assert seed_terms - chinese == set()


def test_the_glossary_gives_each_english_term_one_translation():
    english = [word.lower() for term in glossary() for word in term.english]
    assert len(english) == len(set(english))
    for term in glossary():
        assert term.chinese not in term.rejected


def test_the_search_knows_every_chinese_term_of_the_glossary_as_one_word():
    """jieba would split a term it does not know (反向传播 into 反向 and 传播), and a search
    for the whole term would find nothing; ``search-words.txt`` is its user dictionary."""
    words = set((MESSAGES.parent / "search-words.txt").read_text(encoding="utf-8").split())
    terms = {word for term in glossary() for word in re.split(r"[ /]", term.chinese)
             if re.search(r"[\u4e00-\u9fff]", word)}
    assert terms - words == set()


def test_sphinx_still_names_a_chinese_stemmer_that_does_not_exist():
    """The day this fails, Sphinx writes a working stemmer for Chinese search: delete
    ``docs/_ext/chinese_search.py`` and this test."""
    from types import SimpleNamespace

    from sphinx.search import IndexBuilder
    from sphinx.search.zh import SearchChinese

    code = IndexBuilder.get_js_stemmer_code(SimpleNamespace(lang=SearchChinese({"dict": ""})))
    assert "window.Stemmer = ChineseStemmer;" in code
    assert "var ChineseStemmer" not in code


# The rules themselves, on made-up messages.

def test_a_faithful_translation_breaks_no_rule():
    msgid = ("At $x = 1$ the gradient of `f` is {glue:text}`g:.4f` "
             "([the chain rule](computational-graph.md)).")
    msgstr = ("在 $x = 1$ 处，`f` 的梯度是 {glue:text}`softmax.md::g:.4f`"
              "（见[链式法则](computational-graph.md)）。")
    assert problems(msgid, msgstr, "softmax.md") == []


@pytest.mark.parametrize(("msgstr", "problem"), [
    ("", "not translated"),
    ("在 $x = 2$ 处，`f` 的梯度是 {glue:text}`softmax.md::g:.4f`。", "math differs"),
    ("在 $x = 1$ 处，`g` 的梯度是 {glue:text}`softmax.md::g:.4f`。", "code differs"),
    ("在 $x = 1$ 处，`f` 的梯度是 {glue:text}`g:.4f`。", "without its page"),
    ("在 $x = 1$ 处，`f` 的梯度是 {glue:text}`softmax.md::g:.2f`。", "glued values differ"),
    ("在 $x = 1$ 处，`f` 的梯度是 {glue:text}`softmax.md::h:.4f`。", "glued values differ"),
    ("在 $x = 1$ 处，`f` 的斜率是 {glue:text}`softmax.md::g:.4f`。", "'gradient' is '梯度'"),
    ("在 $x = 1$ 处，`f` 的梯度（斜率）是 {glue:text}`softmax.md::g:.4f`。", "not '斜率'"),
])
def test_each_rule_catches_its_mistake(msgstr, problem):
    msgid = "At $x = 1$ the gradient of `f` is {glue:text}`g:.4f`."
    assert any(problem in found for found in problems(msgid, msgstr, "softmax.md"))


def test_a_fuzzy_translation_is_not_done():
    assert problems("The gradient.", "梯度。", "a.md", fuzzy=True) == ["marked fuzzy"]


def test_a_link_keeps_its_target():
    msgid = "See [the softmax](softmax.md) and <https://cs231n.github.io/>."
    assert problems(msgid, "见 [softmax](softmax.md) 和 <https://cs231n.github.io/>。",
                    "a.md", terms=[]) == []
    assert "link target differs from the English" in problems(
        msgid, "见 [softmax](logistic.md) 和 <https://cs231n.github.io/>。", "a.md", terms=[])


def test_a_term_is_found_in_any_form_but_only_in_prose():
    term = Term(("minibatch", "mini-batch"), "小批量", ())
    assert term.used_in("Two Minibatches") and term.used_in("a mini-batch")
    assert term.used_in("mini batches") and not term.used_in("minibatching")
    assert not term.used_in(prose("the function `minibatch` on $minibatch$"))


# The built Chinese edition.

def translations() -> dict[str, str]:
    """Every finished translation of the catalogs, message -> translation."""
    return {m.id: m.string for catalog in CATALOGS for m in messages(catalog)
            if m.string and not m.fuzzy}


def untranslated_messages(doctrees: Path) -> list[str]:
    """The messages of the English edition's pages (read from its doctrees, as Sphinx
    extracts them) that no catalog translates, with their page. A message with no English
    word in its prose, such as a formula alone, needs none."""
    sys.path.insert(0, str(ROOT / "docs" / "_ext"))  # the doctrees hold the book's own nodes
    from sphinx.util.nodes import extract_messages

    translated = translations()
    found = []
    for path in sorted(doctrees.rglob("*.doctree")):
        doctree = pickle.loads(path.read_bytes())
        for _, message in extract_messages(doctree):
            if message not in translated and re.search(r"[A-Za-z]{2,}", prose(message)):
                found.append(f"{path.relative_to(doctrees).with_suffix('')}: {message[:100]!r}")
    return sorted(set(found))


@pytest.mark.slow
def test_the_chinese_edition_has_no_english_message_left(site):
    found = untranslated_messages(site.parent / "doctrees")
    assert found == [], (f"{len(found)} messages of the English pages have no translation "
                         f"({HOW_TO_UPDATE}):\n" + "\n".join(found))


THEME_CATALOGS = ("sphinx.po", "booktheme.po")


@pytest.mark.slow
def test_the_theme_speaks_the_books_chinese(site):
    """The theme's strings that its own Chinese catalogs leave empty or get wrong (traditional
    列印成 PDF, 当前页面 for "On this page") show as the book's catalogs translate them."""
    page = (site / CHINESE / "chapters" / "softmax.html").read_text(encoding="utf-8")
    missing = [f"{name}: {message.id!r} is not shown as {message.string!r}"
               for name in THEME_CATALOGS for message in messages(MESSAGES / name)
               if not shows(page, message.string)]
    assert missing == []


# What the theme writes in English whatever the language: its search field's text (made of a
# catalog's "Search"), the tooltips of its sidebars' buttons and the accessible name of its
# sidebar's navigation, which have no translation call (the book's templates
# docs/_templates/toggle-*-sidebar.html and sbt-sidebar-nav.html add one).
THEME_ENGLISH = ('placeholder="Search..."', 'title="Toggle primary sidebar"',
                 'title="Toggle secondary sidebar"', 'aria-label="Main"')


def test_the_chinese_interface_keeps_no_english_of_the_theme(site):
    page = (site / CHINESE / "chapters" / "softmax.html").read_text(encoding="utf-8")
    english = (site / "chapters" / "softmax.html").read_text(encoding="utf-8")
    assert all(text in english for text in THEME_ENGLISH)  # what is looked for is there
    assert [text for text in THEME_ENGLISH if text in page] == []


def shows(page: str, text: str) -> bool:
    """Whether ``page`` has ``text`` as an element's text or an attribute's value (a
    ``%(name)s`` placeholder standing for any text)."""
    pieces = [re.escape(piece) for piece in re.split(r"%\(\w+\)s", text)]
    return re.search(r'[>"]\s*' + ".+?".join(pieces) + r'\s*[<"]', page) is not None


LANGUAGE_SWITCH = re.compile(r'<a class="[^"]*language-switch[^"]*" href="([^"]+)"')
HTML_LANG = re.compile(r'<html lang="([^"]+)"')


def edition_pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                  if not any(part.startswith("_") for part in p.relative_to(site).parts))


@pytest.mark.slow
def test_both_editions_have_the_same_pages(site):
    english = [p for p in edition_pages(site) if not p.startswith(f"{CHINESE}/")]
    chinese = [p.removeprefix(f"{CHINESE}/") for p in edition_pages(site)
               if p.startswith(f"{CHINESE}/")]
    assert english == chinese


@pytest.mark.slow
def test_every_page_declares_its_language_and_links_to_itself_in_the_other(site):
    wrong = []
    for page in edition_pages(site):
        text = (site / page).read_text(encoding="utf-8")
        chinese = page.startswith(f"{CHINESE}/")
        language = HTML_LANG.search(text)[1]
        if language != ("zh-CN" if chinese else "en"):
            wrong.append(f"{page}: lang={language}")
        links = LANGUAGE_SWITCH.findall(text)
        other = (Path(page).parent / links[0]).as_posix() if links else None
        expected = page.removeprefix(f"{CHINESE}/") if chinese else f"{CHINESE}/{page}"
        if other is None or posixpath.normpath(other) != expected:
            wrong.append(f"{page}: the other edition is {other}, not {expected}")
    assert wrong == []


@pytest.mark.slow
def test_the_chinese_edition_reads_in_chinese(site):
    """Each Chinese page's title is Chinese (a module's name, such as ``nncore``, stays)."""
    english_titles = []
    for page in edition_pages(site / CHINESE):
        text = (site / CHINESE / page).read_text(encoding="utf-8")
        title = re.search(r"<h1>(.*?)<", text, re.S)
        if (title and not re.search(r"[\u4e00-\u9fff]", title[1])
                and not re.fullmatch(r"[a-z_]+", title[1])):
            english_titles.append(f"{page}: {title[1]}")
    assert english_titles == []


def test_punctuation_joins_the_equation_beside_it_and_no_other_text():
    """Each mark beside an inline equation goes into the equation's ``no-break`` span, and no
    other text of the paragraph changes (text nodes compare equal by value: finding the mark
    by value once moved the first "、" of a paragraph, which doubled one and lost another)."""
    sys.path.insert(0, str(ROOT / "docs" / "_ext"))
    from docutils import nodes
    from translation import keep_punctuation_with_math

    paragraph = nodes.paragraph(
        "", "", nodes.Text("（"), nodes.literal("", "W1"), nodes.Text("、"),
        nodes.literal("", "b1"), nodes.Text(" 即 "), nodes.math("", "W_h"), nodes.Text("、"),
        nodes.math("", "b_h"), nodes.Text("；见（"), nodes.math("", "W_o"), nodes.Text("）。"))
    text = paragraph.astext()
    keep_punctuation_with_math(paragraph)
    assert paragraph.astext() == text
    assert [group.astext() for group in paragraph.findall(nodes.inline)] == [
        "W_h、", "b_h；", "（W_o）"]
