"""The KaTeX renderer of the build (docs/_ext/katex_math.py), outside Sphinx."""

from __future__ import annotations

import multiprocessing
import sys
from concurrent.futures import ProcessPoolExecutor

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "docs" / "_ext"))
from katex_math import KaTeX  # noqa: E402


def render_here(latex: str) -> tuple[str, int]:
    """``latex`` rendered in this process, and the Node process that rendered it."""
    html, error = KaTeX.render(latex, False)
    assert error == ""
    return html, KaTeX._process.pid


def test_tex_becomes_html_and_bad_tex_an_error():
    html, error = KaTeX.render(r"\frac{\partial \xi}{\partial z}", True)
    assert error == "" and 'class="katex-display"' in html and "mfrac" in html
    html, error = KaTeX.render(r"\frac{1}{", False)
    assert html == "" and "KaTeX parse error" in error


def test_a_forked_sphinx_process_gets_its_own_node_process():
    """A parallel write (``-j``) forks Sphinx; two processes writing to one Node pipe would
    mix their answers. (In the fork, the parent's Node process is not a child, so ``poll()``
    reports it ended, and the renderer starts another.)"""
    parent_html, parent_node = render_here(r"\sigma(z)")
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
        child_html, child_node = pool.submit(render_here, r"\sigma(-z)").result()
    assert child_node != parent_node
    assert child_html == render_here(r"\sigma(-z)")[0] != parent_html
