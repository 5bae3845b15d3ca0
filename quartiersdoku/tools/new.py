"""`quartiersdoku new`: a commented quarter file to start from, and its placeholders.

The file is written to a temporary file beside the target, checked against the
model and only then moved in (Lektor's quickstart habit), never over an existing
file. It holds no facts: the required fields get the name and city the editor
gave and a summary that says there is none yet; every optional section is a
commented-out example whose values are placeholders (``<…>``, ``JJJJ-MM-TT``).
Text placeholders left in a file are reported as hints by :func:`placeholder_hints`
(`quartiersdoku validate` prints them; the build does not stop). Date and
address placeholders are not valid values: left in, they are errors.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError

from ..core.files import temporary_beside
from ..core.german import german_date
from ..core.hints import PLACEHOLDER_SUMMARY
from ..core.load import load_file
from ..core.messages import problems_from
from ..core.model import Quarter
from ..core.problems import Problem, QuartiersdokuError
from ..core.settings import Region, Settings
from ..core.urls import slugify
from .schema import modeline


class NewFileError(QuartiersdokuError):
    """The file was not created; the message is German and names the reason."""


class AlreadyExists(NewFileError):
    """The target (or the same quarter with the other YAML suffix) is there already."""


@dataclass(frozen=True)
class Section:
    """A part of the template: German explanation, then a commented-out YAML example."""

    heading: str
    explanation: str
    example: str


# The examples are YAML as an editor would uncomment it ("# " removed). Lines that
# are still comments after that ("# outcomes: …") are steps for later.
SECTIONS: tuple[Section, ...] = (
    Section(
        "Quellen",
        """Woher stammen die Angaben? Tragen Sie jedes Dokument einmal hier ein und
verweisen Sie bei jedem Eintrag mit `sources: [kennung]` darauf. Die Website
zeigt die Quellen an, damit Leserinnen und Leser die Angaben prüfen können.
Die Beispiele weiter unten verweisen auf diese Quelle (jahresbericht-2024):
Wenn Sie eines übernehmen, übernehmen Sie auch dieses Beispiel und tragen Ihre
Quelle ein – oder löschen Sie dort die Zeile mit `sources:`.""",
        """sources:
  - id: jahresbericht-2024          # kurze Kennung: a–z, 0–9 und Bindestriche
    title: <Titel des Dokuments>
    publisher: <Herausgeber>
    date: JJJJ-MM-TT                # oder nur JJJJ-MM oder JJJJ
    url: https://<adresse-des-dokuments>""",
    ),
    Section(
        "Einordnung",
        """Stadtbezirk, Gebietstyp und Lage auf der Karte. Gebietstyp: action_area
(Handlungsgebiet), observation_area (Beobachtungsgebiet), programme_area
(Programmgebiet), social_area (Sozialraum) oder other.
Lage in Grad (WGS 84), etwa aus OpenStreetMap: lat ist der Breitengrad (in
Deutschland 47 bis 55), lon der Längengrad (6 bis 15). „approximate: true“
heißt: nur ungefähr, etwa die Mitte des Quartiers.
„reviewed“ ist der Stand: der Tag, an dem die Angaben zuletzt geprüft wurden.""",
        """district: <Stadtbezirk>
area_type: programme_area
location: {lat: <Breitengrad>, lon: <Längengrad>, approximate: true}
tags: [<Schlagwort>, <Schlagwort>]
reviewed: JJJJ-MM-TT""",
    ),
    Section(
        "Beschreibung",
        """Texte in Markdown: **fett**, Listen mit „- “, Leerzeile für einen neuen
Absatz. Nach „|“ folgt ein Text über mehrere Zeilen, jede Zeile mit zwei
Leerzeichen eingerückt.""",
        """description: |
  <Gebietscharakter und Ausgangslage: Lage, Bebauung, Bevölkerung.>
potentials: |
  <Potenziale und Handlungsansätze.>
partners: |
  <Organisation und lokale Partner.>
outlook: |
  <Perspektiven: wie es im Quartier weitergehen soll.>""",
    ),
    Section(
        "Meilensteine und Kennzahlen",
        """Meilensteine sind Ereignisse mit Datum, so genau die Quelle es nennt:
2011-04-12, 2011-04, 2011 oder „Frühjahr 2011“. Kennzahlen immer mit Jahr
und Quelle.""",
        """milestones:
  - date: JJJJ-MM
    title: <Was geschah>
    sources: [jahresbericht-2024]
facts:
  - indicator: <Kennzahl, z. B. Einwohnerinnen und Einwohner>
    value: <Wert als Zahl>
    year: <Jahr>
    sources: [jahresbericht-2024]""",
    ),
    Section(
        "Programme",
        """Förderprogramme im Quartier. status: planned (geplant), running (läuft)
oder ended (beendet). Ein beendetes Programm erscheint als Archiv: sagen Sie
dann mit archive_notice und successor, an wen man sich jetzt wendet.""",
        """programmes:
  - id: <kennung-des-programms>     # z. B. soziale-stadt-altstadt
    name: <Name des Programms>
    funding: [<Förderprogramm, z. B. Soziale Stadt>]
    start: JJJJ
    end: JJJJ
    status: running
    operators: [<Träger>]
    sources: [jahresbericht-2024]
    # Wenn das Programm beendet ist:
    # archive_notice: <Was aus dem Programm geworden ist.>
    # successor:
    #   text: <Wer heute ansprechbar ist und wofür.>""",
    ),
    Section(
        "Maßnahmen",
        """Maßnahmen aus dem Handlungskonzept. status: planned, running, completed
(abgeschlossen) oder stopped (eingestellt).""",
        """measures:
  - number: "<Nummer im Konzept, z. B. 6.0>"
    title: <Titel der Maßnahme>
    status: running
    start: JJJJ-MM
    responsible: [<Amt oder Träger>]
    sources: [jahresbericht-2024]""",
    ),
    Section(
        "Termine",
        """Stadtteilkonferenzen, Werkstätten, Foren. kind: district_conference,
workshop, forum, participation, meeting, conference oder other. Beginn und
Ende als Datum (ganztägig) oder Datum mit Uhrzeit in deutscher Ortszeit.
Nach dem Termin ergänzen Sie die Ergebnisse.""",
        """events:
  - title: <Titel, z. B. 8. Stadtteilkonferenz>
    kind: district_conference
    start: JJJJ-MM-TT hh:mm
    end: JJJJ-MM-TT hh:mm
    venue:
      name: <Name des Orts>
      address: {street: <Straße und Hausnummer>, postcode: "<PLZ>", city: <Ort>}
    summary: <Worum es geht.>
    sources: [jahresbericht-2024]
    # Nach dem Termin:
    # outcomes: <Was die Veranstaltung ergeben hat.>
    # documentation: https://<adresse-der-dokumentation>""",
    ),
    Section(
        "Anlaufstellen",
        """Quartiersbüro, Stadtteilladen, Beratungsstelle. kind: coordination_office,
district_shop, quarter_office, city_department, advice_centre,
meeting_place oder other; status: planned, open oder closed.
Öffnungszeiten in OpenStreetMap-Schreibweise, Wochentage englisch abgekürzt
(Mo Tu We Th Fr Sa Su), z. B. Mo-Fr 09:00-12:00; Th 14:00-18:00.""",
        """contacts:
  - name: <Name der Anlaufstelle>
    kind: quarter_office
    status: open
    organisation: <Träger>
    address: {street: <Straße und Hausnummer>, postcode: "<PLZ>", city: <Ort>}
    phone: <Telefonnummer>
    email: <E-Mail-Adresse>
    opening_hours: <Öffnungszeiten, z. B. Mo-Fr 09:00-12:00>
    reviewed: JJJJ-MM-TT
    sources: [jahresbericht-2024]""",
    ),
    Section(
        "Beschlüsse und Sachstandsberichte",
        """Vorlagen und Beschlüsse politischer Gremien (status: planned, adopted,
rejected, deferred oder noted) und Berichte über ihre Umsetzung. Die
Drucksachennummer in Anführungszeichen. Ein Bericht verweist mit „decision“
auf den Beschluss: Kennung ist die Nummer mit „-“ statt „/“ (0745/2023 →
0745-2023).""",
        """decisions:
  - reference: "<Drucksachennummer, z. B. 0745/2023>"
    title: <Titel der Vorlage>
    body: <Gremium>
    date: JJJJ-MM-TT
    status: adopted
    url: https://<adresse-im-ratsinformationssystem>
    commitments:
      - title: <Was die Verwaltung zugesagt hat>
        due: JJJJ-MM
    sources: [jahresbericht-2024]
reports:
  - date: JJJJ-MM-TT
    title: <Titel des Berichts>
    decision: <kennung-des-beschlusses>
    text: <Was berichtet wurde.>
    sources: [jahresbericht-2024]""",
    ),
    Section(
        "Dokumente und Links",
        """Weitere Dokumente und Links zum Quartier (nur https-, mailto- und
tel-Adressen).""",
        """documents:
  - title: <Titel des Dokuments>
    url: https://<adresse-des-dokuments>
    date: JJJJ
links:
  - title: <Linktext>
    url: https://<adresse>""",
    ),
    Section(
        "Leichte Sprache und Übersetzungen",
        """Die wichtigsten Texte in Leichter Sprache und in den Sprachen der Menschen im
Quartier; jede Sprache bekommt eine eigene Seite. Nur übersetzen, was es auf
Deutsch schon gibt, ohne neue Angaben. `quartiersdoku validate` nennt danach den
Wert für `made_from` (Anleitung: „Übersetzungen und Leichte Sprache“).""",
        """translations:
  leichte_sprache:                  # andere Sprachen: en, tr, ar, uk, ru
    summary: <Die Kurzbeschreibung in Leichter Sprache.>""",
    ),
)

_HEADER = """\
{modeline}
#
# Quartiersdatei „{name}“ ({city})
# angelegt am {today} mit `quartiersdoku new`; auf der Website: /quartiere/{slug}/
#
# So geht es weiter:
# 1. Ersetzen Sie die Kurzbeschreibung (summary) durch ein bis zwei Sätze.
# 2. Tragen Sie ein, was Sie belegen können. Zeilen mit „#“ am Anfang erscheinen
#    nicht auf der Website: Erläuterungen und Beispiele. Um ein Beispiel zu
#    übernehmen, entfernen Sie „# “ am Zeilenanfang (in VS Code: Zeilen markieren,
#    Strg+# oder Strg+/) und ersetzen alles in <spitzen Klammern> und JJJJ-MM-TT
#    durch Ihre Angaben. Nicht Benötigtes löschen Sie einfach.
# 3. Prüfen: quartiersdoku validate {path}
#    Anleitung: docs/anleitung.md, alle Felder: docs/felder.md

# Name des Quartiers, wie er auf der Website erscheint.
name: {name_yaml}
# Stadt oder Gemeinde.
city: {city_yaml}
# Kurzbeschreibung: ein bis zwei Sätze für Übersichten und Suchergebnisse.
# Bitte ersetzen; bis dahin meldet `quartiersdoku validate` einen Hinweis.
summary: {summary_yaml}
"""


def _comment(text: str) -> str:
    return "\n".join(f"# {line}".rstrip() for line in text.splitlines())


def yaml_string(value: str) -> str:
    """`value` as a YAML scalar that reads back as this very string: plain if possible."""
    plain = f"k: {value}"
    try:
        if (
            value == value.strip()
            # YAML 1.1 (PyYAML) and 1.2 (editors) read some digit strings differently: quote
            and not value[:1].isdigit()
            and "#" not in value
            and yaml.safe_load(plain) == {"k": value}
        ):
            return value
    except yaml.YAMLError:
        pass
    # A JSON string is a valid double-quoted YAML scalar.
    return json.dumps(value, ensure_ascii=False)


def quarter_path(quarters_dir: Path, name: str, city: str) -> Path:
    """`quarters/<city-slug>/<name-slug>.yaml`."""
    return quarters_dir / slugify(city) / f"{slugify(name)}.yaml"


def render(settings: Settings, schema_dir: Path, name: str, city: str) -> str:
    """The text of the new file for quarter `name` in `city`."""
    path = quarter_path(settings.quarters_dir, name, city)
    header = _HEADER.format(
        modeline=modeline(path, schema_dir),
        name=name,
        city=city,
        today=german_date(settings.today),
        slug=f"{path.parent.name}/{path.stem}",
        path=_shown(path, settings.quarters_dir.parent),
        name_yaml=yaml_string(name),
        city_yaml=yaml_string(city),
        summary_yaml=yaml_string(PLACEHOLDER_SUMMARY),
    )
    parts = [header]
    for section in SECTIONS:
        title = f"# ── {section.heading} (freiwillig) "
        parts.append(
            f"\n{title}{'─' * max(3, 79 - len(title))}\n"
            f"{_comment(section.explanation)}\n#\n{_comment(section.example)}\n"
        )
    return "".join(parts)


def _clean(value: str, what: str) -> str:
    value = value.strip()
    if not value:
        raise NewFileError(f"Der {what} ist leer.")
    if any(ord(ch) < 32 for ch in value):
        raise NewFileError(f"Der {what} enthält einen Zeilenumbruch oder ein Steuerzeichen.")
    return value


def create_quarter(
    settings: Settings, schema_dir: Path, name: str, city: str, *, shown_root: Path | None = None
) -> Path:
    """Write a new quarter file below `settings.quarters_dir`; never overwrites.

    `shown_root` is the folder paths in messages are shown relative to.

    Raises :class:`AlreadyExists` if the file is there, :class:`NewFileError`
    for unusable input. On any failure nothing is left behind.
    """
    name = _clean(name, "Name des Quartiers")
    city = _clean(city, "Name der Stadt")
    target = quarter_path(settings.quarters_dir, name, city)
    for existing in (target, target.with_suffix(".yml")):
        if existing.exists():
            raise AlreadyExists(
                f"Die Datei {_shown(existing, shown_root)} gibt es schon; sie wird nicht "
                "überschrieben. Hinweis: Wählen Sie einen anderen Namen oder bearbeiten Sie "
                "die vorhandene Datei."
            )
    text = render(settings, schema_dir, name, city)
    created_dirs = _missing_parents(target.parent)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with temporary_beside(target) as temporary:
            temporary.write_text(text, encoding="utf-8")
            problems = check_new_file(temporary, settings.region)
            if problems:  # a bug in the template, not the editor's fault
                raise NewFileError(
                    "Die Vorlage ist fehlerhaft; es wurde nichts angelegt:\n"
                    + "\n".join(p.format() for p in problems)
                )
            _move_in(temporary, target, shown_root)
    except BaseException:
        for folder in created_dirs:
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise
    return target


def check_new_file(path: Path, region: Region) -> list[Problem]:
    """Errors of a file against the quarter model (without the cross-file checks)."""
    loaded = load_file(path)
    if loaded.problems:
        return list(loaded.problems)
    try:
        Quarter.model_validate(loaded.data, context={"region": region})
    except ValidationError as exc:
        return problems_from(Quarter, exc, loaded)
    return []


def _shown(path: Path, root: Path | None) -> str:
    if root is not None:
        with contextlib.suppress(ValueError):
            return path.resolve().relative_to(root.resolve()).as_posix()
    return str(path)


def _missing_parents(folder: Path) -> list[Path]:
    """Folders from `folder` upwards that do not exist yet, innermost first."""
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    return missing


def _move_in(temporary: Path, target: Path, shown_root: Path | None) -> None:
    """Move `temporary` to `target` unless `target` appeared meanwhile."""
    try:
        os.link(temporary, target)  # atomic, and fails if the target exists
    except FileExistsError:
        raise AlreadyExists(
            f"Die Datei {_shown(target, shown_root)} ist eben entstanden; sie wird nicht "
            "überschrieben."
        ) from None
    except OSError:  # a file system without hard links
        if target.exists():
            raise AlreadyExists(
                f"Die Datei {_shown(target, shown_root)} gibt es schon; sie wird nicht "
                "überschrieben."
            ) from None
        temporary.replace(target)
