"""The records of the knowledge base, as frozen dataclasses built from validated data."""

from __future__ import annotations

from typing import Any, NamedTuple


def _tuple(raw: dict[str, Any], key: str) -> tuple[str, ...]:
    return tuple(raw.get(key) or ())


class Source(NamedTuple):
    """A document or page that a record rests on."""

    title: str
    """What the source is."""
    url: str
    """An address that opens it."""
    symbol: str | None = None
    """The UN document symbol or case number, if any."""
    secondary: bool = False
    """True when the source is a reputable secondary source (an NGO, academic or news report)."""
    copy: bool = False
    """True when the source is an unofficial copy of a document: never printed, exported or cited."""

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Source:
        """Build a source from validated data."""
        return cls(raw["title"], raw["url"], raw.get("symbol"), bool(raw.get("secondary")),
                   bool(raw.get("copy")))


#: How each declared field type becomes a record attribute (others are kept as they are).
_CONVERT: dict[str, Any] = {
    "strs": tuple, "theme-refs": tuple, "mechanism-refs": tuple, "procedure-refs": tuple,
    "countries": tuple,
    "sources": lambda items: tuple(Source.from_dict(i) for i in items),
    "steps": lambda items: tuple(Step.from_dict(i) for i in items),
}


def _values(raw: dict[str, Any], kind: str, names: tuple[str, ...]) -> dict[str, Any]:
    """A record's attributes from its data, converted by the types declared in schema.py; a
    missing optional field takes the record class's default."""
    from unmech.schema import RECORDS

    out = {}
    for field in RECORDS[kind]:
        value = raw.get(field.name)
        if field.name in names and value is not None:
            convert = _CONVERT.get(field.type)
            out[field.name] = convert(value) if convert else value
    return out


class Step(NamedTuple):
    """One step of an engagement guide."""

    title: str
    """What to do, in a few words."""
    detail: str
    """How to do it."""
    timing: str | None = None
    """When, in words."""
    offset_days: int | None = None
    """Days after the procedure's anchor date (negative: before)."""

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Step:
        """Build a step from validated data."""
        return cls(raw["title"], raw["detail"], raw.get("timing"), raw.get("offset_days"))


class Theme(NamedTuple):
    """A harm or right that records are tagged with."""

    id: str
    """Kebab-case id."""
    name: str
    """Display name."""
    description: str
    """What the theme covers."""
    keywords: tuple[str, ...] = ()
    """Related terms, also in other languages, that search maps to this theme."""
    synonyms: tuple[tuple[str, ...], ...] = ()
    """Groups of terms that mean the same thing ("OST", "opioid substitution", "methadone")."""

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Theme:
        """Build a theme from validated data."""
        groups = tuple(tuple(g) for g in raw.get("synonyms") or ())
        return cls(raw["id"], raw["name"], raw["description"], _tuple(raw, "keywords"), groups)


class Mechanism(NamedTuple):
    """A UN, regional or drug-control body that advocates can engage."""

    id: str
    """Kebab-case id."""
    name: str
    """Full official name."""
    type: str
    """One of the mechanism types (treaty-body, special-procedure, ...)."""
    summary: str
    """What it is and what it can do, in plain words."""
    url: str
    """Its official page."""
    last_reviewed: str
    """When the record was last checked against its sources (YYYY-MM-DD)."""
    acronym: str | None = None
    """The usual short name."""
    parent: str | None = None
    """Id of the mechanism it belongs to."""
    legal_basis: str | None = None
    """The treaty, resolution or statute that creates it."""
    individual_complaints: str | None = None
    """Whether and how it takes individual complaints."""
    themes: tuple[str, ...] = ()
    """Theme ids."""
    procedures: tuple[str, ...] = ()
    """Ids of the guides to engage it."""
    keywords: tuple[str, ...] = ()
    """Aliases for search."""
    sources: tuple[Source, ...] = ()
    """What the record rests on."""
    unconfirmed: tuple[str, ...] = ()
    """Facts that could not be confirmed."""

    @property
    def record_type(self) -> str:
        """mechanism, procedure or finding."""
        return "mechanism"

    @property
    def title(self) -> str:
        """The name with its acronym."""
        if not self.acronym or f"({self.acronym})" in self.name:
            return self.name
        return f"{self.name} ({self.acronym})"

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Mechanism:
        """Build a mechanism from validated data, field by field as schema.py declares them."""
        return cls(**_values(raw, "mechanisms", cls._fields))


class Procedure(NamedTuple):
    """A step-by-step guide to engaging one or more mechanisms."""

    id: str
    """Kebab-case id."""
    title: str
    """What the guide helps you do."""
    summary: str
    """One paragraph."""
    who_can_use: str
    """Who may use this route."""
    last_reviewed: str
    """When the record was last checked against its sources (YYYY-MM-DD)."""
    mechanisms: tuple[str, ...] = ()
    """Ids of the mechanisms it engages."""
    who_cannot_use: str | None = None
    """Who may not, or when the route is closed."""
    requirements: tuple[str, ...] = ()
    """Conditions to meet before using it."""
    anchor: str | None = None
    """The date that step offsets count from, in words."""
    steps: tuple[Step, ...] = ()
    """The numbered steps."""
    checklist: tuple[str, ...] = ()
    """Things to tick off."""
    deadlines: tuple[str, ...] = ()
    """Deadlines and typical timing."""
    safety: tuple[str, ...] = ()
    """Consent, confidentiality, publicity and reprisals."""
    keywords: tuple[str, ...] = ()
    """Aliases for search."""
    sources: tuple[Source, ...] = ()
    """What the record rests on."""
    unconfirmed: tuple[str, ...] = ()
    """Facts that could not be confirmed."""

    @property
    def record_type(self) -> str:
        """mechanism, procedure or finding."""
        return "procedure"

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Procedure:
        """Build a procedure from validated data, field by field as schema.py declares them."""
        return cls(**_values(raw, "procedures", cls._fields))


class Finding(NamedTuple):
    """Something a mechanism has said or decided on drug policy."""

    id: str
    """Kebab-case id."""
    mechanism: str
    """Id of the body that issued it."""
    kind: str
    """general-comment, thematic-report, judgment, ..."""
    title: str
    """The document's title."""
    date: str
    """YYYY, YYYY-MM or YYYY-MM-DD."""
    summary: str
    """What it says, in plain words."""
    url: str
    """Opens the document or its official page."""
    last_reviewed: str
    """When the record was last checked against its sources (YYYY-MM-DD)."""
    authors: str | None = None
    """Who wrote it, where that is not the mechanism alone (cited in its place)."""
    symbol: str | None = None
    """The UN document symbol or case number."""
    paragraphs: str | None = None
    """Where the key statement sits."""
    countries: tuple[str, ...] = ()
    """ISO 3166-1 alpha-3 codes."""
    themes: tuple[str, ...] = ()
    """Theme ids."""
    stance: str = "protective"
    """protective, mixed or adverse (went against people who use drugs)."""
    quote: str | None = None
    """A short exact quote."""
    keywords: tuple[str, ...] = ()
    """Aliases for search."""
    sources: tuple[Source, ...] = ()
    """What the record rests on."""
    unconfirmed: tuple[str, ...] = ()
    """Facts that could not be confirmed."""

    @property
    def record_type(self) -> str:
        """mechanism, procedure or finding."""
        return "finding"

    @property
    def year(self) -> str:
        """The year it was issued."""
        return self.date[:4]

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Finding:
        """Build a finding from validated data, field by field as schema.py declares them."""
        return cls(**_values(raw, "findings", cls._fields))


Record = Mechanism | Procedure | Finding

#: The top-level lists of a data file, in order, and the record type of each. A file may also
#: hold ``sources``: a mapping of source ids to sources, which country facts refer to.
KINDS: dict[str, str] = {
    "themes": "theme",
    "mechanisms": "mechanism",
    "procedures": "procedure",
    "findings": "finding",
    "countries": "country",
    "routes": "route",
}
#: The top-level mapping of shared sources, and where merged data keeps it.
SOURCES, MERGED_SOURCES = "sources", "country_sources"



class Problem(NamedTuple):
    """Something wrong in a data file, with where it is."""

    file: str
    """The file's path as the user gave it."""
    line: int | None
    """1-based line, where known."""
    path: str
    """Where in the data: ``findings[wgad-2021-study].date``; empty for the whole file."""
    message: str
    """What is wrong and what was expected."""
    column: int | None = None
    """1-based column, where known."""

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where} {self.path}: {self.message}" if self.path else f"{where}: {self.message}"
