"""The form editor's configuration (Decap CMS `config.yml`), generated from the model.

The JSON Schema of the model (`schema.py`) is walked as `fieldref.py` walks it:
every property becomes a Decap field with the model's German title as label and
its description as hint, the widget follows the property's type, and required
properties are required in the form. A mapping is a section per key when its keys
are a fixed set (the languages of `translations`), else a list of entries with the
key in `MAPPING_KEY` (`editor_save.py` converts). Nothing here names a field of the model, so a
new field in `core/model.py` appears in the form without a change here
(`tests/test_editor_config.py` compares the two).

Collections: one folder collection of quarter files per city folder in
`quarters/`, and one collection of the city files (`_stadt.yaml`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from ..core.labels import LABELS
from ..core.languages import LANGUAGES
from ..core.load import load_file
from ..core.model import City, Quarter
from ..core.site import CITY_FILE
from .fieldref import german_name
from .schema import schema_for

#: Where the editor's files are published in the site.
ADMIN_DIR = "admin"
#: The decap-server's address the local editor talks to (`quartiersdoku redaktion`).
DEFAULT_PROXY_URL = "http://127.0.0.1:8081/api/v1"
#: The environment variable through which the preview learns the local editor's address.
PROXY_URL_ENV = "QUARTIERSDOKU_EDITOR_PROXY"

#: German messages for the patterns of the field types (quartiersdoku.core.fields).
_PATTERN_MESSAGES = {
    "^[a-z0-9]+(?:-[a-z0-9]+)*$": "Nur Kleinbuchstaben a–z, Ziffern und Bindestriche, "
    "z. B. „stadtteilkonferenz-2022“.",
    "^https?://": "Eine Webadresse, die mit https:// oder http:// beginnt.",
    "^(https?://|mailto:|tel:)": "Eine Adresse, die mit https://, mailto: oder tel: beginnt.",
    r"^\d{5}$": "Fünf Ziffern, z. B. 58089.",
    r"^\d{8}$": "Acht Ziffern, z. B. 05914000.",
    r"^\d{4}-\d{2}-\d{2}([ T]\d{1,2}:\d{2})?$": "Ein Tag als JJJJ-MM-TT, mit Uhrzeit als "
    "JJJJ-MM-TT hh:mm, z. B. 2022-03-26 oder 2022-03-26 10:00.",
    r"^\+?[0-9 ()/\-]{5,30}$": "Eine Telefonnummer aus Ziffern, Leerzeichen und + ( ) / -, "
    "z. B. 02331 207-0.",
}
_EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
_EMAIL_MESSAGE = "Eine E-Mail-Adresse wie name@beispiel.de."
#: The model's field that names an entry in the list of a collection.
_IDENTIFIER = "name"
_ENUMS: dict[str, type[StrEnum]] = {enum.__name__: enum for enum in LABELS}
#: German names of the keys of a mapping with a finite set of keys (the languages).
_KEY_LABELS = {key: language.german_name for key, language in LANGUAGES.items()}
#: In the form, a mapping keyed by ids is a list of entries: the key in this field …
MAPPING_KEY = "_key"
#: … and, when the mapping's values are texts, the value in this one. (pydantic gives no
#: field a name with a leading underscore, so neither can clash with a field of the model.)
MAPPING_VALUE = "_value"


@dataclass(frozen=True)
class EditorOptions:
    """What the operator sets in mkdocs.yml (`editor_backend`), and the local proxy."""

    backend: dict[str, Any] = field(default_factory=dict)
    proxy_url: str = DEFAULT_PROXY_URL
    site_url: str = ""


class _Fields:
    """Decap fields from one JSON Schema (`$defs` shared by the quarter and city schemas)."""

    def __init__(self) -> None:
        self.defs: dict[str, dict[str, Any]] = {}
        for model, name in ((Quarter, "quarter.schema.json"), (City, "city.schema.json")):
            self.defs.update(schema_for(model, name).get("$defs", {}))

    def fields(self, definition: dict[str, Any], *, optional: bool = False) -> list[dict[str, Any]]:
        """The fields of an object; within an optional section (`optional`) none is required:
        Decap would refuse to save while the section is left empty, and our validator still
        names a missing field of a section that was started."""
        required = set() if optional else set(definition.get("required", []))
        properties = definition.get("properties", {})
        # Entries inherit `sources` first; it reads better last (as in docs/felder.md).
        order = sorted(properties, key=lambda name: name == "sources")
        return [self.field(name, properties[name], required=name in required) for name in order]

    def field(self, name: str, spec: dict[str, Any], *, required: bool) -> dict[str, Any]:
        result: dict[str, Any] = {"name": name, "label": spec.get("title", name)}
        if spec.get("description"):
            result["hint"] = spec["description"]
        result.update(self.widget(_without_null(spec), optional=not required))
        if not required:
            result["required"] = False
        default = spec.get("default")
        if result["widget"] == "list":
            # Without it Decap starts every new file with one entry made of the entries'
            # defaults (an event with only `kind: other`), which is invalid.
            result["default"] = []
        elif default not in (None, [], {}, False):
            result["default"] = default
        return result

    def widget(  # noqa: PLR0911 - one case per kind of property
        self, spec: dict[str, Any], *, optional: bool = False
    ) -> dict[str, Any]:
        if "anyOf" in spec:
            # number or text (a fact's value): text, which the model reads as either
            return {"widget": "string"}
        if "$ref" in spec:
            return self._ref_widget(spec["$ref"].rsplit("/", 1)[-1], optional=optional)
        kind = spec.get("type")
        if kind == "array":
            return self._list_widget(spec.get("items", {}))
        if kind == "object" and "properties" not in spec:
            return self._mapping_widget(spec, optional=optional)
        if kind == "boolean":
            return {"widget": "boolean"}
        if kind in ("integer", "number"):
            return {"widget": "number", "value_type": "int" if kind == "integer" else "float"}
        return self._string_widget(spec)

    def _ref_widget(self, name: str, *, optional: bool) -> dict[str, Any]:
        definition = self.defs[name]
        if "enum" in definition:
            labels = LABELS.get(_ENUMS[name], {}) if name in _ENUMS else {}
            options = [{"label": labels.get(v, v), "value": v} for v in definition["enum"]]
            return {"widget": "select", "options": options}
        fields = self.fields(definition, optional=optional)
        return {"widget": "object", "collapsed": optional, "fields": fields}

    def _list_widget(self, items: dict[str, Any]) -> dict[str, Any]:
        if "$ref" in items:
            name = items["$ref"].rsplit("/", 1)[-1]
            definition = self.defs[name]
            if "enum" not in definition:
                inner = self.fields(definition)
                summary = next(
                    (f"{{{{fields.{f['name']}}}}}" for f in inner if f["name"] in _SUMMARY_FIELDS),
                    "",
                )
                widget: dict[str, Any] = {
                    "widget": "list",
                    "label_singular": german_name(name),
                    "collapsed": True,
                    "fields": inner,
                }
                if summary:
                    widget["summary"] = summary
                return widget
        item = {"name": "eintrag", "label": "Eintrag", **self.widget(items)}
        return {"widget": "list", "field": item}

    def _mapping_widget(self, spec: dict[str, Any], *, optional: bool) -> dict[str, Any]:
        """A mapping: with a finite set of keys (`propertyNames.enum`) an object with one
        optional, collapsed section per key; keyed by ids, a list of entries with the key
        in the field `MAPPING_KEY` (editor_save.py turns one into the other)."""
        patterns = spec.get("patternProperties", {})
        values: dict[str, Any] = spec.get("additionalProperties") or next(
            iter(patterns.values()), {"type": "string"}
        )
        keys = spec.get("propertyNames", {}).get("enum")
        if keys:
            sections = [
                {
                    "name": key,
                    "label": _KEY_LABELS.get(key, key),
                    **self.widget(values, optional=True),
                    "required": False,
                }
                for key in keys
            ]
            return {"widget": "object", "collapsed": optional, "fields": sections}
        key_spec: dict[str, Any] = {"type": "string"}
        if patterns:
            key_spec["pattern"] = next(iter(patterns))
        key_field = {
            "name": MAPPING_KEY,
            "label": spec.get("x-key-title", "Kennung"),
            **self.widget(key_spec),
        }
        if spec.get("x-key-description"):
            key_field["hint"] = spec["x-key-description"]
        if "$ref" in values:
            value_fields = self.fields(self.defs[values["$ref"].rsplit("/", 1)[-1]])
        else:
            value_field = {
                "name": MAPPING_VALUE,
                "label": spec.get("x-value-title", "Wert"),
                **self.widget(values),
            }
            if spec.get("x-value-description"):
                value_field["hint"] = spec["x-value-description"]
            value_fields = [value_field]
        return {
            "widget": "list",
            "collapsed": True,
            "summary": "{{fields." + MAPPING_KEY + "}}",
            "fields": [key_field, *value_fields],
        }

    @staticmethod
    def _string_widget(spec: dict[str, Any]) -> dict[str, Any]:
        if spec.get("contentMediaType") == "text/markdown":
            # Markdown as written ("raw"): Decap's rich-text mode rewrites the editor's
            # Markdown and fails axe (an unnamed switch and text box); see
            # docs/redaktion-im-browser.md.
            return {"widget": "markdown", "modes": ["raw"], "sanitize_preview": True}
        if spec.get("format") == "date":
            return {
                "widget": "datetime",
                "format": "YYYY-MM-DD",
                "date_format": "DD.MM.YYYY",
                "time_format": False,
            }
        pattern = spec.get("pattern")
        if spec.get("format") == "email":
            return {"widget": "string", "pattern": [_EMAIL_PATTERN, _EMAIL_MESSAGE]}
        if pattern is not None:
            message = _PATTERN_MESSAGES.get(pattern, f"Muster: {pattern}")
            return {"widget": "string", "pattern": [pattern, message]}
        if spec.get("type") == ["string", "integer"]:
            # a date as precise as the source (FuzzyDate): "2023", "2023-11", "Ende 2023"
            return {"widget": "string"}
        return {"widget": "string"}


#: Fields that name an entry in a collapsed list, first match wins.
_SUMMARY_FIELDS = ("title", "name", "indicator", "id", "text")


def _without_null(spec: dict[str, Any]) -> dict[str, Any]:
    """`anyOf: [X, null]` → X (keeping the outer title and description out)."""
    options = spec.get("anyOf")
    if options is None:
        return spec
    kept: list[dict[str, Any]] = [s for s in options if s.get("type") != "null"]
    if len(kept) == 1:
        return kept[0]
    return {"anyOf": kept}


@cache
def _cached_fields(model: type[BaseModel], name: str) -> str:
    return json.dumps(_Fields().fields(schema_for(model, name)))


def model_fields(model: type[BaseModel], name: str) -> list[dict[str, Any]]:
    """The form's fields of a quarter or city file (a fresh copy on every call)."""
    fields: list[dict[str, Any]] = json.loads(_cached_fields(model, name))
    return list(fields)


def city_folders(quarters_dir: Path) -> list[tuple[Path, str]]:
    """Each folder of quarter files with the city name its quarters carry."""
    found: list[tuple[Path, str]] = []
    for folder in sorted(p for p in quarters_dir.rglob("*") if p.is_dir()):
        files = sorted(folder.glob("*.yaml"))
        if not files:
            continue
        found.append((folder, _city_name(folder, files)))
    return found


def _city_name(folder: Path, files: list[Path]) -> str:
    for path in files:
        if path.name == CITY_FILE:
            continue
        data = load_file(path).data
        if isinstance(data, dict) and isinstance(data.get("city"), str):
            return str(data["city"])
    city_file = folder / CITY_FILE
    if city_file.exists():
        data = load_file(city_file).data
        if isinstance(data, dict) and isinstance(data.get("name"), str):
            return str(data["name"])
    return folder.name.replace("-", " ").title()


#: The deepest folder (below the project) that assets/admin/format.js has a format for.
_MAX_FORMAT_DEPTH = 8


def _format(kind: str, folder: Path, project_root: Path) -> str:
    """Our file format (assets/admin/format.js) for files in `folder`: it writes the schema
    line with as many `../` as the folder is deep."""
    depth = len(folder.relative_to(project_root).parts)
    return f"quartiersdoku-{kind}-{depth}" if depth <= _MAX_FORMAT_DEPTH else "yaml"


def editor_config(project_root: Path, quarters_dir: Path, options: EditorOptions) -> dict[str, Any]:
    """The whole Decap configuration for the project at `project_root`."""
    quarter_fields = model_fields(Quarter, "quarter.schema.json")
    city_fields = model_fields(City, "city.schema.json")
    collections: list[dict[str, Any]] = []
    city_files: dict[str, list[dict[str, Any]]] = {}  # by format (folder depth)
    for folder, city in city_folders(quarters_dir):
        relative = folder.relative_to(project_root).as_posix()
        key = folder.relative_to(quarters_dir).as_posix()
        fields = [{**f, "default": city} if f["name"] == "city" else f for f in quarter_fields]
        collections.append(
            {
                "name": "quartiere-" + key.replace("/", "-"),
                "label": f"Quartiere: {city}",
                "label_singular": "Quartier",
                "description": f"Die Quartiersdateien im Ordner {relative}/.",
                "folder": relative,
                "extension": "yaml",
                "format": _format("quartier", folder, project_root),
                "create": True,
                "delete": False,
                "identifier_field": _IDENTIFIER,
                "slug": "{{" + _IDENTIFIER + "}}",
                "summary": "{{" + _IDENTIFIER + "}}",
                # The city files live in the same folder; they have no `city` field.
                "filter": {"field": "city", "value": city},
                "fields": fields,
            }
        )
        if (folder / CITY_FILE).exists():
            city_files.setdefault(_format("stadt", folder, project_root), []).append(
                {
                    "name": "stadt-" + key.replace("/", "-"),
                    "label": f"Stadtdatei: {city}",
                    "file": f"{relative}/{CITY_FILE}",
                    "fields": city_fields,
                }
            )
    for index, (file_format, files) in enumerate(sorted(city_files.items())):
        collections.append(
            {
                "name": "staedte" if index == 0 else f"staedte-{index + 1}",
                "label": "Stadtdateien",
                "label_singular": "Stadtdatei",
                "description": "Stadtweite Inhalte: Ziele, Termine und Beschlüsse.",
                "format": file_format,
                "delete": False,
                "files": files,
            }
        )
    config: dict[str, Any] = {
        "locale": "de",
        "backend": options.backend or {"name": "proxy", "proxy_url": options.proxy_url},
        "media_folder": "content/bilder",
        "public_folder": "/bilder",
        "slug": {"encoding": "unicode", "clean_accents": False, "sanitize_replacement": "-"},
        "show_preview_links": False,
        "editor": {"preview": False},
        "collections": collections,
    }
    if not options.backend:
        # Only the local editor: the public site (with a git backend) never probes localhost.
        config["local_backend"] = {"url": options.proxy_url}
    if options.site_url:
        config["site_url"] = options.site_url
    if options.backend and options.backend.get("name") in ("gitlab", "github", "gitea"):
        config["publish_mode"] = "editorial_workflow"
    return config


#: libyaml's emitter when PyYAML was built with it (the wheels are): the same text, about four
#: times faster (6.3 s → 1.6 s of CPU for 40 cities, 4.3 MB; the preview's first build waits for it).
_SafeDumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _NoAliases(_SafeDumper):  # type: ignore[valid-type,misc]
    """Repeated parts (the city fields of each city) written out, not as anchors."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def render_editor_config(config: dict[str, Any]) -> str:
    header = (
        "# Erzeugt mit `quartiersdoku editor-config` aus dem Datenmodell. "
        "Nicht von Hand bearbeiten.\n"
    )
    body = yaml.dump(config, Dumper=_NoAliases, allow_unicode=True, sort_keys=False, width=100)
    return header + body
