"""The field reference for editors (`docs/felder.md`), generated from the JSON Schema.

The schema is generated from the model, so the reference names every field the
loader accepts, with the German title, description and example the editors also
see in VS Code. `quartiersdoku felder` writes it; `--check` (and a test) fails
when it is out of date.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, get_args

import yaml
from pydantic import BaseModel

from .new import yaml_string
from .schema import SCHEMAS, schema_for

FIELDREF_PATH = Path("docs") / "felder.md"
# Dates read the same in every YAML version, so examples show them without quotes.
_DATE_RE = re.compile(r"\d{4}(-\d{2}(-\d{2}( \d{1,2}:\d{2})?)?)?")

#: German names of the entries and building blocks (JSON Schema definitions).
DEFINITION_NAMES = {
    "Address": "Adresse",
    "City": "Stadtdatei",
    "Commitment": "Zusage",
    "Contact": "Anlaufstelle",
    "Decision": "Beschluss",
    "Document": "Dokument",
    "Event": "Termin",
    "Fact": "Kennzahl",
    "Link": "Link",
    "Measure": "Maßnahme",
    "Milestone": "Meilenstein",
    "Point": "Punkt auf der Karte",
    "Programme": "Programm",
    "Quarter": "Quartiersdatei",
    "Report": "Sachstandsbericht",
    "Source": "Quelle",
    "SourceRef": "Quellenverweis",
    "Step": "Schritt",
    "StrategyGoal": "Strategisches Ziel",
    "Successor": "Nachfolge",
    "Venue": "Veranstaltungsort",
    "Translation": "Übersetzung",
    "ProgrammeTranslation": "Übersetzung eines Programms",
    "ContactTranslation": "Übersetzung einer Anlaufstelle",
}

#: What the patterns of the field types (quartiersdoku.core.fields) mean, in German.
_PATTERNS = {
    "^[a-z0-9]+(?:-[a-z0-9]+)*$": "Kennung (a–z, 0–9 und Bindestriche)",
    "^https?://": "Webadresse (https://…)",
    "^(https?://|mailto:|tel:)": "Adresse (https://…, mailto:… oder tel:…)",
    r"^\d{5}$": "Postleitzahl (fünf Ziffern, in Anführungszeichen)",
    r"^\d{8}$": "Gemeindeschlüssel (acht Ziffern, in Anführungszeichen)",
    r"^\d{4}-\d{2}-\d{2}([ T]\d{1,2}:\d{2})?$": (
        "Datum (JJJJ-MM-TT) oder Datum mit Uhrzeit (JJJJ-MM-TT hh:mm)"
    ),
}
#: Notes on a definition, shown under its heading.
_NOTES = {
    "SourceRef": "Ein Verweis in `sources` eines Eintrags: nur die Kennung "
    "(`sources: [kennung]`) oder mit Stelle (`{id: kennung, at: S. 4}`).",
    "Point": "Breitengrad (`lat`) zuerst, Längengrad (`lon`) danach, z. B. "
    "`{lat: 51.353, lon: 7.456}`.",
    "Translation": "Steht in `translations` unter einem Sprachcode: `leichte_sprache`, `en`, "
    "`tr`, `ar`, `uk` oder `ru`. Wie man übersetzt, zeigt die Anleitung (Abschnitt „Übersetzungen und "
    "Leichte Sprache“).",
}
_SIMPLE_KINDS = {"integer": "ganze Zahl", "number": "Zahl", "boolean": "`true` oder `false`"}
_FUZZY = "Datum, so genau bekannt: JJJJ-MM-TT, JJJJ-MM, JJJJ oder z. B. „Ende 2023“"

_INTRO = """\
# Feldreferenz

<!-- Erzeugt mit `quartiersdoku felder` aus dem Datenmodell. Nicht von Hand bearbeiten. -->

Jedes Feld der Quartiersdateien (`quarters/<stadt>/<quartier>.yaml`) und der
Stadtdateien (`quarters/<stadt>/_stadt.yaml`). Diese Seite wird aus demselben
Datenmodell erzeugt wie die Prüfung (`quartiersdoku validate`) und das Schema,
mit dem VS Code beim Tippen ergänzt und prüft – sie ist also vollständig.

- **Pflicht** heißt: ohne dieses Feld ist die Datei fehlerhaft. Alle anderen
  Felder lassen Sie weg, wenn Sie nichts Belegtes einzutragen haben.
- Die Feldnamen sind englisch und werden genau so geschrieben; die Website
  zeigt deutsche Überschriften.
- Eine „Liste“ schreiben Sie als `[a, b]` oder als Zeilen mit `- `; ein
  „Abschnitt“ enthält weitere Felder, eingerückt unter dem Feldnamen.
- Wie man die Felder benutzt, zeigt die [Anleitung](anleitung.md).
"""


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def german_name(definition: str) -> str:
    return DEFINITION_NAMES.get(definition, definition)


def anchor(heading: str) -> str:
    """The anchor GitHub and GitLab give a heading (lower case, spaces to hyphens)."""
    kept = "".join(ch for ch in heading.lower() if ch.isalnum() or ch in " -_")
    return kept.replace(" ", "-")


class _Reference:
    def __init__(self) -> None:
        self.defs: dict[str, dict[str, Any]] = {}
        self.models: dict[str, type[BaseModel]] = {}
        for name, model in SCHEMAS.items():
            schema = schema_for(model, name)
            for key, definition in schema.get("$defs", {}).items():
                self.defs.setdefault(key, definition)
            _collect_models(model, self.models)

    def is_enum(self, name: str) -> bool:
        return "enum" in self.defs.get(name, {})

    def kind(self, spec: dict[str, Any]) -> str:
        """What kind of value a property takes, in German."""
        if "anyOf" in spec:
            options = [s for s in spec["anyOf"] if s.get("type") != "null"]
            if len(options) == 1:
                return self.kind(options[0])
            types = {s.get("type") for s in options}
            if types <= {"number", "integer", "string"}:
                return "Zahl oder Text"
            return " oder ".join(self.kind(s) for s in options)
        if "$ref" in spec:
            name = _ref_name(spec["$ref"])
            definition = self.defs[name]
            if "enum" in definition:
                return "eins von: " + ", ".join(f"`{v}`" for v in definition["enum"])
            german = german_name(name)
            return f"Abschnitt: [{german}](#{anchor(german)})"
        return self._plain_kind(spec)

    def _plain_kind(self, spec: dict[str, Any]) -> str:
        kind = spec.get("type")
        if kind == "array":
            return "Liste; je Eintrag: " + self.kind(spec.get("items", {}))
        if kind == "string":
            return self._string_kind(spec)
        if kind == ["string", "integer"]:
            return _FUZZY
        if kind == "object":
            return self._mapping_kind(spec)
        return _SIMPLE_KINDS.get(str(kind), "Wert")

    def _mapping_kind(self, spec: dict[str, Any]) -> str:
        """A mapping whose keys the editor names: `translations`, `made_from`, …"""
        by_pattern = spec.get("patternProperties", {})
        if by_pattern:  # keys are ids (Slug)
            return "je Kennung: " + self.kind(next(iter(by_pattern.values())))
        values = spec.get("additionalProperties")
        if not isinstance(values, dict):
            return "Wert"
        languages = spec.get("propertyNames", {}).get("enum")
        if languages:
            listed = ", ".join(f"`{key}`" for key in languages)
            return f"je Sprachcode ({listed}): " + self.kind(values)
        return "je Name: " + self.kind(values)

    @staticmethod
    def _string_kind(spec: dict[str, Any]) -> str:
        if spec.get("contentMediaType") == "text/markdown":
            return "Text (Markdown)"
        if spec.get("format") == "email":
            return "E-Mail-Adresse"
        if spec.get("format") == "date":
            return "Tag (JJJJ-MM-TT)"
        pattern = spec.get("pattern")
        if pattern is not None:
            return _PATTERNS.get(pattern, f"Text nach dem Muster `{pattern}`")
        return "Text"

    def table(self, definition: dict[str, Any]) -> list[str]:
        required = set(definition.get("required", []))
        model = self.models.get(str(definition.get("title")))
        rows = [
            "| Feld | Bedeutung | Wert | Beispiel |",
            "| --- | --- | --- | --- |",
        ]
        properties = definition.get("properties", {})
        # Entries inherit `sources` first; it reads better last.
        order = sorted(properties, key=lambda field: field == "sources")
        for field in order:
            spec = properties[field]
            name = f"`{field}`" + (" **Pflicht**" if field in required else "")
            meaning = f"**{spec.get('title', field)}.** {spec.get('description', '')}".strip()
            value = self.kind(spec)
            default = spec.get("default")
            if default not in (None, [], {}, False):
                value += f"; ohne Angabe: `{_inline(default)}`"
            # The model keeps the examples' keys in the order they were written.
            info = model.model_fields.get(field) if model is not None else None
            examples = (info.examples if info is not None else None) or spec.get("examples")
            example = _example(examples or [])
            rows.append("| " + " | ".join(_cell(c) for c in (name, meaning, value, example)) + " |")
        return rows

    def definitions_in_order(self) -> Iterator[str]:
        """Object definitions, in the order a reader meets them from the two files."""
        seen: list[str] = []
        queue: list[dict[str, Any]] = [schema_for(model, name) for name, model in SCHEMAS.items()]
        while queue:
            definition = queue.pop(0)
            for spec in definition.get("properties", {}).values():
                for ref in _refs(spec):
                    if ref not in seen and not self.is_enum(ref):
                        seen.append(ref)
                        queue.append(self.defs[ref])
        yield from seen


def _example(examples: list[Any]) -> str:
    if not examples:
        return ""
    example = examples[0]
    if isinstance(example, list) and example and isinstance(example[0], dict):
        return "siehe Abschnitt"
    return f"`{_inline(example)}`"


def _collect_models(model: type[BaseModel], found: dict[str, type[BaseModel]]) -> None:
    if model.__name__ in found:
        return
    found[model.__name__] = model
    for info in model.model_fields.values():
        for inner in _model_types(info.annotation):
            _collect_models(inner, found)


def _model_types(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for argument in get_args(annotation):
        yield from _model_types(argument)


def _refs(spec: Any) -> Iterator[str]:
    if isinstance(spec, dict):
        if "$ref" in spec:
            yield _ref_name(spec["$ref"])
        for value in spec.values():
            yield from _refs(value)
    elif isinstance(spec, list):
        for item in spec:
            yield from _refs(item)


def _inline(value: Any) -> str:
    """A value as an editor writes it in YAML, on one line."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return json.dumps(value)
    if isinstance(value, str):
        return value if _DATE_RE.fullmatch(value) else yaml_string(value)
    dumped: str = yaml.safe_dump(
        value, allow_unicode=True, default_flow_style=True, width=10**6, sort_keys=False
    )
    return dumped.strip()


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_fieldref() -> str:
    reference = _Reference()
    lines = [_INTRO]
    titles = {"quarter.schema.json": "Quartiersdatei", "city.schema.json": "Stadtdatei"}
    where = {
        "quarter.schema.json": "Eine Datei je Quartier: `quarters/<stadt>/<quartier>.yaml`.",
        "city.schema.json": "Stadtweite Inhalte, eine Datei je Stadtordner: "
        "`quarters/<stadt>/_stadt.yaml` (freiwillig).",
    }
    for name, model in SCHEMAS.items():
        lines += [
            f"## {titles.get(name, name)}",
            "",
            f"{where.get(name, '')} Schema: `schema/{name}`.",
            "",
            *reference.table(schema_for(model, name)),
            "",
        ]
    lines += [
        "## Einträge und Abschnitte",
        "",
        "Die Felder der Einträge in den Listen oben (etwa eines Termins in `events`) "
        "und der Abschnitte (etwa `address`).",
        "",
    ]
    for definition in reference.definitions_in_order():
        spec = reference.defs[definition]
        lines += [f"### {german_name(definition)}", ""]
        if definition in _NOTES:
            lines += [_NOTES[definition], ""]
        lines += [*reference.table(spec), ""]
    return "\n".join(lines).rstrip() + "\n"


def write_fieldref(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_fieldref(), encoding="utf-8")
    return path


def fieldref_is_current(path: Path) -> bool:
    return path.exists() and path.read_text(encoding="utf-8") == render_fieldref()
