"""A static file server for the benchmark that compresses like a real one and counts bytes.

Text responses (HTML, CSS, JavaScript, JSON, SVG, XML) are sent gzip-compressed
when the browser asks for it, as nginx with `gzip on` does; everything else is
sent as it is. Every response body's size (as sent) is recorded, so a
measurement can add up what a page or a search really transferred.
"""

from __future__ import annotations

import functools
import gzip
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

HOST = "127.0.0.1"
_COMPRESSIBLE = (".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".txt", "/")


@dataclass
class Transfer:
    path: str
    body_bytes: int
    compressed: bool


@dataclass
class Log:
    """What the server sent, in order."""

    transfers: list[Transfer] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, transfer: Transfer) -> None:
        with self.lock:
            self.transfers.append(transfer)

    def take(self) -> list[Transfer]:
        with self.lock:
            taken, self.transfers = self.transfers, []
        return taken


class _Handler(SimpleHTTPRequestHandler):
    log: Log
    cache: dict[tuple[str, float], bytes]

    def __init__(self, *args: Any, log: Log, cache: dict[tuple[str, float], bytes], **kwargs: Any):
        self.log = log
        self.cache = cache
        super().__init__(*args, **kwargs)

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        path = unquote(urlsplit(self.path).path)
        local = Path(self.translate_path(self.path))
        if local.is_dir():
            local = local / "index.html"
        wants_gzip = "gzip" in (self.headers.get("Accept-Encoding") or "")
        if not local.is_file() or not wants_gzip or not path.endswith(_COMPRESSIBLE):
            before = self.wfile
            counter = _CountingWriter(before)
            self.wfile = counter  # type: ignore[assignment]
            try:
                super().do_GET()
            finally:
                self.wfile = before
                self.log.add(Transfer(path, counter.body_bytes, False))
            return
        key = (str(local), local.stat().st_mtime)
        body = self.cache.get(key)
        if body is None:
            body = gzip.compress(local.read_bytes(), compresslevel=6, mtime=0)
            self.cache[key] = body
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(local)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        self.log.add(Transfer(path, len(body), True))

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


class _CountingWriter:
    """Counts the bytes written after the blank line that ends the headers."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.body_bytes = 0
        self._in_body = False
        self._tail = b""

    def write(self, data: bytes) -> int:
        if self._in_body:
            self.body_bytes += len(data)
        else:
            joined = self._tail + bytes(data)
            end = joined.find(b"\r\n\r\n")
            if end >= 0:
                self._in_body = True
                self.body_bytes += len(joined) - end - 4
            else:
                self._tail = joined[-3:]
        written: int = self.inner.write(data)
        return written

    def flush(self) -> None:
        self.inner.flush()


@contextmanager
def serve(root: Path) -> Iterator[tuple[str, Log]]:
    """Serve `root` on a free port of 127.0.0.1; yields the base URL and the transfer log."""
    log = Log()
    cache: dict[tuple[str, float], bytes] = {}
    handler = functools.partial(_Handler, directory=str(root), log=log, cache=cache)
    server = ThreadingHTTPServer((HOST, 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="bench-server", daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{server.server_port}/", log
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
