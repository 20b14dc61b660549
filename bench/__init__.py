"""Benchmarks of nncore against hand-written NumPy (and PyTorch, when installed).

Run with ``make bench`` (or ``python -m bench.run``). Not part of ``make test``; only the
agreement of the implementations is tested there (``tests/test_bench.py``).

This package imports nothing at load time, so that :mod:`bench.run` can set the thread
counts of the numerical libraries before NumPy is first imported.
"""
