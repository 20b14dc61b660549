"""Ctrl-C during the execution of pages stops the build at once, quietly, and no kernel stays."""

from __future__ import annotations

import os
import signal
import subprocess
import time

import pytest

from tests.conftest import is_running
from tests.test_failing_page import throwaway_book

pytestmark = pytest.mark.slow

SLOW_PAGE = """# {name}

```{{code-cell}} ipython3
import os, pathlib, time
pathlib.Path(r"{marker}").write_text(str(os.getpid()))
time.sleep(300)
```
"""


def test_an_interrupted_build_stops_its_kernels_and_exits(tmp_path):
    names = ["slow1", "slow2", "slow3"]
    markers = [tmp_path / f"{name}.pid" for name in names]
    command, options = throwaway_book(tmp_path, {
        name: SLOW_PAGE.format(name=name, marker=marker) for name, marker in zip(names, markers)})
    build = subprocess.Popen(command, **options, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True)
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
