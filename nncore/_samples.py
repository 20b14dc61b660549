"""Checks shared by the models: inputs, targets and weights of the right shapes and values."""

from __future__ import annotations

import numpy

from nncore._validation import float_array


def inputs_and_targets(
    x: object, t: object, features: int | None = None, labels: bool = False
) -> tuple[numpy.ndarray, numpy.ndarray]:
    """``x`` and ``t`` as float arrays with one target per sample, or an error naming them.

    ``features=None`` expects ``x`` of shape ``(n,)``; an integer ``d`` expects ``(n, d)``.
    ``labels=True`` requires every target to be 0 or 1.
    """
    x = float_array("x", x)
    t = float_array("t", t)
    expected = "(n,)" if features is None else f"(n, {features})"
    if (features is None and x.ndim != 1) or (
        features is not None and (x.ndim != 2 or x.shape[1] != features)
    ):
        raise ValueError(f"x: expected shape {expected}, one row per sample, got {x.shape}")
    if t.shape != (x.shape[0],):
        raise ValueError(f"t: expected shape ({x.shape[0]},), one target per sample of x, "
                         f"got {t.shape}")
    if labels and not numpy.all((t == 0) | (t == 1)):
        raise ValueError("t: expected class labels 0 or 1, got other values")
    return x, t


def weights(name: str, value: object, size: int | None = None) -> numpy.ndarray:
    """``value`` as a float array of shape ``()`` (``size=None``) or ``(size,)``."""
    array = float_array(name, value)
    expected = () if size is None else (size,)
    if array.shape != expected:
        raise ValueError(f"{name}: expected shape {expected}, got {array.shape}")
    return array
