"""Renderers: one module per output format, each turning a Document into text.

``console`` (rich, for a terminal) is not a format: it is how the text format looks to people.
JSON is not rendered from documents either: ``json`` writes plain dicts.
"""

from __future__ import annotations

from enum import StrEnum

from unmech.document import Document


class Format(StrEnum):
    """File formats a document can be written in, spelled as on the command line."""

    TEXT = "text"
    MARKDOWN = "markdown"
    HTML = "html"


def render(doc: Document, fmt: Format, width: int = 80) -> str:
    """The document as a string in ``fmt``."""
    match fmt:
        case Format.TEXT:
            from unmech.render import text

            return text.render(doc, width)
        case Format.MARKDOWN:
            from unmech.render import markdown

            return markdown.render(doc)
        case Format.HTML:
            from unmech.render import html

            return html.render(doc)
