"""The live preview's error notice: what `mkdocs serve` shows while a file is broken.

After a failed rebuild MkDocs' development server holds every page request
until a build succeeds: the browser shows nothing. So in the preview (and only
there) a file with errors does not fail the build. The plugin keeps the data of
the last good build, builds the site from it, prints the problems in the
terminal and puts a notice on top of every page naming each one (file, line,
column, field, message). The livereload script MkDocs adds to every page reloads
it after each build, so the notice appears within seconds of saving and goes
away with the first good build.

The preview also shows how many entries the editors' review list has
(`quartiersdoku pruefen`), with a link to it as a page of the preview
(:mod:`review_page`, `/pruefliste/`): a line of its own (`REVIEW_ID`) below the
error notice, which is never published either.

`mkdocs build` and `quartiersdoku build` never see any of this: the preview is
switched on only by `on_startup(command="serve")`.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup, escape

from ..core.german import german_number
from ..core.messages import field_title
from ..core.model import City, Quarter
from ..core.problems import Problem, below, tagged
from ..core.site import CITY_FILE

#: The flags the preview passes to `mkdocs serve` (`scripts/serve`, `quartiersdoku serve`,
#: the benchmark): a warning never holds the preview back, and only changed pages are built
#: (engine/incremental.py). tests/test_serve_incremental.py checks scripts/serve against it.
SERVE_FLAGS = ("--no-strict", "--dirty")

#: At most this many problems are listed on the page; the terminal shows all.
SHOWN = 25
NOTICE_ID = "qd-preview-notice"
REVIEW_ID = "qd-preview-pruefliste"

_STYLE = Markup(
    "<style>"
    f"#{NOTICE_ID}{{position:relative;z-index:10;margin:0;padding:.8rem 1.2rem;"
    "background:#fff4ce;color:#1a1a1a;border-bottom:.3rem solid #b3261e;"
    "font-size:.8rem;line-height:1.5}"
    f"#{NOTICE_ID} p{{margin:0 0 .4rem}}"
    f"#{NOTICE_ID} ul{{margin:0 0 .4rem 1.2rem;padding:0}}"
    f"#{NOTICE_ID} code{{background:#0000000f;color:inherit;padding:0 .2em}}"
    "</style>"
)
_BODY_RE = re.compile(r"<body\b[^>]*>", re.IGNORECASE)
_REVIEW_STYLE = Markup(
    "<style>"
    f"#{REVIEW_ID}{{position:relative;z-index:10;margin:0;padding:.4rem 1.2rem;"
    "background:#e8f0fe;color:#1a1a1a;border-bottom:.2rem solid #1a4f9c;font-size:.8rem}"
    f"#{REVIEW_ID} p{{margin:0}}#{REVIEW_ID} a{{color:#0b3d91;text-decoration:underline}}"
    "</style>"
)


_CODE_SPAN = re.compile(r"`([^`\n]+)`")


def message_html(message: str) -> Markup:
    """An editor message for a page: escaped, its `field: value` spans as <code>."""
    return Markup(_CODE_SPAN.sub(r"<code>\1</code>", str(escape(message))))


def more_hints(count: int) -> str:
    """„1 weiterer Hinweis“, „1.237 weitere Hinweise“."""
    return f"{german_number(count)} weitere{'r' if count == 1 else ''} Hinweis{'e' if count != 1 else ''}"


# The notice holds paragraphs and a list, never a <div>: the first </div> ends it.
_NOTICE_RE = re.compile(rf'<div id="{NOTICE_ID}"[^>]*>.*?</div>', re.DOTALL)
_REVIEW_RE = re.compile(rf'<div id="{REVIEW_ID}"[^>]*>.*?</div>', re.DOTALL)


@dataclass
class Preview:
    """The state of the preview across the rebuilds of one `mkdocs serve`."""

    active: bool = False
    errors: list[Problem] = field(default_factory=list)
    root: Path = field(default_factory=Path.cwd)
    #: Entries of the review list at the last good build, and where its page is.
    review_count: int = 0
    #: The other hints of that build (placeholders, file names, …), below the list.
    other_count: int = 0
    review_href: str = "/pruefliste/"
    #: Whether a build of this preview has passed: else there is no last good state to show
    #: (the preview started with a broken file) and its pages hold no quarter.
    had_good_build: bool = False

    def failed(self, errors: Sequence[Problem], root: Path) -> None:
        """Files have errors: remember them for the notice and say so in the terminal."""
        self.errors, self.root = list(errors), root
        files = len({p.path for p in self.errors})
        state = (
            "Die Vorschau zeigt den letzten fehlerfreien Stand, bis diese Fehler behoben sind:"
            if self.had_good_build
            else "Beim Start der Vorschau gab es noch keinen fehlerfreien Stand: bis diese "
            "Fehler behoben sind, zeigt sie keine Quartiere."
        )
        lines = [
            "FEHLER  -  " + tagged(state),
            *(f"  {p.format(root)}" for p in self.errors),
            f"  {len(self.errors)} Fehler in {files} Datei{'en' if files != 1 else ''}.",
        ]
        print("\n".join(lines), file=sys.stderr, flush=True)

    def passed(self) -> None:
        """A good build: the notice goes away."""
        self.had_good_build = True
        if self.errors:
            print(
                "INFO    -  " + tagged("Die Fehler sind behoben; die Vorschau ist wieder aktuell."),
                file=sys.stderr,
                flush=True,
            )
        self.errors = []

    def notice(self) -> Markup:
        """What the preview puts on top of every page: the errors, the review list's count."""
        return self.error_notice() + self.review_notice()

    def review_notice(self) -> Markup:
        """„Prüfliste: 4 Einträge“ (and the other hints), linked to the list (empty outside
        the preview)."""
        if not self.active or not (self.review_count or self.other_count):
            return Markup("")
        count = self.review_count
        entries = f"{german_number(count)} Eintr{'äge' if count != 1 else 'ag'}"
        if self.other_count:
            entries += f" und {more_hints(self.other_count)}"
        return Markup(
            '<div id="{id}" role="status"><p>Vorschau: <a href="{href}">Prüfliste: {entries}'
            "</a>, die die Redaktion prüfen sollte. Nur in der Vorschau sichtbar.</p></div>"
        ).format(id=REVIEW_ID, href=self.review_href, entries=entries)

    def error_notice(self) -> Markup:
        """The notice of the errors (empty when all is well)."""
        if not self.active or not self.errors:
            return Markup("")
        files = len({p.path for p in self.errors})
        items = Markup("").join(self._item(p) for p in self.errors[:SHOWN])
        more = len(self.errors) - SHOWN
        if more > 0:
            items += Markup("<li>… und {} weitere (alle im Terminal)</li>").format(more)
        return Markup(
            '<div id="{id}" role="alert" aria-labelledby="{id}-title">'
            '<p id="{id}-title"><strong>Vorschau: {count} Fehler in {files} Datei{plural}.</strong> '
            "{state} Sobald die Datei korrigiert und gespeichert ist, aktualisiert sie sich "
            "von selbst.</p>"
            "<ul>{items}</ul>"
            "<p>Dieser Hinweis erscheint nur in der Vorschau, nie auf der veröffentlichten "
            "Website.</p></div>"
        ).format(
            id=NOTICE_ID,
            count=len(self.errors),
            files=files,
            plural="en" if files != 1 else "",
            items=items,
            state=(
                "Diese Seite zeigt den letzten fehlerfreien Stand."
                if self.had_good_build
                else "Beim Start der Vorschau gab es noch keinen fehlerfreien Stand: bis die "
                "Fehler behoben sind, fehlen alle Quartiere."
            ),
        )

    def _item(self, problem: Problem) -> Markup:
        shown = below(problem.path, self.root) or problem.path
        place = Markup("<code>{}</code>, Zeile {}, Spalte {}").format(
            shown.as_posix(), problem.line, problem.column
        )
        if problem.field:
            # The field's German title too, as the form editor labels it (/admin/).
            model = City if problem.path.name == CITY_FILE else Quarter
            title = field_title(model, problem.field)
            place += Markup(", Feld <code>{}</code>").format(problem.field)
            if title:
                place += Markup(" ({})").format(title)
        return Markup("<li>{}: {}</li>").format(place, message_html(problem.message))

    def undecorate(self, html: str) -> str:
        """`html` without a notice and its style (a page kept from an earlier build)."""
        html = _NOTICE_RE.sub("", html, count=1).replace(str(_STYLE), "", 1)
        return _REVIEW_RE.sub("", html, count=1).replace(str(_REVIEW_STYLE), "", 1)

    def decorate(self, html: str) -> str:
        """`html` with the notice after `<body>` and its style in `<head>`, if there is one."""
        # Plain strings from here: `str + Markup` would escape the page.
        notice = str(self.notice())
        body = _BODY_RE.search(html)
        if not notice or body is None:
            return html
        html = html[: body.end()] + notice + html[body.end() :]
        style = (str(_STYLE) if self.error_notice() else "") + (
            str(_REVIEW_STYLE) if self.review_notice() else ""
        )
        head_end = html.lower().find("</head>")
        if head_end != -1:
            html = html[:head_end] + style + html[head_end:]
        return html
