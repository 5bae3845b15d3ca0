"""The files every map needs, copied into the site: Leaflet, its marker clusters, our own.

Kept apart from `mapdoc.py`, which imports folium (with branca and numpy, ~0.5 s):
the pages need only these paths, so the build's first, single-threaded seconds do
not wait for folium; the side files' child imports it where it writes the maps.
"""

from __future__ import annotations

from pathlib import Path

import xstatic.pkg.leaflet as xs_leaflet
import xstatic.pkg.leaflet_markercluster as xs_cluster

_OWN_ASSETS = Path(__file__).parent.parent / "assets" / "maps"

MAPS_ASSETS = "assets/maps"
LEAFLET_DIR = f"{MAPS_ASSETS}/leaflet-{xs_leaflet.VERSION}"
CLUSTER_DIR = f"{MAPS_ASSETS}/markercluster-{xs_cluster.VERSION}"
MAP_SCRIPT = f"{MAPS_ASSETS}/quartiersdoku-karte.js"
MAP_STYLE = f"{MAPS_ASSETS}/quartiersdoku-karte.css"
#: Styles for the map block in pages (iframe and list); the plugin adds it to extra_css.
PAGE_STYLE = f"{MAPS_ASSETS}/quartiersdoku-kartenblock.css"


def asset_files() -> list[tuple[str, Path]]:
    """(path in the site, source file) of every file a map needs, copied at build time."""
    leaflet = Path(xs_leaflet.BASE_DIR)
    cluster = Path(xs_cluster.BASE_DIR)
    files = [
        (f"{LEAFLET_DIR}/leaflet.js", leaflet / "leaflet.js"),
        (f"{LEAFLET_DIR}/leaflet.css", leaflet / "leaflet.css"),
        # leaflet.css finds its images relative to itself.
        *(
            (f"{LEAFLET_DIR}/images/{image.name}", image)
            for image in sorted((leaflet / "images").glob("*.png"))
        ),
        (f"{CLUSTER_DIR}/leaflet.markercluster.js", cluster / "leaflet.markercluster.js"),
        (f"{CLUSTER_DIR}/MarkerCluster.css", cluster / "MarkerCluster.css"),
        (MAP_SCRIPT, _OWN_ASSETS / "map.js"),
        (MAP_STYLE, _OWN_ASSETS / "map.css"),
        (PAGE_STYLE, _OWN_ASSETS / "page.css"),
        (f"{MAPS_ASSETS}/LIZENZEN.txt", _OWN_ASSETS / "LICENSES.txt"),
    ]
    return files
