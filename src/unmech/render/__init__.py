"""Renderers: one module per output format, each turning a Document into output."""

from __future__ import annotations

from enum import StrEnum


class Format(StrEnum):
    """Output formats, spelled as on the command line."""

    TEXT = "text"
    ANSI = "ansi"
    CONSOLE = "console"
    MARKDOWN = "markdown"
    HTML = "html"
    JSON = "json"
