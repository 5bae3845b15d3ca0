"""Open data: JSON of everything in the model, GeoJSON of every place.

* ``daten/quartiere.json`` — every city file and quarter file as the model holds
  it (``model_dump(mode="json")``; fields without a value are left out), each
  entry with ``page`` (its place on the site, relative to the site root) and,
  when the site's address is known, ``page_url``; programmes with
  ``current_status`` and quarters with ``status`` as of the build date; each
  translation with its BCP 47 ``language`` (Leichte Sprache ``de-x-ls``) and the
  ``page`` of that language version. The iCal and vCard exports stay German.
* ``daten/quartiere/<slug>.json`` — one quarter, the same shape.
* ``daten/quartiere.geojson`` — a FeatureCollection (RFC 7946, longitude first):
  each quarter with its boundary (else its point, else no geometry), and each
  contact point (a city file's too), event and measure that has a location as a
  point.

Output is deterministic: file order of the data, keys in model order, no time
but the data's own and the build date the derived states depend on.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from ..core.labels import contact_status_label, label
from ..core.languages import LANGUAGES
from ..core.model import Point
from ..core.site import CityData, QuarterData, Site, programme_status
from .common import (
    DATA_DIR,
    GENERATOR,
    ContactRef,
    EventRef,
    ExportSettings,
    city_contact_refs,
    contact_refs,
    decision_page,
    event_refs,
    measure_page,
    programme_page,
    quarter_status,
    report_page,
)
from .ical import quarter_ics_path
from .standing import add_decision_standing, add_lapse, tracked_decision
from .vcard import all_vcf_path

FORMAT_VERSION = 1
SITE_JSON = f"{DATA_DIR}/quartiere.json"
SITE_GEOJSON = f"{DATA_DIR}/quartiere.geojson"


def quarter_json_path(slug: str) -> str:
    return f"{DATA_DIR}/quartiere/{slug}.json"


def _dumps(data: Any) -> str:
    # Compact: `indent` makes the json module fall back from its C encoder to Python,
    # several times slower (docs/performance.md); browsers and tools indent on display.
    return _compact(data) + "\n"


def _meta(site: Site, settings: ExportSettings) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "generator": GENERATOR,
        "format_version": FORMAT_VERSION,
        "site_name": settings.site_name,
        "status_date": site.today.isoformat(),
        "timezone": "Europe/Berlin",
        "note": (
            "Zeiten ohne Zeitzone (z. B. 2022-03-26T10:00:00) sind deutsche Ortszeit "
            "(Europe/Berlin). Datumsangaben wie „Ende 2023“ sind so genau wie die Quelle. "
            "„page“ ist die Stelle auf der Website, relativ zu ihrer Startseite; "
            "Zustände („status“, „current_status“, „standing“, „lapsed“) gelten am Tag "
            "„status_date“, dem Stand der Website."
        ),
    }
    if settings.base_url:
        meta["site_url"] = settings.base_url
    if settings.publisher:
        meta["publisher"] = settings.publisher
    if settings.licence:
        meta["licence"] = settings.licence
    if settings.licence_url:
        meta["licence_url"] = settings.licence_url
    return meta


def _place(target: dict[str, Any], page: str, settings: ExportSettings) -> dict[str, Any]:
    """Add `page` and `page_url` to an entry's dump (never over a model field)."""
    for key in ("page", "page_url"):
        if key in target:
            raise ValueError(f"the model has a field {key!r}: choose another export key")
    target["page"] = page
    url = settings.absolute(page)
    if url is not None:
        target["page_url"] = url
    return target


def _dump(model: Any) -> dict[str, Any]:
    result: dict[str, Any] = model.model_dump(mode="json", exclude_none=True)
    return result


def quarter_data(site: Site, quarter: QuarterData, settings: ExportSettings) -> dict[str, Any]:
    """One quarter as the model holds it, with pages and derived states."""
    q = quarter.quarter
    city = site.city_of(quarter) or CityData(quarter.city_key)
    dump = _dump(q)
    status = quarter_status(site, quarter)
    head: dict[str, Any] = {"slug": quarter.slug, "city_key": quarter.city_key}
    if status is not None:
        head["status"] = status.value
        head["status_label"] = label(status)
    _place(head, quarter.url, settings)
    if q.events:
        head["calendar"] = quarter_ics_path(quarter.slug)
    for index, programme in enumerate(q.programmes):
        entry = _place(dump["programmes"][index], programme_page(quarter, programme), settings)
        current = programme_status(programme, site.today)
        entry["current_status"] = current.value
        add_lapse(entry, programme, site.today)
    for index, measure in enumerate(q.measures):
        entry = _place(dump["measures"][index], measure_page(quarter, measure), settings)
        add_lapse(entry, measure, site.today)
    for index, event in enumerate(q.events):
        ref = EventRef(event, quarter, city)
        _place(dump["events"][index], ref.page, settings)["calendar"] = ref.ics_path
    for index, contact in enumerate(q.contacts):
        ref_c = ContactRef(contact, quarter, city)
        _place(dump["contacts"][index], ref_c.page, settings)["vcard"] = ref_c.vcf_path
        add_lapse(dump["contacts"][index], contact, site.today)
    for index, decision in enumerate(q.decisions):
        entry = _place(
            dump["decisions"][index], decision_page(site, quarter, city, decision), settings
        )
        add_decision_standing(entry, tracked_decision(site, quarter, city, decision), site.today)
    for index, report in enumerate(q.reports):
        _place(dump["reports"][index], report_page(site, quarter, city, report), settings)
    for key, translation in dump.get("translations", {}).items():
        # Each language version: its BCP 47 tag (Leichte Sprache: de-x-ls) and its page.
        language = LANGUAGES[key]
        translation["language"] = language.hreflang
        _place(translation, f"{quarter.url}{language.segment}/", settings)
    city_decisions = [d.id for d in site.city_decisions_for(quarter)]
    if city_decisions:
        head["city_decisions"] = city_decisions
    for key in head:
        if key in dump:
            raise ValueError(f"the model has a field {key!r}: choose another export key")
    return {**head, **dump}


def city_data(site: Site, city: CityData, settings: ExportSettings) -> dict[str, Any]:
    head: dict[str, Any] = {
        "key": city.key,
        "quarters": [q.slug for q in site.quarters if q.city_key == city.key],
    }
    if city.city is None:
        return {**head, "name": city.name}
    dump = _dump(city.city)
    for index, event in enumerate(city.city.events):
        ref = EventRef(event, None, city)
        _place(dump["events"][index], ref.page, settings)["calendar"] = ref.ics_path
    for index, decision in enumerate(city.city.decisions):
        entry = _place(
            dump["decisions"][index], decision_page(site, None, city, decision), settings
        )
        add_decision_standing(entry, tracked_decision(site, None, city, decision), site.today)
    for index, ref_c in enumerate(city_contact_refs(city)):
        _place(dump["contacts"][index], ref_c.page, settings)["vcard"] = ref_c.vcf_path
        add_lapse(dump["contacts"][index], ref_c.contact, site.today)
    for index, report in enumerate(city.city.reports):
        _place(dump["reports"][index], report_page(site, None, city, report), settings)
    return {**head, **dump}


def site_data(
    site: Site, settings: ExportSettings, quarters: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """Everything; `quarters` may pass the already built :func:`quarter_data` of every quarter."""
    return {
        "meta": {
            **_meta(site, settings),
            "files": {
                "geojson": SITE_GEOJSON,
                "calendar": f"{DATA_DIR}/termine.ics",
                "vcards": all_vcf_path(),
                "feed": f"{DATA_DIR}/neuigkeiten.xml",
            },
        },
        "cities": [city_data(site, site.cities[key], settings) for key in sorted(site.cities)],
        "quarters": (
            quarters
            if quarters is not None
            else [quarter_data(site, q, settings) for q in site.quarters]
        ),
    }


def site_json(site: Site, settings: ExportSettings) -> str:
    """``daten/quartiere.json``."""
    return _dumps(site_data(site, settings))


def _quarter_document(
    site: Site, quarter: QuarterData, settings: ExportSettings, data: dict[str, Any]
) -> dict[str, Any]:
    city = site.city_of(quarter)
    return {
        "meta": _meta(site, settings),
        "city": {"key": quarter.city_key, "name": city.name if city else quarter.quarter.city},
        "quarter": data,
    }


def quarter_json(site: Site, quarter: QuarterData, settings: ExportSettings) -> str:
    """``daten/quartiere/<slug>.json``: one quarter and its city's name."""
    return _dumps(_quarter_document(site, quarter, settings, quarter_data(site, quarter, settings)))


# --------------------------------------------------------------------------- GeoJSON


def _point(point: Point) -> dict[str, Any]:
    return {"type": "Point", "coordinates": [point.lon, point.lat]}


def boundary_geometry(boundary: dict[str, Any] | None) -> dict[str, Any] | None:
    """The Polygon or MultiPolygon of a validated boundary file (geometry, Feature or collection)."""
    geometry: Any = boundary
    if isinstance(geometry, dict) and geometry.get("type") == "FeatureCollection":
        features = geometry.get("features") or [None]
        geometry = features[0]
    if isinstance(geometry, dict) and geometry.get("type") == "Feature":
        geometry = geometry.get("geometry")
    if isinstance(geometry, dict) and geometry.get("type") in ("Polygon", "MultiPolygon"):
        return {"type": geometry["type"], "coordinates": geometry["coordinates"]}
    return None


def _feature(
    feature_id: str, geometry: dict[str, Any] | None, properties: dict[str, Any]
) -> dict[str, Any]:
    return {"type": "Feature", "id": feature_id, "geometry": geometry, "properties": properties}


def _props(
    kind: str, name: str, page: str, settings: ExportSettings, **extra: Any
) -> dict[str, Any]:
    props: dict[str, Any] = {"kind": kind, "name": name}
    props.update({key: value for key, value in extra.items() if value is not None})
    return _place(props, page, settings)


def site_geojson_data(site: Site, settings: ExportSettings) -> dict[str, Any]:
    features: list[dict[str, Any]] = []
    for quarter in site.quarters:
        q = quarter.quarter
        status = quarter_status(site, quarter)
        geometry = boundary_geometry(quarter.boundary) or (
            _point(q.location) if q.location is not None else None
        )
        features.append(
            _feature(
                f"quartier/{quarter.slug}",
                geometry,
                _props(
                    "quarter",
                    q.name,
                    quarter.url,
                    settings,
                    quarter=quarter.slug,
                    city=q.city,
                    district=q.district,
                    area_type=q.area_type.value if q.area_type else None,
                    status=status.value if status else None,
                    status_label=label(status) if status else None,
                    approximate=(
                        q.location.approximate
                        if geometry is not None and geometry["type"] == "Point" and q.location
                        else None
                    ),
                ),
            )
        )
    for ref in contact_refs(site):
        contact = ref.contact
        if contact.location is None:
            continue
        features.append(
            _feature(
                f"anlaufstelle/{ref.key}",
                _point(contact.location),
                _props(
                    "contact",
                    contact.name,
                    ref.page,
                    settings,
                    quarter=ref.quarter.slug if ref.quarter else None,
                    city=ref.quarter.quarter.city if ref.quarter else ref.city.name,
                    contact_kind=contact.kind.value,
                    contact_kind_label=label(contact.kind),
                    status=contact.status.value,
                    status_label=contact_status_label(contact),
                    opening_hours=contact.opening_hours,
                    approximate=contact.location.approximate,
                    vcard=ref.vcf_path,
                ),
            )
        )
    for ref_e in event_refs(site):
        event = ref_e.event
        venue = event.venue
        if venue is None or venue.location is None:
            continue
        features.append(
            _feature(
                f"termin/{ref_e.key}",
                _point(venue.location),
                _props(
                    "event",
                    event.title,
                    ref_e.page,
                    settings,
                    quarter=ref_e.quarter.slug if ref_e.quarter else None,
                    city=ref_e.quarter.quarter.city if ref_e.quarter else ref_e.city.name,
                    event_kind=event.kind.value,
                    event_kind_label=label(event.kind),
                    start=event.start.isoformat(),
                    end=event.end.isoformat() if event.end else None,
                    venue=venue.name,
                    approximate=venue.location.approximate,
                    calendar=ref_e.ics_path,
                ),
            )
        )
    for quarter in site.quarters:
        for measure in quarter.quarter.measures:
            if measure.location is None:
                continue
            features.append(
                _feature(
                    f"massnahme/{quarter.slug}/{measure.id}",
                    _point(measure.location),
                    _props(
                        "measure",
                        measure.title,
                        measure_page(quarter, measure),
                        settings,
                        quarter=quarter.slug,
                        city=quarter.quarter.city,
                        number=measure.number,
                        status=measure.status.value if measure.status else None,
                        status_label=label(measure.status) if measure.status else None,
                        approximate=measure.location.approximate,
                    ),
                )
            )
    return {"type": "FeatureCollection", "features": features}


def site_geojson(site: Site, settings: ExportSettings) -> str:
    """``daten/quartiere.geojson``."""
    return _dumps(site_geojson_data(site, settings))


def _object(members: list[tuple[str, str]]) -> str:
    """A JSON object from members already serialised by :func:`_compact`: what `_dumps`
    gives for the same dict (compact separators, keys in order), without a second pass."""
    return "{" + ",".join(f"{_compact(key)}:{text}" for key, text in members) + "}"


def _compact(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def iter_data_files(site: Site, settings: ExportSettings) -> Iterator[tuple[str, bytes]]:
    """One JSON per quarter, then ``quartiere.json`` and ``quartiere.geojson``; one at a time.

    Each quarter's data is serialised once: its own file and ``quartiere.json``
    put the same text together (the bytes `_dumps` gives for the whole).
    """
    quarters: list[str] = []
    meta = _compact(_meta(site, settings))
    for quarter in site.quarters:
        text = _compact(quarter_data(site, quarter, settings))
        quarters.append(text)
        document = _quarter_document(site, quarter, settings, {})
        members = [("meta", meta), ("city", _compact(document["city"])), ("quarter", text)]
        yield quarter_json_path(quarter.slug), (_object(members) + "\n").encode("utf-8")
    whole = site_data(site, settings, [])
    members = [
        ("meta", _compact(whole["meta"])),
        ("cities", _compact(whole["cities"])),
        ("quarters", "[" + ",".join(quarters) + "]"),
    ]
    yield SITE_JSON, (_object(members) + "\n").encode("utf-8")
    yield SITE_GEOJSON, site_geojson(site, settings).encode("utf-8")


def data_files(site: Site, settings: ExportSettings) -> dict[str, bytes]:
    """``quartiere.json``, ``quartiere.geojson`` and one JSON per quarter, keyed by path."""
    return dict(iter_data_files(site, settings))
