"""Shared settings and helpers for the test suite."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import hypothesis
import pytest
import sympy

ROOT = Path(__file__).resolve().parent.parent

os.environ.setdefault("MPLBACKEND", "Agg")

hypothesis.settings.register_profile(
    "default", max_examples=100, deadline=None, derandomize=True, print_blob=True
)
hypothesis.settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


def is_running(pid: int) -> bool:
    """Whether process ``pid`` exists (the tests' kernels are never our zombies)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def exact(value: float) -> sympy.Rational:
    """A float as the exact rational number it stands for."""
    return sympy.Rational(value)


def evaluate(expression: sympy.Expr, point: dict, digits: int = 50) -> sympy.Float:
    """``expression`` at ``point`` (symbol -> float or rational), to ``digits`` digits."""
    substituted = expression.xreplace({s: sympy.Rational(v) for s, v in point.items()})
    return sympy.N(substituted, digits)


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The built site: ``BACKPROP_SITE`` (set by ``make test``), else a fresh build (slow)."""
    built = os.environ.get("BACKPROP_SITE")
    if built:
        return (ROOT / built).resolve()
    out = tmp_path_factory.mktemp("site") / "html"
    subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-c", ".", "-W", "--keep-going", "-n",
         "-q", "docs", str(out)],
        cwd=ROOT, check=True,
    )
    return out
