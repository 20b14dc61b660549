"""Argument checks shared by nncore: bad input raises an error that names the argument."""

from __future__ import annotations

import numbers

import numpy


def float_array(name: str, value: object) -> numpy.ndarray:
    """``value`` as a float64 array, or an error naming ``name``.

    Raises
    ------
    TypeError
        If ``value`` is not real numbers (strings, objects, complex numbers, None) or is a
        masked array (its mask would be lost).
    ValueError
        If ``value`` is empty or holds NaN or infinity.
    """
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(f"{name}: expected real numbers, got {type(value).__name__} {value!r}")
    if isinstance(value, numpy.ma.MaskedArray):
        raise TypeError(f"{name}: expected a plain array, got a masked array (remove the "
                        "masked entries first, for example with .compressed())")
    array = numpy.asarray(value)
    if array.dtype.kind not in "biuf":
        raise TypeError(
            f"{name}: expected real numbers, got an array of dtype {array.dtype}"
            + ("" if array.dtype.kind != "c" else " (complex numbers are not supported)")
        )
    array = array.astype(numpy.float64, copy=False)
    if array.size == 0:
        raise ValueError(f"{name}: expected at least one number, got an empty array")
    if not numpy.isfinite(array).all():
        raise ValueError(f"{name}: expected finite numbers, got NaN or infinity")
    return array


def float_arrays(**named: object) -> list[numpy.ndarray]:
    """Each argument as a float64 array (see :func:`float_array`), broadcast to one shape.

    Raises
    ------
    ValueError
        If the shapes cannot be broadcast together; the message lists every shape.
    """
    arrays = [float_array(name, value) for name, value in named.items()]
    if len(arrays) == 1:
        return arrays
    try:
        return numpy.broadcast_arrays(*arrays)
    except ValueError:
        shapes = ", ".join(f"{name} {array.shape}" for name, array in zip(named, arrays))
        raise ValueError(f"arguments must broadcast to one shape, got {shapes}") from None


def number(name: str, value: object, at_least: float | None = None,
           above: float | None = None, below: float | None = None) -> float:
    """``value`` as a finite float within the bounds given (``>= at_least``, ``> above``,
    ``< below``), or an error naming ``name`` and the bounds.

    Raises
    ------
    TypeError
        If ``value`` is not a real number (a bool is not one).
    ValueError
        If it is NaN, infinite or out of bounds.
    """
    bounds = [f"{sign} {bound}" for sign, bound in ((">=", at_least), (">", above), ("<", below))
              if bound is not None]
    expected = "a finite number" + (" " + " and ".join(bounds) if bounds else "")
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name}: expected {expected}, got {type(value).__name__}")
    if not (numpy.isfinite(value) and (at_least is None or value >= at_least)
            and (above is None or value > above) and (below is None or value < below)):
        raise ValueError(f"{name}: expected {expected}, got {value!r}")
    return float(value)


def finite_results(function: str, *results: object) -> object:
    """``results`` unchanged (one result alone, several as a tuple) if all are finite.

    Raises
    ------
    OverflowError
        If a result is NaN or infinite: an input lies outside the formula's domain, or its
        exact value lies beyond the float64 range (or an intermediate step does), and no float
        can stand for it.
    """
    for position, result in enumerate(results):
        if not numpy.all(numpy.isfinite(result)):
            which = f"result {position}" if len(results) > 1 else "the result"
            raise OverflowError(
                f"{function}: {which} is not finite in float64; the inputs are outside "
                "the formula's domain or too large for it"
            )
    return results[0] if len(results) == 1 else results


def count(name: str, value: object, minimum: int) -> int:
    """``value`` as an integer of at least ``minimum``, or an error naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name}: expected an integer, got {type(value).__name__}")
    if value < minimum:
        raise ValueError(f"{name}: expected an integer >= {minimum}, got {value}")
    return int(value)


def samples(name: str, value: object, features: int | None = None) -> numpy.ndarray:
    """``value`` as a float array with one row per sample: of shape ``(samples,)`` for
    ``features=None``, else ``(samples, features)``; or an error naming ``name``."""
    array = float_array(name, value)
    expected = () if features is None else (features,)
    if array.ndim != 1 + len(expected) or array.shape[1:] != expected:
        shape = "(samples,)" if features is None else f"(samples, {features})"
        raise ValueError(f"{name}: expected shape {shape}, one row per sample, got "
                         f"{array.shape}")
    return array


def inputs_and_targets(x: object, t: object, features: int | None = None,
                       labels: bool = False) -> tuple[numpy.ndarray, numpy.ndarray]:
    """``x`` as :func:`samples` and ``t`` as one target per sample (each 0 or 1 if
    ``labels``), or an error naming the argument."""
    x = samples("x", x, features)
    t = float_array("t", t)
    if t.shape != (len(x),):
        raise ValueError(f"t: expected shape ({len(x)},), one target per sample of x, "
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
