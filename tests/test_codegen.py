"""The committed generated code is what the derivations generate, and it is readable."""

from __future__ import annotations

import numpy
import pytest
import sympy

from derivations.codegen import (
    GENERATED_PATH,
    ClassSum,
    array_form,
    diff_against,
    function_source,
    generate,
    main,
)
from derivations.formula import Formula, scalar_formula


def test_committed_generated_file_is_in_sync_with_the_derivations():
    difference = diff_against(GENERATED_PATH, generate())
    assert not difference, (
        "nncore/_generated.py differs from what the derivations generate; run `make generate`"
        " and commit.\n" + difference
    )


def test_check_mode_reports_a_stale_file_with_a_diff(tmp_path, capsys):
    stale = tmp_path / "_generated.py"
    stale.write_text(generate().replace("numpy.logaddexp", "numpy.log1p"), encoding="utf-8")
    assert main(["--check", "--output", str(stale)]) == 1
    printed = capsys.readouterr().out
    assert printed.startswith(f"--- {stale} (committed)\n+++ {stale} (regenerated)\n")
    lines = printed.splitlines()[2:]
    removed = [line[1:] for line in lines if line.startswith("-")]
    added = [line[1:] for line in lines if line.startswith("+")]
    assert removed and all("numpy.log1p(" in line for line in removed)
    assert added == [line.replace("numpy.log1p", "numpy.logaddexp") for line in removed]


def test_generate_writes_the_file_that_check_mode_then_accepts(tmp_path, capsys):
    target = tmp_path / "_generated.py"
    assert main(["--output", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == generate()
    assert main(["--check", "--output", str(target)]) == 0
    assert capsys.readouterr().out == f"wrote {target}\n{target} is up to date\n"
    assert main(["--check"]) == 0  # the committed file, by default


def test_the_command_line_help_says_what_it_does(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["--help"])
    assert stop.value.code == 0
    printed = " ".join(capsys.readouterr().out.split())
    assert "Turn the formulas of :mod:`derivations.registry` into" in printed
    assert "--check compare instead of writing" in printed


def test_the_difference_is_a_unified_diff_from_the_committed_file(tmp_path):
    committed = tmp_path / "old.py"
    committed.write_text("a\nb\n", encoding="utf-8")
    assert diff_against(committed, "a\nc\n") == (
        f"--- {committed} (committed)\n+++ {committed} (regenerated)\n"
        "@@ -1,2 +1,2 @@\n a\n-b\n+c\n")
    assert diff_against(committed, "a\nb\n") == ""


def test_only_sums_over_all_the_classes_print():
    z, d, n = sympy.IndexedBase("z"), sympy.Symbol("d", integer=True), sympy.Symbol("n")
    assert array_form(sympy.Sum(z[d], (d, 1, n))) == ClassSum(sympy.Symbol("z"))
    for total in (sympy.Sum(z[d], (d, 2, n)), sympy.Sum(z[d] * z[n], (d, 1, n), (n, 1, 3))):
        with pytest.raises(ValueError, match="^only single sums over all the classes print"):
            array_form(total)


def test_common_subexpressions_are_computed_once():
    x, y = sympy.symbols("x y")
    outputs = (x * sympy.exp(x * y + 1), y * sympy.exp(x * y + 1))
    formula = Formula("g", "test", (x, y), outputs, outputs, ("a", "b"), "test")
    source = function_source(formula)
    assert source.count("numpy.exp(") == 1
    assert "t0 = numpy.exp(x*y + 1)" in source


def test_constant_outputs_have_the_shape_of_the_arguments():
    x, y = sympy.symbols("x y")
    formula = scalar_formula("h", "test", (x, y), x + 0 * y + 2, x + 2, "h", "test")
    namespace: dict = {}
    exec("import numpy\nfrom nncore._validation import finite_results, float_arrays\n"
         + function_source(formula), namespace)
    assert namespace["h"]([1.0, 2.0], 3.0).shape == (2,)
    gradient_source = function_source(
        scalar_formula("k", "test", (x, y), sympy.Integer(3), sympy.Integer(3), "k", "test"))
    exec(gradient_source, namespace)
    assert namespace["k"]([1.0, 2.0, 3.0], 0.0).tolist() == [3.0, 3.0, 3.0]
    assert namespace["k"](1.0, 2.0) == 3.0


def test_generated_docstrings_carry_latex_and_their_source():
    source = GENERATED_PATH.read_text(encoding="utf-8")
    assert source.startswith('"""NumPy functions generated from the SymPy derivations: do not edit.')
    assert r"\frac{1}{1 + e^{- z}}" in source
    assert "Derivation: ``derivations.circuits.SIGMOID_NEURON``." in source


def test_temporaries_never_take_the_name_of_an_argument():
    t0, x = sympy.symbols("t0 x")
    outputs = (t0 * sympy.exp(t0 * x), x * sympy.exp(t0 * x))
    source = function_source(Formula("g", "test", (t0, x), outputs, outputs, ("a", "b"), "test"))
    assert "t1 = numpy.exp(t0*x)" in source and "t0 = " not in source.replace("(t0,", "")


def test_a_constant_output_of_scalars_is_a_scalar_like_any_other_output():
    x = sympy.Symbol("x")
    namespace: dict = {}
    exec("import numpy\nfrom nncore._validation import finite_results, float_arrays\n"
         + function_source(scalar_formula("k", "test", (x,), sympy.Integer(3),
                                          sympy.Integer(3), "k", "test")), namespace)
    assert type(namespace["k"](1.0)) is numpy.float64


def test_each_generated_function_needs_its_own_name():
    x = sympy.Symbol("x")
    f = scalar_formula("f", "test", (x,), x, x, "f", "test")
    with pytest.raises(ValueError, match=r"^formulas: each generated function needs its own "
                                         r"name, \['f'\] repeat$"):
        generate((f,), (f,))


@pytest.mark.parametrize("kernel", [False, True])
def test_docstring_notes_are_wrapped_to_88_columns_whatever_the_kernel_name(kernel):
    x = sympy.Symbol("x")
    for length in range(1, 40):
        name = "k" * length
        formula = scalar_formula("f", "test", (x,), x, x, "f", "test", silence_overflow=True,
                                 kernel=name)
        source = function_source(formula, kernel=kernel)
        docstring = source.split('r"""')[1].split('"""')[0]
        assert max(len(line) for line in docstring.splitlines()) <= 4 + 88, name
        note = (f"The checked function :func:`~nncore._generated.f` calls it." if kernel else
                f"calls the kernel :func:`~nncore._generated.{name}`, which evaluates")
        assert note in " ".join(docstring.split()), name


def test_generated_code_lines_fit_the_text_column_of_a_page():
    # the pages show generated functions with their docstrings cut to one line; the code
    # itself must fit the column (about 75 characters of code font at 1280 px)
    import ast

    text = GENERATED_PATH.read_text(encoding="utf-8")
    docstrings = set()
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, (ast.Module, ast.FunctionDef)) and ast.get_docstring(node):
            first = node.body[0]
            docstrings.update(range(first.lineno, first.end_lineno + 1))
    long = [number for number, line in enumerate(text.splitlines(), 1)
            if len(line) > 72 and number not in docstrings]
    assert long == []
