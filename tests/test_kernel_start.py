"""The kernels that execute the pages start without a warning.

ipykernel 7.3 and later print, at every kernel start, that the kernel "is running over TCP
without encryption" (added by ipython/ipykernel#1515), because jupyter_client's kernel
manager provisions no CurveZMQ keys by default (``KernelManager.transport_encryption =
"disabled"``); MyST-NB offers no way to set that option. So ``pyproject.toml`` keeps
ipykernel below 7.3. This test starts a kernel as MyST-NB does; with ipykernel 7.4.0 it
fails. Run it against each new release of ipykernel or jupyter_client, and lift the pin
once it passes.
"""

from __future__ import annotations

import tempfile

import pytest
from jupyter_client.manager import KernelManager


@pytest.mark.slow
def test_a_kernel_starts_without_a_warning():
    with tempfile.TemporaryFile("w+", encoding="utf-8") as stderr:
        manager = KernelManager(kernel_name="python3")
        manager.start_kernel(stderr=stderr)
        try:
            client = manager.client()
            client.start_channels()
            client.wait_for_ready(timeout=60)
            client.stop_channels()
        finally:
            manager.shutdown_kernel(now=True)
        stderr.seek(0)
        assert "WARNING" not in stderr.read()
