"""The schematic map (pages/schematic.py): projection, simplification within bounds, numbered
markers in the order of the place list, shapes that tell running from ended programmes, a
scale bar, labels that do not overlap, and a warning naming an over-detailed boundary file."""

from __future__ import annotations

import json
import math
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from quartiersdoku.core.problems import Severity
from quartiersdoku.core.settings import Settings
from quartiersdoku.core.validate import DETAILED_BOUNDARY, load_site
from quartiersdoku.pages.maps import MapSpec, Place, Style
from quartiersdoku.pages.schematic import (
    MAX_OUTLINE_POINTS,
    NUMBERED_UP_TO,
    SHAPES,
    distance_text,
    draw,
    map_numbers,
    mercator,
    nice_length,
    place_label,
    simplify,
    thin,
)


def _svg(spec: MapSpec) -> Tag:
    svg = BeautifulSoup(str(draw(spec).svg), "html.parser").find("svg")
    assert isinstance(svg, Tag)
    return svg


def _circle_ring(
    points: int, lat: float = 51.36, lon: float = 7.46, radius: float = 0.01
) -> list[list[float]]:
    """A closed ring of `points` positions around (lat, lon), with a little noise."""
    ring = [
        [
            lon
            + radius * 1.6 * math.cos(2 * math.pi * i / points) * (1 + 0.02 * math.sin(i * 7.3)),
            lat + radius * math.sin(2 * math.pi * i / points) * (1 + 0.02 * math.cos(i * 3.1)),
        ]
        for i in range(points - 1)
    ]
    return [*ring, ring[0]]


def test_mercator_matches_web_mercator_reference_values() -> None:
    assert mercator(0, 0) == pytest.approx((0.5, 0.5))
    assert mercator(0, 180) == pytest.approx((1.0, 0.5))
    # 51.5° N: y of tile 0 at zoom 0 is 0.5 - ln(tan(π/4 + φ/2)) / 2π
    expected = 0.5 - math.log(math.tan(math.pi / 4 + math.radians(51.5) / 2)) / (2 * math.pi)
    assert mercator(51.5, 7.0)[1] == pytest.approx(expected)
    assert mercator(90, 0)[1] == pytest.approx(
        0.0, abs=1e-9
    )  # clamped at the projection's limit, never infinite


def test_douglas_peucker_keeps_corners_and_drops_points_on_a_line() -> None:
    line = [(0.0, 0.0), (1.0, 0.01), (2.0, 0.0), (3.0, 6.0), (4.0, 10.0), (5.0, 10.0)]
    assert simplify(line, 0.5) == [(0.0, 0.0), (2.0, 0.0), (4.0, 10.0), (5.0, 10.0)]
    assert simplify(line, 0.0) == line
    assert thin([(0.1, 0.1), (0.2, 0.2), (0.3, 0.3), (5.0, 5.0)], 1.0) == [(0.1, 0.1), (5.0, 5.0)]


def test_scale_bar_lengths_are_round_and_german() -> None:
    assert nice_length(730) == 500
    assert nice_length(2500) == 2000
    assert nice_length(99) == 50
    assert distance_text(500) == "500\u00a0m"
    assert distance_text(2000) == "2\u00a0km"
    assert distance_text(20000) == "20\u00a0km"


def test_labels_never_overlap_each_other_or_leave_the_frame() -> None:
    taken: list[tuple[float, float, float, float]] = []
    placed = [
        place_label("Quartiersbüro Wehringhausen", (200.0, 60.0), 10, taken, 120) for _ in range(6)
    ]
    shown = [label for label in placed if label is not None]
    assert 1 <= len(shown) <= 4  # right, left, above, below: then no room is left
    assert len({(label.x, label.y) for label in shown}) == len(shown)
    for a in range(len(taken)):
        for b in range(a + 1, len(taken)):
            first, second = taken[a], taken[b]
            assert not (
                first[0] < second[2]
                and second[0] < first[2]
                and first[1] < second[3]
                and second[1] < first[3]
            )
    assert (
        place_label(
            "Ein sehr langer Name, der nirgends hinpasst, weder rechts noch links daneben",
            (10.0, 10.0),
            10,
            [],
            30,
        )
        is None
    )


def test_markers_carry_the_numbers_of_the_list_and_their_shape_by_style() -> None:
    places = (
        Place("Laufend", Style.RUNNING, 51.36, 7.46, page="quartiere/a/"),
        Place("Beendet", Style.ENDED, 51.40, 7.50, page="quartiere/b/"),
        Place("Geplant", Style.OTHER, 51.30, 7.40, page="quartiere/c/"),
    )
    spec = MapSpec("karten/x.html", "Karte: alle Quartiere", places)
    svg = _svg(spec)
    markers = svg.select("g.qd-sm")
    assert [g.text for g in markers] == ["1", "2", "3"]
    assert [g["class"][1] for g in markers] == ["qd-sm--running", "qd-sm--ended", "qd-sm--other"]
    # running and ended differ in shape, not colour alone
    assert SHAPES[Style.RUNNING] != SHAPES[Style.ENDED]
    assert markers[0].find("circle") is not None
    assert markers[1].find("rect") is not None
    assert map_numbers(spec) == {"quartiere/a/": 1, "quartiere/b/": 2, "quartiere/c/": 3}


def test_the_svg_is_an_image_with_title_description_and_scale_bar() -> None:
    spec = MapSpec(
        "k.html", "Karte: Wehringhausen", (Place("Büro <b>", Style.CONTACT, 51.35, 7.45),)
    )
    svg = _svg(spec)
    assert svg["role"] == "img"
    title = svg.find("title")
    assert title is not None
    assert title.text == "Lageskizze: Wehringhausen"
    labelled = str(svg["aria-labelledby"]).split()
    assert title["id"] in labelled
    assert svg.find("desc")["id"] in labelled
    assert svg.find("desc").text == (
        "Die Skizze zeigt einen Ort; die Nummern sind die der Liste zur Karte."
    )
    scale = svg.select_one(".qd-sm-scale text")
    assert scale is not None
    assert scale.text.endswith(("m", "km"))
    assert "<b>" not in str(draw(spec).svg)  # editor text escaped
    assert svg.find(attrs={"style": True}) is None
    assert svg.find("style") is None


def test_a_single_point_gets_a_small_strip() -> None:
    single = draw(MapSpec("k.html", "Karte: Q", (Place("Q", Style.QUARTER, 51.35, 7.45),)))
    spread = draw(
        MapSpec(
            "k.html",
            "Karte: Q",
            (Place("A", Style.CONTACT, 51.30, 7.40), Place("B", Style.CONTACT, 51.40, 7.50)),
        )
    )
    assert single.height < spread.height
    assert single.height <= 100


def test_many_places_are_counted_on_a_grid_within_bounded_size() -> None:
    places = tuple(
        Place(
            f"Quartier {i}",
            (Style.RUNNING, Style.ENDED, Style.OTHER)[i % 3],
            47.5 + (i * 0.37) % 7.5,
            6.0 + (i * 0.53) % 9.0,
        )
        for i in range(10_000)
    )
    sketch = draw(MapSpec("k.html", "Karte: alle Quartiere", places))
    assert not sketch.numbered
    assert len(sketch.svg) < 40_000
    assert map_numbers(MapSpec("k.html", "Karte", places)) == {}
    svg = BeautifulSoup(str(sketch.svg), "html.parser")
    total = sum(int(g.text) if g.text else 1 for g in svg.select("g.qd-sm"))
    assert total == len(places)
    # Counted, running and ended programmes still differ in shape.
    assert svg.select("g.qd-sm--running > circle")
    assert svg.select("g.qd-sm--ended > rect")
    assert not svg.select("g.qd-sm--ended > circle")
    assert len(places) > NUMBERED_UP_TO


def test_a_boundary_of_fifty_thousand_points_is_simplified_in_bounded_time_and_size() -> None:
    ring = _circle_ring(50_000)
    spec = MapSpec(
        "k.html",
        "Karte: Q",
        (Place("Büro", Style.CONTACT, 51.36, 7.46),),
        boundary={"type": "Polygon", "coordinates": [ring]},
    )
    started = time.perf_counter()
    sketch = draw(spec)
    seconds = time.perf_counter() - started
    before, after = sketch.boundary_points
    assert before == 50_000
    assert 8 <= after <= MAX_OUTLINE_POINTS
    assert len(sketch.svg) < 12_000
    assert seconds < 2.0


def test_a_too_detailed_boundary_file_is_named_in_a_warning(tmp_path: Path) -> None:
    folder = tmp_path / "hagen"
    folder.mkdir()
    (folder / "q.geojson").write_text(
        json.dumps({"type": "Polygon", "coordinates": [_circle_ring(DETAILED_BOUNDARY + 1000)]}),
        encoding="utf-8",
    )
    (folder / "q.yaml").write_text(
        "name: Q\ncity: Hagen\nsummary: x\nboundary: q.geojson\n", encoding="utf-8"
    )
    result = load_site(Settings(quarters_dir=tmp_path))
    assert not result.errors
    warnings = [
        p for p in result.problems if p.severity is Severity.WARNING and p.field == "boundary"
    ]
    assert len(warnings) == 1
    assert "„q.geojson“ hat 6.000 Eckpunkte" in warnings[0].message
    assert warnings[0].format(tmp_path).startswith("hagen/q.yaml:4:")
