r"""Multi-class outputs for a reader's own arrays: the softmax of rows of logits, its
Jacobian, its cross-entropy, and one-hot targets.

Each row of a matrix is one sample, each column one class, as on the pages. The softmax and
the cross-entropy are the generated kernels of the output layer
(:func:`nncore._generated.softmax_layer`,
:func:`nncore._generated.softmax_cross_entropy_layer`, derived in
:mod:`derivations.softmax_output`), called on the transposes after the arguments are
checked: the max-shifted forms, in which no exponential overflows and the cross-entropy never
takes the logarithm of a probability rounded to 0.
"""

from __future__ import annotations

import numpy

from nncore._generated import softmax_cross_entropy_layer, softmax_layer
from nncore._validation import count, finite_results, float_array


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
    if (t < 0).any() or not numpy.allclose(t.sum(axis=1), 1.0):  # so no entry above 1
        raise ValueError(
            f"{name}: expected one-hot rows (entries in [0, 1] summing to 1 per sample)"
        )
    return t


def one_hot(labels: object, classes: int) -> numpy.ndarray:
    """Rows of zeros with a 1 in the column of each label: label 0 → ``[1, 0]``, 1 → ``[0, 1]``.

    Raises
    ------
    TypeError
        If ``classes`` is not an integer, or ``labels`` not real numbers.
    ValueError
        If ``classes`` is below 2, or ``labels`` is not a 1-D array of integers in
        ``range(classes)``.
    """
    classes = count("classes", classes, 2)
    labels = float_array("labels", labels)
    if labels.ndim != 1 or (labels % 1).any() or labels.min() < 0 or labels.max() >= classes:
        raise ValueError(f"labels: expected a 1-D array of integers in range({classes}), got "
                         f"shape {labels.shape}, values {labels.min():g} to {labels.max():g}")
    return numpy.eye(classes)[labels.astype(int)]


def softmax(z: object) -> numpy.ndarray:
    r"""The softmax of each row of logits, :math:`y_i = e^{z_i} / \sum_d e^{z_d}`.

    Raises
    ------
    TypeError, ValueError
        If ``z`` is not a finite real matrix with at least 2 columns.
    """
    return softmax_layer(_logits("z", z).T).T


def cross_entropy(z: object, t: object) -> float:
    r"""The summed cross-entropy of the softmax of the logits ``z`` against targets ``t``:
    :math:`\xi = -\sum_n \sum_i t_{ni} \log y_{ni}`.

    Raises
    ------
    TypeError, ValueError
        If ``z`` is not a finite real matrix with at least 2 columns, or ``t`` is not
        targets of the same shape (rows of entries in [0, 1] summing to 1).
    OverflowError
        If the exact cost lies beyond the float64 range.
    """
    z = _logits("z", z)
    t = targets_for("t", t, z.shape)
    costs, _ = softmax_cross_entropy_layer(z.T, t.T)
    return float(finite_results("cross_entropy", costs.sum()))


def softmax_jacobian(y: object) -> numpy.ndarray:
    r"""The Jacobian :math:`\partial y_i / \partial z_j = \operatorname{diag}(\mathbf{y}) -
    \mathbf{y}\mathbf{y}^{\mathsf{T}}` at the softmax output ``y`` of one sample (a vector),
    or of each sample (one row per sample; the result has one matrix per sample).

    Raises
    ------
    TypeError, ValueError
        If ``y`` is not softmax outputs: entries in [0, 1], each sample's summing to 1.
    """
    y = float_array("y", y)
    if y.ndim not in (1, 2):
        raise ValueError(f"y: expected one sample's output or one row per sample, got shape "
                         f"{y.shape}")
    if (y < 0).any() or not numpy.allclose(y.sum(axis=-1), 1.0):  # so no entry above 1
        raise ValueError("y: expected a softmax output, entries in [0, 1] summing to 1 for "
                         "each sample")
    column = y[..., :, None]
    return column * numpy.eye(y.shape[-1]) - column * y[..., None, :]
