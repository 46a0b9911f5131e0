"""Tab- or comma-separated values: a listing for scripts and spreadsheets, one record a line.

Values are whole, never cut or wrapped: a pipe is read by programs, not people.
"""

from __future__ import annotations

import csv
import io

from unmech import document as d
from unmech.document import Document
from unmech.printable import one_line


def _tables(doc: Document) -> list[d.Table]:
    return [b for b in doc.blocks if isinstance(b, d.Table)]


def tsv(doc: Document) -> str:
    """The document's table with a header line; tabs and line breaks inside values become spaces."""
    lines = []
    for table in _tables(doc):
        for row in (table.columns, *table.rows):
            lines.append("\t".join(one_line(cell) for cell in row))
    return "".join(line + "\n" for line in lines)


def csv_text(doc: Document) -> str:
    """The document's table as RFC 4180 CSV with a header line."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for table in _tables(doc):
        writer.writerow(table.columns)
        writer.writerows([[one_line(c) for c in row] for row in table.rows])
    return buffer.getvalue()
