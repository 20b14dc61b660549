"""A page whose code raises stops the build, and the build shows the traceback.

The broken page has company, so that pages run in the background (in forked kernels, on
Linux) as in the real build; MyST-NB then runs the failed page again and reports it."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow

HEADER = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---
"""


def test_a_raising_cell_fails_the_build_with_its_traceback(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text(
        HEADER + "# Throwaway\n\n```{toctree}\nbroken\nfine\n```\n", encoding="utf-8")
    (docs / "fine.md").write_text(
        HEADER + "# Fine\n\n```{code-cell} ipython3\nprint(6 * 7)\n```\n", encoding="utf-8")
    (docs / "broken.md").write_text(
        HEADER + "# Broken\n\n```{code-cell} ipython3\n"
        "def gradient(w):\n    return 1 / (w - w)\n\ngradient(2.0)\n```\n",
        encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-c", str(ROOT), "-W", "--keep-going",
         "-q", "-d", str(tmp_path / "doctrees"), str(docs), str(tmp_path / "html")],
        cwd=ROOT, env=dict(os.environ, BACKPROP_BUILD=str(tmp_path)),
        capture_output=True, text=True, timeout=300,
    )
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "ZeroDivisionError" in output
    assert "Traceback" in output and "return 1 / (w - w)" in output
    assert "broken.md" in output
