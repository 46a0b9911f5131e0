"""Drafts: each type in Markdown, HTML and Word, the case file and its checks, and the command."""

from __future__ import annotations

import docx
import pytest
from markdown_it import MarkdownIt

from test_word import outline
from unmech import draft, loader
from unmech.kb import KnowledgeBase
from unmech.render import html, markdown, word

COUNTRIES = {"sp-communication": "SGP", "wgad-petition": "PHL", "upr-stakeholder-submission": "SGP",
             "tb-alternative-report": "RUS", "tb-individual-complaint": "VNM"}
THEMES = {"sp-communication": "death-penalty", "upr-stakeholder-submission": "death-penalty",
          "tb-alternative-report": "health"}


def kb() -> KnowledgeBase:
    return KnowledgeBase(loader.load(use_cache=False))


@pytest.mark.parametrize("ident", sorted(draft.SKELETONS))
def test_each_draft_in_three_formats(ident, golden):
    k = kb()
    doc = draft.build(k, k.get(ident), COUNTRIES[ident], THEMES.get(ident))
    md = markdown.render(doc)
    golden(f"draft-{ident}.md", md)
    golden(f"draft-{ident}.html", html.render(doc))
    golden(f"draft-{ident}.docx.txt", outline(word.render(doc)))
    assert md.count("[[TO FILL:") == draft.gaps(doc) == len(draft.fields_of(ident))
    tokens = MarkdownIt("commonmark").parse(md)
    assert not any(c.type == "link_open" and "TO FILL" in (tokens[i].content or "")
                   for i, t in enumerate(tokens) for c in (t.children or ()))
    assert "Safety and consent" in md and "What the guide requires" in md


def test_drafts_cite_what_the_data_holds_on_the_state():
    k = kb()
    upr = markdown.render(draft.build(k, k.get("upr-stakeholder-submission"), "SGP", "death-penalty"))
    assert "## Previous UPR recommendations on Singapore" in upr
    tb = markdown.render(draft.build(k, k.get("tb-alternative-report"), "RUS", "health"))
    assert "E/C.12/RUS/CO/6" in tb and "para. 51" in tb
    none = markdown.render(draft.build(k, k.get("wgad-petition"), "ISL", "death-penalty"))
    assert "unmech's data holds none on Iceland" in none


def test_case_facts_replace_the_placeholders():
    k = kb()
    facts = {"victim": "A. B.", "consent": "Given in writing."}
    md = markdown.render(draft.build(k, k.get("wgad-petition"), "PHL", None, facts))
    assert "Family name, first name: A. B." in md and "Given in writing." in md
    assert md.count("[[TO FILL:") == len(draft.fields_of("wgad-petition")) - 2


def test_case_file_problems_say_where():
    problems = draft.check_case({"facts": {"victm": "x", "date": ["a"]}, "contry": "VNM"},
                                "case.yaml", "sp-communication", {("facts", "victm"): 3})
    messages = [str(p) for p in problems]
    assert any("contry" in m and "did you mean country" in m for m in messages)
    assert any(m.startswith("case.yaml:3 facts.victm") and "did you mean victim" in m for m in messages)
    assert any("facts.date" in m and "expected text" in m for m in messages)
    assert draft.check_case(["x"], "c.yaml", "wgad-petition")
    assert not draft.check_case({"facts": {"victim": "x"}}, "c.yaml", "wgad-petition")


# --- the command --------------------------------------------------------------------------


def test_draft_prints_markdown_and_counts_the_gaps(run):
    r = run("draft", "wgad-petition", "--country", "PHL", "--theme", "arbitrary-detention")
    assert r.exit_code == 0, r
    assert r.stdout.startswith("# Draft: Petition to the Working Group on Arbitrary Detention — Philippines")
    assert "Opinion No. 61/2018" in r.stdout
    assert "15 placeholders to fill" in r.stderr


def test_draft_with_a_case_file_in_every_format(run, tmp_path):
    case = tmp_path / "case.yaml"
    case.write_text("country: PHL\nfacts:\n  victim: A. B.\n  request: Urgent action.\n",
                    encoding="utf-8")
    for fmt in ("markdown", "html", "docx"):
        target = tmp_path / f"draft.{fmt}"
        r = run("draft", "wgad-petition", "--case", str(case), "--format", fmt, "-o", str(target))
        assert r.exit_code == 0, r
        assert r.stdout == "" and "13 placeholders to fill" in r.stderr
    assert "A. B." in (tmp_path / "draft.markdown").read_text()
    assert "Philippines" in (tmp_path / "draft.html").read_text()
    assert any("A. B." in p.text for p in docx.Document(str(tmp_path / "draft.docx")).paragraphs)
    r = run("draft", "wgad-petition", "--case", str(case), "-o", str(tmp_path / "draft.markdown"))
    assert r.exit_code == 2 and "--force" in r.stderr


def test_draft_bad_case_file_is_a_data_error_with_lines(run, tmp_path):
    case = tmp_path / "case.yaml"
    case.write_text("facts:\n  victim: A\n  arest_date: x\n", encoding="utf-8")
    r = run("draft", "wgad-petition", "--case", str(case))
    assert r.exit_code == 2 and r.stdout == ""
    assert f"{case}:3 facts.arest_date" in r.stderr and "did you mean arrest_date" in r.stderr
    case.write_text("!!python/object:os.system x\n", encoding="utf-8")
    r = run("draft", "wgad-petition", "--case", str(case))
    assert r.exit_code == 2 and "Traceback" not in r.stderr


def test_draft_unknown_procedure_suggests(run):
    r = run("draft", "wgad")
    assert r.exit_code == 1 and "wgad-petition" in r.stderr
    r = run("draft", "wgad-petition", "--format", "docx")
    assert r.exit_code == 2 and "-o" in r.stderr
