"""Shared settings and helpers for the test suite."""

from __future__ import annotations

import os

import hypothesis
import sympy

os.environ.setdefault("MPLBACKEND", "Agg")

hypothesis.settings.register_profile(
    "default", max_examples=100, deadline=None, derandomize=True, print_blob=True
)
hypothesis.settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


def exact(value: float) -> sympy.Rational:
    """A float as the exact rational number it stands for."""
    return sympy.Rational(value)


def evaluate(expression: sympy.Expr, point: dict, digits: int = 50) -> sympy.Float:
    """``expression`` at ``point`` (symbol -> float or rational), to ``digits`` digits."""
    substituted = expression.xreplace({s: sympy.Rational(v) for s, v in point.items()})
    return sympy.N(substituted, digits)
