"""The one declaration of the data format (schema.py) holds the record classes and the docs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from unmech.models import Finding, Mechanism, Procedure
from unmech.schema import RECORDS

DOCS = (Path(__file__).parent.parent / "docs" / "data-format.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(("kind", "cls"), [("mechanisms", Mechanism), ("procedures", Procedure),
                                           ("findings", Finding)])
def test_record_classes_have_exactly_the_declared_fields(kind, cls):
    assert set(cls._fields) == {f.name for f in RECORDS[kind]}


def _documented(kind: str) -> set[str]:
    section = DOCS.split(f"\n## {kind}\n", 1)[1].split("\n## ", 1)[0]
    names: set[str] = set()
    for row in re.findall(r"^\| (.+?) \|", section, flags=re.M):
        names |= set(re.findall(r"`([a-z_]+)`", row))
    return names


@pytest.mark.parametrize("kind", ["mechanisms", "procedures", "findings", "countries", "routes"])
def test_docs_list_every_declared_field_and_no_other(kind):
    declared = {f.name for f in RECORDS[kind]}
    assert _documented(kind) == declared
