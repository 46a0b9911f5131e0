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
    """Columns padded to their widest cell; the first (the id) is never cut or wrapped, the
    others wrap within their width, and the last takes what is left."""
    cols = len(table.columns)
    cells = [[" ".join(c.split()) for c in row] for row in (table.columns, *table.rows)]
    widths = [max(len(r[i]) for r in cells) for i in range(cols)]
    for i in range(1, cols - 1):
        widths[i] = min(widths[i], 24)
    used = sum(widths[:-1]) + 2 * (cols - 1)
    widths[-1] = max(20, min(widths[-1], width - used))

    def lines(row: list[str]) -> list[str]:
        wrapped = [[c] if i == 0 else textwrap.wrap(c, w, break_on_hyphens=False,
                                                    break_long_words=False) or [""]
                   for i, (c, w) in enumerate(zip(row, widths, strict=True))]
        height = max(len(w) for w in wrapped)
        return ["  ".join((w[n] if n < len(w) else "").ljust(width_)
                          for w, width_ in zip(wrapped, widths, strict=True)).rstrip()
                for n in range(height)]

    rule = ["  ".join("-" * w for w in widths)]
    return [*lines(cells[0]), *rule, *(line for row in cells[1:] for line in lines(row)), ""]
