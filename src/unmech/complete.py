"""Shell-completion candidates: ids, themes and country codes, read from the compiled data
without building the knowledge base. Pure apart from reading the data; never prints."""

from __future__ import annotations

from unmech.index import Index, fold

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
        return _countries(Index(compiled), incomplete, prefix)
    if kind == "theme":
        return [(r["id"], _label(r)) for r in compiled.records("themes") if r["id"].startswith(prefix)]
    out = []
    for part in _KINDS[kind]:  # only the records whose id matches are read
        for ident in compiled.ids(part):
            found = compiled.record(ident) if ident.startswith(prefix) else None
            if found is not None:
                out.append((ident, _label(found[1])))
    return out


def _label(record: dict[str, object]) -> str:
    label = str(record.get("title") or record.get("name") or "")
    return label if len(label) <= 60 else label[:59] + "…"


def _countries(index: Index, incomplete: str, prefix: str) -> list[tuple[str, str]]:
    """ISO codes, and single-word names in any UN language, in the case the user started with
    (shells drop candidates that do not begin with what was typed)."""
    names = index.country_names()
    out = []
    for code in index.country_codes():
        label = index.country_display(code)
        label = "" if label == code else label  # a code without a name
        if code.lower().startswith(prefix):
            rest = code[len(incomplete):]
            out.append((incomplete + (rest.lower() if incomplete[-1:].islower() else rest), label))
            continue
        for name in names.get(code, ()):
            if " " not in name and fold(name).startswith(prefix):
                out.append((incomplete + name[len(incomplete):], f"{code} {label}"))
                break
    return out
