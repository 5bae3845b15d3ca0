"""Site-wide settings the core needs. The plugin fills them from `mkdocs.yml`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path


@dataclass(frozen=True)
class Region:
    """The area in which the site's places must lie (a bounding box in WGS 84)."""

    name: str = "Deutschland"
    south: float = 47.2
    west: float = 5.8
    north: float = 55.1
    east: float = 15.1

    def contains(self, lat: float, lon: float) -> bool:
        return self.south <= lat <= self.north and self.west <= lon <= self.east


@dataclass(frozen=True)
class Settings:
    quarters_dir: Path
    region: Region = field(default_factory=Region)
    today: date = field(default_factory=date.today)
