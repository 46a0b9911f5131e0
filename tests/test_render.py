"""Renderers against exact text (golden files) and structure (markdown-it), with hostile text."""

from __future__ import annotations

import datetime as dt
import io
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


def _inline_texts(md: str) -> list[str]:
    """The text CommonMark shows for each paragraph, heading and list entry, markup removed."""
    out = []
    for token in MarkdownIt("commonmark").parse(md):
        if token.type == "inline":
            parts = [c.content if c.type in ("text", "code_inline") else " " if c.type == "softbreak"
                     else "" for c in token.children or ()]
            out.append("".join(parts))
    return out


@settings(max_examples=150, deadline=None)
@given(value=st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")),
                     min_size=1, max_size=80).filter(lambda s: s.strip()))
def test_markdown_shows_exactly_the_documents_text(value):
    value = " ".join(value.split())
    if not value or not value.isprintable():
        return
    md = markdown.render(Document("T", (Para(value), Bullets((value,)))))
    assert _inline_texts(md)[1:] == [value, value], md


def test_markdown_escapes_only_what_commonmark_needs():
    assert markdown.escape("Decision 1/2 (2019), paras. 4-7 [sic] #3 + 2 = 5!") == (
        "Decision 1/2 (2019), paras. 4-7 \\[sic] #3 + 2 = 5!")
    assert markdown.escape("1. First") == "1\\. First"
    assert markdown.escape("# not a heading") == "\\# not a heading"
    assert markdown.escape("a *b* _c_ snake_case `d` <e> &amp;") == (
        "a \\*b\\* \\_c\\_ snake_case \\`d\\` \\<e> \\&amp;")


def test_shipped_export_text_survives_commonmark():
    """Every paragraph of a real export reads in a Markdown viewer as it does in the data."""
    k = KnowledgeBase(loader.load(use_cache=False))
    doc = pages.export(k, [k.get("wgad-petition"), k.get("hrc-gc36-right-to-life")], "Export")
    md = markdown.render(doc)
    shown = set(_inline_texts(md))
    for block in doc.blocks:
        if isinstance(block, Para):
            assert " ".join(block.text.split()) in shown
        if isinstance(block, Bullets):
            for item in block.items:
                assert " ".join(item.split()) in shown
    assert md.count("\\") < 5


def test_an_exported_guide_carries_its_checklist():
    k = kb()
    doc = pages.export(k, [k.get("test-guide")], "Export")
    md = markdown.render(doc)
    assert "## Checklist" in md and "- [ ] Consent recorded" in md
    page = html.render(doc)
    assert page.count('<input type="checkbox">') == 4
    assert "Checklist" not in text.render(pages.guide(k, k.get("test-guide")))


def test_search_and_show_golden(golden, test_kb):
    from unmech import search

    hits = search.search(test_kb, "fictional detention", limit=5)
    golden("search.txt", text.render(pages.search_results(hits), 80))
    golden("show-mechanism.txt", text.render(pages.show(test_kb, test_kb.get("test-body")), 80))
    golden("show-finding.txt", text.render(pages.show(test_kb, test_kb.get("test-finding")), 80))


def test_country_pack_golden(golden, test_kb):
    k = test_kb
    doc = pages.pack(k, k.theme("torture"), "VNM").document
    golden("pack.md", markdown.render(doc))
    golden("pack.html", html.render(doc))
    empty = pages.pack(k, k.theme("torture"), "BRA").document
    assert "holds no finding on Brazil about torture" in markdown.render(empty)


def test_tables_never_cut_ids_and_wrap_the_rest():
    from rich.console import Console

    from unmech.document import Table
    from unmech.render import console

    long_id = "icc-philippines-authorisation-investigation-2021"
    title = "Situation in the Philippines: Pre-Trial Chamber I authorises an investigation"
    doc = Document("Findings", (Table(("id", "date", "title"), ((long_id, "2021-09-15", title),)),))
    plain = text.render(doc, 80)
    assert long_id in plain and "…" not in plain
    assert "authorises an investigation" in " ".join(plain.split())
    assert all(len(line) <= 82 for line in plain.splitlines())  # the title keeps 20 columns
    for width in (60, 80, 160):
        out = Console(width=width, file=io.StringIO(), no_color=True)
        out.print(console.renderable(doc))
        shown = out.file.getvalue()
        assert long_id in shown, width
        assert "investigation" in " ".join(shown.split()), width
