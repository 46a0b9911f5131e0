"""Pre-filled skeletons of the documents procedures expect, and the case files that fill them.

Pure: builds documents from the knowledge base and a case file's plain data; never reads files
or prints. A draft never invents facts: what the data knows (findings on the State, the guide's
requirements, safety and consent advice) is filled in, with its source; everything else is a
marked placeholder ``[[TO FILL: what — why]]`` until a case file supplies it.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from unmech import region
from unmech.document import Block, Bullets, Callout, Checklist, Document, Heading, Para
from unmech.kb import KnowledgeBase, suggest
from unmech.models import Finding, Problem, Procedure


class Field(NamedTuple):
    """Something the advocate must supply."""

    key: str
    """Its name in a case file."""
    label: str
    """What it is."""
    why: str
    """Why the body needs it, in one line."""


class Section(NamedTuple):
    """A part of the document, with the fields it holds."""

    heading: str
    """The section's title."""
    fields: tuple[Field, ...]
    """What goes in it."""


class Skeleton(NamedTuple):
    """The document a procedure expects."""

    name: str
    """What the document is called."""
    sections: tuple[Section, ...]
    """Its parts, in order."""
    cite: str
    """Which findings to offer for citation: 'all', 'concluding-observations' or 'upr'."""


_SENDER = Section("Who is sending this", (
    Field("sender", "your name or organisation, with contact details",
       "anonymous submissions are not considered; say what must stay confidential"),
    Field("confidential", "what must not be disclosed to the government or published",
       "the body keeps the source confidential when asked"),
))
_CONSENT = Field("consent", "how and when the person (or family) consented to this submission",
              "no one may be named without informed consent")

SKELETONS: dict[str, Skeleton] = {
    "sp-communication": Skeleton("Urgent appeal or allegation letter to the UN Special Procedures", (
        _SENDER,
        Section("The alleged victim(s)", (
            Field("victim", "name(s), or a description of the group or community",
               "the experts must know who is affected"),
            Field("victim_details", "sex, age, nationality, occupation, where they are now",
               "it identifies the person to the government and shows the risk"),
            _CONSENT,
        )),
        Section("What happened", (
            Field("date", "date(s) of the events", "places the facts in time"),
            Field("place", "where it happened (town, police station, centre, prison)",
               "places the facts and the authority responsible"),
            Field("facts", "a short account of what happened, in order",
               "the experts act only on a credible, detailed account"),
            Field("perpetrators", "who is believed responsible (police, prison or health staff, others)",
               "a communication is addressed to those responsible"),
        )),
        Section("Steps taken in the country", (
            Field("domestic_steps", "complaints made to the police, courts, a national human rights "
               "institution, and the response", "not required, but shows the State knew"),
        )),
        Section("What you ask for", (
            Field("request", "urgent appeal (happening or about to happen) or allegation letter "
               "(already happened), and what the government should do",
               "decides how fast and in what form the experts act"),
        )),
    ), "all"),
    "wgad-petition": Skeleton("Petition to the Working Group on Arbitrary Detention", (
        Section("I. Identity of the person detained", (
            Field("victim", "family name, first name", "identifies the person to the government"),
            Field("victim_details", "sex, date of birth, nationality, identity document, profession, "
               "usual address", "the model questionnaire asks for them"),
            _CONSENT,
        )),
        Section("II. Arrest", (
            Field("arrest_date", "date and place of arrest", "places the facts"),
            Field("arrest_by", "forces that carried out the arrest; whether a warrant was shown and "
               "by whom it was issued", "shows whether there was any legal basis"),
            Field("arrest_reasons", "reasons given for the arrest and the law relied on",
               "WGAD tests the detention against its legal basis"),
        )),
        Section("III. Detention", (
            Field("detention_place", "where the person is held (prison, police cell, drug "
               "'treatment' centre) and by which authority", "identifies who is responsible"),
            Field("detention_since", "since when, and for how long", "long or indefinite "
               "detention weighs in the opinion"),
            Field("detention_basis", "court decisions, charges, or the administrative order "
               "relied on", "shows whether the detention has a legal basis"),
        )),
        Section("IV. Why the detention is arbitrary", (
            Field("categories", "which of WGAD's categories apply, and why",
               "the opinion is given against those categories"),
            Field("facts", "the facts that show it, in order", "the opinion rests on them"),
        )),
        Section("V. Steps taken in the country", (
            Field("domestic_steps", "appeals, habeas corpus, complaints and their results",
               "not required, but shows the State was told"),
        )),
        Section("VI. Who submits the petition", (
            *_SENDER.fields,
            Field("request", "regular procedure, urgent action, or both",
               "urgent action is for when health or life is at risk"),
        )),
    ), "all"),
    "upr-stakeholder-submission": Skeleton("Stakeholder submission to the Universal Periodic Review", (
        Section("Cover page", (
            *_SENDER.fields,
            Field("coalition", "the organisations submitting jointly, if any",
               "joint submissions carry more weight and a higher word limit"),
            Field("session", "the UPR session and cycle", "the deadline is set per session"),
        )),
        Section("Summary", (
            Field("summary", "the issues and your main recommendations, in a few lines",
               "OHCHR summarises each submission in a few sentences"),
        )),
        Section("Methodology", (
            Field("methodology", "how the information was gathered (community consultation, "
               "documented cases, data)", "shows the information is reliable"),
        )),
        Section("Issue: the situation and the previous recommendations", (
            Field("implementation", "what the State did with the recommendations listed below",
               "the review follows up the previous cycle"),
            Field("facts", "what has happened since the last review, with figures and cases",
               "new information is what the summary uses"),
        )),
        Section("Recommendations", (
            Field("recommendations", "specific, measurable recommendations the State can accept",
               "States copy precise recommendations into their own"),
        )),
    ), "upr"),
    "tb-alternative-report": Skeleton("Alternative report to a UN treaty body", (
        Section("Cover page", (
            *_SENDER.fields,
            Field("committee", "the committee, the session, and the State's report it responds to",
               "each committee sets its own deadlines per session"),
        )),
        Section("Summary", (
            Field("summary", "the issues and your suggested questions and recommendations",
               "committee members read the summary first"),
        )),
        Section("Article by article", (
            Field("articles", "for each article of the treaty at stake: the article, what the State "
               "says, what is happening, and the evidence",
               "the committee reviews the State article by article"),
            Field("implementation", "what the State did with the committee's previous concluding "
               "observations listed below", "the committee follows up its own recommendations"),
        )),
        Section("Suggested questions and recommendations", (
            Field("recommendations", "questions for the State and recommendations for the "
               "concluding observations", "members often take them up in the dialogue"),
        )),
    ), "concluding-observations"),
    "tb-individual-complaint": Skeleton("Individual complaint to a UN treaty body", (
        Section("The author and the victim", (
            Field("victim", "name of the victim (and of the author, if different)",
               "complaints cannot be anonymous"),
            Field("victim_details", "date of birth, nationality, address for correspondence",
               "the committee writes to the author"),
            Field("authorisation", "signed authorisation if someone else submits for the victim",
               "the committee needs proof it acts with the victim's consent"),
        )),
        Section("The State and the treaty", (
            Field("committee", "the committee and the treaty", "each committee hears complaints "
               "under its own treaty"),
            Field("acceptance", "when the State accepted the committee's competence",
               "events must be after it, or continue after it"),
            Field("articles", "the articles violated, and how", "the committee rules on each"),
        )),
        Section("The facts", (
            Field("date", "dates of the events", "places the facts after the State's acceptance"),
            Field("facts", "what happened, in order, with documents", "the decision rests on them"),
        )),
        Section("Admissibility", (
            Field("domestic_steps", "every domestic remedy used, with dates and results, or why none "
               "was available or effective", "remedies must be exhausted"),
            Field("other_procedure", "whether the matter is or was before another international "
               "procedure", "most committees refuse a matter examined elsewhere"),
        )),
        Section("What you ask for", (
            Field("request", "the remedies sought, and any interim measures (for example to stop "
               "an execution)", "interim measures protect the victim while the case is pending"),
        )),
    ), "all"),
}

#: Keys a case file may hold besides the facts.
_CASE_KEYS = ("country", "theme", "facts")


MARK = "[[TO FILL:"
"""How every placeholder starts, so an advocate can search for what is left."""


def placeholder(field: Field) -> str:
    """The marked gap an advocate must fill."""
    return f"{MARK} {field.label} — {field.why}]]"


def fields_of(procedure: str) -> tuple[Field, ...]:
    """Every field of a procedure's skeleton."""
    return tuple(f for s in SKELETONS[procedure].sections for f in s.fields)


def check_case(data: Any, file: str, procedure: str, lines: dict[tuple[Any, ...], int] | None = None,
               is_country: Any = None, themes: tuple[str, ...] = ()) -> list[Problem]:
    """Problems in a case file's plain data, each with where it is."""
    lines = lines or {}

    def problem(path: tuple[Any, ...], where: str, message: str) -> Problem:
        return Problem(file, lines.get(path) or lines.get(path[:-1]), where, message)

    if not isinstance(data, dict):
        return [problem((), "", "a case file is a mapping with 'facts:' (see docs/data-format.md)")]
    out = []
    for key in data:
        if key not in _CASE_KEYS:
            close = suggest(str(key), list(_CASE_KEYS))
            hint = f"; did you mean {close[0]}?" if close else ""
            out.append(problem((key,), str(key), f"unknown key{hint} A case file holds "
                               + ", ".join(_CASE_KEYS)))
    country = data.get("country")
    if country is not None and not (isinstance(country, str) and (is_country is None
                                                                  or is_country(country))):
        out.append(problem(("country",), "country", "expected an ISO 3166 alpha-3 code, e.g. VNM"))
    theme = data.get("theme")
    if theme is not None and themes and theme not in themes:
        close = suggest(str(theme), list(themes))
        out.append(problem(("theme",), "theme", "unknown theme"
                           + (f"; did you mean {close[0]}?" if close else "")))
    facts = data.get("facts")
    if facts is None:
        return out
    if not isinstance(facts, dict):
        return [*out, problem(("facts",), "facts", "expected a mapping of field: text")]
    known = [f.key for f in fields_of(procedure)]
    for key, value in facts.items():
        path = f"facts.{key}"
        if key not in known:
            close = suggest(str(key), known)
            hint = f"did you mean {close[0]}? " if close else ""
            out.append(problem(("facts", key), path, f"not a field of the {procedure} draft; {hint}"
                               f"its fields are {', '.join(known)}"))
        elif not isinstance(value, str | int | float) or isinstance(value, bool) or not str(value).strip():
            out.append(problem(("facts", key), path, "expected text"))
    return out


def build(kb: KnowledgeBase, procedure: Procedure, country: str | None, theme: str | None,
          facts: dict[str, str] | None = None) -> Document:
    """The draft: what the data knows, filled in; everything else a marked placeholder."""
    from unmech import pages

    skeleton = SKELETONS[procedure.id]
    facts = facts or {}
    name = pages.state_name(kb, country) if country else ""
    where = f" — {name}" if country else ""
    country_name = pages.in_sentence(name) if country else ""
    blocks: list[Block] = [
        Para(f"Draft prepared with unmech from the guide '{procedure.id}' (last reviewed "
             f"{procedure.last_reviewed}). Check the official pages before sending.", muted=True),
        Callout("How to use this draft", (Para(
            "Replace every [[TO FILL …]] placeholder with the facts of your case, then delete what does not "
            "apply. Nothing in this draft was invented: the findings and requirements come from "
            "unmech's data, with their sources, and the rest is left for you to supply."),)),
        Callout("Safety and consent", (Bullets(procedure.safety),)),
    ]
    if not country:
        blocks.append(Para(placeholder(Field("country", "the State concerned",
                                             "the body writes to that government")) + " "
                           "(give --country to fill in what unmech knows about it)"))
    from unmech.kb import country_of

    state = country_of(kb.compiled, country) if country else None
    if state is not None:
        blocks += _state_facts(kb, procedure, state)
    for section in skeleton.sections:
        blocks.append(Heading(section.heading))
        for f in section.fields:
            value = " ".join(str(facts.get(f.key, "")).split())
            blocks.append(Para(f"{f.label[:1].upper()}{f.label[1:]}: {value}" if value
                               else placeholder(f)))
    blocks += _citable(kb, procedure, skeleton, country, country_name, theme, state)
    blocks += [Heading("What the guide requires"),
               Para(f"From 'unmech guide {procedure.id}'; tick each before you send."),
               Checklist(procedure.requirements + procedure.checklist)]
    if procedure.deadlines:
        blocks += [Heading("Deadlines"), Bullets(procedure.deadlines)]
    blocks += [Heading("Sources"), Bullets(tuple(pages.source_line(s) for s in procedure.sources))]
    return Document(f"Draft: {skeleton.name}{where}", tuple(blocks))


def _state_facts(kb: KnowledgeBase, procedure: Procedure, state: Any) -> list[Block]:
    """Whether this procedure's routes are open in the State, and its UPR dates, from the
    country facts with their sources."""
    from unmech import pages

    return [Heading(f"{state.name}: is this route open?"), *pages.for_state(kb, procedure, state)]


def gaps(doc: Document) -> int:
    """How many placeholders are left to fill in a draft."""
    count = 0

    def walk(value: Any) -> None:
        nonlocal count
        if isinstance(value, str):
            count += value.count(MARK)
        elif isinstance(value, tuple):
            for item in value:
                walk(item)

    walk(doc.blocks)
    return count


def _citable(kb: KnowledgeBase, procedure: Procedure, skeleton: Skeleton, country: str | None,
             name: str, theme: str | None, state: Any = None) -> list[Block]:
    findings = [f for f in kb.records("findings") if (not theme or theme in f.themes)]
    findings.sort(key=lambda f: f.date, reverse=True)
    own = [f for f in findings if country and country in f.countries]
    if skeleton.cite == "upr":
        title, own = "Previous UPR recommendations", [f for f in own if f.kind == "upr-recommendation"]
    elif skeleton.cite == "concluding-observations":
        title, own = ("Previous concluding observations",
                      [f for f in own if f.kind == "concluding-observations"])
    else:
        title = "Findings to cite"
    blocks: list[Block] = [Heading(title + (f" on {name}" if country else ""))]
    if not country:
        blocks.append(Para("No State was named (unmech draft --country ISO3), so no findings on "
                           "one are listed."))
    elif own:
        blocks.append(Bullets(tuple(_cite_line(kb, f) for f in own)))
    else:
        blocks.append(Para(f"unmech's data holds none on {name}"
                           + (f" about {theme}" if theme else "") + ". Search the body's own "
                           "database (for example the Universal Human Rights Index) before you "
                           "write that there are none."))
    # without a theme, what the procedure's own bodies have said in general
    systems = region.systems_of(state) if country else frozenset(region.SYSTEMS)
    general = [f for f in findings if not f.countries and region.applies(f.mechanism, systems)
               and (theme or f.mechanism in procedure.mechanisms)][:6]
    if general:
        blocks += [Heading("General findings to cite"), Bullets(tuple(_cite_line(kb, f)
                                                                      for f in general))]
    return blocks


def _cite_line(kb: KnowledgeBase, f: Finding) -> str:
    from unmech import cite

    return cite.citation(f, kb.mechanism(f.mechanism).name)
