"""The compiled knowledge base: validated records and their search index, ready to use.

The shipped form is ``mechanisms.compiled.json`` beside the shipped YAML, three lines: a header
(format, checksum of the YAML it was made from, newest review date), the records, the index. It
is used only while the YAML's checksum matches (docs/adr/0002-compiled-knowledge-base.md).
"""

from __future__ import annotations

import json
import zlib
from typing import Any, Protocol

#: Bump when the compiled form changes shape.
COMPILED_FORMAT = 4


#: The record kinds that are indexed, in the order their records are numbered.
INDEXED = ("mechanisms", "procedures", "findings")

#: The parts of the index small enough to read whole; the rest are read one key at a time.
INDEX_PARTS = ("themes", "countries", "country_names", "country_lookup", "mechanism_names",
               "iso_codes")

#: The index's tables, read one key at a time: what each key (a word, an exact-match key, a
#: stem, a theme, a country or a mechanism id) leads to. The last three are worked out from the
#: records (``derived_tables``), not stored in the shipped form.
TABLES = ("postings", "keys", "aliases", "stems", "theme_docs", "country_docs", "mechanism_docs",
          "children")


class Source(Protocol):
    """What the knowledge base and its index read: a compiled form in memory (``Compiled``) or
    on disk, read on demand (``unmech.store.Store``)."""

    def __getitem__(self, part: str) -> Any:
        """``records`` or ``index``, whole and decoded (for tests and tools; slow from disk)."""

    def plain(self) -> dict[str, Any]:
        """Everything decoded, as a plain dict."""

    def record(self, ident: str) -> tuple[str, dict[str, Any]] | None:
        """The plural kind and data of the indexed record with this id, or None."""

    def ids(self, kind: str) -> list[str]:
        """The ids of every record of an indexed (plural) kind, in order."""

    def records(self, kind: str) -> Any:
        """Every record of a plural kind ("mechanisms", "themes", "countries", ...), or
        ``country_sources`` (a mapping); an empty list for a kind the data does not have."""

    def index_part(self, name: str) -> Any:
        """One of INDEX_PARTS of the search index."""

    def lookup(self, table: str, key: str) -> list[Any]:
        """What a key leads to in one of TABLES (an empty list for an unknown key)."""

    def vocabulary(self) -> list[str]:
        """Every indexed word, sorted."""

    def has_word(self, word: str) -> bool:
        """Whether a folded word is indexed."""

    def doc_count(self) -> int:
        """How many records are indexed."""

    def docs(self) -> tuple[list[str], list[str], list[str]]:
        """The type, the id and (for a finding) the mechanism of every record, by number."""

    def number(self, ident: str) -> int | None:
        """The number of the record with this id."""

    def reviewed(self) -> str:
        """The newest last_reviewed date among the records."""


class Compiled(dict):  # type: ignore[type-arg]
    """The compiled knowledge base in memory; its search index is decoded only when first used."""

    def __init__(self, records: Any, index: Any, decode: Any = None, fresh: bool = True) -> None:
        super().__init__(format=COMPILED_FORMAT, records=records)
        self._index, self._decode = index, decode
        self.fresh = fresh
        """False when read with stale_ok from a form made from another version of the YAML."""
        self._by_id: dict[str, tuple[str, dict[str, Any]]] | None = None
        self._numbers: dict[str, int] | None = None
        self._derived: dict[str, dict[str, list[int]]] = {}

    def __missing__(self, key: str) -> Any:
        if key != "index":
            raise KeyError(key)
        index = self._decode(self._index) if self._decode else self._index
        self["index"] = index
        return index

    def plain(self) -> dict[str, Any]:
        """A plain dict with everything decoded."""
        return {"format": COMPILED_FORMAT, "records": self["records"], "index": self["index"]}

    # --- Source ----------------------------------------------------------------------------

    def record(self, ident: str) -> tuple[str, dict[str, Any]] | None:
        """The plural kind and data of the indexed record with this id, or None."""
        if self._by_id is None:
            records = self["records"]
            self._by_id = {r["id"]: (kind, r) for kind in INDEXED for r in records[kind]}
        return self._by_id.get(ident)

    def ids(self, kind: str) -> list[str]:
        """The ids of every record of an indexed (plural) kind, in order."""
        return [r["id"] for r in self["records"][kind]]

    def records(self, kind: str) -> Any:
        """Every record of a plural kind, or ``country_sources`` (a mapping)."""
        found = self["records"].get(kind)
        return found if found is not None else ({} if kind == "country_sources" else [])

    def index_part(self, name: str) -> Any:
        """One of INDEX_PARTS of the search index (None if the form predates it)."""
        return self["index"].get(name)

    def lookup(self, table: str, key: str) -> list[Any]:
        """What a key leads to in one of TABLES (an empty list for an unknown key)."""
        if table == "theme_docs":
            theme = self["index"]["themes"].get(key)
            return list(theme["docs"]) if theme else []
        if table in ("country_docs", "mechanism_docs", "children"):
            if table not in self._derived:
                self._derived.update(derived_tables(self["records"]))
            return self._derived[table].get(key, [])
        return list(self["index"][table].get(key, ()))

    def vocabulary(self) -> list[str]:
        """Every indexed word, sorted."""
        return sorted(self["index"]["postings"])

    def has_word(self, word: str) -> bool:
        """Whether a folded word is indexed."""
        return word in self["index"]["postings"]

    def doc_count(self) -> int:
        """How many records are indexed."""
        return len(self["index"]["docs"])

    def docs(self) -> tuple[list[str], list[str], list[str]]:
        """The type, the id and (for a finding) the mechanism of every record, by number."""
        docs = self["index"]["docs"]
        records = self["records"]
        mechanisms = [r.get("mechanism") or "" if kind == "findings" else ""
                      for kind in INDEXED for r in records[kind]]
        return [kind for kind, _ in docs], [ident for _, ident in docs], mechanisms

    def number(self, ident: str) -> int | None:
        """The number of the record with this id."""
        if self._numbers is None:
            self._numbers = {i: n for n, (_, i) in enumerate(self["index"]["docs"])}
        return self._numbers.get(ident)

    def reviewed(self) -> str:
        """The newest last_reviewed date among the records."""
        return newest_review(self["records"])


def derived_tables(records: dict[str, Any]) -> dict[str, dict[str, list[int]]]:
    """The tables worked out from the records rather than stored in the index, by record
    number: the records on each country (findings), the records of each mechanism (itself, the
    guides that engage it, its findings), and each mechanism's children."""
    countries: dict[str, list[int]] = {}
    mechanisms: dict[str, list[int]] = {}
    children: dict[str, list[int]] = {}
    number = 0
    for kind in INDEXED:
        for raw in records[kind]:
            if kind == "mechanisms" and raw.get("parent"):
                children.setdefault(raw["parent"], []).append(number)
            for code in raw.get("countries") or () if kind == "findings" else ():
                countries.setdefault(code, []).append(number)
            for mech in dict.fromkeys(raw.get("mechanisms") or [raw.get("mechanism") or raw["id"]]):
                mechanisms.setdefault(mech, []).append(number)
            number += 1
    return {"country_docs": countries, "mechanism_docs": mechanisms, "children": children}


def path_for(yaml_path: str) -> str:
    """The compiled JSON that ships beside a YAML file."""
    return yaml_path[: -len(".yaml")] + ".compiled.json"


def checksum(data: bytes) -> str:
    """The CRC-32 and size of a file's bytes, as the header records them."""
    return f"{zlib.crc32(data):08x}-{len(data)}"


#: The shipped data files, beside each other; the first is the one the compiled form is named for.
SHIPPED_FILES = ("mechanisms.yaml", "countries.yaml", "routes.yaml")


def shipped_paths(yaml_path: str) -> list[str]:
    """The shipped data files that sit beside ``yaml_path`` (itself first)."""
    import os

    folder = os.path.dirname(yaml_path)
    others = [os.path.join(folder, name) for name in SHIPPED_FILES[1:]]
    return [yaml_path, *(p for p in others if os.path.exists(p))]


def source_checksum(yaml_path: str) -> str:
    """The checksums of every shipped data file, as the header records them: the compiled form
    is stale as soon as any of them changes."""
    parts = []
    for path in shipped_paths(yaml_path):
        with open(path, "rb") as handle:
            parts.append(checksum(handle.read()))
    return "+".join(parts)


def newest_review(records: dict[str, list[dict[str, Any]]]) -> str:
    """The newest last_reviewed date among the records ("" when there are none)."""
    return max((r["last_reviewed"] for k in ("mechanisms", "procedures", "findings")
                for r in records[k]), default="")


def read_shipped(yaml_path: str, header_only: bool = False, stale_ok: bool = False) -> Any:
    """The shipped compiled form (or its header), if it was made from exactly this YAML
    (or from any version of it, with ``stale_ok``); None otherwise.
    """
    try:
        source = source_checksum(yaml_path)
        with open(path_for(yaml_path), "rb") as handle:
            header, records, index = handle.read().split(b"\n", 2)
        meta = json.loads(header)
        fresh = meta.get("source") == source
        if meta.get("format") != COMPILED_FORMAT or not (fresh or stale_ok):
            return None
        if header_only:
            return meta
        return Compiled(json.loads(records), index, json.loads, fresh)
    except (OSError, ValueError, AttributeError):
        return None


def write_shipped(yaml_path: str, kb: Compiled) -> str:
    """Write the compiled form of the YAML at ``yaml_path`` beside it; return its path."""
    from unmech.output import write_atomic

    source = source_checksum(yaml_path)
    header = json.dumps({"format": COMPILED_FORMAT, "source": source,
                         "reviewed": newest_review(kb["records"])})
    lines = [header] + [json.dumps(kb[part], ensure_ascii=False, separators=(",", ":"),
                                   sort_keys=True) for part in ("records", "index")]
    target = path_for(yaml_path)
    write_atomic(target, "\n".join(lines) + "\n", force=True)
    return target
