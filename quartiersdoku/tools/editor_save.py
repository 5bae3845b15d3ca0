"""Between the form editor and the files: what the form sees, and what a save writes.

Decap CMS writes a whole file from the form's data: it drops comments (the
schema line at the top included), rewrites every value in its own style and
sorts only the top-level keys. A city's staff would see a diff of the whole file
for one changed date. So the local editor (`quartiersdoku redaktion`) saves
through `merge_saved`: the file on disk is read with ruamel.yaml's round-trip
loader, and only the values the form changed are written into it. Comments,
key order, quoting and block style of everything else stay as they were; new
keys go where the model has them; a new file gets the schema line first.

What the form cannot show is never lost: `for_form` gives the form the file's
data in shapes the widgets know (a source cited by its id alone becomes
`{id: …}`); a value no widget can hold (a list where the form has a text field)
reaches the form as a German notice, and a save keeps the value in the file as
long as the form left the notice alone (`merge_saved` compares with what the
form was given, not with the file). A mapping keyed by ids (the programmes of a
translation, `made_from`) is a list of entries in the form, the key in the
field `MAPPING_KEY`; a save turns the list back into the mapping, keeping the
order, comments and style of the entries it did not change.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)

from ..core.load import load_yaml
from ..core.model import City, Quarter
from ..core.site import CITY_FILE
from .editor_config import MAPPING_KEY, MAPPING_VALUE, model_fields
from .editor_fingerprints import record_fingerprints
from .schema import modeline

Fields = list[dict[str, Any]]

#: Shown in a text field whose value in the file is something else (a list, a section).
NOT_EDITABLE = (
    "⚠ Dieser Wert wurde von Hand in die Datei geschrieben und lässt sich im Formular "
    "nicht bearbeiten. Er bleibt beim Speichern unverändert, solange Sie diesen Text "
    "stehen lassen. Ändern Sie ihn in der Datei selbst."
)
_DAY_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_QUOTED = (DoubleQuotedScalarString, SingleQuotedScalarString)


def fields_for(path: Path) -> Fields:
    """The form's fields of a quarter file or, for `_stadt.yaml`, of a city file."""
    if path.name == CITY_FILE:
        return model_fields(City, "city.schema.json")
    return model_fields(Quarter, "quarter.schema.json")


def _round_trip() -> YAML:
    handler = YAML(typ="rt")
    handler.preserve_quotes = True
    handler.width = 4096  # never fold a long line the editor wrote on one
    handler.indent(mapping=2, sequence=4, offset=2)
    return handler


# ---------------------------------------------------------------- to the form


def _plain(value: Any) -> Any:
    """ruamel's node types as plain Python values (dates as ISO text)."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    for kind in (bool, int, float, str):  # ruamel's subclasses (ScalarFloat, …) as the base
        if isinstance(value, kind):
            return kind(value)
    return value


def _is_compact_ref(spec: Mapping[str, Any]) -> bool:
    """A list item that the file may write as its id alone (`sources: [kennung]`)."""
    names = [f["name"] for f in spec.get("fields", [])]
    return "id" in names and set(names) <= {"id", "at"}


def _is_keyed(spec: Mapping[str, Any] | None) -> bool:
    """Whether the form shows a mapping keyed by ids as this list (editor_config.py)."""
    if spec is None or spec.get("widget") != "list":
        return False
    fields = spec.get("fields") or []
    return bool(fields) and fields[0]["name"] == MAPPING_KEY


def _entry_spec(spec: Mapping[str, Any]) -> dict[str, Any]:
    """The form's spec of one value of a keyed mapping: its fields, or its single field."""
    fields: Fields = spec["fields"][1:]
    if [f["name"] for f in fields] == [MAPPING_VALUE]:
        return dict(fields[0])
    return {"widget": "object", "fields": fields}


def _mapping_for_form(value: Mapping[str, Any], spec: Mapping[str, Any]) -> list[dict[str, Any]]:
    inner = _entry_spec(spec)
    entries: list[dict[str, Any]] = []
    for key, item in value.items():
        shown = _value_for_form(item, inner)
        if inner.get("widget") == "object":
            entries.append({MAPPING_KEY: str(key), **(shown or {})})
        else:
            entries.append({MAPPING_KEY: str(key), MAPPING_VALUE: shown})
    return entries


def _entries_as_mapping(entries: list[Any], spec: Mapping[str, Any]) -> dict[str, Any]:
    """The form's list of entries as the mapping it stands for (entries without key or value
    left out; the last of two entries with the same key wins, as in YAML)."""
    inner = _entry_spec(spec)
    found: dict[str, Any] = {}
    for entry in entries:
        if not isinstance(entry, Mapping) or _empty(entry.get(MAPPING_KEY)):
            continue
        if inner.get("widget") == "object":
            value: Any = {k: v for k, v in entry.items() if k != MAPPING_KEY}
        else:
            value = entry.get(MAPPING_VALUE)
        if not _empty(_pruned(value)):
            found[str(entry[MAPPING_KEY]).strip()] = value
    return found


def _as_entries(value: Any, spec: Mapping[str, Any] | None) -> Any:
    """A keyed mapping that came back as a mapping (format.js turns the form's entries back
    into one for Decap's own saves) as the form's entries; anything else as it is."""
    if _is_keyed(spec) and isinstance(value, Mapping):
        assert spec is not None
        return _mapping_for_form(value, spec)
    return value


def _value_for_form(value: Any, spec: Mapping[str, Any]) -> Any:  # noqa: PLR0911 - one case per widget
    widget = spec.get("widget")
    if _is_keyed(spec):
        return _mapping_for_form(value, spec) if isinstance(value, Mapping) else None
    if widget == "object":
        if not isinstance(value, Mapping):
            return None
        return _map_for_form(value, spec["fields"])
    if widget == "list":
        if not isinstance(value, list):
            return None
        if "fields" in spec:
            items = []
            for item in value:
                if isinstance(item, str | int) and _is_compact_ref(spec):
                    items.append({"id": str(item)})
                elif isinstance(item, Mapping):
                    items.append(_map_for_form(item, spec["fields"]))
                else:
                    items.append({})
            return items
        inner = spec.get("field", {"widget": "string"})
        return [_value_for_form(item, inner) for item in value]
    if widget in ("number", "boolean"):
        return value if isinstance(value, int | float) else None
    if isinstance(value, Mapping | list):
        return NOT_EDITABLE
    return value


def _map_for_form(data: Mapping[str, Any], fields: Fields) -> dict[str, Any]:
    specs = {f["name"]: f for f in fields}
    out: dict[str, Any] = {}
    for key, value in data.items():
        spec = specs.get(key)
        # A key the form does not know is passed on: Decap keeps it, the save keeps it.
        out[key] = value if spec is None else _value_for_form(value, spec)
    return out


def for_form(text: str, fields: Fields) -> str:
    """The file's data as the form should get it, as YAML."""
    data = _plain(_round_trip().load(text))
    if not isinstance(data, Mapping):
        return text
    shown = _map_for_form(data, fields)
    return yaml.safe_dump(shown, allow_unicode=True, sort_keys=False, width=4096)


# ---------------------------------------------------------------- from the form


def _empty(value: Any) -> bool:
    return value is None or value in ("", [], {})


def _pruned(value: Any) -> Any:
    """The form's data without empty values (Decap writes `lat: null` for a field left empty)."""
    if isinstance(value, Mapping):
        kept = {k: _pruned(v) for k, v in value.items()}
        return {k: v for k, v in kept.items() if not _empty(v)}
    if isinstance(value, list):
        items = [_pruned(v) for v in value]
        return [v for v in items if not _empty(v)]
    return value


def _same(given: Any, saved: Any) -> bool:
    """Whether the form left a value as it got it (text compared without outer spaces)."""
    if isinstance(given, Mapping) and isinstance(saved, Mapping):
        keys = {k for k, v in given.items() if not _empty(v)}
        keys |= {k for k, v in saved.items() if not _empty(v)}
        return all(_same(given.get(k), saved.get(k)) for k in keys)
    if isinstance(given, list) and isinstance(saved, list):
        return len(given) == len(saved) and all(
            _same(a, b) for a, b in zip(given, saved, strict=True)
        )
    if _empty(given) and _empty(saved):
        return True
    if isinstance(given, Mapping | list) or isinstance(saved, Mapping | list):
        return False
    return str(_plain(given)).strip() == str(_plain(saved)).strip()


def _fresh(value: Any, spec: Mapping[str, Any] | None) -> Any:  # noqa: PLR0911 - one case per kind
    """A value from the form as a new node, in the model's key order."""
    value = _as_entries(value, spec)
    if _is_keyed(spec) and isinstance(value, list):
        assert spec is not None
        entry_spec = _entry_spec(spec)
        mapping = CommentedMap()
        for key, item in _entries_as_mapping(value, spec).items():
            mapping[key] = _fresh(item, entry_spec)
        return mapping
    if isinstance(value, Mapping):
        fields: Fields = spec.get("fields", []) if spec is not None else []
        order = [f["name"] for f in fields]
        node = CommentedMap()
        for key in [*order, *(k for k in value if k not in order)]:
            if key in value and not _empty(value[key]):
                inner = next((f for f in fields if f["name"] == key), None)
                node[key] = _fresh(value[key], inner)
        if spec is not None and _is_compact_ref(spec) and list(node) == ["id"]:
            return node["id"]
        return node
    if isinstance(value, list):
        seq = CommentedSeq()
        for item in value:
            if not _empty(item):
                seq.append(_fresh(item, _item_spec(spec)))
        return seq
    if isinstance(value, str) and "\n" in value.strip():
        return LiteralScalarString(value.strip() + "\n")
    if isinstance(value, str) and _DAY_RE.fullmatch(value.strip()):
        # a day is written plain (2022-03-26), as editors write it, not quoted
        with contextlib.suppress(ValueError):
            return dt.date.fromisoformat(value.strip())
    if isinstance(value, str):
        return value.strip()
    return value


def _item_spec(spec: Mapping[str, Any] | None) -> Mapping[str, Any] | None:
    if spec is None:
        return None
    if "fields" in spec:
        return spec
    inner = spec.get("field")
    return inner if isinstance(inner, Mapping) else None


def _merge_value(old: Any, new: Any, spec: Mapping[str, Any]) -> Any:  # noqa: PLR0911 - one case per kind
    new = _as_entries(new, spec)
    if _same(_value_for_form(_plain(old), spec), new):
        return old
    if _is_keyed(spec) and isinstance(old, CommentedMap) and isinstance(new, list):
        _merge_keyed(old, _entries_as_mapping(new, spec), _entry_spec(spec))
        return old
    if isinstance(old, CommentedMap) and isinstance(new, Mapping) and "fields" in spec:
        _merge_map(old, new, spec["fields"])
        return old
    if isinstance(old, CommentedSeq) and isinstance(new, list):
        item_spec = _item_spec(spec) or {}
        kept = [item for item in new if not _empty(item)]
        for index, item in enumerate(kept):
            if index < len(old):
                old[index] = _merge_item(old[index], item, item_spec, spec)
            else:
                old.append(_fresh(item, item_spec))
        del old[len(kept) :]
        return old
    if isinstance(old, LiteralScalarString) and isinstance(new, str):
        return LiteralScalarString(new.strip() + "\n")
    if isinstance(old, _QUOTED) and isinstance(new, str) and "\n" not in new.strip():
        # quoted in the file (a fingerprint "85c759ce"): quoted alike
        return type(old)(new.strip())
    return _fresh(new, spec)


def _merge_item(old: Any, new: Any, item_spec: Mapping[str, Any], spec: Mapping[str, Any]) -> Any:
    if "fields" in spec:
        if isinstance(old, CommentedMap) and isinstance(new, Mapping):
            if _same(_map_for_form(_plain(old), spec["fields"]), new):
                return old
            _merge_map(old, new, spec["fields"])
            return old
        if _same(_value_for_form([_plain(old)], spec), [new]):
            return old
        return _fresh(new, spec)
    return _merge_value(old, new, item_spec)


def _merge_keyed(old: CommentedMap, new: Mapping[str, Any], inner: Mapping[str, Any]) -> None:
    """A keyed mapping after a save: entries kept in their order, changed in place, removed,
    and new ones placed after the entry the form listed them after."""
    for key in [k for k in old if str(k) not in new]:
        del old[key]
    previous: str | None = None
    for key, value in new.items():
        if key in old:
            old[key] = _merge_value(old[key], value, inner)
        else:
            position = list(old).index(previous) + 1 if previous is not None else 0
            old.insert(position, key, _fresh(value, inner))
        previous = key


def _merge_map(old: CommentedMap, new: Mapping[str, Any], fields: Fields) -> None:
    specs = {f["name"]: f for f in fields}
    order = [f["name"] for f in fields]
    for key in list(old):
        if (
            key in specs
            and _empty(new.get(key))
            and not _same(_value_for_form(_plain(old[key]), specs[key]), new.get(key))
        ):
            del old[key]
    for key in order:
        value = new.get(key)
        if _empty(value):
            continue
        if key in old:
            old[key] = _merge_value(old[key], value, specs[key])
            continue
        before = [k for k in order[: order.index(key)] if k in old]
        position = list(old).index(before[-1]) + 1 if before else 0
        old.insert(position, key, _fresh(value, specs[key]))


def merge_saved(original: str | None, saved: str, path: Path, schema_dir: Path) -> str:
    """The text to write for `path` when the form saved `saved` (Decap's YAML)."""
    fields = fields_for(path)
    # Decap's YAML is 1.2 (its `yaml` library writes the text 20:00 plain): read as quarter files
    new = _pruned(_plain(load_yaml(saved) or {}))
    handler = _round_trip()
    before: Any = None
    if original is None:
        document = _fresh(new, {"fields": fields})
    else:
        document = handler.load(original)
        before = _plain(document)
        if not isinstance(document, CommentedMap) or not isinstance(new, Mapping):
            document = _fresh(new, {"fields": fields})
        else:
            _merge_map(document, new, fields)
    if path.name != CITY_FILE and isinstance(document, CommentedMap):
        record_fingerprints(document, _plain(document), before)
    stream = io.StringIO()
    handler.dump(document, stream)
    text = stream.getvalue()
    first = modeline(path, schema_dir, city=path.name == CITY_FILE)
    if not text.startswith("# yaml-language-server:"):
        text = first + "\n" + text
    return text
