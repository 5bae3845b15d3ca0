"""The JSON Schema for editors is generated from the model and committed."""

from __future__ import annotations

import json
from pathlib import Path

from quartiersdoku.tools.cli import main
from quartiersdoku.tools.schema import SCHEMAS, render_schema, stale_schemas


def test_committed_schema_matches_the_model(repo: Path) -> None:
    stale = stale_schemas(repo / "schema")
    assert stale == [], (
        "Schema veraltet: `quartiersdoku schema` ausführen und die Dateien committen."
    )


def test_schema_command_writes_and_checks(tmp_path: Path) -> None:
    assert main(["schema", "-o", str(tmp_path)]) == 0
    assert main(["schema", "--check", "-o", str(tmp_path)]) == 0
    (tmp_path / "quarter.schema.json").write_text("{}", encoding="utf-8")
    assert main(["schema", "--check", "-o", str(tmp_path)]) == 1


def test_every_field_has_a_german_title() -> None:
    for name, model in SCHEMAS.items():
        schema = json.loads(render_schema(model, name))
        definitions = [schema, *schema.get("$defs", {}).values()]
        for definition in definitions:
            for field, spec in definition.get("properties", {}).items():
                assert spec.get("title"), (
                    f"{name}: {definition.get('title')}.{field} hat keinen Titel"
                )


def test_unknown_keys_are_forbidden_in_the_schema_too() -> None:
    schema = json.loads(render_schema(SCHEMAS["quarter.schema.json"], "quarter.schema.json"))
    assert schema["additionalProperties"] is False


def test_quarter_files_point_to_the_schema(repo: Path, fixture_project: Path) -> None:
    from quartiersdoku.tools.schema import modeline

    for project, schema_dir in ((repo, repo / "schema"), (fixture_project, repo / "schema")):
        for path in sorted((project / "quarters").rglob("*.yaml")):
            first = path.read_text(encoding="utf-8").splitlines()[0]
            assert first == modeline(path, schema_dir, city=path.name == "_stadt.yaml"), path
