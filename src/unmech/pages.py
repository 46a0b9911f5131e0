"""What each command shows, as format-neutral documents. Pure: no printing, no rich."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from unmech import cite, region, schedule
from unmech.countries import REGIONAL_FACTS, TREATY_FACTS, Country, Fact, FactSource
from unmech.document import (
    Block,
    Bullets,
    Callout,
    Checklist,
    Document,
    Fields,
    Heading,
    Para,
    Result,
    Results,
    Step,
    Steps,
    Table,
)
from unmech.kb import Filters, KnowledgeBase, country_of
from unmech.models import Finding, Mechanism, Procedure, Record, Source, Theme
from unmech.search import Hit
from unmech.triage import Assessment, Route, Situation, standing


def citation_for(kb: KnowledgeBase, finding: Finding, fmt: str = "text") -> str:
    """A ready-to-paste citation, naming the body in full."""
    return cite.citation(finding, kb.mechanism(finding.mechanism).name, fmt)


# --- search and list ----------------------------------------------------------------------


def search_results(hits: list[Hit]) -> Document:
    """Ranked hits with what kind each is, where it matched and a snippet."""
    items = []
    for hit in hits:
        record = hit.record
        meta = []
        if isinstance(record, Finding):
            meta.append(f"{record.mechanism}, {record.year}")
        if hit.matched:
            meta.append(f"matched {hit.matched}")
        if hit.partial:
            meta.append("matches some of your words")
        meta.append(f"score {hit.score}")
        items.append(Result(record.record_type, record.id, record.title, " · ".join(meta),
                            hit.snippet, hit.terms))
    return Document("Search results", (Results(tuple(items)),))


def listing(kb: KnowledgeBase, kind: str, records: list[Record]) -> Document:
    """A table of records of one plural kind."""
    if kind == "mechanisms":
        rows: tuple[tuple[str, ...], ...] = tuple((m.id, m.acronym or "", m.type, m.name) for m in records
                     if isinstance(m, Mechanism))
        return Document("Mechanisms", (Table(("id", "acronym", "type", "name"), rows),))
    if kind == "procedures":
        rows = tuple((p.id, ", ".join(p.mechanisms), p.title) for p in records
                     if isinstance(p, Procedure))
        return Document("Guides", (Table(("id", "mechanisms", "title"), rows),))
    rows = tuple((f.id, f.date, f.mechanism, ", ".join(f.countries), f.title) for f in records
                 if isinstance(f, Finding))
    return Document("Findings", (Table(("id", "date", "mechanism", "countries", "title"), rows),))


def theme_listing(kb: KnowledgeBase, themes: list[Theme]) -> Document:
    """The themes with how many records each has."""
    counts = {t.id: 0 for t in themes}
    for record in kb.all():
        for theme in kb.themes_of(record):
            if theme in counts:
                counts[theme] += 1
    rows = tuple((t.id, t.name, str(counts[t.id]), t.description) for t in themes)
    return Document("Themes", (Table(("id", "name", "records", "description"), rows),))


# --- one record ---------------------------------------------------------------------------


def show(kb: KnowledgeBase, record: Record) -> Document:
    """Everything about one record, with its related records."""
    if isinstance(record, Mechanism):
        return _show_mechanism(kb, record)
    if isinstance(record, Finding):
        return _show_finding(kb, record)
    return guide(kb, record)


def given(*pairs: tuple[str, str | None]) -> list[tuple[str, str]]:
    """The labelled values that are there: a record's optional fields without an empty line each."""
    return [(label, value) for label, value in pairs if value]


def _show_mechanism(kb: KnowledgeBase, m: Mechanism) -> Document:
    fields = given(("id", m.id), ("type", m.type), ("acronym", m.acronym),
                   ("part of", m.parent and f"{kb.mechanism(m.parent).name} ({m.parent})"),
                   ("legal basis", m.legal_basis), ("individual complaints", m.individual_complaints))
    fields += [("themes", ", ".join(m.themes)), ("official page", m.url),
               ("last reviewed", m.last_reviewed)]
    blocks: list[Block] = [Para(m.summary), Fields(tuple(fields))]
    children = kb.children(m)
    if children:
        blocks += [Heading("Mechanisms under it"),
                   Bullets(tuple(f"{c.title} — {c.id}" for c in children))]
    procedures = kb.procedures_for(m)
    if procedures:
        blocks += [Heading("How to engage it"),
                   Bullets(tuple(f"{p.title} — unmech guide {p.id}" for p in procedures))]
    findings = kb.findings_for(m)
    if findings:
        blocks += [Heading("What it has said on drug policy"),
                   Bullets(tuple(_finding_line(f) for f in findings))]
    blocks += _provenance(m.sources, m.unconfirmed)
    return Document(m.title, tuple(blocks))


def _finding_line(f: Finding) -> str:
    symbol = f" ({f.symbol})" if cite.adds(f.symbol, f.title) else ""
    return f"{f.date} — {f.title}{symbol} — {f.id}"


def _show_finding(kb: KnowledgeBase, f: Finding) -> Document:
    body = kb.mechanism(f.mechanism)
    fields = given(("id", f.id), ("issued by", f"{body.name} ({body.id})"), ("kind", f.kind),
                   ("authors", f.authors), ("symbol", f.symbol), ("date", f.date),
                   ("paragraphs", f.paragraphs),
                   ("countries", ", ".join(f"{kb.country_name(c)} ({c})" for c in f.countries)))
    fields += [("themes", ", ".join(f.themes)), ("document", f.url),
               ("last reviewed", f.last_reviewed)]
    blocks: list[Block] = []
    if f.stance != "protective":
        blocks.append(Callout("Note", (Para(
            "This finding went against people who use drugs." if f.stance == "adverse"
            else "This finding is mixed: parts of it go against people who use drugs."),)))
    blocks += [Para(f.summary), Fields(tuple(fields))]
    if f.quote:
        blocks += [Heading("Quote"), Para(f"“{f.quote}”")]
    blocks += [Heading("Cite it as"), Para(citation_for(kb, f))]
    blocks += [Heading("The body that issued it"),
               Bullets((f"{body.title} — unmech show {body.id}",))]
    blocks += _provenance(f.sources, f.unconfirmed)
    return Document(f.title, tuple(blocks))


def _provenance(sources: tuple[Source, ...], unconfirmed: tuple[str, ...]) -> list[Block]:
    # official and secondary sources first; each unofficial copy becomes one note naming the document
    lines = dict.fromkeys(source_line(s) for s in sorted(sources, key=lambda s: s.copy))
    blocks: list[Block] = [Heading("Sources"), Bullets(tuple(lines))]
    if unconfirmed:
        blocks += [Heading("Not confirmed"), Bullets(unconfirmed)]
    return blocks


def source_line(s: Source) -> str:
    """A source as one line: title, symbol, address, and whether it is secondary. An unofficial
    copy is never printed: the line names the document it copies and links the official one."""
    if s.copy:
        return cite.copy_note(s) + "."
    parts = [s.title]
    if s.symbol and cite.adds(s.symbol, s.title):
        parts.append(s.symbol)
    line = ", ".join(parts) + f" — {s.url}"
    return line + " (secondary source)" if s.secondary else line


# --- guides -------------------------------------------------------------------------------


def guide(kb: KnowledgeBase, p: Procedure, anchor: dt.date | None = None,
          with_checklist: bool = False, intro: tuple[Block, ...] = ()) -> Document:
    """The numbered, step-by-step guide to a procedure; ``with_checklist`` adds its boxes to
    tick (an exported guide is printed and worked through, so it carries them); ``intro``, a
    State's facts, comes first."""
    dates = schedule.step_dates(p, anchor) if anchor else [None] * len(p.steps)
    mechanisms = tuple(f"{kb.mechanism(m).title} — unmech show {m}" for m in p.mechanisms)
    blocks: list[Block] = [*intro, Para(p.summary), Heading("Who can use it"), Para(p.who_can_use)]
    if p.who_cannot_use:
        blocks += [Heading("Who cannot"), Para(p.who_cannot_use)]
    blocks += [Heading("Requirements"), Bullets(p.requirements), Heading("Steps")]
    if anchor:
        blocks.append(Callout("Dates", (Para(f"Counted from {anchor.isoformat()}: "
                                             f"{p.anchor or 'the date you gave'}."),
                                        Para(schedule.WARNING))))
    blocks.append(Steps(tuple(
        Step(s.title, s.detail, s.timing or "", d.isoformat() if d else "")
        for s, d in zip(p.steps, dates, strict=True))))
    blocks += [Heading("Deadlines and timing"), Bullets(p.deadlines),
               Callout("Safety", (Bullets(p.safety),))]
    if with_checklist and p.checklist:
        blocks += [Heading("Checklist"), Para("Tick each box before you send anything."),
                   Checklist(p.checklist)]
    blocks += [Heading("Mechanisms"), Bullets(mechanisms)]
    blocks += _provenance(p.sources, p.unconfirmed)
    blocks.append(Para(f"Last reviewed {p.last_reviewed}. Check the official pages for changes.",
                       muted=True))
    return Document(p.title, tuple(blocks))


def checklist(kb: KnowledgeBase, p: Procedure, anchor: dt.date | None = None,
              intro: tuple[Block, ...] = ()) -> Document:
    """A printable checklist: requirements, steps, the procedure's checklist and safety."""
    dates = schedule.step_dates(p, anchor) if anchor else [None] * len(p.steps)
    steps = tuple(f"{n}. {s.title}" + (f" (by {d.isoformat()})" if d else
                                       f" ({s.timing})" if s.timing else "")
                  for n, (s, d) in enumerate(zip(p.steps, dates, strict=True), 1))
    blocks: list[Block] = [
        *intro,
        Para(f"Guide: unmech guide {p.id} · last reviewed {p.last_reviewed}", muted=True),
        Heading("Before you start"), Checklist(p.requirements),
        Heading("Steps"), Checklist(steps),
        Heading("Check before sending"), Checklist(p.checklist),
        Heading("Safety"), Checklist(p.safety),
    ]
    if anchor:
        blocks.append(Para(schedule.WARNING, muted=True))
    return Document(f"Checklist: {p.title}", tuple(blocks))


# --- exports ------------------------------------------------------------------------------


def export(kb: KnowledgeBase, records: list[Record], title: str,
           intro: tuple[Block, ...] = ()) -> Document:
    """Several records in one document, with a contents list and a references section."""
    reviewed = max((r.last_reviewed for r in records), default=kb.review_date())
    blocks: list[Block] = [_generated(reviewed), *intro]
    if len(records) == 1:  # the record is the document: its sections are the contents
        blocks.extend(_exported(kb, records[0]).blocks)
    else:
        for record in records:
            page = _exported(kb, record)
            blocks.append(Heading(page.title, 2))
            blocks.extend(_demote(b) for b in page.blocks)
    blocks += [Heading("References", 2), Bullets(_references(records))]
    return Document(title, tuple(blocks), toc=True)


def _exported(kb: KnowledgeBase, record: Record) -> Document:
    """A record's page as it goes into an export: a guide with its checklist."""
    return guide(kb, record, with_checklist=True) if isinstance(record, Procedure) else show(kb, record)


def _demote(block: Block) -> Block:
    return Heading(block.text, min(block.level + 1, 4)) if isinstance(block, Heading) else block


def _references(records: list[Record]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for record in records:
        if isinstance(record, Finding):
            label = (f"{record.symbol}: {record.title}" if cite.adds(record.symbol, record.title)
                     else record.title)
            seen.setdefault(record.url, f"{label} — {record.url}")
        for s in record.sources:
            line = source_line(s)
            seen.setdefault(line if s.copy else s.url, line)
    return tuple(seen.values())


def export_title(records: list[Record]) -> str:
    """A title naming the records of a hand-picked export."""
    titles = [r.title for r in records]
    if len(titles) == 1:
        return titles[0]
    if len(titles) == 2:
        return f"{titles[0]} and {titles[1]}"
    return f"{titles[0]}, {titles[1]} and {len(titles) - 2} more"


def state_name(kb: KnowledgeBase, code: str) -> str:
    """A State's short name as the UN writes it where the ISO list agrees ("Viet Nam"), else
    the usual English name ("Iran" rather than "Iran, Islamic Republic of")."""
    names = kb.index.country_names().get(code) or []
    if names and "," not in names[0] and "(" not in names[0]:
        return str(names[0])
    return kb.country_name(code)


_WITH_THE = ("Republic", "Federation", "Kingdom", "States", "Islands", "Emirates", "Philippines",
             "Netherlands", "Gambia", "Bahamas", "Comoros", "Maldives", "Holy See")


def in_sentence(name: str) -> str:
    """A State's name as it reads mid-sentence: "the Russian Federation", "Viet Nam"."""
    return f"the {name}" if any(w in name for w in _WITH_THE) else name


class Pack(NamedTuple):
    """An advocacy pack and what it holds."""

    document: Document
    """The pack itself."""
    findings: int
    """How many findings it cites."""


def pack(kb: KnowledgeBase, theme: Theme, country: str | None, title: str | None = None) -> Pack:
    """An advocacy pack on a theme: findings on the State first, then where to take it (the
    guides and bodies in reach of that State) and the general findings to cite."""
    state = country_of(kb.compiled, country) if country else None
    systems = region.systems_of(state) if country else frozenset(region.SYSTEMS)
    findings = sorted((f for f in kb.records("findings") if theme.id in f.themes),
                      key=lambda f: f.date, reverse=True)
    own = [f for f in findings if country and country in f.countries]
    general = [f for f in findings if not f.countries]
    others = [f for f in findings if f.countries and f not in own]
    cited = {f.mechanism for f in own}
    mechanisms = [m for m in kb.records("mechanisms") if theme.id in m.themes
                  and (region.applies(m.id, systems) or m.id in cited)]
    in_reach = {m.id for m in mechanisms}
    # in the data's order, which puts the routes that take a case first
    procedures = {p.id: p for p in kb.records("procedures")
                  if in_reach & set(p.mechanisms)
                  and all(region.applies(x, systems) for x in p.mechanisms)}
    short = state_name(kb, country) if country else ""
    name = in_sentence(short)
    title = title or (f"{theme.name} — {short}" if country else f"Advocacy pack: {theme.name}")
    reviewed = max((r.last_reviewed for r in [*mechanisms, *procedures.values(), *own, *general]),
                   default=kb.review_date())
    blocks: list[Block] = [_generated(reviewed), Para(theme.description)]
    if state is not None:
        blocks += _glance(short, state)
    if country:
        blocks += [Heading(f"Findings on {name}")]
        if own:
            blocks.append(Para(f"What UN and other bodies have said about {name} on this theme, "
                               "newest first."))
            for f in own:
                blocks += _pack_finding(kb, f)
        else:
            blocks.append(Para(f"unmech's data holds no finding on {name} about "
                               f"{theme.name[0].lower()}{theme.name[1:]}. The general findings "
                               f"below apply to every State, {name} included."))
        blocks += [Heading("Regional system"),
                   Para(_regional_note(name, systems, region.unconfirmed_systems(state)))]
    blocks += [Heading("Where to take it")]
    blocks.append(Para("Each guide below is summarised; print it in full with the command shown. "
                       "Read its safety section before you name anyone."))
    for p in procedures.values():
        blocks += _pack_guide(p)
    blocks += [Heading("Bodies that can act"),
               Bullets(tuple(f"{m.title}: {_first_sentence(m.summary)} — unmech show {m.id}"
                             for m in mechanisms))]
    if general:
        blocks += [Heading("General findings to cite"),
                   Para("They apply to every State. Newest first."),
                   Bullets(tuple(citation_for(kb, f) for f in general))]
    if others and country:
        command = f"unmech list findings --theme {theme.id}"
        blocks += [Heading("Findings on other States"),
                   Para(f"{len(others)} findings on this theme concern other States than {name}. "
                        f"They can show a body's reasoning; list them with '{command}'.")]
    elif others:
        blocks += [Heading("Findings on particular States"),
                   Bullets(tuple(citation_for(kb, f) for f in others))]
    blocks.append(_safety(kb))
    blocks += [Heading("References"), Bullets(_references([*own, *general]
                                                         + ([] if country else others)))]
    return Pack(Document(title, tuple(blocks), toc=True), len(own) + len(general)
                + (0 if country else len(others)))


def state_pack(kb: KnowledgeBase, state: Country, routes: list[Route],
               title: str | None = None) -> Pack:
    """A State's pack, on every theme: its profile with each finding in full and the citation
    to use, then how to engage the bodies in reach of that State, safety, and references."""
    profile = country_profile(kb, state, routes, findings_in_full=True)
    own = [f for f in kb.select(Filters(type="finding", country=state.id)) if isinstance(f, Finding)]
    systems = region.systems_of(state)
    procedures = [p for p in kb.records("procedures")
                  if all(region.applies(x, systems) for x in p.mechanisms)]
    reviewed = max([state.last_reviewed, *(f.last_reviewed for f in own)])
    short = state_name(kb, state.id)
    blocks: list[Block] = [
        _generated(reviewed), *_glance(short, state),
        *profile.blocks,
        Heading("Where to take it"),
        Para("Each guide below is summarised; print it in full with the command shown, or "
             f"prepare it for {in_sentence(short)} with --country {state.id}. Read its safety "
             "section before you name anyone."),
        *(b for p in procedures for b in _pack_guide(p)),
        _safety(kb),
        Heading("References"), Bullets(_references(list[Record](own))),
    ]
    return Pack(Document(title or f"Advocacy pack: {short}", tuple(blocks), toc=True), len(own))


def _generated(reviewed: str) -> Block:
    return Para(f"Data last reviewed {reviewed}. Generated by unmech; check official pages before "
                "relying on deadlines.", muted=True)


def _glance(short: str, state: Country) -> list[Block]:
    """A State's doors in a few lines, under its name."""
    return [Heading(f"{short[:1].upper()}{short[1:]} at a glance"), state_summary(state)]


def _safety(kb: KnowledgeBase) -> Block:
    safety = "Never send a person's name or story without their informed consent."
    if "reprisals-report" in kb.compiled.ids("procedures"):
        safety += (" If anyone faces reprisals for engaging with the UN, see "
                   "'unmech guide reprisals-report'.")
    return Callout("Safety", (Para(safety),))


def _regional_note(name: str, systems: frozenset[str], unconfirmed: frozenset[str]) -> str:
    name = name[0].upper() + name[1:]
    check = ""
    if unconfirmed:
        which = " or ".join(region.SYSTEMS[s] for s in sorted(unconfirmed))
        check = (f" unmech's country facts do not confirm whether {name} belongs to {which}; "
                 "check the organisation's member list before relying on a regional route.")
    if not systems:
        return ("unmech's country facts confirm no membership of the regional human rights "
                "systems it covers (African, Inter-American, European, ASEAN), so only UN bodies "
                "are listed." + check)
    joined = " and ".join(region.SYSTEMS[s] for s in sorted(systems))
    return (f"{name} is a member of {joined}; that system's bodies are listed below, and no "
            "other region's. Whether the State accepts a regional court or complaint procedure "
            "is in the guide." + check)


def _pack_finding(kb: KnowledgeBase, f: Finding) -> list[Block]:
    fields = given(("issued by", kb.mechanism(f.mechanism).title), ("date", f.date),
                   ("authors", f.authors), ("symbol", f.symbol), ("paragraphs", f.paragraphs))
    blocks: list[Block] = [Heading(f.title, 3), Para(f.summary), Fields(tuple(fields))]
    if f.stance != "protective":
        blocks.append(Para("Note: this finding went against people who use drugs."
                           if f.stance == "adverse" else
                           "Note: parts of this finding go against people who use drugs."))
    if f.quote:
        blocks.append(Para(f"“{f.quote}”"))
    blocks.append(Para(f"Cite as: {citation_for(kb, f)}"))
    return blocks


def _pack_guide(p: Procedure) -> list[Block]:
    fields = [("who can use it", p.who_can_use)]
    if p.deadlines:
        fields.append(("deadline", p.deadlines[0]))
    fields.append(("full guide", f"unmech guide {p.id}"))
    return [Heading(p.title, 3), Para(p.summary), Fields(tuple(fields))]


def _first_sentence(text: str) -> str:
    head, dot, _ = " ".join(text.split()).partition(". ")
    return head + "." if dot else head


# --- countries and triage -----------------------------------------------------------------

#: The complaint routes of a profile: fact key -> the committee it opens, for short summaries.
FACT_LABELS_SHORT = {
    "iccpr-op1": "Human Rights Committee", "icescr-op": "CESCR", "cat-22": "Committee against Torture",
    "cerd-14": "CERD", "cedaw-op": "CEDAW Committee", "crc-op3": "Committee on the Rights of the Child",
    "crpd-op": "CRPD Committee", "ced-31": "Committee on Enforced Disappearances",
    "cmw-77": "Committee on Migrant Workers",
}
#: The facts that open a UN treaty body to individual complaints, in the order pages list them.
COMPLAINT_FACTS = tuple(FACT_LABELS_SHORT)
_STATUS_WORD = {"open": "OPEN", "closed": "CLOSED", "check": "CHECK"}


class _Refs:
    """Numbered sources for a page: each fact says [n], and the page ends with the list."""

    def __init__(self) -> None:
        self.sources: dict[FactSource, int] = {}

    def cite(self, source: FactSource | None) -> str:
        """' [n]' for this source (numbered on first use); nothing for no source."""
        if source is None:
            return ""
        return f" [{self.sources.setdefault(source, len(self.sources) + 1)}]"

    def blocks(self) -> list[Block]:
        """The Sources section, in the order the sources were first cited."""
        if not self.sources:
            return []
        return [Heading("Sources"), Bullets(tuple(f"[{n}] {_fact_source(s)}"
                                                  for s, n in self.sources.items()))]


def _fact_line(fact: Fact, refs: _Refs | None = None) -> str:
    if fact.is_open:
        line = f"{fact.label}: open — {fact.status}" + (f" since {fact.date}" if fact.date else "")
    elif fact.is_closed:
        line = f"{fact.label}: closed — {fact.status}" + (f" ({fact.date})" if fact.date else "")
    else:
        line = f"{fact.label}: not known to unmech — check the UN Treaty Collection or the body's site"
    if fact.note:
        line += f". {fact.note}"
    if refs is not None:
        line += refs.cite(fact.source)
    elif fact.source:
        line += f" [{_fact_source(fact.source)}]"
    return line


def _fact_source(s: FactSource) -> str:
    as_of = f", as at {s.as_of}" if s.as_of else ""
    return f"{s.title}{as_of} — {s.url}" + (" (secondary source)" if s.secondary else "")


def country_profile(kb: KnowledgeBase, country: Country, routes: list[Route],
                    findings_in_full: bool = False) -> Document:
    """A State's profile: complaint routes open or closed with their sources, regional system,
    UPR reviews, death penalty for drugs, findings on it (a line each, or in full with the
    citation to use) and the guides that apply."""
    refs = _Refs()
    blocks: list[Block] = [Fields((("code", country.id), ("region", country.region or "unknown"),
                                   ("last reviewed", country.last_reviewed)))]
    blocks += [Heading("Individual complaints to UN treaty bodies"),
               Bullets(tuple(_fact_line(country.fact(k), refs) for k in COMPLAINT_FACTS))]
    others = [f for k, f in country.facts.items() if k in TREATY_FACTS and k not in COMPLAINT_FACTS]
    if others:
        blocks += [Heading("UN treaties"), Bullets(tuple(_fact_line(f, refs) for f in others))]
    # a system the State cannot belong to is left out unless the data says something definite
    regional = [f for k, f in country.facts.items() if k in REGIONAL_FACTS and f.status != "not-member"
                and (f.status != "unknown" or region.within_reach(country, k))]
    blocks += [Heading("Regional system"),
               Bullets(tuple(_fact_line(f, refs) for f in regional)) if regional else
               Para("unmech has no regional membership on record for this State.")]
    blocks.append(Heading("Universal Periodic Review"))
    reviews = [f"Cycle {r.cycle or '?'}, session {r.session or '?'}: {r.date or 'date unknown'}"
               + (f", report {r.report}" if r.report else "") + (f". {r.note}" if r.note else "")
               + refs.cite(r.source) for r in country.reviews]
    nxt = country.next_review
    if nxt:
        reviews.append("Next review: " + (f"session {nxt.session}, {nxt.date}" if nxt.status == "scheduled"
                                          else {"not-scheduled": "not yet scheduled"}.get(nxt.status,
                                                                                         "not known"))
                       + (f" ({nxt.note})" if nxt.note else "") + refs.cite(nxt.source))
    blocks.append(Bullets(tuple(reviews)) if reviews else Para("No UPR reviews on record."))
    dp = country.death_penalty
    if dp:
        src = dp.get("source")
        blocks += [Heading("Death penalty for drug offences"), Bullets(tuple(
            x for x in (f"Category: {dp.get('category', 'unknown')}",
                        f"Drug-related executions in {dp.get('executions_year', '?')}: "
                        f"{dp.get('executions', 'unknown')}",
                        "Source:" + refs.cite(src) + (f", p. {dp['page']}" if dp.get("page") not in
                                                       (None, "unknown") else "") if src else "")
            if x))]
    if country.standing_invitation:
        blocks += [Heading("Standing invitation to the Special Procedures"),
                   Bullets((_fact_line(country.standing_invitation, refs),))]
    findings = [f for f in kb.select(Filters(type="finding", country=country.id))
                if isinstance(f, Finding)]
    blocks.append(Heading("What UN and regional bodies have said about this State"))
    if findings:
        by_body: dict[str, list[Finding]] = {}
        for f in sorted(findings, key=lambda f: f.date, reverse=True):
            by_body.setdefault(f.mechanism, []).append(f)
        for body, items in by_body.items():
            blocks.append(Heading(kb.mechanism(body).title, 3))
            if findings_in_full:
                blocks += [_demote(b) for f in items for b in _pack_finding(kb, f)]
            else:
                blocks.append(Bullets(tuple(_finding_line(f) for f in items)))
    else:
        blocks.append(Para("No findings on this State are in unmech's data yet."))
    guides = [f"{r.title}: {_STATUS_WORD[status]} — unmech guide {r.procedure}"
              for r in routes if r.procedure
              for status in (standing(r, country),)]
    blocks += [Heading("Routes and guides"), Bullets(tuple(guides)),
               Para(f"For the full reasoning: unmech triage --country {country.id}", muted=True)]
    blocks += refs.blocks()
    if country.unconfirmed:
        blocks += [Heading("Not confirmed"), Bullets(country.unconfirmed)]
    return Document(f"{country.name} ({country.id})", tuple(blocks))


def triage_page(kb: KnowledgeBase, assessments: list[Assessment], situation: Situation) -> Document:
    """Ranked routes for a situation: each open, closed or to check, why, and what it can do."""
    where = situation.country.name if situation.country else "any State"
    facts = [("State", where)]
    if situation.theme:
        facts.append(("theme", situation.theme))
    facts += [("urgent", "yes" if situation.urgent else "no"),
              ("domestic remedies exhausted", situation.remedies_exhausted)]
    if situation.since:
        facts.append(("final decision or events", situation.since.isoformat()))
    if situation.scope:
        facts.append(("situation", "one person or case" if situation.scope == "individual"
                      else "a pattern of violations"))
    refs = _Refs()
    blocks: list[Block] = [Fields(tuple(facts))]
    if situation.urgent:
        blocks.append(Callout("Urgent", (Para(
            "Routes that can act on a risk to life or health now come first. Send an urgent appeal at "
            "once; you can use a complaint route as well."),)))
    for n, a in enumerate(assessments, 1):
        r = a.route
        blocks.append(Heading(f"{n}. {r.title} — {_STATUS_WORD[a.status]}", 2))
        blocks.append(Bullets(tuple(f"{_STATUS_WORD[x.status]}: {x.text}{refs.cite(x.source)}"
                                    for x in a.reasons)))
        country = f" --country {situation.country.id}" if situation.country else ""
        fields = given(("can achieve", r.achieves), ("if urgent", r.urgent),
                       ("time limit", r.time_limit), ("how fast", r.speed), ("who may submit", r.who),
                       ("guide", r.procedure and f"unmech guide {r.procedure}{country}"),
                       ("rules from", "; ".join(s.url for s in r.sources)))
        blocks.append(Fields(tuple(fields)))
    blocks += refs.blocks()
    return Document(f"Which mechanism fits: {where}", tuple(blocks))


def country_listing(countries: list[Country]) -> Document:
    """A table of States with their open complaint routes and regional system."""
    rows = []
    for c in countries:
        open_routes = ", ".join(k for k in COMPLAINT_FACTS if c.fact(k).is_open) or "-"
        regional = ", ".join(k for k, f in c.facts.items()
                             if k in ("coe", "african-union", "oas", "asean") and f.is_open) or "-"
        rows.append((c.id, c.name, c.region or "", open_routes, regional))
    return Document("Countries", (Table(("code", "name", "region", "accepts complaints", "regional"),
                                        tuple(rows)),))


def for_state(kb: KnowledgeBase, p: Procedure, country: Country) -> tuple[Block, ...]:
    """``for_country`` with the routes ranked for the State as triage ranks them today."""
    import datetime as dt

    from unmech import triage
    from unmech.kb import routes_of

    ranked = triage.rank(routes_of(kb.compiled), triage.Situation(country), dt.date.today(), {})
    return for_country(p, country, ranked)


def for_country(p: Procedure, country: Country, assessments: list[Assessment]) -> tuple[Block, ...]:
    """What a guide means for one State: whether its routes are open there, and its UPR dates."""
    lines = []
    for a in assessments:
        if a.route.procedure != p.id:
            continue
        facts = "; ".join(_fact_line(country.fact(k)) for k in a.route.needs) or "no ratification needed"
        lines.append(f"{a.route.title}: {_STATUS_WORD[standing(a.route, country)]} — {facts}")
    if p.id.startswith("upr-"):
        nxt = country.next_review
        if nxt and nxt.status == "scheduled" and nxt.date:
            lines.append(f"Next UPR review: session {nxt.session}, {nxt.date}. OHCHR publishes the "
                         "stakeholder deadline for each session; check it on the UPR page.")
        else:
            last = country.reviews[-1] if country.reviews else None
            lines.append("Next UPR review: not scheduled in unmech's data"
                         + (f" ({nxt.note})" if nxt and nxt.note else "") + "."
                         + (f" Last review: cycle {last.cycle}, {last.date}." if last and last.date else ""))
    if not lines:
        lines.append("No eligibility rule in unmech's data ties this guide to a State's ratifications.")
    return (Callout(f"For {country.name}", (Bullets(tuple(lines)),)),)



def state_summary(country: Country) -> Block:
    """A State's doors in a few lines: complaint routes open, closed or unknown, and its UPR."""
    opened = [FACT_LABELS_SHORT[k] for k in COMPLAINT_FACTS if country.fact(k).is_open]
    closed = [FACT_LABELS_SHORT[k] for k in COMPLAINT_FACTS if country.fact(k).is_closed]
    unknown = len(COMPLAINT_FACTS) - len(opened) - len(closed)
    lines = [
        "UN individual complaints open: " + (", ".join(opened) or "none confirmed"),
        "Closed: " + (", ".join(closed) or "none confirmed"),
        f"Not known to unmech: {unknown} of {len(COMPLAINT_FACTS)} (check before relying on them)",
    ]
    last = country.reviews[-1] if country.reviews else None
    if last:
        lines.append(f"Last UPR review: cycle {last.cycle or '?'}, {last.date or 'date unknown'}")
    nxt = country.next_review
    if nxt and nxt.status == "scheduled" and nxt.date:
        lines.append(f"Next UPR review: {nxt.date}")
    lines.append(f"Full profile with sources: unmech country {country.id}")
    return Bullets(tuple(lines))
