r"""Multi-class outputs: the softmax of a row of logits, its log, its Jacobian, its
cross-entropy, and one-hot targets.

The forms are the ones :mod:`derivations.softmax` proves equal to the textbook softmax
:math:`y_i = e^{z_i} / \sum_d e^{z_d}`:

.. math::

    \begin{aligned}
    y_i &= \frac{e^{z_i - m}}{\sum_d e^{z_d - m}}, \\
    \log y_i &= z_i - m - \log \sum_d e^{z_d - m}, \qquad m = \max_d z_d,
    \end{aligned}

so that no exponential overflows and the cross-entropy never takes the logarithm of a
probability rounded to 0. Each row of a matrix is one sample, each column one class. For two
classes the same numbers come out of the generated :func:`nncore._generated.two_class_softmax`
(the tests compare them).
"""

from __future__ import annotations

import numpy

from nncore._validation import float_array


def _logits(name: str, value: object) -> numpy.ndarray:
    z = float_array(name, value)
    if z.ndim != 2 or z.shape[1] < 2:
        raise ValueError(
            f"{name}: expected shape (samples, classes) with at least 2 classes, got {z.shape}"
        )
    return z


def targets_for(name: str, value: object, shape: tuple[int, int]) -> numpy.ndarray:
    """One-hot (or probability) targets of ``shape``, or an error naming ``name``.

    Raises
    ------
    ValueError
        If the shape differs from the output layer's, an entry lies outside [0, 1], or a row
        does not sum to 1.
    """
    t = float_array(name, value)
    if t.shape != shape:
        raise ValueError(
            f"{name}: expected shape {shape} (one row per sample, one column per output "
            f"class), got {t.shape}"
        )
    if (t < 0).any() or (t > 1).any() or not numpy.allclose(t.sum(axis=1), 1.0):
        raise ValueError(
            f"{name}: expected one-hot rows (entries in [0, 1] summing to 1 per sample)"
        )
    return t


def one_hot(labels: object, classes: int) -> numpy.ndarray:
    """Rows of zeros with a 1 in the column of each label: label 0 → ``[1, 0]``, 1 → ``[0, 1]``.

    Raises
    ------
    ValueError
        If a label is not an integer in ``range(classes)``.
    """
    labels = numpy.asarray(labels)
    if labels.ndim != 1 or labels.size == 0:
        raise ValueError(f"labels: expected a non-empty 1-D array, got shape {labels.shape}")
    if labels.dtype.kind not in "iu" and not (
        labels.dtype.kind == "f" and numpy.all(numpy.mod(labels, 1) == 0)
    ):
        raise ValueError("labels: expected integers")
    if (labels < 0).any() or (labels >= classes).any():
        raise ValueError(f"labels: expected integers in range({classes}), got {labels.min()} "
                         f"to {labels.max()}")
    return numpy.eye(classes)[labels.astype(int)]


def shifted_softmax(z: numpy.ndarray, axis: int) -> tuple[numpy.ndarray, numpy.ndarray,
                                                          numpy.ndarray]:
    r"""The pieces of the max-shifted softmax along ``axis`` (the classes), unchecked.

    Returns the shifted logits :math:`z_i - m`, the softmax :math:`y_i = e^{z_i - m} / s` and
    the sums :math:`s = \sum_d e^{z_d - m}` (kept as a length-1 axis), from which
    :math:`\log y_i = z_i - m - \log s`. ``z`` must be a finite float array; the layers of
    :mod:`nncore.layers` call this on their own arrays, which are checked once, up front.
    """
    shifted = z - z.max(axis=axis, keepdims=True)
    y = numpy.exp(shifted)
    sums = y.sum(axis=axis, keepdims=True)
    y /= sums
    return shifted, y, sums


def softmax(z: object) -> numpy.ndarray:
    r"""The max-shifted softmax of each row: :math:`e^{z_i - m} / \sum_d e^{z_d - m}`."""
    return shifted_softmax(_logits("z", z), axis=1)[1]


def log_softmax(z: object) -> numpy.ndarray:
    r""":math:`\log y_i = z_i - m - \log \sum_d e^{z_d - m}` for each row."""
    shifted, _, sums = shifted_softmax(_logits("z", z), axis=1)
    return shifted - numpy.log(sums)


def cross_entropy(z: object, t: object) -> float:
    r"""The summed cross-entropy of the softmax of the logits ``z`` against targets ``t``:
    :math:`\xi = -\sum_n \sum_i t_{ni} \log y_{ni}`, from the log-softmax."""
    z = _logits("z", z)
    t = targets_for("t", t, z.shape)
    return float(-(t * log_softmax(z)).sum())


def softmax_jacobian(y: object) -> numpy.ndarray:
    r"""The Jacobian :math:`\partial y_i / \partial z_j = \operatorname{diag}(\mathbf{y}) -
    \mathbf{y}\mathbf{y}^{\mathsf{T}}` at the softmax output ``y`` of one sample."""
    y = float_array("y", y)
    if y.ndim != 1:
        raise ValueError(f"y: expected the 1-D output of one sample, got shape {y.shape}")
    return numpy.diag(y) - numpy.outer(y, y)
