"""The promise of the book, checked on the code: the pipeline runs one way, every exponential
and logarithm of nncore is generated, and training runs on the generated kernels (a wrong
kernel makes the gradient check fail)."""

from __future__ import annotations

import ast
from pathlib import Path

import numpy
import pytest

import nncore._generated as generated
from nncore import layers
from nncore.multiclass import one_hot
from nncore.sequential import Sequential

ROOT = Path(__file__).resolve().parent.parent
TRANSCENDENTAL = {"exp", "expm1", "log", "log1p", "log2", "log10", "logaddexp", "tanh"}


def imported_modules(path: Path) -> set[str]:
    """Every module an ``import`` or ``from ... import`` of the file names."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


@pytest.mark.parametrize("path", sorted((ROOT / "derivations").glob("*.py")), ids=lambda p: p.name)
def test_derivations_never_import_nncore(path):
    assert not {m for m in imported_modules(path) if m.split(".")[0] == "nncore"}


@pytest.mark.parametrize(
    "path",
    sorted(p for p in (ROOT / "nncore").glob("*.py") if p.name not in ("_generated.py", "plotting.py")),
    ids=lambda p: p.name,
)
def test_nncore_evaluates_no_exponential_or_logarithm_by_hand(path):
    calls = {
        node.attr for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Attribute) and node.attr in TRANSCENDENTAL
    }
    assert not calls, f"{path.name} evaluates {sorted(calls)}: derive and generate it instead"


def small_network(seed: int = 0) -> tuple[Sequential, object]:
    rs = numpy.random.RandomState(seed)
    network = Sequential([layers.Linear(rs.randn(2, 3), rs.randn(1, 3)), layers.Logistic(),
                          layers.Linear(rs.randn(3, 3), rs.randn(1, 3)), layers.Gaussian(),
                          layers.Linear(rs.randn(3, 4), rs.randn(1, 4)),
                          layers.SoftmaxCrossEntropy()])
    batch = network.prepare(rs.randn(12, 2), one_hot(rs.randint(0, 4, 12), 4))
    return network, batch


def test_the_gradient_check_passes_with_the_generated_kernels():
    network, batch = small_network()
    assert network.gradient_check(batch).passed


@pytest.mark.parametrize("kernel, wrong", [
    ("logistic_layer_backward", lambda g, a: g * a * (1 + a)),
    ("gaussian_layer_backward", lambda g, z, h: -g * z * h),
    ("softmax_cross_entropy_layer",
     lambda z, t: (lambda costs, e: (costs, 2 * e))(*generated.softmax_cross_entropy_layer(z, t))),
])
def test_a_wrong_generated_kernel_fails_the_gradient_check(monkeypatch, kernel, wrong):
    monkeypatch.setattr(layers, kernel, wrong)
    network, batch = small_network()
    assert not network.gradient_check(batch).passed


def test_training_follows_the_generated_forward_kernel(monkeypatch):
    def train(network, batch):
        costs = []
        for _ in range(20):
            costs.append(network.backpropagate(batch))
            network.parameter_vector -= 0.05 * network.gradient_vector
        return costs

    right = train(*small_network())
    monkeypatch.setattr(layers, "logistic_layer", lambda z: 1 / (1 + numpy.exp(z)))
    wrong = train(*small_network())
    assert right[0] != wrong[0] and right[-1] < right[0]
