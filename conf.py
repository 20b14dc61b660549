"""Sphinx configuration of Backprop, Derived (sources in docs/, built into _build/html)."""

from __future__ import annotations

import hashlib
import os
import shutil
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


def hash_library_sources() -> str:
    """A hash of every source file of derivations/ and nncore/.

    jupyter-cache keys a page on its code cells only; keying the cache folder (and a config
    value that forces Sphinx to re-read the pages) on this hash re-executes the pages when
    the library they import changes.
    """
    digest = hashlib.sha256()
    for package in ("derivations", "nncore"):
        for path in sorted((ROOT / package).rglob("*.py")):
            digest.update(path.relative_to(ROOT).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


LIBRARY_HASH = hash_library_sources()
library_hash = LIBRARY_HASH  # a config value, declared in setup() below
# The build folder (``make html BUILDDIR=...`` sets it); the execution cache lives in it.
BUILD_ROOT = Path(os.environ.get("BACKPROP_BUILD", ROOT / "_build")).resolve()
CACHE_ROOT = BUILD_ROOT / ".jupyter_cache"
for stale in CACHE_ROOT.glob("*"):
    if stale.name != LIBRARY_HASH:
        shutil.rmtree(stale, ignore_errors=True)

project = "Backprop, Derived"
author = "The Backprop, Derived authors"
copyright = "2026, The Backprop, Derived authors"

extensions = [
    "myst_nb",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx_copybutton",
    "sphinx_design",
    "katex_math",
    "notebook_download",
    "accessibility",
]

exclude_patterns = ["_ext", "_static", "_templates", "**/.ipynb_checkpoints"]
nitpicky = True
# Types of third-party libraries appear in signatures; there is no intersphinx offline.
nitpick_ignore_regex = [
    (r"py:(class|func|meth|mod|data)", r"(numpy|sympy|mpmath|matplotlib|docutils|sphinx)(\..*)?"),
    ("py:class", r"(collections\.abc|typing|pathlib)\..*"),
    ("py:class", r"(Callable|Mapping|Sequence|Expr|Symbol|Gate|Node|Formula|Circuit)"),
]

# MyST-NB: execute every page at build time, cached, and stop on the first error.
nb_execution_mode = "cache"
nb_execution_cache_path = str(CACHE_ROOT / LIBRARY_HASH)
nb_execution_raise_on_error = True
nb_execution_show_tb = True
nb_execution_timeout = 300
nb_merge_streams = True
nb_render_markdown_format = "gfm"
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence"]
myst_heading_anchors = 3

html_math_renderer = "katex"
html_theme = "sphinx_book_theme"
html_title = "Backprop, Derived"
html_static_path = ["docs/_static"]
templates_path = ["docs/_templates"]
html_css_files = ["backprop.css"]
html_favicon = "docs/_static/favicon.svg"
html_last_updated_fmt = None
# Figures are drawn for a light page; the theme's switch still offers dark mode.
html_context = {"default_mode": "light"}
html_theme_options = {
    "use_download_button": True,
    "use_fullscreen_button": False,
    "show_toc_level": 2,
    "home_page_in_toc": True,
}

autodoc_member_order = "bysource"
autodoc_typehints = "description"
napoleon_google_docstring = False
napoleon_numpy_docstring = True


def setup(app):
    # A change of library_hash marks every page as changed, so Sphinx re-reads (and
    # MyST-NB re-executes) the pages after an edit of derivations/ or nncore/.
    app.add_config_value("library_hash", "", "env")
    # ipykernel 7 warns at each kernel start about TCP without encryption (stderr only).
    from jupyter_client.manager import KernelManager

    KernelManager.transport_encryption.default_value = "auto"
