"""Synthetic projects for the benchmark: N quarters, and N bare pages to compare with.

:func:`make_project` writes a complete Quartiersdoku project (``mkdocs.yml``
derived from the repository's own, ``content/`` and ``overrides/`` copied,
``quarters/<city>/<quarter>.yaml`` with a boundary GeoJSON beside each) into a
folder. Every quarter has five measures, two events, two contact points and a
programme, German-looking text of realistic length and positions inside
Germany; the quarters are spread over several cities (each with a city file)
and districts. The corpus is deterministic for a given N and seed.

:func:`make_bare_project` writes a plain MkDocs project with the same theme and
language (and Material's search if the site has it) and N Markdown pages of the
same text size, kept out of the navigation: the yardstick "what MkDocs itself costs".
"""

from __future__ import annotations

import json
import math
import random
import shutil
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

from ...core.urls import slugify

#: Quarters per city, on average; every city gets a few districts.
QUARTERS_PER_CITY = 25
DISTRICTS_PER_CITY = 5
#: Bounding box the positions are drawn from (well inside Germany's).
SOUTH, NORTH, WEST, EAST = 47.8, 54.4, 6.3, 14.5

_PREFIXES = ("", "", "", "Bad ", "Neu", "Alt", "Ober", "Nieder", "Groß", "Klein", "Sankt ")
_STEMS = (
    "Linden", "Eichen", "Buchen", "Rosen", "Mühl", "Wald", "Stein", "Brunn", "Hagen", "Lauter",
    "Wester", "Oster", "Sonnen", "Kirch", "Holz", "Berg", "Falken", "Hirsch", "Wolfs", "Erlen",
    "Birken", "Kranich", "Schwan", "Marien", "Friedrichs", "Ludwigs", "Wilhelms", "Königs",
)  # fmt: skip
_SUFFIXES = ("stadt", "heim", "hausen", "dorf", "berg", "feld", "burg", "au", "bach", "rode")
_DISTRICTS = (
    "Mitte", "Nord", "Süd", "Ost", "West", "Altstadt", "Innenstadt", "Hafen", "Bahnhof",
    "Vorstadt", "Südstadt", "Nordstadt", "Weststadt", "Oststadt",
)  # fmt: skip
_QUARTER_WORDS = (
    "Am Markt", "Bahnhofsviertel", "Hafenviertel", "Kirchplatz", "Schlossberg", "Gartenstadt",
    "Tuchmacherviertel", "Am Stadtpark", "Mühlenviertel", "Brunnenhof", "Kasernenareal",
    "Zechensiedlung", "Neue Mitte", "Lindenhof", "Am Flussufer", "Ringstraße", "Rosenhöhe",
    "Feldmark", "Alter Schlachthof", "Uhlandviertel", "Goetheplatz", "Weberviertel",
)  # fmt: skip
_STREETS = (
    "Hauptstraße", "Bahnhofstraße", "Lange Straße", "Marktplatz", "Kirchgasse", "Schulstraße",
    "Gartenweg", "Mühlenweg", "Lindenallee", "Goethestraße", "Schillerplatz", "Am Anger",
)  # fmt: skip
_SUBJECTS = (
    "Das Quartier", "Die Nachbarschaft", "Der Stadtteil", "Das Quartiersmanagement",
    "Die Bewohnerschaft", "Die Stadtverwaltung", "Der Stadtteilverein", "Die Wohnungsgesellschaft",
    "Das Stadtteilbüro", "Die Lenkungsgruppe",
)  # fmt: skip
_VERBS = (
    "braucht", "stärkt", "entwickelt", "verbessert", "plant", "begleitet", "fördert", "erneuert",
    "unterstützt", "gestaltet",
)  # fmt: skip
_OBJECTS = (
    "die Wohnumfeldverbesserung in den Innenhöfen", "neue Angebote für Familien mit Kindern",
    "den Zusammenhalt zwischen den Generationen", "die Aufwertung des öffentlichen Raums",
    "die Beteiligung der Bewohnerinnen und Bewohner", "die Modernisierung der Gründerzeithäuser",
    "kurze Wege zu Schulen und Kindergärten", "die lokale Ökonomie und kleine Geschäfte",
    "barrierefreie Wege zwischen Bahnhof und Zentrum", "Treffpunkte für Jugendliche",
    "die energetische Sanierung des Wohnungsbestands", "Grünflächen entlang des Bachlaufs",
    "die Integration von Zugewanderten", "Beratung für Eigentümerinnen und Eigentümer",
    "die Sicherheit auf Plätzen und Straßen", "Angebote für ältere Menschen im Quartier",
)  # fmt: skip
_CLAUSES = (
    "seit vielen Jahren", "gemeinsam mit lokalen Partnern", "mit Mitteln der Städtebauförderung",
    "nach einer Quartierswerkstatt", "auf Grundlage des Integrierten Handlungskonzepts",
    "in enger Abstimmung mit dem Stadtteilforum", "bis zum Ende der Förderperiode",
    "mit Unterstützung der Wohnungswirtschaft", "trotz knapper Haushaltsmittel",
)  # fmt: skip
_MEASURE_TITLES = (
    "Umgestaltung des Marktplatzes", "Hof- und Fassadenprogramm", "Quartiersfonds",
    "Neubau der Kindertagesstätte", "Spielplatz am Stadtpark", "Sanierung des Bürgerhauses",
    "Beratungsnetzwerk für Eigentümer", "Begrünung der Schulhöfe", "Radweg entlang der Bahn",
    "Stadtteilzeitung", "Nachbarschaftsgarten", "Umbau der Fußgängerzone", "Jugendtreff",
)  # fmt: skip
_PROGRAMMES = (
    "Soziale Stadt", "Stadtumbau West", "Sozialer Zusammenhalt", "Wachstum und nachhaltige "
    "Erneuerung", "Lebendige Zentren", "EFRE Starke Quartiere",
)  # fmt: skip
_CONTACT_KINDS = ("quarter_office", "district_shop", "coordination_office", "advice_centre")
_CONTACT_NAMES = {
    "quarter_office": "Quartiersbüro",
    "district_shop": "Stadtteilladen",
    "coordination_office": "Koordinationsstelle",
    "advice_centre": "Beratungsstelle",
}
_EVENT_KINDS = ("district_conference", "workshop", "forum", "participation")
_EVENT_TITLES = {
    "district_conference": "Stadtteilkonferenz",
    "workshop": "Quartierswerkstatt",
    "forum": "Stadtteilforum",
    "participation": "Bürgerbeteiligung",
}
_MEASURE_STATUS = ("planned", "running", "completed", "stopped")


@dataclass(frozen=True)
class Corpus:
    root: Path
    quarters: int
    cities: int
    #: Average size of a quarter file, in bytes (without its boundary file).
    yaml_bytes: int
    #: One quarter's page path below the site root, e.g. "quartiere/x/y/".
    sample_quarter: str
    sample_file: Path
    #: The sample quarter's name: a query that only a few pages answer.
    sample_name: str


class _Text:
    """German-looking prose, deterministic for a seed."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def sentence(self) -> str:
        r = self.rng
        return (
            f"{r.choice(_SUBJECTS)} {r.choice(_VERBS)} {r.choice(_CLAUSES)} {r.choice(_OBJECTS)}."
        )

    def paragraph(self, sentences: int) -> str:
        return " ".join(self.sentence() for _ in range(sentences))

    def markdown(self, paragraphs: int, sentences: int) -> str:
        parts = [self.paragraph(sentences) for _ in range(paragraphs)]
        if paragraphs > 1:
            parts[1] = parts[1].replace("Das Quartier ", "Das **Quartier** ", 1)
        return "\n\n".join(parts) + "\n"


def _city_names(count: int, rng: random.Random) -> list[str]:
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < count:
        name = rng.choice(_PREFIXES) + rng.choice(_STEMS).lower() + rng.choice(_SUFFIXES)
        name = name[0].upper() + name[1:]
        if " " in name:  # "Bad linden…" -> "Bad Linden…"
            head, _, tail = name.partition(" ")
            name = f"{head} {tail[0].upper()}{tail[1:]}"
        if len(seen) > 2000:  # many cities: number the rest
            name = f"{name} {len(names)}"
        if slugify(name) in seen:
            continue
        seen.add(slugify(name))
        names.append(name)
    return names


def _point(lat: float, lon: float, rng: random.Random, spread: float) -> dict[str, float]:
    return {
        "lat": round(lat + rng.uniform(-spread, spread), 5),
        "lon": round(lon + rng.uniform(-spread, spread) * 1.5, 5),
    }


def _boundary(lat: float, lon: float, rng: random.Random) -> dict[str, Any]:
    ring = []
    corners = 12
    for i in range(corners):
        angle = 2 * math.pi * i / corners
        radius = 0.004 * rng.uniform(0.7, 1.3)
        ring.append(
            [
                round(lon + radius * 1.6 * math.cos(angle), 6),
                round(lat + radius * math.sin(angle), 6),
            ]
        )
    ring.append(ring[0])
    return {
        "type": "Feature",
        "properties": {"name": "Grenze"},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }


def _quarter(  # noqa: PLR0913, PLR0917 - one call site, every value differs per quarter
    index: int, name: str, city: str, district: str, lat: float, lon: float, text: _Text
) -> dict[str, Any]:
    rng = text.rng
    postcode = f"{rng.randint(10000, 99999)}"
    start_year = rng.randint(2005, 2022)
    programme_end = start_year + rng.randint(4, 12)
    programme_id = "programm"
    contacts = []
    for c in range(2):
        kind = _CONTACT_KINDS[(index + c) % len(_CONTACT_KINDS)]
        contacts.append(
            {
                "id": f"anlaufstelle-{c + 1}",
                "name": f"{_CONTACT_NAMES[kind]} {name}" + ("" if c == 0 else " II"),
                "kind": kind,
                "status": "open" if c == 0 else rng.choice(("open", "planned", "closed")),
                "organisation": f"Stadt {city}" if c == 0 else "Caritasverband",
                "description": text.paragraph(1),
                "address": {
                    "street": f"{rng.choice(_STREETS)} {rng.randint(1, 120)}",
                    "postcode": postcode,
                    "city": city,
                },
                "location": _point(lat, lon, rng, 0.003),
                "phone": f"0{rng.randint(200, 9999)} {rng.randint(1000, 99999)}-0",
                "email": f"quartier{index}-{c + 1}@stadt.example",
                "opening_hours": "Mo-Fr 09:00-12:00; Th 14:00-18:00",
                "languages": ["Deutsch", "Englisch", "Türkisch"][: rng.randint(1, 3)],
                "sources": ["bericht"],
            }
        )
    for contact in contacts:
        if contact["status"] == "planned":
            contact["due"] = f"Ende {rng.randint(2026, 2028)}"
    measures = []
    for m in range(5):
        year = start_year + m
        measures.append(
            {
                "number": f"{m + 1}.{rng.randint(0, 9)}",
                "title": rng.choice(_MEASURE_TITLES),
                "status": _MEASURE_STATUS[(index + m) % len(_MEASURE_STATUS)],
                "summary": text.markdown(1, 3),
                "reasons": text.paragraph(1),
                "goals": [text.sentence().rstrip(".") for _ in range(2)],
                "start": year,
                "end": f"Ende {year + rng.randint(1, 4)}",
                "funding": [rng.choice(_PROGRAMMES)],
                "responsible": [f"Stadt {city}, Amt für Stadtentwicklung"],
                "location": {**_point(lat, lon, rng, 0.004), "approximate": True},
                "steps": [
                    {
                        "date": f"{year}-{rng.randint(1, 12):02d}",
                        "title": "Beschluss der Bezirksvertretung",
                    },
                    {"date": f"Frühjahr {year + 1}", "title": "Beginn der Bauarbeiten"},
                ],
                "programme": programme_id,
                "strategy_goals": ["wohnen"],
                "sources": [{"id": "bericht", "at": f"S. {rng.randint(3, 80)}"}],
            }
        )
    events = []
    for e in range(2):
        kind = _EVENT_KINDS[(index + e) % len(_EVENT_KINDS)]
        day = date(2019, 1, 1) + timedelta(days=rng.randint(0, 3000))
        hour = rng.choice((10, 16, 18, 19))
        events.append(
            {
                "title": f"{e + 1}. {_EVENT_TITLES[kind]} {name}",
                "kind": kind,
                "start": f"{day.isoformat()} {hour}:00",
                "end": f"{day.isoformat()} {hour + 2}:30",
                "venue": {
                    "name": f"Bürgerhaus {name}",
                    "address": {
                        "street": f"{rng.choice(_STREETS)} {rng.randint(1, 60)}",
                        "postcode": postcode,
                        "city": city,
                    },
                    "location": _point(lat, lon, rng, 0.003),
                },
                "summary": text.markdown(1, 3),
                "topics": ["Wohnen", "Verkehr", "Grünflächen"][: rng.randint(1, 3)],
                "participants": f"etwa {rng.randint(2, 15) * 10} Personen",
                "outcomes": text.markdown(1, 2),
                "programme": programme_id,
                "sources": ["bericht"],
            }
        )
    return {
        "name": name,
        "city": city,
        "district": district,
        "area_type": "programme_area",
        "summary": text.paragraph(2),
        "description": text.markdown(3, 4),
        "potentials": text.markdown(2, 3),
        "partners": text.markdown(1, 3),
        "outlook": text.markdown(1, 3),
        "location": {"lat": round(lat, 5), "lon": round(lon, 5), "approximate": True},
        "tags": ["Städtebauförderung", "Beteiligung", "Wohnen"],
        "strategy_goals": ["wohnen"],
        "reviewed": "2026-01-15",
        "facts": [
            {"indicator": "Einwohnerinnen und Einwohner", "value": rng.randint(1500, 30000), "year": 2024, "sources": ["bericht"]},
            {"indicator": "Anteil der unter 18-Jährigen", "value": round(rng.uniform(10, 25), 1), "unit": "%", "city_value": 16.4, "year": 2024, "sources": ["bericht"]},
        ],
        "milestones": [
            {"date": start_year, "title": "Aufnahme in das Förderprogramm"},
            {"date": f"Mitte {start_year + 2}", "title": "Integriertes Handlungskonzept beschlossen"},
        ],
        "programmes": [
            {
                "id": programme_id,
                "name": f"{rng.choice(_PROGRAMMES)} {name}",
                "funding": ["Städtebauförderung von Bund und Land"],
                "start": start_year,
                "end": f"Ende {programme_end}",
                "operators": [f"Stadt {city}"],
                "summary": text.markdown(1, 3),
                "results": text.paragraph(2),
                "successor": {"text": text.paragraph(1), "contact": "anlaufstelle-1"},
                "sources": ["bericht"],
            }
        ],
        "measures": measures,
        "events": events,
        "contacts": contacts,
        "sources": [
            {"id": "bericht", "title": f"Jahresbericht {name} {start_year + 3}", "publisher": f"Stadt {city}", "date": start_year + 3},
        ],
    }  # fmt: skip


def _city_file(name: str, text: _Text) -> dict[str, Any]:
    return {
        "name": name,
        "state": "Nordrhein-Westfalen",
        "summary": text.paragraph(1),
        "strategy": "Integriertes Stadtentwicklungskonzept",
        "strategy_goals": [
            {"id": "wohnen", "title": "Gutes Wohnen für alle", "core_messages": [text.sentence() for _ in range(3)]},
            {"id": "gruen", "title": "Grüne Wege und Plätze", "core_messages": [text.sentence() for _ in range(2)]},
        ],
    }  # fmt: skip


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """YAML as editors write it: Markdown fields as literal blocks (`|`)."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def _dump(value: Any) -> str:
    text: str = yaml.dump(value, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    return text


def _copy_site_files(repo: Path, dest: Path) -> None:
    for folder in ("content", "overrides"):
        if (repo / folder).is_dir():
            shutil.copytree(repo / folder, dest / folder, dirs_exist_ok=True)


def mkdocs_config(
    repo: Path, *, site_dir: str = "site", plugin_options: dict[str, Any] | None = None
) -> str:
    """The repository's mkdocs.yml with the site folder and plugin options set for a corpus."""
    text = (repo / "mkdocs.yml").read_text(encoding="utf-8")
    lines = []
    for original in text.splitlines():
        line = f"site_dir: {site_dir}" if original.startswith("site_dir:") else original
        lines.append(line)
        if line.strip() == "quarters_dir: quarters" and plugin_options:
            indent = line[: len(line) - len(line.lstrip())]
            for key, value in plugin_options.items():
                lines.append(f"{indent}{key}: {json.dumps(value, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"


def make_project(
    dest: Path,
    quarters: int,
    *,
    repo: Path,
    seed: int = 8,
    plugin_options: dict[str, Any] | None = None,
) -> Corpus:
    """A complete project with `quarters` synthetic quarters in `dest` (created if missing)."""
    rng = random.Random(seed)
    text = _Text(rng)
    dest.mkdir(parents=True, exist_ok=True)
    _copy_site_files(repo, dest)
    (dest / "mkdocs.yml").write_text(
        mkdocs_config(repo, plugin_options=plugin_options), encoding="utf-8"
    )
    city_count = max(3, math.ceil(quarters / QUARTERS_PER_CITY))
    cities = _city_names(city_count, rng)
    centres = [(rng.uniform(SOUTH, NORTH), rng.uniform(WEST, EAST)) for _ in cities]
    total = 0
    sample: tuple[str, Path, str] | None = None
    used: dict[int, set[str]] = {}
    for city in cities:
        folder = dest / "quarters" / slugify(city)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "_stadt.yaml").write_text(_dump(_city_file(city, text)), encoding="utf-8")
    for index in range(quarters):
        city_index = index % city_count
        city = cities[city_index]
        clat, clon = centres[city_index]
        district = _DISTRICTS[(index // city_count) % DISTRICTS_PER_CITY]
        names = used.setdefault(city_index, set())
        name = rng.choice(_QUARTER_WORDS)
        if name in names:
            name = f"{name} {len(names) + 1}"
        names.add(name)
        lat = clat + rng.uniform(-0.05, 0.05)
        lon = clon + rng.uniform(-0.08, 0.08)
        slug = slugify(name)
        folder = dest / "quarters" / slugify(city)
        quarter = _quarter(index, name, city, district, lat, lon, text)
        quarter["boundary"] = f"{slug}.geojson"  # beside the quarter file
        content = "# yaml-language-server: $schema=../../schema/quarter.schema.json\n" + _dump(
            quarter
        )
        path = folder / f"{slug}.yaml"
        path.write_text(content, encoding="utf-8")
        (folder / f"{slug}.geojson").write_text(
            json.dumps(_boundary(lat, lon, rng), separators=(",", ":")), encoding="utf-8"
        )
        total += len(content.encode("utf-8"))
        if sample is None:
            sample = (f"quartiere/{slugify(city)}/{slug}/", path, f"{name} {city}")
    assert sample is not None
    return Corpus(
        dest, quarters, city_count, total // max(quarters, 1), sample[0], sample[1], sample[2]
    )


def make_bare_project(
    dest: Path, pages: int, *, page_bytes: int, seed: int = 8, search: bool = True
) -> Path:
    """A plain MkDocs project: the same theme, `pages` pages of `page_bytes` text, out of nav.

    `search`: with Material's search plugin, as the site has it below the size from
    which it searches with Pagefind; without it when the site has none either (then
    MkDocs pur has no search at all: the comparison stays fair, if anything strict).
    """
    rng = random.Random(seed)
    text = _Text(rng)
    docs = dest / "docs"
    (docs / "seiten").mkdir(parents=True, exist_ok=True)
    (dest / "mkdocs.yml").write_text(
        "site_name: Vergleich\n"
        "site_url: http://127.0.0.1:8000/\n"
        "docs_dir: docs\n"
        "site_dir: site\n"
        "use_directory_urls: true\n"
        "theme:\n  name: material\n  language: de\n  font: false\n"
        "  features: [navigation.sections, navigation.top, search.highlight]\n"
        "extra:\n  generator: false\n"
        + (
            "plugins:\n  - search:\n      lang: de\n      pipeline: [stemmer, stopWordFilter, trimmer]\n"
            if search
            else "plugins: []\n"
        )
        + "not_in_nav: |\n  /seiten/**\n"
        "markdown_extensions:\n  - toc\n  - attr_list\n  - md_in_html\n  - admonition\n  - tables\n"
        "  - def_list\n  - abbr\n"
        "nav:\n  - Startseite: index.md\n",
        encoding="utf-8",
    )
    (docs / "index.md").write_text("# Vergleich\n\nSeiten ohne Navigation.\n", encoding="utf-8")
    for index in range(pages):
        parts = [f"# Seite {index + 1}\n"]
        size = 0
        section = 0
        while size < page_bytes:
            if size // 2500 >= section:
                section += 1
                parts.append(f"\n## Abschnitt {section}\n")
            paragraph = text.paragraph(4)
            parts.append("\n" + paragraph + "\n")
            size += len(paragraph.encode("utf-8"))
        (docs / "seiten" / f"seite-{index + 1}.md").write_text("".join(parts), encoding="utf-8")
    return dest
