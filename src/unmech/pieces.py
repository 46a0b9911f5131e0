"""A data file cut into the texts of its records, so that an overlay edited in one place is parsed
again only there (docs/adr/0008-changed-overlay-parsed-piece-by-piece.md).

A file is cut before each line that starts a top-level key (``findings:``) and before each item
of a top-level list (``- id: ...`` at that list's indentation). Each piece is parsed on its own,
and the values of the pieces, put together, are what parsing the whole file gives:

* a line at a top-level list's indentation, or at column 0, ends any block scalar, plain scalar
  or block collection that comes before it, so no value spans a cut in a file that parses;
* a cut inside a quoted scalar or a flow collection (``[...]``, ``{...}``) leaves the piece
  before it unterminated, and an alias to an anchor in another piece is undefined in its own:
  a piece that does not parse cleanly, alone, makes the whole file be parsed at once;
* two anchors of one name are an error in one file but not in two pieces: a file where anything
  that could be an anchor's name occurs twice is not cut;
* a file with a line at column 0 of any other kind (a quoted or complex key, a directive, a
  document marker after the first line) is not cut at all.

Pieces are named by a BLAKE2b hash of their text, less the comment lines at column 0 that end
it. A piece's *digest* is a hash of its value, so that text edited without changing the data
(a comment, a blank line, quoting) keeps the digest.
"""

from __future__ import annotations

import bisect
import re
from typing import Any, NamedTuple

#: Roles of a piece: one item of a top-level list; the key line of a top-level list (with the
#: comments before its first item); a top-level key with its whole value; a file not cut.
ITEM, HEAD, WHOLE, FILE = "item", "head", "whole", "file"

# "\n" first, not "^" with MULTILINE: the engine then looks for line breaks, not at every byte
_COLUMN_0 = re.compile(rb"\n[^ \t\r\n#]")
_KEY_LINE = re.compile(rb"([A-Za-z_][A-Za-z0-9_-]*)[ \t]*:(?:[ \t]+(#[^\n]*)?|[ \t]*)?\r?(?:\n|\Z)")
_KEY_WITH_VALUE = re.compile(rb"([A-Za-z_][A-Za-z0-9_-]*)[ \t]*:[ \t]")
_FIRST_LINE = re.compile(rb"(?:[ \t]*(?:#[^\n]*)?\r?\n)*( *)-(?:[ \t\r\n]|\Z)")
_BOM = b"\xef\xbb\xbf"
_START = re.compile(rb"---[ \t]*(?:#[^\n]*)?\r?(?:\n|\Z)")
_AFTER_DASH = (b" ", b"\t", b"\r", b"\n", b"")
# anything that could be an anchor: an "&" not after a letter or digit (as in an address's query)
_ANCHOR = re.compile(rb"&(?<![A-Za-z0-9]&)([^\s,\[\]{}]+)")


class Piece(NamedTuple):
    """A part of a data file's text that parses on its own."""

    section: str
    """The top-level key it belongs to."""
    role: str
    """ITEM, HEAD, WHOLE or FILE."""
    text: bytes | memoryview
    """Its text, whole lines."""


def cut(data: bytes) -> list[Piece]:
    """The pieces of a data file's text, in order; one FILE piece when it cannot be cut safely."""
    return _cut(data) or [Piece("", FILE, data)]


def _cut(data: bytes) -> list[Piece] | None:
    if data.startswith(_BOM):
        data = data[len(_BOM):]
    anchors = _ANCHOR.findall(data)
    if len(anchors) != len(set(anchors)):
        return None  # two anchors of one name: an error in the whole file, not in two pieces
    starts = [m.start() + 1 for m in _COLUMN_0.finditer(data)]
    if data[:1] not in b" \t\r\n#":
        starts.insert(0, 0)
    if not starts:
        return None
    pieces: list[Piece] = []
    marker = _START.match(data, starts[0])
    if marker:  # a document start marker: kept with the first piece
        starts.pop(0)
        if not starts:
            return None
    preamble = data[:starts[0]]
    dash = 45  # "-"
    items = [s for s in starts if data[s] == dash]
    if any(data[s + 1:s + 2] not in _AFTER_DASH for s in items):
        return None  # "---" or "..." after the start, or a plain scalar
    sections = [s for s in starts if data[s] != dash]
    if not sections or sections[0] != starts[0]:
        return None  # a list item before any key
    view = memoryview(data)  # pieces are views of the text: copying 10 MB in pieces is slow
    for n, begin in enumerate(sections):
        end = sections[n + 1] if n + 1 < len(sections) else len(data)
        found = _section(data, view, begin, end, items)
        if found is None:
            return None
        pieces.extend(found)
    first = pieces[0]
    pieces[0] = first._replace(text=preamble + first.text)
    return pieces


def _line_end(data: bytes, at: int) -> int:
    end = data.find(b"\n", at)
    return len(data) if end < 0 else end + 1


def _section(data: bytes, view: memoryview, begin: int, end: int, items: list[int]
             ) -> list[Piece] | None:
    """The pieces of the top-level key at ``begin``; ``items`` are where the lines at column 0
    that start with "-" are, in order."""
    line = data[begin:_line_end(data, begin)]
    head = _KEY_LINE.fullmatch(line)
    if head is None:
        with_value = _KEY_WITH_VALUE.match(line)
        if with_value is None:
            return None  # a quoted or complex key, a directive, a document marker
        return [Piece(with_value.group(1).decode("ascii"), WHOLE, _uncommented(data, view, begin, end))]
    name = head.group(1).decode("ascii")
    body_start = begin + len(line)
    first = _FIRST_LINE.match(data, body_start, end)
    indent = first.group(1) if first else b""
    cuts = items[bisect.bisect_left(items, begin):bisect.bisect_left(items, end)]
    if first is None or indent:
        if cuts:
            return None  # an item at column 0 in a section that is not a list of them
        if first is None:  # not a list: a mapping, or nothing
            return [Piece(name, WHOLE, _uncommented(data, view, begin, end))]
        item = re.compile(rb"\n" + indent + rb"-(?:[ \t\r\n]|\Z)")
        # (no other line at column 0 is inside: it would have started a key or been in cuts)
        cuts = [first.start(1)] + [m.start() + 1 for m in item.finditer(data, first.start(1), end)]
    pieces = [Piece(name, HEAD, _uncommented(data, view, begin, cuts[0]))]
    for n, at in enumerate(cuts):
        pieces.append(Piece(name, ITEM, _uncommented(data, view, at,
                                                     cuts[n + 1] if n + 1 < len(cuts) else end)))
    return pieces


def _uncommented(data: bytes, view: memoryview, begin: int, end: int) -> memoryview:
    """The text from ``begin`` to ``end`` without the comment lines at column 0 that end it:
    after a piece that parses alone, such a line is a comment in the whole file too (a line that
    continued a quoted scalar would leave the piece unterminated). Blank lines stay: they can
    belong to a ``|+`` scalar."""
    while True:
        start = data.rfind(b"\n", begin, end - 1) + 1
        if start <= begin or data[start] != 35:  # "#"
            return view[begin:end]
        end = start


def parse(piece: Piece, path: str) -> tuple[Any, int] | None:
    """The piece's value (the item, the section's value, or the file's data) and how many values
    it holds, counting every alias use; None unless it parses cleanly into the shape its role
    promises."""
    from unmech import yamlread

    raw = yamlread.parse(bytes(piece.text), path)
    data = raw.data
    if raw.problems:
        return None
    if piece.role == FILE:
        return data, raw.size
    if piece.role == ITEM:
        return (data[0], raw.size) if isinstance(data, list) and len(data) == 1 else None
    if not isinstance(data, dict) or list(data) != [piece.section]:
        return None
    value = data[piece.section]
    if piece.role == HEAD:
        return (None, raw.size) if value is None else None
    return value, raw.size


def digest(piece: Piece, value: Any) -> bytes:
    """A hash of what the piece means: its section, role and value, not its text."""
    import hashlib
    import json

    text = json.dumps([piece.section, piece.role, value], ensure_ascii=False, separators=(",", ":"))
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def name(piece: Piece) -> str:
    """A hash of the piece's text (and of the role and section it has there), in hex."""
    import hashlib

    named = hashlib.blake2b(f"{piece.role}\0{piece.section}\0".encode(), digest_size=16)
    named.update(piece.text)
    return named.hexdigest()


def assemble(pieces: list[Piece], values: list[Any]) -> Any:
    """The file's data from its pieces' values; None when a top-level key appears twice (the whole
    file is then parsed, which reports it)."""
    if pieces[0].role == FILE:
        return values[0]
    data: dict[str, Any] = {}
    for piece, value in zip(pieces, values, strict=True):
        if piece.role == ITEM:
            data[piece.section].append(value)
        elif piece.section in data:
            return None
        else:
            data[piece.section] = [] if piece.role == HEAD else value
    return data
