"""Lighthouse (npm `lighthouse`, pinned in package-lock.json) against the benchmark's server.

Mobile settings (Lighthouse's default: an emulated mid-range phone, simulated
slow 4G and CPU), run on Debian's Chromium headless with the networking flags
of the rest of the benchmark, against the gzip server of :mod:`.server` (as
nginx serves: uncompressed, the same pages score far lower). Scores are 0 to 1
per category; a benchmark figure, not a timed test.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from .browser import CHROMIUM, CHROMIUM_ARGS
from .measure import BenchError

#: The categories measured, as Lighthouse names them.
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def lighthouse_bin(repo: Path) -> Path | None:
    """The project's own Lighthouse (`npm ci` installs it), or None when it is missing."""
    found = repo / "node_modules" / ".bin" / "lighthouse"
    return found if found.exists() else None


def scores(binary: Path, url: str, *, timeout: float = 300) -> dict[str, float]:
    """Category → score (0 to 1) of one Lighthouse run on `url`, mobile."""
    flags = " ".join(("--headless=new", *CHROMIUM_ARGS))
    args = [
        str(binary),
        url,
        "--quiet",
        "--output=json",
        "--output-path=stdout",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={flags}",
        "--locale=de",
    ]
    env = {**os.environ, "CHROME_PATH": str(CHROMIUM)}
    try:
        result = subprocess.run(
            args, capture_output=True, text=True, timeout=timeout, env=env, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise BenchError(f"Lighthouse: Zeitlimit überschritten ({url})") from exc
    if result.returncode != 0:
        raise BenchError(f"Lighthouse ist fehlgeschlagen ({url}):\n{result.stderr[-2000:]}")
    report = json.loads(result.stdout)
    return {
        name: float(report["categories"][name]["score"] or 0.0)
        for name in CATEGORIES
        if name in report["categories"]
    }


__all__ = ["CATEGORIES", "lighthouse_bin", "scores"]
