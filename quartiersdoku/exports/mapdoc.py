"""Map documents: one standalone HTML file per map, built with folium.

A map document is what a page shows in an iframe (see `templates/_map.j2`).
folium supplies the document tree (a `Figure` holding a `Map` and its
layers) and the declaration of assets as data; this module fixes what
folium's output gets wrong for a public German site:

* every asset is served from the site: Leaflet (and Leaflet.markercluster for
  large maps) copied at build time from the installed XStatic packages,
  instead of folium's ten files on four CDNs; no jQuery, Bootstrap or Font
  Awesome, because nothing here needs them;
* `<html lang="de">`, a `<title>`, a viewport that allows zooming, and every
  script inside `<body>`;
* no tile layer in the document: the map script adds one only after consent;
* data reaches JavaScript only as one JSON value escaped for HTML (`<`, `>`,
  `&`, `'` as `\\uXXXX`) in a `<script type="application/json">` element that
  the browser never runs, and the script puts editor text into the page only
  through `textContent` and attributes, never `innerHTML`; a document has no
  inline script;
* branca compiles every rendered macro of a `MacroElement` once more as a
  Jinja template (`Element(html)`), so a quarter named "{{ … }}" would run as
  template code at build time. Elements here hand their output over
  verbatim instead (:class:`_Verbatim`).

A build has a thousand map documents that differ only in a few values: the
title, the map's middle, the JSON value, and by shape the asset paths (the
folder depth), the cluster plugin, the legend. :class:`MapDocuments` has folium
render each shape once with sentinels in those places and fills each map's
values into that text, escaped by the same functions the templates use
(`escape`, :func:`attribute_json`, :func:`js_value`); the values are joined
into the pieces around the sentinels, never searched or compiled, so editor
text cannot reach another slot or a template. The first map of every shape is
also rendered in full and must come out the same, else that shape is rendered
by folium map by map. :func:`map_document` is the full render.
"""

from __future__ import annotations

import json
import posixpath
import re
import uuid
from dataclasses import dataclass, replace
from typing import Any

import folium
from branca.element import Element, Figure, MacroElement
from folium.utilities import validate_location
from jinja2 import Environment
from markupsafe import Markup, escape

from ..core.urls import relative_url
from ..pages.maps import PRECISION, STYLE_TEXT, MapSpec, Place, Style
from .mapassets import (
    CLUSTER_DIR,
    LEAFLET_DIR,
    MAP_SCRIPT,
    MAP_STYLE,
    MAPS_ASSETS,
    PAGE_STYLE,
    asset_files,
)
from .tiles import TileProvider

#: The zoom a map opens at, at most: street level for places, less for a quarter's middle.
FIT_MAX_ZOOM = 16
FIT_MAX_ZOOM_QUARTERS = 14
_QUARTER_STYLES = frozenset({Style.QUARTER, Style.RUNNING, Style.ENDED, Style.OTHER})


# ----------------------------------------------------------------------------- escaping


def js_value(value: Any) -> Markup:
    """A JSON value that is safe inside an HTML `<script>` element.

    `<`, `>`, `&` and `'` become `\\u003c` etc., so no text can end the
    script or open a comment; U+2028/U+2029 are escaped for older parsers.
    NaN and infinity are refused (they are not JSON).
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for char, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("'", "\\u0027"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escaped)
    return Markup(text)


def attribute_json(value: Any) -> str:
    """JSON for an HTML attribute; autoescaping (`escape`) then quotes it for HTML."""
    return json.dumps(value, separators=(",", ":"))


_ENV = Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)
_ENV.filters["js"] = js_value
_ENV.filters["attribute_json"] = attribute_json
_ENV.globals["style_text"] = STYLE_TEXT


class _Verbatim(Element):
    """Output of an element, passed on as it is (never compiled as a template again)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._text = text

    def render(self, **kwargs: Any) -> str:
        return self._text


def _render_parts(element: MacroElement, kwargs: dict[str, Any]) -> None:
    """What `MacroElement.render` does, minus the second template compilation."""
    figure = element.get_root()
    module = element._template.module
    for part in ("header", "html", "script"):
        macro = getattr(module, part, None)
        if macro is not None:
            output = str(macro(element, kwargs))
            getattr(figure, part).add_child(_Verbatim(output), name=element.get_name())
    for child in element._children.values():
        child.render(**kwargs)


# ----------------------------------------------------------------------------- elements


class MapDocument(Figure):
    """A complete, valid HTML document in German around one map."""

    _template = _ENV.from_string(
        """<!DOCTYPE html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{{ this.title }}</title>
{{ this.header.render(**kwargs)|safe }}
</head>
<body class="qd-mapdoc">
{{ this.html.render(**kwargs)|safe }}
{% set script = this.script.render(**kwargs) %}
{% if script.strip() %}
<script>
{{ script|safe }}
</script>
{% endif %}
</body>
</html>
"""
    )

    def __init__(self, title: str) -> None:
        super().__init__(title=title)
        # Figure adds an http-equiv content-type; the template declares the charset itself.
        self.header._children.pop("meta_http", None)


@dataclass(frozen=True)
class Links:
    """URLs as seen from a map document (relative to its folder)."""

    base: str  # the site root
    privacy: str | None  # the site's privacy page


class ConsentMap(folium.Map):
    """A Leaflet map without tiles, and the consent notice that adds them on request."""

    _template = _ENV.from_string(
        """
{% macro html(this, kwargs) %}
<div class="qd-map-canvas" id="{{ this.get_name() }}" role="region" aria-label="{{ this.label }}" data-qd-map="{{ this.leaflet_options|attribute_json }}"></div>
<div class="qd-consent" id="qd-consent" hidden>
<p id="qd-consent-text">Den Kartenhintergrund liefert <strong>{{ this.tiles.name }}</strong>. Wenn Sie ihn laden, erhält dieser Anbieter Ihre IP-Adresse.
{% if this.links.privacy %}Mehr dazu in unserer <a href="{{ this.links.privacy }}" target="_top">Datenschutzerklärung</a>{% if this.tiles.privacy_url %} und in der <a href="{{ this.tiles.privacy_url }}" target="_blank" rel="noopener noreferrer">Datenschutzerklärung des Anbieters</a>{% endif %}.
{% elif this.tiles.privacy_url %}Mehr dazu in der <a href="{{ this.tiles.privacy_url }}" target="_blank" rel="noopener noreferrer">Datenschutzerklärung des Anbieters</a>.
{% endif %}
Alle Orte stehen auch als Liste auf der Seite.</p>
<button type="button" class="qd-button" id="qd-load" aria-describedby="qd-consent-text">Karte laden</button>
</div>
<div class="qd-consent qd-consent--given" id="qd-given" hidden>
<p>Kartenhintergrund von {{ this.tiles.name }} geladen.</p>
<button type="button" class="qd-button qd-button--quiet" id="qd-withdraw">Zustimmung widerrufen</button>
</div>
<noscript><p class="qd-noscript">Die Karte braucht JavaScript. Alle Orte stehen auch als Liste auf der Seite.</p></noscript>
{% endmacro %}
"""
    )

    def __init__(
        self, spec: MapSpec, tiles: TileProvider, links: Links, assets: dict[str, str]
    ) -> None:
        super().__init__(location=_middle(spec), tiles=None, zoom_control=False)
        self._id = "karte"  # stable names make stable files
        self.label = spec.title
        self.tiles = tiles
        self.links = links
        self.leaflet_options: Any = leaflet_options(self.location, tiles)
        self.default_js = [("leaflet", assets["leaflet.js"])]
        self.default_css = [("leaflet_css", assets["leaflet.css"])]
        if spec.cluster:
            self.default_js.append(("markercluster", assets["leaflet.markercluster.js"]))
            self.default_css.append(("markercluster_css", assets["MarkerCluster.css"]))
        self.default_js.append(("quartiersdoku", assets["map.js"]))
        self.default_css.append(("quartiersdoku_css", assets["map.css"]))

    def render(self, **kwargs: Any) -> str:
        figure = self.get_root()
        assert isinstance(figure, Figure)
        # folium's declared assets, written as plain HTML5 (branca's links end in "/>").
        for name, url in self.default_css:
            link = Markup('<link rel="stylesheet" href="{}">').format(url)
            figure.header.add_child(_Verbatim(link), name=name)
        for name, url in self.default_js:
            # `defer`: in order, after the document is parsed, never blocking it.
            script = Markup('<script src="{}" defer></script>').format(url)
            figure.header.add_child(_Verbatim(script), name=name)
        _render_parts(self, kwargs)
        return ""


class PlacesLayer(MacroElement):
    """The places, the boundary and the legend, handed to the map script as one JSON value.

    The data sits in a `<script type="application/json">` element, which the
    browser never runs; `quartiersdoku-karte.js` reads it. So a map document
    has no inline script at all, and a Content-Security-Policy without
    'unsafe-inline' covers it.
    """

    _template = _ENV.from_string(
        """
{% macro html(this, kwargs) %}
{% if this.legend %}
<div class="qd-legend" id="qd-legend" hidden>
<p class="qd-legend__title">Legende</p>
<ul>
{% if this.spec.boundary %}
<li><span class="qd-legend__area" aria-hidden="true"></span> Grenze des Quartiers</li>
{% endif %}
{% for style in this.spec.styles %}
<li><span class="qd-marker qd-marker--{{ style.value }} qd-legend__symbol" aria-hidden="true"></span> {{ style_text[style] }}</li>
{% endfor %}
</ul>
</div>
{% endif %}
<script type="application/json" id="qd-map-data">{{ this.config|js }}</script>
{% endmacro %}
"""
    )

    def __init__(self, spec: MapSpec, tiles: TileProvider, links: Links) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # branca: no annotations here
        self._name = "Places"
        self._id = "orte"
        self.spec = spec
        self.legend = _has_legend(spec)
        self.config: Any = map_config(spec, tiles, links)

    def render(self, **kwargs: Any) -> str:
        _render_parts(self, kwargs)
        return ""


def _has_legend(spec: MapSpec) -> bool:
    """A legend once there is more than one kind of thing on the map."""
    kinds = len(spec.styles) + (1 if spec.boundary else 0)
    return kinds > 1 or spec.variant != "quarter"


def _middle(spec: MapSpec) -> list[float]:
    (south, west), (north, east) = spec.bounds()
    # Rounded like the places (maps.PRECISION): no 15-digit floats in the document.
    return [round((south + north) / 2, PRECISION), round((west + east) / 2, PRECISION)]


def leaflet_options(center: list[float], tiles: TileProvider) -> dict[str, Any]:
    """The map's options in its `data-qd-map` attribute; `center` as folium validated it."""
    return {"center": center, "zoom": 12, "zoomControl": False, "maxZoom": tiles.max_zoom}


def map_config(spec: MapSpec, tiles: TileProvider, links: Links) -> dict[str, Any]:
    """Everything the map script needs, as plain JSON data."""
    styles = list(Style)
    (south, west), (north, east) = spec.bounds()
    # Links share a start ("quartiere/"): said once, it keeps large maps small.
    hrefs = [place.href for place in spec.places if place.href is not None]
    common = posixpath.commonprefix(hrefs) if hrefs else ""
    common = common[: common.rfind("/") + 1]
    return {
        "title": spec.title,
        "base": links.base + common,
        "styles": [{"cls": style.value, "text": STYLE_TEXT[style]} for style in styles],
        "places": [_row(place, styles, len(common)) for place in spec.places],
        "boundary": spec.boundary,
        "bounds": [[south, west], [north, east]],
        "fitMaxZoom": min(_fit_max_zoom(spec), tiles.max_zoom),
        "cluster": spec.cluster,
        "tiles": {
            "url": tiles.url,
            "attribution": str(tiles.attribution_html()),
            "maxZoom": tiles.max_zoom,
        },
    }


def _fit_max_zoom(spec: MapSpec) -> int:
    """A quarter's (approximate) middle alone is shown with its surroundings, not a street."""
    if spec.boundary is None and all(p.style in _QUARTER_STYLES for p in spec.places):
        return FIT_MAX_ZOOM_QUARTERS
    return FIT_MAX_ZOOM


def _row(place: Place, styles: list[Style], skip: int) -> list[Any]:
    """[lat, lon, name, style, href, detail, what]; trailing empty values left off.

    `href` is relative to the config's `base`: the first `skip` characters are in there.
    """
    row: list[Any] = [
        place.lat,
        place.lon,
        place.name,
        styles.index(place.style),
        place.href[skip:] if place.href is not None else None,
        place.detail,
        place.what,
    ]
    while row[-1] in ("", None):
        row.pop()
    return row


# ----------------------------------------------------------------------------- documents


def _links_and_assets(spec: MapSpec, privacy_page: str | None) -> tuple[Links, dict[str, str]]:
    """The site root, the privacy page and every asset, relative to the map document."""
    root = relative_url(spec.path, "")
    links = Links(
        base=root if root.endswith("/") else root + "/",
        privacy=relative_url(spec.path, privacy_page) if privacy_page is not None else None,
    )
    assets = {
        "leaflet.js": relative_url(spec.path, f"{LEAFLET_DIR}/leaflet.js"),
        "leaflet.css": relative_url(spec.path, f"{LEAFLET_DIR}/leaflet.css"),
        "leaflet.markercluster.js": relative_url(
            spec.path, f"{CLUSTER_DIR}/leaflet.markercluster.js"
        ),
        "MarkerCluster.css": relative_url(spec.path, f"{CLUSTER_DIR}/MarkerCluster.css"),
        "map.js": relative_url(spec.path, MAP_SCRIPT),
        "map.css": relative_url(spec.path, MAP_STYLE),
    }
    return links, assets


def _tree(
    spec: MapSpec, tiles: TileProvider, links: Links, assets: dict[str, str]
) -> tuple[MapDocument, ConsentMap, PlacesLayer]:
    document = MapDocument(title=spec.title)
    leaflet_map = ConsentMap(spec, tiles, links, assets)
    document.add_child(leaflet_map, name="karte")
    layer = PlacesLayer(spec, tiles, links)
    leaflet_map.add_child(layer, name="orte")
    return document, leaflet_map, layer


def map_document(spec: MapSpec, tiles: TileProvider, *, privacy_page: str | None = None) -> str:
    """The HTML of the map document for `spec` (which goes to `spec.path` in the site).

    `privacy_page` is the URL of the site's privacy page relative to the site
    root (e.g. "datenschutz/"); the consent notice links to it. This is folium's
    full render; :class:`MapDocuments` gives the same text for many maps faster.
    """
    links, assets = _links_and_assets(spec, privacy_page)
    document, _map, _layer = _tree(spec, tiles, links, assets)
    html: str = document.render()
    return html


@dataclass(frozen=True)
class _Template:
    """A rendered document cut at its slots: `parts[i]` for i in `slots` gets a value."""

    parts: tuple[str, ...]
    slots: tuple[tuple[int, str], ...]  # (index in parts, slot name)

    def fill(self, values: dict[str, str]) -> str:
        parts = list(self.parts)
        for index, slot in self.slots:
            parts[index] = values[slot]
        return "".join(parts)


#: How often each slot stands in a document: the title in <title> and as the region's label.
_SLOT_COUNTS = {"title": 2, "options": 1, "config": 1}


class MapDocuments:
    """The map documents of one build: folium renders each shape once (see the module's notes).

    `document(spec)` returns exactly what :func:`map_document` returns.
    """

    def __init__(self, tiles: TileProvider, *, privacy_page: str | None = None) -> None:
        self.tiles = tiles
        self.privacy_page = privacy_page
        self._templates: dict[tuple[Any, ...], _Template | None] = {}
        #: Sentinels: letters and digits only, so every escape leaves them as they are.
        token = uuid.uuid4().hex
        self._sentinels = {slot: f"qd{token}{slot}" for slot in _SLOT_COUNTS}
        self.full_renders = 0  # maps rendered by folium in full (checks and fallbacks)

    def document(self, spec: MapSpec) -> str:
        links, assets = _links_and_assets(spec, self.privacy_page)
        # Everything of the document that is not a slot value decides its shape.
        key = (
            spec.cluster,
            _has_legend(spec),
            bool(spec.boundary),
            tuple(spec.styles),
            links.privacy,
            tuple(assets.items()),
        )
        values = {
            "title": str(escape(spec.title)),
            "options": str(
                escape(
                    attribute_json(leaflet_options(validate_location(_middle(spec)), self.tiles))
                )
            ),
            "config": str(js_value(map_config(spec, self.tiles, links))),
        }
        if key not in self._templates:
            template = self._template(spec, links, assets)
            full = self._full(spec, links, assets)
            usable = template is not None and template.fill(values) == full
            self._templates[key] = template if usable else None
            return full
        template = self._templates[key]
        if template is None:
            return self._full(spec, links, assets)
        return template.fill(values)

    def _full(self, spec: MapSpec, links: Links, assets: dict[str, str]) -> str:
        self.full_renders += 1
        document, _map, _layer = _tree(spec, self.tiles, links, assets)
        html: str = document.render()
        return html

    def _template(self, spec: MapSpec, links: Links, assets: dict[str, str]) -> _Template | None:
        """The document of `spec`'s shape with sentinels in the slots (None: not cut cleanly)."""
        sentinel = self._sentinels
        document, leaflet_map, layer = _tree(
            replace(spec, title=sentinel["title"]), self.tiles, links, assets
        )
        leaflet_map.leaflet_options = sentinel["options"]
        layer.config = sentinel["config"]
        html: str = document.render()
        rendered = {
            str(escape(sentinel["title"])): "title",
            str(escape(attribute_json(sentinel["options"]))): "options",
            str(js_value(sentinel["config"])): "config",
        }
        pieces = re.split("(" + "|".join(map(re.escape, rendered)) + ")", html)
        slots = tuple((index, rendered[pieces[index]]) for index in range(1, len(pieces), 2))
        counts = {slot: sum(1 for _, name in slots if name == slot) for slot in _SLOT_COUNTS}
        if counts != _SLOT_COUNTS:
            return None
        return _Template(tuple(pieces), slots)


__all__ = [
    "MAPS_ASSETS",
    "PAGE_STYLE",
    "ConsentMap",
    "MapDocument",
    "MapDocuments",
    "PlacesLayer",
    "asset_files",
    "js_value",
    "map_config",
    "map_document",
]
