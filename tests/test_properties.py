"""Property tests: whatever YAML-like text or query comes in, only clean errors come out."""

from __future__ import annotations

import time

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from unmech import loader, overlay, validate, yamlread
from unmech.errors import DataError
from unmech.kb import KnowledgeBase
from unmech.search import search

_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30)
_values = st.recursive(_scalars, lambda c: st.lists(c, max_size=3)
                       | st.dictionaries(st.text(max_size=12), c, max_size=4), max_leaves=15)
_field_names = st.sampled_from(["id", "name", "type", "summary", "themes", "url", "sources",
                                "last_reviewed", "mechanism", "kind", "date", "title", "steps",
                                "countries", "checklst", "procedures", "parent"])
_records = st.dictionaries(_field_names, _values, max_size=8)
_documents = st.dictionaries(
    st.sampled_from(["themes", "mechanisms", "procedures", "findings", "other"]),
    st.lists(_records, max_size=3) | _values, max_size=4) | _values


@settings(max_examples=150, deadline=None)
@given(document=_documents)
def test_random_documents_give_problems_not_exceptions(document, tmp_path_factory):
    path = tmp_path_factory.mktemp("doc") / "d.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    files = [loader.read_file(loader.shipped_yaml_path()), loader.read_file(str(path))]
    problems = validate.check(files)
    for p in problems:
        assert str(p) and p.file
    if not problems:
        overlay.merge(files)


@settings(max_examples=150, deadline=None)
@given(text=st.text(max_size=300))
def test_random_text_never_crashes_the_parser(text):
    raw = yamlread.parse(text.encode("utf-8", "surrogatepass"), "t.yaml")
    assert raw.data is not None or raw.problems


@settings(max_examples=40, deadline=None)
@given(document=_documents)
def test_loading_random_overlays_raises_only_data_errors(document, tmp_path_factory):
    path = tmp_path_factory.mktemp("ov") / "o.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    try:
        loader.load(str(path), use_cache=False)
    except DataError as exc:
        assert str(exc)


_KB = KnowledgeBase(loader.load(use_cache=False))


@settings(max_examples=200, deadline=None)
@given(query=st.text(max_size=400))
def test_random_queries_answer_quickly_without_errors(query):
    start = time.monotonic()
    hits = search(_KB, query, limit=10)
    assert time.monotonic() - start < 1.0
    assert all(0 < h.score <= 100 for h in hits)
