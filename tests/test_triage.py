"""The eligibility engine: routes open, closed or to check, and their order."""

from __future__ import annotations

import datetime as dt

from unmech.countries import Country, Fact, FactSource
from unmech.triage import Route, Situation, assess, rank

SRC = FactSource("Test source", "https://undocs.org/TEST/1", "2024-01-01")
TODAY = dt.date(2026, 11, 30)


def state(**facts: str) -> Country:
    return Country("TST", "Testland", "asia",
                   {k.replace("_", "-"): Fact(k.replace("_", "-"), v, SRC) for k, v in facts.items()},
                   (), None, None, None, "2026-11-30")


def route(**over: object) -> Route:
    base: dict[str, object] = {
        "id": "r", "title": "A route", "mechanism": "cat", "procedure": "tb-individual-complaint",
        "scope": "individual", "needs": ("cat-22",), "exhaustion": True, "urgent": None,
        "time_limit": None, "time_limit_months": None, "achieves": "views", "speed": None,
        "who": "the victim", "themes": (), "sources": (SRC,)}
    base.update(over)
    return Route(**base)  # type: ignore[arg-type]


def test_a_route_is_open_only_when_every_needed_fact_is_open():
    s = Situation(state(cat_22="accepted"), remedies_exhausted="yes")
    assert assess(route(), s, TODAY).status == "open"
    s = Situation(state(cat_22="not-accepted"), remedies_exhausted="yes")
    a = assess(route(), s, TODAY)
    assert a.status == "closed" and "not-accepted" in a.reasons[0].text and a.reasons[0].source == SRC


def test_a_fact_the_data_lacks_is_to_check_never_assumed():
    # party to CAT says nothing about article 22
    a = assess(route(), Situation(state(cat="party"), remedies_exhausted="yes"), TODAY)
    assert a.status == "check" and "not known to unmech" in a.reasons[0].text


def test_exhaustion_and_time_limits():
    s = Situation(state(echr="party"), remedies_exhausted="no")
    ecthr = route(needs=("echr",), time_limit_months=4)
    assert assess(ecthr, s, TODAY).status == "check"
    late = Situation(state(echr="party"), remedies_exhausted="yes", since=dt.date(2026, 1, 15))
    a = assess(ecthr, late, TODAY)
    assert a.status == "closed" and "ended on 2026-05-15" in a.reasons[-1].text
    recent = Situation(state(echr="party"), remedies_exhausted="yes", since=dt.date(2026, 10, 31))
    a = assess(ecthr, recent, TODAY)
    assert a.status == "open" and "by 2027-02-28" in a.reasons[-1].text  # month ends are kept


def test_urgent_cases_list_routes_that_act_now_first_then_open_before_closed():
    routes = [route(id="closed", needs=("cat-22",)),
              route(id="open-slow", needs=(), exhaustion=False),
              route(id="urgent", needs=(), exhaustion=False, urgent="urgent appeal", scope="any")]
    s = Situation(state(cat_22="not-accepted"), urgent=True)
    assert [a.route.id for a in rank(routes, s, TODAY, {})] == ["urgent", "open-slow", "closed"]
    calm = Situation(state(cat_22="not-accepted"))
    assert [a.route.id for a in rank(routes, calm, TODAY, {})][-1] == "closed"


def test_scope_keeps_pattern_routes_out_of_an_individual_case():
    routes = [route(id="one", scope="individual"), route(id="many", scope="pattern"),
              route(id="both", scope="any")]
    s = Situation(state(), scope="individual")
    assert {a.route.id for a in rank(routes, s, TODAY, {})} == {"one", "both"}
