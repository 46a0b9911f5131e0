"""Regional membership from the country facts, and which mechanisms are in reach of a State."""

from __future__ import annotations

from unmech import region
from unmech.countries import Country, Fact, FactSource

SRC = FactSource("Member list", "https://www.coe.int/en/web/portal/members", "2026-01-01")


def state(region_name: str, **facts: str) -> Country:
    return Country("TST", "Testland", region_name,
                   {k.replace("_", "-"): Fact(k.replace("_", "-"), v, SRC) for k, v in facts.items()},
                   (), None, None, None, "2026-11-30")


def test_membership_comes_from_the_facts_never_from_the_region():
    assert region.systems_of(state("europe", coe="member")) == {"coe"}
    assert region.systems_of(state("europe", coe="left")) == set()
    assert region.systems_of(state("europe")) == set()
    assert region.systems_of(None) == set()


def test_a_membership_the_facts_lack_is_to_check_where_the_region_fits():
    assert region.unconfirmed_systems(state("asia")) == {"coe", "asean"}
    assert region.unconfirmed_systems(state("asia", asean="member", coe="not-member")) == set()
    assert region.unconfirmed_systems(state("oceania")) == set()


def test_applies():
    assert region.applies("wgad", set())
    assert region.applies("ecthr", {"coe"}) and not region.applies("ecthr", {"asean"})
    assert not region.applies("icc", {"coe", "oas", "african-union", "asean"})
    assert set(region.MECHANISM_SYSTEM.values()) <= set(region.SYSTEMS)
    assert set(region.SYSTEM_REGIONS) == set(region.SYSTEMS)
