"""The compiled knowledge base: validated records and their search index, ready to use.

The shipped form is ``mechanisms.compiled.json`` beside the shipped YAML, three lines: a header
(format, checksum of the YAML it was made from, newest review date), the records, the index. It
is used only while the YAML's checksum matches (docs/adr/0002-compiled-knowledge-base.md).
"""

from __future__ import annotations

import json
import zlib
from typing import Any

#: Bump when the compiled form changes shape.
COMPILED_FORMAT = 4


class Compiled(dict):  # type: ignore[type-arg]
    """The compiled knowledge base; its search index is decoded only when first used."""

    def __init__(self, records: Any, index: Any, decode: Any = None, fresh: bool = True) -> None:
        super().__init__(format=COMPILED_FORMAT, records=records)
        self._index, self._decode = index, decode
        self.fresh = fresh
        """False when read with stale_ok from a form made from another version of the YAML."""

    def __missing__(self, key: str) -> Any:
        if key != "index":
            raise KeyError(key)
        index = self._decode(self._index) if self._decode else self._index
        self["index"] = index
        return index

    def plain(self) -> dict[str, Any]:
        """A plain dict with everything decoded."""
        return {"format": COMPILED_FORMAT, "records": self["records"], "index": self["index"]}


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
