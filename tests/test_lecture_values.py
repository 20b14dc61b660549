"""Independent references: the values printed in CS231n lecture 4, and the lecture's staged
computation written out by hand, stage by stage, in plain Python
(:func:`tests.test_graph.staged_by_hand`)."""

from __future__ import annotations

import pytest

import nncore
from tests.test_graph import staged_by_hand


def test_warm_up_circuit():
    assert nncore.warm_up_circuit(-2, 5, -4) == -12
    assert nncore.warm_up_circuit_gradient(-2, 5, -4) == (-4, -4, 3)


def test_sigmoid_neuron_two_decimal_values():
    point = dict(w0=2, x0=-1, w1=-3, x1=-2, w2=-3)
    assert round(float(nncore.sigmoid_circuit(**point)), 2) == 0.73
    gradient = [round(float(g), 2) for g in nncore.sigmoid_circuit_gradient(**point)]
    assert gradient == [-0.2, 0.39, -0.39, -0.59, 0.2]


@pytest.mark.parametrize("x, y", [(3.0, -4.0), (0.5, 0.25), (-2.0, 1.5)])
def test_staged_computation_matches_the_hand_written_stages(x, y):
    stages, _ = staged_by_hand(x, y)
    f, dx, dy = stages["(x + σ(y))/((x + y)**2 + σ(x))"][0], stages["x"][1], stages["y"][1]
    assert float(nncore.staged_circuit(x, y)) == pytest.approx(f, rel=1e-13)
    gx, gy = nncore.staged_circuit_gradient(x, y)
    assert float(gx) == pytest.approx(dx, rel=1e-12)
    assert float(gy) == pytest.approx(dy, rel=1e-12)


def test_backward_patterns():
    assert nncore.backward_patterns_circuit(3, -4, 2, -1) == -20
    assert nncore.backward_patterns_circuit_gradient(3, -4, 2, -1) == (-8, 6, 2, 0)
