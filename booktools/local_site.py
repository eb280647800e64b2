"""The built site served on the loopback for as long as a block runs, and the Chromium that reads it (``make pdf``, the browser tests)."""
from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

#: The browser that prints the PDFs and runs the browser tests, and its flags.
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))  # Debian's; CI may name another Chrome
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files without logging every request to the terminal."""

    def log_message(self, format, *args):  # noqa: A002 - signature from the base class
        pass


@contextmanager
def serve(site: Path, handler: type[QuietHandler] = QuietHandler) -> Iterator[str]:
    """Serve the folder ``site`` on 127.0.0.1 at a free port, in a thread; yield its base URL (no final slash).

    ``handler`` may be a subclass of :class:`QuietHandler` that answers differently (``booktools.page_load``).
    """
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
