"""Ctrl-C during the execution of a page stops the build within seconds, and no kernel stays.

A terminal's Ctrl-C sends SIGINT to the whole foreground process group: the build and the
kernel it started. The build is not quiet about it: nbclient's clean-up after the interrupt
fails an assertion (``assert self.km is not None``), which Sphinx reports as a crash, the
known upstream problem jupyter-book/jupyter-book#2377 (jupyter/nbclient#126).
"""

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


@pytest.mark.parametrize("whole_group", [True, False], ids=["ctrl-c", "sigint-to-build"])
def test_an_interrupted_build_stops_its_kernel_and_exits(tmp_path, whole_group):
    names = ["slow1", "slow2"]
    markers = [tmp_path / f"{name}.pid" for name in names]
    command, options = throwaway_book(tmp_path, {
        name: SLOW_PAGE.format(name=name, marker=marker) for name, marker in zip(names, markers)})
    build = subprocess.Popen(command, **options, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True, start_new_session=True)
    deadline = time.monotonic() + 120
    while not any(m.exists() for m in markers) and time.monotonic() < deadline:
        time.sleep(0.2)
    kernels = [int(m.read_text()) for m in markers if m.exists()]
    assert len(kernels) == 1, "one page should be executing"

    try:
        started = time.monotonic()
        if whole_group:
            os.killpg(build.pid, signal.SIGINT)
        else:
            build.send_signal(signal.SIGINT)
        build.communicate(timeout=20)  # the other page is never started
        assert build.returncode != 0
        assert time.monotonic() - started < 10
        deadline = time.monotonic() + 10
        while any(map(is_running, kernels)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(map(is_running, kernels))
        assert sum(m.exists() for m in markers) == 1
    finally:  # leave nothing running when the test fails
        build.kill()
        for pid in filter(is_running, kernels):
            os.kill(pid, signal.SIGKILL)
