"""The command line, on typer: parse, call the core, pick a renderer, write once.

The only module that prints or exits, and the only one that imports typer. Everything heavy is
imported inside the command that needs it, and only the command being run is registered, so
that ``--help``, ``--version`` and completion stay fast (docs/adr/0004-typer-and-rich.md).

No ``from __future__ import annotations`` here: typer reads every registered command's
annotations, and as strings each would be compiled and evaluated then; evaluated once where the
command is defined, they cost less (``--help`` registers them all: 14x -> 12.9x).
"""

import os
import sys
from collections.abc import Callable
from enum import StrEnum
from typing import Annotated, Any

import typer

from unmech import __version__
from unmech.errors import DataError, ExitCode, NotFoundError, OutputError, UnmechError, UsageError

EXAMPLES = "Examples:"

# --- choices, spelled as on the command line ----------------------------------------------


class RecordType(StrEnum):
    """The kinds of record search can be narrowed to."""

    MECHANISM = "mechanism"
    PROCEDURE = "procedure"
    FINDING = "finding"


class ListKind(StrEnum):
    """What ``unmech list`` lists."""

    MECHANISMS = "mechanisms"
    PROCEDURES = "procedures"
    FINDINGS = "findings"
    THEMES = "themes"
    COUNTRIES = "countries"


class Exhausted(StrEnum):
    """Whether domestic remedies have been exhausted (the final decision given)."""

    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


class ListFormat(StrEnum):
    """How ``list`` prints: ``auto`` is a table on a terminal and tab-separated in a pipe."""

    AUTO = "auto"
    TSV = "tsv"
    CSV = "csv"


class PageFormat(StrEnum):
    """How ``guide`` prints: ``auto`` is rich on a terminal and plain text in a pipe."""

    AUTO = "auto"
    TEXT = "text"
    MARKDOWN = "markdown"
    HTML = "html"


class ExportFormat(StrEnum):
    """The formats ``export`` and ``draft`` write."""

    MARKDOWN = "markdown"
    HTML = "html"
    DOCX = "docx"


class CiteFormat(StrEnum):
    """The formats ``cite`` prints."""

    TEXT = "text"
    MARKDOWN = "markdown"


# --- writing ------------------------------------------------------------------------------


class _ReaderGone(Exception):
    """The program reading our output (e.g. head) closed the pipe. Not an OSError, so that
    typer does not turn it into an exit of its own."""


def _out(text: str) -> None:
    """Write a whole result to stdout at once."""
    _write(lambda stream: stream.write(text))


def _write(write: Callable[[Any], object]) -> None:
    """Call ``write(sys.stdout)`` and flush, turning output failures into plain errors."""
    stream = sys.stdout
    if stream is None:
        raise OutputError("Standard output is closed, so there is nowhere to print the result. "
                          "Run the command again with its output going to a terminal, pipe or file.")
    try:
        write(stream)
        stream.flush()
    except BrokenPipeError:
        raise _ReaderGone from None
    except (OSError, ValueError) as exc:  # ValueError: a closed file object
        reason = getattr(exc, "strerror", None) or str(exc)
        raise OutputError(f"The result could not be written to standard output ({reason}). "
                          "Free some space, or send the output elsewhere.") from None


def _err(text: str) -> None:
    """A message for the user on stderr; lost quietly if stderr is closed."""
    from unmech.printable import printable

    try:
        sys.stderr.write(printable(text.rstrip("\n"), escape=True) + "\n")
        sys.stderr.flush()
    except (AttributeError, OSError, ValueError):
        pass


def _to_terminal() -> bool:
    """Whether stdout is a terminal that people read (rich output) rather than a pipe or file."""
    stream = sys.stdout
    return bool(stream is not None and stream.isatty()) and os.environ.get("TERM") != "dumb"


def _styled() -> bool:
    """Rich styling: on a terminal, unless NO_COLOR asks for none."""
    return _to_terminal() and not os.environ.get("NO_COLOR")


def _width() -> int:
    """The width plain text is wrapped to: the terminal's, or 80 (or COLUMNS) in a pipe."""
    import shutil

    return max(40, shutil.get_terminal_size((80, 24)).columns)


def _page(doc: Any) -> None:
    """Print a document for people: rich on a terminal, plain text otherwise."""
    if _styled():
        from unmech.render import console

        _write(lambda stream: console.write(doc, stream))
        return
    from unmech.render import text

    _out(text.render(doc, _width()))


def _render(doc: Any, fmt: str) -> str:
    """A document as a string in a file format (for pipes and files)."""
    from unmech.render import Format, render

    return render(doc, Format(fmt), _width())


def _json(value: Any) -> None:
    from unmech.render import json as json_render

    _out(json_render.dumps(value))


# --- shared options -----------------------------------------------------------------------


def _complete(kind: str) -> Callable[[str], list[tuple[str, str]]]:
    """A completion callback for ids of one kind, read from the compiled knowledge base."""

    def complete(incomplete: str) -> list[tuple[str, str]]:
        from unmech import complete as completion

        return completion.candidates(kind, incomplete)

    return complete


DataOpt = Annotated[str | None, typer.Option(
    "--data", metavar="PATH", help="A YAML file or folder of them to layer over the shipped data "
                                   "(also UNMECH_DATA), e.g. --data my-network.yaml.")]
NoCacheOpt = Annotated[bool, typer.Option(
    "--no-cache", help="Do not read or write the compiled-data cache of --data files "
                       "(also UNMECH_NO_CACHE=1).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
ThemeOpt = Annotated[str | None, typer.Option(
    "--theme", metavar="ID", autocompletion=_complete("theme"),
    help="Only records on this theme, e.g. --theme torture (see 'unmech list themes').")]
CountryOpt = Annotated[str | None, typer.Option(
    "--country", metavar="ISO3", autocompletion=_complete("country"),
    help="Only findings on this country, e.g. --country PHL.")]
MechanismOpt = Annotated[str | None, typer.Option(
    "--mechanism", metavar="ID", autocompletion=_complete("mechanism"),
    help="Only this mechanism, its guides and findings, e.g. --mechanism wgad.")]
SinceOpt = Annotated[int | None, typer.Option(
    "--since", metavar="YEAR", min=1000, max=9999,
    help="Only findings from this year on, e.g. --since 2020.")]


def _kb(data: str | None, no_cache: bool) -> Any:
    from unmech import loader
    from unmech.kb import KnowledgeBase

    return KnowledgeBase(loader.load(data, use_cache=False if no_cache else None))


def _filters(kb: Any, type_: RecordType | None, theme: str | None, country: str | None,
             mechanism: str | None, since: int | None) -> Any:
    from unmech.kb import Filters

    if theme:
        kb.theme(theme)  # raises NotFoundError with suggestions
    if mechanism:
        kb.mechanism(mechanism)
    code = kb.country_code(country) if country else None
    return Filters(type_.value if type_ else None, theme, code, mechanism, since)


# --- commands -----------------------------------------------------------------------------


def search(
    query: Annotated[list[str] | None, typer.Argument(
        metavar="QUERY...", show_default=False, help="Words to look for, e.g. torture.")] = None,
    type_: Annotated[RecordType | None, typer.Option(
        "--type", help="Only this kind of record.")] = None,
    theme: ThemeOpt = None,
    country: CountryOpt = None,
    mechanism: MechanismOpt = None,
    since: SinceOpt = None,
    limit: Annotated[int, typer.Option("--limit", metavar="N", min=1,
                                       help="Show at most N hits.")] = 10,
    json: JsonOpt = False,
    data: DataOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """Find mechanisms, guides and findings.

    Typo-tolerant and synonym-aware; several words narrow the result. It understands document
    symbols (A/HRC/47/40), countries (Philippines, PHL) and the UN languages.

    Examples:
      unmech search torture
      unmech search "death penalty" --country SGP
      unmech search --theme health --since 2020 --json
    """
    from unmech import pages
    from unmech import search as searching

    text = " ".join(query or ()).strip()
    if not text and not any((type_, theme, country, mechanism, since)):
        raise UsageError("Give words to search for, e.g. 'unmech search torture', or a filter "
                         "such as --theme health.")
    kb = _kb(data, no_cache)
    filters = _filters(kb, type_, theme, country, mechanism, since)
    hits = searching.search(kb, text, filters, limit=limit)
    missing = searching.missing_symbol(kb, text) if text else None
    if missing:
        _err(f"The document {missing} is not in unmech's data." + (
            " The closest records follow." if hits else ""))
    if json:
        from unmech.models import Finding

        _json([{"id": h.record.id, "type": h.record.record_type, "title": h.record.title,
                "score": h.score, "matched": h.matched, "partial": h.partial, "snippet": h.snippet,
                **({"mechanism": h.record.mechanism, "date": h.record.date}
                   if isinstance(h.record, Finding) else {})} for h in hits])
    elif hits:
        _page(pages.search_results(hits))
    if not hits:
        from unmech.printable import printable

        shown = printable(text)
        shown = shown if len(shown) <= 60 else shown[:60] + "…"
        has_filters = any((type_, theme, country, mechanism, since))
        _err(f"Nothing matches '{shown}'" + (" with those filters" if has_filters else "") + "."
             if text else "Nothing matches those filters.")
        _err(searching.no_hits_hint(kb, text, filters))
        raise typer.Exit(ExitCode.NOTHING)


def list_(
    kind: Annotated[ListKind, typer.Argument(help="What to list.")] = ListKind.MECHANISMS,
    theme: ThemeOpt = None,
    country: CountryOpt = None,
    mechanism: MechanismOpt = None,
    since: SinceOpt = None,
    accepts: Annotated[str | None, typer.Option(
        "--accepts", metavar="FACT", help="With countries: only States that accept this route, "
                                          "e.g. --accepts cat-22 or --accepts iccpr-op1.")] = None,
    region: Annotated[str | None, typer.Option(
        "--region", metavar="REGION", help="With countries: only this UN region: africa, americas, "
                                           "asia, europe or oceania.")] = None,
    format_: Annotated[ListFormat, typer.Option(
        "--format", help="auto: a table on a terminal, tab-separated values in a pipe.")]
    = ListFormat.AUTO,
    json: JsonOpt = False,
    data: DataOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """List mechanisms, guides (procedures), findings, themes or countries.

    Filters narrow the list; --json prints the full records. In a pipe, one record a line with
    whole values, tab-separated under a header line.

    Examples:
      unmech list mechanisms
      unmech list findings --theme death-penalty --country IRN
      unmech list countries --accepts cat-22 --region africa
      unmech list findings --format csv > findings.csv
      unmech list procedures --json
    """
    from unmech import pages

    kb = _kb(data, no_cache)
    if kind is ListKind.COUNTRIES:
        _list_countries(kb, accepts, region, json, format_)
        return
    if kind is ListKind.THEMES:
        themes = kb.themes()
        if json:
            _json([{"id": th.id, "name": th.name, "description": th.description,
                    "keywords": list(th.keywords)} for th in themes])
        else:
            _listing(pages.theme_listing(kb, themes), format_)
        return
    type_ = RecordType(kind.value[:-1])
    records = kb.select(_filters(kb, type_, theme, country, mechanism, since))
    if not records:
        _err(f"No {kind.value} match those filters. Run 'unmech list {kind.value}' to see them all.")
        raise typer.Exit(ExitCode.NOTHING)
    if json:
        from unmech.cite import public_record

        _json([public_record(kb.raw_record(r.id)) for r in records])
    else:
        _listing(pages.listing(kb, kind.value, records), format_)


def _listing(doc: Any, format_: ListFormat) -> None:
    """A listing for people on a terminal; whole values, one record a line, for programs."""
    from unmech.render import delimited

    if format_ is ListFormat.CSV:
        _out(delimited.csv_text(doc))
    elif format_ is ListFormat.TSV or not _to_terminal():
        _out(delimited.tsv(doc))
    else:
        _page(doc)


def _list_countries(kb: Any, accepts: str | None, region: str | None, json: bool,
                    format_: ListFormat) -> None:
    from unmech import countries as facts
    from unmech import pages
    from unmech.kb import countries_of, suggest

    if accepts and accepts not in facts.FACT_LABELS:
        close = suggest(accepts, list(facts.FACT_LABELS)) or list(pages.COMPLAINT_FACTS)
        raise UsageError(f"'{accepts}' is not a country fact unmech knows. Try one of: "
                         + ", ".join(close) + ".")
    if region and region not in facts.REGIONS:
        raise UsageError(f"'{region}' is not a region. Use one of: {', '.join(facts.REGIONS)}.")
    chosen = [c for c in countries_of(kb.compiled).values()
              if (not accepts or c.fact(accepts).is_open) and (not region or c.region == region)]
    if not chosen:
        _err("No State in unmech's data matches those filters. Facts unmech does not have count "
             "as unknown, never as accepted.")
        raise typer.Exit(ExitCode.NOTHING)
    if json:
        _json([_country_json(c) for c in chosen])
    else:
        _listing(pages.country_listing(chosen), format_)


def _country_json(c: Any) -> dict[str, Any]:
    def src(s: Any) -> Any:
        return s._asdict() if s is not None else None

    return {"id": c.id, "name": c.name, "region": c.region, "last_reviewed": c.last_reviewed,
            "facts": {k: {**f._asdict(), "source": src(f.source)} for k, f in c.facts.items()},
            "upr": {"reviews": [{**r._asdict(), "source": src(r.source)} for r in c.reviews],
                    "next": {**c.next_review._asdict(), "source": src(c.next_review.source)}
                    if c.next_review else None},
            "death_penalty_drugs": {**c.death_penalty, "source": src(c.death_penalty.get("source"))}
            if c.death_penalty else None,
            "unconfirmed": list(c.unconfirmed)}


def _find_country(kb: Any, text: str) -> Any:
    """The Country a code or name (any UN language, typos tolerated) names; NotFoundError if none."""
    from unmech.kb import country_of

    try:
        code = kb.country_code(text)
    except NotFoundError as exc:
        if len(exc.suggestions) != 1:
            raise
        code = exc.suggestions[0][:3]  # one close name: a typo, taken as meant, and said so
        _err(f"Taking '{text}' as {exc.suggestions[0]}.")
    found = country_of(kb.compiled, code)
    if found is None:
        raise UnmechError(f"unmech has no facts on {code} yet. Search its findings with "
                          f"'unmech search --country {code}'.")
    return found


def country(
    name: Annotated[list[str], typer.Argument(
        metavar="ISO3|NAME", autocompletion=_complete("country"),
        help="A State's ISO code or name in any UN language, e.g. PHL, Philippines, Filipinas.")],
    json: JsonOpt = False,
    data: DataOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """Show a State's profile: which doors are open to an advocate there.

    Which UN complaint routes it accepts, its regional system, its UPR reviews, the death penalty
    for drug offences, what bodies have said about it, and the guides that apply. Every fact
    names its source; a fact unmech does not have is shown as unknown, never guessed.

    Examples:
      unmech country PHL
      unmech country "Viet Nam" --json
    """
    from unmech import pages
    from unmech.kb import routes_of

    kb = _kb(data, no_cache)
    found = _find_country(kb, " ".join(name))
    if json:
        _json(_country_json(found))
    else:
        _page(pages.country_profile(kb, found, routes_of(kb.compiled)))


def triage(
    words: Annotated[list[str] | None, typer.Argument(
        metavar="[WORDS...]", show_default=False,
        help="The situation in a few words, e.g. compulsory detention (used to find the theme).")] = None,
    country_: Annotated[str | None, typer.Option(
        "--country", metavar="ISO3|NAME", autocompletion=_complete("country"),
        help="The State where it happened, e.g. --country VNM.")] = None,
    theme: ThemeOpt = None,
    urgent: Annotated[bool, typer.Option(
        "--urgent", help="Life or health is at risk now, or an execution is scheduled.")] = False,
    remedies_exhausted: Annotated[Exhausted, typer.Option(
        "--remedies-exhausted", help="Whether the final domestic decision has been given.")]
    = Exhausted.UNKNOWN,
    since: Annotated[str | None, typer.Option(
        "--since", metavar="YYYY-MM-DD", help="When the final domestic decision was given (or the "
                                              "events happened), for time limits.")] = None,
    individual: Annotated[bool, typer.Option(
        "--individual", help="One person's or one group's case.")] = False,
    pattern: Annotated[bool, typer.Option(
        "--pattern", help="A pattern of violations, not one case.")] = False,
    json: JsonOpt = False,
    data: DataOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """Which mechanism fits a situation: ranked routes, each open, closed or to check.

    Each route says why (ratification, declaration, time limit, exhaustion of domestic remedies,
    who may submit), what it can achieve, how fast, and the guide to follow. Urgent cases list
    the routes that can act now first. On a terminal with no options it asks its questions one
    at a time.

    Examples:
      unmech triage --country VNM --theme arbitrary-detention
      unmech triage --country PHL --urgent --individual
      unmech triage --country RUS --theme health --remedies-exhausted yes --since 2026-09-01 --json
    """
    import datetime as dt

    from unmech import pages
    from unmech import triage as engine
    from unmech.kb import routes_of

    if individual and pattern:
        raise UsageError("Choose --individual or --pattern, not both.")
    kb = _kb(data, no_cache)
    asked = any((words, country_, theme, urgent, since, individual, pattern, json)) or (
        remedies_exhausted is not Exhausted.UNKNOWN)
    if not asked and sys.stdin is not None and sys.stdin.isatty() and _to_terminal():
        country_, theme, urgent, remedies_exhausted, individual, pattern = _ask(kb)
    if words and not theme:
        from unmech.search import themes_named

        theme = next(iter(themes_named(kb, " ".join(words))), None)
    if theme:
        kb.theme(theme)  # NotFoundError with suggestions
    from unmech.schedule import parse_date

    situation = engine.Situation(
        _find_country(kb, country_) if country_ else None, theme, urgent, remedies_exhausted.value,
        parse_date(since) if since else None,
        "individual" if individual else "pattern" if pattern else None)
    mech_themes = {m.id: m.themes for m in kb.records("mechanisms")}
    ranked = engine.rank(routes_of(kb.compiled), situation, dt.date.today(), mech_themes)
    if json:
        _json({"country": situation.country.id if situation.country else None, "theme": theme,
               "urgent": urgent, "remedies_exhausted": remedies_exhausted.value, "since": since,
               "routes": [{"id": a.route.id, "title": a.route.title, "status": a.status,
                           "mechanism": a.route.mechanism, "guide": a.route.procedure,
                           "urgent_first": a.urgent_first, "achieves": a.route.achieves,
                           "time_limit": a.route.time_limit,
                           "reasons": [{"status": x.status, "text": x.text,
                                        "source": x.source._asdict() if x.source else None}
                                       for x in a.reasons]} for a in ranked]})
    else:
        _page(pages.triage_page(kb, ranked, situation))


def _ask(kb: Any) -> tuple[str | None, str | None, bool, Exhausted, bool, bool]:
    """Triage's questions, one at a time, for a person at a terminal."""
    country_ = typer.prompt("Which country (code or name)? Leave empty for any", default="",
                            show_default=False) or None
    themes = ", ".join(t.id for t in kb.themes())
    theme = typer.prompt(f"What happened? One of: {themes}. Leave empty to skip", default="",
                         show_default=False) or None
    urgent = typer.confirm("Is life or health at risk now, or an execution scheduled?", default=False)
    exhausted = Exhausted(_choose("Has the final domestic decision been given?",
                                  [e.value for e in Exhausted], "unknown"))
    scope = _choose("One person's case or a pattern?", ["individual", "pattern", "both"], "both")
    return country_, theme, urgent, exhausted, scope == "individual", scope == "pattern"


def _choose(question: str, options: list[str], default: str) -> str:
    """Ask until the answer is one of ``options``."""
    while True:
        answer = str(typer.prompt(f"{question} ({'/'.join(options)})", default=default)).strip().lower()
        if answer in options:
            return answer
        _err(f"Please answer one of: {', '.join(options)}.")


def show(
    ident: Annotated[str, typer.Argument(metavar="ID", autocompletion=_complete("record"),
                                         help="A record id, e.g. wgad.")],
    json: JsonOpt = False,
    data: DataOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """Show everything about one record.

    A mechanism with its guides and findings, a finding with the body that issued it and a
    citation ready to paste, or a guide in full.

    Examples:
      unmech show wgad
      unmech show hrc-gc36-right-to-life --json
    """
    from unmech import pages

    kb = _kb(data, no_cache)
    record = kb.get(ident)
    if json:
        _json(_json_record(kb, record))
    else:
        _page(pages.show(kb, record))


def _json_record(kb: Any, record: Any) -> dict[str, Any]:
    from unmech import pages
    from unmech.cite import public_record

    out = {"record_type": record.record_type, **public_record(kb.raw_record(record.id))}
    if record.record_type == "mechanism":
        out["related"] = {"procedures": [p.id for p in kb.procedures_for(record)],
                          "findings": [f.id for f in kb.findings_for(record)],
                          "children": [c.id for c in kb.children(record)]}
    elif record.record_type == "finding":
        out["citation"] = pages.citation_for(kb, record)
    return out


def guide(
    ident: Annotated[str, typer.Argument(
        metavar="ID", autocompletion=_complete("procedure"),
        help="A guide id, e.g. wgad-petition (see 'unmech list procedures').")],
    checklist: Annotated[bool, typer.Option("--checklist",
                                            help="Print a checklist with boxes to tick.")] = False,
    date: Annotated[str | None, typer.Option(
        "--date", metavar="YYYY-MM-DD",
        help="Count each step's date from this date (a review date or a final decision), "
             "e.g. --date 2027-03-01.")] = None,
    ics: Annotated[str | None, typer.Option(
        "--ics", metavar="PATH", help="Also write those dates to a calendar file, "
                                      "e.g. --ics deadlines.ics.")] = None,
    format_: Annotated[PageFormat, typer.Option(
        "--format", help="auto: styled on a terminal, plain text in a pipe.")] = PageFormat.AUTO,
    force: Annotated[bool, typer.Option("--force",
                                        help="Overwrite the --ics file if it exists.")] = False,
    country_: Annotated[str | None, typer.Option(
        "--country", metavar="ISO3|NAME", autocompletion=_complete("country"),
        help="Fill in a State's facts: whether the route is open there and its next UPR review, "
             "e.g. --country PHL.")] = None,
    data: DataOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """Print a step-by-step guide, or a checklist to print and tick.

    Who can use the route, its requirements, numbered steps with timing, deadlines, safety
    advice and sources.

    Examples:
      unmech guide wgad-petition
      unmech guide upr-stakeholder-submission --checklist --format markdown
      unmech guide ecthr-application --date 2027-03-01 --ics deadlines.ics
      unmech guide tb-individual-complaint --country PHL
    """
    from unmech import pages, schedule

    kb = _kb(data, no_cache)
    procedure = _procedure(kb, ident)
    intro: tuple[Any, ...] = ()
    if country_:
        state = _find_country(kb, country_)
        intro = pages.for_state(kb, procedure, state)
        nxt = state.next_review
        if date is None and nxt and nxt.status == "scheduled" and nxt.date and len(nxt.date) == 10:
            date = nxt.date  # count from the State's next review, where OHCHR has published it
    anchor = schedule.parse_date(date) if date else None
    if ics is not None and not anchor:
        raise UsageError("--ics needs --date YYYY-MM-DD: the date the guide's steps count from.")
    if anchor and not schedule.has_timing(procedure):
        _err(f"Note: the guide '{procedure.id}' has no steps with a confirmed time rule, "
             "so no dates were computed.")
        if ics is not None:
            raise UsageError("There are no dated steps to write to a calendar file.")
    build = pages.checklist if checklist else pages.guide
    doc = build(kb, procedure, anchor if anchor and schedule.has_timing(procedure) else None,
                intro=intro)
    if ics is not None:
        from unmech import output

        assert anchor is not None  # --ics without --date was refused above
        output.write_atomic(_target(ics), schedule.ics(procedure, anchor), force=force)
        _err(f"Wrote the dates to {ics}.")
    if format_ is PageFormat.AUTO:
        _page(doc)
    else:
        _out(_render(doc, format_.value))


def _target(path: str) -> str:
    if not path.strip():
        raise UsageError("The output path is empty. Give a file name, e.g. -o guide.md, or leave "
                         "out -o to print to the screen.")
    return path


def _procedure(kb: Any, ident: str) -> Any:
    from unmech.kb import suggest

    try:
        return kb.get(ident, "procedure")
    except NotFoundError:
        try:
            record = kb.get(ident)
        except NotFoundError:
            guides = [p.id for p in kb.records("procedures")]
            raise NotFoundError("guide", ident, suggest(ident, guides)) from None
        if record.record_type == "mechanism":
            guides = [p.id for p in kb.procedures_for(record)]
            raise NotFoundError("guide", ident, guides) from None
        raise


def export(
    ids: Annotated[list[str] | None, typer.Argument(
        metavar="ID...", show_default=False, autocompletion=_complete("record"),
        help="Record ids, e.g. wgad-petition.")] = None,
    output_: Annotated[str | None, typer.Option(
        "--output", "-o", metavar="PATH", help="Write to this file (default: standard output).")] = None,
    format_: Annotated[ExportFormat, typer.Option("--format", help="The file format.")]
    = ExportFormat.MARKDOWN,
    theme: Annotated[str | None, typer.Option(
        "--theme", metavar="ID", autocompletion=_complete("theme"),
        help="Build an advocacy pack on this theme, e.g. --theme death-penalty.")] = None,
    country: Annotated[str | None, typer.Option(
        "--country", metavar="ISO3", autocompletion=_complete("country"),
        help="A pack for this State: alone, its profile, findings and the guides in reach; "
             "with --theme, that theme for this State. E.g. --country VNM.")] = None,
    title: Annotated[str | None, typer.Option(
        "--title", metavar="TEXT", help="The document's title (default: what it holds).")] = None,
    force: Annotated[bool, typer.Option("--force",
                                        help="Overwrite the output file if it exists.")] = False,
    data: DataOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """Export records, or an advocacy pack on a State or a theme, as Markdown, HTML or Word.

    The document has a contents list, the review date and references; a guide has its
    checklist. A State's pack holds its profile with every finding on it in full, and the
    guides in reach of it; with --theme as well, only that theme. Files are written whole or
    not at all, and never over an existing file without --force.

    Examples:
      unmech export wgad-petition -o guide.md
      unmech export upr-stakeholder-submission upr --format html -o upr.html
      unmech export --country PHL -o pack.md
      unmech export --theme arbitrary-detention --country VNM -o pack.md
      unmech export --theme death-penalty --country SGP --format docx -o pack.docx
    """
    from unmech import pages

    target = _target(output_) if output_ is not None else None
    kb = _kb(data, no_cache)
    if theme:
        if ids:
            raise UsageError("Give either record ids or --theme, not both.")
        code = kb.country_code(country) if country else None
        doc, count = pages.pack(kb, kb.theme(theme), code, title)
    elif ids:
        if country:
            raise UsageError("Give either record ids or --country, not both.")
        records = [kb.get(i) for i in dict.fromkeys(ids)]
        doc = pages.export(kb, records, title or pages.export_title(records))
        count = len(records)
    elif country:
        from unmech.kb import routes_of

        doc, count = pages.state_pack(kb, _find_country(kb, country), routes_of(kb.compiled), title)
    else:
        raise UsageError("Give one or more ids to export, e.g. 'unmech export wgad-petition', "
                         "--country ISO3 for a State's pack, or --theme THEME for a pack on a theme.")
    what = f"{count} finding{'s' if count != 1 else ''} cited" if theme or country else \
        f"{count} record{'s' if count != 1 else ''}"
    _write_document(doc, format_, target, force, what)


def _write_document(doc: Any, format_: ExportFormat, target: str | None, force: bool,
                    what: str) -> bool:
    """Render a document in a file format and write it once: to the file, or to stdout. True
    when it went to a file."""
    from unmech import output

    to_file = bool(target and target != "-")
    if format_ is ExportFormat.DOCX:
        if not to_file:
            raise UsageError("A Word file cannot be printed: give a file name, e.g. -o pack.docx.")
        from unmech.render import word

        data: str | bytes = word.render(doc)
    else:
        data = _render(doc, format_.value)
    if to_file:
        assert target is not None
        output.write_atomic(target, data, force=force)
        _err(f"Wrote {doc.title} ({what}) to {target}.")
    else:
        assert isinstance(data, str)
        _out(data)
    return to_file


def draft(
    ident: Annotated[str, typer.Argument(
        metavar="PROCEDURE", autocompletion=_complete("procedure"),
        help="The guide whose document to draft: sp-communication, wgad-petition, "
             "upr-stakeholder-submission, tb-alternative-report or tb-individual-complaint.")],
    country: Annotated[str | None, typer.Option(
        "--country", metavar="ISO3", autocompletion=_complete("country"),
        help="The State concerned: fills in what bodies have said about it, e.g. --country VNM.")]
    = None,
    theme: Annotated[str | None, typer.Option(
        "--theme", metavar="ID", autocompletion=_complete("theme"),
        help="Only findings on this theme, e.g. --theme arbitrary-detention.")] = None,
    case: Annotated[str | None, typer.Option(
        "--case", metavar="FILE", help="A YAML file of the case's facts to put in place of the "
                                       "placeholders (see docs/data-format.md).")] = None,
    format_: Annotated[ExportFormat, typer.Option("--format", help="The file format.")]
    = ExportFormat.MARKDOWN,
    output_: Annotated[str | None, typer.Option(
        "--output", "-o", metavar="PATH", help="Write to this file (default: standard output).")] = None,
    force: Annotated[bool, typer.Option("--force",
                                        help="Overwrite the output file if it exists.")] = False,
    data: DataOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """Draft the document a procedure expects, pre-filled from what the data knows.

    Findings on the State to cite, the guide's requirements, and safety and consent reminders
    are filled in; everything you must supply is a marked [[TO FILL: ...]] placeholder, which a
    --case file can fill. A draft never invents facts.

    Examples:
      unmech draft wgad-petition --country VNM -o petition.md
      unmech draft upr-stakeholder-submission --country SGP --theme death-penalty --format docx -o upr.docx
      unmech draft sp-communication --case case.yaml --format html -o letter.html
    """
    from unmech import draft as drafting
    from unmech import loader
    from unmech.printable import printable

    target = _target(output_) if output_ is not None else None
    kb = _kb(data, no_cache)
    if ident not in drafting.SKELETONS:
        from unmech.kb import suggest

        known = list(drafting.SKELETONS)
        close = suggest(ident, known) or known
        raise NotFoundError("draft", ident, close)
    procedure = kb.get(ident, "procedure")
    facts: dict[str, str] = {}
    if case is not None:
        raw = loader.read_file(case)
        if raw.problems:
            raise DataError(raw.problems, f"The case file {printable(case)} cannot be read.")
        codes = set(kb.index.country_codes())
        problems = drafting.check_case(raw.data, case, ident, raw.lines,
                                       codes.__contains__, tuple(t.id for t in kb.themes()))
        if problems:
            raise DataError(problems, f"The case file {printable(case)} has "
                            f"{len(problems)} problem{'s' if len(problems) != 1 else ''}; fix "
                            "them (the format is in docs/data-format.md).")
        facts = {str(k): str(v) for k, v in (raw.data.get("facts") or {}).items()}
        country = country or raw.data.get("country")
        theme = theme or raw.data.get("theme")
    if theme:
        kb.theme(theme)
    code = kb.country_code(country) if country else None
    doc = drafting.build(kb, procedure, code, theme, facts)
    gaps = drafting.gaps(doc)
    to_file = _write_document(doc, format_, target, force,
                              f"{gaps} placeholder{'s' if gaps != 1 else ''} to fill")
    if gaps and not to_file:
        _err(f"{gaps} placeholder{'s' if gaps != 1 else ''} to fill: search for [[TO FILL.")


def cite(
    ids: Annotated[list[str], typer.Argument(
        metavar="ID...", autocompletion=_complete("finding"),
        help="Finding ids, e.g. hrc-gc36-right-to-life.")],
    format_: Annotated[CiteFormat, typer.Option("--format", help="The citation format.")]
    = CiteFormat.TEXT,
    data: DataOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """Print ready-to-paste citations for findings.

    Each names the body in full, the document symbol, the date and the official link.

    Examples:
      unmech cite hrc-gc36-right-to-life
      unmech cite wgad-2021-drug-policy-study ohchr-2015-drug-study --format markdown
    """
    from unmech import pages
    from unmech.printable import printable

    kb = _kb(data, no_cache)
    lines = []
    for ident in dict.fromkeys(ids):
        record = kb.get(ident)
        if record.record_type != "finding":
            raise UsageError(f"'{ident}' is a {record.record_type}; cite takes findings. "
                             "Find them with 'unmech list findings'.")
        line = pages.citation_for(kb, record, format_.value)
        lines.append(f"- {line}" if format_ is CiteFormat.MARKDOWN else line)
    _out("\n".join(printable(line) for line in lines) + "\n")


def validate(
    path: Annotated[str | None, typer.Argument(
        metavar="PATH", help="A YAML file or folder (default: the shipped data).")] = None,
    json: Annotated[bool, typer.Option("--json", help="Print the problems as JSON.")] = False,
    data: DataOpt = None,
) -> None:
    """Check a data file or folder and list every problem.

    An overlay is checked on top of the shipped data, so it may refer to shipped ids. Each
    problem names its file, line, record and field.

    Examples:
      unmech validate
      unmech validate my-network.yaml --json
    """
    from unmech import loader
    from unmech import validate as validation
    from unmech.printable import printable

    chosen = path or data
    if path and not os.path.exists(path):
        raise DataError([], f"{path} does not exist. Check the path, e.g. 'unmech validate my-network.yaml'.")
    shipped = loader.shipped_paths()
    paths = [*shipped, *(loader.overlay_files(chosen) if chosen else ())]
    files = [loader.read_file(p) for p in paths]
    problems = validation.check(files, shipped=len(shipped))
    if json:
        _json([{"file": p.file, "line": p.line, "column": p.column, "path": p.path,
                "message": p.message} for p in problems])
    elif problems:
        _out("".join(printable(str(p)) + "\n" for p in problems))
    if problems:
        _err(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found.")
        raise typer.Exit(ExitCode.NOTHING)
    held = validation.counts(files[len(shipped):] or files)
    summary = ", ".join(f"{n} {kind}" for kind, n in held.items())
    if not json:
        _out(f"No problems: {summary} in {', '.join(paths[len(shipped):] or paths)}.\n")


#: command name -> the function that runs it (its docstring is the help)
COMMANDS: dict[str, Callable[..., None]] = {
    "search": search,
    "list": list_,
    "show": show,
    "guide": guide,
    "export": export,
    "draft": draft,
    "cite": cite,
    "country": country,
    "triage": triage,
    "validate": validate,
}

HELP = ("A guide to the UN human rights mechanisms for people who use drugs: which mechanism fits, "
        "what it has said, and how to engage it step by step.")
EPILOG = ("Examples: unmech search torture · unmech guide wgad-petition --checklist · "
          "unmech export wgad-petition -o guide.md. Exit codes: 0 success, 1 nothing found or "
          "problems reported by validate, 2 usage error, unusable data or output that cannot be "
          "written, 3 internal error (a bug), 130 interrupted.")


def _version(value: bool) -> None:
    if not value:
        return
    from unmech import loader

    try:
        reviewed = loader.review_date()
    except UnmechError:
        reviewed = "unreadable"
    _out(f"unmech {__version__} (data reviewed {reviewed})\n")
    raise typer.Exit(ExitCode.OK)


def _main_callback(
    ctx: typer.Context,
    version: Annotated[bool, typer.Option(
        "--version", is_eager=True, callback=_version,
        help="Print the version and the date the data was last reviewed.")] = False,
) -> None:
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())


def _command_in(argv: list[str]) -> str | None:
    """The command named on the command line, if there is one (the first word not an option)."""
    for token in argv:
        if not token.startswith("-"):
            return token if token in COMMANDS else None
    return None


def _completion_words() -> list[str] | None:
    """The words on the line being completed, when the shell's completion script runs us."""
    if "_UNMECH_COMPLETE" not in os.environ:
        return None
    # bash passes COMP_WORDS; typer's zsh, fish and PowerShell scripts pass _TYPER_COMPLETE_ARGS
    line = os.environ.get("_TYPER_COMPLETE_ARGS") or os.environ.get("COMP_WORDS", "")
    return line.split()[1:]


def build_app(only: str | None = None, rich_help: bool = False) -> typer.Typer:
    """The typer app; with ``only``, just that command (building every command's options is most
    of typer's start-up cost, and one command is all a run needs)."""
    app = typer.Typer(
        name="unmech", help=HELP, epilog=EPILOG, add_completion=True, no_args_is_help=False,
        rich_markup_mode="rich" if rich_help else None, pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    )
    app.callback(invoke_without_command=True)(_main_callback)
    for name, func in COMMANDS.items():
        if only is None or name == only:
            app.command(name, help=_help(func.__doc__ or "", rich_help))(func)
    return app


def _help(doc: str, rich_help: bool) -> str:
    """A command's docstring as help text whose example lines are kept as written (plain help
    rewraps paragraphs unless they follow a line holding only \\b)."""
    import inspect

    head, _, examples = inspect.cleandoc(doc).partition(f"\n{EXAMPLES}\n")
    prose = "\n\n".join(" ".join(p.split()) for p in head.split("\n\n"))  # one line a paragraph
    if not examples:
        return prose
    return f"{prose}\n\n{EXAMPLES}\n{examples}" if rich_help else f"{prose}\n\n{EXAMPLES}\n\n\b\n{examples}"


def main(argv: list[str] | None = None) -> int:
    """Run the command line and return the exit code: the one place errors become exit codes."""
    _tolerate_encoding()
    argv = sys.argv[1:] if argv is None else list(argv)
    completing = _completion_words()
    only = _command_in(completing if completing is not None else argv)
    try:
        app = build_app(only, rich_help=_styled() and completing is None)
        result = app(args=argv, prog_name="unmech", standalone_mode=False)
        if result == ExitCode.INTERRUPTED:  # typer turns Ctrl-C into this exit code
            _err("Interrupted.")
        return int(result) if isinstance(result, int) else ExitCode.OK
    except SystemExit as exc:  # shell completion ends this way
        return exc.code if isinstance(exc.code, int) else ExitCode.OK
    except typer.Abort:  # end of input at a prompt
        _err("Interrupted.")
        return ExitCode.INTERRUPTED
    except NotFoundError as exc:
        _err(str(exc))
        return ExitCode.NOTHING
    except DataError as exc:
        from unmech.printable import printable

        _err(str(exc))
        if os.environ.get("UNMECH_DATA") and "--data" not in argv:
            _err("The data came from UNMECH_DATA; run 'unset UNMECH_DATA' to use the shipped data alone.")
        for problem in exc.problems[:25]:
            _err("  " + printable(str(problem)))
        if len(exc.problems) > 25:
            _err(f"  … and {len(exc.problems) - 25} more.")
        return ExitCode.USAGE
    except UnmechError as exc:
        _err(str(exc))
        return int(exc.exit_code)
    except KeyboardInterrupt:
        _err("Interrupted.")
        return ExitCode.INTERRUPTED
    except (_ReaderGone, BrokenPipeError):
        _silence_stdout()  # the reader (e.g. head) went away: stop quietly
        return ExitCode.OK
    except Exception as exc:
        usage = _usage_error(exc, argv, only)
        if usage is not None:
            _err(usage)
            return ExitCode.USAGE
        if os.environ.get("UNMECH_DEBUG"):
            raise
        _err(f"unmech failed unexpectedly ({type(exc).__name__}). This is a bug: please report it "
             "with the command you ran; UNMECH_DEBUG=1 shows the details.")
        return ExitCode.BUG


def _usage_error(exc: Exception, argv: list[str], only: str | None) -> str | None:
    """A command-line mistake reported by typer, as one or two plain sentences."""
    if not (hasattr(exc, "format_message") and getattr(exc, "exit_code", None) == 2):
        return None
    message = str(exc.format_message()).rstrip(".")
    command = f"unmech {only}" if only else "unmech"
    if only is None and argv and not argv[0].startswith("-"):
        return f"'{argv[0]}' is not an unmech command. Run 'unmech --help' to see the commands."
    return f"{message}. Run '{command} --help' for the options."


def _tolerate_encoding() -> None:
    """Characters the output encoding cannot show become '?' rather than an error."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        # "strict", or "surrogateescape" in the C locale: both fail on a character they lack
        if reconfigure is not None and getattr(stream, "errors", "strict") in ("strict", "surrogateescape"):
            try:
                reconfigure(errors="replace")
            except (OSError, ValueError):
                pass


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (AttributeError, OSError, ValueError):
        pass
