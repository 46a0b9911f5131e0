"""Word files, read back with python-docx: headings, numbered steps, boxes, contents, links."""

from __future__ import annotations

import io

import docx
from docx.opc.constants import RELATIONSHIP_TYPE

from unmech import pages
from unmech.render import word


def outline(data: bytes) -> str:
    """Each paragraph as 'style | text', and each table cell's paragraphs indented under it."""
    document = docx.Document(io.BytesIO(data))
    lines = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[1]
        if tag == "p":
            p = docx.text.paragraph.Paragraph(block, document)
            numbered = " #" if p._p.pPr is not None and p._p.pPr.numPr is not None else ""
            lines.append(f"{p.style.name}{numbered} | {p.text}")
        elif tag == "tbl":
            table = docx.table.Table(block, document)
            for row in table.rows:
                lines.append("  " + " ‖ ".join(c.text.replace("\n", " / ") for c in row.cells))
    return "\n".join(lines) + "\n"


def test_guide_export_reads_back(golden, test_kb):
    k = test_kb
    data = word.render(pages.export(k, [k.get("test-guide")], "Export"))
    golden("export.docx.txt", outline(data))
    document = docx.Document(io.BytesIO(data))
    styles = [p.style.name for p in document.paragraphs]
    assert styles[0] == "Title" and "Heading 1" in styles
    steps = [p for p in document.paragraphs if p.style.name == "List Number"]
    assert len(steps) == 4 and all(p._p.pPr.numPr is not None for p in steps)
    boxes = [p.text for p in document.paragraphs if p.text.startswith(word.BOX)]
    assert len(boxes) == 4 and boxes[0] == f"{word.BOX} Consent recorded"
    xml = document.element.xml
    assert 'TOC \\o "1-3"' in xml
    assert "w:updateFields" in document.settings.element.xml
    links = [r.target_ref for r in document.part.rels.values() if r.reltype == RELATIONSHIP_TYPE.HYPERLINK]
    assert "https://example.org/guide" in links
    assert any("Data last reviewed 2026-11-01" in p.text for p in document.paragraphs)


def test_country_pack_reads_back(golden, test_kb):
    k = test_kb
    data = word.render(pages.pack(k, k.theme("torture"), "VNM").document)
    golden("pack.docx.txt", outline(data))


def test_numbering_restarts_for_each_list():
    from unmech.document import Document, Step, Steps

    data = word.render(Document("T", (Steps((Step("a", "x"),)), Steps((Step("b", "y"),)))))
    document = docx.Document(io.BytesIO(data))
    ids = [p._p.pPr.numPr.numId.val for p in document.paragraphs if p.style.name == "List Number"]
    assert len(set(ids)) == 2
