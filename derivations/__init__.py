"""Derivations of Backprop, Derived: SymPy expressions, their gradients and their LaTeX.

Each module holds one building block. :mod:`derivations.registry` lists the formulas that
``make generate`` turns into NumPy code (:mod:`derivations.codegen`); the pages display the
same expressions with :func:`sympy.latex`.
"""
