"""The page helpers of :mod:`derivations.display` typeset what they are given."""

from __future__ import annotations

import inspect

import sympy
from IPython.display import Markdown, Math

from derivations import display
from derivations.chain_rule import ChainRule

x, q = sympy.symbols("x q")


def test_equation_typesets_a_sympy_expression_or_latex_with_its_relation():
    shown = display.equation("y", x**2)
    assert isinstance(shown, Math)
    assert shown.data == "y = x^{2}"
    assert display.equation("a", r"\beta", relation=r"\approx").data == r"a \approx \beta"


def test_aligned_rows_line_up_on_the_equals_signs():
    shown = display.aligned(("a", x**2), ("b", r"\beta"))
    assert isinstance(shown, Math)
    assert shown.data == r"\begin{aligned}a &= x^{2} \\ b &= \beta\end{aligned}"


def test_source_keeps_the_code_and_the_first_docstring_line():
    import nncore

    full = inspect.getsource(nncore.linear_regression_gradient)
    short = display.source(nncore.linear_regression_gradient)
    assert isinstance(short, Markdown)
    assert r"\begin{aligned}" in full and r"\begin" not in short.data
    assert short.data.startswith("```python\n") and short.data.endswith("\n```")
    assert short.data.splitlines()[1:4] == [
        "def linear_regression_gradient(w, x, t):",
        '    """Gradient of the squared error (t - x w)**2 of one sample with',
        '    respect to w."""',
    ]
    code = [line for line in full.splitlines() if "float_arrays" in line or "return" in line]
    assert code == [line for line in short.data.splitlines() if line in code] and len(code) == 2

    # a short one-line docstring stays as it is; a function without a docstring is unchanged
    def short_doc(a):
        """Return a."""
        return a

    def bare(a):
        return a

    def two_line_summary(a):
        """Return a, the argument, unchanged: a summary that runs over
        two lines.

        Details that the page does not show.
        """
        return a

    shown = display.source(two_line_summary).data
    docstring = " ".join(line.strip() for line in shown.splitlines()[2:4])
    assert docstring == ('"""Return a, the argument, unchanged: a summary that runs over two '
                         'lines."""')
    assert "Details" not in shown and "return a" in shown

    for function in (short_doc, bare):
        assert display.source(function).data == (
            "```python\n" + inspect.getsource(function).rstrip() + "\n```")


def test_the_chain_rule_typesets_the_rule_its_factors_and_the_product():
    rule = ChainRule(outer=q**2, intermediate=q, inner=3 * x, variable=x)
    # d(q^2)/dq = 2q, d(3x)/dx = 3, and 2q * 3 with q = 3x is 18x
    expected = (r"\begin{aligned}\frac{\partial {f}}{\partial x} "
                r"&= \frac{\partial {f}}{\partial q}\,\frac{\partial q}{\partial x}"
                r" = \left(2 q\right)\left(3\right) \\&= 18 x\end{aligned}")
    assert rule.latex() == expected.replace("{f}", "f")
    assert rule.latex(output=r"\xi") == expected.replace("{f}", r"\xi")


def test_matrix_entries_are_in_display_style_so_fractions_keep_their_size():
    vector = sympy.Matrix([x / q, x])
    assert display.latex(vector) == (
        r"\left[\begin{matrix}\displaystyle \frac{x}{q}\\[1.4em]\displaystyle x"
        r"\end{matrix}\right]")
    # Only a row with a fraction gets the extra space below it.
    assert display.latex(sympy.Matrix([x, x / q, q])) == (
        r"\left[\begin{matrix}\displaystyle x\\\displaystyle \frac{x}{q}\\[1.4em]"
        r"\displaystyle q\end{matrix}\right]")
    assert display.latex(sympy.Matrix([[x, q]])) == (
        r"\left[\begin{matrix}\displaystyle x & \displaystyle q\end{matrix}\right]")
    assert display.equation("y", vector).data == "y = " + display.latex(vector)
    assert display.aligned(("y", vector)).data == (
        r"\begin{aligned}y &= " + display.latex(vector) + r"\end{aligned}")
    # Outside a matrix the LaTeX is SymPy's own.
    assert display.latex(x / q + x**2) == sympy.latex(x / q + x**2)
