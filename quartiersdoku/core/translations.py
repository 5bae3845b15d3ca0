"""Checks of a quarter's translations, and which German text each one was made from.

Errors (`translation_errors`, run while the file's key positions are known):
a language key that is no BCP 47 tag or has no label table, a programme or
contact the file does not have, a translation of a text that is empty in German.

Warnings (`translation_warnings`, printed by `validate` and meant for `pruefen`):
text in another script than the language's (Arabic declared as `tr`), and
translations whose German text changed since: each translation records the
fingerprint of its German text in `made_from`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, replace

from .languages import LANGUAGES, expected_script, main_script, script_german
from .load import LoadedFile, Loc
from .model import Quarter, Translation
from .problems import Problem, Severity
from .urls import slugify

#: Below this share of letters in the language's script a text gets a warning.
SCRIPT_SHARE = 0.5


def fingerprint(text: str) -> str:
    """Eight hex digits that change whenever the text's words change (not its line breaks)."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:8]


@dataclass(frozen=True)
class TranslatedText:
    """One translated text: where it sits, its German original, and the translation."""

    path: str  # the key in `made_from`: "summary", "programmes.<id>.summary", …
    loc: Loc  # below the translation
    german: str | None
    text: str


def translated_texts(quarter: Quarter, translation: Translation) -> Iterator[TranslatedText]:
    """Every text of `translation`, with the German text it translates (None if missing)."""
    if translation.summary is not None:
        yield TranslatedText("summary", ("summary",), quarter.summary, translation.summary)
    if translation.description is not None:
        yield TranslatedText(
            "description", ("description",), quarter.description, translation.description
        )
    programmes = {p.id or slugify(p.name): p for p in quarter.programmes}
    for programme_id, texts in translation.programmes.items():
        programme = programmes.get(programme_id)
        german = {
            "summary": programme.summary if programme else None,
            "archive_notice": programme.archive_notice if programme else None,
            "successor": programme.successor.text if programme and programme.successor else None,
        }
        for field, german_text in german.items():
            text = getattr(texts, field)
            if text is not None:
                yield TranslatedText(
                    f"programmes.{programme_id}.{field}",
                    ("programmes", programme_id, field),
                    german_text,
                    text,
                )
    contacts = {c.id or slugify(c.name): c for c in quarter.contacts}
    for contact_id, contact_texts in translation.contacts.items():
        contact = contacts.get(contact_id)
        if contact_texts.description is not None:
            yield TranslatedText(
                f"contacts.{contact_id}.description",
                ("contacts", contact_id, "description"),
                contact.description if contact else None,
                contact_texts.description,
            )


def translation_errors(loaded: LoadedFile, quarter: Quarter) -> list[Problem]:
    """References to programmes and contacts that do not exist, translations without German."""
    found: list[Problem] = []
    programmes = {p.id or slugify(p.name) for p in quarter.programmes}
    contacts = {c.id or slugify(c.name) for c in quarter.contacts}
    for key, translation in quarter.translations.items():
        base: Loc = ("translations", key)
        for kind, known, what in (
            ("programmes", programmes, "Ein Programm"),
            ("contacts", contacts, "Eine Anlaufstelle"),
        ):
            for entry_id in getattr(translation, kind):
                if entry_id not in known:
                    listed = ", ".join(sorted(known)) or "keine"
                    found.append(
                        loaded.problem(
                            (*base, kind, entry_id),
                            f"{what} mit der Kennung „{entry_id}“ gibt es in dieser Datei nicht. "
                            f"Vorhanden: {listed}.",
                            key=True,
                        )
                    )
        for text in translated_texts(quarter, translation):
            entry = text.loc[1] if len(text.loc) == 3 else None
            if entry is not None and entry not in programmes | contacts:
                continue  # the entry itself is unknown: reported above
            if text.german is None:
                found.append(
                    loaded.problem(
                        (*base, *text.loc),
                        f"Übersetzung eines Texts, den es auf Deutsch nicht gibt: "
                        f"`{_german_field(text.path)}` ist leer. Hinweis: Schreiben Sie zuerst "
                        "den deutschen Text, dann die Übersetzung.",
                        key=True,
                    )
                )
    return found


def _german_field(path: str) -> str:
    parts = path.split(".")
    if parts[0] == "programmes" and parts[-1] == "successor":
        return f"programmes[{parts[1]}].successor.text"
    if len(parts) == 3:
        return f"{parts[0]}[{parts[1]}].{parts[2]}"
    return path


def translation_warnings(loaded: LoadedFile, quarter: Quarter) -> list[Problem]:
    """Text in the wrong script, and translations older than their German text."""
    found: list[Problem] = []
    for key, translation in quarter.translations.items():
        base: Loc = ("translations", key)
        language = LANGUAGES[key]
        script = expected_script(key)
        texts = list(translated_texts(quarter, translation))
        for text in texts:
            if text.german is None:
                continue
            written, share = main_script(text.text)
            if script and written and written != script and share > SCRIPT_SHARE:
                found.append(
                    _warning(
                        loaded,
                        (*base, *text.loc),
                        f"Der Text ist überwiegend in {script_german(written)} geschrieben, "
                        f"{language.german_name} („{key}“) wird aber in {script_german(script)} "
                        "geschrieben. Hinweis: Steht die Übersetzung unter dem richtigen "
                        "Sprachcode?",
                    )
                )
            current = fingerprint(text.german)
            recorded = translation.made_from.get(text.path)
            if recorded is None:
                found.append(
                    _warning(
                        loaded,
                        (*base, *text.loc),
                        f"Bei der Übersetzung ({language.german_name}) ist nicht vermerkt, aus "
                        f"welchem deutschen Text sie gemacht wurde. Hinweis: Ist sie aus dem "
                        f"heutigen deutschen Text übersetzt, tragen Sie unter `made_from` "
                        f'„{text.path}: "{current}"“ ein (in Anführungszeichen).',
                    )
                )
            elif recorded != current:
                found.append(
                    _warning(
                        loaded,
                        (*base, "made_from", text.path),
                        f"Veraltete Übersetzung ({language.german_name}): Der deutsche Text "
                        f"`{_german_field(text.path)}` hat sich geändert, seit „{text.path}“ "
                        f"übersetzt wurde. Hinweis: Passen Sie die Übersetzung an und setzen "
                        f'Sie dann `made_from` „{text.path}“ auf „"{current}"“ (in Anführungszeichen).',
                    )
                )
        paths = {text.path for text in texts}
        for path in translation.made_from:
            if path not in paths:
                found.append(
                    _warning(
                        loaded,
                        (*base, "made_from", path),
                        f"„{path}“ ist in dieser Übersetzung kein übersetzter Text; der Eintrag "
                        "in `made_from` kann weg.",
                    )
                )
    return found


def _warning(loaded: LoadedFile, loc: Loc, message: str) -> Problem:
    return replace(loaded.problem(loc, message), severity=Severity.WARNING)
