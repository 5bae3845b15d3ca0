"""What the form editor reads and what a save writes (tools/editor_save.py).

Decap CMS's own YAML writer is simulated by dumping the form's data with PyYAML:
like Decap, it forgets comments and writes every value in its own style.
"""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from quartiersdoku.core.problems import Severity
from quartiersdoku.core.settings import Settings
from quartiersdoku.core.translations import fingerprint
from quartiersdoku.core.validate import load_site
from quartiersdoku.tools.editor_config import MAPPING_KEY, MAPPING_VALUE
from quartiersdoku.tools.editor_save import NOT_EDITABLE, fields_for, for_form, merge_saved
from quartiersdoku.tools.schema import modeline

REPO = Path(__file__).resolve().parents[1]
SHIPPED = sorted((REPO / "quarters").rglob("*.yaml"))


def _form(path: Path, text: str) -> dict[str, Any]:
    """The data the form gets for `path`."""
    data: dict[str, Any] = yaml.safe_load(for_form(text, fields_for(path)))
    return data


def _decap(data: dict[str, Any]) -> str:
    """A save as Decap writes it: no comments, its own quoting and order."""
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=True)


def _changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


@pytest.mark.parametrize("path", SHIPPED, ids=[p.relative_to(REPO).as_posix() for p in SHIPPED])
def test_saving_an_unchanged_file_changes_nothing(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    saved = merge_saved(text, _decap(_form(path, text)), path, REPO / "schema")
    assert saved == text


def test_one_changed_field_changes_one_line() -> None:
    path = REPO / "quarters" / "hagen" / "wehringhausen.yaml"
    text = path.read_text(encoding="utf-8")
    data = _form(path, text)
    data["milestones"][1]["title"] = "Siebte Stadtteilkonferenz"
    saved = merge_saved(text, _decap(data), path, REPO / "schema")
    assert _changed_lines(text, saved) == [
        "-    title: Siebte Stadtteilkonferenz im Kultopia",
        "+    title: Siebte Stadtteilkonferenz",
    ]


def test_a_new_field_goes_where_the_model_has_it() -> None:
    path = REPO / "quarters" / "hagen" / "wehringhausen.yaml"
    text = path.read_text(encoding="utf-8")
    data = _form(path, text)
    data["district"] = "Mitte"
    saved = merge_saved(text, _decap(data), path, REPO / "schema")
    assert _changed_lines(text, saved) == ["+district: Mitte"]
    lines = saved.splitlines()
    assert lines.index("district: Mitte") == lines.index("city: Hagen") + 1


def test_a_cleared_field_is_removed() -> None:
    path = REPO / "quarters" / "hagen" / "wehringhausen.yaml"
    text = path.read_text(encoding="utf-8")
    data = _form(path, text)
    data["tags"] = []
    saved = merge_saved(text, _decap(data), path, REPO / "schema")
    assert "tags:" not in saved
    assert all(line.startswith("-") for line in _changed_lines(text, saved))


def test_a_new_file_starts_with_the_schema_line_and_follows_the_model(tmp_path: Path) -> None:
    folder = tmp_path / "quarters" / "hagen"
    folder.mkdir(parents=True)
    path = folder / "eckesey-süd.yaml"
    form = {
        "summary": "Ein Quartier im Hagener Norden.",
        "events": [{"start": "2027-05-08", "title": "Stadtteilfest", "kind": "other", "end": ""}],
        "city": "Hagen",
        "name": "Eckesey-Süd",
        "measures": [{"title": "Spielplatz", "sources": [{"id": "konzept", "at": ""}]}],
        "sources": [{"id": "konzept", "title": "Handlungskonzept"}],
        "location": {"lat": None, "lon": None},
    }
    saved = merge_saved(None, _decap(form), path, tmp_path / "schema")
    assert saved.splitlines()[0] == modeline(path, tmp_path / "schema")
    data = yaml.safe_load(saved)
    assert list(data) == ["name", "city", "summary", "measures", "events", "sources"]
    # a source cited without a place is written by its id alone, as the guide shows it
    assert data["measures"][0] == {"title": "Spielplatz", "sources": ["konzept"]}
    assert "start: 2027-05-08\n" in saved  # a day unquoted, as editors write it
    path.write_text(saved, encoding="utf-8")
    result = load_site(Settings(quarters_dir=tmp_path / "quarters"))
    assert [p for p in result.problems if p.severity is Severity.ERROR] == []


def test_a_value_the_form_cannot_show_is_kept(tmp_path: Path) -> None:
    """A hand-written list where the form has a text field: shown as not editable, kept."""
    path = tmp_path / "quarters" / "hagen" / "handarbeit.yaml"
    path.parent.mkdir(parents=True)
    text = (
        "# yaml-language-server: $schema=../../schema/quarter.schema.json\n"
        "name: Handarbeit\n"
        "city: Hagen\n"
        "summary: Kurz.\n"
        "district:  # von Hand: zwei Bezirke\n"
        "  - Mitte\n"
        "  - Nord\n"
    )
    data = _form(path, text)
    assert data["district"] == NOT_EDITABLE
    data["summary"] = "Länger."
    saved = merge_saved(text, _decap(data), path, tmp_path / "schema")
    assert _changed_lines(text, saved) == ["-summary: Kurz.", "+summary: Länger."]


def test_a_ratio_written_plain_by_decap_stays_text(tmp_path: Path) -> None:
    """Decap's YAML 1.2 writes the text 1:30 plain; YAML 1.1 would read it as 90."""
    path = tmp_path / "quarters" / "hagen" / "verhaeltnis.yaml"
    path.parent.mkdir(parents=True)
    text = (
        "# yaml-language-server: $schema=../../schema/quarter.schema.json\n"
        "name: Verhältnis\ncity: Hagen\nsummary: Kurz.\n"
        "facts:\n  - indicator: Betreuungsschlüssel\n    value: 1:30\n"
    )
    data = _form(path, text)
    assert data["facts"][0]["value"] == "1:30"
    data["summary"] = "Länger."
    decap = _decap(data).replace("value: '1:30'", "value: 1:30")
    assert "value: 1:30\n" in decap  # as Decap writes it
    saved = merge_saved(text, decap, path, tmp_path / "schema")
    assert _changed_lines(text, saved) == ["-summary: Kurz.", "+summary: Länger."]


def test_sources_cited_by_id_reach_the_form_as_entries() -> None:
    path = REPO / "quarters" / "hagen" / "wehringhausen.yaml"
    text = path.read_text(encoding="utf-8")
    cited = yaml.safe_load(text)
    form = _form(path, text)
    for raw, shown in zip(cited.get("milestones", []), form.get("milestones", []), strict=True):
        for given, entry in zip(raw.get("sources", []), shown.get("sources", []), strict=True):
            assert entry == ({"id": given} if isinstance(given, str) else given)


def test_the_preview_notice_names_the_fields_german_title(tmp_path: Path) -> None:
    """After a save the form's labels and the preview's notice speak of the same field."""
    from quartiersdoku.core.problems import Problem
    from quartiersdoku.preview.notice import Preview

    preview = Preview(active=True)
    problem = Problem(
        tmp_path / "x.yaml", 7, 5, "events[0].venue.address.postcode", "Fünf Ziffern."
    )
    preview.failed([problem], tmp_path)
    notice = str(preview.notice())
    assert "Feld <code>events[0].venue.address.postcode</code> (Postleitzahl)" in notice
    city = Problem(tmp_path / "_stadt.yaml", 3, 1, "strategy_goals[0].title", "fehlt")
    preview.failed([city], tmp_path)
    from quartiersdoku.core.model import StrategyGoal

    assert f"({StrategyGoal.model_fields['title'].title})" in str(preview.notice())


def test_the_proxy_rewrites_reads_and_saves_of_quarter_files_only(tmp_path: Path) -> None:
    from quartiersdoku.tools.redaktion import SaveProxy

    quarters = tmp_path / "quarters"
    (quarters / "hagen").mkdir(parents=True)
    source = REPO / "quarters" / "hagen" / "wehringhausen.yaml"
    path = quarters / "hagen" / "wehringhausen.yaml"
    text = source.read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    proxy = SaveProxy(tmp_path, quarters, REPO / "schema", "http://127.0.0.1:9")

    read = {"data": text, "file": {"path": "quarters/hagen/wehringhausen.yaml"}}
    shown = proxy.rewrite_response("getEntry", dict(read))
    assert shown["data"] == for_form(text, fields_for(path))
    other = {"data": "# Kommentar\n", "file": {"path": "content/index.md"}}
    assert proxy.rewrite_response("entriesByFiles", [dict(other)]) == [other]

    data = yaml.safe_load(shown["data"])
    data["summary"] = "Neu."
    entry = {"path": "quarters/hagen/wehringhausen.yaml", "slug": "w", "raw": _decap(data)}
    outside = {"path": "../wehringhausen.yaml", "slug": "x", "raw": "name: x\n"}
    body = {"action": "persistEntry", "params": {"dataFiles": [entry, outside]}}
    saved = proxy.rewrite_request(body)["params"]["dataFiles"]
    assert _changed_lines(text, saved[0]["raw"])[1] == "+summary: Neu."
    assert saved[1]["raw"] == "name: x\n"  # outside the project: passed on as it came


WEHRINGHAUSEN = REPO / "quarters" / "hagen" / "wehringhausen.yaml"


def test_the_form_gets_a_translations_programmes_as_entries_with_their_id() -> None:
    text = WEHRINGHAUSEN.read_text(encoding="utf-8")
    raw = yaml.safe_load(text)["translations"]["tr"]
    turkish = _form(WEHRINGHAUSEN, text)["translations"]["tr"]
    assert turkish["programmes"] == [
        {MAPPING_KEY: key, **value} for key, value in raw["programmes"].items()
    ]
    assert turkish["made_from"] == [
        {MAPPING_KEY: key, MAPPING_VALUE: value} for key, value in raw["made_from"].items()
    ]


def test_editing_a_turkish_summary_changes_one_line() -> None:
    text = WEHRINGHAUSEN.read_text(encoding="utf-8")
    data = _form(WEHRINGHAUSEN, text)
    old = data["translations"]["tr"]["summary"]
    data["translations"]["tr"]["summary"] = "Hagen’de bir semt."
    saved = merge_saved(text, _decap(data), WEHRINGHAUSEN, REPO / "schema")
    assert _changed_lines(text, saved) == [
        f"-    summary: {old}",
        "+    summary: Hagen’de bir semt.",
    ]


def test_a_programme_translation_round_trips() -> None:
    """Changed, removed and added again: the programme's texts come back as they were."""
    text = WEHRINGHAUSEN.read_text(encoding="utf-8")
    data = _form(WEHRINGHAUSEN, text)
    entry = data["translations"]["tr"]["programmes"][0]
    assert entry[MAPPING_KEY] == "soziale-stadt-wehringhausen"
    entry["archive_notice"] = "Program 2023 sonunda sona erdi."
    changed = merge_saved(text, _decap(data), WEHRINGHAUSEN, REPO / "schema")
    # one line: the text keeps its block style (`archive_notice: |`)
    diff = _changed_lines(text, changed)
    assert len(diff) == 2
    assert diff[1] == "+          Program 2023 sonunda sona erdi."
    assert yaml.safe_load(changed)["translations"]["tr"]["programmes"] == {
        "soziale-stadt-wehringhausen": {
            **yaml.safe_load(text)["translations"]["tr"]["programmes"][
                "soziale-stadt-wehringhausen"
            ],
            "archive_notice": "Program 2023 sonunda sona erdi.\n",
        }
    }
    # removed in the form, the mapping is gone from the file …
    without = _form(WEHRINGHAUSEN, changed)
    without["translations"]["tr"]["programmes"] = []
    removed = merge_saved(changed, _decap(without), WEHRINGHAUSEN, REPO / "schema")
    assert "programmes" not in yaml.safe_load(removed)["translations"]["tr"]
    # … and the original's entry added again brings back the original file
    again = _form(WEHRINGHAUSEN, removed)
    again["translations"]["tr"]["programmes"] = _form(WEHRINGHAUSEN, text)["translations"]["tr"][
        "programmes"
    ]
    restored = merge_saved(removed, _decap(again), WEHRINGHAUSEN, REPO / "schema")
    original = yaml.safe_load(text)["translations"]["tr"]
    back = yaml.safe_load(restored)["translations"]["tr"]
    assert list(back) == list(original)  # in the model's place again, before `made_from`
    # the same texts (a one-line text comes back plain, without the block's final newline)
    assert back["programmes"] == {
        key: {field: value.strip() for field, value in texts.items()}
        for key, texts in original["programmes"].items()
    }


def test_a_leichte_sprache_summary_goes_where_the_model_has_translations(tmp_path: Path) -> None:
    # the Hagen folder (the city file and the quarters it names) to validate the result
    shutil.copytree(WEHRINGHAUSEN.parent, tmp_path / "quarters" / "hagen")
    path = tmp_path / "quarters" / "hagen" / "wehringhausen.yaml"
    full = WEHRINGHAUSEN.read_text(encoding="utf-8")
    # the shipped file without its translations, and a key after them to see the place
    text = full[: full.index("# Übersetzungen:")]
    untranslated = text.replace("\nlocation:", "\n# Lage\nlocation:", 1)
    data = _form(path, untranslated)
    assert "translations" not in data
    data["translations"] = {"leichte_sprache": {"summary": "Wehringhausen ist ein Stadt·teil."}}
    saved = merge_saved(untranslated, _decap(data), path, tmp_path / "schema")
    german = yaml.safe_load(text)["summary"]
    assert _changed_lines(untranslated, saved) == [
        "+translations:",
        "+  leichte_sprache:",
        "+    summary: Wehringhausen ist ein Stadt·teil.",
        # written from today's German text: the save records which one
        "+    made_from:",
        f'+      summary: "{fingerprint(german)}"',
    ]
    # where the field reference (docs/felder.md) has it: after the quarter's last field
    # before it, and before `sources`, which the form and the reference list last
    lines = saved.splitlines()
    assert lines.index("translations:") == lines.index("sources:") - 5
    assert lines.index("translations:") > lines.index("events:")
    assert "# Lage\nlocation:" in saved  # comments elsewhere untouched
    path.write_text(saved, encoding="utf-8")
    result = load_site(Settings(quarters_dir=tmp_path / "quarters"))
    assert [p for p in result.problems if p.severity is Severity.ERROR] == []


def test_a_new_language_with_a_programme_is_written_in_the_models_order() -> None:
    text = WEHRINGHAUSEN.read_text(encoding="utf-8")
    data = _form(WEHRINGHAUSEN, text)
    data["translations"]["uk"] = {
        "made_from": [{MAPPING_KEY: "summary", MAPPING_VALUE: "85c759ce"}],
        "programmes": [
            {MAPPING_KEY: "soziale-stadt-wehringhausen", "summary": "Програма.", "successor": ""},
            {MAPPING_KEY: "", "summary": "без кода"},  # no id: left out
        ],
        "summary": "Район Гагена.",
        "contacts": [],
    }
    saved = merge_saved(text, _decap(data), WEHRINGHAUSEN, REPO / "schema")
    assert all(line.startswith("+") for line in _changed_lines(text, saved))
    ukrainian = yaml.safe_load(saved)["translations"]["uk"]
    programme = next(
        p for p in yaml.safe_load(text)["programmes"] if p["id"] == "soziale-stadt-wehringhausen"
    )
    assert ukrainian == {
        "summary": "Район Гагена.",
        "programmes": {"soziale-stadt-wehringhausen": {"summary": "Програма."}},
        "made_from": {
            "summary": "85c759ce",  # as the form gave it
            # recorded by the save: the new text has no entry yet
            "programmes.soziale-stadt-wehringhausen.summary": fingerprint(programme["summary"]),
        },
    }
    assert list(yaml.safe_load(saved)["translations"]) == [
        "leichte_sprache",
        "en",
        "tr",
        "ar",
        "uk",
    ]


def test_a_translation_without_its_german_fingerprint_stays_so_unless_the_form_wrote_it() -> None:
    """The save records fingerprints only for texts it wrote; an entry given is kept."""
    text = WEHRINGHAUSEN.read_text(encoding="utf-8")
    old = '      summary: "85c759ce"\n      programmes.soziale-stadt-wehringhausen.summary'
    assert text.count(old) == 3  # English, Turkish and Arabic
    unrecorded = text.replace(old, "      programmes.soziale-stadt-wehringhausen.summary")
    data = _form(WEHRINGHAUSEN, unrecorded)
    data["summary"] = data["summary"] + " Neu."  # the German text changes, not the English
    saved = merge_saved(unrecorded, _decap(data), WEHRINGHAUSEN, REPO / "schema")
    assert [line[:9] for line in _changed_lines(unrecorded, saved)] == ["-summary:", "+summary:"]
    # the English summary written anew in the form: recorded as made from today's text
    data = _form(WEHRINGHAUSEN, saved)
    data["translations"]["en"]["summary"] = "A district of Hagen."
    again = merge_saved(saved, _decap(data), WEHRINGHAUSEN, REPO / "schema")
    english = yaml.safe_load(again)["translations"]["en"]["made_from"]
    assert english["summary"] == fingerprint(yaml.safe_load(saved)["summary"])
    assert "summary" not in yaml.safe_load(again)["translations"]["tr"]["made_from"]


def test_an_updated_fingerprint_keeps_its_quotes() -> None:
    text = WEHRINGHAUSEN.read_text(encoding="utf-8")
    data = _form(WEHRINGHAUSEN, text)
    made_from = data["translations"]["tr"]["made_from"]
    assert made_from[0] == {MAPPING_KEY: "summary", MAPPING_VALUE: "85c759ce"}
    made_from[0][MAPPING_VALUE] = "01234567"  # digits only: a number unless quoted
    saved = merge_saved(text, _decap(data), WEHRINGHAUSEN, REPO / "schema")
    assert _changed_lines(text, saved) == [
        '-      summary: "85c759ce"',
        '+      summary: "01234567"',
    ]


def test_a_save_with_mappings_as_format_js_writes_them_is_merged_alike() -> None:
    """assets/admin/format.js writes the entries back as mappings; the merge takes both."""
    text = WEHRINGHAUSEN.read_text(encoding="utf-8")
    data = _form(WEHRINGHAUSEN, text)
    turkish = data["translations"]["tr"]
    turkish["summary"] = "Hagen’de bir semt."
    for name in ("programmes", "made_from"):
        turkish[name] = yaml.safe_load(text)["translations"]["tr"][name]
    as_mappings = merge_saved(text, _decap(data), WEHRINGHAUSEN, REPO / "schema")
    as_entries = _form(WEHRINGHAUSEN, text)
    as_entries["translations"]["tr"]["summary"] = "Hagen’de bir semt."
    assert as_mappings == merge_saved(text, _decap(as_entries), WEHRINGHAUSEN, REPO / "schema")
    assert len(_changed_lines(text, as_mappings)) == 2
