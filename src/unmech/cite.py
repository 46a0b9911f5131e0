"""Citations ready to paste into a submission or letter."""

from __future__ import annotations

import re
from typing import Any

from unmech.models import Finding, Source

#: A UN document symbol that the Official Document System resolves (A/HRC/47/40, CCPR/C/GC/36);
#: case numbers and communication references (UA SGP 8/2022, no. 62303/13) are not.
_UN_SYMBOL = re.compile(
    r"(?:A|E|S|ST|CCPR|CAT|CRC|CEDAW|CERD|CRPD|CMW|CED|HRI)/[A-Za-z0-9.()/-]*[A-Za-z0-9)]")

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


def adds(symbol: str | None, title: str) -> bool:
    """Whether a symbol says something its title does not already say, so that a title that
    names its own reference is not followed by it a second time."""
    return bool(symbol) and symbol not in title  # type: ignore[operator]


def citation(finding: Finding, body: str, fmt: str = "text") -> str:
    """One citation: authors (or the body), title, symbol, date, paragraphs, link."""
    title = f"*{finding.title}*" if fmt == "markdown" else finding.title
    parts = [finding.authors or body, title]
    if finding.symbol and adds(finding.symbol, finding.title):
        parts.append(finding.symbol)
    parts.append(long_date(finding.date))
    if finding.paragraphs:
        parts.append(finding.paragraphs)
    text = ", ".join(parts) + "."
    if fmt == "markdown":
        return f"{text} <{finding.url}>"
    return f"{text} {finding.url}"


def official_link(symbol: str | None) -> str | None:
    """The official address of a UN document by its symbol, or None when it has no UN symbol."""
    if symbol and _UN_SYMBOL.fullmatch(symbol.strip()):
        return f"https://undocs.org/{symbol.strip()}"
    return None


def copy_note(source: Source | dict[str, Any]) -> str:
    """What is printed in place of an unofficial copy: the document it copies, and the official
    address where the copy names a UN symbol. The copy's own address is never printed."""
    raw = source._asdict() if isinstance(source, Source) else source
    symbol = raw.get("symbol")
    link = official_link(symbol)
    # the copy's title often names the site that made it, so it is not printed either
    line = f"Checked on an unofficial copy of {symbol or 'the document'}"
    return f"{line}; the official document: {link}" if link else f"{line}; the official text was not opened"


def public_record(raw: dict[str, Any]) -> dict[str, Any]:
    """A record as it may be printed or exported: unofficial copies leave ``sources`` and are
    named instead in ``checked_on_copies``."""
    sources = raw.get("sources")
    if not isinstance(sources, list) or not any(s.get("copy") for s in sources):
        return raw
    out = dict(raw)
    out["sources"] = [s for s in sources if not s.get("copy")]
    out["checked_on_copies"] = [copy_note(s) for s in sources if s.get("copy")]
    return out
