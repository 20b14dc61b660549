r"""Layers with a forward and a backward pass, the building blocks of
:class:`nncore.sequential.Sequential`.

The pages write a batch with one row per sample, :math:`X` of shape ``(samples, inputs)``,
and the equations below keep that convention. Inside a layer the arrays are stored the other
way round, **one column per sample** (``(features, samples)``, the transposes :math:`X^{\mathsf{T}}`,
:math:`Z^{\mathsf{T}}`, ...): a network of two or three units per layer then works along
long rows of contiguous numbers, which NumPy does much faster than along rows of two numbers.

Each layer takes its input ``a`` in ``forward`` and remembers what its backward pass needs.
``backward`` takes the gradient of the cost with respect to the layer's output and returns
the gradient with respect to its input; a layer with parameters also writes the gradients of
its parameters into ``layer.gradients``. ``layer.parameters`` and ``layer.gradients`` are
dictionaries from a parameter's name (``"W"``, ``"b"``) to its array, so that a gradient check
and an optimiser can walk them; both are updated in place, never replaced.

The output layer, :class:`SoftmaxCrossEntropy`, starts the backward pass: its ``loss``
takes the logits and the targets and gives the cost and :math:`\partial\xi/\partial Z = Y - T`.

Every activation, cost and gradient with respect to the logits comes from a kernel of
:mod:`nncore._generated`, derived and generated from the SymPy derivations; only the linear
layer's matrix products are written here.
"""

from __future__ import annotations

import numpy

from nncore._generated import (
    gaussian_layer,
    gaussian_layer_backward,
    logistic_layer,
    logistic_layer_backward,
    softmax_cross_entropy_layer,
    softmax_layer,
)
from nncore._validation import float_array


class Layer:
    """A layer without parameters (the activation functions). A layer has ``forward(a)``,
    its output for the input ``a`` (one column per sample), and ``backward(grad_output,
    input_gradient=True)``, the gradient with respect to its input from the gradient with
    respect to its output (``None`` when ``input_gradient`` is false: the first layer needs
    none)."""

    inputs = None  # the number of inputs the layer needs; None: any number will do

    def __init__(self) -> None:
        self.parameters: dict[str, numpy.ndarray] = {}
        self.gradients: dict[str, numpy.ndarray] = {}

    def outputs(self, inputs: int) -> int:
        """The number of outputs for ``inputs`` inputs (the same, for an activation)."""
        return inputs

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class Linear(Layer):
    r"""The affine map :math:`Z = A W + \mathbf{1} b` of every sample's input :math:`A`.

    ``weights`` has shape ``(inputs, outputs)``, ``bias`` shape ``(1, outputs)``; both are
    copied to float64. With :math:`E = \partial\xi/\partial Z` from the layer above,

    .. math::

        \frac{\partial \xi}{\partial W} = A^{\mathsf{T}} E, \qquad
        \frac{\partial \xi}{\partial b} = \mathbf{1}^{\mathsf{T}} E, \qquad
        \frac{\partial \xi}{\partial A} = E\, W^{\mathsf{T}}.

    In the stored layout (one column per sample) the same products read
    :math:`Z^{\mathsf{T}} = W^{\mathsf{T}} A^{\mathsf{T}} + b^{\mathsf{T}}`,
    :math:`\partial\xi/\partial W = A^{\mathsf{T}} (E^{\mathsf{T}})^{\mathsf{T}}` and
    :math:`(\partial\xi/\partial A)^{\mathsf{T}} = W E^{\mathsf{T}}`.

    Raises
    ------
    TypeError, ValueError
        If ``weights`` or ``bias`` is not a finite real array of the right shape (the message
        names which).
    """

    def __init__(self, weights: object, bias: object) -> None:
        super().__init__()
        W = float_array("weights", weights)
        b = float_array("bias", bias)
        if W.ndim != 2:
            raise ValueError(f"weights: expected shape (inputs, outputs), got {W.shape}")
        if b.shape != (1, W.shape[1]):
            raise ValueError(
                f"bias: expected shape {(1, W.shape[1])} (one row, one column per output), "
                f"got {b.shape}"
            )
        self.parameters = {"W": W.copy(), "b": b.copy()}
        self.gradients = {"W": numpy.zeros_like(W), "b": numpy.zeros_like(b)}
        self._input: numpy.ndarray | None = None

    @property
    def inputs(self) -> int:
        """The number of inputs, the rows of :math:`W`."""
        return self.parameters["W"].shape[0]

    def outputs(self, inputs: int) -> int:
        """The number of outputs, the columns of :math:`W`."""
        return self.parameters["W"].shape[1]

    def forward(self, a: numpy.ndarray) -> numpy.ndarray:
        r""":math:`Z^{\mathsf{T}} = W^{\mathsf{T}} A^{\mathsf{T}} + b^{\mathsf{T}}`."""
        self._input = a
        z = self.parameters["W"].T @ a
        z += self.parameters["b"].T
        return z

    def backward(
        self, grad_output: numpy.ndarray, input_gradient: bool = True
    ) -> numpy.ndarray | None:
        """Writes A^T E and 1^T E (the gradients of W and b) into ``gradients`` and
        returns (E W^T)^T, the error of the layer below."""
        if self._input is None:
            raise RuntimeError(
                "Linear.backward: call forward first (the gradient of W "
                "needs the layer's input)")
        # _input is A^T, grad_output is E^T: one column per sample
        numpy.matmul(self._input, grad_output.T, out=self.gradients["W"])
        numpy.add.reduce(grad_output, axis=1, out=self.gradients["b"][0])
        if not input_gradient:
            return None
        return self.parameters["W"] @ grad_output

    def __repr__(self) -> str:
        inputs, outputs = self.parameters["W"].shape
        return f"Linear({inputs} → {outputs})"


class Logistic(Layer):
    r"""The logistic function of every entry, :math:`A = \sigma(Z)`, with
    :math:`\sigma(z) = 1/(1 + e^{-z})`. SymPy writes its derivative in terms of the output,
    :math:`\sigma'(z) = a(1 - a)` (:func:`derivations.logistic.derivative_in_terms_of_output`),
    so the backward pass needs only what the forward pass kept:

    .. math::

        \frac{\partial \xi}{\partial Z} = \frac{\partial \xi}{\partial A} \odot A \odot (1 - A).

    Both passes are generated kernels, :func:`nncore._generated.logistic_layer` and
    :func:`nncore._generated.logistic_layer_backward`.
    """

    def forward(self, z: numpy.ndarray) -> numpy.ndarray:
        r""":math:`A = 1 / (1 + e^{-Z})`, entry by entry."""
        self._output = logistic_layer(z)
        return self._output

    def backward(self, grad_output: numpy.ndarray, input_gradient: bool = True) -> numpy.ndarray:
        r""":math:`\partial\xi/\partial A \odot A \odot (1 - A)`."""
        return logistic_layer_backward(grad_output, self._output)


class Gaussian(Layer):
    r"""The radial basis function of every entry, :math:`H = \phi(Z) = e^{-Z^2}` (the RBF
    unit of part 3). SymPy writes its derivative with the output, :math:`\phi'(z) = -2 z h`,
    so the backward pass is

    .. math::

        \frac{\partial \xi}{\partial Z} = \frac{\partial \xi}{\partial H} \odot (-2\, Z \odot H),

    both passes generated kernels, :func:`nncore._generated.gaussian_layer` and
    :func:`nncore._generated.gaussian_layer_backward`.
    """

    def forward(self, z: numpy.ndarray) -> numpy.ndarray:
        r""":math:`e^{-Z^2}`, entry by entry."""
        self._input = z
        self._output = gaussian_layer(z)
        return self._output

    def backward(self, grad_output: numpy.ndarray, input_gradient: bool = True) -> numpy.ndarray:
        r""":math:`\partial\xi/\partial H \odot (-2\, Z \odot H)`."""
        return gaussian_layer_backward(grad_output, self._input, self._output)


class SoftmaxCrossEntropy(Layer):
    r"""The output layer: the softmax of each sample's logits and its cross-entropy.

    .. math::

        Y_{ni} = \frac{e^{Z_{ni}}}{\sum_d e^{Z_{nd}}}, \qquad
        \xi = -\sum_{n,i} T_{ni} \log Y_{ni}, \qquad
        \frac{\partial \xi}{\partial Z} = Y - T,

    the last derived by SymPy for any number of classes
    (:mod:`derivations.softmax_output`); :math:`\bar\xi = \xi / N` and
    :math:`(Y - T)/N` for the mean cost. The kernels
    :func:`nncore._generated.softmax_layer` and
    :func:`nncore._generated.softmax_cross_entropy_layer` evaluate the max-shifted forms,
    finite for all finite logits whose exact cost is finite.
    """

    def forward(self, z: numpy.ndarray) -> numpy.ndarray:
        """The softmax :math:`Y` of each column of logits (one column per sample)."""
        return softmax_layer(z)

    def loss(self, z: numpy.ndarray, t: numpy.ndarray,
             mean: bool = False) -> tuple[float, numpy.ndarray]:
        r"""The cost :math:`\xi` (or :math:`\xi / N` with ``mean``) of the logits ``z``
        against the targets ``t``, and its gradient with respect to ``z``: :math:`Y - T`
        (or :math:`(Y - T)/N`). Both in the stored layout, one column per sample.

        Raises
        ------
        ValueError
            If ``t`` is not of the shape of ``z`` (the values are checked where the data
            enter, :meth:`nncore.sequential.Sequential.prepare`).
        """
        if t.shape != z.shape:
            raise ValueError(f"t: expected the shape of the logits {z.shape} (one column per "
                             f"sample, one row per class), got {t.shape}")
        costs, gradient = softmax_cross_entropy_layer(z, t)
        cost = float(costs.sum())
        if mean:
            cost /= t.shape[1]
            gradient /= t.shape[1]
        return cost, gradient
