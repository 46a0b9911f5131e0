"""How data files combine: each overlay's records replace the base's records with the same id."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from unmech.models import KINDS

if TYPE_CHECKING:
    from unmech.yamlread import RawFile


def merge(files: list[RawFile]) -> dict[str, list[dict[str, Any]]]:
    """The records of all files, later files replacing earlier records with the same id."""
    merged: dict[str, dict[str, dict[str, Any]]] = {kind: {} for kind in KINDS}
    for raw in files:
        for kind in KINDS:
            for record in raw.data.get(kind) or ():
                if isinstance(record.get("date"), int):  # an unquoted year
                    record = {**record, "date": str(record["date"])}
                merged[kind][record["id"]] = record
    return {kind: list(by_id.values()) for kind, by_id in merged.items()}
