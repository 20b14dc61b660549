"""A formula: the unit that ``make generate`` turns into one NumPy function.

A :class:`Formula` keeps two forms of the same outputs:

* the *textbook* form, the expression a page displays and a reader recognises;
* the *stable* form, a rewrite that SymPy proves equal to the textbook form and that stays
  finite in float64 (for example :math:`\\sigma(z)` instead of :math:`1/(1 + e^{-z})`).

The generated code evaluates the stable form; the tests check it against a 50-digit
evaluation of the textbook form.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy


@dataclass(frozen=True)
class Formula:
    """One or more expressions of the same arguments, in textbook and stable form.

    Attributes
    ----------
    name:
        Name of the generated NumPy function, for example ``"logistic_derivative"``.
    summary:
        One line saying what the function computes; the first line of its docstring.
    arguments:
        The SymPy symbols the function takes, in order.
    outputs:
        The textbook expressions, one per output.
    stable_outputs:
        Expressions equal to ``outputs`` that stay finite in float64; used for code.
    output_names:
        LaTeX for the left-hand side of each output, for example ``r"\\sigma'(z)"``.
    source:
        Dotted name of the derivation this formula comes from.
    differentiates:
        For a gradient, the scalar formula whose gradient this is; ``None`` otherwise. Output
        ``i`` of a gradient is the derivative with respect to argument ``i``: a gradient
        covers every argument or only the leading ones (the parameters, listed before the
        data), in order.
    silence_overflow:
        Whether the generated code evaluates the stable form with NumPy's overflow warning
        off: set only where an intermediate that overflows to infinity gives the formula's
        limit, which differs from the exact value only below the smallest normal float64
        (for example :math:`1/(1 + e^{-z}) = 1/\\infty = 0` for :math:`z < -709.78`, where
        :math:`\\sigma(z)` is below :math:`2.2 \\cdot 10^{-308}`).
    kernel:
        For a formula that training code evaluates too (:mod:`nncore.layers`): the name of
        the kernel that evaluates it, without checks. The checked function ``name`` then
        evaluates nothing itself: it checks its arguments, calls the kernel and checks the
        results, so that one generated evaluation serves both. ``None``: no kernel.
    class_indices:
        For a formula over the classes of a sample (:mod:`derivations.softmax_output`): the
        number of classes :math:`n` and the free class index :math:`k`. Its arguments are
        then indexed symbols, and the generated code works on arrays with the classes along
        the first axis.
    """

    name: str
    summary: str
    arguments: tuple[sympy.Symbol, ...]
    outputs: tuple[sympy.Expr, ...]
    stable_outputs: tuple[sympy.Expr, ...]
    output_names: tuple[str, ...]
    source: str
    differentiates: Formula | None = None
    silence_overflow: bool = False
    kernel: str | None = None
    class_indices: tuple[sympy.Symbol, ...] = ()

    def __post_init__(self) -> None:
        sizes = {len(self.outputs), len(self.stable_outputs), len(self.output_names)}
        if len(sizes) != 1:
            raise ValueError(
                f"formula {self.name!r}: outputs, stable_outputs and output_names must have "
                f"the same length, got {len(self.outputs)}, {len(self.stable_outputs)} and "
                f"{len(self.output_names)}"
            )
        symbols = set().union(*(e.free_symbols for e in self.outputs))
        symbols = {s for s in symbols if not isinstance(s, sympy.Indexed)}
        arguments = {getattr(a, "label", a) for a in self.arguments}  # an IndexedBase's symbol
        unknown = symbols - arguments - set(self.class_indices)
        if unknown:
            raise ValueError(
                f"formula {self.name!r}: outputs use symbols {sorted(map(str, unknown))} that "
                "are not among its arguments"
            )

    @property
    def expression(self) -> sympy.Expr:
        """The single textbook output of a scalar formula."""
        if len(self.outputs) != 1:
            raise ValueError(f"formula {self.name!r} has {len(self.outputs)} outputs, not one")
        return self.outputs[0]

    def latex(self, stable: bool = False) -> str:
        """All outputs as ``name = expression`` lines of one LaTeX ``aligned`` block."""
        expressions = self.stable_outputs if stable else self.outputs
        lines = [
            rf"{name} &= {sympy.latex(expression)}"
            for name, expression in zip(self.output_names, expressions)
        ]
        return r"\begin{aligned}" + r" \\ ".join(lines) + r"\end{aligned}"


def scalar_formula(
    name: str,
    summary: str,
    arguments: tuple[sympy.Symbol, ...],
    textbook: sympy.Expr,
    stable: sympy.Expr,
    output_name: str,
    source: str,
    silence_overflow: bool = False,
    kernel: str | None = None,
) -> Formula:
    """A formula with one output."""
    return Formula(name, summary, arguments, (textbook,), (stable,), (output_name,), source,
                   silence_overflow=silence_overflow, kernel=kernel)


def gradient_formula(
    function: Formula,
    name: str,
    summary: str,
    output_name: str,
    with_respect_to: tuple[sympy.Symbol, ...] | None = None,
) -> Formula:
    r"""The gradient of a scalar formula with respect to each of its arguments.

    SymPy differentiates both forms: :math:`\partial f / \partial a_i` for each argument
    :math:`a_i`. ``output_name`` is the function's LaTeX name, for example ``"f"``.
    ``with_respect_to`` limits the gradient to the leading arguments of ``function`` (a
    model's parameters, listed before its data); by default it covers every argument.

    Raises
    ------
    ValueError
        If ``with_respect_to`` is not a non-empty prefix of the function's arguments.
    """
    textbook = function.expression
    stable = function.stable_outputs[0]
    variables = function.arguments if with_respect_to is None else tuple(with_respect_to)
    if not variables or variables != function.arguments[: len(variables)]:
        raise ValueError(
            f"with_respect_to: expected the leading arguments of {function.name!r} "
            f"{[str(a) for a in function.arguments]}, got {[str(a) for a in variables]}"
        )
    return Formula(
        name=name,
        summary=summary,
        arguments=function.arguments,
        outputs=tuple(sympy.diff(textbook, a) for a in variables),
        stable_outputs=tuple(sympy.diff(stable, a) for a in variables),
        output_names=tuple(
            rf"\frac{{\partial {output_name}}}{{\partial {sympy.latex(a)}}}"
            for a in variables
        ),
        source=function.source,
        differentiates=function,
    )


def proven_equal(a: sympy.Expr, b: sympy.Expr) -> bool:
    """Whether SymPy proves ``a == b`` after rewriting every function in exponentials."""
    return sympy.simplify((a - b).rewrite(sympy.exp)) == 0
