"""JSON and GeoJSON exports: everything in the model, with pages; places lon/lat."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from quartiersdoku.core.model import City, Quarter
from quartiersdoku.core.settings import Settings
from quartiersdoku.core.site import Site
from quartiersdoku.core.validate import load_site
from quartiersdoku.exports import ExportSettings, export_files
from quartiersdoku.exports.data import quarter_json, site_geojson, site_json

REPO = Path(__file__).resolve().parent.parent
EXPORT_FIXTURE = REPO / "tests" / "fixtures" / "export" / "quarters"
PROJECT_FIXTURE = REPO / "tests" / "fixtures" / "project" / "quarters"
TODAY = date(2026, 6, 1)
SETTINGS = ExportSettings(site_url="https://quartiere.example.org/")
COLLECTIONS = ("programmes", "measures", "events", "contacts", "decisions", "reports")
DERIVED = {
    "slug",
    "city_key",
    "status",
    "status_label",
    "page",
    "page_url",
    "calendar",
    "city_decisions",
}
ENTRY_DERIVED = {
    "page", "page_url", "current_status", "calendar", "vcard",
    "lapsed", "deadline_standing", "deadline_standing_label",
}  # fmt: skip
COMMITMENT_DERIVED = {"standing", "standing_label", "next_due", "fulfilled_on"}


def _site(folder: Path, today: date = TODAY) -> Site:
    result = load_site(Settings(quarters_dir=folder, today=today))
    assert not result.errors
    return result.site


SITE = _site(EXPORT_FIXTURE)


def _without_derived(data: dict[str, Any], top: set[str]) -> dict[str, Any]:
    stripped = {key: value for key, value in data.items() if key not in top}
    for kind in COLLECTIONS:
        if kind in stripped:
            stripped[kind] = [
                {k: v for k, v in entry.items() if k not in ENTRY_DERIVED}
                for entry in stripped[kind]
            ]
    for decision in stripped.get("decisions", []):
        decision["commitments"] = [
            {k: v for k, v in c.items() if k not in COMMITMENT_DERIVED}
            for c in decision.get("commitments", [])
        ]
    return stripped


@pytest.mark.parametrize("folder", [EXPORT_FIXTURE, PROJECT_FIXTURE], ids=["export", "project"])
def test_every_entry_of_the_fixture_is_in_the_json(folder: Path) -> None:
    site = _site(folder)
    data = json.loads(site_json(site, SETTINGS))
    assert [q["slug"] for q in data["quarters"]] == [q.slug for q in site.quarters]
    for exported, quarter in zip(data["quarters"], site.quarters, strict=True):
        for kind in COLLECTIONS:
            entries = getattr(quarter.quarter, kind)
            assert [e["id"] for e in exported.get(kind, [])] == [e.id for e in entries], kind
            for entry in exported.get(kind, []):
                assert entry["page"].startswith(quarter.url + "#")
                assert entry["page_url"] == "https://quartiere.example.org/" + entry["page"]
        # Nothing of the model is lost: without the derived keys it is the quarter again.
        again = Quarter.model_validate(_without_derived(exported, DERIVED))
        assert again.model_dump() == quarter.quarter.model_dump()
    for exported_city in data["cities"]:
        city = site.cities[exported_city["key"]].city
        if city is not None:
            stripped = _without_derived(exported_city, {"key", "quarters"})
            assert City.model_validate(stripped).model_dump() == city.model_dump()


def test_derived_pages_and_states() -> None:
    data = json.loads(site_json(SITE, SETTINGS))
    assert data["meta"]["status_date"] == "2026-06-01"
    assert data["meta"]["site_url"] == "https://quartiere.example.org/"
    altstadt, hafen = data["quarters"]
    assert (altstadt["status"], altstadt["status_label"]) == ("ended", "beendet")
    assert "status" not in hafen  # no programmes, no state
    assert altstadt["programmes"][0]["current_status"] == "ended"
    assert altstadt["city_decisions"] == ["0001-2026"]
    assert altstadt["page"] == "quartiere/musterstadt/altstadt/"
    forum = hafen["events"][0]
    assert forum["start"] == "2026-06-18T18:00:00"  # local time; meta says Europe/Berlin
    assert forum["page"] == "quartiere/musterstadt/hafen/#termin-hafenforum-2026"
    assert forum["calendar"] == "daten/termine/musterstadt/hafen/hafenforum-2026.ics"
    office = hafen["contacts"][0]
    assert office["opening_hours"] == "Mo-Fr 09:00-12:00; Th 09:00-12:00,14:00-18:00; PH off"
    assert office["vcard"] == "daten/anlaufstellen/musterstadt/hafen/stadtteilbuero-hafen.vcf"
    assert altstadt["measures"][0]["steps"][1]["date"] == "Frühjahr 2011"  # FuzzyDate as written
    (city,) = data["cities"]
    assert city["quarters"] == ["musterstadt/altstadt", "musterstadt/hafen"]
    assert city["events"][0]["page"] == "quartiere/musterstadt/#termin-stadtwerkstatt-2026"
    assert city["decisions"][0]["page"] == "quartiere/musterstadt/altstadt/#beschluss-0001-2026"


def test_without_site_url_there_are_only_relative_pages() -> None:
    data = json.loads(site_json(SITE, ExportSettings()))
    assert "site_url" not in data["meta"]
    hafen = data["quarters"][1]
    assert "page_url" not in hafen
    assert all("page_url" not in e for e in hafen["events"])


def test_per_quarter_json() -> None:
    data = json.loads(quarter_json(SITE, SITE.quarters[1], SETTINGS))
    assert data["city"] == {"key": "musterstadt", "name": "Musterstadt"}
    assert data["quarter"]["name"] == "Hafen"
    files = export_files(SITE, SETTINGS)
    for quarter in SITE.quarters:
        assert f"daten/quartiere/{quarter.slug}.json" in files


def test_geojson_features_in_rfc_7946_order() -> None:
    data = json.loads(site_geojson(SITE, SETTINGS))
    assert data["type"] == "FeatureCollection"
    features = {f["id"]: f for f in data["features"]}
    assert sorted(features) == [
        "anlaufstelle/musterstadt/_stadt/koordinationsstelle-quartiere",  # the city file's
        "anlaufstelle/musterstadt/hafen/stadtteilbuero-hafen",
        "massnahme/musterstadt/hafen/uferpromenade",
        "quartier/musterstadt/altstadt",
        "quartier/musterstadt/hafen",
        "termin/musterstadt/hafen/hafenforum-2026",
    ]
    hafen = features["quartier/musterstadt/hafen"]
    assert hafen["geometry"] == {"type": "Point", "coordinates": [7.47, 51.35]}
    assert hafen["properties"] == {
        "kind": "quarter",
        "name": "Hafen",
        "quarter": "musterstadt/hafen",
        "city": "Musterstadt",
        "approximate": False,
        "page": "quartiere/musterstadt/hafen/",
        "page_url": "https://quartiere.example.org/quartiere/musterstadt/hafen/",
    }
    altstadt = features["quartier/musterstadt/altstadt"]["properties"]
    assert (altstadt["status"], altstadt["approximate"]) == ("ended", True)
    office = features["anlaufstelle/musterstadt/hafen/stadtteilbuero-hafen"]
    assert office["geometry"]["coordinates"] == [7.4725, 51.3525]
    assert office["properties"]["kind"] == "contact"
    assert office["properties"]["contact_kind_label"] == "Quartiersbüro"
    forum = features["termin/musterstadt/hafen/hafenforum-2026"]["properties"]
    assert (forum["kind"], forum["start"], forum["venue"]) == (
        "event",
        "2026-06-18T18:00:00",
        "Alte Lagerhalle",
    )
    measure = features["massnahme/musterstadt/hafen/uferpromenade"]["properties"]
    assert (measure["kind"], measure["status"]) == ("measure", "running")
    for feature in data["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert 5.8 <= lon <= 15.1
        assert 47.2 <= lat <= 55.1


def test_boundary_is_the_quarter_geometry(tmp_path: Path) -> None:
    folder = tmp_path / "quarters" / "musterstadt"
    folder.mkdir(parents=True)
    ring = [[7.46, 51.35], [7.48, 51.35], [7.48, 51.36], [7.46, 51.35]]
    (folder / "ufer.geojson").write_text(
        json.dumps(
            {
                "type": "Feature",
                "properties": {},
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            }
        ),
        encoding="utf-8",
    )
    (folder / "ufer.yaml").write_text(
        "name: Ufer\ncity: Musterstadt\nsummary: Am Wasser.\nboundary: ufer.geojson\n"
        "location: {lat: 51.355, lon: 7.47}\n",
        encoding="utf-8",
    )
    data = json.loads(site_geojson(_site(tmp_path / "quarters"), SETTINGS))
    (feature,) = data["features"]
    assert feature["geometry"] == {"type": "Polygon", "coordinates": [ring]}
    assert "approximate" not in feature["properties"]


def test_exports_are_deterministic() -> None:
    again = _site(EXPORT_FIXTURE)
    assert export_files(again, SETTINGS) == export_files(SITE, SETTINGS)


def test_the_shipped_quarters_export() -> None:
    result = load_site(Settings(quarters_dir=REPO / "quarters", today=TODAY))
    if result.errors:
        pytest.skip("the shipped content has errors right now; test_site covers them")
    files = export_files(result.site, ExportSettings(site_url="https://quartiere.example.org/"))
    data = json.loads(files["daten/quartiere.json"])
    assert [q["slug"] for q in data["quarters"]] == [q.slug for q in result.site.quarters]
    geojson = json.loads(files["daten/quartiere.geojson"])
    quarter_ids = [f["id"] for f in geojson["features"] if f["properties"]["kind"] == "quarter"]
    assert quarter_ids == [f"quartier/{q.slug}" for q in result.site.quarters]


@pytest.mark.parametrize("quarters", [EXPORT_FIXTURE, PROJECT_FIXTURE])
def test_files_put_together_from_each_quarters_text_are_the_whole_dump(quarters: Path) -> None:
    """iter_data_files serialises each quarter once; the files are what one dump gives."""
    result = load_site(Settings(quarters_dir=quarters, today=TODAY))
    settings = ExportSettings(site_url="https://q.example/", publisher="Stadt „Muster“")
    files = export_files(result.site, settings)
    assert files["daten/quartiere.json"] == site_json(result.site, settings).encode("utf-8")
    for quarter in result.site.quarters:
        expected = quarter_json(result.site, quarter, settings).encode("utf-8")
        assert files[f"daten/quartiere/{quarter.slug}.json"] == expected
    assert len(result.site.quarters) > 1
