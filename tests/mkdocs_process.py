"""MkDocs for tests: builds (strict, or to see a failure), and the preview (`mkdocs serve`).

Every test that runs MkDocs (or ProperDocs, its fork) goes through this module.

Shared by the tests that build a project (`build_site`) and those that run the
preview as `scripts/serve` does (`mkdocs_serve`). Waiting is always for a
condition: a line of the server's output, or a page that shows what is expected.
"""

from __future__ import annotations

import os
import queue
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from quartiersdoku.preview.notice import SERVE_FLAGS

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

BUILD_TIMEOUT_S = 600
START_TIMEOUT_S = 180
REBUILD_TIMEOUT_S = 60
#: What `mkdocs serve` prints when a rebuild is over and its result is served.
REBUILT = r"\] Reloading browsers$"
#: What it prints instead when the rebuild raised (no "Reloading browsers" then).
REBUILD_FAILED = r"An error happened during the rebuild"


def mkdocs_env(**extra: str) -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", **extra}


#: How MkDocs is started: the `mkdocs` of the interpreter that runs the tests.
MKDOCS = (sys.executable, "-m", "mkdocs")


def add_plugin_options(config: Path, **options: str) -> None:
    """Add options (YAML values) to the quartiersdoku plugin in ``config``, a project's copy."""
    text = config.read_text(encoding="utf-8")
    entry = "  - quartiersdoku:\n"
    assert entry in text, f"{config} does not configure the quartiersdoku plugin"
    added = "".join(f"      {key}: {value}\n" for key, value in options.items())
    config.write_text(text.replace(entry, entry + added, 1), encoding="utf-8")


def run_build(
    config: Path,
    site_dir: Path,
    *,
    strict: bool = True,
    engine: Sequence[str] = MKDOCS,
    env: Mapping[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """``mkdocs build`` of ``config`` into ``site_dir``, for tests that look at a failure too.

    ``engine`` is the command that builds (MkDocs by default; ProperDocs'
    `properdocs` takes the same arguments); ``env`` is added to the environment.
    """
    cmd = [
        *engine, "build", *(["--strict"] if strict else []),
        "-f", str(config), "-d", str(site_dir),
    ]  # fmt: skip
    return subprocess.run(
        cmd,
        cwd=config.parent,
        env=mkdocs_env(**(env or {})),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT_S,
        check=False,
    )


def build_site(
    config: Path,
    site_dir: Path,
    *,
    engine: Sequence[str] = MKDOCS,
    env: Mapping[str, str] | None = None,
) -> Path:
    """``mkdocs build --strict`` of ``config`` into ``site_dir``; fails the test with the output."""
    result = run_build(config, site_dir, engine=engine, env=env)
    if result.returncode != 0:
        pytest.fail(
            f"{' '.join(result.args)} exited with {result.returncode}\n"
            f"--- stdout ---\n{result.stdout}\n--- stderr ---\n{result.stderr}",
            pytrace=False,
        )
    return site_dir


def build_in_process(config: Path, site_dir: Path) -> None:
    """MkDocs' Python build API in this process: for tests that build many times (Hypothesis).

    Saves the interpreter start and the imports of a subprocess per build; not
    strict, as the API's `build()` is when called like this.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    build(load_config(str(config), site_dir=str(site_dir)))


def load_configured(config: Path, **plugin_options: object) -> MkDocsConfig:
    """``config`` loaded as `mkdocs build` loads it, with the plugins' ``on_config`` run.

    ``plugin_options`` are set on the quartiersdoku plugin before.
    """
    from mkdocs.config import load_config

    loaded = load_config(str(config))
    loaded.plugins["quartiersdoku"].config.update(plugin_options)
    result: MkDocsConfig = loaded.plugins.on_config(loaded)
    return result


@dataclass
class ServeProcess:
    """`mkdocs serve` in a subprocess; its output is collected line by line."""

    process: subprocess.Popen[str]
    base: str
    #: The TMPDIR of the server, where MkDocs puts its site folder (None: the system's).
    tmp: Path | None = None
    lines: queue.Queue[str] = field(default_factory=queue.Queue)
    seen: list[str] = field(default_factory=list)

    def wait_for_line(self, pattern: str, timeout_s: float, *, after: int = 0) -> str:
        """Block until a line of the output (from line `after` on) matches `pattern`."""
        deadline = time.monotonic() + timeout_s
        regex = re.compile(pattern)
        for line in self.seen[after:]:
            if regex.search(line):
                return line
        while (remaining := deadline - time.monotonic()) > 0:
            try:
                line = self.lines.get(timeout=remaining)
            except queue.Empty:
                break
            self.seen.append(line)
            if regex.search(line):
                return line
        output = "".join(self.seen)
        pytest.fail(f"mkdocs serve printed no line matching {pattern!r}:\n{output}", pytrace=False)

    def wait_for_rebuild(self, *, after: int) -> None:
        """Until a rebuild that began after output line `after` is visible in the browser.

        MkDocs' livereload server says "Reloading browsers" after every rebuild that did
        not raise (the preview's builds with broken quarter files do not raise). Not
        "Documentation built in N seconds": `mkdocs` filters every repeated message of its
        build logger (`DuplicateFilter`), so a second build that takes as long as an
        earlier one prints no such line. A rebuild that raised fails the test at once.
        """
        line = self.wait_for_line(f"{REBUILT}|{REBUILD_FAILED}", REBUILD_TIMEOUT_S, after=after)
        if re.search(REBUILD_FAILED, line):
            self.drain()
            pytest.fail(f"the rebuild failed:\n{''.join(self.seen)}", pytrace=False)

    def wait_for_rebuilds(self, count: int) -> None:
        """Until the server has finished `count` rebuilds since its first build."""
        while sum(bool(re.search(REBUILT, line)) for line in self.seen) < count:
            self.wait_for_rebuild(after=len(self.seen))

    def drain(self) -> None:
        while True:
            try:
                self.seen.append(self.lines.get_nowait())
            except queue.Empty:
                return

    @property
    def site(self) -> Path:
        assert self.tmp is not None, "mkdocs_serve(…, tmp=…) tells where the site folder is"
        [site] = [p for p in self.tmp.iterdir() if p.name.startswith("mkdocs_")]
        return site

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.base + path, timeout=30) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            return exc.code, ""

    def wait_for(self, path: str, check: Callable[[int, str], bool]) -> str:
        """Poll `path` until `check(status, text)` holds (the server holds requests while building)."""
        deadline = time.monotonic() + REBUILD_TIMEOUT_S
        status, text = self.get(path)
        while not check(status, text):
            if time.monotonic() > deadline or self.process.poll() is not None:
                self.drain()
                pytest.fail(
                    f"{path}: condition not met (HTTP {status}):\n{''.join(self.seen)}",
                    pytrace=False,
                )
            time.sleep(0.1)  # a polling interval, not a wait for the build
            status, text = self.get(path)
        return text


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def mkdocs_serve(project: Path, *, tmp: Path | None = None) -> Iterator[ServeProcess]:
    """`mkdocs serve` with the preview's flags (as `scripts/serve`) on a free port."""
    port = free_port()
    process = subprocess.Popen(
        [*MKDOCS, "serve", *SERVE_FLAGS, "-a", f"127.0.0.1:{port}"],
        cwd=project,
        env=mkdocs_env(**({"TMPDIR": str(tmp)} if tmp is not None else {})),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
    )
    server = ServeProcess(process, f"http://127.0.0.1:{port}/", tmp)

    def pump() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            server.lines.put(line)

    reader = threading.Thread(target=pump, name="mkdocs serve output", daemon=True)
    reader.start()
    try:
        server.wait_for_line(r"Serving on http://127\.0\.0\.1", START_TIMEOUT_S)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        reader.join(timeout=20)
        if process.stdout is not None:
            process.stdout.close()
