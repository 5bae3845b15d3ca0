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
    # Keys always stay text (no "on" → True); values follow YAML 1.1, which is why
    # the model asks editors to quote numbers that are really text.
    assert loaded.data == {"on": True, "number": "6.0", "plain": 6.0, "octal": 0o745}


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
