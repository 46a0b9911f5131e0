"""Format-neutral documents: what a page says, built once and handed to a renderer."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Heading:
    """A section title."""

    text: str
    """The title."""
    level: int = 2
    """1 for the page title, 2 for sections, 3 below."""


@dataclass(frozen=True, slots=True)
class Para:
    """A paragraph of prose."""

    text: str
    """The text."""
    muted: bool = False
    """Secondary text: dates, provenance."""


@dataclass(frozen=True, slots=True)
class Fields:
    """Labelled values, one a line."""

    items: tuple[tuple[str, str], ...]
    """(label, value) pairs."""


@dataclass(frozen=True, slots=True)
class Bullets:
    """An unordered list."""

    items: tuple[str, ...]
    """The entries."""


@dataclass(frozen=True, slots=True)
class Step:
    """One numbered step."""

    title: str
    """What to do."""
    detail: str
    """How."""
    timing: str = ""
    """When, in words."""
    date: str = ""
    """A calendar date computed from the anchor, if any."""


@dataclass(frozen=True, slots=True)
class Steps:
    """A numbered list of steps."""

    items: tuple[Step, ...]
    """The steps, in order."""


@dataclass(frozen=True, slots=True)
class Checklist:
    """Items with boxes to tick."""

    items: tuple[str, ...]
    """The things to check."""


@dataclass(frozen=True, slots=True)
class Table:
    """Rows under column headings."""

    columns: tuple[str, ...]
    """Column headings."""
    rows: tuple[tuple[str, ...], ...]
    """One tuple a row."""


@dataclass(frozen=True, slots=True)
class Result:
    """One search hit."""

    type: str
    """mechanism, procedure or finding."""
    id: str
    """The record's id."""
    title: str
    """Its title."""
    meta: str
    """Mechanism and year, score and where it matched."""
    snippet: str
    """Text around the match."""
    terms: tuple[str, ...] = ()
    """Words to highlight."""


@dataclass(frozen=True, slots=True)
class Results:
    """A ranked list of search hits."""

    items: tuple[Result, ...]
    """The hits, best first."""


@dataclass(frozen=True, slots=True)
class Callout:
    """A marked box: safety advice or a warning."""

    title: str
    """Its label."""
    blocks: tuple[Block, ...]
    """What it holds."""


Block = Heading | Para | Fields | Bullets | Steps | Checklist | Table | Results | Callout


@dataclass(frozen=True, slots=True)
class Document:
    """A whole page."""

    title: str
    """The page title."""
    blocks: tuple[Block, ...] = field(default_factory=tuple)
    """The content, in order."""
    toc: bool = False
    """Whether a table of contents of the level-2 headings opens it (exports)."""
