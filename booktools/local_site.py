"""The built site served on the loopback for as long as a block runs, and the Chromium that reads it (``make pdf``, the browser tests)."""
from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

#: Debian's Chromium builds, lightest first: the headless shell (package chromium-headless-shell, the
#: same engine without the browser's window machinery; Playwright's own default for headless runs)
#: used about a third less CPU than the full browser in the browser tests, with the same results and
#: the same printed pages.
DEBIAN_CHROMIUMS = (Path("/usr/bin/chromium-headless-shell"), Path("/usr/bin/chromium"))


def default_chromium(candidates=DEBIAN_CHROMIUMS) -> Path:
    """The first of ``candidates`` that is installed (the last one if none is: its absence is reported where it is needed)."""
    return next((path for path in candidates if path.exists()), candidates[-1])


#: The browser that prints the PDFs and runs the browser tests (``CHROMIUM=`` names another Chrome), and its flags.
CHROMIUM = Path(os.environ.get("CHROMIUM") or default_chromium())
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]
#: Every host name but the loopback resolves to nothing, so no request can leave the machine. (Intercepting
#: requests in Playwright would do the same but turns Chromium's HTTP cache off: every page would fetch
#: the theme's files anew.)
OFFLINE_RULE = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"


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
