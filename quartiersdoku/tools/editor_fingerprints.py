"""A translation written in the form records which German text it was made from.

Each translated text has an entry in its translation's `made_from`: the
fingerprint of the German text it translates (core/translations.py). Someone
who writes a new translated text in the form writes it from the German text as
it is now, so a save records that fingerprint for every translated text that
the save added or changed and that has no entry in `made_from` yet. An entry
that exists is never changed here: whether a changed translation now matches
a changed German text is the editor's call (the review list names the new
fingerprint; see docs/redaktion-im-browser.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from ..core.model import Quarter
from ..core.settings import Region, build_date
from ..core.translations import fingerprint, translated_texts

#: The field of a translation that holds the fingerprints.
MADE_FROM = "made_from"


def _text_at(translation: Any, path: str) -> Any:
    """The text at `made_from`'s key `path` (`programmes.<id>.summary`) of a translation."""
    value = translation
    for part in path.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value


def _same_text(before: Any, after: str) -> bool:
    return isinstance(before, str) and before.split() == after.split()


def record_fingerprints(document: CommentedMap, plain: Mapping[str, Any], original: Any) -> None:
    """Add the missing `made_from` entries of texts this save wrote (in place).

    `plain` is `document` as plain Python values, `original` the file's data before the
    save (None for a new file). A quarter that does not validate is left alone: the
    preview names its errors, and its texts cannot be told apart yet.
    """
    if not plain.get("translations"):
        return
    try:
        quarter = Quarter.model_validate(plain, context={"region": Region(), "today": build_date()})
    except ValidationError:
        return
    before = original.get("translations") if isinstance(original, Mapping) else None
    for key, translation in quarter.translations.items():
        node = document["translations"][key]
        earlier = before.get(key) if isinstance(before, Mapping) else None
        for text in translated_texts(quarter, translation):
            if text.german is None or text.path in translation.made_from:
                continue
            if _same_text(_text_at(earlier, text.path), text.text):
                continue  # an old translation without an entry: the review list asks for it
            made_from = node.get(MADE_FROM)
            if not isinstance(made_from, CommentedMap):
                made_from = CommentedMap()
                node[MADE_FROM] = made_from
            made_from[text.path] = DoubleQuotedScalarString(fingerprint(text.german))
