"""Generated pages rendered without Python-Markdown (issue 15, decision 1).

MkDocs gives every page a new `markdown.Markdown` with all extensions and runs the
page's Markdown through it. A generated page, once stashed, is only a skeleton of
headings and placeholders (`pages/skeleton.py`), so :class:`DirectPage` (a `Page`,
set as the file's page in `on_files`, as Material's blog plugin does with its
posts) converts the skeleton itself: the same HTML, heading ids, `page.toc`, title
and anchors. Everything else MkDocs does with a page (front matter, the hooks
`on_page_markdown` and `on_page_content`, the theme, the search plugins) is
unchanged; the stash is restored in `on_page_context` as before. A page that is
not a plain skeleton goes through Python-Markdown (`Page.render`), and the build
counts such pages (`DirectPages.fallbacks`) for its log line.

Only pages outside the navigation get a `DirectPage`: MkDocs takes a page that a
plugin set as it is and would ignore the title `nav:` gives it.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from ..core.logs import log
from ..pages.skeleton import SkeletonConverter


class DirectPages:
    """The converter of one build and how many generated pages it converted."""

    def __init__(self, config: MkDocsConfig) -> None:
        self.converter = SkeletonConverter.for_markdown(
            list(config.markdown_extensions), dict(config.mdx_configs or {})
        )
        self.direct = 0
        self.fallbacks: list[str] = []

    def adopt(self, file: File, config: MkDocsConfig) -> None:
        """Give a generated page outside the navigation a `DirectPage`."""
        if self.converter is not None and file.page is None and not file.inclusion.is_in_nav():
            DirectPage(None, file, config, self)

    def report(self) -> None:
        if self.fallbacks:
            shown = ", ".join(self.fallbacks[:5])
            log.logger.info(
                f"{len(self.fallbacks)} erzeugte Seiten mit Python-Markdown umgewandelt "
                f"(keine reine Gliederung): {shown}"
            )
        log.logger.debug(f"{self.direct} erzeugte Seiten ohne Python-Markdown umgewandelt.")


class DirectPage(Page):
    """A generated page whose skeleton is converted without Python-Markdown."""

    def __init__(
        self, title: str | None, file: File, config: MkDocsConfig, pages: DirectPages
    ) -> None:
        super().__init__(title, file, config)
        self.direct_pages = pages

    def render(self, config: MkDocsConfig, files: Files) -> None:
        converter = self.direct_pages.converter
        converted = (
            converter.convert(self.markdown)
            if converter is not None and self.markdown is not None
            else None
        )
        if converted is None:
            self.direct_pages.fallbacks.append(self.file.src_uri)
            super().render(config, files)
            return
        self.direct_pages.direct += 1
        self.content = converted.html
        self.toc = get_toc(converted.toc_tokens)
        self._title_from_render = converted.title
        self.present_anchor_ids = set(converted.anchor_ids)
