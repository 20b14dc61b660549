"""Shared settings and helpers for the test suite."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import hypothesis
import numpy
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


def page_of(item: pytest.Item) -> str:
    """The page of the site a test checks (its ``page`` parameter), or ``""``."""
    return str(getattr(item, "callspec", None) and item.callspec.params.get("page") or "")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The clean build of the whole site, the longest test by far, runs first; the tests of
    a module that check pages of the site run page by page, so that the browser opens each
    page once. ``make test`` runs the tests in parallel workers (pytest-xdist,
    ``--dist loadgroup``, in this order), and the tests of one page go to one worker."""
    items.sort(key=lambda item: (item.path.name != "test_deterministic_build.py",
                                 str(item.path), page_of(item)))
    for item in items:
        if page := page_of(item):
            item.add_marker(pytest.mark.xdist_group(page))


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The built site: ``BACKPROP_SITE`` (set by ``make test``), else a fresh build (slow)."""
    built = os.environ.get("BACKPROP_SITE")
    if built:
        return (ROOT / built).resolve()
    if os.environ.get("PYTEST_XDIST_WORKER"):  # each worker would build it, at the same time
        pytest.fail("parallel workers test a site built once: run `make test`, or `make html` "
                    "and then `BACKPROP_SITE=_build/html pytest -n auto --dist loadgroup`")
    folder = tmp_path_factory.mktemp("site")
    subprocess.run(["make", "--no-print-directory", "html", f"BUILDDIR={folder}",
                    "SPHINXOPTS=-W --keep-going -n -q"], cwd=ROOT, check=True)
    return folder / "html"


def descend(cost, gradient, w, learning_rate, updates, decrease=0.0):
    """The gradient-descent loop that the pages of parts 1 to 3 show, with the learning rate
    lowered by ``decrease`` before each update: the weights and the costs, the start first."""
    weights, costs = [w], [cost(w)]
    for k in range(1, updates + 1):
        w = w - (learning_rate - k * decrease) * gradient(w)
        weights.append(w)
        costs.append(cost(w))
    return numpy.array(weights), numpy.array(costs)


def central_differences(function, arrays, epsilon=1e-6):
    """d function / d entry for every entry of every array, by central differences."""
    found = []
    for array in arrays:
        numeric = numpy.zeros_like(array)
        for index in numpy.ndindex(array.shape):
            saved = array[index]
            array[index] = saved + epsilon
            plus = function()
            array[index] = saved - epsilon
            minus = function()
            array[index] = saved
            numeric[index] = (plus - minus) / (2 * epsilon)
        found.append(numeric)
    return found
