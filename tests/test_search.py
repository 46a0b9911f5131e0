"""Search behaviour on the shipped data, and the relevance benchmark (recall@5 and MRR)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml

from unmech import loader
from unmech.kb import Filters, KnowledgeBase
from unmech.search import search

RELEVANCE = yaml.safe_load((Path(__file__).parent / "relevance.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase(loader.load(use_cache=False))


def top(kb: KnowledgeBase, query: str, n: int = 5, **filters: object) -> list[str]:
    return [h.record.id for h in search(kb, query, Filters(**filters), limit=n)]  # type: ignore[arg-type]


def test_relevance_set_is_large_and_points_at_real_records(kb):
    assert len(RELEVANCE) >= 60
    for case in RELEVANCE:
        for ident in case["expect"]:
            kb.get(ident)  # raises if the set names a record that does not exist


def test_recall_at_5_and_mrr(kb):
    found = expected = 0
    reciprocal = []
    misses = []
    for case in RELEVANCE:
        ranked = top(kb, str(case["query"]))
        hits = [i for i in case["expect"] if i in ranked]
        found += len(hits)
        expected += len(case["expect"])
        ranks = [ranked.index(i) + 1 for i in case["expect"] if i in ranked]
        reciprocal.append(1 / min(ranks) if ranks else 0.0)
        if len(hits) < len(case["expect"]):
            misses.append(f"{case['query']!r}: expected {case['expect']}, got {ranked}")
    recall = found / expected
    mrr = sum(reciprocal) / len(reciprocal)
    print(f"\nrecall@5 = {recall:.3f}, MRR = {mrr:.3f} over {len(RELEVANCE)} queries")
    print("\n".join(misses))
    assert recall >= 0.9, "\n".join(misses)
    assert mrr >= 0.75, "\n".join(misses)


def test_exact_symbol_ranks_first_whatever_the_spacing(kb):
    for query in ("A/HRC/47/40", "a/hrc/47/40", "A / HRC / 47 / 40", "ahrc4740"):
        assert top(kb, query, 1) == ["wgad-2021-drug-policy-study"], query


def test_several_words_narrow(kb):
    both = top(kb, "detention philippines", 3)
    for ident in both:
        record = kb.get(ident)
        assert "PHL" in getattr(record, "countries", ()) or "philippines" in record.title.lower()


def test_country_by_name_code_and_typo(kb):
    for query in ("Philippines", "PHL", "phillipines", "Filipinas"):
        assert any("phl" in i or "philippines" in i for i in top(kb, query)), query


def test_word_forms(kb):
    assert "wg-women-girls-2019-women-deprived-of-liberty" in top(kb, "woman detained", 10)
    assert top(kb, "executions", 3) and top(kb, "execution", 3)


def test_filters_combine_and_work_alone(kb):
    assert all(kb.get(i).record_type == "finding" for i in top(kb, "torture", 10, type="finding"))
    ids = top(kb, "", 50, theme="death-penalty", country="SGP")
    assert ids and all("SGP" in kb.get(i).countries for i in ids)
    assert all(int(kb.get(i).year) >= 2020 for i in top(kb, "", 50, since=2020))


def test_odd_queries_answer_quickly(kb):
    for query in ("", " ", "x" * 10_000, ".*[(+?", "e\u0301\u0301\u0301", "مرحبا بالعالم", "🙂💉",
                  "\x1b[31mred\x00", "a/b/c/d/e/f/g"):
        start = time.monotonic()
        search(kb, query, limit=10)
        assert time.monotonic() - start < 1.0, repr(query[:20])


def test_hits_carry_snippet_and_where_matched(kb):
    hit = search(kb, "withdrawal in custody", limit=1)[0]
    assert hit.snippet and hit.matched
    assert 0 < hit.score <= 100
