"""Sphinx extension: give the theme's and MyST-NB's disclosure widgets accessible names.

axe-core finds two kinds of serious violation in the stock output, both fixed here at their
source rather than by turning rules off:

* the sidebar's expand/collapse ``<summary>`` holds only a chevron icon, so it has no name
  (rule ``summary-name``): it gets an ``aria-label``;
* MyST-NB's "Show code cell output" ``<summary>`` carries ``aria-label="Toggle hidden
  content"``, which contradicts its visible text (rule ``label-content-name-mismatch``):
  the label is dropped, so the visible text names it.

The search button is fixed by the template ``docs/_templates/search-button-field.html``.

No setting of the theme or of MyST-NB does either (pydata-sphinx-theme writes the sidebar's
toggles in Python, MyST-NB sets the label in its HTML visitor).
"""

from __future__ import annotations

from html import escape

from myst_nb.sphinx_ import HideCodeCellNode, depart_HideCellInput
from sphinx.application import Sphinx

TOGGLE_LABELS = {"en": "Show or hide the pages below", "zh_CN": "显示或隐藏下面的页面"}


def visit_hidden_cell(self, node: HideCodeCellNode) -> None:
    """MyST-NB's folded cell, whose summary is named by its visible text."""
    classes = " ".join(node["classes"])
    self.body.append(f'<details class="admonition hide {classes}">\n<summary>\n')
    self.body.append(f'<p class="collapsed admonition-title">{escape(node["prompt_show"])}</p>\n')
    self.body.append(f'<p class="expanded admonition-title">{escape(node["prompt_hide"])}</p>\n')
    self.body.append("</summary>\n")


def name_toctree_toggles(app: Sphinx, pagename: str, templatename: str, context: dict,
                         doctree) -> None:
    label = TOGGLE_LABELS[app.config.language]
    generate = context.get("generate_toctree_html")
    if generate is None:
        return

    def generate_with_names(*args, **kwargs):
        soup = generate(*args, **kwargs)  # a BeautifulSoup tree, cached by the theme
        if hasattr(soup, "select"):
            for summary in soup.select("summary:has(> .toctree-toggle)"):
                summary["aria-label"] = label
        return soup

    context["generate_toctree_html"] = generate_with_names


def setup(app: Sphinx) -> dict[str, object]:
    app.add_node(HideCodeCellNode, override=True, html=(visit_hidden_cell, depart_HideCellInput))
    # After pydata-sphinx-theme puts its toctree functions into the context (priority 500).
    app.connect("html-page-context", name_toctree_toggles, priority=600)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
