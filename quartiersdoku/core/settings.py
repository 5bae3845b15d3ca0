"""Site-wide settings the core needs, made from the plugin's options in `mkdocs.yml`."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any


def build_date() -> date:
    """The one date every time-dependent label of a build uses.

    `SOURCE_DATE_EPOCH` (seconds since 1970, the reproducible-builds convention)
    when it is set, else today. The day is taken in UTC, as the convention says.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), UTC).date()
        except (ValueError, OverflowError, OSError):
            raise ValueError(
                f"SOURCE_DATE_EPOCH muss eine ganze Zahl von Sekunden seit 1970 sein, nicht „{epoch}“."
            ) from None
    return date.today()


def site_stand(day: date) -> dict[str, str]:
    """„Stand der Website“ for the theme's footer (`config.extra.quartiersdoku_stand`)."""
    return {"iso": day.isoformat(), "text": day.strftime("%d.%m.%Y")}


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
    today: date = field(default_factory=build_date)
    #: After how many months a quarter's `reviewed` date counts as too old (plugin option).
    review_after_months: int = 12


def settings_from_options(root: Path, options: Mapping[str, Any]) -> Settings:
    """The settings of a build or a check, from the plugin's options (`quarters_dir`,
    `region`) as MkDocs or `config.read_plugin_options` read them; `root` is the folder
    of `mkdocs.yml`. The plugin and the command line both call this."""
    region = options.get("region")
    return Settings(
        quarters_dir=root / str(options.get("quarters_dir", "quarters")),
        region=Region(**dict(region)) if isinstance(region, Mapping) else Region(),
        today=build_date(),
        review_after_months=int(options.get("review_after_months", 12)),
    )
