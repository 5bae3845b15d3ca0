"""Boundaries: GeoJSON polygons in lon/lat order (RFC 7946), inside the site's region."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from quartiersdoku.core.settings import Settings
from quartiersdoku.core.validate import geojson_problem, load_site

SETTINGS = Settings(quarters_dir=Path("."))
RING = [[7.40, 51.30], [7.50, 51.30], [7.50, 51.40], [7.40, 51.40], [7.40, 51.30]]


def _polygon(ring: list[Any]) -> dict[str, Any]:
    return {"type": "Polygon", "coordinates": [ring]}


@pytest.mark.parametrize(
    "geojson",
    [
        _polygon(RING),
        {"type": "Feature", "properties": {}, "geometry": _polygon(RING)},
        {
            "type": "FeatureCollection",
            "features": [{"type": "Feature", "geometry": _polygon(RING)}],
        },
        {"type": "MultiPolygon", "coordinates": [[RING], [RING]]},
        _polygon([[*pos, 120.5] for pos in RING]),
    ],
)
def test_valid_boundaries(geojson: dict[str, Any]) -> None:
    assert geojson_problem(geojson, SETTINGS) is None


@pytest.mark.parametrize(
    ("geojson", "message"),
    [
        ({"type": "Point", "coordinates": [7.4, 51.3]}, "Polygon oder -MultiPolygon"),
        ({"type": "Polygon", "coordinates": []}, "fehlt oder ist leer"),
        ({"type": "Polygon", "coordinates": RING}, "jede Position eines Rings"),
        (_polygon(RING[:-1]), "nicht geschlossen"),
        (_polygon(RING[:3]), "mindestens vier Positionen"),
        (_polygon([[7.4, 51.3]] * 4), "mindestens drei verschiedene Positionen"),
        (_polygon([[lat, lon] for lon, lat in RING]), "vertauscht"),
        (_polygon([[pos[0] + 20, pos[1]] for pos in RING]), "außerhalb von Deutschland"),
        (_polygon([[*pos, "hoch"] for pos in RING]), "jede Position eines Rings"),
        (
            _polygon([[float("nan"), 51.3], *RING[1:-1], [float("nan"), 51.3]]),
            "jede Position eines Rings",
        ),
        ({"type": "FeatureCollection", "features": []}, "genau ein Feature"),
    ],
)
def test_broken_boundaries_are_named(geojson: dict[str, Any], message: str) -> None:
    problem = geojson_problem(geojson, SETTINGS)
    assert problem is not None
    assert message in problem


@pytest.mark.parametrize(("lat", "lon"), [(".nan", "7.4"), ("51.3", ".inf")])
def test_points_must_be_finite(tmp_path: Path, lat: str, lon: str) -> None:
    folder = tmp_path / "stadt"
    folder.mkdir()
    (folder / "q.yaml").write_text(
        f"name: Q\ncity: S\nsummary: x\nlocation: {{lat: {lat}, lon: {lon}}}\n", encoding="utf-8"
    )
    problems = load_site(Settings(quarters_dir=tmp_path)).problems
    assert [p.message for p in problems] == ["Breiten- und Längengrad müssen endliche Zahlen sein."]
