"""Country facts: which treaties, declarations and regional systems bind a State, its UPR reviews,
and where each fact comes from. Pure: built from validated data, never printed here.

A fact is never inferred: a State that is party to the Convention against Torture has not
thereby accepted article 22. Where the data says nothing, the answer is "unknown", with the
official page to check.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from unmech.schema import REGIONS as REGIONS

#: Statuses that open a door (a route that needs this fact is open).
OPEN = frozenset({"party", "accepted", "member", "not-opted-out"})
#: Statuses that close it.
CLOSED = frozenset({"not-party", "signed", "denounced", "not-accepted", "withdrawn", "not-member",
                    "left", "opted-out"})

#: fact key -> what it is, in words (the order is the order of a profile)
TREATY_FACTS: dict[str, str] = {
    "iccpr": "International Covenant on Civil and Political Rights (ICCPR)",
    "iccpr-op1": "ICCPR Optional Protocol: complaints to the Human Rights Committee",
    "iccpr-op2": "ICCPR Second Optional Protocol: abolition of the death penalty",
    "icescr": "International Covenant on Economic, Social and Cultural Rights (ICESCR)",
    "icescr-op": "ICESCR Optional Protocol: complaints to CESCR",
    "cat": "Convention against Torture (CAT)",
    "cat-22": "CAT article 22: complaints to the Committee against Torture",
    "cat-28": "CAT article 28: inquiry procedure (opt-out)",
    "opcat": "Optional Protocol to CAT: prevention visits (SPT)",
    "cerd": "Convention on the Elimination of Racial Discrimination (CERD)",
    "cerd-14": "CERD article 14: complaints to CERD",
    "cedaw": "Convention on the Elimination of Discrimination against Women (CEDAW)",
    "cedaw-op": "CEDAW Optional Protocol: complaints to the CEDAW Committee",
    "crc": "Convention on the Rights of the Child (CRC)",
    "crc-op3": "CRC Optional Protocol on a communications procedure",
    "crpd": "Convention on the Rights of Persons with Disabilities (CRPD)",
    "crpd-op": "CRPD Optional Protocol: complaints to the CRPD Committee",
    "ced": "Convention for the Protection of All Persons from Enforced Disappearance (CED)",
    "ced-31": "CED article 31: complaints to the Committee on Enforced Disappearances",
    "cmw": "Convention on Migrant Workers (CMW)",
    "cmw-77": "CMW article 77: complaints to the Committee on Migrant Workers",
}
REGIONAL_FACTS: dict[str, str] = {
    "coe": "Council of Europe membership",
    "echr": "European Convention on Human Rights",
    "african-union": "African Union membership",
    "african-charter": "African Charter on Human and Peoples' Rights",
    "maputo": "Maputo Protocol on the Rights of Women in Africa",
    "african-court": "Protocol establishing the African Court on Human and Peoples' Rights",
    "african-court-34-6": "Article 34(6) declaration: individuals and NGOs may go to the African Court",
    "oas": "Organization of American States membership",
    "american-convention": "American Convention on Human Rights",
    "ia-court-jurisdiction": "Acceptance of the Inter-American Court's jurisdiction",
    "asean": "ASEAN membership (its human rights body takes no complaints)",
}
FACT_LABELS = {**TREATY_FACTS, **REGIONAL_FACTS}


class FactSource(NamedTuple):
    """Where a country fact comes from."""

    title: str
    """What the source is."""
    url: str
    """An address that opens it."""
    as_of: str | None = None
    """The date the source itself states ("status as at ..."), if any."""
    secondary: bool = False
    """True for a non-official source."""
    note: str | None = None
    """What was and was not checked on it."""


class Fact(NamedTuple):
    """One fact about a State: a treaty, a declaration or a membership, and its status."""

    key: str
    """Which fact, e.g. ``cat-22`` (see FACT_LABELS)."""
    status: str
    """party, accepted, member, not-party, ... or unknown."""
    source: FactSource | None
    """Where it comes from; None only for a fact the data does not have."""
    date: str | None = None
    """When it took effect (ratification, declaration, withdrawal)."""
    note: str | None = None
    """One plain sentence of context."""

    @property
    def label(self) -> str:
        """What the fact is about, in words."""
        return FACT_LABELS.get(self.key, self.key)

    @property
    def is_open(self) -> bool:
        """The State is bound: a route that needs this fact is open."""
        return self.status in OPEN

    @property
    def is_closed(self) -> bool:
        """The State is not bound: a route that needs this fact is closed."""
        return self.status in CLOSED


class Review(NamedTuple):
    """One Universal Periodic Review of a State."""

    cycle: int | None
    """The UPR cycle (3, 4, ...)."""
    session: int | None
    """The Working Group session."""
    date: str | None
    """The date of the review (or of the session's first day, as its note says)."""
    status: str
    """reviewed, scheduled, not-scheduled or unknown."""
    source: FactSource | None
    """Where it comes from."""
    report: str | None = None
    """The Working Group report symbol, where seen."""
    note: str | None = None
    """Context, such as an estimated year."""


class Country(NamedTuple):
    """A State: its facts, UPR reviews and death-penalty status, each with its source."""

    id: str
    """ISO 3166-1 alpha-3 code."""
    name: str
    """UN short name."""
    region: str | None
    """UN M49 region."""
    facts: dict[str, Fact]
    """Treaty, declaration and regional facts by key."""
    reviews: tuple[Review, ...]
    """Past UPR reviews, oldest first."""
    next_review: Review | None
    """The next UPR review, if the data says anything about it."""
    death_penalty: dict[str, Any] | None
    """The death penalty for drug offences (HRI Global Overview), with its source."""
    standing_invitation: Fact | None
    """Whether the State has a standing invitation to the Special Procedures."""
    last_reviewed: str
    """When the record was last checked."""
    unconfirmed: tuple[str, ...] = ()
    """What could not be confirmed."""

    def fact(self, key: str) -> Fact:
        """The fact with this key, or an unknown one when the data has none."""
        return self.facts.get(key) or Fact(key, "unknown", None)

    @classmethod
    def from_dict(cls, raw: dict[str, Any], sources: dict[str, dict[str, Any]]) -> Country:
        """Build a country from validated data and the shared sources it refers to."""

        def source(ref: Any) -> FactSource | None:
            found = sources.get(ref) if isinstance(ref, str) else None
            if found is None:
                return None
            return FactSource(found["title"], found["url"], found.get("as_of"),
                              bool(found.get("secondary")), found.get("note"))

        def fact(key: str, value: dict[str, Any]) -> Fact:
            return Fact(key, value["status"], source(value.get("source")), value.get("date"),
                        value.get("note"))

        facts = {k: fact(k, v) for group in ("treaties", "regional")
                 for k, v in (raw.get(group) or {}).items()}
        upr = raw.get("upr") or {}
        reviews = tuple(Review(r.get("cycle"), r.get("session"), r.get("date"),
                               r.get("status", "reviewed"), source(r.get("source")), r.get("report"),
                               r.get("note")) for r in upr.get("reviews") or ())
        nxt = upr.get("next")
        next_review = None if not nxt else Review(
            nxt.get("cycle"), nxt.get("session"), nxt.get("date"), nxt.get("status", "unknown"),
            source(nxt.get("source")), None,
            nxt.get("note") or (f"expected in {nxt['expected_year']} (an estimate)"
                                if nxt.get("expected_year") else None))
        dp = raw.get("death_penalty_drugs")
        death_penalty = None if not dp else {**dp, "source": source(dp.get("source"))}
        si = raw.get("standing_invitation")
        return cls(raw["id"], raw["name"], raw.get("region"), facts,
                   tuple(sorted(reviews, key=lambda r: r.date or "")), next_review, death_penalty,
                   fact("standing-invitation", si) if si else None, raw["last_reviewed"],
                   tuple(raw.get("unconfirmed") or ()))

