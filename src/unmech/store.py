"""A compiled knowledge base on disk, read on demand: the file format of the overlay cache.

A search needs a few postings, a few records and some small tables, not the whole knowledge
base: decoding all of it took most of a run with a large overlay (docs/adr/0007). So the file is
cut into sections, each read when first needed, and the records and the index's tables into
items, each read by itself. Every byte is checked before it is decoded:

* the head (the cache key and the table of contents) by its CRC-32, when the file is opened;
* each section by its CRC-32 in the table of contents, when the section is read;
* each item by its CRC-32 in its table's item list, when the item is read.

CRC-32 catches every single-bit error and every burst of up to 32 bits. Damage found after the
file was opened cannot be a miss any more, so ``Store`` then has the data compiled again and
answers from that: a damaged file never gives wrong text, only a slower run.

The layout: MAGIC, three 8-byte little-endian numbers (the CRC-32 of the key and table of
contents, the key's length, the table's length), the key, the table of contents (marshal:
section name -> (offset from the end of the head, length, CRC-32 or -1 for a section checked item
by item)), then the sections. Numbers inside sections are in the machine's byte order, which is
part of the key.

An overlay's store also keeps the pieces its files were cut into (``Parts``, sections
``parts.*``), so that after an edit the next one is made from this one: copied under a new key
(``rekey``), with the items an edit changed written over (docs/adr/0008).
"""

from __future__ import annotations

import marshal
import os
import sys
import zlib
from array import array
from bisect import bisect_left
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from unmech.compiled import INDEX_PARTS, INDEXED, TABLES, Compiled, derived_tables
from unmech.output import read_at

MAGIC = b"unmech-store-v1\n"
_HEAD = len(MAGIC) + 24
_FIRST_READ = 1 << 16  # the head is a few KiB: one read gets it
_KIND_CODES = {"mechanism": "m", "procedure": "p", "finding": "f"}
_CODE_KINDS = {code: kind for kind, code in _KIND_CODES.items()}


class Damaged(Exception):
    """A part of the file does not match its checksum."""


# --- writing -------------------------------------------------------------------------------


def encode(kb: Compiled, key: bytes, parts: Parts | None = None) -> bytes:
    """The file for a compiled knowledge base, under this cache key, with the pieces of the
    overlay it was compiled from."""
    records, index = kb["records"], kb["index"]
    docs: list[list[str]] = index["docs"]
    ordered = [r for kind in INDEXED for r in records[kind]]
    if [r["id"] for r in ordered] != [ident for _, ident in docs]:
        raise ValueError("the index's records are not the records' order")
    sections = docs_sections([kind for kind, _ in docs], [ident for _, ident in docs],
                             [r.get("mechanism") or "" if kind == "finding" else ""
                              for (kind, _), r in zip(docs, ordered, strict=True)])
    _items(sections, "records", [marshal.dumps(r) for r in ordered])
    groups = {kind: value for kind, value in records.items() if kind not in INDEXED}
    sections["groups"] = marshal.dumps(groups)
    for part in INDEX_PARTS:
        value = index.get(part)
        if part == "themes":  # their records are a table of their own
            value = {t: {k: v for k, v in theme.items() if k != "docs"} for t, theme in value.items()}
        sections["part." + part] = marshal.dumps(value)
    tables: dict[str, dict[str, Any]] = {name: index[name] for name in ("postings", "keys", "aliases",
                                                                          "stems")}
    tables["theme_docs"] = {t: theme["docs"] for t, theme in index["themes"].items()}
    tables.update(derived_tables(records))
    for name in TABLES:
        table = tables[name]
        keys = sorted(table)
        sections[name + ".keys"] = _joined(keys)
        _items(sections, name, [marshal.dumps(table[k]) for k in keys])
    sections["meta"] = marshal.dumps({"reviewed": kb.reviewed(), "count": len(docs)})
    if parts is not None:
        _parts(sections, parts)
    return b"".join(_assemble(key, sections, {}))


def docs_sections(kinds: list[str], ids: list[str], mechanisms: list[str]) -> dict[str, bytes]:
    """The sections that list every record: its type, its id and (a finding's) mechanism."""
    return {"docs.ids": _joined(ids),
            "docs.kinds": "".join(_KIND_CODES[kind] for kind in kinds).encode("ascii"),
            "docs.mechanisms": _joined(mechanisms)}


def rekey(reader: Reader, key: bytes, parts: Parts, sections: dict[str, bytes] | None = None,
          items: dict[str, dict[Any, bytes | None]] | None = None) -> list[Any]:
    """The store that ``reader`` reads, under a new cache key and with new pieces, and with these
    ``sections`` and ``items`` replaced: table name -> key (a record's number for ``records``) ->
    the marshalled item, or None to delete it. The rest is copied as it is, checksums included, so
    damage in it is still found when it is read."""
    sections, items = dict(sections or {}), items or {}
    out: dict[str, Any] = {}
    crcs: dict[str, int] = {}
    for name, (_, _, crc) in reader.toc.items():
        if name.startswith("parts.") or name in sections or name.rsplit(".", 1)[0] in items:
            continue
        out[name] = reader.span(name)
        crcs[name] = crc
    out.update(sections)
    for table, changes in items.items():
        _splice(reader, table, changes, out, crcs)
    _parts(out, parts, reader, crcs)
    return _assemble(key, out, crcs)


def _splice(reader: Reader, table: str, changes: Mapping[Any, bytes | memoryview | None], out: dict[str, Any],
            crcs: dict[str, int]) -> None:
    """A table with some of its items replaced, added or deleted, copying the runs of items between
    them as they are."""
    old = reader.table(table)
    keys: list[Any] = old.keys if old.keys is not None else list(range(len(old.crcs)))
    values = reader.span(table + ".values")
    new_keys: list[Any] = []
    offsets, new_crcs, blobs = array("Q", [0]), array("I"), list[bytes | memoryview | tuple[int, int, int]]()

    def copy(lo: int, hi: int) -> None:
        if lo < hi:
            new_keys.extend(keys[lo:hi])
            blobs.append((values[0], values[1] + old.offsets[lo], old.offsets[hi] - old.offsets[lo]))
            shift = offsets[-1] - old.offsets[lo]
            offsets.extend(o + shift for o in old.offsets[lo + 1:hi + 1])
            new_crcs.extend(old.crcs[lo:hi])

    done = 0
    for item in sorted(changes):
        at = bisect_left(keys, item, done)
        copy(done, at)
        done = at + 1 if at < len(keys) and keys[at] == item else at
        blob = changes[item]
        if blob is not None:
            new_keys.append(item)
            blobs.append(blob)
            offsets.append(offsets[-1] + len(blob))
            new_crcs.append(zlib.crc32(blob))
    copy(done, len(keys))
    if old.keys is None and new_keys != list(range(len(new_keys))):
        raise ValueError("records can only be replaced, or added after the last")
    if old.keys is not None:
        if new_keys == keys:
            out[table + ".keys"] = reader.span(table + ".keys")
            crcs[table + ".keys"] = reader.toc[table + ".keys"][2]
        else:
            out[table + ".keys"] = _joined(new_keys)
    out[table + ".items"] = marshal.dumps((offsets.tobytes(), new_crcs.tobytes()))
    out[table + ".values"] = blobs


class Parts(NamedTuple):
    """The pieces an overlay's files were cut into (``unmech.pieces``), kept with the store so that
    the next change is parsed again only where its text changed."""

    meaning: bytes
    """A hash of what the data means: the base data's cache key and every piece's digest."""
    digests: dict[str, bytes]
    """Each piece's name (a hash of its text) -> its digest (a hash of its value) and its count
    of values, 4 bytes, little-endian."""
    values: Mapping[str, bytes | memoryview]
    """Pieces' marshalled values: every piece's for ``encode``, and for ``rekey`` those of the
    pieces that the store it starts from does not have."""
    order: list[tuple[str, list[str]]]
    """Each overlay file's name and the names of its pieces, in order."""


def _parts(sections: dict[str, Any], parts: Parts, reader: Reader | None = None,
           crcs: dict[str, int] | None = None) -> None:
    names = sorted(parts.digests)
    sections["parts.meaning"] = parts.meaning
    sections["parts.digests"] = b"".join(parts.digests[n] for n in names)
    sections["parts.order"] = marshal.dumps(parts.order)
    if reader is None or "parts.keys" not in reader.toc:
        _items(sections, "parts", [parts.values[n] for n in names])
        sections["parts.keys"] = _joined(names)
        return
    had = reader.table("parts").keys or []
    changes: dict[Any, bytes | memoryview | None] = dict.fromkeys(set(had) - parts.digests.keys())
    changes.update((n, parts.values[n]) for n in parts.digests.keys() - set(had))
    _splice(reader, "parts", changes, sections, crcs if crcs is not None else {})


def _assemble(key: bytes, sections: dict[str, Any], crcs: dict[str, int]) -> list[Any]:
    """The file, as the parts to write one after another (``output.Parts``): the head, then each
    section (bytes, a range of the file a store was read from, or a list of those)."""
    toc: dict[str, tuple[int, int, int]] = {}
    offset, parts = 0, []
    for name, data in sections.items():
        pieces = data if isinstance(data, list) else [data]
        size = sum(p[2] if isinstance(p, tuple) else len(p) for p in pieces)
        if name in crcs:
            checked = crcs[name]
        else:
            checked = -1 if name.endswith(".values") else zlib.crc32(data)
        toc[name] = (offset, size, checked)
        offset += size
        parts += pieces
    head = key + marshal.dumps(toc)
    numbers = (zlib.crc32(head), len(key), len(head) - len(key))
    return [MAGIC, *(n.to_bytes(8, "little") for n in numbers), head, *parts]


def key_suffix() -> bytes:
    """What the cache key adds for this format: the byte order of the numbers inside."""
    return f" store-v1 {sys.byteorder}".encode()


def _joined(texts: Any) -> bytes:
    texts = list(texts)
    if any("\0" in t for t in texts):
        raise ValueError("a key holds a NUL character")
    return "\0".join(texts).encode("utf-8", "surrogatepass")


def _items(sections: dict[str, bytes], name: str, blobs: list[bytes] | list[bytes | memoryview]) -> None:
    """A list of separately checked items: their offsets and CRC-32s, then the items."""
    offsets = array("Q", [0])
    for blob in blobs:
        offsets.append(offsets[-1] + len(blob))
    crcs = array("I", (zlib.crc32(b) for b in blobs))
    sections[name + ".items"] = marshal.dumps((offsets.tobytes(), crcs.tobytes()))
    sections[name + ".values"] = b"".join(blobs)


# --- reading -------------------------------------------------------------------------------


def open_previous(fd: int, base: bytes) -> Reader | None:
    """The store in the open file ``fd`` (which it then owns), whatever its key, if its head is
    intact and its key begins with ``base``; None otherwise (the file is then closed)."""
    try:
        reader = Reader(fd, None)
    except Exception:  # damaged, short or foreign
        os.close(fd)
        return None
    if not reader.key.startswith(base):
        reader.close()
        return None
    return reader


def open_store(fd: int, key: bytes, rebuild: Callable[[], Compiled]) -> Store | None:
    """The store in the open file ``fd`` (which it then owns), if its head is intact and its key
    is ``key``; None otherwise (the file is then closed)."""
    try:
        reader = Reader(fd, key)
    except Exception:  # damaged, short or foreign: a miss
        os.close(fd)
        return None
    return Store(reader, rebuild)


def _loads(data: bytes | memoryview) -> Any:
    """Decode checked bytes; a well-formed checksum over ill-formed data (a forged or buggy
    file) is damage too, not a crash."""
    try:
        return marshal.loads(data)
    except (ValueError, EOFError, TypeError) as exc:
        raise Damaged("undecodable") from exc


def _text(data: bytes) -> str:
    try:
        return data.decode("utf-8", "surrogatepass")
    except UnicodeDecodeError as exc:
        raise Damaged("undecodable") from exc


class _Items:
    """Separately checked items: one of TABLES or the records."""

    def __init__(self, reader: Reader, name: str, keys: list[str] | None) -> None:
        self.offsets, self.crcs = array("Q"), array("I")
        try:
            offsets, crcs = _loads(reader.section(name + ".items"))
            self.offsets.frombytes(offsets)
            self.crcs.frombytes(crcs)
        except (ValueError, TypeError) as exc:
            raise Damaged(name) from exc
        self.keys = keys
        self._reader, self._values = reader, name + ".values"
        if len(self.offsets) != len(self.crcs) + 1 or (keys is not None and len(keys) != len(self.crcs)):
            raise Damaged(name)

    def get(self, key: str) -> Any:
        """The item with this key, or None."""
        assert self.keys is not None
        at = bisect_left(self.keys, key)
        if at < len(self.keys) and self.keys[at] == key:
            return self.item(at)
        return None

    def item(self, number: int) -> Any:
        """The item at this position."""
        start = self.offsets[number]
        data = self._reader.read_in(self._values, start, self.offsets[number + 1] - start)
        if zlib.crc32(data) != self.crcs[number]:
            raise Damaged(f"{self._values}[{number}]")
        return _loads(data)

    def items(self, lo: int, hi: int) -> list[Any]:
        """The items from position lo to hi, read at once."""
        import gc

        enabled = gc.isenabled()
        gc.disable()  # many small objects and no cycles: the collector only slows the decode
        try:
            return [_loads(piece) for piece in self.blobs(range(lo, hi))]
        finally:
            if enabled:
                gc.enable()

    def blobs(self, numbers: range | list[int]) -> list[memoryview]:
        """The checked bytes of the items at these positions (in ascending order), read at once."""
        if not numbers:
            return []
        base = self.offsets[numbers[0]]
        data = memoryview(self._reader.read_in(self._values, base, self.offsets[numbers[-1] + 1] - base))
        out = []
        for n in numbers:
            piece = data[self.offsets[n] - base:self.offsets[n + 1] - base]
            if zlib.crc32(piece) != self.crcs[n]:
                raise Damaged(f"{self._values}[{n}]")
            out.append(piece)
        return out


class Reader:
    """The store's file, read on demand (see the module docstring). Raises Damaged."""

    def __init__(self, fd: int, key: bytes | None) -> None:
        """Raises Damaged unless the head is intact and, if ``key`` is given, the key is ``key``."""
        self.fd = -1  # owned only once the head is verified
        first = read_at(fd, 0, _FIRST_READ)
        if first[:len(MAGIC)] != MAGIC or len(first) < _HEAD:
            raise Damaged("head")
        crc, key_size, toc_size = (int.from_bytes(first[i:i + 8], "little")
                                   for i in range(len(MAGIC), _HEAD, 8))
        if (key is not None and key_size != len(key)) or key_size > 1 << 24 or toc_size > 1 << 24:
            raise Damaged("head")
        head = first[_HEAD:_HEAD + key_size + toc_size]
        if len(head) < key_size + toc_size:
            head = read_at(fd, _HEAD, key_size + toc_size)
        if zlib.crc32(head) != crc or (key is not None and head[:key_size] != key):
            raise Damaged("head")
        self.fd = fd
        self.key = head[:key_size]
        self._base = _HEAD + key_size + toc_size
        self.toc: dict[str, tuple[int, int, int]] = _loads(head[key_size:])
        self._blobs: dict[str, Any] = {}
        self._items: dict[str, _Items] = {}
        self._ids: list[str] | None = None
        self._numbers: dict[str, int] | None = None
        self._records: dict[int, dict[str, Any]] = {}

    def close(self) -> None:
        """Close the file."""
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1

    def __del__(self) -> None:
        self.close()

    # --- sections and items ----------------------------------------------------------------

    def read_in(self, name: str, start: int, size: int) -> bytes:
        """Bytes of a section checked item by item."""
        offset, length, _ = self.toc[name]
        if start < 0 or size < 0 or start + size > length:
            raise Damaged(name)
        data = read_at(self.fd, self._base + offset + start, size)
        if len(data) != size:
            raise Damaged(name)
        return data

    def span(self, name: str) -> tuple[int, int, int]:
        """Where a section is: the open file, its offset and its length (to be copied as it is,
        with its checksum)."""
        offset, length, _ = self.toc[name]
        if self._base + offset + length > os.fstat(self.fd).st_size:
            raise Damaged(name)
        return self.fd, self._base + offset, length

    def section(self, name: str) -> bytes:
        """A whole section, checked."""
        if name not in self.toc:
            raise Damaged(name)
        offset, length, crc = self.toc[name]
        data = read_at(self.fd, self._base + offset, length)
        if len(data) != length or zlib.crc32(data) != crc:
            raise Damaged(name)
        return data

    def blob(self, name: str) -> Any:
        """A section's decoded value."""
        if name not in self._blobs:
            self._blobs[name] = _loads(self.section(name))
        return self._blobs[name]

    def _list(self, name: str) -> list[str]:
        if name not in self._blobs:
            data = self.section(name)
            self._blobs[name] = _text(data).split("\0") if data else []
        words: list[str] = self._blobs[name]  # shared, never changed
        return words

    def table(self, name: str) -> _Items:
        """One of TABLES, or the records (by number)."""
        if name not in self._items:
            keys = None if name == "records" else self._list(name + ".keys")
            self._items[name] = _Items(self, name, keys)
        return self._items[name]

    def _kinds(self) -> str:
        if "docs.kinds" not in self._blobs:
            kinds = _text(self.section("docs.kinds"))
            m, p = kinds.count("m"), kinds.count("p")
            # the records are numbered by kind: mechanisms, then procedures, then findings
            if len(kinds) != self.doc_count() or kinds != "m" * m + "p" * p + "f" * (len(kinds) - m - p):
                raise Damaged("docs.kinds")
            self._blobs["docs.kinds"] = kinds
        checked: str = self._blobs["docs.kinds"]
        return checked

    def _range(self, kind: str) -> tuple[int, int]:
        """Where the records of an indexed (plural) kind are numbered."""
        kinds, code = self._kinds(), _KIND_CODES[kind[:-1]]
        lo = kinds.find(code)
        return (lo, kinds.rfind(code) + 1) if lo >= 0 else (0, 0)

    def _all_ids(self) -> list[str]:
        if self._ids is None:
            ids = self._list("docs.ids")
            if len(ids) != self.doc_count():
                raise Damaged("docs.ids")
            self._ids = ids
        return self._ids

    # --- the pieces of an overlay --------------------------------------------------------

    def meaning(self) -> bytes | None:
        """The hash of what the data means (see Parts), or None for a store without pieces."""
        return self.section("parts.meaning") if "parts.meaning" in self.toc else None

    def pieces(self) -> dict[str, bytes]:
        """Each piece's name -> its digest (with its count of values)."""
        if "parts.keys" not in self.toc:
            return {}
        names, digests = self._list("parts.keys"), self.section("parts.digests")
        if len(digests) != len(names) * 20:
            raise Damaged("parts")
        return {name: digests[n * 20:n * 20 + 20] for n, name in enumerate(names)}

    def order(self) -> list[tuple[str, list[str]]]:
        """Each overlay file's name and the names of its pieces, in order (see Parts)."""
        found: list[tuple[str, list[str]]] = self.blob("parts.order")
        return found

    def piece_values(self, names: list[str]) -> dict[str, memoryview]:
        """The marshalled values of these pieces (in sorted order), each checked."""
        items = self.table("parts")
        assert items.keys is not None
        numbers = [bisect_left(items.keys, name) for name in names]
        if any(n >= len(items.keys) or items.keys[n] != name for n, name in zip(numbers, names, strict=True)):
            raise Damaged("parts.keys")
        return dict(zip(names, items.blobs(numbers), strict=True))

    # --- Source ----------------------------------------------------------------------------

    def record(self, ident: str) -> tuple[str, dict[str, Any]] | None:
        number = self.number(ident)
        if number is None:
            return None
        raw = self._records.get(number)
        if raw is None:
            raw = self._records[number] = self.table("records").item(number)
        if raw.get("id") != ident:
            raise Damaged(f"records[{number}]")
        return _CODE_KINDS[self._kinds()[number]] + "s", raw

    def ids(self, kind: str) -> list[str]:
        lo, hi = self._range(kind)
        return self._all_ids()[lo:hi]

    def records(self, kind: str) -> Any:
        if kind in INDEXED:
            lo, hi = self._range(kind)
            return self.table("records").items(lo, hi)  # not kept: a listing is read once
        found = self.blob("groups").get(kind)
        return found if found is not None else ({} if kind == "country_sources" else [])

    def index_part(self, name: str) -> Any:
        return self.blob("part." + name)

    def lookup(self, table: str, key: str) -> list[Any]:
        found = self.table(table).get(key)
        return list(found) if found is not None else []

    def vocabulary(self) -> list[str]:
        return self._list("postings.keys")

    def has_word(self, word: str) -> bool:
        words = self._list("postings.keys")
        at = bisect_left(words, word)
        return at < len(words) and words[at] == word

    def doc_count(self) -> int:
        return int(self.blob("meta")["count"])

    def docs(self) -> tuple[list[str], list[str], list[str]]:
        mechanisms = self._list("docs.mechanisms")
        if len(mechanisms) != self.doc_count():
            raise Damaged("docs.mechanisms")
        return [_CODE_KINDS[c] for c in self._kinds()], self._all_ids(), mechanisms

    def number(self, ident: str) -> int | None:
        if self._numbers is None:
            self._numbers = {ident: n for n, ident in enumerate(self._all_ids())}
        return self._numbers.get(ident)

    def reviewed(self) -> str:
        return str(self.blob("meta")["reviewed"])

    def verify(self) -> bool:
        """Check every part of the file; raises Damaged."""
        for name in self.toc:
            if name.endswith(".items"):
                items = self.table(name[:-len(".items")])
                items.items(0, len(items.crcs))
            elif not name.endswith(".values"):
                self.section(name)
        return True

    def plain(self) -> dict[str, Any]:
        """Everything, decoded, in the shape ``Compiled.plain`` has."""
        records: dict[str, Any] = {kind: self.records(kind) for kind in INDEXED}
        records.update(self.blob("groups"))
        index: dict[str, Any] = {part: self.index_part(part) for part in INDEX_PARTS}
        for name in ("postings", "keys", "aliases", "stems", "theme_docs"):
            table = self.table(name)
            assert table.keys is not None
            index[name] = dict(zip(table.keys, table.items(0, len(table.keys)), strict=True))
        theme_docs = index.pop("theme_docs")
        index["themes"] = {t: {**theme, "docs": theme_docs[t]} for t, theme in index["themes"].items()}
        kinds, ids, _ = self.docs()
        index["docs"] = [[kind, ident] for kind, ident in zip(kinds, ids, strict=True)]
        from unmech.compiled import COMPILED_FORMAT

        return {"format": COMPILED_FORMAT, "records": records, "index": index}


class Store:
    """A compiled knowledge base read on demand from a store file; it has the data compiled
    again, and answers from that, when a part of the file turns out to be damaged."""

    fresh = True

    def __init__(self, reader: Reader, rebuild: Callable[[], Compiled]) -> None:
        self._reader = reader
        self._rebuild = rebuild
        self._rebuilt: Compiled | None = None

    def _call(self, name: str, *args: Any) -> Any:
        if self._rebuilt is None:
            try:
                return getattr(self._reader, name)(*args)
            except Damaged:
                self._fall_back()
        return getattr(self._rebuilt, name)(*args)

    def _fall_back(self) -> None:
        self._reader.close()
        self._rebuilt = self._rebuild()

    def close(self) -> None:
        """Close the file (the store can no longer be read)."""
        self._reader.close()

    def __getitem__(self, part: str) -> Any:
        """``records`` or ``index``, whole and decoded (slow: for tests and tools)."""
        return self.plain()[part]

    def plain(self) -> dict[str, Any]:
        """A plain dict with everything decoded."""
        return dict(self._call("plain"))

    def verify(self) -> None:
        """Check every part of the file, and compile the data again if one is damaged."""
        if self._rebuilt is None:
            try:
                self._reader.verify()
            except Damaged:
                self._fall_back()

    def record(self, ident: str) -> tuple[str, dict[str, Any]] | None:
        """The plural kind and data of the indexed record with this id, or None."""
        found: tuple[str, dict[str, Any]] | None = self._call("record", ident)
        return found

    def ids(self, kind: str) -> list[str]:
        """The ids of every record of an indexed (plural) kind, in order."""
        return list(self._call("ids", kind))

    def records(self, kind: str) -> Any:
        """Every record of a plural kind, or ``country_sources`` (a mapping)."""
        return self._call("records", kind)

    def index_part(self, name: str) -> Any:
        """One of INDEX_PARTS of the search index."""
        return self._call("index_part", name)

    def lookup(self, table: str, key: str) -> list[Any]:
        """What a key leads to in one of TABLES (an empty list for an unknown key)."""
        return list(self._call("lookup", table, key))

    def vocabulary(self) -> list[str]:
        """Every indexed word, sorted."""
        words: list[str] = self._call("vocabulary")
        return words

    def has_word(self, word: str) -> bool:
        """Whether a folded word is indexed."""
        return bool(self._call("has_word", word))

    def doc_count(self) -> int:
        """How many records are indexed."""
        return int(self._call("doc_count"))

    def docs(self) -> tuple[list[str], list[str], list[str]]:
        """The type, the id and (for a finding) the mechanism of every record, by number."""
        found: tuple[list[str], list[str], list[str]] = self._call("docs")
        return found

    def number(self, ident: str) -> int | None:
        """The number of the record with this id."""
        found: int | None = self._call("number", ident)
        return found

    def reviewed(self) -> str:
        """The newest last_reviewed date among the records."""
        return str(self._call("reviewed"))
