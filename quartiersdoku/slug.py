"""Readable, stable identifiers from German text."""

from __future__ import annotations

import re
import unicodedata

_REPLACE = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe", "Ü": "ue"}


def slugify(text: str, max_length: int = 80) -> str:
    """`„7. Stadtteilkonferenz“ Wehringhausen` → `7-stadtteilkonferenz-wehringhausen`."""
    for umlaut, plain in _REPLACE.items():
        text = text.replace(umlaut, plain)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return text[:max_length].rstrip("-") or "eintrag"
