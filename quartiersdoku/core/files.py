"""Writing files and folders so that a reader never sees a half-written state.

* `temporary_beside` — a temporary file next to its target (same file system,
  so a rename is atomic), named `.<stem>-….neu` so that no watcher takes it for a
  quarter file; removed again whatever happens.
* `write_atomic` — write a file by renaming a finished temporary file: a reader
  sees the old or the new content.
* `swap_folder` — put a finished folder in place of another with two renames;
  when the second rename fails, the old folder is put back.
* `remove_file` — delete a file below a root and the folders it leaves empty.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def temporary_beside(target: Path) -> Iterator[Path]:
    """A new, empty temporary file in `target`'s folder; deleted when the block ends
    (after a successful rename there is nothing left to delete)."""
    while True:
        temporary = target.with_name(f".{target.stem}-{secrets.token_hex(4)}.neu")
        try:  # created here, with the mode the umask gives (mkstemp would give 0600)
            os.close(os.open(temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
        except FileExistsError:
            continue
        break
    try:
        yield temporary
    finally:
        temporary.unlink(missing_ok=True)


def write_atomic(target: Path, content: str | bytes) -> None:
    """Write `content` to `target` by renaming a finished temporary file (an existing
    target keeps its permissions)."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    target.parent.mkdir(parents=True, exist_ok=True)
    with temporary_beside(target) as temporary:
        temporary.write_bytes(data)
        with contextlib.suppress(FileNotFoundError):
            temporary.chmod(target.stat().st_mode & 0o777)
        os.replace(temporary, target)


def swap_folder(fresh: Path, target: Path) -> None:
    """Put the folder `fresh` in place of `target` (both in one parent folder) and delete
    the old one. If the swap fails, `target` is left as it was and the error is raised."""
    if not target.exists():
        fresh.rename(target)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}-alt-", dir=target.parent))
    old.rmdir()
    target.rename(old)
    try:
        fresh.rename(target)
    except OSError:
        old.rename(target)
        raise
    shutil.rmtree(old, ignore_errors=True)


def remove_file(root: Path, relative: str) -> None:
    """Delete `root/relative`, and the folders below `root` it leaves empty."""
    target = root / relative
    with contextlib.suppress(FileNotFoundError):
        target.unlink()
    folder = target.parent
    resolved_root = root.resolve()
    while folder.resolve() != resolved_root and resolved_root in folder.resolve().parents:
        try:
            folder.rmdir()
        except OSError:
            break
        folder = folder.parent
