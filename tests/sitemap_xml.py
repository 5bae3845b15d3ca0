"""Reading a built `sitemap.xml` in tests: its pages and their `hreflang` alternates."""

from __future__ import annotations

import xml.etree.ElementTree as ET

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML_NS = "{http://www.w3.org/1999/xhtml}"


def sitemap_entries(xml: str | bytes) -> dict[str, list[tuple[str, str]]]:
    """Each `<loc>` of the sitemap (parsed as XML, so it must be well-formed) with its
    `<xhtml:link rel="alternate">` entries as (hreflang, href), in the file's order."""
    root = ET.fromstring(xml)
    assert root.tag == f"{SITEMAP_NS}urlset", root.tag
    entries: dict[str, list[tuple[str, str]]] = {}
    for entry in root.iter(f"{SITEMAP_NS}url"):
        loc = entry.findtext(f"{SITEMAP_NS}loc")
        assert loc, "a <url> without <loc>"
        assert loc not in entries, f"{loc} is listed twice"
        links = entry.findall(f"{XHTML_NS}link")
        assert all(link.get("rel") == "alternate" for link in links), loc
        entries[loc] = [(str(link.get("hreflang")), str(link.get("href"))) for link in links]
    return entries
