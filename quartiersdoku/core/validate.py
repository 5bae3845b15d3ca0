"""Validate all files below `quarters/`: each against the model, then across files.

Every problem is collected; nothing stops at the first. The result is a
:class:`Site` and the list of problems (errors and warnings).
"""

from __future__ import annotations

import functools
import gc
import json
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple, ParamSpec, TypeVar, get_args

from pydantic import BaseModel, ValidationError

from .cputime import LEDGER, LOADING, VALIDATION
from .german import german_number
from .hints import file_placeholder_hints, placeholder_hints
from .load import LoadedFile, Loc, load_file
from .messages import problems_from
from .model import City, Quarter, Sourced
from .problems import Problem, Severity, field_path
from .settings import Settings
from .site import CITY_FILE, CityData, QuarterData, Site
from .translations import translation_errors
from .urls import quarter_url, slugify, transliterate
from .warnings import Advice, editor_advice

_SEGMENT_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_SUFFIXES = (".yaml", ".yml")


@dataclass
class Result:
    site: Site
    problems: list[Problem]
    #: The editors' review list (`quartiersdoku pruefen`): the warnings, most urgent first.
    advice: list[Advice] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]


def discover(quarters_dir: Path) -> list[Path]:
    """Every YAML file below `quarters_dir`, in a stable order."""
    files = [p for p in quarters_dir.rglob("*") if p.suffix in _SUFFIXES and p.is_file()]
    return sorted(files, key=lambda p: p.relative_to(quarters_dir).as_posix())


#: Loads and validates one file: (model or None, the loaded file, its problems).
FileCheck = Callable[[Path, type[Any], Settings], tuple[Any, LoadedFile, list[Problem]]]


_P = ParamSpec("_P")
_R = TypeVar("_R")


def _cyclic_gc_paused(function: Callable[_P, _R]) -> Callable[_P, _R]:
    """Run `function` with CPython's cyclic garbage collector paused.

    Loading a site keeps nearly everything it creates (millions of objects at
    1,000 quarters) and makes no reference cycles worth collecting meanwhile;
    the collector would walk the growing heap again and again, ~35 % of
    `load_site`. Reference counting still frees all the rest.
    """

    @functools.wraps(function)
    def paused(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        if not gc.isenabled():
            return function(*args, **kwargs)
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            gc.enable()

    return paused


@_cyclic_gc_paused
def load_site(
    settings: Settings,
    paths: Iterable[Path] | None = None,
    *,
    check_file: FileCheck | None = None,
    hints: Callable[[Site], list[Problem]] = placeholder_hints,
) -> Result:
    """Load and check every file (or the given ones) below `settings.quarters_dir`.

    `check_file` replaces :func:`validate_file` for each file and `hints` the placeholder
    hints (the preview's cache, `preview/caches.py`); the checks across files always run
    over the whole site.
    """
    check = check_file or validate_file
    # With the default hints each file's are taken as soon as it is validated, and its raw
    # data and key positions dropped at once: at 10,000 quarters, holding them for all
    # files until the end cost about 0.7 GB of peak memory (docs/performance.md).
    early = hints is placeholder_hints
    found_hints: list[Problem] = []

    def checked(path: Path, model: type[M]) -> tuple[M | None, LoadedFile, list[Problem]]:
        result, loaded, found = check(path, model, settings)
        if early:
            found_hints.extend(file_placeholder_hints(loaded))
            loaded.data = None  # the model has it all now
            loaded.keys = {}  # key positions serve only the file's own messages (found)
        return result, loaded, found

    root = settings.quarters_dir
    resolved_root = root.resolve()  # once, not for every file
    files = discover(root) if paths is None else sorted(paths)
    site = Site(today=settings.today, review_after_months=settings.review_after_months)
    problems: list[Problem] = []
    slugs: dict[str, Path] = {}
    for path in files:
        relative = _relative(path, resolved_root)
        if path.name == CITY_FILE:
            problems.extend(_load_city_file(path, relative, site, checked))
            continue
        if path.name.startswith("_"):
            problems.append(
                Problem(
                    path,
                    1,
                    1,
                    "",
                    f"Unbekannte Sonderdatei „{path.name}“: nur „{CITY_FILE}“ beginnt mit „_“.",
                )
            )
            continue
        slug, city_key, slug_problem = _slug_for(path, relative)
        if slug_problem is not None:
            problems.append(slug_problem)
            if slug_problem.severity is Severity.ERROR:
                continue
        if slug in slugs:
            problems.append(
                Problem(
                    path,
                    1,
                    1,
                    "",
                    f"Die Adresse „{quarter_url(slug)}“ vergibt schon die Datei {slugs[slug].name}. Hinweis: Benennen Sie eine der beiden Dateien um.",
                )
            )
            continue
        slugs[slug] = path
        quarter, loaded, found = checked(path, Quarter)
        problems.extend(found)
        if quarter is not None:
            site.quarters.append(QuarterData(slug, quarter, loaded, city_key))
    for data in site.quarters:
        site.cities.setdefault(data.city_key, CityData(data.city_key))
    problems.extend(_cross_checks(site, settings))
    problems.extend(found_hints if early else hints(site))
    advice: list[Advice] = []
    if not any(p.severity is Severity.ERROR for p in problems):
        advice = editor_advice(site)
        problems.extend(a.problem for a in advice)
    return Result(site, sorted(problems, key=lambda p: p.sort_key), advice)


def _relative(path: Path, resolved_root: Path) -> Path | None:
    try:
        return path.resolve().relative_to(resolved_root)
    except ValueError:
        return None


def _load_city_file(
    path: Path,
    relative: Path | None,
    site: Site,
    checked: Callable[[Path, type[City]], tuple[City | None, LoadedFile, list[Problem]]],
) -> list[Problem]:
    """A city file into `site.cities`, under its folder's key; its problems."""
    misplaced = _city_folder_problem(path, relative)
    if misplaced is not None or relative is None:
        return [misplaced] if misplaced is not None else []
    key = "/".join(transliterate(part) for part in relative.parent.parts)
    city, loaded, found = checked(path, City)
    site.cities[key] = CityData(key, city, loaded)
    return found


def _city_folder_problem(path: Path, relative: Path | None) -> Problem | None:
    """Why a city file cannot be a city's: outside the quarters, directly in them (its page
    would be the quarter index), or in a folder whose name is no part of a web address."""
    if relative is None:
        return Problem(
            path, 1, 1, "", "Die Datei liegt nicht im Ordner der Quartiere und wird nicht gebaut."
        )
    if relative.parent.as_posix() == ".":
        return Problem(
            path,
            1,
            1,
            "",
            f"Die Stadtdatei „{CITY_FILE}“ gehört in den Ordner ihrer Stadt, etwa "
            f"quarters/hagen/{CITY_FILE}; direkt im Ordner der Quartiere gehört sie zu keiner "
            "Stadt. Hinweis: Legen Sie einen Ordner für die Stadt an und verschieben Sie die "
            "Datei dorthin.",
        )
    for part in relative.parent.parts:
        if not _SEGMENT_RE.match(transliterate(part)):
            return _name_problem(path, part, folder=True)
    return None


def _name_problem(path: Path, part: str, *, folder: bool) -> Problem:
    """A folder or file name that cannot be part of a web address, and what to rename it to."""
    what, shown, better = (
        ("Ordnername", part, slugify(part))
        if folder
        else ("Dateiname", part + path.suffix, slugify(part) + path.suffix)
    )
    thing = "den Ordner" if folder else "die Datei"
    return Problem(
        path,
        1,
        1,
        "",
        f"Der {what} „{shown}“ wird Teil der Webadresse und darf nur Kleinbuchstaben a–z, "
        "Ziffern und Bindestriche enthalten (Umlaute und ß schreibt die Website um). "
        f"Hinweis: Benennen Sie {thing} um, etwa in „{better}“; den Namen, den die Website "
        "zeigt, bestimmt `name:` in der Datei.",
    )


def _slug_for(path: Path, relative: Path | None) -> tuple[str, str, Problem | None]:
    if relative is None:
        return (
            "",
            "",
            Problem(
                path,
                1,
                1,
                "",
                "Die Datei liegt nicht im Ordner der Quartiere und wird nicht gebaut.",
            ),
        )
    parts = [*relative.parent.parts, relative.stem]
    url_parts = [transliterate(part) for part in parts]
    for index, (part, url_part) in enumerate(zip(parts, url_parts, strict=True)):
        if not _SEGMENT_RE.match(url_part):
            return "", "", _name_problem(path, part, folder=index < len(parts) - 1)
    slug = "/".join(url_parts)
    if url_parts == parts:
        return slug, "/".join(parts[:-1]), None
    # Umlauts and ß (files named in the form editor): accepted, the address is transliterated.
    ascii_name = Path(*url_parts[:-1], url_parts[-1] + path.suffix).as_posix()
    return (
        slug,
        "/".join(url_parts[:-1]),
        Problem(
            path,
            1,
            1,
            "",
            f"Der Dateiname enthält Umlaute oder ß; die Webadresse lautet „quartiere/{slug}/“. "
            f"Hinweis: Benennen Sie die Datei in „{ascii_name}“ um (Ordner „quarters/“), dann "
            "stimmen Dateiname und Webadresse überein.",
            Severity.WARNING,
        ),
    )


M = TypeVar("M", bound=BaseModel)


def validate_file(
    path: Path, model: type[M], settings: Settings
) -> tuple[M | None, LoadedFile, list[Problem]]:
    """Load one file and validate it against `model` (no checks across files)."""
    with LEDGER.phase(LOADING, within=VALIDATION):  # the build's CPU shares (cputime.py)
        loaded = load_file(path)
    if loaded.problems:
        return None, loaded, list(loaded.problems)
    data = loaded.data
    if data is None:
        return (
            None,
            loaded,
            [
                Problem(
                    path,
                    1,
                    1,
                    "",
                    "Die Datei ist leer. Hinweis: `quartiersdoku new` legt eine kommentierte Vorlage an.",
                )
            ],
        )
    if not isinstance(data, dict):
        kind = "eine Liste" if isinstance(data, list) else "ein einzelner Wert"
        return (
            None,
            loaded,
            [
                Problem(
                    path,
                    1,
                    1,
                    "",
                    f"Die Datei muss aus Feldern bestehen (Name: Wert), sie ist aber {kind}.",
                )
            ],
        )
    try:
        result = model.model_validate(
            data, context={"region": settings.region, "today": settings.today}
        )
    except ValidationError as exc:
        return None, loaded, problems_from(model, exc, loaded)
    # Checked here, while the file's key positions are known (load_site drops them).
    found = translation_errors(loaded, result) if isinstance(result, Quarter) else []
    return result, loaded, found


# ------------------------------------------------------------------ cross-file checks


#: Fields of a quarter that cite the sources of one of its texts (`summary`, `description`).
TEXT_SOURCES = ("summary_sources", "description_sources")

_COLLECTIONS = ("programmes", "measures", "events", "contacts", "decisions", "reports")


def _derived_id(kind: str, entry: Any) -> str:
    if kind == "programmes":
        return slugify(entry.name)
    if kind == "measures":
        return slugify(f"{entry.number or ''} {entry.title}")
    if kind == "events":
        return slugify(f"{entry.title} {entry.start.isoformat()[:10]}")
    if kind == "contacts":
        return slugify(entry.name)
    if kind == "decisions":
        return slugify(entry.reference or f"{entry.title} {entry.date.iso()}")
    if kind == "reports":
        return slugify(f"{entry.date.isoformat()} {entry.title}")
    raise KeyError(kind)


def without_id(holder: Any) -> list[Any]:
    """The entries (and commitments) of a validated file that have no id yet.

    `_assign_ids` derives theirs; a cache that checks the same model again resets these
    to None first, so the derived ids and their messages stay as on the first check.
    """
    found: list[Any] = []
    for kind in _COLLECTIONS:
        for entry in getattr(holder, kind, []):
            if entry.id is None:
                found.append(entry)
            if kind == "decisions":
                found.extend(c for c in entry.commitments if c.id is None)
    return found


#: What an entry's id is made of when it has no `id:` (`_derived_id`).
_DERIVED_FROM = {
    "programmes": "aus dem Namen",
    "measures": "aus Nummer und Titel",
    "events": "aus Titel und Beginn",
    "contacts": "aus dem Namen",
    "decisions": "aus der Drucksachennummer (ohne sie aus Titel und Datum)",
    "reports": "aus Datum und Titel",
}

#: How to settle two entries with one id.
_DUPLICATE_HINT = (
    "Hinweis: Meinen beide Einträge dasselbe, löschen Sie einen; sonst geben Sie einem von "
    "beiden eine andere Kennung mit `id:`."
)


def _first_line(loaded: LoadedFile, loc: Loc) -> str:
    """„ (zuerst in Zeile 27)“ for the entry at `loc` (its `id`, or where it begins)."""
    if loc not in loaded.values:  # positions released: no line rather than a wrong one
        return ""
    return f" (zuerst in Zeile {loaded.position((*loc, 'id')).line})"


def _assign_ids(loaded: LoadedFile, holder: Any, problems: list[Problem], prefix: Loc = ()) -> None:
    """Give every entry an id (its own or a derived one) and report duplicates."""
    for kind in _COLLECTIONS:
        seen: dict[str, int] = {}
        for index, entry in enumerate(getattr(holder, kind, [])):
            if entry.id is None:
                entry.id = _derived_id(kind, entry)
                explicit = False
            else:
                explicit = True
            loc = (*prefix, kind, index)
            if entry.id in seen:
                first = _first_line(loaded, (*prefix, kind, seen[entry.id]))
                made = "" if explicit else f"; ohne `id:` wird sie {_DERIVED_FROM[kind]} gebildet"
                problems.append(
                    loaded.problem(
                        (*loc, "id") if explicit else loc,
                        f"Die Kennung „{entry.id}“ gibt es in „{kind}“ schon{first}{made}. "
                        + _DUPLICATE_HINT,
                    )
                )
            else:
                seen[entry.id] = index
            if kind == "decisions":
                _assign_commitment_ids(loaded, entry, loc, problems)


def _assign_commitment_ids(
    loaded: LoadedFile, decision: Any, loc: Loc, problems: list[Problem]
) -> None:
    seen: dict[str, int] = {}
    for index, commitment in enumerate(decision.commitments):
        explicit = commitment.id is not None
        commitment.id = commitment.id or slugify(commitment.title)
        if commitment.id in seen:
            first = _first_line(loaded, (*loc, "commitments", seen[commitment.id]))
            made = "" if explicit else "; ohne `id:` wird ihre Kennung aus dem Titel gebildet"
            problems.append(
                loaded.problem(
                    (*loc, "commitments", index, "id")
                    if explicit
                    else (*loc, "commitments", index),
                    f"Die Zusage „{commitment.id}“ gibt es in diesem Beschluss schon{first}{made}. "
                    + _DUPLICATE_HINT,
                )
            )
        else:
            seen[commitment.id] = index


def _walk_sourced(value: Any, loc: Loc) -> list[tuple[Sourced, Loc]]:
    """Every `Sourced` entry below `value` with its loc, parents before children."""
    found: list[tuple[Sourced, Loc]] = []
    _collect_sourced(value, loc, found)
    return found


def _holds_models(annotation: Any) -> bool:
    """Whether a field of this type can hold a model, itself or inside (lists, unions)."""
    if annotation is Any:
        return True
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return True
    return any(_holds_models(arg) for arg in get_args(annotation))


@functools.cache
def _model_fields(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields of `model` that can hold models: the others (texts, dates, numbers,
    lists of texts) are not looked at (half of the walk at 1,000 quarters)."""
    return tuple(
        name for name, info in model.model_fields.items() if _holds_models(info.annotation)
    )


def _collect_sourced(value: Any, loc: Loc, found: list[tuple[Sourced, Loc]]) -> None:
    # A plain recursive function that descends only into models and lists: a
    # generator per value cost ~0.3 s per 1,000 quarters.
    if isinstance(value, Sourced):
        found.append((value, loc))
    if isinstance(value, BaseModel):
        for name in _model_fields(type(value)):
            child = getattr(value, name)
            if isinstance(child, BaseModel | list):
                _collect_sourced(child, (*loc, name), found)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, BaseModel | list):
                _collect_sourced(item, (*loc, index), found)


def _check_sources(
    loaded: LoadedFile, root: BaseModel, known: set[str], problems: list[Problem]
) -> None:
    cited = [
        ((*loc, "sources", index), ref.id)
        for entry, loc in _walk_sourced(root, ())
        for index, ref in enumerate(entry.sources)
    ]
    for name in TEXT_SOURCES:  # the quarter's own texts cite their sources beside them
        cited += [((name, index), ref.id) for index, ref in enumerate(getattr(root, name, []))]
    for loc, source in cited:
        if source not in known:
            problems.append(_unknown(loaded, loc, _SOURCE, source, known))


class _Target(NamedTuple):
    """What a reference names („Das Programm“), and where such entries are made, said
    when there is none yet (`{value}`: the reference)."""

    what: str
    none: str


# The examples of `quartiersdoku new` cite one before any source is there.
_SOURCE = _Target(
    "Quelle",
    "In dieser Datei ist noch keine Quelle unter `sources:` eingetragen. Hinweis: Tragen "
    "Sie das Dokument unter `sources:` mit `id: {value}` ein (Anleitung: „Quellen "
    "angeben“), oder löschen Sie den Verweis.",
)
_GOAL = _Target(
    "Das strategische Ziel",
    "In der Stadtdatei (`_stadt.yaml`) steht noch kein Ziel unter `strategy_goals:`.",
)
_PROGRAMME = _Target(
    "Das Programm", "In dieser Datei steht noch kein Programm unter `programmes:`."
)
_CONTACT = _Target(
    "Die Anlaufstelle",
    "In den Dateien dieser Stadt steht noch keine Anlaufstelle unter `contacts:`.",
)
_CITY_DECISION = _Target(
    "Der Beschluss", "In dieser Datei steht noch kein Beschluss unter `decisions:`."
)
_DECISION = _Target(
    "Der Beschluss",
    "Unter `decisions:` (in dieser Datei oder der Stadtdatei) steht noch kein Beschluss.",
)
_QUARTER = _Target("Das Quartier", "Es gibt noch keine Quartiersdatei.")
_COMMITMENT = _Target("Die Zusage", "Der Beschluss hat noch keine Zusage unter `commitments:`.")


def _unknown(
    loaded: LoadedFile, loc: Loc, target: _Target, value: str, known: Iterable[str]
) -> Problem:
    """`value` is not among `known`: the nearest one, those there are, or where such
    entries are made when there is none yet."""
    import difflib

    options = sorted(known)
    close = difflib.get_close_matches(value, options, n=1, cutoff=0.6)
    if close:
        hint = f" Meinten Sie „{close[0]}“?"
    elif options:
        hint = f" Vorhanden: {', '.join(options[:12])}{' …' if len(options) > 12 else ''}."
    else:
        hint = " " + target.none.format(value=value)
    return loaded.problem(loc, f"{target.what} „{value}“ gibt es nicht.{hint}")


def _check_boundary(data: QuarterData, settings: Settings, problems: list[Problem]) -> None:
    name = data.quarter.boundary
    if name is None:
        return
    loc: Loc = ("boundary",)
    path = data.loaded.path.parent / name
    if Path(name).is_absolute() or ".." in Path(name).parts:
        problems.append(
            data.loaded.problem(
                loc, "Die Grenzdatei muss neben der Quartiersdatei liegen (nur ein Dateiname)."
            )
        )
        return
    try:
        geojson = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        problems.append(
            data.loaded.problem(
                loc, f"Die Grenzdatei „{name}“ gibt es nicht neben {data.loaded.path.name}."
            )
        )
        return
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        problems.append(
            data.loaded.problem(loc, f"Die Grenzdatei „{name}“ ist kein gültiges JSON: {exc}.")
        )
        return
    message = geojson_problem(geojson, settings)
    if message is not None:
        problems.append(data.loaded.problem(loc, f"Grenzdatei „{name}“: {message}"))
        return
    data.boundary = geojson
    points = boundary_points(geojson)
    if points > DETAILED_BOUNDARY:
        where = data.loaded.problem(loc, "")
        problems.append(
            Problem(
                where.path,
                where.line,
                where.column,
                where.field,
                f"Die Grenzdatei „{name}“ hat {german_number(points)} Eckpunkte"
                f" (mehr als {german_number(DETAILED_BOUNDARY)})."
                " Die Lageskizze zeigt die Grenze vereinfacht; die Karte nach Zustimmung lädt"
                " sie ganz. Eine vereinfachte Datei (etwa mit mapshaper.org) macht die Karte"
                " schneller.",
                Severity.WARNING,
            )
        )


#: From this many points on, a boundary is worth simplifying before it is published.
DETAILED_BOUNDARY = 5_000


def boundary_points(geojson: Any) -> int:
    """How many positions a valid boundary (Polygon or MultiPolygon, maybe in a Feature) has."""
    geometry, _problem = _geometry(geojson)
    coordinates = geometry["coordinates"]
    polygons = [coordinates] if geometry["type"] == "Polygon" else coordinates
    return sum(len(ring) for polygon in polygons for ring in polygon)


def geojson_problem(geojson: Any, settings: Settings) -> str | None:
    """What is wrong with a boundary (a Polygon or MultiPolygon, possibly in a Feature), or None."""
    geometry, problem = _geometry(geojson)
    if problem is not None:
        return problem
    coordinates = geometry.get("coordinates")
    if not isinstance(coordinates, list) or not coordinates:
        return "„coordinates“ fehlt oder ist leer."
    polygons = [coordinates] if geometry["type"] == "Polygon" else coordinates
    for polygon in polygons:
        if not isinstance(polygon, list) or not polygon:
            return "falsch verschachtelt: ein Polygon ist eine Liste von Ringen."
        for ring in polygon:
            problem = _ring_problem(ring, settings)
            if problem is not None:
                return problem
    return None


def _geometry(geojson: Any) -> tuple[dict[str, Any], str | None]:
    geometry = geojson
    if isinstance(geojson, dict) and geojson.get("type") == "FeatureCollection":
        features = geojson.get("features") or []
        if len(features) != 1:
            return {}, "eine FeatureCollection muss genau ein Feature enthalten."
        geometry = features[0]
    if isinstance(geometry, dict) and geometry.get("type") == "Feature":
        geometry = geometry.get("geometry")
    if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "MultiPolygon"):
        return {}, "erwartet wird ein GeoJSON-Polygon oder -MultiPolygon."
    return geometry, None


def _ring_problem(ring: Any, settings: Settings) -> str | None:
    return _ring_shape_problem(ring) or _ring_region_problem(ring, settings)


def _is_position(pos: Any) -> bool:
    return (
        isinstance(pos, list)
        and 2 <= len(pos) <= 3
        and all(
            isinstance(c, int | float) and not isinstance(c, bool) and math.isfinite(c) for c in pos
        )
    )


def _ring_shape_problem(ring: Any) -> str | None:
    if not isinstance(ring, list) or not all(_is_position(pos) for pos in ring):
        return "jede Position eines Rings ist [Länge, Breite] oder [Länge, Breite, Höhe] aus Zahlen, und ein Ring ist eine Liste solcher Positionen."
    if len(ring) < 4:
        return "ein Ring braucht mindestens vier Positionen."
    if ring[0][:2] != ring[-1][:2]:
        return "ein Ring ist nicht geschlossen: die letzte Position muss der ersten gleichen."
    if len({tuple(pos[:2]) for pos in ring}) < 3:
        return "ein Ring braucht mindestens drei verschiedene Positionen; diese Fläche hat keinen Inhalt."
    return None


def _ring_region_problem(ring: list[list[float]], settings: Settings) -> str | None:
    for lon, lat in (pos[:2] for pos in ring):
        if not settings.region.contains(lat, lon):
            if settings.region.contains(lon, lat):
                return f"die Position [{lon}, {lat}] ist vertauscht: GeoJSON nennt die Länge zuerst (RFC 7946)."
            return f"die Position [{lon}, {lat}] liegt außerhalb von {settings.region.name}."
    return None


def _cross_checks(site: Site, settings: Settings) -> list[Problem]:
    problems: list[Problem] = []
    quarter_slugs = {q.slug for q in site.quarters}
    for city in site.cities.values():
        if city.city is not None and city.loaded is not None:
            _check_city(city.city, city.loaded, quarter_slugs, problems)
    # Contact ids per city, grown as `_assign_ids` derives ids quarter by quarter
    # (the same sets as collecting them anew for each quarter, without N² work).
    contacts: dict[str, set[str]] = {}
    for data in site.quarters:
        contacts.setdefault(data.city_key, set()).update(
            c.id for c in data.quarter.contacts if c.id
        )
    for data in site.quarters:
        _check_quarter(site, data, settings, problems, contacts[data.city_key])
    return problems


def _check_city(
    city: City, loaded: LoadedFile, quarter_slugs: set[str], problems: list[Problem]
) -> None:
    _assign_ids(loaded, city, problems)
    _check_duplicate_sources(loaded, [s.id for s in city.sources], problems)
    _check_sources(loaded, city, {s.id for s in city.sources}, problems)
    _check_unique(
        loaded, [g.id for g in city.strategy_goals], ("strategy_goals",), "Ein Ziel", problems
    )
    decisions = {d.id for d in city.decisions if d.id}
    for index, goal in enumerate(city.strategy_goals):
        if goal.decision is not None and goal.decision not in decisions:
            problems.append(
                _unknown(
                    loaded,
                    ("strategy_goals", index, "decision"),
                    _CITY_DECISION,
                    goal.decision,
                    decisions,
                )
            )
    for index, decision in enumerate(city.decisions):
        for q_index, slug in enumerate(decision.quarters):
            if slug not in quarter_slugs:
                problems.append(
                    _unknown(
                        loaded,
                        ("decisions", index, "quarters", q_index),
                        _QUARTER,
                        slug,
                        quarter_slugs,
                    )
                )
    _check_reports(loaded, city, problems)


def _check_quarter(
    site: Site,
    data: QuarterData,
    settings: Settings,
    problems: list[Problem],
    contacts: set[str],
) -> None:
    quarter, loaded = data.quarter, data.loaded
    city = site.city_of(data)
    city_model = city.city if city is not None else None
    _assign_ids(loaded, quarter, problems)
    contacts.update(c.id for c in quarter.contacts if c.id)
    _check_duplicate_sources(loaded, [s.id for s in quarter.sources], problems)
    _check_sources(loaded, quarter, set(site.sources_for(data)), problems)
    _check_boundary(data, settings, problems)
    goals = {g.id for g in city_model.strategy_goals} if city_model is not None else set()
    goal_refs: list[tuple[Loc, str]] = [
        (("strategy_goals", i), g) for i, g in enumerate(quarter.strategy_goals)
    ]
    for m_index, measure in enumerate(quarter.measures):
        goal_refs += [
            (("measures", m_index, "strategy_goals", i), g)
            for i, g in enumerate(measure.strategy_goals)
        ]
    for loc, goal_id in goal_refs:
        if goal_id not in goals:
            problems.append(
                _unknown(
                    loaded,
                    loc,
                    _GOAL,
                    goal_id,
                    goals,
                )
            )
    programmes = {p.id for p in quarter.programmes if p.id}
    for kind in ("measures", "events"):
        for index, entry in enumerate(getattr(quarter, kind)):
            if entry.programme is not None and entry.programme not in programmes:
                problems.append(
                    _unknown(
                        loaded,
                        (kind, index, "programme"),
                        _PROGRAMME,
                        entry.programme,
                        programmes,
                    )
                )
    for index, programme in enumerate(quarter.programmes):
        successor = programme.successor
        if (
            successor is not None
            and successor.contact is not None
            and successor.contact not in contacts
        ):
            problems.append(
                _unknown(
                    loaded,
                    ("programmes", index, "successor", "contact"),
                    _CONTACT,
                    successor.contact,
                    contacts,
                )
            )
    _check_reports(loaded, quarter, problems, extra_decisions=site.city_decisions_for(data))


def _check_unique(
    loaded: LoadedFile, ids: list[str], loc: Loc, what: str, problems: list[Problem]
) -> None:
    seen: dict[str, int] = {}
    for index, value in enumerate(ids):
        if value in seen:
            first = _first_line(loaded, (*loc, seen[value]))
            problems.append(
                loaded.problem(
                    (*loc, index, "id"),
                    f"{what} mit der Kennung „{value}“ gibt es schon{first}. {_DUPLICATE_HINT}",
                )
            )
        else:
            seen[value] = index


def _check_duplicate_sources(loaded: LoadedFile, ids: list[str], problems: list[Problem]) -> None:
    _check_unique(loaded, ids, ("sources",), "Eine Quelle", problems)


def _check_reports(
    loaded: LoadedFile,
    holder: Quarter | City,
    problems: list[Problem],
    extra_decisions: Iterable[Any] = (),
) -> None:
    decisions = {d.id: d for d in [*holder.decisions, *extra_decisions] if d.id}
    for index, report in enumerate(holder.reports):
        if report.decision is None:
            if report.commitment is not None:
                problems.append(
                    loaded.problem(
                        ("reports", index, "commitment"),
                        "Eine Zusage lässt sich nur zusammen mit `decision` angeben.",
                    )
                )
            continue
        decision = decisions.get(report.decision)
        if decision is None:
            problems.append(
                _unknown(
                    loaded,
                    ("reports", index, "decision"),
                    _DECISION,
                    report.decision,
                    decisions,
                )
            )
            continue
        commitments = {c.id for c in decision.commitments if c.id}
        if report.commitment is not None and report.commitment not in commitments:
            problems.append(
                _unknown(
                    loaded,
                    ("reports", index, "commitment"),
                    _COMMITMENT,
                    report.commitment,
                    commitments,
                )
            )


def release_sources(site: Site) -> None:
    """Drop the raw YAML data and the positions of every file once the problems are known.

    Only checks need them; a built site needs the validated model. At 10,000 quarters they
    are about a gigabyte (docs/performance.md). Positions asked for later fall back to 1:1.
    """
    for loaded in [q.loaded for q in site.quarters] + [
        c.loaded for c in site.cities.values() if c.loaded is not None
    ]:
        loaded.data = None
        loaded.values = {}
        loaded.keys = {}


__all__ = [
    "FileCheck",
    "Result",
    "discover",
    "field_path",
    "geojson_problem",
    "load_site",
    "release_sources",
    "validate_file",
    "without_id",
]
