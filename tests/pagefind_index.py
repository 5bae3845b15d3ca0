"""Reading a built Pagefind index in tests: which pages it holds, and their anchors."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

#: Every fragment is gzip-compressed "pagefind_dcd" followed by the page's JSON.
_SIGNATURE = b"pagefind_dcd"


def pagefind_fragments(site: Path) -> dict[str, dict[str, Any]]:
    """URL → fragment (url, meta, anchors, content) of every page in `site/pagefind/`."""
    fragments: dict[str, dict[str, Any]] = {}
    for file in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(file.read_bytes())
        assert data.startswith(_SIGNATURE), file
        fragment = json.loads(data[len(_SIGNATURE) :])
        fragments[fragment["url"]] = fragment
    return fragments
