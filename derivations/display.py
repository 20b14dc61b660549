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


def source(function: object, summary_only: bool = False):
    """The Python source of ``function`` as a highlighted code block (Markdown).

    With ``summary_only``, the docstring shrinks to its first line (wrapped at 72
    characters, as PEP 8 asks of docstrings), so that a generated function shows its code
    and its summary instead of the LaTeX of its equation.
    """
    import ast
    import inspect
    import textwrap

    from IPython.display import Markdown

    text = inspect.getsource(function).rstrip()
    docstring = inspect.getdoc(function)
    if summary_only and docstring:
        lines = text.splitlines()
        tree = ast.parse(textwrap.dedent(text))
        node = tree.body[0].body[0]  # the docstring: the first statement of the body
        first = lines[node.lineno - 1]
        indent = first[: len(first) - len(first.lstrip())]
        summary = textwrap.wrap(f'"""{docstring.splitlines()[0]}"""', width=72 - len(indent))
        lines[node.lineno - 1: node.end_lineno] = [indent + line for line in summary]
        text = "\n".join(lines)
    return Markdown(f"```python\n{text}\n```")
