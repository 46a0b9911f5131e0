"""The one declaration of the data format: every field of every record, its type and meaning.

The validator checks data against it, the record classes in models.py are built from it, and a
test holds docs/data-format.md to it. Standard library only; nothing here reads files.
"""

from __future__ import annotations

from typing import NamedTuple


class Field(NamedTuple):
    """One field of a record or of an item inside one."""

    name: str
    """The key, as written in the YAML."""
    required: bool
    """Whether a record without it is a problem."""
    type: str
    """How it is checked: str, strs (list of text), int, bool, id, url, day, date, a reference
    such as mechanism-ref, or a special type (sources, steps, treaty-facts, ...)."""


def _fields(*spec: tuple[str, bool, str]) -> tuple[Field, ...]:
    return tuple(Field(*f) for f in spec)


MECHANISM_TYPES = (
    "charter-body",
    "special-procedure",
    "treaty-body",
    "upr",
    "complaint-procedure",
    "regional",
    "court",
    "drug-control",
    "un-agency",
)
FINDING_KINDS = (
    "general-comment",
    "thematic-report",
    "concluding-observations",
    "opinion",
    "communication",
    "resolution",
    "upr-recommendation",
    "joint-statement",
    "judgment",
    "decision",
    "study",
    "guidelines",
)
STANCES = ("protective", "mixed", "adverse")

#: Every kind of record: its fields, in the order records are written.
RECORDS: dict[str, tuple[Field, ...]] = {
    "themes": _fields(
        ("id", True, "id"),
        ("name", True, "str"),
        ("description", True, "str"),
        ("keywords", False, "strs"),
        ("synonyms", False, "groups"),
    ),
    "mechanisms": _fields(
        ("id", True, "id"),
        ("name", True, "str"),
        ("acronym", False, "str"),
        ("type", True, "mechanism-type"),
        ("parent", False, "mechanism-ref"),
        ("summary", True, "str"),
        ("legal_basis", False, "str"),
        ("individual_complaints", False, "str"),
        ("themes", True, "theme-refs"),
        ("procedures", False, "procedure-refs"),
        ("url", True, "url"),
        ("keywords", False, "strs"),
        ("sources", True, "sources"),
        ("unconfirmed", False, "strs"),
        ("last_reviewed", True, "day"),
    ),
    "procedures": _fields(
        ("id", True, "id"),
        ("title", True, "str"),
        ("mechanisms", True, "mechanism-refs"),
        ("summary", True, "str"),
        ("who_can_use", True, "str"),
        ("who_cannot_use", False, "str"),
        ("requirements", True, "strs"),
        ("anchor", False, "str"),
        ("steps", True, "steps"),
        ("checklist", True, "strs"),
        ("deadlines", True, "strs"),
        ("safety", True, "strs"),
        ("keywords", False, "strs"),
        ("sources", True, "sources"),
        ("unconfirmed", False, "strs"),
        ("last_reviewed", True, "day"),
    ),
    "findings": _fields(
        ("id", True, "id"),
        ("mechanism", True, "mechanism-ref"),
        ("kind", True, "finding-kind"),
        ("authors", False, "str"),
        ("symbol", False, "str"),
        ("title", True, "str"),
        ("date", True, "date"),
        ("paragraphs", False, "str"),
        ("countries", False, "countries"),
        ("themes", True, "theme-refs"),
        ("stance", False, "stance"),
        ("summary", True, "str"),
        ("quote", False, "str"),
        ("url", True, "url"),
        ("keywords", False, "strs"),
        ("sources", True, "sources"),
        ("unconfirmed", False, "strs"),
        ("last_reviewed", True, "day"),
    ),
    "countries": _fields(
        ("id", True, "country-code"),
        ("name", True, "str"),
        ("region", False, "region"),
        ("treaties", False, "treaty-facts"),
        ("regional", False, "regional-facts"),
        ("upr", False, "upr"),
        ("death_penalty_drugs", False, "death-penalty"),
        ("standing_invitation", False, "fact"),
        ("last_reviewed", True, "day"),
        ("unconfirmed", False, "strs"),
    ),
    "routes": _fields(
        ("id", True, "id"),
        ("title", True, "str"),
        ("mechanism", True, "mechanism-ref"),
        ("procedure", False, "procedure-ref"),
        ("scope", False, "scope"),
        ("needs", False, "fact-keys"),
        ("exhaustion", False, "bool"),
        ("urgent", False, "str"),
        ("time_limit", False, "str"),
        ("time_limit_months", False, "int"),
        ("achieves", True, "str"),
        ("speed", False, "str"),
        ("who", True, "str"),
        ("themes", False, "theme-refs"),
        ("sources", True, "sources"),
        ("last_reviewed", True, "day"),
    ),
}

#: Items inside records: each list item or nested mapping and its fields.
ITEMS: dict[str, tuple[Field, ...]] = {
    "source": _fields(
        ("title", True, "str"),
        ("url", True, "url"),
        ("symbol", False, "str"),
        ("secondary", False, "bool"),
        ("copy", False, "bool"),
    ),
    "shared-source": _fields(
        ("title", True, "str"),
        ("url", True, "url"),
        ("as_of", False, "date"),
        ("secondary", False, "bool"),
        ("note", False, "str"),
    ),
    "fact": _fields(
        ("status", True, "fact-status"),
        ("date", False, "date"),
        ("source", True, "source-id"),
        ("note", False, "str"),
    ),
    "review": _fields(
        ("cycle", False, "int"),
        ("session", False, "int"),
        ("date", False, "date"),
        ("status", False, "review-status"),
        ("report", False, "str"),
        ("source", True, "source-id"),
        ("note", False, "str"),
        ("expected_year", False, "int"),
        ("estimate", False, "bool"),
    ),
    "death-penalty": _fields(
        ("category", False, "dp-category"),
        ("executions", False, "count"),
        ("executions_year", False, "int"),
        ("page", False, "int"),
        ("source", True, "source-id"),
        ("note", False, "str"),
    ),
    "step": _fields(
        ("title", True, "str"),
        ("detail", True, "str"),
        ("timing", False, "str"),
        ("offset_days", False, "int"),
    ),
}

REGIONS = ("africa", "americas", "asia", "europe", "oceania")
FACT_STATUSES = ("party", "signed", "not-party", "denounced", "accepted", "not-accepted", "withdrawn",
                 "member", "not-member", "left", "opted-out", "not-opted-out", "unknown", "yes", "no")
REVIEW_STATUSES = ("reviewed", "scheduled", "not-scheduled", "unknown")
DEATH_PENALTY_CATEGORIES = ("high-application", "low-application", "symbolic", "insufficient-data")
ROUTE_SCOPES = ("individual", "pattern", "any")


def table(fields: tuple[Field, ...]) -> dict[str, tuple[bool, str]]:
    """Fields as the validator uses them: name -> (required, type)."""
    return {f.name: (f.required, f.type) for f in fields}


#: name -> (required, type) for every kind of record.
SCHEMA: dict[str, dict[str, tuple[bool, str]]] = {kind: table(f) for kind, f in RECORDS.items()}
