"""What each command shows, as format-neutral documents. Pure: no printing, no rich."""

from __future__ import annotations

import datetime as dt

from unmech import cite, schedule
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
from unmech.kb import KnowledgeBase
from unmech.models import Finding, Mechanism, Procedure, Record, Source, Theme
from unmech.search import Hit


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


def _show_mechanism(kb: KnowledgeBase, m: Mechanism) -> Document:
    fields = [("id", m.id), ("type", m.type)]
    if m.acronym:
        fields.append(("acronym", m.acronym))
    if m.parent:
        fields.append(("part of", f"{kb.mechanism(m.parent).name} ({m.parent})"))
    if m.legal_basis:
        fields.append(("legal basis", m.legal_basis))
    if m.individual_complaints:
        fields.append(("individual complaints", m.individual_complaints))
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
    symbol = f" ({f.symbol})" if f.symbol else ""
    return f"{f.date} — {f.title}{symbol} — {f.id}"


def _show_finding(kb: KnowledgeBase, f: Finding) -> Document:
    body = kb.mechanism(f.mechanism)
    fields = [("id", f.id), ("issued by", f"{body.name} ({body.id})"), ("kind", f.kind)]
    if f.symbol:
        fields.append(("symbol", f.symbol))
    fields.append(("date", f.date))
    if f.paragraphs:
        fields.append(("paragraphs", f.paragraphs))
    if f.countries:
        fields.append(("countries", ", ".join(f"{kb.country_name(c)} ({c})" for c in f.countries)))
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
    blocks: list[Block] = [Heading("Sources"), Bullets(tuple(source_line(s) for s in sources))]
    if unconfirmed:
        blocks += [Heading("Not confirmed"), Bullets(unconfirmed)]
    return blocks


def source_line(s: Source) -> str:
    """A source as one line: title, symbol, address, and whether it is secondary."""
    parts = [s.title]
    if s.symbol:
        parts.append(s.symbol)
    line = ", ".join(parts) + f" — {s.url}"
    return line + " (secondary source)" if s.secondary else line


# --- guides -------------------------------------------------------------------------------


def guide(kb: KnowledgeBase, p: Procedure, anchor: dt.date | None = None,
          with_checklist: bool = False) -> Document:
    """The numbered, step-by-step guide to a procedure; ``with_checklist`` adds its boxes to
    tick (an exported guide is printed and worked through, so it carries them)."""
    dates = schedule.step_dates(p, anchor) if anchor else [None] * len(p.steps)
    mechanisms = tuple(f"{kb.mechanism(m).title} — unmech show {m}" for m in p.mechanisms)
    blocks: list[Block] = [Para(p.summary), Heading("Who can use it"), Para(p.who_can_use)]
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


def checklist(kb: KnowledgeBase, p: Procedure, anchor: dt.date | None = None) -> Document:
    """A printable checklist: requirements, steps, the procedure's checklist and safety."""
    dates = schedule.step_dates(p, anchor) if anchor else [None] * len(p.steps)
    steps = tuple(f"{n}. {s.title}" + (f" (by {d.isoformat()})" if d else
                                       f" ({s.timing})" if s.timing else "")
                  for n, (s, d) in enumerate(zip(p.steps, dates, strict=True), 1))
    blocks: list[Block] = [
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
    blocks: list[Block] = [Para(f"Data last reviewed {reviewed}. Generated by unmech; "
                                "check official pages before relying on deadlines.", muted=True),
                           *intro]
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
            label = f"{record.symbol}: {record.title}" if record.symbol else record.title
            seen.setdefault(record.url, f"{label} — {record.url}")
        for s in record.sources:
            seen.setdefault(s.url, source_line(s))
    return tuple(seen.values())


def pack(kb: KnowledgeBase, theme: Theme, country: str | None) -> tuple[str, list[Record],
                                                                         tuple[Block, ...]]:
    """An advocacy pack on a theme: mechanisms, their guides, and findings to cite."""
    mechanisms = [m for m in kb.records("mechanisms") if theme.id in m.themes]
    procedures: dict[str, Procedure] = {}
    for m in mechanisms:
        for p in kb.procedures_for(m):
            procedures.setdefault(p.id, p)
    findings = [f for f in kb.records("findings") if theme.id in f.themes]
    findings.sort(key=lambda f: f.date, reverse=True)
    if country:
        findings.sort(key=lambda f: country not in f.countries)
    title = f"Advocacy pack: {theme.name}" + (f" — {kb.country_name(country)}" if country else "")
    intro: tuple[Block, ...] = (Para(theme.description),
                                Para(f"{len(mechanisms)} mechanisms, {len(procedures)} guides, "
                                     f"{len(findings)} findings."
                                     + (" Findings on this country come first." if country else "")))
    return title, [*mechanisms, *procedures.values(), *findings], intro
