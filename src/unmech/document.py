"""Format-neutral documents: what a page says, built once and handed to a renderer."""

from __future__ import annotations

from typing import NamedTuple


class Heading(NamedTuple):
    """A section title."""

    text: str
    """The title."""
    level: int = 2
    """1 for the page title, 2 for sections, 3 below."""


class Para(NamedTuple):
    """A paragraph of prose."""

    text: str
    """The text."""
    muted: bool = False
    """Secondary text: dates, provenance."""


class Fields(NamedTuple):
    """Labelled values, one a line."""

    items: tuple[tuple[str, str], ...]
    """(label, value) pairs."""


class Bullets(NamedTuple):
    """An unordered list."""

    items: tuple[str, ...]
    """The entries."""


class Step(NamedTuple):
    """One numbered step."""

    title: str
    """What to do."""
    detail: str
    """How."""
    timing: str = ""
    """When, in words."""
    date: str = ""
    """A calendar date computed from the anchor, if any."""


class Steps(NamedTuple):
    """A numbered list of steps."""

    items: tuple[Step, ...]
    """The steps, in order."""


class Checklist(NamedTuple):
    """Items with boxes to tick."""

    items: tuple[str, ...]
    """The things to check."""


class Table(NamedTuple):
    """Rows under column headings."""

    columns: tuple[str, ...]
    """Column headings."""
    rows: tuple[tuple[str, ...], ...]
    """One tuple a row."""


class Result(NamedTuple):
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


class Results(NamedTuple):
    """A ranked list of search hits."""

    items: tuple[Result, ...]
    """The hits, best first."""


class Callout(NamedTuple):
    """A marked box: safety advice or a warning."""

    title: str
    """Its label."""
    blocks: tuple[Block, ...]
    """What it holds."""


Block = Heading | Para | Fields | Bullets | Steps | Checklist | Table | Results | Callout


class Document(NamedTuple):
    """A whole page."""

    title: str
    """The page title."""
    blocks: tuple[Block, ...] = ()
    """The content, in order."""
    toc: bool = False
    """Whether a table of contents of the level-2 headings opens it (exports)."""
