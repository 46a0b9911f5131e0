"""Calendar dates for a guide's steps, counted from a date the user gives, and iCalendar output."""

from __future__ import annotations

import datetime as dt

from unmech.errors import UsageError
from unmech.models import Procedure
from unmech.printable import printable

WARNING = (
    "These dates are counted from the date you gave using the rules in the sources below. "
    "Official deadlines change: check them on the mechanism's own page before you rely on them."
)


def parse_date(text: str) -> dt.date:
    """A YYYY-MM-DD date from the command line."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"'{text}' is not a date. Give it as YYYY-MM-DD, e.g. 2027-01-20.") from None


def step_dates(procedure: Procedure, anchor: dt.date) -> list[dt.date | None]:
    """The date of each step (None where the step has no rule)."""
    return [
        anchor + dt.timedelta(days=s.offset_days) if s.offset_days is not None else None
        for s in procedure.steps
    ]


def has_timing(procedure: Procedure) -> bool:
    """Whether any step can be dated."""
    return any(s.offset_days is not None for s in procedure.steps)


def ics(procedure: Procedure, anchor: dt.date, stamp: dt.datetime | None = None) -> str:
    """An iCalendar file with one all-day event for each dated step."""
    stamp = stamp or dt.datetime.now(dt.UTC)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//unmech//guide dates//EN",
             "CALSCALE:GREGORIAN"]
    for n, (step, day) in enumerate(zip(procedure.steps, step_dates(procedure, anchor), strict=True), 1):
        if day is None:
            continue
        description = f"{step.detail}\n\n{step.timing or ''}\n\n{WARNING}"
        lines += [
            "BEGIN:VEVENT",
            f"UID:{procedure.id}-{anchor.isoformat()}-{n}@unmech",
            f"DTSTAMP:{stamp.strftime('%Y%m%dT%H%M%SZ')}",
            f"DTSTART;VALUE=DATE:{day.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{(day + dt.timedelta(days=1)).strftime('%Y%m%d')}",
            f"SUMMARY:{_escape(f'{procedure.title}: step {n}, {step.title}')}",
            f"DESCRIPTION:{_escape(description)}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def _escape(text: str) -> str:
    text = printable(text, keep="\n")
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\n", "\\n"))


def _fold(line: str) -> str:
    """Fold a content line at 75 octets, as RFC 5545 asks."""
    out: list[str] = []
    current = b""
    for ch in line:
        encoded = ch.encode("utf-8")
        if len(current) + len(encoded) > (75 if not out else 74):
            out.append(current.decode("utf-8"))
            current = b""
        current += encoded
    out.append(current.decode("utf-8"))
    return "\r\n ".join(out)
