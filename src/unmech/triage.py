"""Which mechanism fits a situation in a given State: every route assessed as open, closed or to
check, with its reasons and their sources, then ranked. Pure: data in, assessments out.

The rules live in the data (``routes`` in data/routes.yaml): what each route needs the State to
have accepted, whether domestic remedies must be exhausted, its time limit and what it can
achieve. This module only applies them; it never infers a fact the data does not hold.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from unmech.countries import Country, FactSource

OPEN, CLOSED, CHECK = "open", "closed", "check"
_ORDER = {OPEN: 0, CHECK: 1, CLOSED: 2}
SCOPES = ("individual", "pattern")
EXHAUSTED = ("yes", "no", "unknown")


class Route(NamedTuple):
    """A way to bring a situation to a mechanism, and the rules for using it."""

    id: str
    """Kebab-case id."""
    title: str
    """What the route is, in words."""
    mechanism: str
    """The mechanism it reaches."""
    procedure: str | None
    """The guide to follow (``unmech guide ID``)."""
    scope: str
    """individual, pattern or any: what kind of situation it takes."""
    needs: tuple[str, ...]
    """Country facts that must all be open (party, accepted, member) for the route to be open."""
    exhaustion: bool
    """Domestic remedies must be exhausted first."""
    urgent: str | None
    """What it can do when life or health is at risk now (urgent appeal, interim measures)."""
    time_limit: str | None
    """The time limit, in words."""
    time_limit_months: int | None
    """The time limit in months after the final domestic decision, where a source states one."""
    achieves: str
    """What it can achieve: a binding judgment, views, an opinion, recommendations, pressure."""
    speed: str | None
    """How fast, in words."""
    who: str
    """Who may submit."""
    themes: tuple[str, ...]
    """The themes it fits best (empty: any)."""
    sources: tuple[FactSource, ...]
    """Where the rules come from."""

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Route:
        """Build a route from validated data."""
        sources = tuple(FactSource(s["title"], s["url"], None, bool(s.get("secondary")))
                        for s in raw.get("sources") or ())
        return cls(raw["id"], raw["title"], raw["mechanism"], raw.get("procedure"),
                   raw.get("scope", "any"), tuple(raw.get("needs") or ()),
                   bool(raw.get("exhaustion")),
                   raw.get("urgent"), raw.get("time_limit"), raw.get("time_limit_months"),
                   raw["achieves"], raw.get("speed"), raw["who"], tuple(raw.get("themes") or ()),
                   sources)


class Situation(NamedTuple):
    """What the advocate told triage."""

    country: Country | None = None
    """The State concerned."""
    theme: str | None = None
    """The theme id, if given."""
    urgent: bool = False
    """Life or health at risk now, or an execution scheduled."""
    remedies_exhausted: str = "unknown"
    """yes, no or unknown: whether the final domestic decision has been given."""
    since: dt.date | None = None
    """When the final domestic decision (or the events) happened."""
    scope: str | None = None
    """individual or pattern; None when not said."""


class Reason(NamedTuple):
    """One reason a route is open, closed or to check, with the source that says so."""

    status: str
    """open, closed or check."""
    text: str
    """The reason in one sentence."""
    source: FactSource | None = None
    """Where the fact comes from."""


class Assessment(NamedTuple):
    """A route judged for one situation."""

    route: Route
    """The route."""
    status: str
    """open, closed or check: the worst of its reasons."""
    reasons: tuple[Reason, ...]
    """Why, fact by fact."""
    urgent_first: bool
    """Listed first for an urgent case: it can act on a risk to life or health now."""


def assess(route: Route, situation: Situation, today: dt.date) -> Assessment:
    """How ``route`` stands for ``situation``: open, closed or to check, and why."""
    reasons: list[Reason] = []
    country = situation.country
    for key in route.needs:
        if country is None:
            reasons.append(Reason(CHECK, "Give --country to check whether the State has accepted "
                                         "this route."))
            break
        fact = country.fact(key)
        since = f" (since {fact.date})" if fact.date else ""
        if fact.is_open:
            reasons.append(Reason(OPEN, f"{country.name}: {fact.label} — {fact.status}{since}.",
                                  fact.source))
        elif fact.is_closed:
            when = f" ({fact.date})" if fact.date else ""
            reasons.append(Reason(CLOSED, f"{country.name}: {fact.label} — {fact.status}{when}.",
                                  fact.source))
        else:
            reasons.append(Reason(CHECK, f"{country.name}: {fact.label} — not known to unmech; check "
                                         "the State's status in the UN Treaty Collection "
                                         "(treaties.un.org) or the body's own site.", fact.source))
    if not route.needs:
        reasons.append(Reason(OPEN, "Open for every State: no ratification or declaration is needed."))
    if route.exhaustion:
        if situation.remedies_exhausted == "no":
            reasons.append(Reason(CHECK, "Domestic remedies must be exhausted first, unless they are "
                                         "ineffective or unreasonably prolonged."))
        elif situation.remedies_exhausted == "unknown":
            reasons.append(Reason(CHECK, "Domestic remedies must be exhausted first (say "
                                         "--remedies-exhausted yes once the final decision is given)."))
    if route.time_limit_months and situation.since:
        deadline = _add_months(situation.since, route.time_limit_months)
        if deadline < today:
            reasons.append(Reason(CLOSED, f"The {route.time_limit_months}-month time limit from "
                                          f"{situation.since.isoformat()} ended on "
                                          f"{deadline.isoformat()}, unless an exception applies."))
        else:
            reasons.append(Reason(OPEN, f"Within the {route.time_limit_months}-month time limit: "
                                        f"file by {deadline.isoformat()} at the latest."))
    statuses = {r.status for r in reasons}
    status = CLOSED if CLOSED in statuses else CHECK if CHECK in statuses else OPEN
    return Assessment(route, status, tuple(reasons), bool(situation.urgent and route.urgent))


def rank(routes: list[Route], situation: Situation, today: dt.date,
         mechanism_themes: dict[str, tuple[str, ...]]) -> list[Assessment]:
    """Every route that fits the situation, assessed and ranked: for an urgent case the routes
    that can act now come first; then open before to-check before closed; then the best fit."""
    out = []
    for route in routes:
        if situation.scope and route.scope not in ("any", situation.scope):
            continue
        if not applies(route, situation.country):
            continue
        out.append(assess(route, situation, today))

    def fit(a: Assessment) -> int:
        if situation.theme is None or situation.theme in a.route.themes:
            return 0
        return 1 if situation.theme in mechanism_themes.get(a.route.mechanism, ()) else 2

    return sorted(out, key=lambda a: (not a.urgent_first, _ORDER[a.status], fit(a)))


def standing(route: Route, country: Country) -> str:
    """open, closed or check from the State's facts alone: closed if any needed fact closes the
    route, open if all open it, otherwise to check (exhaustion and time limits aside)."""
    facts = [country.fact(k) for k in route.needs]
    return CLOSED if any(f.is_closed for f in facts) else OPEN if all(f.is_open for f in facts) else CHECK


def applies(route: Route, country: Country | None) -> bool:
    """False for a regional system whose members cannot be in the State's region."""
    from unmech import region

    return region.reaches(region.MECHANISM_SYSTEM.get(route.mechanism), country)


def _add_months(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.month - 1 + months, 12)
    import calendar

    last = calendar.monthrange(day.year + year, month + 1)[1]
    return dt.date(day.year + year, month + 1, min(day.day, last))
