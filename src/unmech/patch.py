"""Records edited or added in a cached overlay, applied to its store instead of compiling
everything again (docs/adr/0008-changed-overlay-parsed-piece-by-piece.md).

When every change to an overlay is a mechanism, guide or finding that keeps its id, or a finding
added after the last one, only these can change: the record; its index entries (its words,
exact-match keys, themes, countries, mechanisms and parent); for a mechanism, the themes of the
guides that engage it and the names a query can use for it; the list of records, for a finding
added; and the newest review date. They are worked out with the functions that build the index
(``index._entry``, ``index._mechanism_names``) and written over the old ones; every other part of
the store is copied as it is. Anything else (a record added elsewhere, removed or renamed, a
theme or country fact edited, a country the index does not name, an overlay folder) is compiled
in full. Tests hold the patched store to what compiling afresh gives.
"""

from __future__ import annotations

import bisect
import functools
import marshal
from collections import Counter
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from unmech import index
from unmech.models import SOURCES
from unmech.store import docs_sections

if TYPE_CHECKING:
    from unmech.models import Problem
    from unmech.store import Reader

#: More edited records than this are compiled in full: patching stops being the cheaper way.
MAX_EDITS = 50
#: What a record that was not there put in the index.
_NOTHING = index._Entry({}, [], [], [])
#: The fields of a mechanism that ``index._mechanism_names`` reads.
_NAMES = ("name", "acronym", "keywords")
#: The kinds of record whose edits are patched in.
PATCHED = ("mechanisms", "procedures", "findings")


def problems(reader: Reader, path: str, records: list[tuple[str, Any, Any]]) -> list[Problem]:
    """The problems of the edited records (kind, old, new), checked as ``validate`` checks a
    network's file, against the ids the store knows."""
    from unmech import country, validate
    from unmech.yamlread import RawFile

    # the country codes and names the index was built with: pycountry is not loaded for them
    country.seed(reader.index_part("iso_codes"), reader.index_part("country_names"),
                 reader.index_part("countries"))
    known = RawFile("(the cached data)")
    known.data = {kind: [{"id": ident} for ident in reader.ids(kind)]
                  for kind in ("mechanisms", "procedures", "findings")}
    for kind in ("themes", "countries", "routes"):
        known.data[kind] = [{"id": record.get("id")} for record in reader.records(kind)]
    known.data[SOURCES] = dict.fromkeys(reader.records("country_sources"))
    edited = RawFile(path)
    edited.data = {}
    for kind, _, new in records:
        edited.data.setdefault(kind, []).append(new)
    return validate.check([known, edited], shipped=1, trusted=1)


def apply(reader: Reader, records: list[tuple[str, dict[str, Any] | None, dict[str, Any]]]
          ) -> tuple[dict[str, bytes], dict[str, dict[Any, bytes | None]]] | None:
    """The sections and table items that change when each old record (as stored; None for a
    finding added) becomes the new one (as merged), for ``store.rekey``; None when they cannot
    be patched."""
    codes = set(reader.index_part("iso_codes"))
    names: dict[str, list[str]] = reader.index_part("country_names")
    country_words = {code: [code, *n] for code, n in names.items()}
    words_of = functools.lru_cache(maxsize=None)(index.words)
    tables = _Tables(reader)
    records_now: dict[Any, bytes | None] = {}
    kinds, ids, shared = reader.docs()
    mechanisms = list(shared)
    meta = reader.blob("meta")
    reviewed = meta["reviewed"]
    edited = {new["id"] for _, _, new in records}
    bodies_now = {new["id"]: new for kind, _, new in records if kind == "mechanisms"}
    renamed = any(kind == "mechanisms" and [(old or {}).get(f) for f in _NAMES]
                  != [new.get(f) for f in _NAMES] for kind, old, new in records)
    ids, kinds = list(ids), list(kinds)
    for kind, stored, new in records:
        old = stored or {}  # nothing, for a finding added
        if stored is None:  # numbered after every record, as the last of the findings
            doc = len(ids)
            ids.append(new["id"])
            kinds.append("finding")
            mechanisms.append("")
        else:
            doc = reader.number(old["id"])  # type: ignore[assignment]
        if kind not in PATCHED or doc is None or kinds[doc] != kind[:-1] or any(
                c not in codes for c in (*(old.get("countries") or ()), *(new.get("countries") or ()))):
            return None
        before = index._entry(kind, old, country_words, words_of) if stored else _NOTHING
        after = index._entry(kind, new, country_words, words_of)
        # only what differs between the two versions is rewritten: most words stay
        for word in _changed(before.words, after.words):
            tables.weighted("postings", word, doc, after.words.get(word))
        for table, was, now in (("keys", before.keys, after.keys),
                                ("aliases", before.aliases, after.aliases)):
            for key in (set(was) ^ set(now)) - {""}:
                tables.listed(table, key, doc, 1 if key in now else 0)
        themes = _theme_weights(reader, kind, new, after, bodies_now)
        for theme in _changed(_theme_weights(reader, kind, old, before, {}), themes):
            tables.weighted("theme_docs", theme, doc, themes.get(theme), keep_empty=True)
        if kind == "mechanisms":
            parents: set[str] = {p for p in (old.get("parent"), new.get("parent")) if p}
            for parent in parents if old.get("parent") != new.get("parent") else ():
                tables.listed("children", parent, doc, 1 if parent == new.get("parent") else 0)
            if (old.get("themes") or []) != (new.get("themes") or []):
                # the guides that engage it take its themes: those not edited themselves here
                for guide in reader.lookup("mechanism_docs", old["id"]):
                    if kinds[guide] == "procedure" and ids[guide] not in edited:
                        record = reader.record(ids[guide])[1]  # type: ignore[index]
                        own = index._entry("procedures", record, country_words, words_of)
                        before_edit = _theme_weights(reader, "procedures", record, own, {})
                        after_edit = _theme_weights(reader, "procedures", record, own, bodies_now)
                        for theme in _changed(before_edit, after_edit):
                            tables.weighted("theme_docs", theme, guide, after_edit.get(theme),
                                            keep_empty=True)
        if kind == "findings":
            countries = Counter(new.get("countries") or ())
            for code in _changed(Counter(old.get("countries") or ()), countries):
                tables.listed("country_docs", code, doc, countries[code])
        bodies = _bodies(new)
        for mech in set(_bodies(old) if stored else ()) ^ set(bodies):
            tables.listed("mechanism_docs", mech, doc, 1 if mech in bodies else 0)
        if kind == "findings":
            mechanisms[doc] = new.get("mechanism") or ""
        records_now[doc] = marshal.dumps(new)
        if new["last_reviewed"] >= reviewed:
            reviewed = new["last_reviewed"]
        elif stored and old["last_reviewed"] == reviewed:
            return None  # the newest date may have gone: every record would have to be read
    tables.stems()
    sections = {**docs_sections(kinds, ids, mechanisms),
                "meta": marshal.dumps({**meta, "reviewed": reviewed, "count": len(ids)})}
    if renamed:  # the names that a query can use for a mechanism
        every = [bodies_now.get(m["id"], m) for m in reader.records("mechanisms")]
        sections["part.mechanism_names"] = marshal.dumps(
            index._mechanism_names(every, reader.index_part("themes"), words_of))
    return sections, {**tables.encoded(), "records": records_now}


def _changed(was: Mapping[str, int], now: Mapping[str, int]) -> set[str]:
    """The keys whose value differs between two mappings (a missing key differs from any)."""
    return {k for k in {*was, *now} if was.get(k) != now.get(k)}


def _theme_weights(reader: Reader, kind: str, record: dict[str, Any], entry: Any,
                   bodies: dict[str, dict[str, Any]]) -> dict[str, int]:
    """A record's weight for each theme: its own, and for a guide those it takes from the
    mechanisms it engages (as ``index._inherit_themes`` gives them), ``bodies`` as they are now
    and the rest as stored."""
    weights = dict(entry.themes)
    for mech in record.get("mechanisms") or () if kind == "procedures" else ():
        found = ("mechanisms", bodies[mech]) if mech in bodies else reader.record(mech)
        inherited = (found[1].get("themes") or ()) if found and found[0] == "mechanisms" else ()
        for rank, theme in enumerate(inherited):
            weights[theme] = max(weights.get(theme, 0),
                                 index._theme_weight(rank, len(inherited), "procedures") - 2)
    return weights


def _bodies(record: dict[str, Any]) -> list[str]:
    """The mechanisms a finding or guide is listed under (as ``compiled.derived_tables`` lists
    them)."""
    return list(dict.fromkeys(record.get("mechanisms") or [record.get("mechanism") or record["id"]]))


class _Tables:
    """The index's tables as the edits leave them: only the keys they touch, read once."""

    def __init__(self, reader: Reader) -> None:
        self.reader = reader
        self.values: dict[str, dict[str, Any]] = {}

    def get(self, table: str, key: str) -> Any:
        values = self.values.setdefault(table, {})
        if key not in values:
            values[key] = self.reader.table(table).get(key)
        return values[key]

    def set(self, table: str, key: str, value: Any) -> None:
        self.values[table][key] = value

    def weighted(self, table: str, key: str, doc: int, weight: int | None,
                 keep_empty: bool = False) -> None:
        """A flat [doc, weight, ...] list with this doc's weight set (None: the doc taken out)."""
        flat = list(self.get(table, key) or ())
        at = bisect.bisect_left(flat[0::2], doc)
        found = at * 2 < len(flat) and flat[at * 2] == doc
        if weight is None:
            del flat[at * 2:at * 2 + 2 if found else at * 2]
        elif found:
            flat[at * 2 + 1] = weight
        else:
            flat[at * 2:at * 2] = [doc, weight]
        self.set(table, key, flat if flat or keep_empty else None)

    def listed(self, table: str, key: str, doc: int, times: int) -> None:
        """A sorted list of docs with this doc in it ``times`` times."""
        docs = sorted([d for d in self.get(table, key) or () if d != doc] + [doc] * times)
        self.set(table, key, docs or None)

    def stems(self) -> None:
        """The stems of the words that came into or went out of the index (``index._stems``)."""
        postings = self.values.get("postings", {})
        changed: dict[str, list[str]] = {}
        for word, now in postings.items():
            if (now is not None) != self.reader.has_word(word):
                changed.setdefault(index.stem(word), []).append(word)
        for s, moved in changed.items():
            had = self.get("stems", s)
            words = set(had) if had is not None else (
                {s} if len(s) >= 4 and self.reader.has_word(s) else set())
            for word in moved:
                if s != word or len(word) >= 4:
                    (words.add if postings[word] is not None else words.discard)(word)
            ordered = sorted(words)
            keep = len(ordered) > 1 or (len(ordered) == 1 and ordered[0] != s)
            self.set("stems", s, ordered if keep else None)

    def encoded(self) -> dict[str, dict[Any, bytes | None]]:
        """Each table's changed items, marshalled (None: deleted)."""
        return {table: {key: None if value is None else marshal.dumps(value)
                        for key, value in values.items()}
                for table, values in self.values.items()}
