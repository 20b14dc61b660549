"""nncore: the small neural-network library of Backprop, Derived.

NumPy only at run time. The functions of :mod:`nncore._generated` are generated from the
SymPy derivations by ``make generate``; the rest is written by hand. Plotting helpers live in
:mod:`nncore.plotting`, which imports matplotlib and is not imported here.

Which piece to use for what:

- a formula and its gradient (a circuit of the lecture, the costs of parts 1 to 3): the
  generated functions exported here, such as :func:`logistic` or
  :func:`linear_regression_gradient`; the models of parts 1 to 3 sum them over the samples
  in :mod:`nncore.linear_regression`, :mod:`nncore.logistic_regression` and
  :mod:`nncore.rbf_network`, and the pages train them with a plain loop of gradient descent;
- a network: :class:`Sequential` of the layers :class:`Linear`, :class:`Logistic`,
  :class:`Gaussian` and :class:`SoftmaxCrossEntropy` (or :meth:`Sequential.from_sizes`), with
  its data checked once into a :class:`Batch` by :meth:`Sequential.prepare`;
- training it: :func:`train` with :class:`GradientDescent` or :class:`Momentum`, full batch or
  minibatches, with early stopping on a validation set; it returns a :class:`TrainingRun`
  and raises :class:`DivergenceError` when the cost stops being finite;
- checking gradients: :func:`gradient_check` (or :meth:`Sequential.gradient_check`), which
  returns a :class:`GradientCheckReport`;
- the data of the series: :mod:`nncore.datasets`; the softmax and its cross-entropy:
  :mod:`nncore.multiclass`; Hessians and Newton's method: :mod:`nncore.curvature`; the
  experiments on width: :mod:`nncore.width`; tables for the pages: :class:`Table`.
"""

from nncore._generated import (  # the formulas and gradients of parts 1 to 3
    backward_patterns_circuit, backward_patterns_circuit_gradient, linear_regression_cost,
    linear_regression_gradient, logistic, logistic_derivative, logistic_regression_cost,
    logistic_regression_gradient, logit_cross_entropy, logit_cross_entropy_gradient, rbf,
    rbf_derivative, rbf_network_output_cost, rbf_network_output_gradient, sigmoid_circuit,
    sigmoid_circuit_gradient, staged_circuit, staged_circuit_gradient,
    two_class_cross_entropy, two_class_cross_entropy_gradient, two_class_softmax,
    warm_up_circuit, warm_up_circuit_gradient,
)
from nncore.gradient_checking import GradientCheckReport, GradientEntry, gradient_check
from nncore.layers import Gaussian, Linear, Logistic, SoftmaxCrossEntropy
from nncore.optimisers import DivergenceError, GradientDescent, Momentum, TrainingRun, train
from nncore.sequential import Batch, Sequential
from nncore.tables import Table
