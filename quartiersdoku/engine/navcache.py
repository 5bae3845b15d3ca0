"""Material's navigation rendered once per group of pages that show the same one (issue 15).

The theme renders its primary navigation (`partials/nav.html`, every item of
`nav:` through `partials/nav-item.html`) on every page: about a third of the
theme's time per page. On a page that is not in `nav:` (quarter, city and
directory pages: 1,254 of 1,260 pages at 1,000 quarters) no item is active, so
the navigation depends on the page only through

* the page's language (`page.meta.lang`: the labels of a language version), and
* the relative links, which MkDocs makes from the page's URL: pages in the same
  folder get the same links as long as no item of `nav:` lies below the page.

`NavCache` wraps the theme's template loader: `partials/nav.html` becomes a small
template that renders Material's own `partials/nav.html` (unchanged, under the name
`ORIGINAL`) once per such group and repeats its text for the other pages of the
group. Pages in `nav:`, the 404 page and pages with an item below them render it
as before. Nothing of Material's templates is copied or changed; the output is
the same byte for byte (`tests/test_navcache.py`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jinja2 import BaseLoader, Environment
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

NAV_TEMPLATE = "partials/nav.html"
#: The name under which the wrapped loader serves Material's (or the override's) nav.html.
ORIGINAL = "quartiersdoku-original/partials/nav.html"

_WRAPPER = (
    "{%- set qd_key = quartiersdoku_nav_key(page) -%}"
    "{%- if qd_key is none -%}"
    '{% include "' + ORIGINAL + '" %}'
    "{%- elif quartiersdoku_nav_has(qd_key) -%}"
    "{{ quartiersdoku_nav_get(qd_key) }}"
    "{%- else -%}"
    '{%- set qd_html -%}{% include "' + ORIGINAL + '" %}{%- endset -%}'
    "{{ quartiersdoku_nav_put(qd_key, qd_html) }}"
    "{%- endif -%}"
)


class _NavLoader(BaseLoader):
    """The theme's loader, with `partials/nav.html` served by the caching wrapper."""

    def __init__(self, inner: BaseLoader) -> None:
        self.inner = inner

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str | None, Callable[[], bool] | None]:
        if template == NAV_TEMPLATE:
            return _WRAPPER, None, lambda: True
        if template == ORIGINAL:
            return self.inner.get_source(environment, NAV_TEMPLATE)
        return self.inner.get_source(environment, template)

    def list_templates(self) -> list[str]:
        return self.inner.list_templates()


class NavCache:
    """The navigation's text per (language, folder) of pages outside `nav:`, for one build."""

    def __init__(self, nav: Navigation) -> None:
        self.in_nav = {id(page) for page in nav.pages}
        self.nav_urls = tuple(_urls(nav.items))
        self.texts: dict[tuple[str, str], str] = {}
        self.rendered = 0  # groups whose navigation was rendered
        self.reused = 0  # pages that took their group's text

    def install(self, env: Environment) -> None:
        """Wrap the loader of the theme's environment (on_env, before any page is rendered)."""
        assert env.loader is not None
        env.loader = _NavLoader(env.loader)
        env.globals.update(
            quartiersdoku_nav_key=self.key,
            quartiersdoku_nav_has=self.texts.__contains__,
            quartiersdoku_nav_get=self.get,
            quartiersdoku_nav_put=self.put,
        )

    def key(self, page: Any) -> tuple[str, str] | None:
        """The group of a page whose navigation may be shared; None: render it afresh."""
        if not isinstance(page, Page) or id(page) in self.in_nav:
            return None
        url = page.url
        if any(target.startswith(url) for target in self.nav_urls):
            return None  # an item lies at or below the page: its link differs in the group
        folder = url.rstrip("/").rpartition("/")[0]
        language = str((page.meta or {}).get("lang") or "")
        return language, folder

    def get(self, key: tuple[str, str]) -> str:
        self.reused += 1
        return self.texts[key]

    def put(self, key: tuple[str, str], text: str) -> str:
        self.texts[key] = text
        self.rendered += 1
        return text


def _urls(items: list[Any]) -> list[str]:
    """The URL of every page and link of the navigation, sections included."""
    found: list[str] = []
    for item in items:
        url = getattr(item, "url", None)
        if isinstance(url, str):
            found.append(url)
        found += _urls(getattr(item, "children", None) or [])
    return found
