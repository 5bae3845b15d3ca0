"""German stemming for Material for MkDocs' built-in search.

Why this module exists
======================

Material builds its lunr.js index in a web worker
(``assets/javascripts/workers/search.<hash>.min.js``) from
``search/search_index.json``. Two things stop German inflected forms from
being found:

1. Material's default search ``pipeline`` (from its language partials) is only
   ``stopWordFilter``. The worker removes every lunr function that is *not* in
   ``config.pipeline`` from both ``builder.pipeline`` (indexing) and
   ``builder.searchPipeline`` (querying), so ``lunr.de.stemmer`` is never
   applied. Configuring the search plugin with
   ``lang: de`` and ``pipeline: [stemmer, stopWordFilter, trimmer]`` keeps
   ``lunr.de``'s trimmer, stop-word filter and stemmer, so the *index* then
   contains stems ("Geschäften" -> ``geschaft``, "Häusern" -> ``haus``,
   "Straße" -> ``strass``). The index is built in the browser from the plain
   text in ``search_index.json``, so nothing has to be done on the Python
   side except setting that configuration; :func:`patch_search_worker`
   verifies it in the built ``search_index.json``.

2. Material's query transformation appends ``*`` to every plain term
   ("Konferenzen" -> ``konferenzen*``). lunr's ``QueryParser`` disables the
   search pipeline for every term that contains ``*``, so query terms are
   never stemmed. With a stemmed index this even makes things worse: the
   unstemmed prefix ``geschäft*`` no longer matches the indexed stem
   ``geschaft``.

The patch
=========

The worker's ``Search#search`` calls ``this.index.search(query)``, which is
lunr's shorthand for ``this.index.query(q => new lunr.QueryParser(query,
q).parse())``. The patch replaces that call by
``this.index.query(__quartiersdokuSearch.query(this.index, query))``: the
same parse, after which every clause that Material turned into a plain
trailing-wildcard term (``konferenzen*``) gets, in addition to the original
prefix clause,

* the stemmed term as an exact clause (``konferenz``), and
* the stemmed term as a prefix clause (``konferenz*``) if the stem differs
  from the typed term.

The stems come from ``index.pipeline`` (lunr's search pipeline, i.e.
``lunr.de.stemmer`` with the configuration above), so the query is stemmed
exactly like the index. The stemmed *prefix* clause matters because the index
holds stems: without it, a partly typed word containing an umlaut or ß
("Geschäftsf" -> ``geschäftsf*``) or a partly typed word whose ending the
stemmer strips from the indexed word ("Konferenzteilnehme" ->
``konferenzteilnehme*`` vs. the indexed ``konferenzteilnehm``) would find
nothing. All clauses are optional (OR), so this only adds matches. lunr adds
the boosts of every clause that matches the same index term, so a word that
matches as prefix *and* stem ranks above one that only matches the stemmed
prefix (e.g. "Häuser": ``haus`` scores 2, ``hausaufgab`` 1); no extra boost
is needed.

Material also analyses which typed terms matched a result (for the
"Fehlend: …" line in the result list and the ``?h=`` highlighting
parameter) by testing whether a matched index term *starts with* the typed
term. With a stemmed index "konferenzen" would be reported as missing on the
page that matched through ``konferenz``. The patch therefore wraps that
analysis (``__quartiersdokuSearch.terms``) and marks a term as found when a
matched index term starts with one of its stems.

Highlighting in the result list is position-based (lunr match metadata) and
keeps working. Highlighting on the target page (feature ``search.highlight``)
is a plain substring match of the typed words in the main bundle and is not
patched: "Geschäft" is highlighted inside "Geschäften", but "Konferenzen" is
not highlighted in a page that only says "Konferenz".

Safety
======

* Every code location is matched with a tight regular expression (minified
  identifiers may differ, the structure may not) that must match exactly
  once; otherwise :class:`SearchPatchError` is raised with a German message
  naming the file and the installed mkdocs-material version. A further
  check-only pattern asserts that Material still appends ``*`` to every
  term, the premise of the patch.
* The helper object is appended to the end of the worker script (before the
  ``sourceMappingURL`` comment), preceded by the marker comment
  :data:`PATCH_MARKER`. Line numbers of the original code therefore stay
  valid; only columns after the patched call on the same (minified) line
  shift, so the shipped source map is slightly off there.
* Idempotence: if the marker is already present the file is left unchanged
  and its path returned (no-op), so calling the function twice on the same
  site folder is safe.
* The search index configuration is checked as well: ``search_index.json``
  must exist and contain ``de`` in ``config.lang`` and ``stemmer`` in
  ``config.pipeline``, otherwise the stemming would silently not happen.
  Call the function *after* Material's search plugin has written the index
  (in a plugin: ``on_post_build`` with ``@event_priority(-100)``; hooks run
  after all plugins anyway).
"""

from __future__ import annotations

import importlib.metadata
import json
import re
from dataclasses import dataclass
from pathlib import Path

from ..core.files import write_atomic
from ..core.problems import QuartiersdokuError

__all__ = [
    "MATERIAL_SEARCH_PLUGIN",
    "PATCH_MARKER",
    "SearchPatchError",
    "patch_search_worker",
]

#: Material's search plugin as a site that searches with lunr lists it under `plugins:` (before
#: `- quartiersdoku:`): the German pipeline this module's patch needs. The default search is
#: Pagefind, and the shipped mkdocs.yml lists no Material search (docs/performance.md).
MATERIAL_SEARCH_PLUGIN = """  - search:
      lang: [de]  # mit arabischen Übersetzungen: [de, ar]
      pipeline: [stemmer, stopWordFilter, trimmer]"""

#: Marker comment written into the patched worker (also the idempotence flag).
PATCH_MARKER = "/* quartiersdoku: german-search-patch v1 */"

#: Location of the worker script relative to the built site folder.
WORKER_GLOB = "assets/javascripts/workers/search.*.min.js"

#: Location of the search index relative to the built site folder.
SEARCH_INDEX = Path("search") / "search_index.json"

_HELPER_NAME = "__quartiersdokuSearch"

# Helper appended to the worker. Plain ES5 functions on purpose: it runs in
# the worker's global scope after Material's bundle (the bundle only calls it
# from message handlers, i.e. after the whole script has been evaluated).
_HELPER_JS = (
    PATCH_MARKER
    + """
/* Adds stemmed query clauses for German search, see quartiersdoku/search/lunr.py */
var __quartiersdokuSearch = (function () {
  "use strict";
  function stems(index, term) {
    return index.pipeline.runString(term).filter(function (stem) {
      return typeof stem === "string" && stem.length > 0;
    });
  }
  function options(clause, wildcard) {
    return {
      fields: clause.fields,
      boost: clause.boost,
      presence: clause.presence,
      usePipeline: false,
      wildcard: wildcard
    };
  }
  return {
    query: function (index, value) {
      return function (query) {
        new lunr.QueryParser(value, query).parse();
        var parsed = query.clauses.slice();
        for (var i = 0; i < parsed.length; i++) {
          var clause = parsed[i];
          /* Only the plain terms to which Material appended "*" */
          if (clause.usePipeline || "editDistance" in clause ||
              !/^[^*]+\\*$/.test(clause.term))
            continue;
          var term = clause.term.slice(0, -1);
          var list = stems(index, term);
          for (var j = 0; j < list.length; j++) {
            query.term(list[j], options(clause, lunr.Query.wildcard.NONE));
            if (list[j] !== term)
              query.term(list[j], options(clause, lunr.Query.wildcard.TRAILING));
          }
        }
      };
    },
    terms: function (index, clauses, keys, result) {
      for (var i = 0; i < clauses.length; i++) {
        var term = clauses[i].term;
        if (result[term] !== false)
          continue;
        var list = stems(index, term);
        for (var k = 0; k < keys.length && result[term] === false; k++)
          for (var j = 0; j < list.length; j++)
            if (keys[k].lastIndexOf(list[j], 0) === 0) {
              result[term] = true;
              break;
            }
      }
      return result;
    }
  };
})();
"""
)

_ID = r"[\w$]+"


@dataclass(frozen=True)
class _Rewrite:
    """One exact code location in the minified worker."""

    description: str
    pattern: re.Pattern[str]
    replacement: str | None  # None: only assert that the pattern is present


# Material (src/.../integrations/search/_/index.ts, Search#search):
#   const clauses = parseSearchQuery(query).filter(clause => (
#     clause.presence !== lunr.Query.presence.PROHIBITED))
#   const groups = this.index.search(query)
#     .reduce((item, { ref, score, matchData }) => {
#       let doc = this.map.get(ref) ... shallow copy ...
#       const terms = getSearchQueryTerms(clauses, Object.keys(matchData.metadata))
# minified in 9.8.1 as
#   let r=le(e).filter(s=>s.presence!==lunr.Query.presence.PROHIBITED),
#   n=this.index.search(e).reduce((s,{ref:o,score:a,matchData:u})=>{
#   let c=this.map.get(o);if(...){...;let f=he(r,Object.keys(u.metadata));
_SEARCH_CALL = _Rewrite(
    description="Aufruf von this.index.search(…) in Search#search",
    pattern=re.compile(
        rf"(?P<clauses>{_ID})=(?P<parse>{_ID})\((?P<query>{_ID})\)"
        rf"\.filter\((?P<c>{_ID})=>(?P=c)\.presence!==lunr\.Query\.presence"
        r"\.PROHIBITED\),"
        rf"(?P<groups>{_ID})=this\.index\.search\((?P=query)\)"
        rf"\.reduce\(\((?P<acc>{_ID}),\{{ref:(?P<ref>{_ID}),"
        rf"score:(?P<score>{_ID}),matchData:(?P<md>{_ID})\}}\)=>\{{"
        r"(?P<body>[^;]{1,120};if\([^;]{1,160};let )"
        rf"(?P<terms>{_ID})=(?P<analyse>{_ID})\((?P=clauses),"
        r"Object\.keys\((?P=md)\.metadata\)\)"
    ),
    replacement=(
        r"\g<clauses>=\g<parse>(\g<query>)"
        r".filter(\g<c>=>\g<c>.presence!==lunr.Query.presence.PROHIBITED),"
        rf"\g<groups>=this.index.query({_HELPER_NAME}.query(this.index,\g<query>))"
        r".reduce((\g<acc>,{ref:\g<ref>,score:\g<score>,matchData:\g<md>})=>{"
        r"\g<body>"
        rf"\g<terms>={_HELPER_NAME}.terms(this.index,\g<clauses>,"
        r"Object.keys(\g<md>.metadata),"
        r"\g<analyse>(\g<clauses>,Object.keys(\g<md>.metadata)))"
    ),
)

# Premise of the patch (src/.../search/query/transform/index.ts): Material
# appends "*" to every term without modifier:
#   .map(term => /(^[+-]|[~^]\d+$)/.test(term) ? term : `${term}*`)
_WILDCARD_APPEND = _Rewrite(
    description="Anhängen von „*“ an jeden Suchbegriff (transform)",
    pattern=re.compile(
        rf"\.map\((?P<t>{_ID})=>/\(\^\[\+-\]\|\[~\^\]\\d\+\$\)/"
        r"\.test\((?P=t)\)\?(?P=t):`\$\{(?P=t)\}\*`\)"
    ),
    replacement=None,
)

_REWRITES: tuple[_Rewrite, ...] = (_WILDCARD_APPEND, _SEARCH_CALL)

_SOURCE_MAP_COMMENT = re.compile(r"^//# sourceMappingURL=.*$", re.MULTILINE)


class SearchPatchError(QuartiersdokuError):
    """The German search fix cannot be applied to the built site."""


def _material_version() -> str:
    try:
        return importlib.metadata.version("mkdocs-material")
    except importlib.metadata.PackageNotFoundError:
        return "unbekannt"


def _changed_worker_error(worker: Path, detail: str) -> SearchPatchError:
    return SearchPatchError(
        "Das Such-Skript von Material for MkDocs hat sich geändert "
        f"(mkdocs-material {_material_version()}, Datei {worker}): {detail}. "
        "Die Korrektur für die deutsche Suche (Stammformen wie "
        "„Konferenzen“ → „Konferenz“) greift nicht mehr. "
        "Bitte quartiersdoku/search/lunr.py an die neue Version anpassen "
        "oder die bisherige mkdocs-material-Version verwenden."
    )


def _find_worker(site_dir: Path) -> Path:
    workers = sorted(site_dir.glob(WORKER_GLOB))
    if len(workers) != 1:
        found = ", ".join(str(w) for w in workers) or "keine"
        raise SearchPatchError(
            "Das Such-Skript von Material for MkDocs "
            f"(mkdocs-material {_material_version()}) wurde nicht eindeutig "
            f"gefunden: erwartet genau eine Datei {site_dir / WORKER_GLOB}, "
            f"gefunden: {found}. Die Korrektur für die deutsche Suche "
            "greift nicht."
        )
    return workers[0]


def _check_search_index(site_dir: Path) -> None:
    """Fail unless the built index is configured for German stemming."""
    index_file = site_dir / SEARCH_INDEX
    hint = (
        "In mkdocs.yml muss das Such-Plugin so eingestellt sein: "
        "„- search: {lang: de, pipeline: [stemmer, stopWordFilter, trimmer]}“"
    )
    try:
        data = json.loads(index_file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SearchPatchError(
            f"Der Suchindex {index_file} fehlt. Ist das Such-Plugin aktiv und "
            "läuft die Korrektur der deutschen Suche erst nach ihm? " + hint
        ) from None
    except (OSError, ValueError) as exc:
        raise SearchPatchError(f"Der Suchindex {index_file} ist nicht lesbar: {exc}") from exc
    config = data.get("config") if isinstance(data, dict) else None
    lang = config.get("lang") if isinstance(config, dict) else None
    pipeline = config.get("pipeline") if isinstance(config, dict) else None
    if not isinstance(lang, list) or "de" not in lang:
        raise SearchPatchError(
            f"Der Suchindex {index_file} ist nicht für Deutsch eingerichtet "
            f"(lang: {lang!r}). " + hint
        )
    if not isinstance(pipeline, list) or "stemmer" not in pipeline:
        raise SearchPatchError(
            f"Der Suchindex {index_file} wird ohne Stammformbildung aufgebaut "
            f"(pipeline: {pipeline!r}). " + hint
        )


def _patch_source(source: str, worker: Path) -> str:
    for rewrite in _REWRITES:
        count = len(rewrite.pattern.findall(source))
        if count != 1:
            raise _changed_worker_error(
                worker,
                f"die Stelle „{rewrite.description}“ wurde {count}-mal statt genau einmal gefunden",
            )
        if rewrite.replacement is not None:
            source = rewrite.pattern.sub(rewrite.replacement, source, count=1)

    helper = "\n" + _HELPER_JS
    source_map = _SOURCE_MAP_COMMENT.search(source)
    if source_map is None:
        return source.rstrip("\n") + helper
    head = source[: source_map.start()].rstrip("\n")
    return head + helper + source[source_map.start() :]


def patch_search_worker(site_dir: Path) -> Path:
    """Patch the search worker of a built site for German stemming.

    ``site_dir`` is the built site folder (``config.site_dir``). Returns the
    path of the worker script. Raises :class:`SearchPatchError` (German
    message) if the worker or the search index is missing, the index is not
    configured for German stemming, or the worker code no longer looks as
    expected. Calling it again on an already patched worker is a no-op (the
    worker is recognised by :data:`PATCH_MARKER`).
    """
    site_dir = Path(site_dir)
    _check_search_index(site_dir)
    worker = _find_worker(site_dir)
    with worker.open(encoding="utf-8", newline="") as handle:
        source = handle.read()
    if PATCH_MARKER in source:
        return worker
    write_atomic(worker, _patch_source(source, worker))
    return worker
