"""Every formula that ``make generate`` turns into a function of ``nncore/_generated.py``.

To add a generated function, build its :class:`~derivations.formula.Formula` in the module
of its derivation and list it here.
"""

from __future__ import annotations

from derivations.circuits import CIRCUITS
from derivations.formula import Formula
from derivations.logistic import LOGISTIC, LOGISTIC_DERIVATIVE

FORMULAS: tuple[Formula, ...] = (
    LOGISTIC,
    LOGISTIC_DERIVATIVE,
    *(f for circuit in CIRCUITS for f in (circuit.function, circuit.gradient)),
)
