"""Plain text: what is printed when output goes to a pipe or a file, with no colour and no markup.

On a terminal the same text can carry ANSI styles (``color=True``): the fast path that search
uses instead of rich. Styles are added after wrapping, so widths stay right.
"""

from __future__ import annotations

import re

from unmech import document as d
from unmech.document import Block, Document

BOLD, DIM, CYAN, YELLOW, MAGENTA, RESET = "1", "2", "1;36", "1;33", "35", "\x1b[0m"


def render(doc: Document, width: int = 80, color: bool = False) -> str:
    """The document as wrapped plain text, with ANSI styles if ``color``."""
    out: list[tuple[str, str, tuple[str, ...]]] = []  # (line, style, words to highlight)
    if doc.title != "Search results":
        out += [(doc.title, BOLD, ()), ("=" * min(len(doc.title), width), "", ()), ("", "", ())]
    for block in doc.blocks:
        out += _styled(block, width)
    while out and not out[-1][0]:
        out.pop()
    if not color:
        return "\n".join(safe(line) for line, _, _ in out) + "\n"
    return "\n".join(_paint(safe(line), style, terms) for line, style, terms in out) + "\n"


def _paint(line: str, style: str, terms: tuple[str, ...]) -> str:
    if terms:
        pattern = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True) if len(t) > 1)
        if pattern:
            line = re.sub(f"({pattern})", f"\x1b[{YELLOW}m\\1{RESET}", line, flags=re.IGNORECASE)
    return f"\x1b[{style}m{line}{RESET}" if style and line else line


def _styled(block: Block, width: int) -> list[tuple[str, str, tuple[str, ...]]]:
    """Lines of a block with the style each gets on a terminal."""
    if isinstance(block, d.Heading):
        lines = _block(block, width)
        return [(lines[0], CYAN, ()), *((line, "", ()) for line in lines[1:])]
    if isinstance(block, d.Para) and block.muted:
        return [(line, DIM, ()) for line in _block(block, width)]
    if isinstance(block, d.Results):
        out: list[tuple[str, str, tuple[str, ...]]] = []
        for n, r in enumerate(block.items, 1):
            out += [(line, BOLD, ()) for line in _wrap(f"{n}. [{r.type}] {r.title}", width, "", "   ")]
            out += [(line, DIM, ()) for line in _wrap(f"{r.id} · {r.meta}", width, "   ")]
            if r.snippet:
                out += [(line, "", r.terms) for line in _wrap(r.snippet, width, "   ")]
            out.append(("", "", ()))
        return out
    if isinstance(block, d.Callout):
        lines = _block(block, width)
        return [(lines[0], YELLOW, ()), *((line, "", ()) for line in lines[1:-2]),
                (lines[-2], YELLOW, ()), ("", "", ())]
    return [(line, "", ()) for line in _block(block, width)]


def safe(text: str) -> str:
    """Drop control characters (terminal escapes) that data or a query might carry."""
    return "".join(ch for ch in text if ch.isprintable() or ch in "\t")


def _wrap(text: str, width: int, first: str = "", rest: str | None = None) -> list[str]:
    """Lines as ``textwrap.wrap(..., break_on_hyphens=False)`` makes them, in linear time.

    textwrap copies the rest of an over-long word each time it breaks off a line, so a single
    10 MB token took 44 s; here a long word is cut by position instead.
    """
    rest = first if rest is None else rest
    width = max(width, 20)
    chunks: list[str] = []  # words and the single spaces between them, as textwrap splits them
    for word in text.split():
        if chunks:
            chunks.append(" ")
        chunks.append(word)
    lines: list[str] = []
    k = used = 0  # the next chunk, and how much of it earlier lines took (a long word's start)
    emptied = False  # the last cut took a whole chunk (only when the indent leaves no room)
    while k < len(chunks):
        indent = rest if lines else first
        room = width - len(indent)
        if lines and chunks[k] == " " and not emptied:
            k += 1  # a line does not start with the space that ended the previous one
        emptied = False
        line: list[str] = []
        size = 0
        while k < len(chunks) and size + len(chunks[k]) - used <= room:
            line.append(chunks[k][used:] if used else chunks[k])
            size += len(chunks[k]) - used
            k, used = k + 1, 0
        if k < len(chunks) and len(chunks[k]) - used > room:  # too long for any line: cut it
            cut = 1 if room < 1 else room - size  # may be 0: then the word starts a line
            line.append(chunks[k][used:used + cut])
            used += cut
            if used == len(chunks[k]):  # textwrap keeps an empty chunk, dropped as the next
                k, used, emptied = k + 1, 0, True  # line's leading space would have been
        if line and not line[-1].strip():
            line.pop()
        if line:
            lines.append(indent + "".join(line))
    return lines or [first.rstrip()]


def _block(block: Block, width: int) -> list[str]:
    if isinstance(block, d.Heading):
        underline = "-" if block.level <= 2 else "~"
        return [block.text, underline * min(len(block.text), width), ""]
    if isinstance(block, d.Para):
        return [*_wrap(block.text, width), ""]
    if isinstance(block, d.Fields):
        pad = max(len(label) for label, _ in block.items) + 2
        lines: list[str] = []
        for label, value in block.items:
            lines += _wrap(value, width, f"{label + ':':<{pad}}", " " * pad)
        return [*lines, ""]
    if isinstance(block, d.Bullets):
        return [line for item in block.items for line in _wrap(item, width, "- ", "  ")] + [""]
    if isinstance(block, d.Checklist):
        return [line for item in block.items for line in _wrap(item, width, "[ ] ", "    ")] + [""]
    if isinstance(block, d.Steps):
        lines = []
        for n, step in enumerate(block.items, 1):
            head = f"{n}. {step.title}" + (f" (by {step.date})" if step.date else "")
            lines += _wrap(head, width, "", "   ")
            lines += _wrap(step.detail, width, "   ")
            if step.timing:
                lines += _wrap(f"When: {step.timing}", width, "   ")
            lines.append("")
        return lines
    if isinstance(block, d.Table):
        return _table(block, width)
    if isinstance(block, d.Results):
        lines = []
        for n, r in enumerate(block.items, 1):
            lines += _wrap(f"{n}. [{r.type}] {r.title}", width, "", "   ")
            lines += _wrap(f"{r.id} · {r.meta}", width, "   ")
            if r.snippet:
                lines += _wrap(r.snippet, width, "   ")
            lines.append("")
        return lines
    if isinstance(block, d.Callout):
        bar = f"== {block.title.upper()} " + "=" * max(0, min(width, 60) - len(block.title) - 4)
        inner = [line for b in block.blocks for line in _block(b, width - 2)]
        while inner and inner[-1] == "":
            inner.pop()
        return [bar, *inner, "=" * min(width, 60), ""]
    raise TypeError(f"no text rendering for {type(block).__name__}")


def _table(table: d.Table, width: int) -> list[str]:
    """Columns padded to their widest cell; the last column takes what is left, cut to fit."""
    cols = len(table.columns)
    widths = [max(len(r[i]) for r in (table.columns, *table.rows)) for i in range(cols)]
    for i in range(cols - 1):
        widths[i] = min(widths[i], 32)
    used = sum(widths[:-1]) + 2 * (cols - 1)
    widths[-1] = max(10, min(widths[-1], width - used))

    def line(cells: tuple[str, ...]) -> str:
        parts = [_fit(c, w) for c, w in zip(cells, widths, strict=True)]
        return "  ".join(p.ljust(w) for p, w in zip(parts, widths, strict=True)).rstrip()

    return [line(table.columns), line(tuple("-" * w for w in widths)),
            *(line(r) for r in table.rows), ""]


def _fit(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
