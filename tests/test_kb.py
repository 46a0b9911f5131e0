"""The knowledge base: filtered listings read only what the index names, with the same result."""

from __future__ import annotations

import itertools

import pytest

from conftest import NETWORK
from unmech import loader
from unmech.kb import Filters, KnowledgeBase


@pytest.mark.parametrize("overlay", [None, NETWORK])
def test_select_gives_what_filtering_every_record_gives(overlay):
    kb = KnowledgeBase(loader.load(overlay, use_cache=False))
    themes = [None, *(t.id for t in kb.themes())]
    for type_, theme, mechanism, country, since in itertools.product(
            [None, "mechanism", "procedure", "finding"], themes,
            [None, "wgad", "hrc", "cat", "test-body"], [None, "PHL", "RUS", "TUR"], [None, 2020]):
        filters = Filters(type_, theme, country, mechanism, since)
        expected = [r.id for r in kb.all() if kb.passes(r, filters)]
        assert [r.id for r in kb.select(filters)] == expected, filters
