"""How data files combine: each overlay's records replace the base's records with the same id."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from unmech.models import KINDS, MERGED_SOURCES, SOURCES

if TYPE_CHECKING:
    from unmech.yamlread import RawFile


def merge(files: list[RawFile]) -> dict[str, Any]:
    """The records of all files, later files replacing earlier records with the same id; shared
    sources likewise by their id (kept under ``country_sources``)."""
    merged: dict[str, dict[str, dict[str, Any]]] = {kind: {} for kind in KINDS}
    sources: dict[str, Any] = {}
    for raw in files:
        if raw.data.get(MERGED_SOURCES) is not None:  # already merged: a compiled form
            sources.update(raw.data[MERGED_SOURCES])
        sources.update(raw.data.get(SOURCES) or {})
        for kind in KINDS:
            for record in raw.data.get(kind) or ():
                merged[kind][record["id"]] = as_merged(record)
    out: dict[str, Any] = {kind: list(by_id.values()) for kind, by_id in merged.items()}
    out[MERGED_SOURCES] = sources
    return out


def as_merged(record: dict[str, Any]) -> dict[str, Any]:
    """A record as the merged data has it: an unquoted year as a date is text."""
    if isinstance(record.get("date"), int):
        return {**record, "date": str(record["date"])}
    return record
