r"""Gradient checking: compare analytic gradients with central differences.

For each entry :math:`\theta_i` of each parameter, the numeric gradient is the central
difference

.. math::

    \frac{\partial J}{\partial \theta_i} \approx
    \frac{J(\theta + \epsilon e_i) - J(\theta - \epsilon e_i)}{2 \epsilon},

whose error is :math:`O(\epsilon^2)`. Each entry is compared by its relative error
:math:`|a - n| / \max(|a|, |n|)` (zero when both are zero).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Callable, Mapping

import numpy

from nncore._validation import count, float_array, number
from nncore.tables import Table


@dataclass(frozen=True)
class GradientEntry:
    """One checked entry: where it is, both gradients and how far apart they are."""

    parameter: str
    index: tuple[int, ...]
    analytic: float
    numeric: float

    @property
    def name(self) -> str:
        """``"W[0, 1]"`` for an entry of an array, ``"w0"`` for a scalar parameter."""
        if not self.index:
            return self.parameter
        return f"{self.parameter}[{', '.join(map(str, self.index))}]"

    @property
    def absolute_error(self) -> float:
        """:math:`|a - n|`."""
        return abs(self.analytic - self.numeric)

    @property
    def relative_error(self) -> float:
        """:math:`|a - n| / \\max(|a|, |n|)`, or 0 when both are 0."""
        scale = max(abs(self.analytic), abs(self.numeric))
        return 0.0 if scale == 0 else self.absolute_error / scale


@dataclass(frozen=True)
class GradientCheckReport:
    """The result of :func:`gradient_check`: every entry and a verdict.

    An entry passes when its relative error is at most ``tolerance``, or when its absolute
    error is at most ``absolute_tolerance`` (for gradients that are zero up to round-off,
    where a relative error means nothing). The check passes when every entry passes.
    """

    entries: tuple[GradientEntry, ...]
    epsilon: float
    tolerance: float
    absolute_tolerance: float

    def entry_passes(self, entry: GradientEntry) -> bool:
        """Whether one entry is within the tolerances."""
        return (entry.relative_error <= self.tolerance
                or entry.absolute_error <= self.absolute_tolerance)

    @property
    def failures(self) -> tuple[GradientEntry, ...]:
        """The entries that do not pass."""
        return tuple(e for e in self.entries if not self.entry_passes(e))

    @property
    def passed(self) -> bool:
        """Whether every entry passes."""
        return not self.failures

    @property
    def max_relative_error(self) -> float:
        """The largest relative error over all entries."""
        return max(e.relative_error for e in self.entries)

    @property
    def verdict(self) -> str:
        """The verdict in one short sentence, saying passed or failed and against what."""
        count = f"{len(self.entries)} {'entry' if len(self.entries) == 1 else 'entries'}"
        word = "PASSED" if self.passed else f"FAILED ({len(self.failures)} of {count})"
        return (
            f"Gradient check {word}: largest relative error {self.max_relative_error:.1e} "
            f"over {count} (tolerance {self.tolerance:.0e}, or {self.absolute_tolerance:.0e} "
            f"absolute; central differences, ε = {self.epsilon:.0e})."
        )

    def table(self, rows: int | None = 10) -> Table:
        """The entries as rows: analytic, numeric, relative error, verdict.

        With more entries than ``rows``, only the ``rows`` worst: failures first, then by
        relative error, largest first. ``rows=None``: every entry, in order.
        """
        entries = self.entries
        caption = ""
        if rows is not None and len(entries) > count("rows", rows, 1):
            entries = sorted(entries, key=lambda e: (self.entry_passes(e), -e.relative_error))
            entries = entries[:rows]
            caption = f"The {rows} worst of {len(self.entries)} entries"
        headers = ("parameter", "analytic", "numeric", "relative error", "verdict")
        return Table(headers, [
            (e.name, e.analytic, e.numeric, f"{e.relative_error:.1e}",
             "pass" if self.entry_passes(e) else "FAIL")
            for e in entries
        ], caption=caption, number_format=".8g")

    def _repr_html_(self) -> str:
        status = "passed" if self.passed else "failed"
        return (
            f'<div class="nncore-report {status}"><p>{html.escape(self.verdict)}</p>'
            f"{self.table()._repr_html_()}</div>"
        )

    def __repr__(self) -> str:
        return f"{self.verdict}\n{self.table()}"


def gradient_check(cost: Callable[..., float], parameters: Mapping[str, object],
                   gradients: Mapping[str, object], epsilon: float = 1e-6,
                   tolerance: float = 1e-6,
                   absolute_tolerance: float = 1e-10) -> GradientCheckReport:
    """Compare ``gradients`` with central differences of ``cost`` at ``parameters``.

    ``cost(**parameters)`` returns a finite number; ``parameters`` gives a number or array
    for each name, ``gradients`` the analytic gradient of ``cost`` for each, of the same
    shape. ``epsilon`` is the step of the central difference; an entry passes when its
    relative error is at most ``tolerance`` or its absolute error at most
    ``absolute_tolerance``. The report renders as a table in a notebook; ``report.passed``
    is the verdict.
    """
    if not callable(cost):
        raise TypeError(f"cost: expected a function, got {type(cost).__name__}")
    epsilon = number("epsilon", epsilon, above=0)
    tolerance = number("tolerance", tolerance, above=0)
    absolute_tolerance = number("absolute_tolerance", absolute_tolerance, above=0)
    if set(parameters) != set(gradients):
        raise ValueError(
            f"gradients: expected one entry per parameter {sorted(parameters)}, "
            f"got {sorted(gradients)}"
        )
    point = {name: float_array(f"parameters[{name!r}]", v).copy() for name, v in parameters.items()}
    entries = []
    for name, values in point.items():
        analytic = float_array(f"gradients[{name!r}]", gradients[name])
        if analytic.shape != values.shape:
            raise ValueError(
                f"gradients[{name!r}]: expected shape {values.shape} (the parameter's), "
                f"got {analytic.shape}"
            )
        for index in numpy.ndindex(values.shape):
            original = values[index]
            values[index] = original + epsilon
            plus = _evaluate(cost, point)
            values[index] = original - epsilon
            minus = _evaluate(cost, point)
            values[index] = original
            numeric = (plus - minus) / (2 * epsilon)
            entries.append(GradientEntry(name, index, float(analytic[index]), numeric))
    return GradientCheckReport(tuple(entries), epsilon, tolerance, absolute_tolerance)


def _evaluate(cost: Callable[..., float], point: dict[str, numpy.ndarray]) -> float:
    arguments = {k: (v[()] if v.ndim == 0 else v) for k, v in point.items()}
    value = numpy.asarray(cost(**arguments))
    if value.shape != ():
        raise ValueError(f"cost: expected a scalar, got an array of shape {value.shape}")
    if not numpy.isfinite(value):
        raise ValueError("cost: returned NaN or infinity during the gradient check")
    return float(value)
