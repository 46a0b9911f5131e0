"""Which regional human rights system a State belongs to, and whether a mechanism applies to it.

Pure. Membership comes from the country facts (data/countries.yaml), each with its source; a
membership the facts do not hold is never assumed. Membership of the organisation is what puts
its commission in reach; whether a State has accepted a court's jurisdiction or a complaint
procedure is in each guide.
"""

from __future__ import annotations

from collections.abc import Set
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from unmech.countries import Country

#: Regional system id -> its name.
SYSTEMS: dict[str, str] = {
    "african-union": "the African Union (African Charter on Human and Peoples' Rights)",
    "oas": "the Organization of American States (Inter-American system)",
    "coe": "the Council of Europe",
    "asean": "the Association of Southeast Asian Nations (ASEAN)",
}

#: Mechanism id -> the regional system it belongs to. Mechanisms not here are not regional.
MECHANISM_SYSTEM: dict[str, str] = {
    "achpr": "african-union",
    "african-court": "african-union",
    "iachr": "oas",
    "ia-court": "oas",
    "ecthr": "coe",
    "cpt": "coe",
    "pompidou-group": "coe",
    "aichr": "asean",
}

#: Bodies outside the UN that are not regional either: they appear in a State's pack only when
#: they have said something about that State.
OUTSIDE_UN: frozenset[str] = frozenset({"icc"})

#: Where an organisation's members can be (UN M49 regions): the African Union is open to
#: African States, the OAS to American States, ASEAN to South-East Asian States, and the Council
#: of Europe to European States, some of which (the South Caucasus, Türkiye, Cyprus) M49 puts in
#: Asia. A State outside these regions cannot be a member.
SYSTEM_REGIONS: dict[str, tuple[str, ...]] = {
    "african-union": ("africa",),
    "oas": ("americas",),
    "coe": ("europe", "asia"),
    "asean": ("asia",),
}


#: Regional fact key (data/countries.yaml) -> the system it belongs to.
FACT_SYSTEM: dict[str, str] = {
    "coe": "coe", "echr": "coe",
    "african-union": "african-union", "african-charter": "african-union", "maputo": "african-union",
    "african-court": "african-union", "african-court-34-6": "african-union",
    "oas": "oas", "american-convention": "oas", "ia-court-jurisdiction": "oas",
    "asean": "asean",
}


def within_reach(country: Country, fact_key: str) -> bool:
    """Whether a regional fact can concern the State at all: an unknown OAS membership says
    nothing about a State in Asia. A State whose region is not known is always in reach."""
    return reaches(FACT_SYSTEM.get(fact_key), country)


def reaches(system: str | None, country: Country | None) -> bool:
    """Whether a regional system's members can come from the State's region: always for no
    system, no State or a State whose region is not known."""
    regions = SYSTEM_REGIONS.get(system, ()) if system else ()
    return not regions or country is None or not country.region or country.region in regions


def systems_of(country: Country | None) -> frozenset[str]:
    """The regional systems the country facts confirm a State belongs to (member or party)."""
    if country is None:
        return frozenset()
    return frozenset(s for s in SYSTEMS if country.fact(s).is_open)


def unconfirmed_systems(country: Country | None) -> frozenset[str]:
    """Systems the State could belong to (its region fits) but whose membership the country
    facts neither confirm nor rule out: to be checked, never assumed."""
    if country is None:
        return frozenset()
    return frozenset(s for s, regions in SYSTEM_REGIONS.items()
                     if country.region in regions and not country.fact(s).is_open
                     and not country.fact(s).is_closed)


def applies(mechanism: str, systems: Set[str]) -> bool:
    """Whether a mechanism is in reach of a State that belongs to ``systems``: every UN body is;
    a regional body only for its own members; the others never by default."""
    if mechanism in OUTSIDE_UN:
        return False
    system = MECHANISM_SYSTEM.get(mechanism)
    return system is None or system in systems
