"""Translations in quarter files: label tables, language keys, checks and their messages."""

from __future__ import annotations

import string
from datetime import date, datetime
from pathlib import Path

import pytest

from quartiersdoku.core.fuzzydate import _PARTS, FuzzyDate
from quartiersdoku.core.languages import LANGUAGES, LEICHTE_SPRACHE, expected_script, main_script
from quartiersdoku.core.local_format import local_date, local_period, weekday_name
from quartiersdoku.core.model import ContactKind, ContactStatus, EventKind, Status
from quartiersdoku.core.page_labels import PAGE_LABELS, enum_key
from quartiersdoku.core.problems import Problem, Severity
from quartiersdoku.core.settings import Settings
from quartiersdoku.core.translations import fingerprint
from quartiersdoku.core.validate import Result, load_site

REPO = Path(__file__).resolve().parent.parent

BASE = """\
name: Testviertel
city: Teststadt
summary: Ein Quartier zum Testen.
programmes:
  - name: Soziale Stadt Testviertel
    summary: Ein Förderprogramm.
contacts:
  - name: Quartiersbüro Testviertel
    kind: quarter_office
    description: Beratung für alle.
"""


def _check(tmp_path: Path, translations: str) -> Result:
    folder = tmp_path / "quarters" / "teststadt"
    folder.mkdir(parents=True)
    (folder / "testviertel.yaml").write_text(BASE + translations, encoding="utf-8")
    return load_site(Settings(quarters_dir=tmp_path / "quarters"))


def _only(problems: list[Problem], severity: Severity) -> list[Problem]:
    """The problems of `severity` about translations (the base file has others, like a
    contact without address)."""
    return [p for p in problems if p.severity is severity and p.field.startswith("translations")]


# --------------------------------------------------------------------- label tables


def test_every_label_exists_in_every_supported_language() -> None:
    german = PAGE_LABELS[LEICHTE_SPRACHE]
    for key, labels in PAGE_LABELS.items():
        assert labels.keys() == german.keys(), key
        for name, text in labels.items():
            assert text.strip(), (key, name)
            fields = {f for _, f, _, _ in string.Formatter().parse(text) if f}
            expected = {f for _, f, _, _ in string.Formatter().parse(german[name]) if f}
            assert fields == expected, (key, name)


def test_every_language_with_a_page_has_a_label_table() -> None:
    assert set(LANGUAGES) == set(PAGE_LABELS)


@pytest.mark.parametrize("enum", [Status, ContactStatus, ContactKind, EventKind])
def test_every_badge_value_has_a_label(enum: type[Status]) -> None:
    for value in enum:
        assert enum_key(value) in PAGE_LABELS["en"]


def test_every_part_of_a_year_has_a_label() -> None:
    for part in _PARTS:
        assert f"part.{part}" in PAGE_LABELS["tr"]


# -------------------------------------------------------------- dates in the language


def test_dates_are_written_the_way_the_page_language_writes_them() -> None:
    conference = datetime(2022, 3, 26, 18, 0)
    assert local_date(conference, "en", weekday=True) == "Saturday, 26 March 2022, 18:00"
    assert local_date(conference, "tr", weekday=True) == "26 Mart 2022 Cumartesi, 18:00"
    assert local_date(date(2022, 3, 26), "ar") == "26 مارس 2022"
    assert local_date(conference, LEICHTE_SPRACHE) == "26. März 2022, 18:00 Uhr"


def test_dates_as_precise_as_the_source_stay_so() -> None:
    end = FuzzyDate(2023, part="ende")
    assert local_period(FuzzyDate(2014), end, "en") == "2014 to end of 2023"
    assert local_period(FuzzyDate(2014), end, "ar") == "من 2014 إلى نهاية 2023"
    assert local_date(end, "tr") == "2023 sonu"
    assert local_date(FuzzyDate(2026, 6), "en") == "June 2026"
    assert weekday_name(0, "tr") == "Pazartesi"


# ------------------------------------------------------------------ scripts, fingerprint


def test_script_of_a_text_and_of_a_language() -> None:
    assert main_script("مرحبا بكم في Hagen")[0] == "Arab"
    assert main_script("Merhaba, Wehringhausen")[0] == "Latn"
    assert expected_script("tr") == "Latn"
    assert expected_script("ar") == "Arab"
    assert expected_script("uk") == "Cyrl"


def test_fingerprint_ignores_line_breaks_not_words() -> None:
    assert fingerprint("Ein Text\nin zwei Zeilen.") == fingerprint("Ein Text in zwei Zeilen.")
    assert fingerprint("Ein Text.") != fingerprint("Ein anderer Text.")
    assert len(fingerprint("x")) == 8


# ------------------------------------------------------------------- errors at file:line


def test_unknown_and_unsupported_language_codes_are_errors_at_their_key(tmp_path: Path) -> None:
    result = _check(
        tmp_path,
        "translations:\n"
        "  xx:\n    summary: a\n"  # line 12
        "  fr:\n    summary: b\n"  # line 14
        "  EN:\n    summary: c\n",  # line 16
    )
    errors = {p.field: p for p in result.errors}
    assert (errors["translations.xx"].line, errors["translations.xx"].column) == (12, 3)
    assert "kein gültiger Sprachcode nach BCP 47" in errors["translations.xx"].message
    assert errors["translations.fr"].line == 14
    assert "noch keine Beschriftungen" in errors["translations.fr"].message
    assert errors["translations.EN"].line == 16
    assert "als „en“" in errors["translations.EN"].message


def test_a_translation_of_a_missing_german_text_is_an_error(tmp_path: Path) -> None:
    result = _check(
        tmp_path,
        "translations:\n  en:\n    summary: A quarter.\n    description: No German text.\n",
    )
    (error,) = result.errors
    assert (error.field, error.line) == ("translations.en.description", 14)
    assert "den es auf Deutsch nicht gibt" in error.message


def test_an_unknown_field_is_an_error_with_a_suggestion(tmp_path: Path) -> None:
    result = _check(tmp_path, "translations:\n  en:\n    sumary: A quarter.\n")
    (error,) = result.errors
    assert (error.field, error.line, error.column) == ("translations.en.sumary", 13, 5)
    assert "Meinten Sie „summary“?" in error.message


def test_an_unknown_programme_or_contact_is_an_error_at_its_key(tmp_path: Path) -> None:
    result = _check(
        tmp_path,
        "translations:\n"
        "  en:\n"
        "    programmes:\n"
        "      nichts-da:\n"  # line 14
        "        summary: x\n"
        "    contacts:\n"
        "      niemand:\n"  # line 17
        "        description: y\n",
    )
    errors = {p.field: p for p in result.errors}
    assert set(errors) == {
        "translations.en.programmes.nichts-da",
        "translations.en.contacts.niemand",
    }
    programme = errors["translations.en.programmes.nichts-da"]
    assert (programme.line, programme.column) == (14, 7)
    assert "Vorhanden: soziale-stadt-testviertel" in programme.message
    assert errors["translations.en.contacts.niemand"].line == 17


# ------------------------------------------------------------------------- warnings


def test_text_in_the_wrong_script_is_a_warning(tmp_path: Path) -> None:
    summary = fingerprint("Ein Quartier zum Testen.")
    result = _check(
        tmp_path,
        f"translations:\n  tr:\n    summary: حي للاختبار\n    made_from:\n      summary: {summary}\n",
    )
    assert not result.errors
    (warning,) = _only(result.problems, Severity.WARNING)
    assert (warning.field, warning.line) == ("translations.tr.summary", 13)
    assert "arabischer Schrift" in warning.message
    assert "Türkisch" in warning.message


def test_an_outdated_translation_is_a_warning_with_the_new_fingerprint(tmp_path: Path) -> None:
    result = _check(
        tmp_path,
        "translations:\n"
        "  en:\n"
        "    summary: A quarter for testing.\n"
        "    contacts:\n"
        "      quartiersbuero-testviertel:\n"
        "        description: Advice for everyone.\n"
        "    made_from:\n"
        "      summary: '00000000'\n"  # line 18
        f"      contacts.quartiersbuero-testviertel.description: {fingerprint('Beratung für alle.')}\n",
    )
    assert not result.errors
    (warning,) = _only(result.problems, Severity.WARNING)
    assert (warning.field, warning.line) == ("translations.en.made_from.summary", 18)
    assert "Veraltete Übersetzung (Englisch)" in warning.message
    assert fingerprint("Ein Quartier zum Testen.") in warning.message


def test_a_translation_without_made_from_is_a_warning_naming_the_value(tmp_path: Path) -> None:
    result = _check(tmp_path, "translations:\n  leichte_sprache:\n    summary: Ein Test.\n")
    (warning,) = _only(result.problems, Severity.WARNING)
    assert warning.field == "translations.leichte_sprache.summary"
    assert f'summary: "{fingerprint("Ein Quartier zum Testen.")}"' in warning.message


def test_shipped_translations_are_up_to_date() -> None:
    result = load_site(Settings(quarters_dir=REPO / "quarters"))
    assert not result.errors
    about = [p for p in result.problems if p.field.startswith("translations")]
    assert not about, [p.format() for p in about]
    site = result.site
    assert all(LEICHTE_SPRACHE in q.quarter.translations for q in site.quarters)
    for data in site.quarters:
        if data.city_key in {"hagen", "iserlohn"}:
            assert {"en", "tr", "ar"} <= set(data.quarter.translations), data.slug
            for key in ("en", "tr", "ar"):
                translation = data.quarter.translations[key]
                assert translation.summary, (data.slug, key)
                described = {c.id for c in data.quarter.contacts if c.description}
                assert described <= set(translation.contacts), (data.slug, key)


# ----------------------------------------------------------- facts on a translated page


def test_facts_are_shown_in_the_page_language(tmp_path: Path) -> None:
    from bs4 import BeautifulSoup

    from quartiersdoku.pages.render import Renderer

    folder = tmp_path / "quarters" / "teststadt"
    folder.mkdir(parents=True)
    (folder / "testviertel.yaml").write_text(
        BASE.replace(
            "    description: Beratung für alle.\n",
            "    description: Beratung für alle.\n"
            "    address: {street: Marktstraße 1, postcode: '58095', city: Hagen}\n"
            '    opening_hours: "Mo-Fr 09:00-12:00"\n',
        )
        + "events:\n"
        + "  - title: Stadtteilkonferenz Testviertel\n"
        + "    kind: district_conference\n"
        + "    start: 2099-03-26 18:00\n"
        + "    outcomes: Noch offen.\n"
        + "translations:\n  tr:\n    summary: Test mahallesi.\n",
        encoding="utf-8",
    )
    result = load_site(Settings(quarters_dir=tmp_path / "quarters"))
    assert not result.errors
    (page,) = list(Renderer(result.site).translated_pages())
    assert page.src_uri == "quartiere/teststadt/testviertel/tr.md"
    soup = BeautifulSoup(page.content, "html.parser")
    text = " ".join(soup.get_text(" ").split())
    rows = {
        row.th.get_text(strip=True): row.td.get_text(strip=True)
        for row in soup.select("table.qd-hours tr")
    }
    assert rows["Pazartesi"] == "09:00–12:00"
    assert rows["Cumartesi"] == "kapalı"
    assert "Marktstraße 1, 58095 Hagen" in [b.get_text() for b in soup.select('bdi[lang="de"]')]
    assert "26 Mart 2099 Perşembe, 18:00" in text
    assert "Semt konferansı" in text  # the event's kind, in Turkish
    # The contact's description is not translated: said in Turkish, linked to German.
    assert "Bu bölüm henüz çevrilmedi." in text
    for german in ("Öffnungszeiten", "Adresse", "Anlaufstellen", "geschlossen"):
        assert german not in text


@pytest.mark.parametrize(
    ("key", "heading"), [("uk", "Найближчі події"), ("ru", "Ближайшие мероприятия")]
)
def test_ukrainian_and_russian_pages_have_their_labels(
    tmp_path: Path, key: str, heading: str
) -> None:
    from quartiersdoku.pages.render import Renderer

    summary = fingerprint("Ein Quartier zum Testen.")
    result = _check(
        tmp_path,
        f"translations:\n  {key}:\n    summary: Тестовий квартал.\n"
        f"    made_from:\n      summary: '{summary}'\n",
    )
    assert not result.errors
    assert not _only(result.problems, Severity.WARNING)
    (page,) = list(Renderer(result.site).translated_pages())
    assert page.src_uri == f"quartiere/teststadt/testviertel/{key}.md"
    assert f"lang: {key}" in page.content
    assert f"## {heading}" in page.content


def test_translated_text_is_data_never_markup_or_template(tmp_path: Path) -> None:
    from quartiersdoku.pages.render import Renderer

    result = _check(
        tmp_path,
        "translations:\n  en:\n"
        '    summary: "<script>alert(1)</script> {{ 7*7 }}"\n'
        "    contacts:\n      quartiersbuero-testviertel:\n"
        '        description: "<img src=https://example.org/x.png> **Advice**"\n',
    )
    assert not result.errors
    (page,) = list(Renderer(result.site).translated_pages())
    assert "<script>" not in page.content
    assert "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }}" in page.content
    assert "<img" not in page.content
    assert "<strong>Advice</strong>" in page.content
