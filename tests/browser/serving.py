"""Serve a folder over HTTP on 127.0.0.1 for the browser tests."""

from __future__ import annotations

import functools
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

HOST = "127.0.0.1"


class QuietHandler(SimpleHTTPRequestHandler):
    """Static files without a log line per request and without caching."""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


class _QuietServer(ThreadingHTTPServer):
    """A browser that closes a connection early (navigating on) is no error worth printing."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


@contextmanager
def serve_directory(path: str | Path) -> Iterator[str]:
    """Serve ``path`` on a free port of 127.0.0.1 while the block runs.

    Yields the base URL, ending in a slash (``http://127.0.0.1:PORT/``).
    """
    root = Path(path).resolve(strict=True)
    if not root.is_dir():
        raise NotADirectoryError(root)
    handler = functools.partial(QuietHandler, directory=str(root))
    server = _QuietServer((HOST, 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name=f"serve {root}", daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
