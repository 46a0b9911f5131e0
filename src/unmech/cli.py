"""The command line: parse, call the core, pick a renderer, write once. The only module that
prints or exits. Heavy modules are imported inside the commands that need them, so that
``--help`` and ``--version`` stay instant (see docs/adr/0001-argparse-not-typer.md).
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from unmech import __version__
from unmech.errors import DataError, NotFoundError, UnmechError, UsageError

EXIT_OK, EXIT_NOTHING, EXIT_USAGE, EXIT_BUG, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
RECORD_TYPES = ("mechanism", "procedure", "finding")
LIST_KINDS = ("mechanisms", "procedures", "findings", "themes")

# --- output -------------------------------------------------------------------------------


def _out(text: str) -> None:
    """Write a whole result to stdout at once."""
    sys.stdout.write(text)
    sys.stdout.flush()


def _err(text: str) -> None:
    sys.stderr.write(text.rstrip("\n") + "\n")
    sys.stderr.flush()


def _to_terminal() -> bool:
    return sys.stdout.isatty() and os.environ.get("TERM") != "dumb"


def _width() -> int:
    import shutil

    return max(40, shutil.get_terminal_size((80, 24)).columns) if _to_terminal() else 80


def _print_doc(doc: Any, fmt: str | None = None, terminal: str = "console") -> None:
    """Render a document in the requested format; by default ``terminal`` (rich, or the faster
    ANSI-styled text) on a terminal and plain text in a pipe."""
    fmt = fmt or (terminal if _to_terminal() else "text")
    if fmt == "console":
        from rich.console import Console

        from unmech.render import console

        console.write(doc, Console(highlight=False, soft_wrap=False))
        return
    _out(_render(doc, fmt))


def _render(doc: Any, fmt: str) -> str:
    from unmech.render import Format

    match Format(fmt):
        case Format.MARKDOWN:
            from unmech.render import markdown

            return markdown.render(doc)
        case Format.HTML:
            from unmech.render import html

            return html.render(doc)
        case Format.TEXT | Format.CONSOLE:
            from unmech.render import text

            return text.render(doc, _width())
        case Format.ANSI:
            from unmech.render import text

            return text.render(doc, _width(), color=not os.environ.get("NO_COLOR"))
        case Format.JSON:
            raise UsageError("JSON output is chosen with --json.")


def _json(value: Any) -> None:
    from unmech.render import json as json_render

    _out(json_render.dumps(value))


def _kb(args: argparse.Namespace) -> Any:
    from unmech import loader
    from unmech.kb import KnowledgeBase

    return KnowledgeBase(loader.load(args.data, use_cache=False if args.no_cache else None))


def _filters(args: argparse.Namespace, kb: Any) -> Any:
    from unmech.kb import Filters

    if args.theme:
        kb.theme(args.theme)  # raises NotFoundError with suggestions
    if args.mechanism:
        kb.mechanism(args.mechanism)
    country = args.country.upper() if args.country else None
    return Filters(getattr(args, "type", None), args.theme, country, args.mechanism, args.since)


# --- commands -----------------------------------------------------------------------------


def cmd_search(args: argparse.Namespace) -> int:
    """Find mechanisms, guides and findings. Typo-tolerant; several words narrow the result.

    Examples:
      unmech search torture
      unmech search "death penalty" --country SGP
      unmech search --theme health --since 2020
    """
    from unmech import pages, search

    query = " ".join(args.query).strip()
    if not query and not any((args.type, args.theme, args.country, args.mechanism, args.since)):
        raise UsageError("Give words to search for, e.g. 'unmech search torture', or a filter "
                         "such as --theme health.")
    kb = _kb(args)
    hits = search.search(kb, query, _filters(args, kb), limit=args.limit)
    if not hits:
        _err(f"Nothing matches '{_clean(query)}'" + (" with those filters" if query else "") + ".")
        _err(_no_hits_hint(kb, query))
        return EXIT_NOTHING
    if args.json:
        from unmech.models import Finding

        _json([{"id": h.record.id, "type": h.record.record_type, "title": h.record.title,
                "score": h.score, "matched": h.matched, "snippet": h.snippet,
                **({"mechanism": h.record.mechanism, "date": h.record.date}
                   if isinstance(h.record, Finding) else {})} for h in hits])
    else:
        _print_doc(pages.search_results(hits), terminal="ansi")
    return EXIT_OK


def _clean(text: str, limit: int = 60) -> str:
    from unmech.render.text import safe

    text = safe(text)
    return text if len(text) <= limit else text[:limit] + "…"


def _no_hits_hint(kb: Any, query: str) -> str:
    from unmech.index import words

    close: list[str] = []
    vocab = kb.compiled["index"]["postings"]
    from rapidfuzz import fuzz, process

    for word in words(query[:200])[:5]:
        close += [w for w, _, _ in process.extract(word, list(vocab), scorer=fuzz.ratio,
                                                   score_cutoff=60, limit=2) if w != word]
    if close:
        return ("Closest words in the data: " + ", ".join(dict.fromkeys(close))
                + ". Or browse with 'unmech list themes'.")
    return "Try fewer or other words, or browse with 'unmech list themes'."


def cmd_list(args: argparse.Namespace) -> int:
    """List mechanisms, guides (procedures), findings or themes, optionally filtered.

    Examples:
      unmech list mechanisms
      unmech list findings --theme death-penalty --country IRN
      unmech list procedures --json
    """
    from unmech import pages

    kb = _kb(args)
    if args.kind == "themes":
        themes = kb.themes()
        if args.json:
            _json([{"id": th.id, "name": th.name, "description": th.description,
                    "keywords": list(th.keywords)} for th in themes])
        else:
            _print_doc(pages.theme_listing(kb, themes))
        return EXIT_OK
    args.type = args.kind[:-1]
    records = kb.select(_filters(args, kb))
    if not records:
        _err(f"No {args.kind} match those filters. Run 'unmech list {args.kind}' to see them all.")
        return EXIT_NOTHING
    if args.json:
        _json([kb.raw_record(r.id) for r in records])
    else:
        _print_doc(pages.listing(kb, args.kind, records))
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    """Show everything about one record: a mechanism with its guides and findings, a finding
    with its body and a citation, a guide in full.

    Examples:
      unmech show wgad
      unmech show hrc-gc36-right-to-life --json
    """
    from unmech import pages

    kb = _kb(args)
    record = kb.get(args.id)
    if args.json:
        _json(_json_record(kb, record))
    else:
        _print_doc(pages.show(kb, record), terminal="ansi")
    return EXIT_OK


def _json_record(kb: Any, record: Any) -> dict[str, Any]:
    from unmech import pages

    out = {"record_type": record.record_type, **kb.raw_record(record.id)}
    if record.record_type == "mechanism":
        out["related"] = {"procedures": [p.id for p in kb.procedures_for(record)],
                          "findings": [f.id for f in kb.findings_for(record)],
                          "children": [c.id for c in kb.children(record)]}
    elif record.record_type == "finding":
        out["citation"] = pages.citation_for(kb, record)
    return out


def cmd_guide(args: argparse.Namespace) -> int:
    """Print a step-by-step guide, or a checklist to print and tick.

    Examples:
      unmech guide wgad-petition
      unmech guide upr-stakeholder-submission --checklist
      unmech guide ecthr-application --date 2027-03-01 --ics deadlines.ics
    """
    from unmech import pages, schedule

    kb = _kb(args)
    procedure = _procedure(kb, args.id)
    anchor = schedule.parse_date(args.date) if args.date else None
    if args.ics and not anchor:
        raise UsageError("--ics needs --date YYYY-MM-DD: the date the guide's steps count from.")
    if anchor and not schedule.has_timing(procedure):
        _err(f"Note: the guide '{procedure.id}' has no steps with a confirmed time rule, "
             "so no dates were computed.")
        if args.ics:
            raise UsageError("There are no dated steps to write to a calendar file.")
    build = pages.checklist if args.checklist else pages.guide
    doc = build(kb, procedure, anchor if anchor and schedule.has_timing(procedure) else None)
    if args.ics:
        from unmech import output

        assert anchor is not None  # --ics without --date was refused above
        output.write_atomic(args.ics, schedule.ics(procedure, anchor), force=args.force)
        _err(f"Wrote the dates to {args.ics}.")
    _print_doc(doc, None if args.format == "auto" else args.format, terminal="ansi")
    return EXIT_OK


def _procedure(kb: Any, ident: str) -> Any:
    from unmech.kb import suggest

    try:
        return kb.get(ident, "procedure")
    except NotFoundError:
        try:
            record = kb.get(ident)
        except NotFoundError:
            guides = [p["id"] for p in kb.raw["procedures"]]
            raise NotFoundError("guide", ident, suggest(ident, guides)) from None
        if record.record_type == "mechanism":
            guides = [p.id for p in kb.procedures_for(record)]
            raise NotFoundError("guide", ident, guides) from None
        raise


def cmd_export(args: argparse.Namespace) -> int:
    """Export records, or an advocacy pack for a theme, as Markdown or HTML.

    Examples:
      unmech export wgad-petition -o guide.md
      unmech export upr-stakeholder-submission upr --format html -o upr.html
      unmech export --theme death-penalty --country SGP -o pack.md
    """
    from unmech import output, pages

    kb = _kb(args)
    if args.theme:
        if args.ids:
            raise UsageError("Give either record ids or --theme, not both.")
        theme = kb.theme(args.theme)
        country = args.country.upper() if args.country else None
        title, records, intro = pages.pack(kb, theme, country)
    elif args.ids:
        if args.country:
            raise UsageError("--country goes with --theme, to build an advocacy pack.")
        records = [kb.get(i) for i in dict.fromkeys(args.ids)]
        title = records[0].title if len(records) == 1 else f"unmech: {len(records)} records"
        intro = ()
    else:
        raise UsageError("Give one or more ids to export, e.g. 'unmech export wgad-petition', "
                         "or --theme THEME for an advocacy pack.")
    text = _render(pages.export(kb, records, title, intro), args.format)
    if args.output and args.output != "-":
        output.write_atomic(args.output, text, force=args.force)
        _err(f"Wrote {len(records)} record{'s' if len(records) != 1 else ''} to {args.output}.")
    else:
        _out(text)
    return EXIT_OK


def cmd_cite(args: argparse.Namespace) -> int:
    """Print ready-to-paste citations for one or more findings.

    Examples:
      unmech cite hrc-gc36-right-to-life
      unmech cite wgad-2021-drug-policy-study ohchr-2015-drug-study --format markdown
    """
    from unmech import pages

    kb = _kb(args)
    lines = []
    for ident in dict.fromkeys(args.ids):
        record = kb.get(ident)
        if record.record_type != "finding":
            raise UsageError(f"'{ident}' is a {record.record_type}; cite takes findings. "
                             "Find them with 'unmech list findings'.")
        line = pages.citation_for(kb, record, args.format)
        lines.append(f"- {line}" if args.format == "markdown" else line)
    from unmech.render.text import safe

    _out("\n".join(safe(line) for line in lines) + "\n")
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    """Check a data file or folder (default: the shipped data) and list every problem.

    An overlay is checked on top of the shipped data, so it may refer to shipped ids.

    Examples:
      unmech validate
      unmech validate my-network.yaml
    """
    from unmech import loader, validate

    path = args.path or args.data
    paths = [loader.shipped_yaml_path()]
    if path:
        paths += loader.overlay_files(path)
    files = [loader.read_file(p) for p in paths]
    problems = validate.check(files)
    if args.json:
        _json([{"file": p.file, "line": p.line, "column": p.column, "path": p.path,
                "message": p.message} for p in problems])
    elif problems:
        from unmech.render.text import safe

        _out("".join(safe(str(p)) + "\n" for p in problems))
    if problems:
        _err(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found.")
        return EXIT_NOTHING
    counts = validate.merge(files)
    summary = ", ".join(f"{len(v)} {k}" for k, v in counts.items())
    if not args.json:
        _out(f"No problems: {summary} in {', '.join(paths[1:] or paths)}.\n")
    return EXIT_OK


# --- the parser ---------------------------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # one or two plain sentences, then exit 2
        self.print_usage(sys.stderr)
        _err(f"unmech: {message}. Run '{self.prog} --help' for the options.")
        raise SystemExit(EXIT_USAGE)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got '{text}'") from None
    if value < 1:
        raise argparse.ArgumentTypeError("expected a number of 1 or more")
    return value


def _year(text: str) -> int:
    if not (text.isdigit() and len(text) == 4):
        raise argparse.ArgumentTypeError(f"expected a year such as 2020, got '{text}'")
    return int(text)


def _search_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("query", nargs="*", metavar="QUERY", help="words to look for, e.g. torture")
    _filters_args(p, with_type=True)
    p.add_argument("--limit", type=_positive, default=10, metavar="N",
                   help="show at most N hits (default 10), e.g. --limit 25")


def _list_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("kind", nargs="?", choices=LIST_KINDS, default="mechanisms",
                   help="what to list (default: mechanisms)")
    _filters_args(p, with_type=False)


def _show_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", help="a record id, e.g. wgad")
    p.add_argument("--json", action="store_true", help="print JSON for scripts")


def _guide_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", help="a guide id, e.g. wgad-petition (see 'unmech list procedures')")
    p.add_argument("--checklist", action="store_true", help="print a checklist with boxes to tick")
    p.add_argument("--date", metavar="YYYY-MM-DD",
                   help="compute each step's date from this date (e.g. a review date or a "
                        "final decision), e.g. --date 2027-03-01")
    p.add_argument("--ics", metavar="PATH", help="also write those dates to a calendar file, "
                                                 "e.g. --ics deadlines.ics")
    p.add_argument("--format", choices=("auto", "text", "markdown", "html"), default="auto",
                   help="output format (default: rich on a terminal, plain text in a pipe)")
    p.add_argument("--force", action="store_true", help="overwrite the --ics file if it exists")


def _export_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("ids", nargs="*", metavar="ID", help="record ids, e.g. wgad-petition")
    p.add_argument("-o", "--output", metavar="PATH", help="write to this file (default: stdout)")
    p.add_argument("--format", choices=("markdown", "html"), default="markdown",
                   help="markdown (default) or html, e.g. --format html")
    p.add_argument("--theme", metavar="ID", help="build an advocacy pack on this theme, "
                                                 "e.g. --theme death-penalty")
    p.add_argument("--country", metavar="ISO3", help="with --theme: put findings on this country "
                                                     "first, e.g. --country SGP")
    p.add_argument("--force", action="store_true", help="overwrite the output file if it exists")


def _cite_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("ids", nargs="+", metavar="ID", help="finding ids, e.g. hrc-gc36-right-to-life")
    p.add_argument("--format", choices=("text", "markdown"), default="text",
                   help="text (default) or markdown")


def _validate_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", nargs="?", metavar="PATH",
                   help="a YAML file or folder (default: the shipped data)")
    p.add_argument("--json", action="store_true", help="print the problems as JSON")


def _filters_args(p: argparse.ArgumentParser, with_type: bool) -> None:
    if with_type:
        p.add_argument("--type", choices=RECORD_TYPES, help="only this kind of record")
    p.add_argument("--theme", metavar="ID", help="only records on this theme, e.g. torture "
                                                 "(see 'unmech list themes')")
    p.add_argument("--country", metavar="ISO3", help="only findings on this country, e.g. PHL")
    p.add_argument("--mechanism", metavar="ID", help="only this mechanism, its guides and "
                                                     "findings, e.g. wgad")
    p.add_argument("--since", metavar="YEAR", type=_year, help="only findings from this year "
                                                               "on, e.g. 2020")
    p.add_argument("--json", action="store_true", help="print JSON for scripts")


#: name, one-line summary, the function that adds its arguments; cmd_NAME runs it
COMMANDS: tuple[tuple[str, str, Any], ...] = (
    ("search", "find mechanisms, guides and findings", _search_args),
    ("list", "list mechanisms, guides, findings or themes", _list_args),
    ("show", "everything about one record", _show_args),
    ("guide", "a step-by-step guide or a printable checklist", _guide_args),
    ("export", "write records or an advocacy pack as Markdown or HTML", _export_args),
    ("cite", "citations for findings, ready to paste", _cite_args),
    ("validate", "check data files and list every problem", _validate_args),
)


def _command_in(argv: list[str]) -> str | None:
    """The command named on the command line, if it can be told without parsing."""
    skip = False
    for token in argv:
        if skip:
            skip = False
        elif token == "--data":
            skip = True
        elif not token.startswith("-"):
            return token if any(token == c[0] for c in COMMANDS) else None
    return None


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser; with ``only``, the other commands get their name and summary alone
    (building every option of every command is most of argparse's cost)."""
    common = _Parser(add_help=False)
    common.add_argument("--data", metavar="PATH", default=argparse.SUPPRESS,
                        help="a YAML file or folder of them to layer over the shipped data "
                             "(also UNMECH_DATA), e.g. --data my-network.yaml")
    common.add_argument("--no-cache", action="store_true", default=argparse.SUPPRESS,
                        help="do not read or write the compiled-data cache (also UNMECH_NO_CACHE=1)")
    parser = _Parser(
        prog="unmech",
        description="A guide to the UN human rights mechanisms for people who use drugs: which "
                    "mechanism fits, what it has said, and how to engage it step by step.",
        epilog="Examples:\n  unmech search torture\n  unmech guide wgad-petition --checklist\n"
               "  unmech export wgad-petition -o guide.md\n\n"
               "Exit codes: 0 success, 1 nothing found or problems reported by validate, "
               "2 usage error or unusable data, 3 internal error, 130 interrupted.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="store_true",
                        help="print the version and the date the data was last reviewed")
    parser.add_argument("--data", metavar="PATH", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--no-cache", action="store_true", default=False, help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, summary, add_args in COMMANDS:
        func = globals()[f"cmd_{name}"]
        if only is not None and name != only:
            sub.add_parser(name, help=summary)
            continue
        p = sub.add_parser(name, help=summary, description=func.__doc__, parents=[common],
                           formatter_class=argparse.RawDescriptionHelpFormatter)
        p.set_defaults(func=func)
        add_args(p)
    return parser


def _version(args: argparse.Namespace) -> int:
    from unmech import loader

    try:
        reviewed = loader.review_date(args.data)
    except UnmechError:
        reviewed = "unreadable"
    _out(f"unmech {__version__} (data reviewed {reviewed})\n")
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    try:
        argv = sys.argv[1:] if argv is None else argv
        parser = build_parser(_command_in(argv))
        args = parser.parse_args(argv)
        if args.version:
            return _version(args)
        if not args.command:
            parser.print_help()
            return EXIT_OK
        code: int = args.func(args)
        return code
    except NotFoundError as exc:
        _err(str(exc))
        return EXIT_NOTHING
    except DataError as exc:
        _err(str(exc))
        from unmech.render.text import safe

        for problem in exc.problems[:25]:
            _err("  " + safe(str(problem)))
        if len(exc.problems) > 25:
            _err(f"  … and {len(exc.problems) - 25} more.")
        return EXIT_USAGE
    except UnmechError as exc:
        _err(str(exc))
        return exc.exit_code
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    except KeyboardInterrupt:
        _err("Interrupted.")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # the reader (e.g. head) went away: stop quietly
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        return EXIT_OK
    except Exception as exc:
        if os.environ.get("UNMECH_DEBUG"):
            raise
        _err(f"unmech failed unexpectedly ({type(exc).__name__}). This is a bug: please report "
             "it with the command you ran; UNMECH_DEBUG=1 shows the details.")
        return EXIT_BUG
