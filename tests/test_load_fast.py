"""The loader's fast loop gives exactly what the precise loop gives, or gives up.

`load._build_fast` reads clean files; `load._build` reads everything and is the
only source of error messages. For every file the fast loop accepts, data (with
types), value positions and key positions (with their order) must be identical.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from quartiersdoku.core import load
from quartiersdoku.core.load import LoadedFile

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = sorted((ROOT / "quarters").rglob("*.yaml"))
FIXTURES = sorted(
    p for p in (ROOT / "tests" / "fixtures").rglob("*") if p.suffix in {".yaml", ".yml"}
)


def _same(a: Any, b: Any) -> bool:
    """Equal values of equal types (True is not 1, NaN is NaN), dict order included."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)


def _compare(text: str) -> bool:
    """Check both loops on `text`; True if the fast loop accepted it."""
    precise = LoadedFile(Path("q.yaml"), None)
    try:
        load._build(text, precise)
    except (load._Abort, yaml.YAMLError):
        assert load._build_fast(text) is None, "the fast loop accepted a file the precise refuses"
        return False
    fast = load._build_fast(text)
    if fast is None:
        return False
    data, values, keys = fast
    assert _same(data, precise.data)
    assert list(values.items()) == list(precise.values.items())
    assert list(keys.items()) == list(precise.keys.items())
    return True


def _text(path: Path) -> str | None:
    """The text `load_file` would parse, or None if it stops before parsing."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    if "\x00" in text or load._tab_indentation(path, text):
        return None
    return text


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_shipped_quarters_take_the_fast_loop_with_identical_results(path: Path) -> None:
    text = _text(path)
    assert text is not None
    assert _compare(text), "a shipped file should not need the precise loop"


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_fixtures_give_identical_results_or_fall_back(path: Path) -> None:
    text = _text(path)
    if text is not None:
        _compare(text)


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_load_file_is_the_same_without_the_fast_loop(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_fast = load.load_file(path)
    monkeypatch.setattr(load, "_build_fast", lambda text: None)
    precise = load.load_file(path)
    assert with_fast.problems == precise.problems
    assert _same(with_fast.data, precise.data)
    assert with_fast.values == precise.values
    assert with_fast.keys == precise.keys


# Plain scalars YAML 1.1 gives a type to, and some it refuses or keeps as text.
TOKENS = [
    *("yes", "No", "ON", "off", "y", "n", "True", "FALSE", "~", "null", "Null", ""),
    *("0", "-0", "+12", "017", "0o17", "0x1F", "0b101", "1_000", "1:30", "190:20:30"),
    *("6.0", "1e3", "1.5e+3", "6.", ".5", ".inf", "-.Inf", ".NaN", "1_0.5", "9" * 30),
    *("2023-02-28", "2023-02-30", "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10"),
    *("2011-1-1", "Ende 2023", "Frühjahr 2011", "Straße", "text with: colon", "a # b"),
    *("'quoted'", "'yes'", '"dq \\u00e4"', '"2023-02-28"', "|\n  block\n", ">-\n  folded\n"),
    *("=", "<<", "!!str 5", "!!int 5", "! tagged", "!!python/name:os.system", "&a x", "*a"),
    *("- x", "[1, 2]", "{a: 1}", "[]", "{}", "? k", "--- x", "@at", "%x", "`b`"),
]
KEYS = ["a", "b", "on", "1", "null", "<<", "'<<'", '"x y"', "Ä", "? k", "[k]", "&k a"]

scalars = st.sampled_from(TOKENS)
trees = st.recursive(
    scalars,
    lambda children: st.tuples(
        st.sampled_from(["seq", "map"]),
        st.booleans(),  # flow style
        st.lists(st.tuples(st.sampled_from(KEYS), children), max_size=4),
    ),
    max_leaves=24,
)


def _inline(node: Any) -> str:
    if isinstance(node, str):
        return node
    kind, _, items = node
    if kind == "seq":
        return "[" + ", ".join(_inline(value) for _, value in items) + "]"
    return "{" + ", ".join(f"{key}: {_inline(value)}" for key, value in items) + "}"


def _block(node: Any, indent: int) -> str:
    pad = " " * indent
    if isinstance(node, str) or node[1] or not node[2]:
        return pad + _inline(node) + "\n"
    kind, _, items = node
    out = ""
    for key, value in items:
        lead = pad + ("- " if kind == "seq" else f"{key}: ")
        if isinstance(value, str) or value[1] or not value[2]:
            out += lead + _inline(value) + "\n"
        else:
            out += lead.rstrip() + "\n" + _block(value, indent + 2)
    return out


@given(trees)
def test_fast_and_precise_agree_on_generated_yaml(tree: Any) -> None:
    _compare(_block(tree, 0))


@given(trees, st.integers(min_value=1, max_value=6), st.integers(min_value=1, max_value=40))
def test_fast_and_precise_agree_at_the_limits(tree: Any, depth: int, nodes: int) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(load, "MAX_DEPTH", depth)
        patch.setattr(load, "MAX_NODES", nodes)
        _compare(_block(tree, 0))


@pytest.mark.parametrize(
    "text",
    [
        "",
        "# only a comment\n",
        "---\n",
        "--- x\n...\n",
        "x\n",
        "- 1\n- [2, {a: b}]\n-\n- - c\n",
        "a:\n- 1\n- 2\nb: {}\nc: []\nd:\n",
        "? a\n: 1\n? b\n",
        "1: x\ntrue: y\nnull: z\n'': e\n",
        "a: ! 5\nb: !!str 5\n",
        "a: &x 1\n",
        "a: 1\na: 2\n",
        "a:\n  <<: {b: 1}\n",
        "'<<': 1\n",
        "a: =\n",
        "a: [[[[[[[[]]]]]]]]\n",
        "--- a\n--- b\n",
        "a: 'unclosed\n",
        "d: 2023-02-30\nt: 2001-12-14t21:59:43.10-05:00\nn: .NaN\no: 0o17\n",
        "t: 20:00\nu: 9:30\nv: 1:30.5\nw: -190:20:30\nx: 09:00\n",
    ],
)
def test_fast_and_precise_agree_on_edge_cases(text: str) -> None:
    _compare(text)


@pytest.mark.parametrize(
    ("text", "word", "where"),
    [
        ("&k a: 1\n", "Anker", (1, 1, "")),
        ("b:\n  *a : 1\n", "Verweise", (2, 3, "b")),
        ("? k: yes\n", "Feldname", (1, 3, "")),
    ],
)
def test_anchor_alias_or_mapping_as_a_key_is_a_problem_not_a_crash(
    tmp_path: Path, text: str, word: str, where: tuple[int, int, str]
) -> None:
    path = tmp_path / "q.yaml"
    path.write_text(text, encoding="utf-8")
    loaded = load.load_file(path)
    assert loaded.data is None
    [problem] = loaded.problems
    assert word in problem.message
    assert (problem.line, problem.column, problem.field) == where
