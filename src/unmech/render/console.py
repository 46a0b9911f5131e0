"""Rich output for a terminal: styled headings, highlighted matches, wrapping tables, and web
addresses as OSC 8 hyperlinks. Every string from the data becomes a rich Text, never markup.
"""

from __future__ import annotations

import re
from typing import IO, Any

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.padding import Padding
from rich.panel import Panel
from rich.style import Style
from rich.table import Table as RichTable
from rich.text import Text

from unmech import document as d
from unmech.document import Block, Document
from unmech.printable import printable

_URL = re.compile(r"https?://[^\s<>\"]+[^\s<>\".,;:)\]]")


def t(value: str, style: str = "") -> Text:
    """Data as rich text: no markup parsing, control characters removed, links clickable."""
    text = Text(printable(value), style=style)
    for match in _URL.finditer(text.plain):
        text.stylize(Style(link=match.group(), underline=True), match.start(), match.end())
    return text


def renderable(doc: Document) -> Group:
    """The document as one rich renderable."""
    parts: list[Any] = []
    if doc.title != "Search results":
        parts += [t(doc.title, "bold underline"), Text("")]
    parts += [_block(b) for b in doc.blocks]
    return Group(*parts)


def write(doc: Document, stream: IO[str]) -> None:
    """Print the document to a terminal stream in one call."""
    # the caller has decided this is a terminal; rich need not guess again
    console = Console(file=stream, force_terminal=True, highlight=False, emoji=False, markup=False,
                      soft_wrap=False)
    console.print(renderable(doc))


def _block(block: Block) -> Any:
    if isinstance(block, d.Heading):
        return t(block.text, "bold cyan" if block.level <= 2 else "bold")
    if isinstance(block, d.Para):
        return Padding(t(block.text, "dim" if block.muted else ""), (0, 0, 1, 0))
    if isinstance(block, d.Fields):
        grid = RichTable.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column(overflow="fold")
        for label, value in block.items:
            grid.add_row(t(label), t(value))
        return Padding(grid, (0, 0, 1, 0))
    if isinstance(block, d.Bullets | d.Checklist):
        mark = "☐ " if isinstance(block, d.Checklist) else "• "
        grid = RichTable.grid(padding=(0, 0))
        grid.add_column(no_wrap=True)
        grid.add_column(overflow="fold")
        for item in block.items:
            grid.add_row(mark, t(item))
        return Padding(grid, (0, 0, 1, 0))
    if isinstance(block, d.Steps):
        grid = RichTable.grid(padding=(0, 1))
        grid.add_column(justify="right", style="bold", no_wrap=True)
        grid.add_column(overflow="fold")
        for n, s in enumerate(block.items, 1):
            body = Text.assemble(t(s.title, "bold"), t(f"  by {s.date}", "bold yellow") if s.date else "",
                                 "\n", t(s.detail))
            if s.timing:
                body.append_text(Text.assemble("\n", t(f"When: {s.timing}", "italic")))
            grid.add_row(f"{n}.", body)
            grid.add_row("", "")
        return grid
    if isinstance(block, d.Table):
        return Padding(_Listing(block), (0, 0, 1, 0))
    if isinstance(block, d.Results):
        grid = RichTable.grid(padding=(0, 1))
        grid.add_column(justify="right", no_wrap=True)
        grid.add_column(overflow="fold")
        for n, r in enumerate(block.items, 1):
            snippet = t(r.snippet)
            snippet.highlight_words([w for w in r.terms if len(w) > 1], "bold yellow",
                                    case_sensitive=False)
            grid.add_row(f"{n}.", Text.assemble(t(f"[{r.type}] ", "magenta"), t(r.title, "bold"),
                                                "\n", t(f"{r.id} · {r.meta}", "dim"), "\n", snippet))
            grid.add_row("", "")
        return grid
    if isinstance(block, d.Callout):
        return Panel(Group(*[_block(b) for b in block.blocks]), title=t(block.title, "bold"),
                     title_align="left", border_style="yellow")
    raise TypeError(f"no console rendering for {type(block).__name__}")


class _Listing:
    """A table whose first column (the id) is never cut: in columns when the terminal is wide
    enough for the last one to keep 24 characters, else one record a block, id first."""

    def __init__(self, table: d.Table) -> None:
        self.table = table

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        columns, rows = self.table.columns, self.table.rows
        widths = [max(len(r[i]) for r in (columns, *rows)) for i in range(len(columns))]
        middle = [min(w, 24) for w in widths[1:-1]]
        if widths[0] + sum(middle) + 3 * (len(columns) - 1) + 24 <= options.max_width:
            table = RichTable(header_style="bold", box=box.SIMPLE_HEAD, pad_edge=False,
                              expand=False)
            table.add_column(t(columns[0]), no_wrap=True)
            for w, column in zip(middle, columns[1:-1], strict=True):
                table.add_column(t(column), min_width=w, overflow="fold")
            table.add_column(t(columns[-1]), overflow="fold")
            for row in rows:
                table.add_row(*[t(c) for c in row])
            yield table
            return
        for row in rows:
            yield t(row[0], "bold")
            meta = " · ".join(c for c in row[1:-1] if c)
            if meta:
                yield t(meta, "dim")
            yield t(row[-1])
            yield Text("")
