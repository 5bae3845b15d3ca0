"""The YAML loader: positions, safety limits, scalars it keeps as text."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from quartiersdoku.core import load
from quartiersdoku.core.load import Position, load_file


def _write(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "q.yaml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_positions_of_keys_and_values_are_one_based(tmp_path: Path) -> None:
    loaded = load_file(_write(tmp_path, "name: A\nevents:\n  - title: B\n    start: 2022-03-26\n"))
    assert loaded.problems == []
    assert loaded.data == {"name": "A", "events": [{"title": "B", "start": date(2022, 3, 26)}]}
    assert loaded.values[("name",)] == Position(1, 7)
    assert loaded.keys[("events", 0, "start")] == Position(4, 5)
    assert loaded.values[("events", 0, "start")] == Position(4, 12)
    # A missing child resolves to its nearest existing ancestor.
    assert loaded.position(("events", 0, "venue", "name")) == Position(3, 5)


def test_yaml_1_1_surprises_stay_visible(tmp_path: Path) -> None:
    loaded = load_file(_write(tmp_path, "on: yes\nnumber: '6.0'\nplain: 6.0\noctal: 0745\n"))
    # Keys always stay text (no "on" → True); values follow YAML 1.1 (but for its base-60
    # numbers, below), which is why the model asks editors to quote numbers that are
    # really text.
    assert loaded.data == {"on": True, "number": "6.0", "plain": 6.0, "octal": 0o745}


@pytest.mark.parametrize("fast", [True, False], ids=["fast", "precise"])
def test_times_and_ratios_stay_text_as_in_yaml_1_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fast: bool
) -> None:
    """YAML 1.1's base-60 numbers are gone: `20:00` was 1200, a fact's `1:30` was 90."""
    if not fast:
        monkeypatch.setattr(load, "_build_fast", lambda text: None)
    text = "end: 20:00\nstart: 9:30\nvalue: 1:30\nf: 1:30.5\nlong: 190:20:30\nn: -1:00\nk: 09:00\n"
    loaded = load_file(_write(tmp_path, text))
    assert loaded.problems == []
    assert loaded.data == {
        "end": "20:00",
        "start": "9:30",
        "value": "1:30",
        "f": "1:30.5",
        "long": "190:20:30",
        "n": "-1:00",
        "k": "09:00",  # text before too: a leading zero was never base 60
    }
    # Everything else reads as before: numbers, dates, date-times.
    other = load_file(_write(tmp_path, "i: 1_000\nx: 0x1F\nd: 2027-02-10\nt: 2027-02-10 20:00\n"))
    assert other.data == {"i": 1000, "x": 31, "d": date(2027, 2, 10), "t": "2027-02-10 20:00"}


def test_load_yaml_reads_as_the_loader_does() -> None:
    assert load.load_yaml("a: 20:00\nb: 1.5\nc: 2027-02-10\n") == {
        "a": "20:00",
        "b": 1.5,
        "c": date(2027, 2, 10),
    }


def test_impossible_date_is_kept_as_text_for_the_model(tmp_path: Path) -> None:
    loaded = load_file(_write(tmp_path, "d: 2023-02-30\n"))
    assert loaded.data == {"d": "2023-02-30"}


def test_oversized_file_is_refused_without_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(load, "MAX_BYTES", 100)
    loaded = load_file(_write(tmp_path, "name: " + "x" * 200 + "\n"))
    assert loaded.data is None
    assert "erlaubt sind höchstens" in loaded.problems[0].message


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    text = "a: " + "[" * 100 + "]" * 100 + "\n"
    loaded = load_file(_write(tmp_path, text))
    assert "verschachtelt" in loaded.problems[0].message


def test_billion_laughs_is_refused_quickly(tmp_path: Path) -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    loaded = load_file(_write(tmp_path, "\n".join(lines) + "\n"))
    assert loaded.data is None
    assert "Anker" in loaded.problems[0].message


def test_too_many_nodes_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(load, "MAX_NODES", 50)
    loaded = load_file(_write(tmp_path, "a: [" + ", ".join(["1"] * 60) + "]\n"))
    assert "mehr als 50 Werte" in loaded.problems[0].message


def test_null_byte_is_refused(tmp_path: Path) -> None:
    loaded = load_file(_write(tmp_path, b"a: 1\nb: \x00\n"))
    assert loaded.problems[0].line == 2


def test_merge_key_is_refused(tmp_path: Path) -> None:
    loaded = load_file(_write(tmp_path, "a:\n  <<: {b: 1}\n"))
    assert "<<" in loaded.problems[0].message
