"""Sphinx extension: what the Chinese edition needs beyond Sphinx's gettext workflow.

* Code cells' outputs (SymPy's LaTeX, printed numbers, tables), display equations and the
  docstrings of the API reference are not prose and stay as they are: their text is marked
  untranslatable before Sphinx extracts or translates messages. Figure captions and alt texts
  stay translatable.
* MyST-NB keeps a folded cell's prompts ("Show the generated code") in node attributes, which
  gettext never sees: :class:`FoldedCell` offers them as messages.
* Chinese punctuation stays on the line of the inline equation it follows (or precedes).
* The site title is the home page's title in the Chinese edition.
* The theme's own strings are translated where its catalogs are wrong or empty
  (``sphinx.po`` and ``booktheme.po`` beside the pages' catalogs).
* Every page links to the same page in the other edition (``other_edition`` in the template
  context, shown by ``docs/_templates/language-switch.html``).

No package does these: Sphinx translates every text node it finds, MyST-NB has no translation
support of its own, and sphinx-book-theme has no language switch.
"""

from __future__ import annotations

import logging
from pathlib import Path

from babel.messages.pofile import read_po
from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.i18n import CatalogInfo
from sphinx.writers.html5 import HTML5Translator

# The folder of the Chinese edition inside the English one, and the two editions' names.
CHINESE = "zh_CN"
EDITION_NAMES = {"en": "English", CHINESE: "中文"}
PROMPTS = ("prompt_show", "prompt_hide")


class FoldedCell(nodes.container, addnodes.translatable):
    """A code cell that MyST-NB will fold, whose two prompts are translatable messages."""

    def preserve_original_messages(self) -> None:
        self["original_prompts"] = [self[key] for key in PROMPTS]

    def apply_translated_message(self, original_message: str, translated_message: str) -> None:
        for key, original in zip(PROMPTS, self["original_prompts"]):
            if original == original_message:
                self[key] = translated_message

    def extract_original_messages(self) -> list[str]:
        return list(self["original_prompts"])


def is_folded_cell(node: nodes.Node) -> bool:
    return (isinstance(node, nodes.container) and node.get("nb_element") == "cell_code"
            and bool(node.get("hide_mode")))


def is_output_or_api(node: nodes.Node) -> bool:
    """Whether ``node`` is a code cell's output or an API description of autodoc."""
    return isinstance(node, addnodes.desc) or (
        isinstance(node, nodes.container) and node.get("nb_element") == "cell_code_output")


class KeepCodeOutputsAndApi(SphinxTransform):
    """Marks the text of code outputs (but their captions) and of API descriptions
    untranslatable, and makes the prompts of folded cells translatable."""

    default_priority = 5  # before Sphinx preserves (10) and translates (20) messages

    def apply(self, **kwargs) -> None:
        for cell in list(self.document.findall(is_folded_cell)):
            cell.replace_self(FoldedCell(cell.rawsource, *cell.children, **cell.attributes))
        for root in list(self.document.findall(is_output_or_api)):
            for node in root.findall(nodes.TextElement):
                if not any(isinstance(a, nodes.caption) for a in _ancestors(node, root)):
                    node["translatable"] = False
        # Display equations, and module docstrings that autodoc puts outside any API entry.
        for node in self.document.findall(nodes.TextElement):
            if isinstance(node, nodes.math_block) or ":docstring of " in (node.source or ""):
                node["translatable"] = False


# Chinese punctuation that may not start a line, and brackets that may not end one.
NO_LINE_START = "，。、；：？！）」』”’》"
NO_LINE_END = "（「『“‘《"


def keep_punctuation_with_math(tree: nodes.Node) -> None:
    """Put each inline equation of ``tree`` and the Chinese punctuation mark beside it in one
    ``no-break`` span. Children are found by position: text nodes compare equal by value, so
    ``parent.index`` would find the first "、" of a paragraph, not the one beside the math."""
    for math in list(tree.findall(nodes.math)):
        parent = math.parent
        index = next(i for i, child in enumerate(parent.children) if child is math)
        after = parent[index + 1] if index + 1 < len(parent) else None
        before = parent[index - 1] if index > 0 else None
        closing = isinstance(after, nodes.Text) and after[:1] in tuple(NO_LINE_START)
        opening = isinstance(before, nodes.Text) and before[-1:] in tuple(NO_LINE_END)
        if not (closing or opening):
            continue
        group = nodes.inline(classes=["no-break"])
        parent[index] = group
        group += math
        if closing:
            group += nodes.Text(after[0])
            parent[index + 1] = nodes.Text(after[1:])
        if opening:
            group.insert(0, nodes.Text(before[-1]))
            parent[index - 1] = nodes.Text(before[:-1])


class KeepPunctuationWithMath(SphinxPostTransform):
    """In the Chinese edition, keeps an inline equation and the punctuation mark beside it
    together (:func:`keep_punctuation_with_math`, ``no-break`` in backprop.css), so that no
    line starts with "，" after an equation or ends with "（" before one: a browser breaks
    beside KaTeX's box as beside a letter, and a word joiner does not stop it."""

    default_priority = 300

    def run(self, **kwargs) -> None:
        if self.config.language == CHINESE:
            keep_punctuation_with_math(self.document)


def _ancestors(node: nodes.Node, root: nodes.Node):
    while node is not root:
        yield node
        node = node.parent


def link_other_edition(app: Sphinx, pagename: str, templatename: str, context: dict,
                       doctree) -> None:
    """``other_edition``: the same page in the other edition, as a relative link (so that
    it works from ``file://``), and that edition's name."""
    up = "../" * pagename.count("/")
    chinese = app.config.language == CHINESE
    other = f"{up}../{pagename}.html" if chinese else f"{up}{CHINESE}/{pagename}.html"
    context["other_edition"] = {
        "href": other,
        "name": EDITION_NAMES["en" if chinese else CHINESE],
        "lang": "en" if chinese else "zh-CN",
    }


def translate_title(app: Sphinx, config) -> None:
    """The Chinese edition's site title is the home page's title in its translation."""
    if config.language == CHINESE:
        catalog = Path(app.srcdir, config.locale_dirs[0], CHINESE, "LC_MESSAGES", "index.po")
        with catalog.open("rb") as file:
            message = read_po(file).get(config.html_title)
        if message is not None and message.string:
            config.html_title = message.string


def prefer_book_theme_catalog(app: Sphinx, config) -> None:
    """Register the book's ``booktheme.po`` before sphinx-book-theme registers its own: Sphinx
    keeps the first catalog of a domain and falls back to the later ones. (Sphinx reads the
    book's ``sphinx.po``, for pydata-sphinx-theme's strings, before any theme's by itself.)"""
    if config.language == CHINESE:
        locales = Path(app.srcdir, config.locale_dirs[0])
        catalog = CatalogInfo(str(locales / CHINESE / "LC_MESSAGES"), "booktheme", "utf-8")
        if catalog.is_outdated():  # as Sphinx compiles the book's sphinx.po
            catalog.write_mo(CHINESE)
        app.add_message_catalog("booktheme", str(locales))


def quiet_jieba(app: Sphinx) -> None:
    """jieba, which splits the Chinese edition's words for its search index, reports its
    dictionary loading on stderr; a build prints only what is wrong."""
    if app.config.language == CHINESE:
        import jieba

        jieba.setLogLevel(logging.WARNING)


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("config-inited", translate_title)
    app.connect("config-inited", prefer_book_theme_catalog)
    app.connect("builder-inited", quiet_jieba)
    app.add_node(FoldedCell, html=(HTML5Translator.visit_container,
                                   HTML5Translator.depart_container))
    app.add_transform(KeepCodeOutputsAndApi)
    app.add_post_transform(KeepPunctuationWithMath)
    app.connect("html-page-context", link_other_edition)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
