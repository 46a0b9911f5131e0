"""CommonMark: what export writes. Data is escaped so it never turns into markup or HTML."""

from __future__ import annotations

import re

from unmech import document as d
from unmech.document import Block, Document

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")
_URL = re.compile(r"(https?://[^\s<>]+[^\s<>.,;:)\]])")


def escape(text: str) -> str:
    """Escape Markdown and HTML syntax in text from the data; keep web addresses clickable."""
    text = "".join(ch for ch in " ".join(text.split()) if ch.isprintable())
    pieces = _URL.split(text)
    out = []
    for i, piece in enumerate(pieces):
        if i % 2:  # a URL: an autolink, with nothing inside that could end it
            out.append(f"<{piece}>")
        else:
            piece = _SPECIAL.sub(r"\\\1", piece).replace("&", "&amp;")
            out.append(re.sub(r"^(\s*)(\d+)([.)])", r"\1\2\\\3", piece) if i == 0 else piece)
    text = "".join(out)
    return re.sub(r"^([-=])", r"\\\1", text)


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
            out += [f"- [{escape(h.text)}](#{slug(h.text)})" for h in headings]
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
            return "| " + " | ".join(escape(c) for c in cells) + " |"

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
