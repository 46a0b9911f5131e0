"""One self-contained HTML page with print styles: for printing or sending as an attachment."""

from __future__ import annotations

import re
from html import escape as _esc

from unmech import document as d
from unmech.document import Block, Document
from unmech.printable import printable
from unmech.render.markdown import slug

#: A web address in text, without the punctuation that ends a sentence.
URL = re.compile(r"(https?://[^\s<>\"]+[^\s<>\".,;:)\]])")
_GAP = re.compile(r"(\[\[TO FILL:[^\[\]]*\]\])")  # a draft's placeholder, after escaping

STYLE = """
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:46rem;
margin:2rem auto;padding:0 1rem;color:#111}
h1{font-size:1.7rem;line-height:1.2}h2{margin-top:2rem;border-bottom:1px solid #ccc}
a{color:#0645ad;overflow-wrap:anywhere}p,li,td{overflow-wrap:anywhere}
.muted{color:#555;font-size:.9rem}dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}
dt{font-weight:600}dd{margin:0}ol.steps>li{margin-bottom:.8rem}.when{color:#444;font-style:italic}
ul.checklist{list-style:none;padding-left:0}ul.checklist li{margin:.35rem 0}
ul.checklist label{display:flex;gap:.7rem;align-items:baseline}
ul.checklist input{flex:none;width:1rem;height:1rem;margin:0;transform:translateY(.15rem)}
.callout{border:2px solid #b45309;border-radius:6px;padding:.2rem 1rem;margin:1rem 0;background:#fffbeb}
mark.fill{background:#fff3c4;border:1px dashed #b45309;padding:0 .2rem;color:#111;
-webkit-print-color-adjust:exact;print-color-adjust:exact}
table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{border:1px solid #ccc;padding:.3rem;
text-align:left;vertical-align:top}
@media print{body{margin:0;max-width:none;font-size:11pt}a{color:#000}
h2,h3{break-after:avoid}li,.callout,tr{break-inside:avoid}nav{display:none}
a[href^="http"]::after{content:""}}
"""


def text(value: str) -> str:
    """Escape text from the data; web addresses become links, a draft's gaps are marked."""
    value = printable(value, keep="\n\t")
    parts = URL.split(value)
    return "".join(f'<a href="{_esc(p)}">{_esc(p)}</a>' if i % 2
                   else _GAP.sub(r'<mark class="fill">\1</mark>', _esc(p))
                   for i, p in enumerate(parts))


def render(doc: Document) -> str:
    """The document as a complete HTML page."""
    body = [f"<h1>{text(doc.title)}</h1>"]
    if doc.toc:
        items = [f'<li><a href="#{_esc(slug(b.text))}">{text(b.text)}</a></li>'
                 for b in doc.blocks if isinstance(b, d.Heading) and b.level == 2]
        if items:
            body.append('<nav><h2>Contents</h2><ul>' + "".join(items) + "</ul></nav>")
    body += [_block(b) for b in doc.blocks]
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{_esc(printable(doc.title))}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
            + "\n".join(body) + "\n</body>\n</html>\n")


def _block(block: Block) -> str:
    if isinstance(block, d.Heading):
        level = min(block.level, 6)
        return f'<h{level} id="{_esc(slug(block.text))}">{text(block.text)}</h{level}>'
    if isinstance(block, d.Para):
        return f'<p class="muted">{text(block.text)}</p>' if block.muted else f"<p>{text(block.text)}</p>"
    if isinstance(block, d.Fields):
        return "<dl>" + "".join(f"<dt>{text(k)}</dt><dd>{text(v)}</dd>" for k, v in block.items) + "</dl>"
    if isinstance(block, d.Bullets):
        return "<ul>" + "".join(f"<li>{text(i)}</li>" for i in block.items) + "</ul>"
    if isinstance(block, d.Checklist):
        # real checkboxes: they can be ticked on screen, and print as empty boxes
        return '<ul class="checklist">' + "".join(
            f'<li><label><input type="checkbox"> <span>{text(i)}</span></label></li>'
            for i in block.items) + "</ul>"
    if isinstance(block, d.Steps):
        items = []
        for s in block.items:
            date = f" (by {_esc(s.date)})" if s.date else ""
            when = f'<div class="when">When: {text(s.timing)}</div>' if s.timing else ""
            items.append(f"<li><strong>{text(s.title)}</strong>{date}<div>{text(s.detail)}</div>{when}</li>")
        return '<ol class="steps">' + "".join(items) + "</ol>"
    if isinstance(block, d.Table):
        head = "".join(f"<th>{text(c)}</th>" for c in block.columns)
        rows = "".join("<tr>" + "".join(f"<td>{text(c)}</td>" for c in r) + "</tr>" for r in block.rows)
        return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    if isinstance(block, d.Results):
        return "<ol>" + "".join(
            f"<li><strong>{text(r.title)}</strong> ({_esc(r.type)} <code>{_esc(r.id)}</code>)"
            f'<div class="muted">{text(r.meta)}</div><div>{text(r.snippet)}</div></li>'
            for r in block.items) + "</ol>"
    if isinstance(block, d.Callout):
        return (f'<section class="callout"><h3>{text(block.title)}</h3>'
                + "".join(_block(b) for b in block.blocks) + "</section>")
    raise TypeError(f"no HTML rendering for {type(block).__name__}")
