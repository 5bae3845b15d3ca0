"""Build the site into a fresh folder and swap it in only when the build succeeded.

A failed build, for whatever reason, leaves the previous site folder exactly
as it was (Lektor's quickstart habit: work in a temporary place, move in on
success). The swap is two renames within one parent folder.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path

from ..core.files import swap_folder
from ..core.problems import QuartiersdokuError

_LEVELS = {
    "WARNING": "Warnung",
    "ERROR": "Fehler",
    "INFO": "Info",
    "DEBUG": "Debug",
    "CRITICAL": "Fehler",
}


class BuildFailed(QuartiersdokuError):
    """The build did not succeed; the message is German."""


class _GermanFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return f"{_LEVELS.get(record.levelname, record.levelname)}: {record.getMessage()}"


def _log_to_stderr(verbose: bool = False) -> logging.Handler:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_GermanFormatter())
    handler.setLevel(logging.INFO if verbose else logging.WARNING)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO if verbose else logging.WARNING)
    return handler


def build_atomically(
    config_file: Path, site_dir: Path | None = None, *, strict: bool = False
) -> Path:
    """Build with MkDocs into a temporary folder beside the target, then swap."""
    from mkdocs import exceptions
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    handler = _log_to_stderr()
    try:
        try:
            config = load_config(str(config_file), strict=strict or None)
        except exceptions.ConfigurationError as exc:
            raise BuildFailed(f"Die Konfiguration {config_file} ist fehlerhaft: {exc}") from None
        except exceptions.Abort:  # MkDocs has logged each invalid setting (in English)
            raise BuildFailed(
                f"Die Konfiguration {config_file} ist fehlerhaft (Einstellungen oben). "
                "Die Website wurde nicht gebaut; der bisherige Stand bleibt unverändert."
            ) from None
        target = (site_dir or Path(config.site_dir)).resolve()
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-neu-", dir=target.parent))
        config.site_dir = str(staging)
        try:
            config.plugins.on_startup(command="build", dirty=False)  # as `mkdocs build` does
            build(config)
        except (exceptions.MkDocsException, Exception) as exc:
            shutil.rmtree(staging, ignore_errors=True)
            detail = "" if isinstance(exc, exceptions.Abort) else f" ({exc})"
            raise BuildFailed(
                f"Die Website wurde nicht gebaut{detail}. Der bisherige Stand in {target} bleibt unverändert."
            ) from None
        finally:
            config.plugins.on_shutdown()
        swap_folder(staging, target)
        return target
    finally:
        logging.getLogger("mkdocs").removeHandler(handler)
