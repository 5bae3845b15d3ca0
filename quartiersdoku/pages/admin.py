"""`/admin/`: the form editor (Decap CMS), served from the site itself.

Published when the operator sets `editor: true` in mkdocs.yml, and always in the
preview. Decap's prebuilt bundle comes from the npm package pinned in
package-lock.json (`node_modules/decap-cms/dist/`): `decap-cms.js` and the chunks
and WebAssembly files it loads from its own folder. No CDN, nothing from another
host. The configuration is generated from the model (`tools/editor_config.py`).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from ..core.site import CITY_FILE
from ..tools.editor_config import (
    ADMIN_DIR,
    DEFAULT_PROXY_URL,
    PROXY_URL_ENV,
    EditorOptions,
    city_folders,
    editor_config,
    render_editor_config,
)

DECAP_DIST = Path("node_modules") / "decap-cms" / "dist"
DECAP_SCRIPT = "decap-cms.js"
YAML_DIST = Path("node_modules") / "yaml" / "browser" / "dist"
_ASSETS = Path(__file__).resolve().parents[1] / "assets" / "admin"


class EditorMissing(Exception):
    """The npm package is not installed (German message)."""


@dataclass(frozen=True)
class AdminFile:
    """One file of `/admin/`: copied from `source`, or written from `content`."""

    uri: str
    source: Path | None = None
    content: str | None = None


def bundle_files(project_root: Path) -> list[Path]:
    """Decap's script, its chunks and WebAssembly files (no source maps, no other builds)."""
    dist = project_root / DECAP_DIST
    if not (dist / DECAP_SCRIPT).is_file():
        raise EditorMissing(
            f"Das Redaktionsformular fehlt: {DECAP_DIST / DECAP_SCRIPT} gibt es nicht. "
            "Hinweis: Rufen Sie scripts/setup auf (oder `npm ci --ignore-scripts`)."
        )
    chunks = sorted(dist.glob(f"*.{DECAP_SCRIPT}"))
    return [dist / DECAP_SCRIPT, *chunks, *sorted(dist.glob("*.wasm"))]


def index_html(site_name: str) -> str:
    title = escape(f"Redaktion – {site_name}" if site_name else "Redaktion")
    return str(
        Markup(
            "<!doctype html>\n"
            '<html lang="de">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            '<meta name="robots" content="noindex">\n'
            "<title>{title}</title>\n"
            '<link href="config.yml" type="text/yaml" rel="cms-config-url">\n'
            '<link href="redaktion.css" rel="stylesheet">\n'
            "</head>\n<body>\n"
            "<noscript><p>Das Redaktionsformular braucht JavaScript.</p></noscript>\n"
            '<script src="redaktion.js"></script>\n'
            '<script src="{script}"></script>\n'
            '<script type="module" src="format.js"></script>\n'
            "</body>\n</html>\n"
        ).format(title=title, script=DECAP_SCRIPT)
    )


def admin_files(
    project_root: Path,
    quarters_dir: Path,
    *,
    site_name: str,
    backend: dict[str, Any],
    preview: bool,
) -> list[AdminFile]:
    """Every file of `/admin/`. In the preview the local backend is the only backend."""
    bundle = bundle_files(project_root)  # first: without Decap nothing else is worth doing
    proxy_url = os.environ.get(PROXY_URL_ENV, DEFAULT_PROXY_URL)
    chosen = {} if preview else dict(backend)
    # What the configuration depends on besides the model: the folders of quarter files,
    # their cities and city files. The preview rebuilds after every save; the
    # configuration is made again only when one of these changed.
    folders = tuple(
        (str(folder), city, (folder / CITY_FILE).exists())
        for folder, city in city_folders(quarters_dir)
    )
    text = _config_text(
        project_root, quarters_dir, json.dumps(chosen, sort_keys=True), proxy_url, folders
    )
    files = [
        AdminFile(f"{ADMIN_DIR}/index.html", content=index_html(site_name)),
        AdminFile(f"{ADMIN_DIR}/config.yml", content=text),
    ]
    for name in ("redaktion.js", "redaktion.css", "format.js", "german.js"):
        files.append(AdminFile(f"{ADMIN_DIR}/{name}", source=_ASSETS / name))
    # The YAML library Decap itself uses (npm `yaml`, in package-lock.json), for format.js.
    yaml_dist = project_root / YAML_DIST
    files += [
        AdminFile(f"{ADMIN_DIR}/yaml/{p.name}", source=p) for p in sorted(yaml_dist.glob("*.js"))
    ]
    files += [AdminFile(f"{ADMIN_DIR}/{p.name}", source=p) for p in bundle]
    return files


@lru_cache(maxsize=4)
def _config_text(
    project_root: Path,
    quarters_dir: Path,
    backend_json: str,
    proxy_url: str,
    folders: tuple[tuple[str, str, bool], ...],  # part of the cache key only
) -> str:
    options = EditorOptions(backend=json.loads(backend_json), proxy_url=proxy_url)
    return render_editor_config(editor_config(project_root, quarters_dir, options))
