"""The workarounds for sphinxcontrib-katex (docs/_ext/katex_server.py)."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys

import pytest
from sphinxcontrib.katex import KaTeXServer

from tests.conftest import ROOT
from tests.test_failing_page import throwaway_book

sys.path.insert(0, str(ROOT / "docs" / "_ext"))
from katex_server import PatientKaTeXServer  # noqa: E402

pytestmark = pytest.mark.skipif(os.name != "posix", reason="the race is in the Unix-socket start")

# Binds its socket, then listens half a second later: the moment in which Node's own start
# refuses a connection, made long enough to be hit every time.
SLOW_TO_LISTEN = """
import socket, sys, time
server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
server.bind(sys.argv[sys.argv.index("--socket") + 1])
time.sleep(0.5)
server.listen()
time.sleep(3)
"""


def slow_to_listen(server_class: type[KaTeXServer]) -> type[KaTeXServer]:
    class SlowToListen(server_class):
        @classmethod
        def build_command(cls, socket=None, port=None):
            return [sys.executable, "-c", SLOW_TO_LISTEN, "--socket", str(socket)]

    return SlowToListen


def test_upstream_still_connects_once_and_is_refused(tmp_path):
    """Fails the day sphinxcontrib-katex waits for its server to listen: then
    ``PatientKaTeXServer`` and ``start_katex_server`` can be deleted."""
    with pytest.raises(ConnectionRefusedError):
        slow_to_listen(KaTeXServer).start_server_process(tmp_path, 5.0)


def test_the_patient_server_connects_once_the_server_listens(tmp_path):
    process, sock = slow_to_listen(PatientKaTeXServer).start_server_process(tmp_path, 5.0)
    try:
        assert sock.getpeername() == str(tmp_path / "katex.sock")
    finally:
        sock.close()
        process.kill()
        process.wait()


def test_the_patient_server_renders_tex():
    server = PatientKaTeXServer.start()  # stopped when the tests end (atexit)
    reply = server.render({"latex": r"\frac{\partial \xi}{\partial z}",
                           "katex_options": {"displayMode": True}}, 10)
    assert 'class="katex-display"' in reply["html"] and "mfrac" in reply["html"]


SHARED: list[PatientKaTeXServer] = []  # a server the forked process inherits, as Sphinx's do


def render_many(count: int) -> tuple[int, list[bool]]:
    """The socket the shared server renders over in this process, and whether each of
    ``count`` fractions came back as that fraction."""
    server = SHARED[0]
    replies = [server.render({"latex": rf"\frac{{{n}}}{{2}}", "katex_options": {}}, 10)
               for n in range(count)]
    return server.sock.fileno(), [f">{n}<" in reply["html"] for n, reply in enumerate(replies)]


def test_a_forked_writer_renders_over_its_own_connection():
    """Sphinx forks its writers (``--jobs``) after the server started: each must send its
    requests over a connection of its own, or they would interleave with the parent's."""
    SHARED[:] = [PatientKaTeXServer.start()]
    render_many(1)  # the parent's connection is in use before the fork
    fork = multiprocessing.get_context("fork")
    with fork.Pool(1) as pool:
        child = pool.apply_async(render_many, (300,))
        in_parent = render_many(300)  # at the same time
        in_child = child.get(timeout=60)
    assert in_child[0] != in_parent[0]
    assert all(in_parent[1]) and all(in_child[1])


@pytest.mark.slow
def test_tex_that_katex_cannot_typeset_fails_the_build(tmp_path):
    command, options = throwaway_book(tmp_path, {"bad": "# Bad\n\nA fraction $\\frac{1}{$ left open.\n"})
    result = subprocess.run(command, **options, capture_output=True, text=True, timeout=300)
    assert result.returncode != 0
    assert "bad" in result.stderr and "KaTeX cannot typeset" in result.stderr, result.stderr[-4000:]
    assert "ParseError" in result.stderr
