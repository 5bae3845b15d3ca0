"""Tests of the browser harness itself; they need Chromium but not the project's site."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from .chromium import RequestGuard, guard_context, is_local
from .conftest import check_no_foreign_requests, new_context

FOREIGN_IMAGE = "https://example.org/x.png"
# A 1x1 transparent GIF.
PIXEL = bytes.fromhex(
    "47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b"
)


def write_site(root: Path, *, foreign: bool) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "pixel.gif").write_bytes(PIXEL)
    (root / "style.css").write_text("h1 { color: #222; }\n", encoding="utf-8")
    image = FOREIGN_IMAGE if foreign else "pixel.gif"
    (root / "index.html").write_text(
        "<!doctype html>\n"
        '<html lang="de"><head><meta charset="utf-8"><title>Harness</title>'
        '<link rel="stylesheet" href="style.css"></head>\n'
        f'<body><h1>Straßenfest</h1><img src="{image}" alt="Bild"></body></html>\n',
        encoding="utf-8",
    )
    return root


@pytest.mark.parametrize(
    ("url", "local"),
    [
        ("http://127.0.0.1:8000/", True),
        ("ws://127.0.0.1:8000/livereload", True),
        ("data:image/gif;base64,R0lGODlh", True),
        ("https://example.org/x.png", False),
        ("http://localhost:8000/", False),
        ("https://fonts.googleapis.com/css?family=Roboto", False),
        ("http://127.0.0.1.example.org/", False),
    ],
)
def test_is_local(url: str, local: bool) -> None:
    assert is_local(url) is local


def test_foreign_request_is_aborted_and_recorded(
    browser: Browser, serve: Callable[[Path], str], tmp_path: Path
) -> None:
    base = serve(write_site(tmp_path, foreign=True))
    context = new_context(browser)
    try:
        guard = guard_context(context)
        page = context.new_page()
        with page.expect_response("**/style.css") as css:
            page.goto(base)  # waits for "load", so the image request is settled
        assert css.value.ok
        assert page.locator("img").evaluate("img => img.complete && img.naturalWidth") == 0
        expect(page.get_by_role("heading", name="Straßenfest")).to_be_visible()
    finally:
        context.close()
    assert guard.blocked == [FOREIGN_IMAGE]
    with pytest.raises(pytest.fail.Exception, match=r"1 request\(s\) to foreign hosts"):
        check_no_foreign_requests(guard)


def test_page_fixture_records_foreign_requests(
    page: Page, request_guard: RequestGuard, serve: Callable[[Path], str], tmp_path: Path
) -> None:
    base = serve(write_site(tmp_path, foreign=True))
    with page.expect_event("requestfailed") as failed:
        page.goto(base)
    assert failed.value.url == FOREIGN_IMAGE
    assert (failed.value.failure or "").startswith("net::ERR_BLOCKED_BY_CLIENT")
    # Taking the record is the opt-out: without it this test errors at teardown.
    assert request_guard.take() == [FOREIGN_IMAGE]


def test_local_page_makes_no_foreign_request(
    page: Page, request_guard: RequestGuard, serve: Callable[[Path], str], tmp_path: Path
) -> None:
    base = serve(write_site(tmp_path, foreign=False))
    with page.expect_response("**/pixel.gif") as response:
        page.goto(base)
    assert response.value.ok
    expect(page).to_have_title("Harness")
    assert page.locator("img").evaluate("img => img.naturalWidth") == 1
    assert request_guard.blocked == []


def test_serve_handles_several_folders(
    page: Page, serve: Callable[[Path], str], tmp_path: Path
) -> None:
    first = serve(write_site(tmp_path / "a", foreign=False))
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "index.html").write_text(
        '<!doctype html><html lang="de"><title>Zweite</title><p>B</p></html>', encoding="utf-8"
    )
    second = serve(tmp_path / "b")
    assert first != second
    page.goto(second)
    expect(page).to_have_title("Zweite")
    page.goto(first)
    expect(page).to_have_title("Harness")
