"""Sphinx extension: three workarounds for sphinxcontrib-katex 0.9.11, which typesets the math.

sphinxcontrib-katex (``katex_prerender = True``) renders every formula to HTML at build time
in one Node.js process, its "KaTeX server". Three things it does not do:

1. **Start reliably.** On POSIX it waits for the server's Unix socket file to appear and
   connects once; the file appears when Node binds it, a moment before Node listens, so the
   connection is sometimes refused. Measured on the 2-core build machine: 21 of 100 starts
   failed with ``ConnectionRefusedError`` while another build ran (about 6 in 100 idle), and
   each failure leaves a Node process behind. (Its start over TCP, used on Windows, retries.)
   :class:`PatientKaTeXServer` retries the connection instead, and this module starts the
   server that way before the first page is written (not at all when none is). Not
   reported upstream yet (no issue in hagenw/sphinxcontrib-katex);
   ``tests/test_katex_server.py`` fails once upstream retries by itself.
2. **Write in parallel.** Sphinx forks its writers (``--jobs``) after the first page is
   written, so they inherit the one connection to the server, and requests sent over it at
   the same time interleave (a test shows the garbled reply). :class:`PatientKaTeXServer`
   gives each process a connection of its own to the same server.
3. **Fail on bad TeX.** With prerendering, ``katex_options`` is ignored
   (hagenw/sphinxcontrib-katex#145, #65) and KaTeX runs with ``throwOnError: false``, so TeX
   that KaTeX cannot typeset becomes red text in the page. :func:`report_katex_errors`
   turns it into a build warning (an error under ``-W``) naming the page and the message.
"""

from __future__ import annotations

import atexit
import os
import re
import socket
import tempfile
import time
from html import unescape
from pathlib import Path
from subprocess import PIPE, Popen

from sphinx.application import Sphinx
from sphinx.util import logging
from sphinxcontrib.katex import STARTUP_TIMEOUT, KaTeXError, KaTeXServer

logger = logging.getLogger(__name__)
KATEX_ERROR = re.compile(r'<span class="katex-error" title="([^"]*)"')


class PatientKaTeXServer(KaTeXServer):
    """sphinxcontrib-katex's server, started by connecting until Node listens, with a
    connection for each process that renders (the Node server serves each apart)."""

    @classmethod
    def start_server_process(cls, rundir: Path, timeout: float) -> tuple[Popen, socket.socket]:
        process = Popen(cls.build_command(socket=rundir / "katex.sock"), stdin=PIPE,
                        stdout=PIPE, cwd=rundir)
        try:
            return process, connect(rundir / "katex.sock", process, timeout)
        except KaTeXError:
            process.kill()
            process.wait()
            raise

    @classmethod
    def start(cls) -> "PatientKaTeXServer":
        """As :meth:`KaTeXServer.start`, which would make a plain :class:`KaTeXServer`."""
        rundir = Path(tempfile.mkdtemp(prefix="sphinxcontrib_katex"))
        server = cls(rundir, *cls.start_server_process(rundir, STARTUP_TIMEOUT))
        atexit.register(server.terminate)
        return server

    def __init__(self, rundir: Path, process: Popen, sock: socket.socket) -> None:
        super().__init__(rundir, process, sock)
        self.connected_in = os.getpid()

    def render(self, request: dict, timeout: float | None = None) -> dict:
        if self.connected_in != os.getpid():  # in a writer forked by a parallel build
            self.sock = connect(self.rundir / "katex.sock", self.process, STARTUP_TIMEOUT)
            self.connected_in = os.getpid()
        return super().render(request, timeout)


def connect(socket_path: Path, process: Popen, timeout: float) -> socket.socket:
    """A connection to the KaTeX server at ``socket_path``, tried until it listens."""
    deadline = time.monotonic() + timeout
    while True:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.connect(str(socket_path))
            return sock
        except (FileNotFoundError, ConnectionRefusedError):
            sock.close()
            if process.poll() is not None or time.monotonic() > deadline:
                raise KaTeXError(f"the KaTeX server did not start in {timeout} s") from None
            time.sleep(0.005)


def start_katex_server(app: Sphinx, doctree, docname: str) -> None:
    """Start the server sphinxcontrib-katex will use (it starts one only if none is running)."""
    if (app.builder.format == "html" and app.config.katex_prerender and os.name == "posix"
            and KaTeXServer.katex_server is None):
        KaTeXServer.katex_server = PatientKaTeXServer.start()


def report_katex_errors(app: Sphinx, pagename: str, templatename: str, context: dict,
                        doctree) -> None:
    for message in KATEX_ERROR.findall(context.get("body", "")):
        logger.warning("KaTeX cannot typeset: %s", unescape(message), location=pagename)


def setup(app: Sphinx) -> dict[str, object]:
    app.setup_extension("sphinxcontrib.katex")
    app.connect("doctree-resolved", start_katex_server)
    app.connect("html-page-context", report_katex_errors)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
