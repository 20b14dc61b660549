"""nncore: the small neural-network library of Backprop, Derived.

NumPy only at run time. The functions of :mod:`nncore._generated` are generated from the
SymPy derivations by ``make generate``; the rest is written by hand. Plotting helpers live in
:mod:`nncore.plotting`, which imports matplotlib and is not imported here.

The models of Roelants' series, one module each: :mod:`nncore.linear_regression`,
:mod:`nncore.logistic_regression` and :mod:`nncore.rbf_network`, trained with
:mod:`nncore.gradient_descent` on the data of :mod:`nncore.datasets`. The softmax and its
cross-entropy are in :mod:`nncore.multiclass`, the vectorised network of logistic hidden layers
and a softmax output in :mod:`nncore.network`, Hessians and Newton's method in
:mod:`nncore.curvature`.
"""

from nncore._generated import (
    backward_patterns_circuit,
    backward_patterns_circuit_gradient,
    linear_regression_cost,
    linear_regression_gradient,
    logistic,
    logistic_derivative,
    logistic_regression_cost,
    logistic_regression_gradient,
    logit_cross_entropy,
    logit_cross_entropy_gradient,
    rbf,
    rbf_derivative,
    rbf_network_output_cost,
    rbf_network_output_gradient,
    sigmoid_circuit,
    sigmoid_circuit_gradient,
    staged_circuit,
    staged_circuit_gradient,
    two_class_cross_entropy,
    two_class_cross_entropy_gradient,
    two_class_softmax,
    warm_up_circuit,
    warm_up_circuit_gradient,
)
from nncore.gradient_check import GradientCheckReport, GradientEntry, gradient_check
from nncore.gradient_descent import DescentPath, DivergenceError, gradient_descent
from nncore.tables import Table

__all__ = [
    "DescentPath",
    "DivergenceError",
    "GradientCheckReport",
    "GradientEntry",
    "Table",
    "backward_patterns_circuit",
    "backward_patterns_circuit_gradient",
    "gradient_check",
    "gradient_descent",
    "linear_regression_cost",
    "linear_regression_gradient",
    "logistic",
    "logistic_derivative",
    "logistic_regression_cost",
    "logistic_regression_gradient",
    "logit_cross_entropy",
    "logit_cross_entropy_gradient",
    "rbf",
    "rbf_derivative",
    "rbf_network_output_cost",
    "rbf_network_output_gradient",
    "sigmoid_circuit",
    "sigmoid_circuit_gradient",
    "staged_circuit",
    "staged_circuit_gradient",
    "two_class_cross_entropy",
    "two_class_cross_entropy_gradient",
    "two_class_softmax",
    "warm_up_circuit",
    "warm_up_circuit_gradient",
]
