"""Validation: raw data in, every problem out, each with its file, line and record."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import NETWORK
from unmech import loader, validate, yamlread
from unmech.models import Problem

FINDING = """\
  - id: {id}
    mechanism: wgad
    kind: opinion
    title: A finding
    date: {date}
    themes: [arbitrary-detention]
    summary: >-
      {summary}
    url: {url}
    sources:
      - title: The opinion
        url: https://example.org/opinion
    last_reviewed: '2026-01-01'
"""
SUMMARY = ("The Working Group found the detention of a person who uses drugs arbitrary because "
           "no judge ever reviewed it.")


@pytest.fixture(scope="module")
def shipped() -> yamlread.RawFile:
    return loader.read_file(loader.shipped_yaml_path())


def finding(**fields: str) -> str:
    values = {"id": "my-finding", "date": "'2024-05-01'", "summary": SUMMARY,
              "url": "https://example.org/opinion", **fields}
    return FINDING.format(**values)


def problems(shipped: yamlread.RawFile, text: str) -> list[Problem]:
    return validate.check([shipped, yamlread.parse(text.encode("utf-8"), "o.yaml")], shipped=1)


def test_a_valid_overlay_finding_has_no_problems(shipped):
    assert problems(shipped, "findings:\n" + finding()) == []


def test_an_id_cannot_be_used_by_records_of_two_kinds(shipped):
    found = problems(shipped, "findings:\n" + finding(id="wgad"))
    assert [(p.file, p.line, p.path) for p in found] == [("o.yaml", 2, "findings[wgad].id")]
    assert "already the id of a mechanism" in found[0].message
    assert loader.shipped_yaml_path() in found[0].message


@pytest.mark.parametrize(("field", "value"), [
    ("id", '"my-finding\\n"'),
    ("date", '"2024-05-01\\n"'),
    ("url", '"https://example.org/\\e[31mred"'),
    ("url", '"https://example.org/x\\n"'),
])
def test_control_characters_in_ids_dates_and_urls_are_problems(shipped, field, value):
    found = problems(shipped, "findings:\n" + finding(**{field: value}))
    assert any(p.path.endswith(f".{field}") and "control character" in p.message for p in found), found


def test_every_bad_step_and_source_is_reported_at_its_line(shipped):
    guide = """\
procedures:
  - id: my-guide
    title: A guide
    mechanisms: [wgad]
    summary: S
    who_can_use: Anyone
    requirements: [r]
    steps:
      - title: First
      - title: Second
        detail: Fine
      - title: Third
        detail: Fine
        offset_days: soon
    checklist: [c]
    deadlines: [d]
    safety: [s]
    sources:
      - title: One
        url: ftp://example.org
      - title: Two
        url: https://example.org
      - url: https://example.org
        colour: red
    last_reviewed: '2026-01-01'
"""
    found = [(p.line, p.message) for p in problems(shipped, guide)]
    assert found == [
        (9, "step 1: 'detail' is required"),
        (12, "step 3: 'offset_days' expected a whole number, got a value"),
        (19, "source 1: 'url' expected an http:// or https:// address"),
        (23, "source 3: unknown field 'colour'"),
        (23, "source 3: 'title' is required"),
    ]


def test_a_finding_summary_under_80_characters_is_a_problem(shipped):
    found = problems(shipped, "findings:\n" + finding(summary="Detention was arbitrary."))
    assert [p.path for p in found] == ["findings[my-finding].summary"]
    assert "24 characters" in found[0].message and "at least 80" in found[0].message


def test_counts_are_what_the_checked_files_hold(shipped):
    overlay = loader.read_file(NETWORK)
    assert validate.check([shipped, overlay], shipped=1) == []
    assert validate.counts([overlay]) == {"themes": 0, "mechanisms": 1, "procedures": 1, "findings": 1,
                                          "countries": 0, "routes": 0}
    both = validate.counts([shipped, overlay])
    assert both["findings"] == validate.counts([shipped])["findings"] + 1


def test_a_network_may_link_its_own_site_but_never_a_refused_one(tmp_path):
    from unmech import loader, validate

    text = (Path(NETWORK).read_text(encoding="utf-8")
            .replace("https://example.org/guide", "https://my-network.example-local.net/guide"))
    own = tmp_path / "own.yaml"
    own.write_text(text, encoding="utf-8")
    shipped = loader.shipped_paths()
    files = [loader.read_file(p) for p in [*shipped, str(own)]]
    assert validate.check(files, shipped=len(shipped)) == []
    assert validate.check(files)  # as shipped data, an unknown host is a problem
    refused = tmp_path / "refused.yaml"
    refused.write_text(text.replace("https://my-network.example-local.net/guide",
                                    "https://www.scribd.com/doc/1"), encoding="utf-8")
    files[-1] = loader.read_file(str(refused))
    problems = validate.check(files, shipped=len(shipped))
    assert problems and "scribd.com is refused" in problems[0].message
