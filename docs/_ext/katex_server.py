"""Sphinx extension: two workarounds for sphinxcontrib-katex 0.9.11, which typesets the math.

sphinxcontrib-katex (``katex_prerender = True``) renders every formula to HTML at build time
in one Node.js process, its "KaTeX server". Two things it does not do:

1. **Start reliably.** On POSIX it waits for the server's Unix socket file to appear and
   connects once; the file appears when Node binds it, a moment before Node listens, so the
   connection is sometimes refused. Measured on the 2-core build machine: 21 of 100 starts
   failed with ``ConnectionRefusedError`` while another build ran (about 6 in 100 idle), and
   each failure leaves a Node process behind. (Its start over TCP, used on Windows, retries.)
   :class:`PatientKaTeXServer` retries the connection instead, and this module starts the
   server that way before the first page is written (not at all when none is). Not reported upstream yet (no issue
   in hagenw/sphinxcontrib-katex); ``tests/test_katex_server.py`` fails once upstream
   retries by itself, and then this part can go.
2. **Fail on bad TeX.** With prerendering, ``katex_options`` is ignored
   (hagenw/sphinxcontrib-katex#145, #65) and KaTeX runs with ``throwOnError: false``, so TeX
   that KaTeX cannot typeset becomes red text in the page. :func:`report_katex_errors`
   turns it into a build warning (an error under ``-W``) naming the page and the message.
"""

from __future__ import annotations

import os
import re
import socket
import time
from html import unescape
from pathlib import Path
from subprocess import PIPE, Popen

from sphinx.application import Sphinx
from sphinx.util import logging
from sphinxcontrib.katex import KaTeXError, KaTeXServer

logger = logging.getLogger(__name__)
KATEX_ERROR = re.compile(r'<span class="katex-error" title="([^"]*)"')


class PatientKaTeXServer(KaTeXServer):
    """sphinxcontrib-katex's server, started by connecting until Node listens."""

    @classmethod
    def start_server_process(cls, rundir: Path, timeout: float) -> tuple[Popen, socket.socket]:
        socket_path = rundir / "katex.sock"
        process = Popen(cls.build_command(socket=socket_path), stdin=PIPE, stdout=PIPE,
                        cwd=rundir)
        deadline = time.monotonic() + timeout
        while True:
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                sock.connect(str(socket_path))
                return process, sock
            except (FileNotFoundError, ConnectionRefusedError):
                sock.close()
                if process.poll() is not None or time.monotonic() > deadline:
                    process.kill()
                    process.wait()
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
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": False}
