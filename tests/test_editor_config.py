"""The form editor's configuration agrees with the model, field for field."""

from __future__ import annotations

import re
import typing
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel

from quartiersdoku.core.labels import LABELS
from quartiersdoku.core.languages import LANGUAGES
from quartiersdoku.core.model import City, Quarter
from quartiersdoku.tools.cli import main
from quartiersdoku.tools.editor_config import (
    MAPPING_KEY,
    MAPPING_VALUE,
    EditorOptions,
    editor_config,
    model_fields,
    render_editor_config,
)

Field = dict[str, Any]


def _inner(annotation: Any) -> Iterator[Any]:
    """The types inside `list[X] | None`, `Annotated[X, …]` and the like."""
    origin = typing.get_origin(annotation)
    if origin is None:
        yield annotation
        return
    if origin is typing.Annotated:
        yield from _inner(typing.get_args(annotation)[0])
        return
    for argument in typing.get_args(annotation):
        if argument is not type(None):
            yield from _inner(argument)


def _dict_args(annotation: Any) -> tuple[Any, Any] | None:
    """The key and value types of `dict[K, V]` (also inside `… | None`)."""
    if typing.get_origin(annotation) is dict:
        key, value = typing.get_args(annotation)
        return key, value
    for argument in typing.get_args(annotation):
        found = _dict_args(argument)
        if found is not None:
            return found
    return None


def _model_paths(model: type[BaseModel], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """Every field of the model as `measures.steps.title`, with its pydantic FieldInfo.

    A mapping with a finite set of keys (`propertyNames.enum` in the schema) has a path per
    key (`translations.tr.summary`, labelled with the key's German name); a mapping keyed
    by ids has the key's path (`….programmes._key`) and, when its values are texts, the
    value's (`….made_from._value`): the shapes of the form."""
    for name, info in model.model_fields.items():
        path = prefix + name
        yield path, info
        mapping = _dict_args(info.annotation)
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        names = extra.get("propertyNames")
        if mapping is not None and isinstance(names, dict):
            for key in names["enum"]:
                yield f"{path}.{key}", LANGUAGES[key].german_name
                yield from _type_paths(mapping[1], f"{path}.{key}.")
        elif mapping is not None:
            yield f"{path}.{MAPPING_KEY}", extra.get("x-key-title", "Kennung")
            if not any(_is_model(inner) for inner in _inner(mapping[1])):
                yield f"{path}.{MAPPING_VALUE}", extra.get("x-value-title", "Wert")
            yield from _type_paths(mapping[1], path + ".")
        else:
            yield from _type_paths(info.annotation, path + ".")


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _type_paths(annotation: Any, prefix: str) -> Iterator[tuple[str, Any]]:
    for inner in _inner(annotation):
        if _is_model(inner):
            yield from _model_paths(inner, prefix)


def _config_paths(fields: list[Field], prefix: str = "") -> Iterator[tuple[str, Field]]:
    for field in fields:
        path = prefix + field["name"]
        yield path, field
        yield from _config_paths(field.get("fields", []), path + ".")


def _enum_of(annotation: Any) -> type[StrEnum] | None:
    for inner in _inner(annotation):
        if isinstance(inner, type) and issubclass(inner, StrEnum):
            return inner
    return None


@pytest.mark.parametrize(
    ("model", "schema_name"), [(Quarter, "quarter.schema.json"), (City, "city.schema.json")]
)
def test_config_and_model_have_the_same_fields(model: type[BaseModel], schema_name: str) -> None:
    from_model = dict(_model_paths(model))
    from_config = dict(_config_paths(model_fields(model, schema_name)))
    assert sorted(from_config) == sorted(from_model), (
        "Formular und Datenmodell weichen ab: "
        f"nur im Modell {sorted(set(from_model) - set(from_config))}, "
        f"nur im Formular {sorted(set(from_config) - set(from_model))}"
    )
    for path, info in from_model.items():
        field = from_config[path]
        if isinstance(info, str):  # a key of a mapping, or a mapping's text value
            assert field["label"] == info, path
            continue
        assert field["label"] == info.title, path
        if info.description:
            assert field["hint"] == info.description, path
        enum = _enum_of(info.annotation)
        if enum is not None and field["widget"] == "select":
            assert [o["value"] for o in field["options"]] == [m.value for m in enum], path
            assert [o["label"] for o in field["options"]] == [
                LABELS[enum][m.value] for m in enum
            ], path


def _required_at_top(model: type[BaseModel], fields: list[Field]) -> None:
    by_name = {f["name"]: f for f in fields}
    for name, info in model.model_fields.items():
        assert (by_name[name].get("required", True) is True) == info.is_required(), name


def test_required_fields_are_required_in_the_form() -> None:
    _required_at_top(Quarter, model_fields(Quarter, "quarter.schema.json"))
    _required_at_top(City, model_fields(City, "city.schema.json"))
    fields = dict(_config_paths(model_fields(Quarter, "quarter.schema.json")))
    # in an entry of a list, the entry's own required fields are required …
    assert fields["events.title"].get("required", True) is True
    assert fields["measures.title"].get("required", True) is True
    # … but not inside an optional section, which Decap would otherwise refuse to leave empty
    assert fields["location.lat"]["required"] is False
    assert fields["events.venue.address.street"]["required"] is False


def test_widgets_follow_the_types() -> None:
    fields = dict(_config_paths(model_fields(Quarter, "quarter.schema.json")))
    assert fields["description"]["widget"] == "markdown"
    assert fields["reviewed"]["widget"] == "datetime"
    assert fields["reviewed"]["format"] == "YYYY-MM-DD"
    assert fields["area_type"]["widget"] == "select"
    assert fields["location.lat"] == {**fields["location.lat"], "widget": "number"}
    assert fields["location.approximate"]["widget"] == "boolean"
    assert fields["facts.year"]["value_type"] == "int"
    for nested in ("measures", "measures.steps", "events", "contacts", "decisions"):
        assert fields[nested]["widget"] == "list"
        assert fields[nested]["fields"], nested
    for nested in ("decisions.commitments", "reports", "sources"):
        assert fields[nested]["widget"] == "list", nested
    # a list of texts is a list of single fields, so a comma stays inside an entry
    assert fields["tags"]["field"]["widget"] == "string"


def test_patterns_are_checked_in_the_form() -> None:
    fields = dict(_config_paths(model_fields(Quarter, "quarter.schema.json")))
    checks = {
        "measures.id": "stadtteilkonferenz-2022",
        "contacts.address.postcode": "58089",
        "contacts.phone": "02331 207-0",
        "contacts.website": "https://www.hagen.de",
        "contacts.email": "quartier@example.org",
    }
    for path, good in checks.items():
        pattern, message = fields[path]["pattern"]
        assert re.search(pattern, good), path
        assert not re.search(pattern, "ä ö"), path
        assert message.endswith("."), path


def test_collections_per_city_folder(repo: Path) -> None:
    config = editor_config(repo, repo / "quarters", EditorOptions())
    folders = {c["folder"]: c for c in config["collections"] if "folder" in c}
    assert set(folders) == {
        p.parent.relative_to(repo).as_posix() for p in (repo / "quarters").rglob("*.yaml")
    }
    hagen = folders["quarters/hagen"]
    assert hagen["filter"] == {"field": "city", "value": "Hagen"}
    assert hagen["format"] == "quartiersdoku-quartier-2"  # assets/admin/format.js
    city_files = next(c for c in config["collections"] if "files" in c)
    assert {f["file"] for f in city_files["files"]} == {
        p.relative_to(repo).as_posix() for p in (repo / "quarters").rglob("_stadt.yaml")
    }
    assert config["locale"] == "de"
    assert config["local_backend"]["url"].startswith("http://127.0.0.1:")
    assert "publish_mode" not in config  # the local backend saves files directly


def test_a_git_backend_gets_the_editorial_workflow(repo: Path) -> None:
    backend = {"name": "gitlab", "repo": "stadt/quartiere", "branch": "main"}
    config = editor_config(repo, repo / "quarters", EditorOptions(backend=backend))
    assert config["backend"] == backend
    assert config["publish_mode"] == "editorial_workflow"
    assert "local_backend" not in config  # the public site never probes localhost


def test_cli_writes_the_configuration(repo: Path, tmp_path: Path) -> None:
    target = tmp_path / "config.yml"
    assert main(["-f", str(repo / "mkdocs.yml"), "editor-config", "-o", str(target)]) == 0
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Erzeugt mit `quartiersdoku editor-config`")
    config = yaml.safe_load(text)
    assert "&id" not in text  # no YAML anchors: each city's fields written out
    expected = editor_config(repo, repo / "quarters", EditorOptions())
    assert config == yaml.safe_load(render_editor_config(expected))


def test_translations_are_sections_per_language_and_lists_of_entries() -> None:
    fields = dict(_config_paths(model_fields(Quarter, "quarter.schema.json")))
    languages = fields["translations"]
    assert languages["widget"] == "object"
    assert [f["name"] for f in languages["fields"]] == list(LANGUAGES)
    for section in languages["fields"]:
        # each language optional and closed until opened: an empty one is never saved
        assert section["widget"] == "object", section["name"]
        assert section["collapsed"] is True
        assert section["required"] is False
        assert all(f.get("required") is False for f in section["fields"])
    turkish = "translations.tr"
    assert fields[turkish]["label"] == "Türkisch"
    assert fields[f"{turkish}.summary"]["widget"] == "string"
    for keyed in ("programmes", "contacts", "made_from"):
        entries = fields[f"{turkish}.{keyed}"]
        assert entries["widget"] == "list", keyed
        assert entries["default"] == []
        assert entries["fields"][0]["name"] == MAPPING_KEY
        assert entries["summary"] == "{{fields." + MAPPING_KEY + "}}"
    # the ids of programmes and contacts follow the pattern of ids, with its German message
    pattern, message = fields[f"{turkish}.programmes.{MAPPING_KEY}"]["pattern"]
    assert re.fullmatch(pattern, "soziale-stadt-wehringhausen")
    assert not re.search(pattern, "Soziale Stadt")
    assert message.startswith("Nur Kleinbuchstaben")
    assert fields[f"{turkish}.programmes.archive_notice"]["widget"] == "markdown"
    fingerprint = fields[f"{turkish}.made_from.{MAPPING_VALUE}"]
    assert fingerprint["widget"] == "string"
    assert "validate" in fingerprint["hint"]
