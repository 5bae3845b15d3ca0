"""The schema tells editors what every field means, and docs/felder.md says the same."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, get_args

import pytest
from pydantic import BaseModel, TypeAdapter
from pydantic.fields import FieldInfo

from quartiersdoku.core.model import City, Quarter
from quartiersdoku.core.settings import Region
from quartiersdoku.tools.cli import main
from quartiersdoku.tools.fieldref import DEFINITION_NAMES, FIELDREF_PATH, render_fieldref
from quartiersdoku.tools.schema import SCHEMAS

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schema"


def _properties() -> Iterator[tuple[str, str, dict[str, Any], dict[str, Any]]]:
    """(schema file, "Definition.field", property, $defs) for every property in schema/*.json."""
    for name in SCHEMAS:
        schema = json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))
        defs = schema.get("$defs", {})
        for owner, definition in [(schema["title"], schema), *defs.items()]:
            for field, spec in definition.get("properties", {}).items():
                yield name, f"{owner}.{field}", spec, defs


def _has_examples(spec: Any, defs: dict[str, Any]) -> bool:
    """Examples on the property, in one of its branches, or on the definition it refers to."""
    if not isinstance(spec, dict):
        return False
    if spec.get("examples"):
        return True
    if "$ref" in spec:
        target = defs.get(spec["$ref"].rsplit("/", 1)[-1], {})
        return bool(target.get("examples") or target.get("enum"))
    branches = [*spec.get("anyOf", []), *spec.get("oneOf", []), spec.get("items")]
    return any(_has_examples(branch, defs) for branch in branches)


PROPERTIES = list(_properties())


@pytest.mark.parametrize(
    ("schema", "spec", "defs"),
    [(name, spec, defs) for name, _, spec, defs in PROPERTIES],
    ids=[f"{name}:{where}" for name, where, _, _ in PROPERTIES],
)
def test_every_property_has_a_german_title_description_and_example(
    schema: str, spec: dict[str, Any], defs: dict[str, Any]
) -> None:
    assert spec.get("title"), "Titel fehlt"
    assert spec.get("description"), "Beschreibung fehlt"
    assert _has_examples(spec, defs), "Beispiel fehlt"


def _fields() -> Iterator[tuple[str, FieldInfo]]:
    seen: set[type[BaseModel]] = set()
    stack: list[type[BaseModel]] = [Quarter, City]
    while stack:
        model = stack.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, info in model.model_fields.items():
            yield f"{model.__name__}.{name}", info
            stack += _models_in(info.annotation)


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for argument in get_args(annotation) for m in _models_in(argument)]


FIELDS = [(where, info) for where, info in _fields() if info.examples]


@pytest.mark.parametrize(("where", "info"), FIELDS, ids=[where for where, _ in FIELDS])
def test_every_example_is_a_valid_value(where: str, info: FieldInfo) -> None:
    """What VS Code suggests must pass `quartiersdoku validate`."""
    annotation: Any = (
        Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
    )
    adapter: TypeAdapter[Any] = TypeAdapter(annotation)
    for example in info.examples or []:
        adapter.validate_python(example, context={"region": Region()})


def test_field_reference_is_current(repo: Path) -> None:
    current = (repo / FIELDREF_PATH).read_text(encoding="utf-8")
    assert current == render_fieldref(), (
        "docs/felder.md ist veraltet: `quartiersdoku felder` ausführen."
    )


def test_field_reference_names_every_field_and_entry() -> None:
    text = render_fieldref()
    for _, where, _, defs in PROPERTIES:
        owner, field = where.split(".")
        assert f"| `{field}`" in text, where
        if owner in defs and "enum" not in defs[owner]:
            assert f"### {DEFINITION_NAMES.get(owner, owner)}\n" in text, owner


def test_felder_command_writes_and_checks(tmp_path: Path) -> None:
    target = tmp_path / "felder.md"
    assert main(["felder", "--check", "-o", str(target)]) == 1
    assert main(["felder", "-o", str(target)]) == 0
    assert main(["felder", "--check", "-o", str(target)]) == 0
    target.write_text("veraltet\n", encoding="utf-8")
    assert main(["felder", "--check", "-o", str(target)]) == 1
