"""Schematic maps: an inline SVG drawn at build time, shown before anyone consents to tiles.

A schematic needs no third party and no script: boundaries as outlines, places
as numbered markers (the numbers are those of the place list under the map),
the names of places where they fit, and a scale bar; all in Web Mercator, the
projection of the interactive map that replaces it after consent.

Bounded by design, whatever the input: a boundary is reduced to the pixels it
can cover (:func:`thin`) and then simplified with Douglas–Peucker
(:func:`simplify`) until it has at most :data:`MAX_OUTLINE_POINTS` points;
maps with more than :data:`NUMBERED_UP_TO` places draw counted groups on a grid
instead of one marker per place. So a schematic stays a few kilobytes for a
quarter with a 50,000-point boundary as for an overview of 10,000 quarters.

Everything is drawn with presentation attributes and classes (styled by the
page's stylesheet): no `style` attribute or element, so the site's CSP
(`style-src 'self'`) holds.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from ..core.german import german_number
from .maps import MapSpec, Place, Style

#: Width of every schematic in SVG units; the height follows the shape of what is shown.
VIEW_WIDTH = 400
#: Heights in SVG units: a single place gets a small strip, large areas at most the maximum.
SINGLE_HEIGHT = 90
MIN_HEIGHT = 140
MAX_HEIGHT = 300
PAD = 24
#: Height of the band at the bottom that holds the scale bar and nothing else.
SCALE_BAND = 12
#: Up to this many places each gets a numbered marker; above, places are counted per grid cell.
NUMBERED_UP_TO = 60
GRID_CELL = 32
#: Points of all boundary outlines together, at most (a few kilobytes of path data).
MAX_OUTLINE_POINTS = 600
#: Distance (SVG units) an outline may deviate from the boundary when simplified.
TOLERANCE = 0.75
#: The smallest area shown, in metres: a single point sits in a neighbourhood this wide.
MIN_SPAN_METRES = 800.0
MARKER_RADIUS = 10.0
LABEL_SIZE = 13.0
#: Width of a character relative to the font size, for a label's box (a sans-serif average).
CHAR_WIDTH = 0.56
MAX_LABELS = 40
EARTH_CIRCUMFERENCE = 40_075_016.686

#: Marker shape of each style: running and ended programmes differ in shape, not only colour.
SHAPES: dict[Style, str] = {
    Style.QUARTER: "circle",
    Style.RUNNING: "circle",
    Style.OTHER: "circle",
    Style.ENDED: "square",
    Style.CONTACT: "square",
    Style.CLOSED: "square",
    Style.MEASURE: "diamond",
    Style.EVENT: "triangle",
}

Point2 = tuple[float, float]


def mercator(lat: float, lon: float) -> Point2:
    """Web Mercator (EPSG:3857) in world units: x and y from 0 to 1, y growing southwards."""
    lat = max(min(lat, 85.05112878), -85.05112878)
    x = (lon + 180.0) / 360.0
    sin = math.sin(math.radians(lat))
    y = 0.5 - math.log((1 + sin) / (1 - sin)) / (4 * math.pi)
    return x, y


# ----------------------------------------------------------------------------- simplification


def thin(points: Sequence[Point2], cell: float) -> list[Point2]:
    """`points` without those that fall into the same grid cell as the point before (O(n)).

    A ring of 50,000 points drawn on a few hundred units keeps at most a few
    points per unit of its length; first and last point always stay.
    """
    if len(points) < 3 or cell <= 0:
        return list(points)
    kept = [points[0]]
    last = (math.floor(points[0][0] / cell), math.floor(points[0][1] / cell))
    for point in points[1:-1]:
        key = (math.floor(point[0] / cell), math.floor(point[1] / cell))
        if key != last:
            kept.append(point)
            last = key
    kept.append(points[-1])
    return kept


def _distance_to_segment(p: Point2, a: Point2, b: Point2) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = dx * dx + dy * dy
    if length == 0:
        return math.hypot(p[0] - a[0], p[1] - a[1])
    t = max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length))
    return math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy)


def simplify(points: Sequence[Point2], tolerance: float) -> list[Point2]:
    """Douglas–Peucker: the points of a line that keep it within `tolerance` of the original.

    Iterative (no recursion limit); the ends always stay.
    """
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        farthest, index = 0.0, -1
        for i in range(first + 1, last):
            d = _distance_to_segment(points[i], points[first], points[last])
            if d > farthest:
                farthest, index = d, i
        if index >= 0 and farthest > tolerance:
            keep[index] = True
            stack.append((first, index))
            stack.append((index, last))
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def _at_most(points: list[Point2], count: int) -> list[Point2]:
    """Every k-th point (and the last), so at most about `count` remain: keeps the work bounded
    where thinning leaves many points (a jagged line that fills its pixels)."""
    if len(points) <= count:
        return points
    step = math.ceil(len(points) / count)
    return [*points[:-1:step], points[-1]]


def simplify_rings(
    rings: Sequence[Sequence[Point2]], tolerance: float, budget: int
) -> list[list[Point2]]:
    """Rings thinned and simplified until all of them together have at most `budget` points.

    Rings that shrink below a triangle are left out (too small to see).
    """
    thinned = [_at_most(thin(ring, tolerance), 2 * budget) for ring in rings]
    while True:
        result = [simple for ring in thinned if len(simple := simplify(ring, tolerance)) >= 4]
        if sum(len(ring) for ring in result) <= budget or not result:
            return result
        tolerance *= 2
        thinned = [thin(ring, tolerance) for ring in result]


# ----------------------------------------------------------------------------- layout


@dataclass(frozen=True)
class Frame:
    """Where world units land in the SVG: `x = (wx - left) * scale + offset_x`."""

    left: float
    top: float
    scale: float
    offset_x: float
    offset_y: float
    height: int
    #: Metres per SVG unit at the middle of the frame (for the scale bar).
    metres_per_unit: float

    def project(self, lat: float, lon: float) -> Point2:
        wx, wy = mercator(lat, lon)
        return (wx - self.left) * self.scale + self.offset_x, (
            wy - self.top
        ) * self.scale + self.offset_y


def frame_for(positions: Sequence[tuple[float, float]], *, single: bool) -> Frame:
    """A frame showing every (lat, lon) of `positions`, at least MIN_SPAN_METRES wide."""
    world = [mercator(lat, lon) for lat, lon in positions]
    xs = [p[0] for p in world]
    ys = [p[1] for p in world]
    mid_lat = (min(p[0] for p in positions) + max(p[0] for p in positions)) / 2
    metres_per_world = EARTH_CIRCUMFERENCE * math.cos(math.radians(mid_lat))
    min_span = MIN_SPAN_METRES / metres_per_world
    width = max(max(xs) - min(xs), min_span)
    height = max(
        max(ys) - min(ys),
        min_span * (SINGLE_HEIGHT - 2 * PAD - SCALE_BAND) / (VIEW_WIDTH - 2 * PAD),
    )
    inner_width = VIEW_WIDTH - 2 * PAD
    if single:
        view_height = SINGLE_HEIGHT
    else:
        wanted = inner_width * height / width + 2 * PAD
        view_height = round(max(MIN_HEIGHT, min(MAX_HEIGHT, wanted)))
    # The scale bar has the band at the bottom to itself.
    scale = min(inner_width / width, (view_height - 2 * PAD - SCALE_BAND) / height)
    centre_x = (max(xs) + min(xs)) / 2
    centre_y = (max(ys) + min(ys)) / 2
    return Frame(
        left=centre_x,
        top=centre_y,
        scale=scale,
        offset_x=VIEW_WIDTH / 2,
        offset_y=(view_height - SCALE_BAND) / 2,
        height=view_height,
        metres_per_unit=metres_per_world / scale,
    )


Box = tuple[float, float, float, float]


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _inside(box: Box, height: float) -> bool:
    return box[0] >= 2 and box[1] >= 2 and box[2] <= VIEW_WIDTH - 2 and box[3] <= height - 2


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    anchor: str
    text: str


def text_width(text: str, size: float = LABEL_SIZE) -> float:
    return len(text) * size * CHAR_WIDTH


def place_label(
    text: str, at: Point2, radius: float, taken: list[Box], height: float
) -> Label | None:
    """The label of a marker at `at` right, left, above or below it, where it hides nothing.

    None when no side is free. A placed label's box is added to `taken`.
    """
    x, y = at
    width = text_width(text)
    size = LABEL_SIZE
    gap = radius + 3
    candidates = (
        (
            Label(x + gap, y + size * 0.35, "start", text),
            (x + gap, y - size / 2, x + gap + width, y + size / 2),
        ),
        (
            Label(x - gap, y + size * 0.35, "end", text),
            (x - gap - width, y - size / 2, x - gap, y + size / 2),
        ),
        (
            Label(x, y - gap - 2, "middle", text),
            (x - width / 2, y - gap - size, x + width / 2, y - gap),
        ),
        (
            Label(x, y + gap + size - 2, "middle", text),
            (x - width / 2, y + gap, x + width / 2, y + gap + size),
        ),
    )
    for label, box in candidates:
        if _inside(box, height) and not any(_overlaps(box, other) for other in taken):
            taken.append(box)
            return label
    return None


def nice_length(max_metres: float) -> float:
    """The largest 1, 2 or 5 times a power of ten not above `max_metres`."""
    power = 10 ** math.floor(math.log10(max_metres))
    for step in (5, 2, 1):
        if step * power <= max_metres:
            return float(step * power)
    return float(power)


def distance_text(metres: float) -> str:
    """„500 m“, „2 km“, „1,5 km“ (a non-breaking space before the unit)."""
    if metres < 1000:
        return f"{german_number(round(metres))}\u00a0m"
    km = metres / 1000
    shown = german_number(int(km)) if km == int(km) else f"{km:.1f}".replace(".", ",")
    return f"{shown}\u00a0km"


# ----------------------------------------------------------------------------- drawing


@dataclass(frozen=True)
class Schematic:
    """A drawn schematic: the SVG, its height in SVG units and how it was drawn."""

    svg: Markup
    height: int
    numbered: bool
    #: Boundary points before and after simplification (0 without a boundary).
    boundary_points: tuple[int, int] = (0, 0)


def _fmt(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _marker(style: Style, x: float, y: float, number: str) -> str:
    shape = SHAPES[style]
    r = MARKER_RADIUS
    if shape == "circle":
        body = f'<circle cx="{_fmt(x)}" cy="{_fmt(y)}" r="{_fmt(r)}"/>'
    elif shape == "square":
        s = r * 0.9
        body = f'<rect x="{_fmt(x - s)}" y="{_fmt(y - s)}" width="{_fmt(2 * s)}" height="{_fmt(2 * s)}" rx="2"/>'
    elif shape == "diamond":
        d = r * 1.25
        body = f'<path d="M{_fmt(x)} {_fmt(y - d)}L{_fmt(x + d)} {_fmt(y)}L{_fmt(x)} {_fmt(y + d)}L{_fmt(x - d)} {_fmt(y)}Z"/>'
    else:  # triangle, pointing up
        t = r * 1.35
        body = f'<path d="M{_fmt(x)} {_fmt(y - t)}L{_fmt(x + t)} {_fmt(y + t * 0.7)}L{_fmt(x - t)} {_fmt(y + t * 0.7)}Z"/>'
    dy = 4 if shape != "triangle" else 7
    text = f'<text x="{_fmt(x)}" y="{_fmt(y + dy)}">{number}</text>' if number else ""
    return f'<g class="qd-sm qd-sm--{style.value}">{body}{text}</g>'


def _spread(points: list[Point2], height: float) -> list[Point2]:
    """Markers at (nearly) the same spot moved apart around it, so every number stays visible.

    No marker leaves the frame.
    """
    placed: list[Point2] = []
    edge = MARKER_RADIUS + 3
    step = MARKER_RADIUS * 2.1
    for x, y in points:
        candidate = (x, y)
        turn = 0
        while any(math.hypot(candidate[0] - px, candidate[1] - py) < step for px, py in placed):
            turn += 1
            angle = turn * 2.4  # golden angle: a spiral that fills evenly
            distance = step * math.sqrt(turn) * 0.8
            candidate = (x + distance * math.cos(angle), y + distance * math.sin(angle))
            if turn > 60:
                break
        placed.append(
            (
                min(max(candidate[0], edge), VIEW_WIDTH - edge),
                min(max(candidate[1], edge), height - edge),
            )
        )
    return placed


def _rings(boundary: dict[str, Any] | None) -> list[list[tuple[float, float]]]:
    """Every ring of a Polygon or MultiPolygon as (lat, lon) pairs."""
    if boundary is None:
        return []
    polygons = (
        [boundary["coordinates"]] if boundary["type"] == "Polygon" else boundary["coordinates"]
    )
    return [[(pos[1], pos[0]) for pos in ring] for polygon in polygons for ring in polygon]


def _path(rings: Iterable[Sequence[Point2]]) -> str:
    parts = []
    for ring in rings:
        head, *rest = ring
        parts.append(
            f"M{_fmt(head[0])} {_fmt(head[1])}"
            + "".join(f"L{_fmt(x)} {_fmt(y)}" for x, y in rest)
            + "Z"
        )
    return "".join(parts)


def _scale_bar(frame: Frame) -> tuple[str, Box]:
    length = nice_length(frame.metres_per_unit * VIEW_WIDTH * 0.25)
    units = length / frame.metres_per_unit
    x0, y = 10.0, frame.height - 8.0
    x1 = x0 + units
    text = distance_text(length)
    svg = (
        f'<g class="qd-sm-scale"><path d="M{_fmt(x0)} {_fmt(y - 5)}V{_fmt(y)}H{_fmt(x1)}V{_fmt(y - 5)}"/>'
        f'<text x="{_fmt(x1 + 4)}" y="{_fmt(y)}">{text}</text></g>'
    )
    box = (x0 - 2, y - LABEL_SIZE - 2, x1 + 6 + text_width(text), y + 2)
    return svg, box


def numbered(spec: MapSpec) -> bool:
    """Whether each place gets its own numbered marker (else places are counted on a grid)."""
    return len(spec.places) <= NUMBERED_UP_TO


def draw(spec: MapSpec, *, element_id: str = "karte-schema") -> Schematic:
    """The schematic of `spec` as an inline SVG image with a title and a description."""
    rings = _rings(spec.boundary)
    positions = [(p.lat, p.lon) for p in spec.places] + [pos for ring in rings for pos in ring]
    single = not rings and len({(p.lat, p.lon) for p in spec.places}) == 1
    frame = frame_for(positions, single=single)
    body: list[str] = []
    taken: list[Box] = []
    labels: list[Label] = []
    before = sum(len(ring) for ring in rings)
    after = 0
    if rings:
        projected = [[frame.project(lat, lon) for lat, lon in ring] for ring in rings]
        outlines = simplify_rings(projected, TOLERANCE, MAX_OUTLINE_POINTS)
        after = sum(len(ring) for ring in outlines)
        if outlines:
            body.append(f'<path class="qd-sm-area" d="{_path(outlines)}" fill-rule="evenodd"/>')
    bar, bar_box = _scale_bar(frame)
    taken.append(bar_box)
    is_numbered = numbered(spec)
    if is_numbered:
        spots = _spread([frame.project(p.lat, p.lon) for p in spec.places], frame.height)
        taken += [
            (
                x - MARKER_RADIUS - 1,
                y - MARKER_RADIUS - 1,
                x + MARKER_RADIUS + 1,
                y + MARKER_RADIUS + 1,
            )
            for x, y in spots
        ]
        markers = [
            _marker(place.style, x, y, str(number))
            for number, (place, (x, y)) in enumerate(zip(spec.places, spots, strict=True), 1)
        ]
        labels += _place_labels(spec, rings, frame, spots, taken)
    else:
        markers = _grid_markers(spec.places, frame)
    body += markers
    body += [
        f'<text class="qd-sm-label" x="{_fmt(label.x)}" y="{_fmt(label.y)}"'
        f' text-anchor="{label.anchor}">{escape(label.text)}</text>'
        for label in labels
    ]
    body.append(bar)
    title_id = f"{element_id}-titel"
    description = _description(spec, is_numbered)
    svg = (
        f'<svg class="qd-map__schematic" id="{element_id}" viewBox="0 0 {VIEW_WIDTH} {frame.height}"'
        f' role="img" aria-labelledby="{title_id} {element_id}-text"'
        f' xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{title_id}">{escape(_title(spec))}</title>'
        f'<desc id="{element_id}-text">{escape(description)}</desc>'
        f'<rect class="qd-sm-ground" width="{VIEW_WIDTH}" height="{frame.height}"/>'
        + "".join(body)
        + "</svg>"
    )
    return Schematic(Markup(svg), frame.height, is_numbered, (before, after))


def _title(spec: MapSpec) -> str:
    name = spec.title.removeprefix("Karte: ")
    return f"Lageskizze: {name}"


def _description(spec: MapSpec, is_numbered: bool) -> str:
    count = len(spec.places)
    if not count:
        return "Die Skizze zeigt die Grenze des Quartiers."
    places = "einen Ort" if count == 1 else f"{count} Orte"  # „zeigt“ takes the accusative
    if is_numbered:
        return f"Die Skizze zeigt {places}; die Nummern sind die der Liste zur Karte."
    return f"Die Skizze zeigt {places}, nach Lage gruppiert und gezählt; alle stehen in der Liste."


def _place_labels(
    spec: MapSpec,
    rings: list[list[tuple[float, float]]],
    frame: Frame,
    spots: list[Point2],
    taken: list[Box],
) -> list[Label]:
    """Names where they fit: the quarter's name inside its boundary first, then the places'."""
    labels: list[Label] = []
    if rings:
        xs = [frame.project(lat, lon)[0] for ring in rings for lat, lon in ring]
        ys = [frame.project(lat, lon)[1] for ring in rings for lat, lon in ring]
        name = spec.title.removeprefix("Karte: ")
        x, y = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
        width = text_width(name)
        box = (x - width / 2, y - LABEL_SIZE / 2, x + width / 2, y + LABEL_SIZE / 2)
        if (
            width < max(xs) - min(xs)
            and _inside(box, frame.height)
            and not any(_overlaps(box, other) for other in taken)
        ):
            taken.append(box)
            labels.append(Label(x, y + LABEL_SIZE * 0.35, "middle", name))
    for place, (x, y) in zip(spec.places, spots, strict=True):
        if len(labels) >= MAX_LABELS:
            break
        if place.style is Style.QUARTER and rings:
            continue  # the boundary carries the name already
        label = place_label(place.name, (x, y), MARKER_RADIUS, taken, frame.height)
        if label is not None:
            labels.append(label)
    return labels


def _grid_markers(places: Sequence[Place], frame: Frame) -> list[str]:
    """Many places: per grid cell and style one marker of the style's shape, counting its places.

    Styles sharing a cell sit side by side, so running and ended programmes stay
    apart by shape and colour also when counted.
    """
    cells: dict[tuple[int, int, Style], list[Point2]] = {}
    for place in places:
        x, y = frame.project(place.lat, place.lon)
        key = (int(x // GRID_CELL), int(y // GRID_CELL), place.style)
        cells.setdefault(key, []).append((x, y))
    order = {style: index for index, style in enumerate(Style)}
    shown: dict[tuple[int, int], int] = {}
    markers = []
    for (cx, cy, style), points in sorted(cells.items(), key=lambda item: order[item[0][2]]):
        nth = shown.get((cx, cy), 0)
        shown[(cx, cy)] = nth + 1
        x = sum(p[0] for p in points) / len(points) + nth * MARKER_RADIUS * 1.6
        y = sum(p[1] for p in points) / len(points)
        edge = MARKER_RADIUS + 3
        x = min(max(x, edge), VIEW_WIDTH - edge)
        y = min(max(y, edge), frame.height - SCALE_BAND - edge)
        count = len(points)
        markers.append(_marker(style, x, y, str(count) if count > 1 else ""))
    return markers


__all__ = [
    "MAX_OUTLINE_POINTS",
    "NUMBERED_UP_TO",
    "SHAPES",
    "Schematic",
    "distance_text",
    "draw",
    "frame_for",
    "map_numbers",
    "mercator",
    "nice_length",
    "numbered",
    "place_label",
    "simplify",
    "simplify_rings",
    "symbol",
    "thin",
]


def map_numbers(spec: MapSpec | None) -> dict[str, int]:
    """The marker number of each linked place by its link (page and anchor), for lists that
    stand apart from the map block (the start page's quarters); empty when not numbered."""
    if spec is None or not numbered(spec):
        return {}
    return {
        href: number
        for number, place in enumerate(spec.places, 1)
        if (href := place.href) is not None
    }


def symbol(style: Style) -> Markup:
    """A marker's shape alone, as a small decorative SVG for the legend under a schematic."""
    return Markup(
        '<svg class="qd-map__symbol" viewBox="-14 -14 28 28" aria-hidden="true"'
        ' focusable="false" xmlns="http://www.w3.org/2000/svg">'
        f"{_marker(style, 0, 0, '')}</svg>"
    )
