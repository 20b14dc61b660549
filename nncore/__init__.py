"""nncore: the small neural-network library of Backprop, Derived.

NumPy only at run time. The functions of :mod:`nncore._generated` are generated from the
SymPy derivations by ``make generate``; the rest is written by hand. Plotting helpers live in
:mod:`nncore.plotting`, which imports matplotlib and is not imported here.
"""

from nncore._generated import (
    backward_patterns_circuit,
    backward_patterns_circuit_gradient,
    logistic,
    logistic_derivative,
    sigmoid_circuit,
    sigmoid_circuit_gradient,
    staged_circuit,
    staged_circuit_gradient,
    warm_up_circuit,
    warm_up_circuit_gradient,
)
from nncore.gradient_check import GradientCheckReport, GradientEntry, gradient_check
from nncore.tables import Table

__all__ = [
    "GradientCheckReport",
    "GradientEntry",
    "Table",
    "backward_patterns_circuit",
    "backward_patterns_circuit_gradient",
    "gradient_check",
    "logistic",
    "logistic_derivative",
    "sigmoid_circuit",
    "sigmoid_circuit_gradient",
    "staged_circuit",
    "staged_circuit_gradient",
    "warm_up_circuit",
    "warm_up_circuit_gradient",
]
