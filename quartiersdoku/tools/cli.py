"""The `quartiersdoku` command: validate, pruefen, schema, build, serve, new, felder,
editor-config, redaktion.

Domain errors become German messages and an exit status; never a traceback.
Exit status: 0 clean, 1 problems in the files or a failed build, 2 wrong usage.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import NoReturn

from ..core.problems import Problem, Severity, tagged
from ..core.review import review_json, review_line, review_summary
from ..core.settings import Settings, settings_from_options
from ..core.validate import Result, load_site
from .schema import SCHEMA_DIR, stale_schemas, write_schemas

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """argparse with German error output and exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        replacements = {
            "the following arguments are required": "diese Angaben fehlen",
            "unrecognized arguments": "unbekannte Angaben",
            "invalid choice": "unbekannter Befehl",
            "expected one argument": "erwartet einen Wert",
            "argument": "Angabe",
        }
        for english, german in replacements.items():
            message = message.replace(english, german)
        self.exit(EXIT_USAGE, f"{self.prog}: Fehler: {message}\n")


def _add_paths(command: argparse.ArgumentParser) -> None:
    """The files or folders a command looks at (validate, pruefen)."""
    command.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PFAD",
        help="Dateien oder Ordner (Standard: quarters/).",
    )


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="quartiersdoku",
        description="Quartiersdateien prüfen und die Website bauen.",
        add_help=False,
    )
    parser.add_argument("-h", "--help", action="help", help="Diese Hilfe zeigen.")
    parser.add_argument(
        "-f",
        "--config",
        type=Path,
        default=Path("mkdocs.yml"),
        help="Konfigurationsdatei (Standard: mkdocs.yml).",
    )
    commands = parser.add_subparsers(dest="command", metavar="BEFEHL", parser_class=_Parser)
    commands.required = True

    validate = commands.add_parser("validate", help="Quartiersdateien prüfen.", add_help=False)
    validate.add_argument("-h", "--help", action="help", help="Diese Hilfe zeigen.")
    _add_paths(validate)
    validate.add_argument(
        "--strict", action="store_true", help="Auch bei Warnungen mit Status 1 enden."
    )

    schema = commands.add_parser(
        "schema", help="JSON-Schema für Editoren erzeugen.", add_help=False
    )
    schema.add_argument("-h", "--help", action="help", help="Diese Hilfe zeigen.")
    schema.add_argument(
        "--check", action="store_true", help="Nur prüfen, ob die Schema-Dateien aktuell sind."
    )
    schema.add_argument(
        "-o", "--output", type=Path, default=None, help="Zielordner (Standard: schema/)."
    )

    build = commands.add_parser(
        "build", help="Website bauen; das Ziel wird nur bei Erfolg ersetzt.", add_help=False
    )
    build.add_argument("-h", "--help", action="help", help="Diese Hilfe zeigen.")
    build.add_argument(
        "-d", "--site-dir", type=Path, default=None, help="Zielordner (Standard: site/)."
    )
    build.add_argument("--strict", action="store_true", help="Warnungen als Fehler behandeln.")

    serve = commands.add_parser(
        "serve", help="Vorschau mit automatischer Aktualisierung.", add_help=False
    )
    serve.add_argument("-h", "--help", action="help", help="Diese Hilfe zeigen.")
    serve.add_argument(
        "-a",
        "--dev-addr",
        default="127.0.0.1:8000",
        help="Adresse und Port (Standard: 127.0.0.1:8000).",
    )

    pruefen = commands.add_parser(
        "pruefen",
        help="Prüfliste: was die Redaktion prüfen sollte, das Dringendste zuerst.",
        add_help=False,
    )
    pruefen.add_argument("-h", "--help", action="help", help="Diese Hilfe zeigen.")
    _add_paths(pruefen)
    pruefen.add_argument(
        "--json", action="store_true", help="Die Liste als JSON ausgeben (für Dashboards)."
    )

    new = commands.add_parser(
        "new", help="Neue Quartiersdatei aus einer kommentierten Vorlage anlegen.", add_help=False
    )
    new.add_argument("-h", "--help", action="help", help="Diese Hilfe zeigen.")
    new.add_argument("--name", help="Name des Quartiers, z. B. „Wehringhausen“.")
    new.add_argument("--city", help="Stadt oder Gemeinde, z. B. „Hagen“.")

    felder = commands.add_parser(
        "felder", help="Feldreferenz für die Redaktion erzeugen (docs/felder.md).", add_help=False
    )
    felder.add_argument("-h", "--help", action="help", help="Diese Hilfe zeigen.")
    felder.add_argument(
        "--check", action="store_true", help="Nur prüfen, ob die Feldreferenz aktuell ist."
    )
    felder.add_argument(
        "-o", "--output", type=Path, default=None, help="Zieldatei (Standard: docs/felder.md)."
    )

    editor = commands.add_parser(
        "editor-config",
        help="Konfiguration des Redaktionsformulars (/admin/config.yml) aus dem Datenmodell "
        "erzeugen.",
        add_help=False,
    )
    editor.add_argument("-h", "--help", action="help", help="Diese Hilfe zeigen.")
    editor.add_argument(
        "-o", "--output", type=Path, default=None, help="Zieldatei (Standard: Ausgabe im Terminal)."
    )

    redaktion = commands.add_parser(
        "redaktion",
        help="Redaktionsformular und Vorschau auf diesem Rechner starten (Ende mit Strg+C).",
        add_help=False,
    )
    redaktion.add_argument("-h", "--help", action="help", help="Diese Hilfe zeigen.")
    redaktion.add_argument(
        "-a",
        "--dev-addr",
        default="127.0.0.1:8000",
        help="Adresse und Port der Vorschau (Standard: 127.0.0.1:8000).",
    )
    redaktion.add_argument(
        "--port",
        type=int,
        default=8081,
        help="Port, über den das Formular die Dateien liest und speichert (Standard: 8081).",
    )
    return parser


def _project_root(config: Path) -> Path:
    return config.resolve().parent


def _settings(config: Path) -> Settings:
    """Settings from the plugin's options in mkdocs.yml (without running MkDocs)."""
    from ..core.config import read_plugin_options

    options = read_plugin_options(config) if config.exists() else {}
    return settings_from_options(_project_root(config), options)


def _print_problems(problems: Sequence[Problem], root: Path) -> None:
    for problem in problems:
        print(problem.format(root), file=sys.stderr)


def _collect_paths(paths: Sequence[Path]) -> list[Path] | None:
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                p for p in path.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()
            )
        elif path.is_file():
            found.append(path)
        else:
            print(tagged(f"Fehler: „{path}“ gibt es nicht."), file=sys.stderr)
            return None
    return found


def _load(args: argparse.Namespace) -> tuple[Result, set[Path] | None, int] | int:
    """The project loaded for `validate` and `pruefen`: the result, the files asked for
    (None: all) and how many files were checked; or an exit status for wrong usage."""
    settings = _settings(args.config)
    if args.paths:
        paths = _collect_paths(args.paths)
        if paths is None:
            return EXIT_USAGE
        # Cross-file references need the whole project: load it all, report on the files asked for.
        asked = {p.resolve() for p in paths}
        if not any(p.is_relative_to(settings.quarters_dir.resolve()) for p in asked):
            # Files outside this project: check them as a folder of their own.
            first = args.paths[0].resolve()
            settings = replace(settings, quarters_dir=first if first.is_dir() else first.parent)
        result = load_site(
            settings,
            [
                *_all(settings),
                *(p for p in asked if not p.is_relative_to(settings.quarters_dir.resolve())),
            ],
        )
        return result, asked, len(asked)
    if not settings.quarters_dir.is_dir():
        print(
            tagged(f"Fehler: Den Ordner „{settings.quarters_dir}“ gibt es nicht."),
            file=sys.stderr,
        )
        return EXIT_USAGE
    return load_site(settings), None, len(_all(settings))


def _files(count: int) -> str:
    return f"{count} Datei{'en' if count != 1 else ''}"


def cmd_validate(args: argparse.Namespace) -> int:
    loaded = _load(args)
    if isinstance(loaded, int):
        return loaded
    result, asked, checked = loaded
    problems = [p for p in result.problems if asked is None or p.path.resolve() in asked]
    _print_problems(problems, Path.cwd())
    errors = [p for p in problems if p.severity is Severity.ERROR]
    warnings = len(problems) - len(errors)
    files = len({p.path for p in errors})
    if errors:
        print(f"{len(errors)} Fehler in {files} von {_files(checked)}.", file=sys.stderr)
        return EXIT_PROBLEMS
    summary = f"{_files(checked)} geprüft: keine Fehler"
    said = f"{warnings} Warnung{'en' if warnings != 1 else ''}"
    print(summary + (f", {said}." if warnings else "."), file=sys.stderr)
    return EXIT_PROBLEMS if (warnings and args.strict) else EXIT_OK


def cmd_pruefen(args: argparse.Namespace) -> int:
    """The review list: what needs an editor's attention on the build date. Advice: exit 0."""
    loaded = _load(args)
    if isinstance(loaded, int):
        return loaded
    result, asked, _ = loaded
    root = Path.cwd()
    errors = [p for p in result.errors if asked is None or p.path.resolve() in asked]
    if result.errors:
        # Without valid files there is no list; the errors say why (all of them, as validate).
        _print_problems(errors or result.errors, root)
        print(
            f"{len(result.errors)} Fehler: Die Prüfliste entsteht erst, wenn die Dateien "
            "fehlerfrei sind (`quartiersdoku validate`).",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    advice = [a for a in result.advice if asked is None or a.problem.path.resolve() in asked]
    if args.json:
        json.dump(
            review_json(advice, result.site.today, root), sys.stdout, ensure_ascii=False, indent=2
        )
        print()
    else:
        for entry in advice:
            print(review_line(entry, root))
    print(review_summary(len(advice)), file=sys.stderr)
    return EXIT_OK


def _all(settings: Settings) -> list[Path]:
    from ..core.validate import discover

    return discover(settings.quarters_dir) if settings.quarters_dir.is_dir() else []


def cmd_schema(args: argparse.Namespace) -> int:
    target = args.output or (_project_root(args.config) / SCHEMA_DIR)
    if args.check:
        stale = stale_schemas(target)
        for path in stale:
            print(
                f"{path}: veraltet. Hinweis: `quartiersdoku schema` erzeugt es neu.",
                file=sys.stderr,
            )
        return EXIT_PROBLEMS if stale else EXIT_OK
    for path in write_schemas(target):
        print(f"geschrieben: {path}", file=sys.stderr)
    return EXIT_OK


def cmd_build(args: argparse.Namespace) -> int:
    from ..engine.build import BuildFailed, build_atomically

    try:
        target = build_atomically(args.config, args.site_dir, strict=args.strict)
    except BuildFailed as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"Website gebaut: {target}", file=sys.stderr)
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    """Exactly what `scripts/serve` runs: `mkdocs serve` with the preview's flags."""
    from ..preview.notice import SERVE_FLAGS

    command = [sys.executable, "-m", "mkdocs", "serve", *SERVE_FLAGS]
    command += ["-f", str(args.config), "-a", args.dev_addr]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    try:
        return subprocess.call(command, env=env)
    except KeyboardInterrupt:
        return EXIT_OK


def _ask(prompt: str, given: str | None) -> str | None:
    """`given`, or the answer to `prompt` when stdin is a terminal; None without one."""
    if given is not None:
        return given
    if not sys.stdin.isatty():
        return None
    return input(prompt)


def cmd_new(args: argparse.Namespace) -> int:
    from .new import AlreadyExists, NewFileError, create_quarter

    settings = _settings(args.config)
    if not settings.quarters_dir.is_dir():
        print(
            f"quartiersdoku new: Fehler: Den Ordner „{settings.quarters_dir}“ gibt es nicht. "
            "Hinweis: Rufen Sie den Befehl im Projektordner auf, dort wo mkdocs.yml liegt.",
            file=sys.stderr,
        )
        return EXIT_USAGE
    try:
        name = _ask("Name des Quartiers: ", args.name)
        city = _ask("Stadt oder Gemeinde: ", args.city) if name is not None else None
    except (EOFError, KeyboardInterrupt):
        print("\nquartiersdoku new: abgebrochen, es wurde nichts angelegt.", file=sys.stderr)
        return EXIT_USAGE
    if name is None or city is None:
        print(
            "quartiersdoku new: Fehler: Name und Stadt fehlen, und ohne Terminal kann nicht "
            "nachgefragt werden. Hinweis: quartiersdoku new --name Wehringhausen --city Hagen",
            file=sys.stderr,
        )
        return EXIT_USAGE
    schema_dir = _project_root(args.config) / SCHEMA_DIR
    try:
        path = create_quarter(settings, schema_dir, name, city, shown_root=Path.cwd())
    except AlreadyExists as exc:
        print(f"quartiersdoku new: Fehler: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    except NewFileError as exc:
        print(f"quartiersdoku new: Fehler: {exc}", file=sys.stderr)
        return EXIT_USAGE
    shown = os.path.relpath(path)
    if not (schema_dir / "quarter.schema.json").exists():
        write_schemas(schema_dir)
        print(f"Schema für Editoren angelegt: {os.path.relpath(schema_dir)}", file=sys.stderr)
    slug = path.relative_to(settings.quarters_dir).with_suffix("").as_posix()
    print(
        f"Angelegt: {shown}\n"
        f"Die Seite erscheint unter /quartiere/{slug}/.\n"
        "Als Nächstes: die Datei öffnen, die Kurzbeschreibung (summary) ersetzen und "
        f"ergänzen, was belegt ist. Prüfen mit: quartiersdoku validate {shown}",
        file=sys.stderr,
    )
    return EXIT_OK


def cmd_felder(args: argparse.Namespace) -> int:
    from .fieldref import FIELDREF_PATH, fieldref_is_current, write_fieldref

    target = args.output or (_project_root(args.config) / FIELDREF_PATH)
    if args.check:
        if fieldref_is_current(target):
            return EXIT_OK
        print(
            f"{target}: veraltet. Hinweis: `quartiersdoku felder` erzeugt sie neu.",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    print(f"geschrieben: {write_fieldref(target)}", file=sys.stderr)
    return EXIT_OK


def cmd_editor_config(args: argparse.Namespace) -> int:
    from ..core.config import read_plugin_options
    from .editor_config import EditorOptions, editor_config, render_editor_config

    settings = _settings(args.config)
    options = read_plugin_options(args.config) if args.config.exists() else {}
    backend = options.get("editor_backend")
    config = editor_config(
        _project_root(args.config),
        settings.quarters_dir,
        EditorOptions(backend=dict(backend) if isinstance(backend, dict) else {}),
    )
    text = render_editor_config(config)
    if args.output is None:
        sys.stdout.write(text)
        return EXIT_OK
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print(f"geschrieben: {args.output}", file=sys.stderr)
    return EXIT_OK


def cmd_redaktion(args: argparse.Namespace) -> int:
    """decap-server (behind our save proxy) and the preview, side by side."""
    from ..preview.notice import SERVE_FLAGS
    from .redaktion import RedaktionError, run

    def preview(proxy_url: str) -> list[str]:
        command = [sys.executable, "-m", "mkdocs", "serve", *SERVE_FLAGS]
        return [*command, "-f", str(args.config.resolve()), "-a", args.dev_addr]

    settings = _settings(args.config)
    try:
        return run(
            args.config,
            settings.quarters_dir,
            port=args.port,
            dev_addr=args.dev_addr,
            preview_command=preview,
        )
    except RedaktionError as exc:
        print(f"quartiersdoku redaktion: Fehler: {exc}", file=sys.stderr)
        return EXIT_USAGE


def main(argv: Sequence[str] | None = None) -> int:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    args = _parser().parse_args(argv)
    if not args.config.exists() and args.command in ("build", "serve", "redaktion"):
        print(
            tagged(f"Fehler: Die Konfigurationsdatei „{args.config}“ gibt es nicht."),
            file=sys.stderr,
        )
        return EXIT_USAGE
    handlers = {
        "validate": cmd_validate,
        "schema": cmd_schema,
        "build": cmd_build,
        "serve": cmd_serve,
        "new": cmd_new,
        "pruefen": cmd_pruefen,
        "felder": cmd_felder,
        "editor-config": cmd_editor_config,
        "redaktion": cmd_redaktion,
    }
    return handlers[args.command](args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
