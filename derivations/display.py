"""Show SymPy results on a page: each helper returns an object that a notebook typesets."""

from __future__ import annotations

import sympy
from sympy.printing.latex import LatexPrinter


class _DisplayStylePrinter(LatexPrinter):
    """SymPy's LaTeX printer with every entry of a matrix in display style.

    TeX (and KaTeX) sets the cells of a ``matrix`` in text style, so a fraction in a vector
    shrinks its numerator and denominator to script size and their exponents to
    script-script size (about half the text); SymPy has no setting for it. A
    ``\\displaystyle`` at the start of each cell sets its fractions at full size, like the
    fractions of the equation around the matrix. Rows are stacked without space between
    them, so a row that holds a fraction ends with ``\\\\[1.4em]``: its depth becomes at
    least that much more than a plain row's, enough for a display fraction with a squared
    denominator to clear the numerators below (measured on the softmax Jacobian)."""

    def _print_matrix_contents(self, expr: sympy.MatrixBase) -> str:
        if expr.cols > 10:  # SymPy writes an ``array`` then; leave it to SymPy
            return super()._print_matrix_contents(expr)
        rows = [[self._print(entry) for entry in expr.row(i)] for i in range(expr.rows)]
        body = ""
        for i, row in enumerate(rows):
            if i:
                body += r"\\[1.4em]" if any(r"\frac" in cell for cell in rows[i - 1]) else r"\\"
            body += " & ".join(rf"\displaystyle {cell}" for cell in row)
        return r"\begin{matrix}" + body + r"\end{matrix}"


def latex(expression: sympy.Basic) -> str:
    """``expression`` in LaTeX as :func:`sympy.latex` writes it, but with the entries of
    matrices and vectors in display style (fractions at full size, not script size)."""
    return _DisplayStylePrinter().doprint(expression)


def math(latex: str):
    """Display-mode math from a LaTeX string (an ``IPython.display.Math``)."""
    from IPython.display import Math

    return Math(latex)


def equation(left: str, right: sympy.Expr | str, relation: str = "=") -> object:
    """``left = right`` as display math; ``right`` is a SymPy expression or LaTeX."""
    right_latex = right if isinstance(right, str) else latex(right)
    return math(f"{left} {relation} {right_latex}")


def aligned(*rows: tuple[str, sympy.Expr | str]) -> object:
    """Several ``left = right`` rows, aligned on the equals signs."""
    lines = [
        f"{left} &= {right if isinstance(right, str) else latex(right)}"
        for left, right in rows
    ]
    return math(r"\begin{aligned}" + r" \\ ".join(lines) + r"\end{aligned}")


def source(function: object):
    """The Python source of ``function`` as a highlighted code block (Markdown), its
    docstring cut to its first paragraph, the summary (wrapped at 72 characters, as PEP 8
    asks of docstrings): a page shows the code and what it computes, and derives the
    equations itself rather than show their LaTeX."""
    import ast
    import inspect
    import textwrap

    from IPython.display import Markdown

    text = inspect.getsource(function).rstrip()
    docstring = inspect.getdoc(function)
    if docstring:
        lines = text.splitlines()
        tree = ast.parse(textwrap.dedent(text))
        node = tree.body[0].body[0]  # the docstring: the first statement of the body
        first = lines[node.lineno - 1]
        indent = first[: len(first) - len(first.lstrip())]
        first_paragraph = " ".join(docstring.split("\n\n")[0].split())
        summary = textwrap.wrap(f'"""{first_paragraph}"""', width=72 - len(indent))
        lines[node.lineno - 1: node.end_lineno] = [indent + line for line in summary]
        text = "\n".join(lines)
    return Markdown(f"```python\n{text}\n```")
