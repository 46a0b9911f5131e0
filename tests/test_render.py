"""Renderers against exact text (golden files) and structure (markdown-it), with hostile text."""

from __future__ import annotations

import datetime as dt
import json
import time

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from conftest import NETWORK
from unmech import loader, pages
from unmech.document import Bullets, Checklist, Document, Heading, Para, Step, Steps
from unmech.kb import KnowledgeBase
from unmech.render import Format, html, markdown, render, text


def kb() -> KnowledgeBase:
    return KnowledgeBase(loader.load(NETWORK, use_cache=False))


def test_every_format_is_handled():
    doc = Document("Title", (Para("A paragraph"),))
    for fmt in Format:
        out = render(doc, fmt)
        assert "Title" in out and "A paragraph" in out, fmt


def test_guide_text_golden(golden):
    k = kb()
    golden("guide.txt", text.render(pages.guide(k, k.get("test-guide")), 80))


def test_checklist_markdown_golden(golden):
    k = kb()
    golden("checklist.md", markdown.render(pages.checklist(k, k.get("test-guide"),
                                                           dt.date(2027, 3, 1))))


def test_export_markdown_golden(golden):
    k = kb()
    records = [k.get("test-guide"), k.get("test-finding")]
    golden("export.md", markdown.render(pages.export(k, records, "Export")))


def test_export_html_golden(golden):
    k = kb()
    golden("export.html", html.render(pages.export(k, [k.get("test-guide")], "Export")))


def test_markdown_structure_parses_as_commonmark():
    k = kb()
    md = markdown.render(pages.export(k, [k.get("test-guide"), k.get("test-body")], "Export"))
    tokens = MarkdownIt("commonmark").parse(md)
    types = [t.type for t in tokens]
    assert types.count("heading_open") >= 8
    assert "ordered_list_open" in types and "bullet_list_open" in types
    rendered = MarkdownIt("commonmark").render(md)
    assert "[bold]Markup[/bold]" in rendered  # escaped in the source, shown literally
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert "Contents" in headings and "References" in headings


def test_markdown_checklist_is_a_task_list():
    k = kb()
    md = markdown.render(pages.checklist(k, k.get("test-guide")))
    assert md.count("- [ ] ") >= 10


def test_html_escapes_markup_and_scripts():
    page = html.render(Document("<script>alert(1)</script>", (Para("[b] <img src=x> & co"),)))
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "<img" not in page and "&amp; co" in page


_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200)


@settings(max_examples=60, deadline=None)
@given(title=_text, items=st.lists(_text, max_size=4), detail=_text)
def test_any_text_renders_safely_in_every_format(title, items, detail):
    doc = Document(title or "x", (Heading(title or "h"), Para(detail), Bullets(tuple(items)),
                                   Checklist(tuple(items)), Steps((Step(title, detail, detail),))))
    out = text.render(doc, 60)
    assert "\x1b" not in out
    md = markdown.render(doc)
    tokens = MarkdownIt("commonmark").parse(md)
    assert not any(t.type in ("html_block", "html_inline") for t in tokens
                   for t in ([t] + (t.children or [])))
    page = html.render(doc)
    assert "<script" not in page.lower().replace("&lt;script", "")


@settings(max_examples=40, deadline=None)
@given(value=st.recursive(st.none() | st.booleans() | st.integers() | _text,
                          lambda c: st.lists(c, max_size=3) | st.dictionaries(_text, c, max_size=3),
                          max_leaves=10))
def test_json_renderer_always_parses(value):
    from unmech.render import json as json_render

    assert json.loads(json_render.dumps(value)) == value


def test_one_huge_word_is_wrapped_in_linear_time():
    """A 10 MB token in an overlay's summary made `show` take 44 s (quadratic wrapping)."""
    token = "x" * 4_000_000
    doc = Document("T", (Para(token), Bullets((token,)), Steps((Step("s", token),))))
    start = time.monotonic()
    out = text.render(doc, width=80)
    assert time.monotonic() - start < 2
    lines = out.splitlines()
    assert sum(line.count("x") for line in lines) == 3 * len(token)


def test_a_long_web_address_is_never_split():
    url = "https://undocs.org/" + "A/HRC/47/40/" * 10
    out = text.render(Document("T", (Para(f"See the study at {url} for the detail."),)), width=60)
    assert url in out.splitlines() or any(line.strip() == url for line in out.splitlines())
    assert all(len(line) <= 60 for line in out.splitlines() if url not in line)


