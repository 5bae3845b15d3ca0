"""The page weight of a built site folder, one page of every type (issue 18: ≤ 100 KB).

`python -m quartiersdoku.tools.bench.weigh site/` prints, for the heaviest page
of each type the folder has, what a visitor's browser loads before any click:
the page, every stylesheet, script and image it requests, and whatever those
fetch by themselves (Material's lunr search: its worker and whole index). It is
measured as the benchmark measures a page (:meth:`.browser.Session.page_weight`:
headless Chromium, the gzip server of :mod:`.server`, only 127.0.0.1 reachable),
so the figures of docs/performance.md can be reproduced on any built site.

Page types are found by the site's URL shapes: the start page, every page at
the top level (the quarter index, each directory's first page, the glossary,
the legal pages, …), city pages (`quartiere/<stadt>/`), quarter pages
(`quartiere/<stadt>/<quartier>/`), each language version of a quarter page
(`…/<quartier>/<sprache>/`) and the 404 page. Of several pages of one type the
largest file is weighed: the type's worst case.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from pathlib import Path

from playwright.sync_api import Browser

from .browser import Weight, session
from .report import KB

#: Issue 18: every page type at most this heavy (gzipped, before consent).
PAGE_LIMIT_BYTES = 100 * KB
_PAGE = "index.html"
_QUARTERS = "quartiere"


def _largest(files: list[Path]) -> Path | None:
    return max(sorted(files), key=lambda file: file.stat().st_size, default=None)


def _url(site: Path, file: Path) -> str:
    return file.parent.relative_to(site).as_posix() + "/"


def page_types(site: Path) -> dict[str, str]:
    """Page type → the URL path (relative to the site root) of its heaviest page."""
    found: dict[str, str] = {}
    if (site / _PAGE).is_file():
        found["start"] = ""
    for file in sorted(site.glob(f"*/{_PAGE}")):
        found[file.parent.name] = _url(site, file)
    groups: dict[str, list[Path]] = {
        "city": list(site.glob(f"{_QUARTERS}/*/{_PAGE}")),
        "quarter": list(site.glob(f"{_QUARTERS}/*/*/{_PAGE}")),
    }
    for file in site.glob(f"{_QUARTERS}/*/*/*/{_PAGE}"):
        groups.setdefault(f"quarter-{file.parent.name}", []).append(file)
    for name, files in sorted(groups.items()):
        largest = _largest(files)
        if largest is not None:
            found[name] = _url(site, largest)
    if (site / "404.html").is_file():
        found["404"] = "404.html"
    return found


def weigh(
    site: Path, paths: Mapping[str, str], browser: Browser | None = None
) -> dict[str, Weight]:
    """The weight of each page of `paths` (name → URL path), served from `site`, in a
    Chromium of its own or in `browser`."""
    with session(site, browser) as measuring:
        weights = {name: measuring.page_weight(path) for name, path in paths.items()}
        if measuring.foreign:
            raise RuntimeError(f"Anfragen an andere Hosts: {', '.join(measuring.foreign[:5])}")
    return weights


def _kb(size: int) -> str:
    return f"{size / KB:.1f}".replace(".", ",")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m quartiersdoku.tools.bench.weigh",
        description="Seitengewicht (gzip, vor jeder Einwilligung) je Seitentyp einer gebauten Website",
    )
    parser.add_argument("site", type=Path, help="der gebaute Ordner, z. B. site/")
    parser.add_argument(
        "--resources", action="store_true", help="jede geladene Datei einzeln aufführen"
    )
    args = parser.parse_args(argv)
    site: Path = args.site
    if not (site / _PAGE).is_file():
        parser.error(f"{site} enthält keine gebaute Website (keine {_PAGE})")
    paths = page_types(site)
    weights = weigh(site, paths)
    print("| Seitentyp | Seite | KiB gzip | Anfragen | davon Suche KiB |")
    print("| --- | --- | --- | --- | --- |")
    for name, path in paths.items():
        weight = weights[name]
        print(
            f"| {name} | /{path} | {_kb(weight.bytes)} | {weight.requests} "
            f"| {_kb(weight.search_bytes)} |"
        )
        if args.resources:
            for resource, size in weight.resources:
                print(f"|  | {resource} | {_kb(size)} |  |  |")
    heavy = [name for name, weight in weights.items() if weight.bytes > PAGE_LIMIT_BYTES]
    if heavy:
        print(f"Über {_kb(PAGE_LIMIT_BYTES)} KiB: {', '.join(heavy)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
