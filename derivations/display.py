"""Show SymPy results on a page: each helper returns an object that a notebook typesets."""

from __future__ import annotations

import sympy


def math(latex: str):
    """Display-mode math from a LaTeX string (an ``IPython.display.Math``)."""
    from IPython.display import Math

    return Math(latex)


def equation(left: str, right: sympy.Expr | str, relation: str = "=") -> object:
    """``left = right`` as display math; ``right`` is a SymPy expression or LaTeX."""
    right_latex = right if isinstance(right, str) else sympy.latex(right)
    return math(f"{left} {relation} {right_latex}")


def aligned(*rows: tuple[str, sympy.Expr | str]) -> object:
    """Several ``left = right`` rows, aligned on the equals signs."""
    lines = [
        f"{left} &= {right if isinstance(right, str) else sympy.latex(right)}"
        for left, right in rows
    ]
    return math(r"\begin{aligned}" + r" \\ ".join(lines) + r"\end{aligned}")


def source(function: object):
    """The Python source of ``function`` as a highlighted code block (Markdown)."""
    import inspect

    from IPython.display import Markdown

    return Markdown(f"```python\n{inspect.getsource(function).rstrip()}\n```")
