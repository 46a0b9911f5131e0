"""The overlay cache's store: read on demand, the same answers as the data compiled afresh, and
a damaged part is compiled again rather than used."""

from __future__ import annotations

import marshal
import shutil
from pathlib import Path

import pytest

from conftest import NETWORK
from unmech import cache, loader, store
from unmech.errors import DataError
from unmech.kb import KnowledgeBase
from unmech.search import search

QUERIES = ["torture", "test petition", "A/HRC/47/40", "Philippines drug killings", "wgad",
           "death penalty", "Российская Федерация", "CCPR/C/RUS/CO/7"]


def _overlay(tmp_path: Path) -> Path:
    overlay = tmp_path / "network.yaml"
    shutil.copy(NETWORK, overlay)
    return overlay


def _answers(kb: KnowledgeBase) -> list[object]:
    """What commands read: search hits, records, their relations and the listings."""
    out: list[object] = []
    for query in QUERIES:
        out.append([(h.record.id, h.score, h.matched, h.snippet, h.partial)
                    for h in search(kb, query, limit=None)])
    wgad = kb.mechanism("wgad")
    out.append([p.id for p in kb.procedures_for(wgad)])
    out.append([f.id for f in kb.findings_for(wgad)])
    out.append([m.id for m in kb.children(kb.mechanism("hrc"))])
    out.append(kb.raw_record("test-body"))
    out.append([r.id for r in kb.all()])
    out.append([t.id for t in kb.themes()])
    out.append(kb.review_date())
    out.append(kb.country_code("Philippines"))
    return out


def _cache_file() -> Path:
    [entry] = Path(cache.cache_dir()).iterdir()
    return entry


def _sections(data: bytes) -> dict[str, tuple[int, int]]:
    """Where each section of a store file is: (start, length)."""
    head = len(store.MAGIC) + 24
    key_size, toc_size = (int.from_bytes(data[i:i + 8], "little") for i in (len(store.MAGIC) + 8,
                                                                          len(store.MAGIC) + 16))
    toc = marshal.loads(data[head + key_size:head + key_size + toc_size])
    base = head + key_size + toc_size
    return {name: (base + offset, length) for name, (offset, length, _) in toc.items()}


def test_the_store_answers_as_the_data_compiled_afresh(tmp_path):
    overlay = _overlay(tmp_path)
    fresh = loader.load(str(overlay), use_cache=False)
    loader.load(str(overlay))  # writes the cache
    cached = loader.load(str(overlay))
    assert isinstance(cached, store.Store)
    assert cached.plain() == fresh.plain()
    assert _answers(KnowledgeBase(cached)) == _answers(KnowledgeBase(fresh))


def test_a_search_reads_only_the_records_it_shows(tmp_path):
    overlay = _overlay(tmp_path)
    expected = [h.record.id for h in search(KnowledgeBase(loader.load(str(overlay))), "torture",
                                            limit=3)]
    last = loader.load(str(overlay), use_cache=False)["records"]["findings"][-1]["id"]
    assert last not in expected
    entry = _cache_file()
    data = bytearray(entry.read_bytes())
    start, length = _sections(bytes(data))["records.values"]
    data[start + length - 2] ^= 0x01  # in the last record, which the search does not show
    entry.write_bytes(bytes(data))
    cached = loader.load(str(overlay))
    assert [h.record.id for h in search(KnowledgeBase(cached), "torture", limit=3)] == expected
    assert entry.read_bytes() == data, "the search read a record it does not show"
    cached.verify()  # type: ignore[attr-defined]
    assert entry.read_bytes() != data, "the damaged record was not found"


def test_a_flipped_bit_in_any_part_is_compiled_again_not_used(tmp_path):
    overlay = _overlay(tmp_path)
    expected = _answers(KnowledgeBase(loader.load(str(overlay), use_cache=False)))
    loader.load(str(overlay))
    entry = _cache_file()
    good = entry.read_bytes()
    places = {0, 20, 40, len(good) - 1}
    for start, length in _sections(good).values():
        places |= {start + length // 2} if length else set()
    for offset in sorted(places):
        damaged = bytearray(good)
        damaged[offset] ^= 0x10
        entry.write_bytes(bytes(damaged))
        entry.chmod(0o600)
        assert _answers(KnowledgeBase(loader.load(str(overlay)))) == expected, (
            f"bit flip at byte {offset} was used")
        loader.load(str(overlay)).verify()  # type: ignore[attr-defined]
        assert entry.read_bytes() == good, f"the entry damaged at byte {offset} was not replaced"


def test_damage_found_after_the_data_changed_asks_to_run_again(tmp_path):
    overlay = _overlay(tmp_path)
    loader.load(str(overlay))
    entry = _cache_file()
    data = bytearray(entry.read_bytes())
    start, length = _sections(bytes(data))["records.values"]
    data[start + length // 2] ^= 0x01
    entry.write_bytes(bytes(data))
    cached = loader.load(str(overlay))  # the head is intact: the damage is found later
    overlay.write_text(overlay.read_text() + "\n# edited meanwhile\n")
    with pytest.raises(DataError, match="changed while"):
        list(KnowledgeBase(cached).all())


def test_the_shipped_data_is_read_from_the_cache_unless_it_is_off(tmp_path):
    first = loader.load()  # from the shipped JSON; the cache entry is written
    assert not isinstance(first, store.Store)
    second = loader.load()
    assert isinstance(second, store.Store)
    assert second.plain() == first.plain()
    assert not isinstance(loader.load(use_cache=False), store.Store)


@pytest.mark.parametrize("args", [
    ("search", "torture"), ("search", "torture", "--country", "PHL", "--json"),
    ("search", "--theme", "health", "--since", "2020"), ("show", "wgad"), ("show", "test-body"),
    ("show", "wgad", "--json"), ("guide", "test-guide"), ("list",), ("list", "findings", "--json"),
    ("list", "themes"), ("export", "test-guide", "test-finding"), ("country", "PHL"),
    ("triage", "--country", "RUS", "--remedies-exhausted", "yes", "--json"), ("cite", "test-finding"),
    ("show", "wgda"),
])
def test_commands_answer_the_same_from_the_cache(run, args):
    fresh = run(*args, "--data", NETWORK, "--no-cache")
    run(*args, "--data", NETWORK)  # compiles and writes the cache
    cached = run(*args, "--data", NETWORK)
    assert (cached.exit_code, cached.stdout, cached.stderr) == (fresh.exit_code, fresh.stdout,
                                                               fresh.stderr), args
    assert fresh.exit_code in (0, 1) and fresh.stdout + fresh.stderr
