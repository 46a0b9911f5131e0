"""Regional membership and which mechanisms are in reach of a State."""

from __future__ import annotations

from unmech import region


def test_systems_of_a_state():
    assert region.systems_of("VNM") == {"asean"}
    assert region.systems_of("BRA") == {"oas"}
    assert region.systems_of("GBR") == {"coe"}
    assert region.systems_of("ZAF") == {"african-union"}
    assert region.systems_of("RUS") == set()  # left the Council of Europe in 2022
    assert region.systems_of("JPN") == set()


def test_membership_table_sizes():
    sizes = {s: len(m) for s, m in region._MEMBERS.items()}
    assert sizes == {"african-union": 55, "oas": 35, "coe": 46, "asean": 11}


def test_applies():
    assert region.applies("wgad", set())
    assert region.applies("ecthr", {"coe"}) and not region.applies("ecthr", {"asean"})
    assert not region.applies("icc", {"coe", "oas", "african-union", "asean"})
    assert set(region.MECHANISM_SYSTEM.values()) <= set(region.SYSTEMS)
