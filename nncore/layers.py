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

The output layer, :class:`SoftmaxCrossEntropy`, ends the backward pass: its ``backward``
takes the targets and starts from :math:`\partial\xi/\partial Z = Y - T`.
"""

from __future__ import annotations

import numpy

from nncore._generated import logistic_layer, logistic_layer_backward, rbf, rbf_derivative
from nncore._validation import float_array
from nncore.multiclass import shifted_softmax


class Layer:
    """A layer without parameters (the activation functions); subclasses override
    :meth:`forward` and :meth:`backward`."""

    def __init__(self) -> None:
        self.parameters: dict[str, numpy.ndarray] = {}
        self.gradients: dict[str, numpy.ndarray] = {}

    @property
    def inputs(self) -> int | None:
        """The number of inputs the layer needs, or ``None`` if any number will do."""
        return None

    def outputs(self, inputs: int) -> int:
        """The number of outputs for ``inputs`` inputs (the same, for an activation)."""
        return inputs

    def forward(self, a: numpy.ndarray) -> numpy.ndarray:
        """The layer's output for input ``a`` (one column per sample)."""
        raise NotImplementedError

    def backward(self, grad_output: numpy.ndarray, input_gradient: bool = True) -> numpy.ndarray | None:
        """The gradient with respect to the input, from the gradient with respect to the
        output (``None`` when ``input_gradient`` is false: the first layer needs none)."""
        raise NotImplementedError

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

    def backward(self, grad_output: numpy.ndarray, input_gradient: bool = True) -> numpy.ndarray | None:
        r"""Writes :math:`A^{\mathsf{T}} E` and :math:`\mathbf{1}^{\mathsf{T}} E` into
        ``gradients`` and returns :math:`(E W^{\mathsf{T}})^{\mathsf{T}}`."""
        numpy.matmul(self._input, grad_output.T, out=self.gradients["W"])
        numpy.add.reduce(grad_output, axis=1, out=self.gradients["b"][0])
        return self.parameters["W"] @ grad_output if input_gradient else None

    def __repr__(self) -> str:
        inputs, outputs = self.parameters["W"].shape
        return f"Linear({inputs} → {outputs})"


class Logistic(Layer):
    r"""The logistic function of every entry, :math:`A = \sigma(Z)`, with
    :math:`\sigma(z) = 1/(1 + e^{-z})`. Its derivative comes from the output of the forward
    pass, :math:`\sigma'(z) = \sigma(z)\,(1 - \sigma(z))`, so the backward pass is

    .. math::

        \frac{\partial \xi}{\partial Z} = \frac{\partial \xi}{\partial A} \odot A \odot (1 - A).

    Both passes are generated kernels, :func:`nncore._generated.logistic_layer` and
    :func:`nncore._generated.logistic_layer_backward` (derived in
    :mod:`derivations.logistic`), which leave out the argument checks of the generated
    :func:`nncore._generated.logistic`: they cost more than the rest of a training step of a
    small network, and a batch is checked once, when it is prepared. Where :math:`e^{-z}`
    overflows (:math:`z < -709.78`) the forward pass gives 0, the exact value rounded; NumPy
    warns about the overflow unless told not to, and the training loops of
    :mod:`nncore.optimisers` tell it not to.
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
    unit of part 3), from the generated :func:`nncore._generated.rbf`; the backward pass
    multiplies by the generated derivative :func:`nncore._generated.rbf_derivative`,

    .. math::

        \frac{\partial \xi}{\partial Z} = \frac{\partial \xi}{\partial H} \odot (-2 Z e^{-Z^2}).
    """

    def forward(self, z: numpy.ndarray) -> numpy.ndarray:
        r""":math:`e^{-Z^2}`, entry by entry."""
        self._input = z
        return rbf(z)

    def backward(self, grad_output: numpy.ndarray, input_gradient: bool = True) -> numpy.ndarray:
        r""":math:`\partial\xi/\partial H \odot \phi'(Z)`."""
        return grad_output * rbf_derivative(self._input)


class SoftmaxCrossEntropy(Layer):
    r"""The output layer: the softmax of each sample's logits and its cross-entropy.

    .. math::

        \begin{aligned}
        Y_{ni} &= \frac{e^{Z_{ni} - m_n}}{\sum_d e^{Z_{nd} - m_n}}, \\
        \xi &= -\sum_{n,i} T_{ni} \log Y_{ni} \\
            &= \sum_n \log \sum_d e^{Z_{nd} - m_n} - \sum_{n,i} T_{ni} (Z_{ni} - m_n),
        \end{aligned}

    with :math:`m_n = \max_d Z_{nd}`; the last form holds because each row of :math:`T` sums
    to 1, and it takes the logarithm of a sum that is at least 1, never of a probability
    rounded to 0 (the max-shifted softmax of :func:`nncore.multiclass.shifted_softmax`). The
    gradient of the cost with respect to the logits is

    .. math::

        \frac{\partial \xi}{\partial Z} = Y - T,

    divided by :math:`N` for the mean cost :math:`\bar\xi = \xi / N`.
    """

    def forward(self, z: numpy.ndarray) -> numpy.ndarray:
        """The softmax :math:`Y` of each column of logits (one column per sample)."""
        self._shifted, self._output, self._sums = shifted_softmax(z, axis=0)
        return self._output

    def cost(self, t: numpy.ndarray, mean: bool = False) -> float:
        r""":math:`\xi`, or :math:`\xi / N` with ``mean``, for targets ``t`` in the stored
        layout (one column per sample)."""
        total = float(numpy.log(self._sums).sum() - numpy.vdot(t, self._shifted))
        return total / t.shape[1] if mean else total

    def backward(self, t: numpy.ndarray, mean: bool = False) -> numpy.ndarray:
        r""":math:`Y - T`, or :math:`(Y - T) / N` with ``mean``: the gradient of the cost
        with respect to the logits."""
        e = self._output - t
        if mean:
            e /= t.shape[1]
        return e
