"""Citations ready to paste into a submission or letter."""

from __future__ import annotations

from unmech.models import Finding

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def long_date(date: str) -> str:
    """'2019-09-03' -> '3 September 2019'; '2018-03' -> 'March 2018'; '2018' stays."""
    parts = date.split("-")
    if len(parts) == 3:
        return f"{int(parts[2])} {_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return date


def citation(finding: Finding, body: str, fmt: str = "text") -> str:
    """One citation: body, title, symbol, date, paragraphs, link."""
    title = f"*{finding.title}*" if fmt == "markdown" else finding.title
    parts = [body, title]
    if finding.symbol:
        parts.append(finding.symbol)
    parts.append(long_date(finding.date))
    if finding.paragraphs:
        parts.append(finding.paragraphs)
    text = ", ".join(parts) + "."
    if fmt == "markdown":
        return f"{text} <{finding.url}>"
    return f"{text} {finding.url}"
