"""The committed generated code is what the derivations generate, and it is readable."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import sympy

from derivations.codegen import GENERATED_PATH, diff_against, function_source, generate
from derivations.formula import Formula, scalar_formula

ROOT = Path(__file__).resolve().parent.parent


def test_committed_generated_file_is_in_sync_with_the_derivations():
    difference = diff_against(GENERATED_PATH, generate())
    assert not difference, (
        "nncore/_generated.py differs from what the derivations generate; run `make generate`"
        " and commit.\n" + difference
    )


def test_check_mode_reports_a_stale_file_with_a_diff(tmp_path):
    stale = tmp_path / "_generated.py"
    stale.write_text(generate().replace("numpy.logaddexp", "numpy.log1p"), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "derivations.codegen", "--check", "--output", str(stale)],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert result.returncode == 1
    assert "-" in result.stdout and "numpy.log1p" in result.stdout


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
