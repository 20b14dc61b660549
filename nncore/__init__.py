"""nncore: the small neural-network library of Backprop, Derived.

NumPy only at run time. The functions of :mod:`nncore._generated` are generated from the
SymPy derivations by ``make generate``; the rest is written by hand. Plotting helpers live in
:mod:`nncore.plotting`, which imports matplotlib and is not imported here.

The models of Roelants' series, one module each: :mod:`nncore.linear_regression`,
:mod:`nncore.logistic_regression` and :mod:`nncore.rbf_network`, trained with
:mod:`nncore.gradient_descent` on the data of :mod:`nncore.datasets`. The softmax and its
cross-entropy are in :mod:`nncore.multiclass`, Hessians and Newton's method in
:mod:`nncore.curvature`, gradient checking in :mod:`nncore.gradient_checking` and tables for the
pages in :mod:`nncore.tables`.

Networks of any depth are built from the layers of :mod:`nncore.layers` (linear, logistic,
Gaussian and the softmax output), stacked by :mod:`nncore.sequential` and trained by the
optimisers of :mod:`nncore.optimisers` (gradient descent, momentum, full-batch and minibatch
training with early stopping), which can show the bar of :mod:`nncore.progress`.
:mod:`nncore.network` (the vectorised network of parts 4 and 5 as functions of ``(W, b)``
pairs) and :mod:`nncore.minibatch` (minibatch training with the mean cost) run on those
classes; :mod:`nncore.width` trains the networks of the chapter on width.
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
from nncore.gradient_checking import GradientCheckReport, GradientEntry, gradient_check
from nncore.gradient_descent import DescentPath, DivergenceError, gradient_descent
from nncore.layers import Gaussian, Linear, Logistic, SoftmaxCrossEntropy
from nncore.optimisers import GradientDescent, Momentum, train_full_batch, train_minibatches
from nncore.sequential import Batch, Sequential
from nncore.tables import Table

__all__ = [
    "Batch",
    "DescentPath",
    "DivergenceError",
    "Gaussian",
    "GradientCheckReport",
    "GradientDescent",
    "GradientEntry",
    "Linear",
    "Logistic",
    "Momentum",
    "Sequential",
    "SoftmaxCrossEntropy",
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
    "train_full_batch",
    "train_minibatches",
    "two_class_cross_entropy",
    "two_class_cross_entropy_gradient",
    "two_class_softmax",
    "warm_up_circuit",
    "warm_up_circuit_gradient",
]
