"""The languages a quarter page can be translated into, and how each is written.

A translation sits under a key in a quarter file's `translations`: a BCP 47
language tag (`en`, `tr`, `ar`, …) or `leichte_sprache`, which is German in
Leichte Sprache. Each language the site can show needs a label table in
:mod:`page_labels`; the tags are checked with `langcodes` (IANA registry).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import langcodes
from pydantic_core import PydanticCustomError

#: The key of Leichte Sprache in `translations` (German, but its own version of the page).
LEICHTE_SPRACHE = "leichte_sprache"


@dataclass(frozen=True)
class PageLanguage:
    """How a language version of a quarter page is addressed and written."""

    key: str  # the key in `translations`
    lang: str  # <html lang>: the page's language for screen readers, search and axe
    hreflang: str  # in alternate links; tells Leichte Sprache apart from the German page
    segment: str  # the page's folder below the quarter: …/wehringhausen/tr/
    name: str  # the language's name in itself, for the language switch
    german_name: str  # for editors' messages
    direction: str  # "ltr" or "rtl"
    locale: str  # Babel locale for dates and times


LANGUAGES: dict[str, PageLanguage] = {
    language.key: language
    for language in (
        PageLanguage(
            LEICHTE_SPRACHE,
            "de",
            "de-x-ls",
            "leichte-sprache",
            "Leichte Sprache",
            "Leichte Sprache",
            "ltr",
            "de_DE",
        ),
        PageLanguage("en", "en", "en", "en", "English", "Englisch", "ltr", "en_GB"),
        PageLanguage("tr", "tr", "tr", "tr", "Türkçe", "Türkisch", "ltr", "tr_TR"),
        PageLanguage("ar", "ar", "ar", "ar", "العربية", "Arabisch", "rtl", "ar"),
        PageLanguage("uk", "uk", "uk", "uk", "Українська", "Ukrainisch", "ltr", "uk_UA"),
        PageLanguage("ru", "ru", "ru", "ru", "Русский", "Russisch", "ltr", "ru_RU"),
    )
}

#: The German original, as the language switch lists it.
GERMAN = PageLanguage("de", "de", "de", "", "Deutsch", "Deutsch", "ltr", "de_DE")


def is_valid_tag(key: str) -> bool:
    """Whether `key` is a well-formed, registered BCP 47 language tag (per `langcodes`)."""
    return langcodes.tag_is_valid(key)


def normalised_tag(key: str) -> str:
    """The standard spelling of a valid tag: `EN-gb` → `en-GB`, `iw` → `he`."""
    return str(langcodes.standardize_tag(key))


def expected_script(key: str) -> str:
    """The ISO 15924 script a language is usually written in: `Arab`, `Latn`, `Cyrl`, …"""
    if key == LEICHTE_SPRACHE:
        return "Latn"
    return str(langcodes.Language.get(key).maximize().script or "")


# Unicode character names start with the script's name in these cases.
_SCRIPT_NAMES = {
    "LATIN": "Latn",
    "ARABIC": "Arab",
    "CYRILLIC": "Cyrl",
    "GREEK": "Grek",
    "HEBREW": "Hebr",
    "ARMENIAN": "Armn",
    "GEORGIAN": "Geor",
    "DEVANAGARI": "Deva",
    "THAI": "Thai",
    "HANGUL": "Kore",
    "CJK": "Hani",
    "HIRAGANA": "Jpan",
    "KATAKANA": "Jpan",
    "ETHIOPIC": "Ethi",
}


#: German names of scripts, for editors' messages.
SCRIPTS_GERMAN = {
    "Latn": "lateinischer Schrift",
    "Arab": "arabischer Schrift",
    "Cyrl": "kyrillischer Schrift",
    "Grek": "griechischer Schrift",
    "Hebr": "hebräischer Schrift",
}


def script_german(script: str) -> str:
    return SCRIPTS_GERMAN.get(script, f"der Schrift „{script}“")


def main_script(text: str) -> tuple[str, float]:
    """The script most letters of `text` are written in, and its share of the letters."""
    counts: dict[str, int] = {}
    letters = 0
    for char in text:
        if not char.isalpha():
            continue
        letters += 1
        first = unicodedata.name(char, "").split(" ", 1)[0]
        script = _SCRIPT_NAMES.get(first, first)
        counts[script] = counts.get(script, 0) + 1
    if not letters:
        return "", 0.0
    script = max(counts, key=lambda name: counts[name])
    return script, counts[script] / letters


def check_language_key(key: str) -> str:
    """The validator of a key in `translations`: a known language, spelt as the standard says."""
    if key in LANGUAGES:
        return key
    supported = ", ".join(LANGUAGES)
    if not is_valid_tag(key):
        raise PydanticCustomError(
            "qd_language",
            "„{key}“ ist kein gültiger Sprachcode nach BCP 47. Hinweis: Verwenden Sie Codes wie "
            "en (Englisch), tr (Türkisch), ar (Arabisch), uk (Ukrainisch), ru (Russisch); "
            "Leichte Sprache steht unter „leichte_sprache“.",
            {"key": key},
        )
    standard = normalised_tag(key)
    if standard != key and standard in LANGUAGES:
        raise PydanticCustomError(
            "qd_language",
            "Schreiben Sie den Sprachcode „{key}“ als „{standard}“.",
            {"key": key, "standard": standard},
        )
    raise PydanticCustomError(
        "qd_language",
        "Für die Sprache „{key}“ hat die Website noch keine Beschriftungen (Überschriften, "
        "Bezeichnungen), daher keine Seite. Möglich sind: {supported}.",
        {"key": key, "supported": supported},
    )
