r"""A network as a sequence of layers (:mod:`nncore.layers`) ending in a softmax with
cross-entropy.

The forward pass feeds each layer's output to the next, :math:`A_0 = X`,
:math:`A_l = f_l(A_{l-1})`, :math:`Y = A_L`; the backward pass starts from
:math:`\partial\xi/\partial Z_L = Y - T` at the output and hands each layer the gradient with
respect to its output, which the layer turns into the gradient with respect to its input
(the chain rule, one layer at a time) while it records the gradients of its own parameters.

The cost is the cross-entropy summed over the samples (``cost="sum"``, as in parts 1 to 4 of
the series) or averaged over them (``cost="mean"``, part 5):

.. math::

    \xi = -\sum_{n,i} T_{ni} \log Y_{ni}, \qquad \bar\xi = \frac{\xi}{N}.

Data enter through :meth:`Sequential.prepare`, which checks them once and stores them the
way the layers work on them (one column per sample); training then never checks them again.
All parameters live in one vector (``Sequential.parameter_vector``), and each layer's
``W`` and ``b`` are views into it, so that an optimiser updates every parameter with a few
operations on one array. The gradients live in ``Sequential.gradient_vector`` in the
same way.
"""

from __future__ import annotations

import numpy

from nncore._generated import logistic_derivative, rbf_derivative
from nncore._validation import count, finite_results, number, samples
from nncore.gradient_checking import GradientCheckReport, gradient_check
from nncore.layers import Layer, Linear, Logistic, SoftmaxCrossEntropy
from nncore.multiclass import softmax_jacobian, targets_for


class Batch:
    """Samples checked by :meth:`Sequential.prepare`.

    ``x`` (``(samples, inputs)``) and ``t`` (``(samples, classes)``, one-hot) are as given,
    as float64; ``inputs`` and ``targets`` are their transposes, stored contiguously, the
    layout the layers compute in; ``size`` is the number of samples, :math:`N`.
    """

    def __init__(self, x: numpy.ndarray, t: numpy.ndarray) -> None:
        self.x, self.t = x, t
        self.inputs, self.targets = numpy.ascontiguousarray(x.T), numpy.ascontiguousarray(t.T)
        self.size = x.shape[0]

    def split(self, batch_size: int) -> list["Batch"]:
        """The samples split in order into ``size // batch_size`` minibatches with
        :func:`numpy.array_split` (their sizes differ by at most one).

        Raises
        ------
        TypeError
            If ``batch_size`` is not an integer.
        ValueError
            If ``batch_size`` is not from 1 to the number of samples.
        """
        batch_size = count("batch_size", batch_size, 1)
        if batch_size > self.size:
            raise ValueError(f"batch_size: expected an integer from 1 to {self.size} (the "
                             f"number of samples), got {batch_size}")
        pieces = self.size // batch_size
        return [Batch(x, t) for x, t in
                zip(numpy.array_split(self.x, pieces), numpy.array_split(self.t, pieces))]


class Sequential:
    """Layers applied in order; the last must be :class:`nncore.layers.SoftmaxCrossEntropy`.

    Parameters are named by the parameter's name and the position of its layer among the
    layers that have parameters: ``"W1"``, ``"b1"``, ``"W2"``, ... The layers' parameter
    arrays are replaced by views into one vector (their values are kept). Besides the cost
    and its gradients, a network gives the values the pages look at layer by layer: every
    layer's output (:meth:`activations`), the error at every linear layer (:meth:`errors`)
    and the Jacobian of the output with respect to the input (:meth:`input_jacobian`).

    Raises
    ------
    TypeError
        If ``layers`` is not a list of layers.
    ValueError
        If the sizes of the layers do not chain, the last layer is not the softmax output,
        or ``cost`` is not ``"sum"`` or ``"mean"``.
    """

    def __init__(self, layers: list[Layer], cost: str = "sum") -> None:
        if not isinstance(layers, (list, tuple)) or not layers or not all(
            isinstance(layer, Layer) for layer in layers
        ):
            raise TypeError("layers: expected a non-empty list of nncore.layers layers")
        if not isinstance(layers[-1], SoftmaxCrossEntropy) or any(
            isinstance(layer, SoftmaxCrossEntropy) for layer in layers[:-1]
        ):
            raise ValueError("layers: expected the SoftmaxCrossEntropy output layer last, "
                             "and only there")
        if cost not in ("sum", "mean"):
            raise ValueError(f"cost: expected 'sum' or 'mean', got {cost!r}")
        self.layers = list(layers)
        self.mean = cost == "mean"
        self.inputs = next((layer.inputs for layer in layers if layer.inputs is not None), None)
        if self.inputs is None:
            raise ValueError("layers: expected at least one Linear layer")
        size = self.inputs
        for position, layer in enumerate(layers):
            if layer.inputs not in (None, size):
                raise ValueError(f"layers[{position}]: expected {size} inputs (the outputs of "
                                 f"the layer before), got {layer.inputs}")
            size = layer.outputs(size)
        if size < 2:
            raise ValueError("layers: the softmax output needs at least 2 classes")
        self.classes = size
        # Name the parameters W1, b1, W2, ... and make them views into one vector.
        self._names = []
        for number, layer in enumerate([layer for layer in layers if layer.parameters], 1):
            self._names += [(f"{key}{number}", layer, key) for key in layer.parameters]
        self.parameter_vector = numpy.concatenate([array.ravel() for _, array in self.parameters])
        self.gradient_vector = numpy.zeros_like(self.parameter_vector)
        start = 0
        for _, layer, key in self._names:
            shape, stop = layer.parameters[key].shape, start + layer.parameters[key].size
            layer.parameters[key] = self.parameter_vector[start:stop].reshape(shape)
            layer.gradients[key] = self.gradient_vector[start:stop].reshape(shape)
            start = stop

    @classmethod
    def from_sizes(
        cls,
        sizes: tuple[int, ...],
        random_state: numpy.random.RandomState,
        scale: float = 1.0,
        zero_bias: bool = False,
        cost: str = "sum",
    ) -> "Sequential":
        """Linear layers of ``sizes`` (inputs first, classes last), logistic activations
        between them and a softmax output, with parameters drawn from ``random_state``.

        Layer by layer, with ``zero_bias=False`` (part 4 of the series) it draws
        ``b = randn(1, outputs) * scale`` and then ``W = randn(inputs, outputs) * scale``;
        with ``zero_bias=True`` (part 5) only ``W = randn(inputs, outputs) * scale``, and
        ``b = 0``.

        Raises
        ------
        TypeError
            If ``random_state`` is not a ``numpy.random.RandomState``.
        ValueError
            If ``sizes`` is not two or more positive integers or ``scale`` is not positive.
        """
        if not isinstance(random_state, numpy.random.RandomState):
            raise TypeError("random_state: expected a numpy.random.RandomState, got "
                            f"{type(random_state).__name__}")
        if not isinstance(sizes, (list, tuple)) or len(sizes) < 2:
            raise ValueError(f"sizes: expected two or more positive integers, got {sizes!r}")
        sizes = [count(f"sizes[{k}]", size, 1) for k, size in enumerate(sizes)]
        scale = number("scale", scale, above=0)
        pairs = []
        for inputs, outputs in zip(sizes[:-1], sizes[1:]):
            b = numpy.zeros((1, outputs)) if zero_bias else random_state.randn(1, outputs) * scale
            pairs.append((random_state.randn(inputs, outputs) * scale, b))
        return cls.from_pairs(pairs, cost=cost)

    @classmethod
    def from_pairs(cls, pairs: list[tuple[object, object]], cost: str = "sum") -> "Sequential":
        """A :class:`~nncore.layers.Linear` layer for each ``(W, b)`` of ``pairs``, logistic
        activations between them and a softmax output (the network of parts 4 and 5).

        Raises
        ------
        TypeError, ValueError
            As :class:`~nncore.layers.Linear` and :class:`Sequential` do for bad arrays and
            shapes that do not chain.
        """
        layers: list[Layer] = []
        for W, b in pairs:
            layers += [Linear(W, b), Logistic()]
        layers[-1] = SoftmaxCrossEntropy()
        return cls(layers, cost=cost)

    def copy(self) -> "Sequential":
        """A network of the same layers with copies of the current parameters."""
        layers = [Linear(layer.parameters["W"], layer.parameters["b"])
                  if isinstance(layer, Linear) else type(layer)() for layer in self.layers]
        return Sequential(layers, cost="mean" if self.mean else "sum")

    def prepare(self, x: object, t: object, names: tuple[str, str] = ("x", "t")) -> Batch:
        """Check samples ``x`` (``(samples, inputs)``) and one-hot targets ``t``
        (``(samples, classes)``) once, and store them for the layers.

        Raises
        ------
        TypeError
            If ``x`` or ``t`` is not real numbers.
        ValueError
            If a shape does not fit the network, a value is NaN or infinite, or a row of
            ``t`` is not one-hot; the message names the argument (``names``).
        """
        x = samples(names[0], x, self.inputs)
        t = targets_for(names[1], t, (x.shape[0], self.classes))
        return Batch(x, t)

    def _logits(self, inputs: numpy.ndarray) -> numpy.ndarray:
        """The forward pass up to the output layer: its logits."""
        a = inputs
        for layer in self.layers[:-1]:
            a = layer.forward(a)
        return a

    def _inputs(self, x: object) -> numpy.ndarray:
        return x.inputs if isinstance(x, Batch) else samples("x", x, self.inputs).T

    def forward(self, x: object) -> numpy.ndarray:
        """The output :math:`Y`, one row of class probabilities per sample, for a
        :class:`Batch` or an array of samples ``x``.

        Raises
        ------
        OverflowError
            If a value on the way overflows float64 (inputs or weights far too large).
        """
        with numpy.errstate(over="ignore", invalid="ignore"):
            return finite_results("Sequential.forward", self.activations(x)[-1])

    def activations(self, x: object) -> list[numpy.ndarray]:
        r"""The input and the output of every layer, one row per sample, for a
        :class:`Batch` or an array ``x``: :math:`X, Z_1, A_1, Z_2, \dots, Y` for linear
        layers with logistic activations."""
        found = [self._inputs(x)]
        for layer in self.layers:
            found.append(layer.forward(found[-1]))
        return [numpy.ascontiguousarray(a.T) for a in found]

    def cost(self, batch: Batch) -> float:
        r"""The cost :math:`\xi` (or :math:`\bar\xi`) of the batch.

        Raises
        ------
        OverflowError
            If the cost, or a value on the way, overflows float64.
        """
        with numpy.errstate(over="ignore", invalid="ignore"):
            z = self._logits(batch.inputs)
            return finite_results("Sequential.cost", self.layers[-1].loss(z, batch.targets,
                                                                          self.mean)[0])

    def backpropagate(
        self, batch: Batch, errors: list | None = None
    ) -> float:
        """One forward and one backward pass; returns the cost.

        Writes the gradient of the cost into ``gradient_vector`` (and so into every
        layer's ``gradients``) and returns the cost, computed from the same forward pass.
        Given a list ``errors``, it appends to it the error that reaches each linear
        layer, last layer first."""
        z = self._logits(batch.inputs)
        # e = E_L = Y - T
        cost, e = self.layers[-1].loss(z, batch.targets, self.mean)
        # the other layers, last to first
        for layer in self.layers[-2::-1]:
            if errors is not None and isinstance(layer, Linear):
                errors.append(e)
            # the first layer needs no gradient with respect to its input
            first = layer is self.layers[0]
            e = layer.backward(e, input_gradient=not first)
        return cost

    def errors(self, batch: Batch) -> list[numpy.ndarray]:
        r"""The error :math:`E_l = \partial\xi/\partial Z_l` at the output of every linear
        layer, first to last, one row per sample: the backward pass of
        :meth:`backpropagate`, keeping what each linear layer receives."""
        found: list[numpy.ndarray] = []
        self.backpropagate(batch, found)
        return [numpy.ascontiguousarray(e.T) for e in found[::-1]]

    def input_jacobian(self, x: object) -> numpy.ndarray:
        r"""The Jacobian :math:`\partial \mathbf{y}/\partial \mathbf{x}` of each sample's
        output with respect to its input, shape ``(samples, classes, inputs)``: the softmax's
        :math:`\operatorname{diag}(\mathbf{y}) - \mathbf{y}\mathbf{y}^{\mathsf{T}}`, then,
        layer by layer back to the input, times :math:`W^{\mathsf{T}}` for a linear layer
        and times :math:`\operatorname{diag}(f'(\mathbf{z}))` for an activation :math:`f`.

        Raises
        ------
        OverflowError
            If a layer's value overflows float64 for the inputs ``x``.
        """
        with numpy.errstate(over="ignore", invalid="ignore"):
            values = self.activations(x)
        if not all(numpy.isfinite(value).all() for value in values):
            raise OverflowError("x: a layer's value overflows float64 for these inputs")
        jacobian = softmax_jacobian(values[-1])
        for layer, z in zip(self.layers[-2::-1], values[-3::-1]):
            if isinstance(layer, Linear):
                jacobian = jacobian @ layer.parameters["W"].T
            else:  # an activation: Logistic or Gaussian
                slope = logistic_derivative if isinstance(layer, Logistic) else rbf_derivative
                jacobian = jacobian * slope(z)[:, None, :]
        return jacobian

    def gradients(self, batch: Batch) -> dict[str, numpy.ndarray]:
        """The gradient of the cost for each named parameter (copies).

        Raises
        ------
        OverflowError
            If the cost, a gradient or a value on the way overflows float64.
        """
        with numpy.errstate(over="ignore", invalid="ignore"):
            finite_results("Sequential.gradients", self.backpropagate(batch),
                           self.gradient_vector)
        return {name: layer.gradients[key].copy() for name, layer, key in self._names}

    @property
    def parameters(self) -> list[tuple[str, numpy.ndarray]]:
        """``(name, array)`` for every parameter in layer order: the live arrays."""
        return [(name, layer.parameters[key]) for name, layer, key in self._names]

    def predict(self, x: object) -> numpy.ndarray:
        """The most probable class of each sample (a :class:`Batch` or an array ``x``)."""
        return self.forward(x).argmax(axis=1)

    def accuracy(self, batch: Batch) -> float:
        """The fraction of the batch's samples whose most probable class is the target's."""
        return float(numpy.mean(self.predict(batch) == batch.t.argmax(axis=1)))

    def gradient_check(self, batch: Batch, epsilon: float = 1e-6, tolerance: float = 1e-6,
                       absolute_tolerance: float = 1e-10) -> GradientCheckReport:
        """Every parameter's gradient against central differences of the cost of
        ``batch``, by :func:`nncore.gradient_checking.gradient_check`; the network's
        parameters are restored afterwards."""
        start = self.parameter_vector.copy()

        def cost(**values: numpy.ndarray) -> float:
            for name, array in self.parameters:
                array[...] = values[name]
            return self.cost(batch)

        try:
            return gradient_check(cost, dict(self.parameters), self.gradients(batch),
                                  epsilon, tolerance, absolute_tolerance)
        finally:
            self.parameter_vector[...] = start
