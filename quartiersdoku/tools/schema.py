"""The JSON Schema for editors, generated from the model.

Editors' tools (VS Code with the YAML extension) read it through the
`# yaml-language-server: $schema=…` line at the top of every file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..core.model import City, Quarter

SCHEMA_DIR = Path("schema")
SCHEMAS: dict[str, type[BaseModel]] = {
    "quarter.schema.json": Quarter,
    "city.schema.json": City,
}
_BASE_ID = "https://quartiersdoku.invalid/schema/"


def schema_for(model: type[BaseModel], name: str) -> dict[str, Any]:
    schema = model.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": _BASE_ID + name,
        **schema,
    }


def render_schema(model: type[BaseModel], name: str) -> str:
    return json.dumps(schema_for(model, name), ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def write_schemas(target: Path) -> list[Path]:
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, model in SCHEMAS.items():
        path = target / name
        path.write_text(render_schema(model, name), encoding="utf-8")
        written.append(path)
    return written


def stale_schemas(target: Path) -> list[Path]:
    """Schema files in `target` that differ from what the model generates."""
    stale = []
    for name, model in SCHEMAS.items():
        path = target / name
        if not path.exists() or path.read_text(encoding="utf-8") != render_schema(model, name):
            stale.append(path)
    return stale


def modeline(yaml_file: Path, schema_dir: Path, *, city: bool = False) -> str:
    """The first line of a quarter or city file, pointing to the schema relatively."""
    import os

    name = "city.schema.json" if city else "quarter.schema.json"
    relative = os.path.relpath(schema_dir / name, yaml_file.parent)
    return f"# yaml-language-server: $schema={Path(relative).as_posix()}"
