"""`scripts/bench N`: generate N quarters, build, measure, print the figures and the targets.

Steps (each can be skipped): generate the corpus in a temporary folder; full
`mkdocs build` (wall time, ru_maxrss of the build process); a bare MkDocs
build of N plain pages with the same text size for the ratio; page weights
and search payloads (through the site's search box, Material's or Pagefind's,
whichever the site has: plugin option `search`, or `--search`) in headless
Chromium; `mkdocs serve` and the time until an edited quarter shows. With
Pagefind the build writes the index itself; its time comes from the build's log.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

from ...core.cputime import LINE_START
from ...search.lunr import MATERIAL_SEARCH_PLUGIN
from .corpus import make_bare_project, make_project
from .lighthouse import lighthouse_bin, scores
from .measure import BenchError, mkdocs_build, serve_latency, tree_size
from .report import Figures, machine, table, to_json

REPO = Path(__file__).resolve().parents[3]
#: A word in (nearly) every synthetic page, typed as a visitor would (inflected: tests
#: stemming). For Pagefind the worst case: the index chunk of a word that every page has.
QUERY = "Sanierungen"
#: The directories whose first page is weighed (each a page type of its own).
DIRECTORY_PAGES = ("anlaufstellen", "termine", "massnahmen", "beschluesse", "archiv")
#: Material's search plugin in a mkdocs.yml (needed by lunr).
_MATERIAL_SEARCH = re.compile(r"^  - (material/)?search\b", re.M)
#: The plugin's report of the Pagefind index (plugin._write_search_index).
_INDEXED = re.compile(
    r"Suchindex \(Pagefind\) über (\d+) Seiten geschrieben "
    r"\((\d+(?:\.\d+)?) s, davon (\d+(?:\.\d+)?) s nach der letzten Seite\)"
)


def cpu_seconds(output: str) -> dict[str, float] | None:
    """The build's CPU seconds by phase, from the plugin's log line (core/cputime.py)."""
    line = next((ln for ln in output.splitlines() if LINE_START in ln), None)
    if line is None:
        return None
    parts = line.split(LINE_START, 1)[1].split(";", 1)[0]
    found = re.findall(r"\s*([^,]+?) (\d+(?:\.\d+)?) s \(\d+%\)", parts)
    return {phase: float(seconds) for phase, seconds in found}


def _set_search(project: Path, engine: str) -> None:
    """Set the plugin option `search` in the corpus' mkdocs.yml (default: as it is, Pagefind).

    lunr and `auto` (lunr below `pagefind_from`) need Material's search plugin listed; the
    repository's mkdocs.yml has none, so it is added as engine/search.py asks a site to.
    """
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    listed = (
        MATERIAL_SEARCH_PLUGIN if engine != "pagefind" and not _MATERIAL_SEARCH.search(text) else ""
    )
    text, found = re.subn(
        r"^(  - quartiersdoku:\n)",
        lambda m: f"{listed}\n" * bool(listed) + f"{m.group(1)}      search: {engine}\n",
        text,
        count=1,
        flags=re.M,
    )
    if not found:
        raise BenchError("mkdocs.yml des Korpus: Eintrag „- quartiersdoku:“ nicht gefunden")
    config.write_text(text, encoding="utf-8")


def _article_text_bytes(html: str) -> int:
    """Visible text of a page's article, in UTF-8 bytes."""
    match = re.search(r"<article[^>]*>(.*?)</article>", html, re.S)
    body = match.group(1) if match else html
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", body)
    return len(" ".join(text.split()).encode("utf-8"))


def _lighthouse(figures: Figures, base: str, quarter: str) -> None:
    """Lighthouse (mobile) on the start page and a quarter page, through the gzip server."""
    binary = lighthouse_bin(REPO)
    if binary is None:
        figures.notes.append("Lighthouse fehlt (npm ci installiert es): keine Bewertung.")
        return
    _say("Lighthouse (mobil) auf Startseite und Quartiersseite")
    figures.lighthouse = {
        "start": scores(binary, base),
        "quarter": scores(binary, base + quarter),
    }


def _say(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def run(args: argparse.Namespace) -> Figures:
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="quartiersdoku-bench-"))
    try:
        return _run(args, work)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def _run(args: argparse.Namespace, work: Path) -> Figures:  # noqa: PLR0915 - the steps in order
    n: int = args.quarters
    project = work / "projekt"
    if project.exists():
        shutil.rmtree(project)
    _say(f"erzeuge {n} Quartiere in {project}")
    corpus = make_project(project, n, repo=REPO, seed=args.seed)
    figures = Figures(quarters=n, cities=corpus.cities, yaml_bytes_per_quarter=corpus.yaml_bytes)
    figures.machine = machine()
    figures.search_query = args.query
    if args.search is not None:
        _set_search(project, args.search)

    _say("baue die Website (mkdocs build)")
    profile = Path(args.profile).resolve() if args.profile else None
    build = mkdocs_build(project, profile=profile, quiet=False)
    figures.build_seconds = build.seconds
    figures.build_max_rss = build.max_rss
    figures.build_cpu_seconds = build.cpu_seconds
    site = project / "site"
    size = tree_size(site)
    figures.site_bytes, figures.site_files = size.bytes, size.files
    figures.html_pages = sum(1 for _ in site.rglob("index.html"))
    sample_html = (site / corpus.sample_quarter / "index.html").read_text(encoding="utf-8")
    figures.bare_text_bytes = _article_text_bytes(sample_html)
    figures.search_engine = "pagefind" if (site / "pagefind" / "pagefind.js").is_file() else "lunr"
    figures.cpu_seconds = cpu_seconds(build.output)
    indexed = _INDEXED.search(build.output)
    if indexed:
        figures.pagefind_pages = int(indexed.group(1))
        figures.pagefind_seconds = float(indexed.group(2))
        figures.pagefind_wait_seconds = float(indexed.group(3))

    if not args.no_bare:
        bare = work / "mkdocs-pur"
        if bare.exists():
            shutil.rmtree(bare)
        _say(f"baue {n} schlichte Seiten zum Vergleich (MkDocs pur)")
        make_bare_project(
            bare,
            n,
            page_bytes=figures.bare_text_bytes,
            seed=args.seed,
            # Material's search only if the site kept it (it has Pagefind from a size on).
            search=(site / "search" / "search_index.json").is_file(),
        )
        figures.bare_seconds = mkdocs_build(bare).seconds

    if not args.no_browser:
        from .browser import session

        _say("messe Seiten und Suche in Chromium")
        with session(site) as browser:
            start = browser.page_weight("")
            figures.start_page_bytes = start.bytes
            figures.start_page_search_bytes = start.search_bytes
            figures.start_page_resources = dict(start.resources)
            quarter = browser.page_weight(corpus.sample_quarter)
            figures.quarter_page_bytes = quarter.bytes
            figures.quarter_page_search_bytes = quarter.search_bytes
            figures.quarter_page_resources = dict(quarter.resources)
            figures.directory_page_bytes = {
                name: browser.page_weight(f"{name}/").bytes
                for name in DIRECTORY_PAGES
                if (site / name / "index.html").is_file()
            }
            if not args.no_lighthouse:
                _lighthouse(figures, browser.base, corpus.sample_quarter)
            found = browser.site_search(args.query)
            if not found.pagefind:
                figures.lunr_first_query_bytes, figures.lunr_results = found.bytes, found.results
            else:
                figures.pagefind_first_query_bytes = found.bytes
                figures.pagefind_results = found.results
                figures.specific_query = corpus.sample_name
                specific = browser.site_search(corpus.sample_name)
                figures.pagefind_specific_bytes = specific.bytes
                figures.pagefind_specific_results = specific.results
            if browser.foreign:
                figures.notes.append(f"Anfragen an andere Hosts: {browser.foreign[:5]}")

    if not args.no_serve:
        _say("messe die Vorschau (mkdocs serve)")
        served = serve_latency(project, corpus.sample_file, corpus.sample_quarter)
        figures.serve_startup_seconds = served.startup
        figures.serve_edit_seconds = served.edits

    figures.load_average = list(os.getloadavg())
    return figures


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="scripts/bench",
        description="Benchmark: erzeugt N Quartiere, baut die Website und misst (Zeit, Speicher, "
        "Größe, Seitengewicht, Suche, Vorschau).",
    )
    p.add_argument("quarters", type=int, nargs="?", default=1000, help="Zahl der Quartiere (1000)")
    p.add_argument("--json", action="store_true", help="Ergebnis als JSON ausgeben")
    p.add_argument("--keep", metavar="ORDNER", help="Projekt und Website hier anlegen und behalten")
    p.add_argument("--seed", type=int, default=8, help="Startwert des Zufallsgenerators")
    p.add_argument("--query", default=QUERY, help=f"Suchbegriff (Standard: {QUERY})")
    p.add_argument("--profile", metavar="DATEI", help="den Bau unter cProfile laufen lassen")
    p.add_argument("--no-bare", action="store_true", help="ohne Vergleichsbau (MkDocs pur)")
    p.add_argument("--no-browser", action="store_true", help="ohne Messungen im Browser")
    p.add_argument("--no-serve", action="store_true", help="ohne Messung der Vorschau")
    p.add_argument(
        "--no-lighthouse", action="store_true", help="ohne Lighthouse (Startseite, Quartiersseite)"
    )
    p.add_argument(
        "--search",
        choices=("auto", "lunr", "pagefind"),
        default=None,
        help=(
            "Suche der Website (Plugin-Option search; Standard: wie mkdocs.yml, also Pagefind; "
            "lunr und auto tragen Materials Such-Plugin ein)"
        ),
    )
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.quarters < 1:
        parser().error("N muss mindestens 1 sein")
    try:
        figures = run(args)
    except BenchError as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 1
    print(to_json(figures) if args.json else table(figures))
    return 0
