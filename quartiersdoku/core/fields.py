"""Field types shared by the model: each turns raw YAML into a value or a German error.

Every check raises :class:`pydantic_core.PydanticCustomError` with a German
message, so :mod:`quartiersdoku.core.messages` can pass it on unchanged.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BeforeValidator,
    PlainSerializer,
    ValidationInfo,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from .fuzzydate import (
    ACCEPTED_FORMS,
    FuzzyDate,
    FuzzyDateError,
    NotADateError,
    clock_only,
    not_a_date,
)

_SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_EMAIL_RE = re.compile(
    r"^[^@\s<>\"'()\[\],;:]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$"
)
# German and international numbers as people write them: +49 2331 207-0, (02331) 207 0, 02331/2070.
_PHONE_RE = re.compile(r"^\+?[0-9 ()/\-]{5,30}$")
_HOST_RE = re.compile(r"^[A-Za-z0-9.-]+(?::\d+)?$")


def _fail(kind: str, message: str, **context: Any) -> PydanticCustomError:
    return PydanticCustomError(f"qd_{kind}", message, context or None)


def _text(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise _fail(
            "type",
            f"{what} erwartet, {describe(value)} erhalten.",
        )
    return value.strip()


_KINDS: tuple[tuple[type | tuple[type, ...], str], ...] = (
    (bool, "der Wahrheitswert {value}"),
    ((int, float), "die Zahl {value}"),
    (datetime, "ein Zeitpunkt"),
    (date, "ein Datum"),
    (dict, "ein Abschnitt mit Feldern"),
    (list, "eine Liste"),
    (str, "der Text „{value}“"),
)


def describe(value: object) -> str:
    """What an editor wrote, in words: „die Zahl 5“, „eine Liste“, „ein leerer Wert“."""
    if value is None:
        return "ein leerer Wert"
    shown = str(value).lower() if isinstance(value, bool) else value
    for kind, text in _KINDS:
        if isinstance(value, kind):
            return text.format(value=shown)
    return type(value).__name__


def parse_slug(value: object) -> str:
    text = _text(value, "Kennung (Text)")
    if not _SLUG_RE.match(text):
        raise _fail(
            "slug",
            "„{value}“ ist keine gültige Kennung: nur Kleinbuchstaben a–z, Ziffern und "
            "einzelne Bindestriche, z. B. „stadtteilkonferenz-2022“.",
            value=text,
        )
    return text


def _check_url(text: str, allowed: tuple[str, ...]) -> str:
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    if scheme not in allowed:
        shown = ", ".join(f"{s}:" for s in allowed)
        raise _fail(
            "url_scheme",
            "Die Adresse „{value}“ beginnt nicht mit " + shown + " (erlaubt sind nur diese).",
            value=text,
        )
    if scheme in ("http", "https") and (not parts.netloc or not _HOST_RE.match(parts.netloc)):
        raise _fail(
            "url",
            "„{value}“ ist keine vollständige Webadresse, z. B. https://www.hagen.de/seite.",
            value=text,
        )
    if scheme == "mailto":
        _check_email(text[len("mailto:") :].split("?", maxsplit=1)[0])
    if scheme == "tel":
        _check_phone(text[len("tel:") :])
    if any(ch.isspace() for ch in text):
        raise _fail("url", "Die Adresse „{value}“ enthält Leerzeichen.", value=text)
    return text


def parse_web_url(value: object) -> str:
    """A web address: http or https only."""
    return _check_url(_text(value, "Webadresse (Text)"), ("https", "http"))


def parse_link_url(value: object) -> str:
    """A link target: http(s), mailto or tel."""
    return _check_url(_text(value, "Link-Adresse (Text)"), ("https", "http", "mailto", "tel"))


def _check_email(text: str) -> str:
    if not _EMAIL_RE.match(text):
        raise _fail(
            "email",
            "„{value}“ ist keine gültige E-Mail-Adresse, z. B. quartiersbuero@stadt-hagen.de.",
            value=text,
        )
    return text


def parse_email(value: object) -> str:
    return _check_email(_text(value, "E-Mail-Adresse (Text)"))


def _check_phone(text: str) -> str:
    digits = sum(ch.isdigit() for ch in text)
    if not _PHONE_RE.match(text) or digits < 5:
        raise _fail(
            "phone",
            "„{value}“ ist keine gültige Telefonnummer, z. B. „02331 207-0“ oder „+49 2331 207-0“.",
            value=text,
        )
    return text


def parse_phone(value: object) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        raise _fail(
            "type",
            "Telefonnummer als Text erwartet, Zahl erhalten. Hinweis: Setzen Sie die Nummer "
            'in Anführungszeichen, z. B. "02331 207-0" – sonst geht die führende Null verloren.',
        )
    return _check_phone(_text(value, "Telefonnummer (Text)"))


def _date_type(value: object, forms: str) -> None:
    """A list, a section, a decimal number or nothing where a date belongs: said in words."""
    if isinstance(value, bool) or not isinstance(value, str | int | date):
        raise _fail("date", f"Datum erwartet, {describe(value)} erhalten. Erlaubt: {forms}.")


def parse_fuzzy_date(value: object) -> FuzzyDate:
    _date_type(value, ACCEPTED_FORMS)
    try:
        return FuzzyDate.parse(value)
    except FuzzyDateError as exc:
        raise _fail("date", str(exc)) from None


#: What a field takes that takes only a day (`reviewed`, a report's `date`).
DAY_FORMS = "ein Tag als JJJJ-MM-TT, z. B. 2026-03-17"
#: What a field takes that takes a day or a day with a time (an event's `start` and `end`).
MOMENT_FORMS = (
    "ein Tag als JJJJ-MM-TT (z. B. 2027-03-10) oder Tag und Uhrzeit als JJJJ-MM-TT hh:mm "
    "(z. B. 2027-03-10 18:00)"
)


def parse_day(value: object) -> date:
    """An exact calendar day (YYYY-MM-DD)."""
    return _exact_day(value, DAY_FORMS, with_time=False)


def _exact_day(value: object, forms: str, *, with_time: bool) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    _date_type(value, forms)
    try:
        fuzzy = FuzzyDate.parse(value)
    except NotADateError as exc:
        raise _fail("date", not_a_date(exc.text, forms, with_time=with_time, exact=True)) from None
    except FuzzyDateError as exc:
        raise _fail("date", str(exc)) from None
    if not fuzzy.is_exact:
        example = "JJJJ-MM-TT, z. B. 2026-03-17"
        if with_time:
            example += ", auch mit Uhrzeit: 2026-03-17 18:00"
        raise _fail(
            "day",
            f"Hier wird ein genauer Tag erwartet ({example}), „{{value}}“ ist ungenauer.",
            value=fuzzy.iso(),
        )
    return fuzzy.earliest


_TIME_RE = re.compile(r"^(\d{1,2}):(\d{2})$")
_DATETIME_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T](\d{1,2}:\d{2})(?::00)?$")


def parse_moment(value: object, start: object = None) -> date | datetime:
    """A day (an all-day event) or a day with a time of day (local time, Europe/Berlin).

    `start`: for an event's end, its validated start, whose day completes a bare time.
    """
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            raise _fail(
                "moment",
                "Bitte ohne Zeitzone angeben: Zeiten gelten immer in deutscher Ortszeit "
                "(Europe/Berlin), z. B. „2022-03-26 10:00“.",
            )
        return value
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        match = _DATETIME_RE.match(value.strip())
        if match:
            day = parse_day(match.group(1))
            return datetime.combine(day, _parse_clock(match.group(2), value))
        clock = clock_only(value)
        if clock is not None:
            raise _fail("time_only", _time_only(value.strip(), clock, start))
    if isinstance(value, str | int) and not isinstance(value, bool):
        return _exact_day(value, MOMENT_FORMS, with_time=True)
    raise _fail(
        "moment",
        "Datum („2022-03-26“) oder Datum mit Uhrzeit („2022-03-26 10:00“) erwartet, "
        f"{describe(value)} erhalten.",
    )


def _time_only(text: str, clock: time, start: object) -> str:
    """„20:00“ ist nur eine Uhrzeit – and the date and time to write instead."""
    message = f"„{text}“ ist nur eine Uhrzeit. Hinweis: "
    if isinstance(start, date):  # an end: most events end on the day they begin
        day = start.date() if isinstance(start, datetime) else start
        return f"{message}Endet der Termin am Tag des Beginns, schreiben Sie `{day} {clock:%H:%M}`."
    return f"{message}Schreiben Sie Datum und Uhrzeit, etwa `2027-03-10 {clock:%H:%M}`."


def _parse_moment_field(value: object, info: ValidationInfo) -> date | datetime:
    start = info.data.get("start") if info.field_name == "end" and info.data else None
    return parse_moment(value, start)


def _parse_clock(text: str, whole: object) -> time:
    match = _TIME_RE.match(text)
    if match:
        hour, minute = int(match.group(1)), int(match.group(2))
        if hour < 24 and minute < 60:
            return time(hour, minute)
    raise _fail("time", "„{value}“ enthält keine gültige Uhrzeit (HH:MM).", value=str(whole))


def _fuzzy_schema() -> dict[str, Any]:
    return {
        "type": ["string", "integer"],
        "description": "Datum in der Genauigkeit der Quelle: " + ACCEPTED_FORMS,
        "examples": ["2023-11-30", "2023-11", 2023, "Ende 2023"],
    }


def check_one_line(value: str) -> str:
    """Titles and names are headings, list entries and calendar lines: one line each."""
    if "\n" in value or "\r" in value:
        first = value.splitlines()[0].strip()
        raise _fail(
            "line",
            "„{value} …“ geht über mehrere Zeilen; ein Titel oder Name steht in einer Zeile. "
            "Hinweis: Schreiben Sie ihn hinter den Doppelpunkt in eine Zeile (ohne „|“ oder "
            "„>“ und ohne \\n).",
            value=first,
        )
    return value


#: Text in one line (text is stripped before, so a folded value's last line break is gone).
OneLine = Annotated[str, AfterValidator(check_one_line)]
Slug = Annotated[
    str,
    BeforeValidator(parse_slug),
    WithJsonSchema({"type": "string", "pattern": _SLUG_RE.pattern}),
]
WebUrl = Annotated[
    str,
    BeforeValidator(parse_web_url),
    WithJsonSchema({"type": "string", "format": "uri", "pattern": "^https?://"}),
]
LinkUrl = Annotated[
    str,
    BeforeValidator(parse_link_url),
    WithJsonSchema({"type": "string", "pattern": "^(https?://|mailto:|tel:)"}),
]
Email = Annotated[
    str, BeforeValidator(parse_email), WithJsonSchema({"type": "string", "format": "email"})
]
Phone = Annotated[
    str,
    BeforeValidator(parse_phone),
    WithJsonSchema({"type": "string", "pattern": _PHONE_RE.pattern}),
]
Fuzzy = Annotated[
    FuzzyDate,
    BeforeValidator(parse_fuzzy_date),
    PlainSerializer(lambda value: value.iso(), return_type=str),
    WithJsonSchema(_fuzzy_schema()),
]
Day = Annotated[
    date,
    BeforeValidator(parse_day),
    WithJsonSchema({"type": "string", "format": "date", "examples": ["2026-03-17"]}),
]
Moment = Annotated[
    date | datetime,
    BeforeValidator(_parse_moment_field),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^\d{4}-\d{2}-\d{2}([ T]\d{1,2}:\d{2})?$",
            "examples": ["2022-03-26", "2022-03-26 10:00"],
        }
    ),
]


def _digits(count: int, what: str, example: str) -> Any:
    def parse(value: object) -> str:
        if isinstance(value, int) and not isinstance(value, bool):
            raise _fail(
                "type",
                f"{what} als Text erwartet, Zahl erhalten. Hinweis: Setzen Sie den Wert in "
                f'Anführungszeichen, z. B. "{example}" – sonst gehen führende Nullen verloren.',
            )
        text = _text(value, f"{what} (Text)")
        if not (len(text) == count and text.isdigit()):
            raise _fail(
                "digits",
                f"„{{value}}“ ist keine gültige {what}: {count} Ziffern erwartet, z. B. „{example}“.",
                value=text,
            )
        return text

    return parse


def parse_scalar(value: object) -> object:
    """A single value: text or number, not a list or a section."""
    if isinstance(value, dict | list) or value is None:
        raise _fail(
            "scalar", f"Ein einzelner Wert (Zahl oder Text) erwartet, {describe(value)} erhalten."
        )
    return value


Postcode = Annotated[
    str,
    BeforeValidator(_digits(5, "Postleitzahl", "58095")),
    WithJsonSchema({"type": "string", "pattern": r"^\d{5}$", "examples": ["58095"]}),
]
MunicipalityKey = Annotated[
    str,
    BeforeValidator(_digits(8, "Gemeindeschlüssel", "05914000")),
    WithJsonSchema({"type": "string", "pattern": r"^\d{8}$", "examples": ["05914000"]}),
]
