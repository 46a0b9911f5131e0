"""The knowledge base: records by kind and id, related records, filters and look-ups."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, NamedTuple

from unmech.errors import NotFoundError
from unmech.models import Finding, Mechanism, Procedure, Record, Theme

if TYPE_CHECKING:
    from unmech.compiled import Source
    from unmech.index import Index

_BUILD: dict[str, Any] = {"mechanisms": Mechanism, "procedures": Procedure, "findings": Finding}


class Filters(NamedTuple):
    """What a listing or search is narrowed to; None means no narrowing."""

    type: str | None = None
    """mechanism, procedure or finding."""
    theme: str | None = None
    """A theme id."""
    country: str | None = None
    """An ISO alpha-3 code."""
    mechanism: str | None = None
    """A mechanism id: the mechanism itself, its procedures and its findings."""
    since: int | None = None
    """Findings from this year on."""


class KnowledgeBase:
    """The compiled knowledge base: records are read and built when first asked for, so a
    command pays for the records it uses, not for all of them."""

    def __init__(self, compiled: Source) -> None:
        self.compiled = compiled
        """Where the records and the index are read from: in memory, or on disk."""
        self._built: dict[str, Record] = {}
        self._index: Index | None = None
        self._numbered: list[tuple[str, str]] | None = None

    @property
    def index(self) -> Index:
        """The search index (read on first use)."""
        if self._index is None:
            from unmech.index import Index

            self._index = Index(self.compiled)
        return self._index

    # --- single records -------------------------------------------------------------------

    def get(self, ident: str, kind: str | None = None) -> Record:
        """The record with this id (of this type, if given); NotFoundError with suggestions."""
        found = self.compiled.record(ident)
        if found is None or (kind is not None and found[0] != kind + "s"):
            kinds = _BUILD if kind is None else (kind + "s",)
            pool = [i for k in kinds for i in self.compiled.ids(k)]
            raise NotFoundError(kind or "record", ident, suggest(ident, pool))
        return self._build(ident, *found)

    def raw_record(self, ident: str) -> dict[str, Any]:
        """The record's data exactly as in the YAML (for --json)."""
        found = self.compiled.record(ident)
        if found is None:
            self.get(ident)  # raises NotFoundError with suggestions
            raise AssertionError(ident)
        return found[1]

    def raw_records(self, kind: str) -> list[dict[str, Any]]:
        """The data of every record of a plural kind, as in the YAML."""
        return list(self.compiled.records(kind))

    def _build(self, ident: str, kind: str, raw: dict[str, Any]) -> Record:
        record = self._built.get(ident)
        if record is None:
            record = self._built[ident] = _BUILD[kind].from_dict(raw)
        return record

    def _by_number(self, numbers: Iterable[int], kind: str | None) -> list[Any]:
        """The records among these record numbers (of one plural kind, if given), in order."""
        if self._numbered is None:  # records are numbered by kind: mechanisms, procedures, findings
            self._numbered = [(k, i) for k in _BUILD for i in self.compiled.ids(k)]
        out = []
        for number in numbers:
            type_, ident = self._numbered[number]
            if kind is None or type_ == kind:  # known without reading the record
                found = self.compiled.record(ident)
                if found is not None:
                    out.append(self._build(ident, *found))
        return out

    def theme(self, ident: str) -> Theme:
        """The theme with this id."""
        themes = self.compiled.records("themes")
        for raw in themes:
            if raw["id"] == ident:
                return Theme.from_dict(raw)
        raise NotFoundError("theme", ident, suggest(ident, [t["id"] for t in themes]))

    def themes(self) -> list[Theme]:
        """All themes."""
        return [Theme.from_dict(t) for t in self.compiled.records("themes")]

    def country_name(self, code: str) -> str:
        """A country's English short name, or the code itself."""
        return self.index.country_display(code)

    def country_code(self, text: str) -> str:
        """The ISO alpha-3 code for a code or a country name in any UN language ('phl',
        'Philippines', 'Российская Федерация'); NotFoundError naming the closest countries."""
        from unmech.index import words

        index = self.index
        text = text.strip()
        if len(text) == 3 and text.upper() in set(index.country_codes()):
            return text.upper()
        folded = " ".join(words(text))
        codes: tuple[str, ...] = tuple(index.country_lookup().get(folded, ()))
        if not codes and " " not in folded:
            how, found = index.country_word(folded)
            # another form of one country's name ('Россия' for 'Российская Федерация') is that
            # country; a typo or a name several countries share is only a suggestion
            codes = found if how == "form" else ()
        if len(codes) == 1:
            return codes[0]
        if not codes and folded:
            from rapidfuzz import fuzz, process

            close = process.extract(folded, list(index.country_lookup()), scorer=fuzz.ratio,
                                    score_cutoff=60, limit=12)
            # a name's first letters, for names typed short or in another form ('Россия')
            prefix = folded[: max(4, len(folded) - 2)]
            starts = [n for n in index.country_lookup() if n.startswith(prefix)]
            codes = tuple(dict.fromkeys(c for n in [*(m[0] for m in close), *starts]
                                        for c in index.country_lookup()[n]))
        if not codes and len(text) == 3:  # a mistyped code: the closest codes
            codes = tuple(suggest(text.upper(), list(index.country_codes())))
        un_names = {c["id"]: c["name"] for c in self.raw_records("countries")}
        suggestions = [f"{c} ({un_names.get(c) or index.country_display(c)})" for c in codes[:3]]
        raise NotFoundError("country", text, suggestions)

    # --- collections ----------------------------------------------------------------------

    def records(self, kind: str) -> list[Any]:
        """All records of a plural kind: mechanisms, procedures or findings."""
        return [self._build(r["id"], kind, r) for r in self.compiled.records(kind)]

    def all(self) -> Iterable[Record]:
        """Every mechanism, procedure and finding."""
        for kind in ("mechanisms", "procedures", "findings"):
            yield from self.records(kind)

    def select(self, filters: Filters) -> list[Record]:
        """The records that pass the filters, in listing order. A theme, mechanism or country
        filter reads only the records that the index lists for it (all of those that pass and
        perhaps a few more), not every record."""
        candidates = self.candidates(filters)
        kind = filters.type + "s" if filters.type else None
        if filters.since is not None or filters.country:  # only findings have a date and countries
            if kind not in (None, "findings"):
                return []
            kind = "findings"
        if candidates is not None:
            pool: Iterable[Record] = self._by_number(sorted(candidates), kind)
        else:
            pool = self.records(kind) if kind else self.all()
        return [r for r in pool if self.passes(r, filters)]

    def candidates(self, filters: Filters) -> set[int] | None:
        """The numbers of the records that may pass a theme, mechanism or country filter (all
        that do and perhaps a few more), from the index; None when there is no such filter."""
        candidates: set[int] | None = None
        for table, value in (("theme_docs", filters.theme), ("mechanism_docs", filters.mechanism),
                             ("country_docs", filters.country)):
            if value:
                found = self.compiled.lookup(table, value)
                numbers = set(found[0::2] if table == "theme_docs" else found)  # [doc, weight, ...]
                candidates = numbers if candidates is None else candidates & numbers
        return candidates

    def passes(self, record: Record, filters: Filters) -> bool:
        """Whether one record passes the filters."""
        if filters.type and record.record_type != filters.type:
            return False
        if filters.theme and filters.theme not in self.themes_of(record):
            return False
        if filters.country and (
            not isinstance(record, Finding) or filters.country not in record.countries
        ):
            return False
        if filters.mechanism and filters.mechanism not in self.mechanisms_of(record):
            return False
        if filters.since is not None and (
            not isinstance(record, Finding) or int(record.year) < filters.since
        ):
            return False
        return True

    def themes_of(self, record: Record) -> tuple[str, ...]:
        """A record's themes; a procedure has those of the mechanisms it engages."""
        if isinstance(record, Procedure):
            out: dict[str, None] = {}
            for mech in record.mechanisms:
                found = self.compiled.record(mech)
                out.update(dict.fromkeys(found[1].get("themes") or () if found else ()))
            return tuple(out)
        return record.themes

    def mechanisms_of(self, record: Record) -> tuple[str, ...]:
        """The mechanism ids a record belongs to."""
        if isinstance(record, Mechanism):
            return (record.id,)
        if isinstance(record, Procedure):
            return record.mechanisms
        return (record.mechanism,)

    # --- relations ------------------------------------------------------------------------

    def procedures_for(self, mechanism: Mechanism) -> list[Procedure]:
        """The guides that engage a mechanism (listed on it, or naming it)."""
        listed = [p for i in mechanism.procedures
                  if isinstance(p := self.get(i), Procedure)]
        naming = self._by_number(self.compiled.lookup("mechanism_docs", mechanism.id), "procedures")
        return list({p.id: p for p in [*listed, *naming]}.values())

    def findings_for(self, mechanism: Mechanism) -> list[Finding]:
        """What a mechanism has said, newest first."""
        found = self._by_number(self.compiled.lookup("mechanism_docs", mechanism.id), "findings")
        return sorted(found, key=lambda f: f.date, reverse=True)

    def children(self, mechanism: Mechanism) -> list[Mechanism]:
        """Mechanisms whose parent is this one."""
        return self._by_number(self.compiled.lookup("children", mechanism.id), "mechanisms")

    def mechanism(self, ident: str) -> Mechanism:
        """The mechanism with this id."""
        record = self.get(ident, "mechanism")
        assert isinstance(record, Mechanism)
        return record

    def review_date(self) -> str:
        """The newest last_reviewed date in the data."""
        return self.compiled.reviewed()


def suggest(ident: str, pool: list[str], limit: int = 3) -> list[str]:
    """The ids closest to a mistyped one."""
    import difflib

    ident = ident.lower()[:200]
    by_lower = {p.lower(): p for p in pool}  # case does not matter: 'vnn' is close to 'VNM'
    close = difflib.get_close_matches(ident, list(by_lower), n=limit, cutoff=0.6)
    if len(close) < limit:
        close += [p for p in by_lower if ident and (ident in p or p in ident) and p not in close]
    return [by_lower[p] for p in close[:limit]]


# --- countries and routes (data/countries.yaml, data/routes.yaml) -----------------------------


def countries_of(compiled: Source) -> dict[str, Any]:
    """The countries in compiled data, by ISO code, built as Country records."""
    from unmech.countries import Country

    sources = compiled.records("country_sources") or {}
    return {c["id"]: Country.from_dict(c, sources) for c in compiled.records("countries") or ()}


def country_of(compiled: Source, code: str) -> Any:
    """One State's Country record, or None when the data has no facts on it."""
    from unmech.countries import Country

    for raw in compiled.records("countries") or ():
        if raw["id"] == code:
            return Country.from_dict(raw, compiled.records("country_sources") or {})
    return None


def routes_of(compiled: Source) -> list[Any]:
    """The eligibility routes in compiled data."""
    from unmech.triage import Route

    return [Route.from_dict(r) for r in compiled.records("routes") or ()]
