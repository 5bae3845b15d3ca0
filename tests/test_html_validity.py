"""Every HTML file of the project's built site is valid HTML (Nu Html Checker).

The checker is the npm package ``vnu-jar`` (package.json, installed by
scripts/setup with ``npm ci``); it runs on the machine's Java. One Java call
checks the whole site: starting the JVM costs more than checking a page.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from mkdocs_process import build_site

REPO = Path(__file__).resolve().parent.parent
VNU_JAR = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
TIMEOUT_S = 600


@dataclass(frozen=True)
class KnownError:
    """An error that Material's own templates cause and we do not override."""

    message: str  # start of the checker's message
    extract: str  # text that must occur in the checker's extract of the source
    reason: str


# Material's base.html writes `autocomplete="off"` on its two hidden checkbox
# toggles (`__drawer`, `__search`), outside any template block, so only a copy
# of the whole base.html could remove it. The attribute is deliberate: it stops
# Firefox from restoring a ticked toggle on "back", which would reopen the
# drawer or the search. The filter matches only these two inputs.
KNOWN_MATERIAL_ERRORS = (
    KnownError(
        message="Attribute “autocomplete” is only allowed when the input type is",
        extract='class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer"',
        reason="Material base.html: drawer toggle",
    ),
    KnownError(
        message="Attribute “autocomplete” is only allowed when the input type is",
        extract='class="md-toggle" data-md-toggle="search" type="checkbox" id="__search"',
        reason="Material base.html: search toggle",
    ),
)


def is_known(error: dict[str, Any]) -> bool:
    message = str(error.get("message", ""))
    extract = str(error.get("extract", ""))
    return any(
        message.startswith(known.message) and known.extract in extract
        for known in KNOWN_MATERIAL_ERRORS
    )


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(REPO / "mkdocs.yml", tmp_path_factory.mktemp("site"))


def run_vnu(files: list[Path]) -> list[dict[str, Any]]:
    java = shutil.which("java")
    if java is None or not VNU_JAR.is_file():
        pytest.fail(
            f"the Nu Html Checker needs java and {VNU_JAR.relative_to(REPO)}: run scripts/setup",
            pytrace=False,
        )
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, files)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=False,
    )
    # vnu writes its JSON report to stderr; exit status 1 means "errors found".
    try:
        report = json.loads(result.stderr)
    except json.JSONDecodeError:
        pytest.fail(
            f"vnu exited with {result.returncode} without a report:\n{result.stderr[-2000:]}",
            pytrace=False,
        )
    messages: list[dict[str, Any]] = report.get("messages", [])
    return [m for m in messages if m.get("type") in {"error", "non-document-error"}]


def test_every_html_file_is_valid(built_site: Path) -> None:
    files = sorted(built_site.rglob("*.html"))
    assert len(files) > 10, f"only {len(files)} HTML files in the built site"
    errors = [e for e in run_vnu(files) if not is_known(e)]
    if errors:
        lines = [f"Nu Html Checker: {len(errors)} error(s)"]
        for error in errors[:40]:
            where = str(error.get("url", "")).removeprefix(built_site.as_uri() + "/")
            where = where.removeprefix("file:" + str(built_site) + "/")
            extract = " ".join(str(error.get("extract", "")).split())
            lines.append(f"- {where}:{error.get('lastLine', '?')}: {error.get('message')}")
            lines.append(f"    {extract[:160]}")
        if len(errors) > 40:
            lines.append(f"… and {len(errors) - 40} more")
        pytest.fail("\n".join(lines), pytrace=False)


def test_the_filter_matches_only_materials_toggles() -> None:
    message = "Attribute “autocomplete” is only allowed when the input type is “color”, “date”, …"
    drawer = '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">'
    ours = '<input type="checkbox" id="filter" autocomplete="off">'
    assert is_known({"message": message, "extract": drawer})
    assert not is_known({"message": message, "extract": ours})
    assert not is_known({"message": "Bad value “” for attribute “tabindex”", "extract": drawer})
