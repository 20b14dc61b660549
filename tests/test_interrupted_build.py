"""Ctrl-C during the execution of pages stops the build at once, quietly, and no kernel stays."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from tests.conftest import ROOT, is_running
from tests.test_failing_page import HEADER

pytestmark = pytest.mark.slow

SLOW_PAGE = HEADER + """# {name}

```{{code-cell}} ipython3
import os, pathlib, time
pathlib.Path(r"{marker}").write_text(str(os.getpid()))
time.sleep(300)
```
"""


def test_an_interrupted_build_stops_its_kernels_and_exits(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    names = ["slow1", "slow2", "slow3"]
    (docs / "index.md").write_text(
        HEADER + "# Throwaway\n\n```{toctree}\n" + "\n".join(names) + "\n```\n",
        encoding="utf-8")
    markers = [tmp_path / f"{name}.pid" for name in names]
    for name, marker in zip(names, markers):
        (docs / f"{name}.md").write_text(SLOW_PAGE.format(name=name, marker=marker),
                                         encoding="utf-8")
    build = subprocess.Popen(
        [sys.executable, "-m", "sphinx", "-b", "html", "-c", str(ROOT), "-W", "--keep-going",
         "-q", "-d", str(tmp_path / "doctrees"), str(docs), str(tmp_path / "html")],
        cwd=ROOT, env=dict(os.environ, BACKPROP_BUILD=str(tmp_path)),
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 120
    while sum(m.exists() for m in markers) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    kernels = [int(m.read_text()) for m in markers if m.exists()]
    assert len(kernels) == 2, "two pages should be executing side by side"

    try:
        build.send_signal(signal.SIGINT)
        output, _ = build.communicate(timeout=20)  # the third page is never started
        assert build.returncode != 0
        assert "Traceback" not in output and "ERROR" not in output, output
        deadline = time.monotonic() + 10
        while any(map(is_running, kernels)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(map(is_running, kernels))
        assert not markers[2].exists()
    finally:  # leave nothing running when the test fails
        build.kill()
        for pid in filter(is_running, kernels):
            os.kill(pid, signal.SIGKILL)
