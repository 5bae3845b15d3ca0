"""Turn pydantic's validation errors into German messages an editor understands.

Each message says what was expected, what came, and where it helps, a hint
(the Datasette habit): "Text erwartet, Zahl erhalten. Hinweis: …".
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from datetime import date
from enum import StrEnum
from typing import Any, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from .fields import describe
from .labels import BODY_STATUS, LABELS
from .load import LoadedFile, Loc
from .model import ContactKind, ContactStatus
from .problems import Problem, field_path

#: Added to the message of a decision without a date that has commitments.
_COMMITMENTS_NEED_A_DATE = (
    " Der Beschluss hat Zusagen: Ohne Datum lässt sich nicht verfolgen, ob eine Zusage fällig "
    "oder überfällig ist. Hinweis: Tragen Sie das Sitzungs- oder Einreichungsdatum ein, so genau "
    "die Quelle es nennt."
)


def _model_at(root: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The model class that holds the field at `loc` (its parent), if it is one."""
    model: Any = root
    mapping_key = False  # the part after a mapping field is a key of the editor's (`translations`)
    for part in loc[:-1]:
        if isinstance(part, int) or mapping_key:
            mapping_key = False
            continue
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            return None
        info = model.model_fields.get(part)
        if info is None:
            return None
        mapping_key = get_origin(info.annotation) is dict
        model = _inner_model(info.annotation)
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def _inner_model(annotation: Any) -> Any:
    """`list[Event] | None` → `Event`."""
    stack = [annotation]
    while stack:
        current = stack.pop()
        if isinstance(current, type) and issubclass(current, BaseModel):
            return current
        stack.extend(getattr(current, "__args__", ()))
        origin = getattr(current, "__origin__", None)
        if origin is not None and hasattr(current, "__metadata__"):
            stack.append(origin)
    return None


def _title(root: type[BaseModel], loc: Loc) -> str:
    model = _model_at(root, loc)
    if model is None or not loc or not isinstance(loc[-1], str):
        return ""
    info = model.model_fields.get(loc[-1])
    return f" ({info.title})" if info is not None and info.title else ""


_LOC_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def field_title(root: type[BaseModel], field: str) -> str:
    """The German title of the field at `field` (`measures[0].title` → "Titel"), or ""."""
    loc: list[str | int] = [
        int(index) if index else name for name, index in _LOC_PART.findall(field)
    ]
    if not loc or not isinstance(loc[-1], str):
        loc = loc[:-1] if loc else loc
    if not loc:
        return ""
    model = _model_at(root, tuple(loc))
    info = model.model_fields.get(str(loc[-1])) if model is not None else None
    return info.title or "" if info is not None else ""


def _unknown_key(root: type[BaseModel], loc: Loc) -> str:
    key = str(loc[-1])
    model = _model_at(root, loc)
    allowed = sorted(model.model_fields) if model is not None else []
    message = f"Unbekanntes Feld „{key}“."
    close = difflib.get_close_matches(key.lower(), allowed, n=1, cutoff=0.6)
    if not close:
        # German field names editors may try: map them by the fields' German titles.
        titles = {
            (info.title or "").lower(): name
            for name, info in (model.model_fields.items() if model is not None else [])
        }
        match = difflib.get_close_matches(key.lower(), list(titles), n=1, cutoff=0.7)
        close = [titles[match[0]]] if match else []
    if close:
        return f"{message} Meinten Sie „{close[0]}“?"
    if allowed:
        return f"{message} Erlaubt sind hier: {', '.join(allowed)}."
    return message


def _enum_class(root: type[BaseModel], loc: Loc) -> type[StrEnum] | None:
    """The enum of the field at `loc` (`contacts[0].status` → ContactStatus), if known."""
    model = _model_at(root, loc)
    name = loc[-1] if loc else None
    info = model.model_fields.get(name) if model is not None and isinstance(name, str) else None
    stack = [info.annotation] if info is not None else []
    while stack:
        current = stack.pop()
        if isinstance(current, type) and issubclass(current, StrEnum):
            return current
        stack.extend(getattr(current, "__args__", ()))
    return None


def _enum_labels(kind: type[StrEnum], parent: Any) -> tuple[dict[str, str], dict[str, str]]:
    """The German word for each value as the site shows it here, and all German words an
    editor may write for one (value by word, lower case)."""
    shown = dict(LABELS.get(kind, {}))
    words = {word.lower(): value for value, word in shown.items()}
    if kind is ContactStatus:  # a standing body „besteht“ instead of being „geöffnet“
        body = {str(value): word for value, word in BODY_STATUS.items()}
        standing = isinstance(parent, Mapping) and parent.get("kind") == ContactKind.STANDING_BODY
        if standing:
            shown = body
        # either set of words is understood; the contact's own wins where they differ
        other = dict(LABELS[kind]) if standing else body
        words = {word.lower(): value for value, word in other.items()} | {
            word.lower(): value for value, word in shown.items()
        }
    return shown, words


def _enum(root: type[BaseModel], error: ErrorDetails, parent: Any) -> str:
    loc = tuple(error["loc"])
    kind = _enum_class(root, loc)
    if kind is not None:
        options = [member.value for member in kind]
        shown, words = _enum_labels(kind, parent)
    else:  # not one of the model's enums: the values pydantic names
        expected = str(error.get("ctx", {}).get("expected", ""))
        options = [
            part.strip(" '") for part in expected.replace(" or ", ", ").split(",") if part.strip()
        ]
        shown, words = {}, {}
    given = error["input"]
    listed = ", ".join(
        f"{value} ({shown[value]})" if shown.get(value, value).lower() != value else value
        for value in options
    )
    message = f"„{given}“ ist hier nicht erlaubt. Erlaubt: {listed}."
    # The German word the website shows (any case), a value in other case, or a near one.
    typed = " ".join(str(given).split()).lower()
    candidates = {value.lower(): value for value in options} | words
    match = candidates.get(typed)
    if match is None:
        close = difflib.get_close_matches(typed, list(candidates), n=1, cutoff=0.5)
        match = candidates[close[0]] if close else None
    if match is not None:
        message += f" Meinten Sie „{match}“?"
    return message


_SIMPLE = {
    "int_type": "Ganze Zahl erwartet, {got} erhalten.",
    "int_parsing": "Ganze Zahl erwartet, {got} erhalten.",
    "int_from_float": "Ganze Zahl erwartet, {got} erhalten.",
    "float_type": "Zahl erwartet (mit Punkt als Dezimaltrennzeichen, z. B. 51.35), {got} erhalten.",
    "float_parsing": "Zahl erwartet (mit Punkt als Dezimaltrennzeichen, z. B. 51.35), {got} erhalten.",
    "finite_number": "Zahl erwartet, {got} erhalten.",
    "bool_type": "true oder false erwartet, {got} erhalten.",
    "bool_parsing": "true oder false erwartet, {got} erhalten.",
    "list_type": "Eine Liste erwartet (jeder Eintrag in einer eigenen Zeile mit „- “), {got} erhalten.",
    "model_type": "Ein Abschnitt mit Feldern (Name: Wert) erwartet, {got} erhalten.",
    "model_attributes_type": "Ein Abschnitt mit Feldern (Name: Wert) erwartet, {got} erhalten.",
    "dict_type": "Ein Abschnitt mit Feldern (Name: Wert) erwartet, {got} erhalten.",
    "string_too_short": "Der Text darf nicht leer sein.",
}


def _string_type(given: Any) -> str:
    hint = ""
    if isinstance(given, int | float | bool | date):
        hint = ' Hinweis: Setzen Sie den Wert in Anführungszeichen, z. B. "…".'
    if isinstance(given, dict):
        hint = " Hinweis: Enthält der Text „: “? Dann setzen Sie ihn in Anführungszeichen."
    return f"Text erwartet, {describe(given)} erhalten.{hint}"


def german_message(root: type[BaseModel], error: ErrorDetails, parent: Any = None) -> str:
    """The German message for one of pydantic's errors; `parent` is the raw data the wrong
    value stands in (a contact's `kind` decides how its `status` values read)."""
    kind = error["type"]
    loc = tuple(error["loc"])
    given = error.get("input")
    if kind.startswith("qd_"):
        message = error["msg"]
    elif kind in _SIMPLE:
        message = _SIMPLE[kind].format(got=describe(given))
    elif kind == "missing":
        message = f"Das Pflichtfeld „{loc[-1]}“{_title(root, loc)} fehlt."
        if loc[-1] == "date" and isinstance(given, dict) and given.get("commitments"):
            message += _COMMITMENTS_NEED_A_DATE
    elif kind == "extra_forbidden":
        message = _unknown_key(root, loc)
    elif kind == "string_type":
        message = _string_type(given)
    elif kind == "enum":
        message = _enum(root, error, parent)
    else:
        message = f"Ungültiger Wert: {describe(given)} ({error['msg']})."
    return message


def _raw_at(data: Any, loc: Loc) -> Any:
    """The raw YAML data at `loc`, or None where there is none."""
    for part in loc:
        found = isinstance(data, Mapping) and part in data
        if not (found or (isinstance(data, list) and isinstance(part, int) and part < len(data))):
            return None
        data = data[part]
    return data


def _is_key_error(kind: str) -> bool:
    return kind == "extra_forbidden"


def problems_from(root: type[BaseModel], exc: ValidationError, loaded: LoadedFile) -> list[Problem]:
    problems = []
    seen: set[tuple[Loc, str]] = set()
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        bad_key = bool(loc) and loc[-1] == "[key]"  # a mapping's key is wrong, not its value
        if bad_key:
            loc = loc[:-1]
        message = german_message(root, error, _raw_at(loaded.data, loc[:-1]))
        if (loc, message) in seen:
            continue
        seen.add((loc, message))
        if error["type"] == "missing":
            problem = loaded.problem(loc[:-1], message, key=True)
            problem = Problem(problem.path, problem.line, problem.column, field_path(loc), message)
        else:
            problem = loaded.problem(loc, message, key=bad_key or _is_key_error(error["type"]))
        problems.append(problem)
    return problems
