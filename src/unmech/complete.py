"""Shell-completion candidates: ids, themes and country codes, read from the compiled data
without building the knowledge base. Pure apart from reading the data; never prints."""

from __future__ import annotations

from typing import Any

from unmech.index import fold

#: completion kind -> the record lists its ids come from
_KINDS = {
    "record": ("mechanisms", "procedures", "findings"),
    "mechanism": ("mechanisms",),
    "procedure": ("procedures",),
    "finding": ("findings",),
    "theme": ("themes",),
}


def candidates(kind: str, incomplete: str) -> list[tuple[str, str]]:
    """(value, short help) pairs that complete ``incomplete`` for ``kind``; empty on any failure,
    since a completion must never print an error into the user's command line."""
    from unmech import loader
    from unmech.errors import UnmechError

    try:
        compiled = loader.load()
    except UnmechError:
        return []
    prefix = fold(incomplete)
    if kind == "country":
        return _countries(compiled["index"], incomplete, prefix)
    records = compiled["records"]
    return [(r["id"], _label(r)) for part in _KINDS[kind] for r in records[part]
            if r["id"].startswith(prefix)]


def _label(record: dict[str, object]) -> str:
    label = str(record.get("title") or record.get("name") or "")
    return label if len(label) <= 60 else label[:59] + "…"


def _countries(index: dict[str, Any], incomplete: str, prefix: str) -> list[tuple[str, str]]:
    """ISO codes, and single-word names in any UN language, in the case the user started with
    (shells drop candidates that do not begin with what was typed)."""
    names: dict[str, list[str]] = index["country_names"]
    out = []
    for code in index["iso_codes"]:
        label = index["countries"].get(code, "")
        if code.lower().startswith(prefix):
            rest = code[len(incomplete):]
            out.append((incomplete + (rest.lower() if incomplete[-1:].islower() else rest), label))
            continue
        for name in names.get(code, ()):
            if " " not in name and fold(name).startswith(prefix):
                out.append((incomplete + name[len(incomplete):], f"{code} {label}"))
                break
    return out
