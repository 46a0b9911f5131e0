"""Which regional human rights system a State belongs to, and whether a mechanism applies to it.

Pure and standard-library only. Until the knowledge base holds country facts, membership comes
from the small table below: the member States of the four organisations whose bodies the
knowledge base describes. Membership of the organisation is what puts its commission in reach;
whether a State has accepted a court's jurisdiction or a complaint procedure is in each guide.
"""

from __future__ import annotations

from collections.abc import Set

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

# Member States (ISO 3166-1 alpha-3), from the organisations' own lists: au.int/en/member_states,
# oas.org/en/member_states, coe.int/en/web/portal/46-members-states, asean.org/member-states.
_MEMBERS: dict[str, frozenset[str]] = {
    "african-union": frozenset("""
        DZA AGO BEN BWA BFA BDI CPV CMR CAF TCD COM COG COD CIV DJI EGY GNQ ERI SWZ ETH GAB GMB
        GHA GIN GNB KEN LSO LBR LBY MDG MWI MLI MRT MUS MAR MOZ NAM NER NGA RWA ESH STP SEN SYC
        SLE SOM ZAF SSD SDN TZA TGO TUN UGA ZMB ZWE""".split()),
    # The Inter-American Commission still reports on Cuba, Nicaragua and Venezuela.
    "oas": frozenset("""
        ATG ARG BHS BRB BLZ BOL BRA CAN CHL COL CRI CUB DMA DOM ECU SLV GRD GTM GUY HTI HND JAM
        MEX NIC PAN PRY PER KNA LCA VCT SUR TTO USA URY VEN""".split()),
    # The Russian Federation ceased to be a member on 16 March 2022.
    "coe": frozenset("""
        ALB AND ARM AUT AZE BEL BIH BGR HRV CYP CZE DNK EST FIN FRA GEO DEU GRC HUN ISL IRL ITA
        LVA LIE LTU LUX MLT MDA MCO MNE NLD MKD NOR POL PRT ROU SMR SRB SVK SVN ESP SWE CHE TUR
        UKR GBR""".split()),
    "asean": frozenset("BRN KHM IDN LAO MYS MMR PHL SGP THA TLS VNM".split()),
}


def systems_of(country: str) -> frozenset[str]:
    """The regional systems a State (ISO alpha-3) belongs to; empty if none that unmech covers."""
    return frozenset(system for system, members in _MEMBERS.items() if country in members)


def applies(mechanism: str, systems: Set[str]) -> bool:
    """Whether a mechanism is in reach of a State that belongs to ``systems``: every UN body is;
    a regional body only for its own members; the others never by default."""
    if mechanism in OUTSIDE_UN:
        return False
    system = MECHANISM_SYSTEM.get(mechanism)
    return system is None or system in systems
