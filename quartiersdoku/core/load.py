"""Read one YAML file safely and keep the line and column of every key and value.

The document is built from the parser's event stream (libyaml's C parser when
available) instead of PyYAML's composer, so that

* an alias (``*name``) is refused where it stands: no alias bombs;
* nesting depth and the number of nodes are bounded without recursion;
* a duplicate key is an error instead of silently overwriting;
* a scalar that YAML cannot construct (``2023-02-30``) stays text, so the
  model can say precisely what is wrong with it.

Two loops read the events. :func:`_build_fast` handles what valid quarter
files contain and gives up (returns None) at anything else: an anchor, alias,
merge key, duplicate key, explicit tag, complex key, a limit, a syntax error, a
second document. :func:`_build` then reads the file again and is the only
source of error messages. Both give identical data and positions
(``tests/test_load_fast.py``).

Nothing here knows the data model; :mod:`quartiersdoku.core.validate` does.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from .problems import Problem, QuartiersdokuError, field_path

try:  # pragma: no cover - which branch runs depends on the PyYAML build
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]

_SEXAGESIMAL_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")


class YamlLoader(_SafeLoader):
    """PyYAML's safe loader without YAML 1.1's base-60 numbers (as YAML 1.2 reads them).

    YAML 1.1 reads `20:00` as the number 1200 and `9:30` as 570, so an event's
    `end: 20:00` was reported as „1200“, a number the editor never typed; `09:00`
    stayed text only because of its leading zero. YAML 1.2, which the editors'
    tools (VS Code, the form editor's `yaml` library) speak, has no base-60 numbers:
    here, too, a time of day stays the text that was written, and the model says
    what is wrong with it.
    """


YamlLoader.yaml_implicit_resolvers = {
    first: [
        # No int or float of YAML 1.2 contains ":"; only the base-60 forms of 1.1 do.
        (tag, re.compile(r"(?!.*:)" + regexp.pattern, regexp.flags))
        if tag in _SEXAGESIMAL_TAGS
        else (tag, regexp)
        for tag, regexp in resolvers
    ]
    for first, resolvers in _SafeLoader.yaml_implicit_resolvers.items()
}
_Loader = YamlLoader


def load_yaml(text: str) -> Any:
    """Plain data from YAML text, read as quarter files are (no positions, no checks)."""
    return yaml.load(text, Loader=YamlLoader)


MAX_BYTES = 1024 * 1024
MAX_DEPTH = 40
MAX_NODES = 200_000

Loc = tuple[str | int, ...]


# A named tuple, not a dataclass: one is made for every value of every file.
class Position(NamedTuple):
    line: int  # 1-based
    column: int  # 1-based


@dataclass
class LoadedFile:
    """A file's data with the position of every value and every key."""

    path: Path
    data: Any
    values: dict[Loc, Position] = field(default_factory=dict)
    keys: dict[Loc, Position] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def position(self, loc: Loc, *, key: bool = False) -> Position:
        """The position of `loc`, or of its nearest ancestor that exists."""
        table = self.keys if key else self.values
        probe = loc
        while probe:
            if probe in table:
                return table[probe]
            if probe in self.values:
                return self.values[probe]
            probe = probe[:-1]
        return self.values.get((), Position(1, 1))

    def problem(self, loc: Loc, message: str, *, key: bool = False) -> Problem:
        pos = self.position(loc, key=key)
        return Problem(self.path, pos.line, pos.column, field_path(loc), message)


class _Abort(QuartiersdokuError):
    def __init__(self, problem: Problem) -> None:
        self.problem = problem


def _pos(mark: Any) -> Position:  # a yaml Mark (Python or C flavour)
    return Position(mark.line + 1, mark.column + 1)


def _at(path: Path, event: Any, field: str, message: str) -> Problem:
    """A problem at the place where a parser event starts."""
    position = _pos(event.start_mark)
    return Problem(path, position.line, position.column, field, message)


def load_file(path: Path) -> LoadedFile:
    """Load `path`. Problems are collected in the result, never raised."""
    result = LoadedFile(path, None)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            result.problems.append(
                Problem(
                    path,
                    1,
                    1,
                    "",
                    f"Die Datei ist {size / 1024 / 1024:.1f} MB groß; erlaubt sind höchstens "
                    f"{MAX_BYTES // 1024 // 1024} MB. Hinweis: Teilen Sie den Inhalt auf mehrere "
                    "Quartiersdateien auf.",
                )
            )
            return result
        raw = path.read_bytes()
    except OSError as exc:
        result.problems.append(
            Problem(path, 1, 1, "", f"Die Datei kann nicht gelesen werden: {exc.strerror}.")
        )
        return result
    text = _decode(path, raw, result)
    if text is None:
        return result
    result.problems.extend(_tab_indentation(path, text))
    if result.problems:
        return result
    fast = _build_fast(text)
    if fast is not None:
        result.data, result.values, result.keys = fast
        return result
    try:
        _build(text, result)
    except _Abort as abort:
        result.problems.append(abort.problem)
        result.data = None
    except yaml.MarkedYAMLError as exc:
        result.problems.append(
            _open_quote_problem(path, text, exc)
            or _missing_colon_problem(path, text, exc)
            or _syntax_problem(path, exc)
        )
        result.data = None
    except yaml.YAMLError as exc:  # pragma: no cover - unmarked errors are rare
        result.problems.append(Problem(path, 1, 1, "", f"Die Datei ist kein gültiges YAML: {exc}"))
        result.data = None
    return result


def _decode(path: Path, raw: bytes, result: LoadedFile) -> str | None:
    try:
        text = raw.decode("utf-8-sig")  # a BOM is accepted and dropped
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        result.problems.append(
            Problem(
                path,
                line,
                column,
                "",
                f"Die Datei ist nicht in UTF-8 gespeichert (unerwartetes Byte 0x{raw[exc.start]:02X}). "
                "Hinweis: Speichern Sie die Datei in Ihrem Editor mit der Kodierung „UTF-8“.",
            )
        )
        return None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        result.problems.append(
            Problem(path, line, 1, "", "Die Datei enthält ein Nullzeichen; ist sie eine Textdatei?")
        )
        return None
    return text


def _tab_indentation(path: Path, text: str) -> list[Problem]:
    if "\t" not in text:
        return []
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent and line.strip() and not line.lstrip().startswith("#"):
            problems.append(
                Problem(
                    path,
                    number,
                    indent.index("\t") + 1,
                    "",
                    "Die Zeile ist mit einem Tabulator eingerückt. YAML erlaubt nur Leerzeichen. "
                    "Hinweis: Ersetzen Sie den Tabulator durch Leerzeichen (zwei je Ebene).",
                )
            )
    return problems


_SYNTAX_HINTS = (
    (
        "could not find expected ':'",
        "Ein Doppelpunkt fehlt nach dem Feldnamen, oder eine Zeile ist falsch eingerückt.",
    ),
    (
        "mapping values are not allowed",
        "Hier steht ein Doppelpunkt, wo keiner erwartet wird. Hinweis: Setzen Sie Text mit „: “ in Anführungszeichen.",
    ),
    (
        "did not find expected key",
        "Die Einrückung passt nicht: ein Feld steht weiter links oder rechts als seine Nachbarn.",
    ),
    (
        "did not find expected '-' indicator",
        "Die Einrückung einer Liste passt nicht: alle Einträge beginnen mit „- “ in derselben Spalte.",
    ),
    (
        "found character that cannot start any token",
        "Hier steht ein Zeichen, mit dem kein YAML-Wert beginnen kann (etwa ein Tabulator, „@“ oder „`“). Hinweis: Setzen Sie den Text in Anführungszeichen.",
    ),
    (
        "found unexpected end of stream",
        "Die Datei endet mitten in einem Wert: fehlt ein schließendes Anführungszeichen oder eine Klammer?",
    ),
    (
        "found unknown escape character",
        "Unbekannte Escape-Sequenz mit „\\“ in doppelten Anführungszeichen. Hinweis: Verwenden Sie einfache Anführungszeichen.",
    ),
    (
        "expected a single document",
        "Die Datei enthält mehrere YAML-Dokumente („---“). Eine Quartiersdatei enthält genau eines.",
    ),
    (
        "but found another document",
        "Die Datei enthält mehrere YAML-Dokumente („---“). Eine Quartiersdatei enthält genau eines.",
    ),
    ("while scanning a quoted scalar", "Ein Anführungszeichen wird nicht geschlossen."),
    ("while parsing a flow", "Eine eckige oder geschweifte Klammer wird nicht geschlossen."),
    (
        "found undefined tag handle",
        "Unbekanntes Kennzeichen mit „!“. Hinweis: Setzen Sie den Text in Anführungszeichen.",
    ),
    (
        "block sequence entries are not allowed",
        "Hier beginnt eine Liste („- “), wo ein Wert erwartet wird; prüfen Sie die Einrückung.",
    ),
    (
        "while scanning an alias",
        "„*“ leitet in YAML einen Verweis ein. Hinweis: Setzen Sie Text, der mit „*“ beginnt, in Anführungszeichen.",
    ),
    (
        "while scanning an anchor",
        "„&“ leitet in YAML einen Anker ein. Hinweis: Setzen Sie Text, der mit „&“ beginnt, in Anführungszeichen.",
    ),
)


def _syntax_problem(path: Path, exc: yaml.MarkedYAMLError) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    if exc.context_mark is not None and "end of stream" in (exc.problem or ""):
        mark = exc.context_mark  # where the unclosed quote or bracket opens
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    text = f"{exc.context or ''} {exc.problem or ''}"
    for needle, german in _SYNTAX_HINTS:
        if needle in text:
            return Problem(path, line, column, "", f"YAML-Syntaxfehler: {german}")
    detail = (exc.problem or "").strip()
    return Problem(
        path,
        line,
        column,
        "",
        f"YAML-Syntaxfehler ({detail}). Prüfen Sie Einrückung, Doppelpunkte und Anführungszeichen.",
    )


#: A line that looks like `name value` without the colon: a field name as the model has
#: them (lower case, `_`), then the value (a comment after it left out).
_KEY_VALUE_RE = re.compile(r"^(?P<key>[a-z][a-z0-9_]*)(?:\s+(?P<value>[^#]*?))?\s*(?:\s#.*)?$")


def _missing_colon_problem(path: Path, text: str, exc: yaml.MarkedYAMLError) -> Problem | None:
    """A line without the colon after its field name (`phone 02331 123456`), reported there.

    The parser notices only when the next line begins, and points there; the
    context mark of "while scanning a simple key" is where the line without the
    colon begins.
    """
    mark = exc.context_mark
    if mark is None or "could not find expected ':'" not in (exc.problem or ""):
        return None
    line = text.splitlines()[mark.line] if mark.line < len(text.splitlines()) else ""
    found = _KEY_VALUE_RE.match(line[mark.column :].rstrip())
    if found is not None:
        key, value = found["key"], found["value"]
        written = f"{key}: {value}" if value else f"{key}:"
        hint = (
            f"Schreiben Sie „{written}“; gehört die Zeile zum Text darüber, rücken Sie sie "
            "weiter ein."
        )
    else:
        hint = (
            "Nach einem Feldnamen folgen ein Doppelpunkt und ein Leerzeichen („name: Wert“); "
            "gehört die Zeile zum Text darüber, rücken Sie sie weiter ein."
        )
    return Problem(
        path,
        mark.line + 1,
        mark.column + 1,
        "",
        "YAML-Syntaxfehler: In dieser Zeile fehlt der Doppelpunkt nach dem Feldnamen, oder sie "
        f"ist falsch eingerückt. Hinweis: {hint}",
    )


#: A value that opens a quote it does not close on its line: `summary: "Text` (a key, or a
#: list dash, then a quote; the rest of the line has no closing quote of that kind).
_OPEN_QUOTE_RE = re.compile(r"""^\s*(?:-\s+)?(?:[^\s:#'"][^:#]*:\s+)?(?P<q>["'])(?P<rest>.*)$""")


def _open_quote_problem(path: Path, text: str, exc: yaml.MarkedYAMLError) -> Problem | None:
    """A syntax error after a quote left open on an earlier line, reported at that quote.

    YAML lets a quoted value run over several lines, so an unclosed quote ("Text)
    takes the following lines in until the next quote of that kind, and the parser
    fails only there, often with a message about indentation. Quarter files never
    need a quoted value over several lines (long text uses `|`), so such a quote
    is the likely cause.
    """
    mark = exc.problem_mark or exc.context_mark
    if mark is None or "end of stream" in (exc.problem or ""):
        return None  # then the parser points at the open quote itself (_syntax_problem)
    for number, line in enumerate(text.splitlines()[: mark.line], start=1):
        found = _OPEN_QUOTE_RE.match(line)
        if found is None:
            continue
        quote, rest = found.group("q"), found.group("rest")
        closed = rest.replace("''", "") if quote == "'" else re.sub(r"\\.", "", rest)
        if quote not in closed:
            return Problem(
                path,
                number,
                found.start("q") + 1,
                "",
                f"YAML-Syntaxfehler: Dieses Anführungszeichen ({quote}) wird in der Zeile nicht "
                f"geschlossen. YAML liest deshalb die folgenden Zeilen mit und scheitert erst in "
                f"Zeile {mark.line + 1}. Hinweis: Schließen Sie das Anführungszeichen am Ende des "
                "Werts, oder lassen Sie es weg.",
            )
    return None


class _GiveUp(QuartiersdokuError):
    """The fast loop met something only the precise loop handles."""


_STR_TAG = "tag:yaml.org,2002:str"
_ScalarEvent = yaml.ScalarEvent
_MappingStartEvent = yaml.MappingStartEvent
_SequenceStartEvent = yaml.SequenceStartEvent
_MappingEndEvent = yaml.MappingEndEvent
_SequenceEndEvent = yaml.SequenceEndEvent
_DocumentStartEvent = yaml.DocumentStartEvent
_StreamEndEvent = yaml.StreamEndEvent
_AliasEvent = yaml.AliasEvent
_new_tuple = tuple.__new__


def _build_fast(text: str) -> tuple[Any, dict[Loc, Position], dict[Loc, Position]] | None:
    """Data, value positions and key positions of a clean file; None for anything else.

    The same result as :func:`_build` for every file it accepts, at half the
    cost (a third of the Python work per event): one flat loop with the current
    container in local variables, type dispatch by identity, implicit tags
    resolved with the loader's own table without a method call per scalar.
    """
    loader = _Loader(text)
    try:
        return _fast_events(loader)
    except (_GiveUp, yaml.YAMLError):
        return None
    finally:
        loader.dispose()


def _fast_events(loader: Any) -> tuple[Any, dict[Loc, Position], dict[Loc, Position]]:  # noqa: PLR0912, PLR0915 - one flat loop is the point
    get_event = loader.get_event
    implicit: dict[Any, list[tuple[str, Any]]] = loader.yaml_implicit_resolvers
    constructors: dict[Any, Any] = loader.yaml_constructors
    if None in implicit or loader.yaml_path_resolvers:
        raise _GiveUp  # resolvers PyYAML's safe loader does not have
    max_nodes, max_depth = MAX_NODES, MAX_DEPTH  # read per call: tests lower them
    new, position_type = _new_tuple, Position
    scalar_event, mapping_start, sequence_start, mapping_end, sequence_end = (
        _ScalarEvent,
        _MappingStartEvent,
        _SequenceStartEvent,
        _MappingEndEvent,
        _SequenceEndEvent,
    )
    values: dict[Loc, Position] = {}
    keys: dict[Loc, Position] = {}
    # The open containers above the current one: (container, loc, is_map, key, key_loc, position)
    stack: list[tuple[Any, Loc, bool, Any, Loc | None, Position | None]] = []
    container: Any = None  # None: at document level
    loc: Loc = ()
    is_map = False
    key: Any = None  # in a mapping: the key waiting for its value
    key_loc: Loc | None = None  # its loc; None while a key is expected
    here: Position | None = None  # the position of the current container
    root: Any = None
    have_root = False
    nodes = 0
    while True:
        event = get_event()
        kind = event.__class__
        if kind is scalar_event:
            nodes += 1
            if nodes > max_nodes or event.anchor:
                raise _GiveUp
            mark = event.start_mark
            position = new(position_type, (mark.line + 1, mark.column + 1))
            value = event.value
            if is_map:
                if key_loc is None:  # a key: always its text, whatever it looks like
                    if value in container or (value == "<<" and not event.style):
                        raise _GiveUp
                    key = value
                    key_loc = loc + (value,)  # noqa: RUF005 - faster than (*loc, value)
                    keys[key_loc] = position
                    continue
                tag = event.tag
                if tag is None:
                    if not event.style and value[:1] in implicit:
                        value = _resolve_plain(loader, implicit, constructors, event, value)
                elif tag != "!":
                    raise _GiveUp
                values[key_loc] = position
                container[key] = value
                key_loc = None
                continue
            tag = event.tag
            if tag is None:
                if not event.style and value[:1] in implicit:
                    value = _resolve_plain(loader, implicit, constructors, event, value)
            elif tag != "!":
                raise _GiveUp
            if container is not None:
                values[loc + (len(container),)] = position  # noqa: RUF005
                container.append(value)
            else:
                values[()] = position
                root, have_root = value, True
            continue
        if kind is mapping_start or kind is sequence_start:
            nodes += 1
            if nodes > max_nodes or event.anchor or event.tag is not None:
                raise _GiveUp
            if len(stack) >= max_depth:
                raise _GiveUp
            mark = event.start_mark
            stack.append((container, loc, is_map, key, key_loc, here))
            if is_map:
                if key_loc is None:
                    raise _GiveUp  # a list or mapping as a key
                loc = key_loc
            elif container is not None:
                loc = loc + (len(container),)  # noqa: RUF005
            if kind is mapping_start:
                container, is_map = {}, True
            else:
                container, is_map = [], False
            key_loc = None
            here = new(position_type, (mark.line + 1, mark.column + 1))
            continue
        if kind is mapping_end or kind is sequence_end:
            values[loc] = here  # type: ignore[assignment]
            finished = container
            container, loc, is_map, key, key_loc, here = stack.pop()
            if is_map:
                container[key] = finished
                key_loc = None
            elif container is not None:
                container.append(finished)
            else:
                root, have_root = finished, True
            continue
        if kind is _StreamEndEvent or event is None:
            break
        if kind is _AliasEvent or (kind is _DocumentStartEvent and have_root):
            raise _GiveUp
        # StreamStartEvent, DocumentStartEvent, DocumentEndEvent: nothing to do
    return root, values, keys


def _resolve_plain(
    loader: Any,
    implicit: dict[Any, list[tuple[str, Any]]],
    constructors: dict[Any, Any],
    event: Any,
    text: str,
) -> Any:
    """A plain scalar's value, as `loader.resolve` and `construct_object` would make it."""
    for candidate, regexp in implicit[text[:1]]:
        if regexp.match(text):
            tag = candidate
            break
    else:
        return text
    if tag == _STR_TAG:
        return text
    construct = constructors.get(tag)
    if construct is None:
        raise _GiveUp  # e.g. a plain "=": `construct_object` would refuse it
    try:
        shortcut = _SHORTCUTS.get(construct)
        if shortcut is not None and shortcut[0].fullmatch(text):
            return shortcut[1](text)
        node = yaml.ScalarNode(tag, text, event.start_mark, event.end_mark, event.style)
        return construct(loader, node)
    except (ValueError, OverflowError, yaml.constructor.ConstructorError):
        return text  # e.g. 2023-02-30: the model reports what is wrong with it


_Safe = yaml.constructor.SafeConstructor
# The common values whose stock constructor comes down to one call (no "_", no
# base prefix, no ".inf"; base-60 forms are text, YamlLoader), keyed by that constructor.
_SHORTCUTS: dict[Any, tuple[re.Pattern[str], Callable[[str], Any]]] = {
    _Safe.construct_yaml_int: (re.compile(r"-?[1-9][0-9]*|0"), int),
    _Safe.construct_yaml_float: (re.compile(r"-?[0-9]+\.[0-9]+"), float),
    _Safe.construct_yaml_bool: (
        re.compile(r"true|false|True|False|TRUE|FALSE|yes|no|Yes|No|YES|NO|on|off|On|Off|ON|OFF"),
        lambda text: _Safe.bool_values[text.lower()],
    ),
    _Safe.construct_yaml_null: (re.compile(r"~|null|Null|NULL|"), lambda text: None),
}


def _build(text: str, result: LoadedFile) -> None:  # noqa: PLR0912, PLR0915 - one event loop reads clearest as a whole
    """Turn the event stream into Python data, recording positions (the precise loop)."""
    loader = _Loader(text)
    path = result.path
    # Each frame: (container, loc, pending key or None, key position, seen keys)
    stack: list[list[Any]] = []
    root: Any = None
    have_root = False
    nodes = 0
    try:
        while True:
            event: Any = loader.get_event()
            if event is None or isinstance(event, yaml.StreamEndEvent):
                break
            if isinstance(event, yaml.DocumentStartEvent) and have_root:
                raise _Abort(
                    _at(
                        path,
                        event,
                        "",
                        "Die Datei enthält mehrere YAML-Dokumente („---“). Eine Quartiersdatei enthält genau eines.",
                    )
                )
            if isinstance(
                event, yaml.StreamStartEvent | yaml.DocumentStartEvent | yaml.DocumentEndEvent
            ):
                continue
            if isinstance(event, yaml.AliasEvent):
                raise _Abort(
                    _at(
                        path,
                        event,
                        _loc_text(stack),
                        "Verweise mit „*“ (YAML-Anker und -Aliase) werden nicht unterstützt. "
                        "Hinweis: Schreiben Sie den Wert aus, oder setzen Sie Text, der mit „*“ "
                        "beginnt, in Anführungszeichen.",
                    )
                )
            if isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                finished = stack.pop()
                _attach(stack, finished[0], finished[1], finished[5], result)
                if not stack:
                    root, have_root = finished[0], True
                continue
            nodes += 1
            if nodes > MAX_NODES:
                raise _Abort(
                    _at(
                        path,
                        event,
                        "",
                        f"Die Datei enthält mehr als {MAX_NODES} Werte; das ist für eine Quartiersdatei zu viel.",
                    )
                )
            if getattr(event, "anchor", None):
                raise _Abort(
                    _at(
                        path,
                        event,
                        _loc_text(stack),
                        "Anker mit „&“ (YAML-Anker und -Aliase) werden nicht unterstützt. "
                        "Hinweis: Setzen Sie Text, der mit „&“ beginnt, in Anführungszeichen.",
                    )
                )
            position = _pos(event.start_mark)
            if isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
                if len(stack) >= MAX_DEPTH:
                    raise _Abort(
                        Problem(
                            path,
                            position.line,
                            position.column,
                            _loc_text(stack),
                            f"Die Daten sind tiefer als {MAX_DEPTH} Ebenen verschachtelt.",
                        )
                    )
                _check_tag(
                    event, path, position, stack, mapping=isinstance(event, yaml.MappingStartEvent)
                )
                loc = _child_loc(stack)
                container: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
                if stack and _is_key_slot(stack[-1]):
                    raise _Abort(
                        Problem(
                            path,
                            position.line,
                            position.column,
                            _loc_text(stack),
                            "Ein Feldname muss einfacher Text sein, keine Liste und kein Abschnitt.",
                        )
                    )
                stack.append([container, loc, None, None, set(), position])
                continue
            assert isinstance(event, yaml.ScalarEvent)
            if stack and _is_key_slot(stack[-1]):
                _take_key(stack[-1], event, loader, position, result)
                continue
            value = _scalar(event, loader, position, stack, path)
            loc = _child_loc(stack)
            _attach(stack, value, loc, position, result)
            if not stack:
                root, have_root = value, True
    finally:
        loader.dispose()
    result.data = root


def _is_key_slot(frame: list[Any]) -> bool:
    return isinstance(frame[0], dict) and frame[2] is None


def _child_loc(stack: list[list[Any]]) -> Loc:
    if not stack:
        return ()
    container, key = stack[-1][0], stack[-1][2]
    loc: Loc = stack[-1][1]
    if isinstance(container, list):
        return (*loc, len(container))
    if key is None:  # where a key is expected (an anchor, alias or list as a key)
        return loc
    return (*loc, key)


def _loc_text(stack: list[list[Any]]) -> str:
    return field_path(_child_loc(stack)) if stack else ""


def _attach(
    stack: list[list[Any]], value: Any, loc: Loc, position: Position, result: LoadedFile
) -> None:
    result.values[loc] = position
    if not stack:
        return
    frame = stack[-1]
    if isinstance(frame[0], list):
        frame[0].append(value)
    else:
        frame[0][frame[2]] = value
        frame[2] = None


def _take_key(
    frame: list[Any], event: Any, loader: Any, position: Position, result: LoadedFile
) -> None:
    key = event.value
    loc = (*frame[1], key)
    if not event.style and event.value in {"<<"}:
        raise _Abort(
            Problem(
                result.path,
                position.line,
                position.column,
                field_path(frame[1]),
                "Zusammenführen mit „<<“ wird nicht unterstützt; schreiben Sie die Felder aus.",
            )
        )
    if key in frame[4]:
        first = result.keys[loc]
        raise _Abort(
            Problem(
                result.path,
                position.line,
                position.column,
                field_path(loc),
                f"Das Feld „{key}“ steht in diesem Abschnitt zweimal (zuerst in Zeile {first.line}). "
                "Hinweis: Löschen Sie eines der beiden oder führen Sie sie zusammen.",
            )
        )
    frame[4].add(key)
    frame[2] = key
    result.keys[loc] = position


def _check_tag(
    event: Any, path: Path, position: Position, stack: list[list[Any]], *, mapping: bool
) -> None:
    tag = event.tag
    if tag in (None, "!") or tag == (
        "tag:yaml.org,2002:map" if mapping else "tag:yaml.org,2002:seq"
    ):
        return
    raise _Abort(
        Problem(
            path,
            position.line,
            position.column,
            _loc_text(stack),
            f"Das YAML-Kennzeichen „{tag}“ wird nicht unterstützt.",
        )
    )


def _scalar(event: Any, loader: Any, position: Position, stack: list[list[Any]], path: Path) -> Any:
    if event.tag not in (None, "!"):
        tag = event.tag
        if tag not in _SAFE_TAGS:
            raise _Abort(
                Problem(
                    path,
                    position.line,
                    position.column,
                    _loc_text(stack),
                    f"Das YAML-Kennzeichen „{tag}“ wird nicht unterstützt. Hinweis: Setzen Sie den Text in Anführungszeichen.",
                )
            )
    elif event.tag == "!" or event.style:
        tag = "tag:yaml.org,2002:str"
    else:
        tag = loader.resolve(yaml.ScalarNode, event.value, (True, False))
    if tag == "tag:yaml.org,2002:str":  # most values: what SafeConstructor returns, without it
        return event.value
    node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
    try:
        return loader.construct_object(node, deep=True)
    except (ValueError, OverflowError, yaml.constructor.ConstructorError):
        # e.g. 2023-02-30: keep the text, the model reports what is wrong with it.
        return event.value


_SAFE_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
