"""The options of the `quartiersdoku` plugin in `mkdocs.yml`, as MkDocs' typed `Config`.

`core/config.py` reads the same options without MkDocs (for the command line);
`core/settings.settings_from_options` makes the core's settings from either.
"""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

#: Quarters from which `search: auto` means Pagefind: Material's index then costs every page
#: view more than Pagefind costs a first query (docs/performance.md). The default search is
#: Pagefind whatever the size; `auto` is for sites that choose it.
PAGEFIND_FROM = 50


class RegionConfig(base.Config):
    name = c.Type(str, default="Deutschland")
    south = c.Type(float, default=47.2)
    west = c.Type(float, default=5.8)
    north = c.Type(float, default=55.1)
    east = c.Type(float, default=15.1)


class ExportConfig(base.Config):
    domain = c.Type(str, default="")
    licence = c.Type(str, default="")
    licence_url = c.Type(str, default="")


class QuartiersdokuConfig(base.Config):
    quarters_dir = c.Type(str, default="quarters")
    templates_dir = c.Type(str, default="templates")
    region = c.SubConfig(RegionConfig)
    operator = c.Type(dict, default={})
    export = c.SubConfig(ExportConfig)
    # Tile provider of the maps (see docs/karten.md); OpenStreetMap when empty.
    tiles = c.Type(dict, default={})
    # Rows per page of the directories (Anlaufstellen, Termine, …); see docs/performance.md.
    directory_page_size = c.Type(int, default=100)
    # Above this many quarters the start page and the quarter index list cities (each with
    # a page of its quarters) instead of every quarter (docs/performance.md).
    overview_limit = c.Type(int, default=300)
    # The site's search (docs/performance.md): Pagefind (default: nothing of it loads before a
    # query), Material's lunr search (its index loads with every page; Material's `search`
    # plugin must be listed), or "auto": Pagefind from `pagefind_from` quarters (quarter files
    # in quarters_dir) on, lunr below.
    search = c.Choice(("lunr", "pagefind", "auto"), default="pagefind")
    pagefind_from = c.Type(int, default=PAGEFIND_FROM)
    # After how many months a quarter's `reviewed` date is too old (a note on its page).
    review_after_months = c.Type(int, default=12)
    # The form editor under /admin/ (docs/redaktion-im-browser.md): off by default, always in
    # the preview; `editor_backend` is Decap's `backend` (GitLab, GitHub) for the public site.
    editor = c.Type(bool, default=False)
    editor_backend = c.Type(dict, default={})
