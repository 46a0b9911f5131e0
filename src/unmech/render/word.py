"""Word (.docx) files, with python-docx: what submissions are written in.

python-docx (and lxml under it) takes longer to import than the rest of unmech, so it is an
optional extra, imported only here and only when a Word file is asked for.
"""

from __future__ import annotations

import io
from typing import Any

from unmech import document as d
from unmech.document import Block, Document
from unmech.errors import UsageError
from unmech.printable import one_line, printable
from unmech.render.html import URL

_GREY = (0x55, 0x55, 0x55)
BOX = "☐"
"""The checkbox character a checklist item starts with."""


def render(doc: Document) -> bytes:
    """The document as the bytes of a .docx file."""
    try:
        import docx
    except ImportError:
        raise UsageError("Word files need python-docx, an optional part of unmech. Install it with "
                         "pip install 'unmech[docx]', or export as --format html and open that "
                         "in Word.") from None
    word = docx.Document()
    word.core_properties.title = printable(doc.title)
    word.core_properties.author = "unmech"
    word.add_heading(printable(doc.title), 0)
    if doc.toc:
        word.add_heading("Contents", 1)
        _toc(word)
    for block in doc.blocks:
        _block(word, block)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def _text(paragraph: Any, value: str, bold: bool = False, italic: bool = False,
          grey: bool = False, new_line: bool = False) -> None:
    """Add text to a paragraph, on a new line within it if asked; web addresses become live
    hyperlinks."""
    if new_line:
        paragraph.add_run().add_break()
    for i, part in enumerate(URL.split(one_line(value))):
        if not part:
            continue
        if i % 2:
            _hyperlink(paragraph, part)
            continue
        run = paragraph.add_run(part)
        run.bold, run.italic = bold or None, italic or None
        if grey:
            from docx.shared import RGBColor

            run.font.color.rgb = RGBColor(*_GREY)


def _hyperlink(paragraph: Any, url: str) -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rel = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "Hyperlink")
    colour = OxmlElement("w:color")
    colour.set(qn("w:val"), "0645AD")
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    props.extend([style, colour, underline])
    text = OxmlElement("w:t")
    text.text = url
    text.set(qn("xml:space"), "preserve")
    run.extend([props, text])
    link.append(run)
    paragraph._p.append(link)


def _toc(word: Any) -> None:
    """A table-of-contents field; Word fills it in when the file is opened."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph = word.add_paragraph()
    parts = [("begin", None), (None, 'TOC \\o "1-3" \\h \\z \\u'), ("separate", None)]
    for kind, instruction in parts:
        run = OxmlElement("w:r")
        if kind:
            field = OxmlElement("w:fldChar")
            field.set(qn("w:fldCharType"), kind)
            run.append(field)
        else:
            code = OxmlElement("w:instrText")
            code.set(qn("xml:space"), "preserve")
            code.text = instruction
            run.append(code)
        paragraph._p.append(run)
    placeholder = paragraph.add_run("The contents appear when Word updates fields "
                                    "(right-click here, then Update Field).")
    placeholder.italic = True
    end = OxmlElement("w:r")
    field = OxmlElement("w:fldChar")
    field.set(qn("w:fldCharType"), "end")
    end.append(field)
    paragraph._p.append(end)
    # ask Word to update fields on opening, so the contents are filled in at once
    settings = word.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)


def _numbered(word: Any) -> str:
    """A new numbering that starts at 1, on the List Number style's list definition."""
    from docx.oxml.ns import qn

    numbering = word.part.numbering_part.element
    style = word.styles["List Number"].element
    num_id = style.pPr.numPr.numId.val
    abstract = numbering.num_having_numId(num_id).abstractNumId.val
    num = numbering.add_num(abstract)
    override = num.add_lvlOverride(ilvl=0)
    start = override._add_startOverride()
    start.set(qn("w:val"), "1")
    return str(num.numId)


def _number(paragraph: Any, num_id: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    props = paragraph._p.get_or_add_pPr()
    numbering = OxmlElement("w:numPr")
    level = OxmlElement("w:ilvl")
    level.set(qn("w:val"), "0")
    ident = OxmlElement("w:numId")
    ident.set(qn("w:val"), num_id)
    numbering.extend([level, ident])
    props.append(numbering)


def _block(word: Any, block: Block, container: Any = None) -> None:
    target = container if container is not None else word
    if isinstance(block, d.Heading):
        if container is not None:
            _text(target.add_paragraph(), block.text, bold=True)
        else:
            word.add_heading(one_line(block.text), min(block.level - 1, 9) or 1)
    elif isinstance(block, d.Para):
        _text(target.add_paragraph(), block.text, italic=block.muted, grey=block.muted)
    elif isinstance(block, d.Fields):
        for label, value in block.items:
            paragraph = target.add_paragraph()
            _text(paragraph, f"{label}: ", bold=True)
            _text(paragraph, value)
    elif isinstance(block, d.Bullets):
        for item in block.items:
            _text(target.add_paragraph(style="List Bullet"), item)
    elif isinstance(block, d.Checklist):
        from docx.shared import Pt

        for item in block.items:
            paragraph = target.add_paragraph()
            paragraph.paragraph_format.left_indent = Pt(22)
            paragraph.paragraph_format.first_line_indent = Pt(-22)
            _text(paragraph, f"{BOX} {item}")
    elif isinstance(block, d.Steps | d.Results):
        num_id = _numbered(word)
        for entry in block.items:
            paragraph = target.add_paragraph(style="List Number")
            _number(paragraph, num_id)
            if isinstance(entry, d.Step):
                _text(paragraph, entry.title, bold=True)
                if entry.date:
                    _text(paragraph, f" (by {entry.date})", bold=True)
                if entry.detail:
                    _text(paragraph, entry.detail, new_line=True)
                if entry.timing:
                    _text(paragraph, f"When: {entry.timing}", italic=True, new_line=True)
            else:
                _text(paragraph, entry.title, bold=True)
                _text(paragraph, f" ({entry.type} {entry.id}) — {entry.meta}. {entry.snippet}")
    elif isinstance(block, d.Table):
        table = target.add_table(rows=1, cols=len(block.columns))
        table.style = "Table Grid"
        for cell, column in zip(table.rows[0].cells, block.columns, strict=True):
            _text(cell.paragraphs[0], column, bold=True)
        for row in block.rows:
            for cell, value in zip(table.add_row().cells, row, strict=True):
                _text(cell.paragraphs[0], value)
    elif isinstance(block, d.Callout):
        box = target.add_table(rows=1, cols=1)
        box.style = "Table Grid"
        cell = box.rows[0].cells[0]
        _text(cell.paragraphs[0], block.title, bold=True)
        for inner in block.blocks:
            _block(word, inner, cell)
        target.add_paragraph()
    else:
        raise TypeError(f"no Word rendering for {type(block).__name__}")
