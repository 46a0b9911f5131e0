"""Search behaviour on the shipped data, and the relevance benchmark (recall@5 and MRR)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
import yaml

from unmech import loader, store
from unmech.errors import NotFoundError
from unmech.index import WEIGHT, Field, fold
from unmech.kb import Filters, KnowledgeBase
from unmech.search import missing_countries, missing_symbol, no_hits_hint, search

RELEVANCE = yaml.safe_load((Path(__file__).parent / "relevance.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module", params=["compiled", "store"])
def kb(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    """The shipped data, in memory and read on demand from a store file (as a cached overlay is)."""
    compiled = loader.load(use_cache=False)
    if request.param == "store":
        path = tmp_path_factory.mktemp("store") / "kb.store"
        path.write_bytes(store.encode(compiled, b"key"))  # type: ignore[arg-type]
        opened = store.open_store(os.open(path, os.O_RDONLY), b"key", lambda: pytest.fail("damaged"))
        assert opened is not None
        return KnowledgeBase(opened)
    return KnowledgeBase(compiled)


def top(kb: KnowledgeBase, query: str, n: int = 5, **filters: object) -> list[str]:
    return [h.record.id for h in search(kb, query, Filters(**filters), limit=n)]  # type: ignore[arg-type]


RANKED = [c for c in RELEVANCE if c.get("expect")]
NEGATIVE = [c for c in RELEVANCE if c.get("negative")]
SEVERAL = [c for c in RELEVANCE if c.get("concepts")]


def test_relevance_set_is_large_and_points_at_real_records(kb):
    assert len(RELEVANCE) >= 160 and len(SEVERAL) >= 40 and len(NEGATIVE) >= 10
    for case in RELEVANCE:
        for ident in case.get("expect", ()):
            kb.get(ident)  # raises if the set names a record that does not exist
        for concept in case.get("concepts", ()):
            assert set(concept) <= {"theme", "country", "mechanism", "text"}, case
            if "mechanism" in concept:
                kb.mechanism(concept["mechanism"])
            if "theme" in concept:
                kb.theme(concept["theme"])


def test_recall_at_5_and_mrr(kb):
    found = expected = 0
    reciprocal = []
    misses = []
    for case in RANKED:
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
    print(f"\nrecall@5 = {recall:.3f}, MRR = {mrr:.3f} over {len(RANKED)} queries")
    print("\n".join(misses))
    assert recall >= 0.95, "\n".join(misses)
    assert mrr >= 0.85, "\n".join(misses)


def _has(kb: KnowledgeBase, record: object, concept: dict[str, str]) -> bool:
    """Whether a record has one of a concept's alternatives."""
    for kind, value in concept.items():
        if kind == "country" and value in getattr(record, "countries", ()):
            return True
        if kind == "theme" and value in kb.themes_of(record):  # type: ignore[arg-type]
            return True
        if kind == "mechanism" and value in kb.mechanisms_of(record):  # type: ignore[arg-type]
            return True
        if kind == "text" and fold(value) in fold(str(kb.raw_record(record.id))):  # type: ignore[attr-defined]
            return True
    return False


def test_precision_at_5_of_queries_with_several_concepts(kb):
    """Of the top five, the share that have every concept; when only n < 5 records in the data
    have them all, of the top n (the others cannot be right)."""
    shares = []
    misses = []
    for case in SEVERAL:
        concepts = case["concepts"]
        relevant = [r for r in kb.all() if all(_has(kb, r, c) for c in concepts)]
        assert relevant, f"no record has every concept of {case['query']!r}"
        n = min(5, len(relevant))
        ranked = [h.record for h in search(kb, str(case["query"]), limit=n)]
        good = [r.id for r in ranked if all(_has(kb, r, c) for c in concepts)]
        shares.append(len(good) / n)
        if len(good) < n:
            misses.append(f"{case['query']!r}: {len(good)}/{n}: {[r.id for r in ranked]}")
    precision = sum(shares) / len(shares)
    print(f"\nmulti-concept precision@5 = {precision:.3f} over {len(SEVERAL)} queries")
    print("\n".join(misses))
    assert precision >= 0.9, "\n".join(misses)


def test_no_false_exact_match_on_the_negative_set(kb):
    false = []
    for case in NEGATIVE:
        query = str(case["query"])
        false += [f"{query!r}: {h.record.id} scores 100" for h in search(kb, query, limit=10)
                  if h.score == 100]
        if "/" in query:
            assert missing_symbol(kb, query) == query, query
    print(f"\nfalse exact matches: {len(false)} over {len(NEGATIVE)} negative queries")
    assert not false, "\n".join(false)


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


# --- several words narrow ----------------------------------------------------------------------


def test_more_words_narrow_and_partial_matches_come_last(kb):
    def full(query: str) -> set[str]:
        return {h.record.id for h in search(kb, query, limit=None) if not h.partial}

    both = full("torture Philippines")
    assert both and both <= full("Philippines") and both <= full("torture")
    hits = search(kb, "torture Philippines", limit=None)
    flags = [h.partial for h in hits]
    assert flags == sorted(flags), "a partial match ranks above a full one"
    assert all(h.words_total == 2 and (h.words_matched == 2) != h.partial for h in hits)


def test_a_word_found_nowhere_makes_every_hit_partial(kb):
    hits = search(kb, "torture zzqqxx", limit=5)
    assert hits and all(h.partial and h.words_matched == 1 and h.score < 100 for h in hits)


# --- symbols that are not in the data ------------------------------------------------------------


@pytest.mark.parametrize(("query", "closest"), [
    ("CCPR/C/RUS/CO/6", "ccpr-co-rus-2015-ost-withdrawal"),
    ("CAT/C/VNM/CO/1", "cat"),
])
def test_a_missing_symbol_is_named_and_its_neighbours_score_below_100(kb, query, closest):
    assert missing_symbol(kb, query) == query
    hits = search(kb, query, limit=5)
    assert closest in [h.record.id for h in hits]
    assert all(h.score < 100 for h in hits)


def test_a_symbol_in_the_data_is_not_missing(kb):
    for query in ("A/HRC/47/40", "CCPR/C/GC/36", "A/HRC/47/40 detention"):
        assert missing_symbol(kb, query) is None, query
    assert top(kb, "A/HRC/47/40 detention", 1) == ["wgad-2021-drug-policy-study"]


# --- countries in the UN languages ---------------------------------------------------------------


@pytest.mark.parametrize(("query", "code"), [
    ("Россия", "RUS"), ("Российская Федерация", "RUS"), ("Russia", "RUS"), ("Fédération de Russie", "RUS"),
    ("Viet Nam", "VNM"), ("Vietnam", "VNM"), ("Вьетнам", "VNM"), ("Filipinas", "PHL"),
    ("Philippines", "PHL"), ("菲律宾", "PHL"), ("Iran", "IRN"), ("República Islámica de Irán", "IRN"),
])
def test_countries_by_any_name(kb, query, code):
    on_it = [code in getattr(h.record, "countries", ()) for h in search(kb, query, limit=5)]
    assert on_it and on_it[0] and sum(on_it) >= min(3, len(kb.select(Filters(country=code)))), query


@pytest.mark.parametrize("query", ["Türkiye", "Turkey", "Turquía", "Турция"])
def test_a_country_without_records_is_known_as_one(kb, query):
    assert missing_countries(kb, query) == ["TUR"]
    assert all(h.score < 100 for h in search(kb, query))
    assert "Türkiye (TUR)" in no_hits_hint(kb, query)


def test_folding_keeps_the_russian_short_i():
    assert fold("Российская") == "российская"
    assert fold("Ёлка Éte") == "елка ete"


@pytest.mark.parametrize(("text", "code"), [
    ("PHL", "PHL"), ("phl", "PHL"), ("Philippines", "PHL"), ("Filipinas", "PHL"),
    ("Российская Федерация", "RUS"), ("Viet Nam", "VNM"), ("Vietnam", "VNM"), ("Türkiye", "TUR"),
    ("Turquie", "TUR"), ("FRA", "FRA"), ("Россия", "RUS"), ("Russia", "RUS"),
])
def test_country_code_by_code_or_name(kb, text, code):
    assert kb.country_code(text) == code


@pytest.mark.parametrize(("text", "suggested"), [
    ("Turkey", "TUR"), ("Philipines", "PHL"), ("Korea", "KOR"), ("Congo", "COG"), ("XYZ", None),
    ("Atlantis", None),
])
def test_unknown_country_names_it_and_suggests(kb, text, suggested):
    with pytest.raises(NotFoundError) as raised:
        kb.country_code(text)
    assert text in str(raised.value)
    if suggested:
        assert any(s.startswith(suggested) for s in raised.value.suggestions), raised.value.suggestions


# --- the no-hits hint --------------------------------------------------------------------------


def test_hint_blames_the_filter_not_the_words(kb):
    hint = no_hits_hint(kb, "torture", Filters(since=3000))
    assert "--since 3000" in hint and "Closest words" not in hint
    assert not search(kb, "torture", Filters(since=3000))


def test_hint_without_filters_does_not_mention_them(kb):
    for query in ("zzqqxxyy", "tortrue zzqq", "Россия zzqq"):
        hint = no_hits_hint(kb, query)
        assert "--" not in hint and "filter" not in hint, hint
    assert "российская" in no_hits_hint(kb, "россиийская")


def test_fields_have_weights_and_labels():
    for field in Field:
        assert WEIGHT[field] > 0 and field.label
