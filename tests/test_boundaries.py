"""The package's boundaries hold: only `engine/` imports MkDocs, `core/` imports no renderer.

Each subpackage is imported in a fresh interpreter (a subprocess), module by
module as ``pkgutil.walk_packages`` finds them, so a module added later is
covered without touching this test. The child reports which top-level
packages ended up in ``sys.modules``; a module that pulls in a forbidden
package directly or through any chain of imports fails the test, with the
first module of the subpackage that brought it in.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

#: The engines: only ``quartiersdoku.engine`` may load them.
ENGINES = frozenset({"mkdocs", "material"})
#: What renders pages and exports: ``core`` (model, loading, validation) needs none of it.
RENDERERS = frozenset({"jinja2", "feedgen", "icalendar", "vobject", "folium"})

FORBIDDEN = {
    "core": ENGINES | RENDERERS,
    "pages": ENGINES,
    "exports": ENGINES,
    "search": ENGINES,
    "preview": ENGINES,
}

# Runs in the child: imports every module of one subpackage in order and
# records, per forbidden package, the first module after whose import it was
# loaded. Prints the result as JSON on stdout.
_CHILD = """
import importlib, json, pkgutil, sys

subpackage, forbidden = sys.argv[1], set(sys.argv[2].split(","))
package = importlib.import_module(f"quartiersdoku.{subpackage}")
modules = [package.__name__] + sorted(
    info.name for info in pkgutil.walk_packages(package.__path__, package.__name__ + ".")
)
culprits = {}
for name in modules:
    importlib.import_module(name)
    loaded = {key.partition(".")[0] for key in sys.modules}
    for top in sorted((loaded & forbidden) - culprits.keys()):
        culprits[top] = name
print(json.dumps({"modules": modules, "culprits": culprits}))
"""


def _import_in_fresh_interpreter(subpackage: str, forbidden: frozenset[str]) -> dict[str, object]:
    result = subprocess.run(
        [sys.executable, "-c", _CHILD, subpackage, ",".join(sorted(forbidden))],
        cwd=REPO,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    report: dict[str, object] = json.loads(result.stdout)
    return report


@pytest.mark.parametrize("subpackage", sorted(FORBIDDEN))
def test_subpackage_loads_no_forbidden_package(subpackage: str) -> None:
    report = _import_in_fresh_interpreter(subpackage, FORBIDDEN[subpackage])
    modules = report["modules"]
    assert isinstance(modules, list)
    expected = {
        f"quartiersdoku.{subpackage}.{path.stem}"
        for path in (REPO / "quartiersdoku" / subpackage).glob("*.py")
        if path.stem != "__init__"
    }
    assert expected <= set(modules), "walk_packages missed modules of the subpackage"
    culprits = report["culprits"]
    assert culprits == {}, (
        f"quartiersdoku.{subpackage} loads what it must not (package: first module "
        f"after whose import it was loaded): {culprits}"
    )


def test_the_check_sees_a_forbidden_import() -> None:
    """The child notices a loaded package: ``engine`` does load MkDocs."""
    report = _import_in_fresh_interpreter("engine", ENGINES)
    culprits = report["culprits"]
    assert isinstance(culprits, dict)
    assert str(culprits["mkdocs"]).startswith("quartiersdoku.engine")
