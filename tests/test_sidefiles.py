"""Side files (open data, map documents): written beside the build, in a child or inline."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from quartiersdoku.engine.sidefiles import SideFiles, SideFilesError, write_files


def _files() -> Iterator[tuple[str, str | bytes]]:
    yield "daten/a.json", '{"name":"Wehringhausen"}\n'
    yield "daten/quartiere/hagen/b.ics", b"BEGIN:VCALENDAR\r\n"
    yield "karten/quartiere/hagen/b/index.html", "<!doctype html><title>Karte</title>"


def _broken() -> Iterator[tuple[str, str | bytes]]:
    yield "daten/a.json", "{}\n"
    raise ValueError("kaputt")


def _expect_written(site: Path) -> None:
    assert (site / "daten/a.json").read_text(encoding="utf-8") == '{"name":"Wehringhausen"}\n'
    assert (site / "daten/quartiere/hagen/b.ics").read_bytes() == b"BEGIN:VCALENDAR\r\n"
    assert (site / "karten/quartiere/hagen/b/index.html").read_text().startswith("<!doctype")


def test_write_files_creates_folders_and_counts(tmp_path: Path) -> None:
    assert write_files(tmp_path, _files) == 3
    _expect_written(tmp_path)


def test_inline_writes_at_finish_only(tmp_path: Path) -> None:
    side = SideFiles(tmp_path, _files, parallel=False)
    assert not side.forked
    assert not (tmp_path / "daten").exists()  # nothing before finish
    assert side.finish() == 3
    _expect_written(tmp_path)


def _in_fresh_process(code: str, tmp_path: Path) -> None:
    """Run `code` in a new interpreter: pytest's process may have threads (browser tests),
    and SideFiles never forks beside other threads."""
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_forked_child_writes_the_same_files(tmp_path: Path) -> None:
    _in_fresh_process(
        """
        import sys
        from pathlib import Path
        from tests.test_sidefiles import _expect_written, _files
        from quartiersdoku.engine.sidefiles import SideFiles
        site = Path(sys.argv[1])
        side = SideFiles(site, _files, parallel=True)
        assert side.forked
        assert side.finish() == 3
        _expect_written(site)
        """,
        tmp_path,
    )


def test_a_forked_job_returns_its_result(tmp_path: Path) -> None:
    """The preview's first build gets back what its child wrote (the open data's digests)."""
    _in_fresh_process(
        """
        import os, sys
        from quartiersdoku.engine.sidefiles import ForkedJob
        parent = os.getpid()
        job = ForkedJob(lambda: {"pid": os.getpid(), "digests": {"daten/a.json": b"x"}}, parallel=True)
        assert job.forked
        result = job.finish()
        assert result["pid"] != parent, result
        assert result["digests"] == {"daten/a.json": b"x"}
        inline = ForkedJob(os.getpid, parallel=False)
        assert not inline.forked
        assert inline.finish() == parent
        """,
        tmp_path,
    )


def test_no_fork_beside_other_threads(tmp_path: Path) -> None:
    _in_fresh_process(
        """
        import sys, threading
        from pathlib import Path
        from tests.test_sidefiles import _expect_written, _files
        from quartiersdoku.engine.sidefiles import SideFiles
        stop = threading.Event()
        thread = threading.Thread(target=stop.wait)
        thread.start()
        try:
            side = SideFiles(Path(sys.argv[1]), _files, parallel=True)
            assert not side.forked  # written inline at finish instead
            assert side.finish() == 3
            _expect_written(Path(sys.argv[1]))
        finally:
            stop.set()
            thread.join()
        """,
        tmp_path,
    )


def test_an_error_in_the_forked_child_is_reported(tmp_path: Path) -> None:
    _in_fresh_process(
        """
        import sys
        from pathlib import Path
        from tests.test_sidefiles import _broken
        from quartiersdoku.engine.sidefiles import SideFiles, SideFilesError
        side = SideFiles(Path(sys.argv[1]), _broken, parallel=True)
        assert side.forked
        try:
            side.finish()
        except SideFilesError as exc:
            assert "ValueError: kaputt" in str(exc), exc
            assert "Daten und Karten" in str(exc), exc
        else:
            raise AssertionError("no error")
        """,
        tmp_path,
    )


def test_cancel_stops_the_child(tmp_path: Path) -> None:
    _in_fresh_process(
        """
        import sys
        from pathlib import Path
        from quartiersdoku.engine.sidefiles import SideFiles

        def endless():
            while True:
                yield "daten/x.json", "{}\\n"

        side = SideFiles(Path(sys.argv[1]), endless, parallel=True)
        assert side.forked
        process = side.process
        side.cancel()
        assert process is not None
        assert not process.is_alive()
        assert side.process is None
        """,
        tmp_path,
    )


def test_inline_errors_are_reported_in_german(tmp_path: Path) -> None:
    side = SideFiles(tmp_path, _broken, parallel=False)
    with pytest.raises(SideFilesError, match="ValueError: kaputt") as caught:
        side.finish()
    assert "Daten und Karten" in str(caught.value)
