"""The tile provider: who serves the map background, and what a visitor must be told.

The provider is a site setting (`tiles:` of the `quartiersdoku` plugin in
`mkdocs.yml`). Tiles are the only part of a map that comes from another host,
so the provider's name is what the consent notice names, and its privacy
policy is what the privacy page links to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup

from ..core.problems import QuartiersdokuError

OSM_NAME = "OpenStreetMap Foundation"
OSM_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = "© OpenStreetMap-Mitwirkende"
OSM_ATTRIBUTION_URL = "https://www.openstreetmap.org/copyright"
OSM_PRIVACY_URL = "https://osmfoundation.org/wiki/Privacy_Policy"
OSM_MAX_ZOOM = 19

_PLACEHOLDER = re.compile(r"\{([a-z]+)\}")
_ALLOWED_PLACEHOLDERS = frozenset({"z", "x", "y", "r"})


class TileSettingsError(QuartiersdokuError, ValueError):
    """A tile setting in mkdocs.yml is unusable; the message is German and names the setting."""


@dataclass(frozen=True)
class TileProvider:
    """A raster tile service in Leaflet's URL template form (`{z}/{x}/{y}`)."""

    name: str = OSM_NAME
    url: str = OSM_URL
    attribution: str = OSM_ATTRIBUTION
    attribution_url: str | None = OSM_ATTRIBUTION_URL
    privacy_url: str | None = OSM_PRIVACY_URL
    max_zoom: int = OSM_MAX_ZOOM

    @classmethod
    def from_options(cls, options: dict[str, Any]) -> TileProvider:
        """Build and check a provider from the plugin's `tiles:` options.

        Raises :class:`TileSettingsError` with a German message for the first
        unusable value.
        """
        known = {"name", "url", "attribution", "attribution_url", "privacy_url", "max_zoom"}
        unknown = sorted(set(options) - known)
        if unknown:
            raise TileSettingsError(
                f"tiles: unbekannte Einstellung „{unknown[0]}“. Erlaubt: {', '.join(sorted(known))}."
            )
        given = {key: value for key, value in options.items() if value is not None}
        if given.get("url", OSM_URL) == OSM_URL:
            values = {**DEFAULT_VALUES, **given}
        else:
            # Another server: OpenStreetMap's name, attribution and privacy policy would be wrong.
            for key in ("name", "attribution"):
                if not given.get(key):
                    raise TileSettingsError(
                        f"tiles.{key}: Angabe fehlt. Wer in tiles.url einen eigenen Kachelserver "
                        "einträgt, nennt auch den Anbieter (tiles.name) und die Quellenangabe "
                        "(tiles.attribution), am besten auch tiles.privacy_url."
                    )
            values = {"attribution_url": None, "privacy_url": None, **given}
        provider = cls(**values)
        provider.check()
        return provider

    def check(self) -> None:
        for key in ("name", "url", "attribution"):
            value = getattr(self, key)
            if not isinstance(value, str) or not value.strip():
                raise TileSettingsError(f"tiles.{key}: Angabe fehlt.")
        if not isinstance(self.max_zoom, int) or isinstance(self.max_zoom, bool):
            raise TileSettingsError(
                f"tiles.max_zoom: erwartet wird eine ganze Zahl, nicht „{self.max_zoom}“."
            )
        if not 1 <= self.max_zoom <= 22:
            raise TileSettingsError(
                f"tiles.max_zoom: {self.max_zoom} liegt nicht zwischen 1 und 22."
            )
        _check_web_url("tiles.url", self.url, require_https=True)
        found = set(_PLACEHOLDER.findall(self.url))
        missing = {"z", "x", "y"} - found
        if missing:
            raise TileSettingsError(
                f"tiles.url: Platzhalter {', '.join('{' + p + '}' for p in sorted(missing))} fehlt. "
                "Hinweis: Die Adresse ist eine Vorlage wie "
                "„https://tile.openstreetmap.org/{z}/{x}/{y}.png“."
            )
        if "s" in found:
            raise TileSettingsError(
                "tiles.url: {s} (wechselnde Unterdomänen) wird nicht unterstützt; "
                "jede weitere Domäne wäre ein weiterer Empfänger der IP-Adressen."
            )
        extra = found - _ALLOWED_PLACEHOLDERS
        if extra:
            raise TileSettingsError(
                f"tiles.url: unbekannter Platzhalter {{{sorted(extra)[0]}}}. "
                "Erlaubt sind {z}, {x}, {y} und {r}."
            )
        for key in ("attribution_url", "privacy_url"):
            value = getattr(self, key)
            if value:
                _check_web_url(f"tiles.{key}", value, require_https=False)

    @property
    def host(self) -> str:
        """The host that receives tile requests (and so the visitors' IP addresses)."""
        return urlsplit(self.url.replace("{", "").replace("}", "")).hostname or ""

    def attribution_html(self) -> Markup:
        """The attribution as Leaflet shows it: escaped text, linked when a URL is set."""
        if self.attribution_url:
            return Markup('<a href="{}" target="_blank" rel="noopener noreferrer">{}</a>').format(
                self.attribution_url, self.attribution
            )
        return Markup("{}").format(self.attribution)

    def placeholders(self) -> dict[str, str]:
        """Values for the operator placeholders of the legal pages."""
        return {
            "tile_provider_name": self.name,
            "tile_provider_privacy_url": self.privacy_url or "",
        }


def _check_web_url(key: str, value: str, *, require_https: bool) -> None:
    parts = urlsplit(value.replace("{", "").replace("}", ""))
    schemes = {"https"} if require_https else {"http", "https"}
    if parts.scheme not in schemes or not parts.hostname:
        need = "https://" if require_https else "http:// oder https://"
        raise TileSettingsError(
            f"tiles.{key.removeprefix('tiles.')}: „{value}“ ist keine {need}-Adresse."
        )


DEFAULT_TILES = TileProvider()
DEFAULT_VALUES: dict[str, Any] = {
    "name": OSM_NAME,
    "url": OSM_URL,
    "attribution": OSM_ATTRIBUTION,
    "attribution_url": OSM_ATTRIBUTION_URL,
    "privacy_url": OSM_PRIVACY_URL,
    "max_zoom": OSM_MAX_ZOOM,
}

__all__ = ["DEFAULT_TILES", "TileProvider", "TileSettingsError"]
