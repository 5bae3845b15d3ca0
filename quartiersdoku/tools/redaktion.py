"""`quartiersdoku redaktion`: the form editor on the editor's own machine.

Three parts, one command:

* decap-server (npm `decap-server`, run with `node` from `node_modules`): Decap
  CMS's local backend, which reads and writes the files of the project folder.
  It listens on a private port.
* In front of it, on the port the editor's configuration names, a small proxy of
  ours (`SaveProxy`): files reach the form through `editor_save.for_form`, and a
  save is written through `editor_save.merge_saved` (only the changed values, the
  schema line kept), so the file stays as its editors wrote it.
* The preview (`mkdocs serve` with `preview.notice.SERVE_FLAGS`), which always
  publishes `/admin/` and shows validation errors in its notice.

Ctrl-C stops both children and the proxy.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml.error import YAMLError as RoundTripError

from .editor_config import PROXY_URL_ENV
from .editor_save import fields_for, for_form, merge_saved

DECAP_SERVER = Path("node_modules") / "decap-server" / "dist" / "index.js"
_HOP_HEADERS = {"connection", "keep-alive", "transfer-encoding", "content-length", "server", "date"}


class RedaktionError(Exception):
    """Something the editor must fix before the editor can start (German message)."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _inside(root: Path, relative: str) -> Path | None:
    path = (root / relative).resolve()
    return path if path.is_relative_to(root.resolve()) else None


class SaveProxy:
    """Forwards Decap's API calls to decap-server, rewriting what is read and written."""

    def __init__(self, root: Path, quarters_dir: Path, schema_dir: Path, upstream: str) -> None:
        self.root = root.resolve()
        self.quarters_dir = quarters_dir.resolve()
        self.schema_dir = schema_dir
        self.upstream = upstream

    def _is_ours(self, relative: str) -> Path | None:
        path = _inside(self.root, relative)
        if path is None or path.suffix != ".yaml" or not path.is_relative_to(self.quarters_dir):
            return None
        return path

    def rewrite_request(self, body: dict[str, Any]) -> dict[str, Any]:
        if body.get("action") != "persistEntry":
            return body
        params = body.get("params", {})
        files = params.get("dataFiles") or ([params["entry"]] if "entry" in params else [])
        for item in files:
            path = self._is_ours(str(item.get("path", "")))
            if path is None or not isinstance(item.get("raw"), str):
                continue
            original = path.read_text(encoding="utf-8") if path.exists() else None
            try:
                item["raw"] = merge_saved(original, item["raw"], path, self.schema_dir)
            except (yaml.YAMLError, RoundTripError, ValueError) as exc:
                # Never lose the editor's work: Decap's own text is written instead.
                print(
                    f"quartiersdoku redaktion: Warnung: {path.name} wurde ohne Abgleich "
                    f"gespeichert (Kommentare gehen verloren): {exc}",
                    file=sys.stderr,
                    flush=True,
                )
        return body

    def rewrite_response(self, action: str, answer: Any) -> Any:
        if action in ("entriesByFolder", "entriesByFiles") and isinstance(answer, list):
            return [self._entry(item) for item in answer]
        if action == "getEntry" and isinstance(answer, dict):
            return self._entry(answer)
        return answer

    def _entry(self, item: Any) -> Any:
        if not isinstance(item, dict) or not isinstance(item.get("data"), str):
            return item
        path = self._is_ours(str(item.get("file", {}).get("path", "")))
        if path is None:
            return item
        try:
            item["data"] = for_form(item["data"], fields_for(path))
        except Exception:
            # A file YAML cannot read reaches the form as it is; Decap reports it.
            return item
        return item

    def handler(self) -> type[BaseHTTPRequestHandler]:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                return

            def do_OPTIONS(self) -> None:
                self._forward(b"")

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                action = ""
                with contextlib.suppress(ValueError):
                    body = json.loads(raw or b"{}")
                    action = str(body.get("action", ""))
                    raw = json.dumps(proxy.rewrite_request(body)).encode()
                self._forward(raw, action)

            def _forward(self, raw: bytes, action: str = "") -> None:
                headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_HEADERS}
                request = urllib.request.Request(
                    proxy.upstream + self.path,
                    data=raw or None,
                    headers=headers,
                    method=self.command,
                )
                try:
                    with urllib.request.urlopen(request, timeout=60) as response:
                        status, answer = response.status, response.read()
                        answer_headers = list(response.headers.items())
                except urllib.error.HTTPError as exc:
                    status, answer, answer_headers = exc.code, exc.read(), list(exc.headers.items())
                except OSError:
                    self.send_error(502, "decap-server antwortet nicht")
                    return
                if action and status == 200:
                    with contextlib.suppress(ValueError):
                        answer = json.dumps(
                            proxy.rewrite_response(action, json.loads(answer))
                        ).encode()
                self.send_response(status)
                for key, value in answer_headers:
                    if key.lower() not in _HOP_HEADERS:
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

        return Handler


def start_proxy(proxy: SaveProxy, port: int) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer(("127.0.0.1", port), proxy.handler())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def decap_server_command(root: Path) -> list[str]:
    script = root / DECAP_SERVER
    node = shutil.which("node")
    if node is None:
        raise RedaktionError(
            "Node.js fehlt („node“ wurde nicht gefunden). Hinweis: Installieren Sie Node.js 20 "
            "und rufen Sie scripts/setup auf."
        )
    if not script.exists():
        raise RedaktionError(
            f"decap-server fehlt ({DECAP_SERVER}). Hinweis: Rufen Sie scripts/setup auf "
            "(oder `npm ci --ignore-scripts`) im Projektordner."
        )
    return [node, str(script)]


def start_decap_server(root: Path, port: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "PORT": str(port),
        "BIND_HOST": "127.0.0.1",
        "MODE": "fs",
        "GIT_REPO_DIRECTORY": str(root),
        "LOG_LEVEL": "warn",
    }
    return subprocess.Popen(decap_server_command(root), cwd=root, env=env)


def wait_for_port(port: int, alive: Callable[[], bool], timeout: float = 30.0) -> None:
    """Until something listens on `port`; RedaktionError if the child died or time ran out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not alive():
            raise RedaktionError("decap-server hat sich beim Start beendet (Meldung oben).")
        with socket.socket() as sock:
            sock.settimeout(0.5)
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RedaktionError(f"decap-server antwortet nach {timeout:.0f} s nicht auf Port {port}.")


def stop(children: Sequence[subprocess.Popen[bytes]]) -> None:
    """Terminate every child, then kill those that do not end within five seconds."""
    for child in children:
        if child.poll() is None:
            child.terminate()
    for child in children:
        try:
            child.wait(timeout=5)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def _interrupt(signum: int, frame: object) -> None:
    """SIGTERM stops the editor as Ctrl-C does."""
    raise KeyboardInterrupt


def run(
    config: Path,
    quarters_dir: Path,
    *,
    port: int,
    dev_addr: str,
    preview_command: Callable[[str], list[str]],
) -> int:
    """Run decap-server, the proxy and the preview until Ctrl-C or one of them ends."""
    root = config.resolve().parent
    children: list[subprocess.Popen[bytes]] = []
    server: ThreadingHTTPServer | None = None
    proxy_url = f"http://127.0.0.1:{port}/api/v1"
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        internal = free_port()
        backend = start_decap_server(root, internal)
        children.append(backend)
        wait_for_port(internal, lambda: backend.poll() is None)
        proxy = SaveProxy(root, quarters_dir, root / "schema", f"http://127.0.0.1:{internal}")
        server = start_proxy(proxy, port)
        env = {**os.environ, PROXY_URL_ENV: proxy_url, "NO_MKDOCS_2_WARNING": "1"}
        preview = subprocess.Popen(preview_command(proxy_url), cwd=root, env=env)
        children.append(preview)
        print(
            f"Redaktion läuft. Formular: http://{dev_addr}/admin/  Vorschau: http://{dev_addr}/\n"
            "Beenden mit Strg+C.",
            file=sys.stderr,
            flush=True,
        )
        while all(child.poll() is None for child in children):
            time.sleep(0.3)
        ended = next(child for child in children if child.poll() is not None)
        name = "decap-server" if ended is backend else "die Vorschau"
        print(
            f"quartiersdoku redaktion: {name} hat sich beendet; alles wird gestoppt.",
            file=sys.stderr,
        )
        return 1
    except KeyboardInterrupt:
        print("\nquartiersdoku redaktion: beendet.", file=sys.stderr)
        return 0
    except OSError as exc:
        raise RedaktionError(f"Port {port} ist belegt oder nicht nutzbar ({exc}).") from exc
    finally:
        signal.signal(signal.SIGTERM, previous)
        if server is not None:
            server.shutdown()
            server.server_close()
        stop(children)
