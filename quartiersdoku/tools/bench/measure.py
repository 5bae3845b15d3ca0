"""Builds and `mkdocs serve` as subprocesses, with wall time and peak memory."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from ...preview.notice import SERVE_FLAGS

_ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONHASHSEED": "0"}


class BenchError(RuntimeError):
    """A step of the benchmark failed; the message says which, in German."""


@dataclass(frozen=True)
class Run:
    seconds: float
    #: Peak resident memory of the process (ru_maxrss of wait4), in bytes.
    max_rss: int
    output: str
    #: CPU seconds (user + system) of the process and every child it waited for (wait4).
    cpu_seconds: float = 0.0


def run_measured(args: list[str], cwd: Path, *, timeout: float = 3600) -> Run:
    """Run a command; wall time and peak memory come from wait4() on exactly this child."""
    log = cwd / ".bench-output.txt"
    with log.open("wb") as out:
        started = time.perf_counter()
        process = subprocess.Popen(args, cwd=cwd, env=_ENV, stdout=out, stderr=subprocess.STDOUT)
        deadline = started + timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                process.kill()
                os.wait4(process.pid, 0)
                raise BenchError(f"Zeitlimit überschritten: {' '.join(args)}")
            time.sleep(0.02)
        seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)  # Popen must not wait again
    output = log.read_text(encoding="utf-8", errors="replace")
    log.unlink()
    if process.returncode != 0:
        raise BenchError(f"{' '.join(args)} ist fehlgeschlagen:\n{output[-4000:]}")
    # Linux reports ru_maxrss in KiB.
    return Run(seconds, usage.ru_maxrss * 1024, output, usage.ru_utime + usage.ru_stime)


def mkdocs_build(
    project: Path, *extra: str, profile: Path | None = None, quiet: bool = True
) -> Run:
    """`mkdocs build` in `project` (its mkdocs.yml), optionally under cProfile.

    `quiet=False` keeps MkDocs' INFO lines in `Run.output` (the plugin reports there)."""
    prefix = [sys.executable]
    if profile is not None:
        prefix += ["-m", "cProfile", "-o", str(profile)]
    flags = ["-q"] if quiet else []
    return run_measured([*prefix, "-m", "mkdocs", "build", *flags, *extra], project)


@dataclass(frozen=True)
class Tree:
    bytes: int
    files: int


def tree_size(root: Path) -> Tree:
    total = files = 0
    for folder, _dirs, names in os.walk(root):
        for name in names:
            total += os.path.getsize(os.path.join(folder, name))
            files += 1
    return Tree(total, files)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            text: str = response.read().decode("utf-8", errors="replace")
            return text
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


@dataclass(frozen=True)
class ServeResult:
    #: Seconds from `mkdocs serve` to the first page being served.
    startup: float
    #: Seconds from saving an edited quarter file to the served page showing the edit, per edit.
    edits: list[float]


def serve_latency(
    project: Path, quarter_file: Path, page: str, *, edits: int = 2, timeout: float = 900
) -> ServeResult:
    """Start `mkdocs serve`, edit a quarter's summary, poll its page until the edit shows."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    log = (project / ".bench-serve.txt").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", *SERVE_FLAGS, "-a", f"127.0.0.1:{port}"],
        cwd=project,
        env=_ENV,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    original = quarter_file.read_text(encoding="utf-8")
    try:
        started = time.perf_counter()
        while _fetch(base + page) is None:
            if process.poll() is not None or time.perf_counter() - started > timeout:
                raise BenchError("mkdocs serve ist nicht gestartet:\n" + _tail(project))
            time.sleep(0.2)
        startup = time.perf_counter() - started
        times: list[float] = []
        for number in range(edits):
            marker = f"Bearbeitet{number}x{os.getpid()}"
            time.sleep(1.5)  # let the watcher settle after the previous build
            edited = re.sub(r"^summary: ", f"summary: {marker} ", original, count=1, flags=re.M)
            quarter_file.write_text(edited, encoding="utf-8")
            saved = time.perf_counter()
            while True:
                text = _fetch(base + page)
                if text is not None and marker in text:
                    times.append(time.perf_counter() - saved)
                    break
                if process.poll() is not None or time.perf_counter() - saved > timeout:
                    raise BenchError("Die Änderung erschien nicht:\n" + _tail(project))
                time.sleep(0.05)
        return ServeResult(startup, times)
    finally:
        quarter_file.write_text(original, encoding="utf-8")
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
        (project / ".bench-serve.txt").unlink(missing_ok=True)


def _tail(project: Path) -> str:
    path = project / ".bench-serve.txt"
    return path.read_text(encoding="utf-8", errors="replace")[-4000:] if path.exists() else ""
