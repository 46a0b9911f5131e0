"""Plain text: what is printed when output goes to a pipe or a file, with no colour and no markup.

It never imports rich. Long web addresses are never broken: they stand on a line of their own.
"""

from __future__ import annotations

import textwrap

from unmech import document as d
from unmech.document import Block, Document
from unmech.printable import printable


def render(doc: Document, width: int = 80) -> str:
    """The document as wrapped plain text."""
    out: list[str] = []
    if doc.title != "Search results":
        out += [doc.title, "=" * min(len(doc.title), width), ""]
    for block in doc.blocks:
        out += _block(block, width)
    while out and not out[-1]:
        out.pop()
    return "\n".join(printable(line) for line in out) + "\n"


def _wrap(text: str, width: int, first: str = "", rest: str | None = None) -> list[str]:
    """Wrapped lines; a word longer than the line (a web address) stands whole on its own line.

    Not breaking long words also keeps textwrap linear: cutting them copied the rest of the
    word for every line, so a single 10 MB token took 44 s.
    """
    rest = first if rest is None else rest
    return textwrap.wrap(" ".join(text.split()), width=max(width, 20), initial_indent=first,
                         subsequent_indent=rest, break_on_hyphens=False,
                         break_long_words=False) or [first.rstrip()]


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
