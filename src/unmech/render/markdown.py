"""CommonMark: what export writes. Data is escaped so it never turns into markup or HTML."""

from __future__ import annotations

import re

from unmech import document as d
from unmech.document import Block, Document
from unmech.printable import one_line

# Only what CommonMark gives a meaning to: backslash, code, emphasis, a link or image opener and
# raw HTML or autolinks. Brackets, parentheses and the rest are literal (spec 0.31, 2.4 and 6).
_INLINE = re.compile(r"([\\`*\[<])")
# "_" is only emphasis where it is not inside a word (spec 6.2, left- and right-flanking runs).
_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")
# An entity or numeric character reference would be decoded (spec 2.5).
_ENTITY = re.compile(r"&(?=#?\w+;)")
# What opens a block when it starts a line: heading, quote, list item, thematic break, setext
# underline, fenced code (spec 4 and 5).
_LINE_START = re.compile(r"^([#>+=~-]|\d{1,9}(?=[.)]))")
_URL = re.compile(r"(https?://[^\s<>]+[^\s<>.,;:)\]])")
# A draft's placeholder stays as typed, so it reads and searches the same in an editor; with no
# "[" inside and no "(" after, it cannot become a link.
_PLACEHOLDER = re.compile(r"\\\[\\\[(TO FILL:[^\[\]\\]*)\]\](?!\()")


def escape(text: str, cell: bool = False) -> str:
    """Escape what CommonMark would read as markup in text from the data, and nothing else;
    keep web addresses clickable. ``cell`` also escapes the pipes that end a table cell."""
    text = one_line(text)
    pieces = _URL.split(text)
    out = []
    for i, piece in enumerate(pieces):
        if i % 2:  # a URL: an autolink, with nothing inside that could end it
            out.append(f"<{piece}>")
            continue
        piece = _INLINE.sub(r"\\\1", piece)
        piece = _UNDERSCORE.sub(r"\\_", piece)
        piece = _ENTITY.sub(r"\\&", piece)
        if cell:
            piece = piece.replace("|", "\\|")
        out.append(piece)
    text = _PLACEHOLDER.sub(r"[[\1]]", "".join(out))
    match = _LINE_START.match(text)
    if match and match.group(1)[0].isdigit():
        end = match.end()
        return text[:end] + "\\" + text[end:]
    return _LINE_START.sub(r"\\\1", text, count=1)


def _label(text: str) -> str:
    """Text for inside a link's brackets, where an unmatched "]" would end it early."""
    return escape(text).replace("]", "\\]")


def slug(text: str) -> str:
    """The anchor GitHub-style renderers give a heading."""
    text = re.sub(r"[^\w\- ]", "", text.lower()).strip()
    return re.sub(r"\s", "-", text)


def render(doc: Document) -> str:
    """The document as CommonMark."""
    out = [f"# {escape(doc.title)}", ""]
    if doc.toc:
        headings = [b for b in doc.blocks if isinstance(b, d.Heading) and b.level == 2]
        if headings:
            out += ["## Contents", ""]
            # inside a link's text an unmatched "]" would end it early
            out += [f"- [{_label(h.text)}](#{slug(h.text)})" for h in headings]
            out.append("")
    for block in doc.blocks:
        out += _block(block)
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"


def _block(block: Block) -> list[str]:
    if isinstance(block, d.Heading):
        return [f"{'#' * min(block.level, 6)} {escape(block.text)}", ""]
    if isinstance(block, d.Para):
        text = escape(block.text)
        return [f"*{text}*" if block.muted else text, ""]
    if isinstance(block, d.Fields):
        return [f"- **{escape(label)}:** {escape(value)}" for label, value in block.items] + [""]
    if isinstance(block, d.Bullets):
        return [f"- {escape(item)}" for item in block.items] + [""]
    if isinstance(block, d.Checklist):
        return [f"- [ ] {escape(item)}" for item in block.items] + [""]
    if isinstance(block, d.Steps):
        lines = []
        for n, step in enumerate(block.items, 1):
            date = f" (by {step.date})" if step.date else ""
            lines.append(f"{n}. **{escape(step.title)}**{date}  ")
            lines.append(f"   {escape(step.detail)}")
            if step.timing:
                lines += ["", f"   *When:* {escape(step.timing)}"]
            lines.append("")
        return lines
    if isinstance(block, d.Table):
        def row(cells: tuple[str, ...]) -> str:
            return "| " + " | ".join(escape(c, cell=True) for c in cells) + " |"

        return [row(block.columns), "|" + "---|" * len(block.columns),
                *(row(r) for r in block.rows), ""]
    if isinstance(block, d.Results):
        lines = []
        for n, r in enumerate(block.items, 1):
            lines.append(f"{n}. **{escape(r.title)}** ({r.type} `{r.id}`) — {escape(r.meta)}  ")
            lines += [f"   {escape(r.snippet)}", ""]
        return lines
    if isinstance(block, d.Callout):
        inner = [line for b in block.blocks for line in _block(b)]
        while inner and inner[-1] == "":
            inner.pop()
        return [f"> **{escape(block.title)}**", ">",
                *(f"> {line}" if line else ">" for line in inner), ""]
    raise TypeError(f"no Markdown rendering for {type(block).__name__}")
