"""Builds the search index stored in the compiled knowledge base. Pure, run only when compiling.

The index maps folded words to the records and fields they occur in, so a search reads postings
instead of scanning every text. ``search`` reads what is built here.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Callable, Iterable
from enum import Enum
from typing import TYPE_CHECKING, Any, NamedTuple

from unmech.compiled import INDEXED

if TYPE_CHECKING:
    from unmech.compiled import Source


class Field(int, Enum):
    """Where in a record a word occurs.

    The values are the codes stored in the compiled index's postings. They were once the fields'
    weights and are kept so that compiled forms stay readable; what a field is worth when ranking
    is ``WEIGHT``, which can change without touching the compiled data.
    """

    KEY = 40
    """The record's acronym or document symbol."""
    TITLE = 30
    """Its title or name."""
    KEYWORD = 28
    """Its keywords, in any language."""
    COUNTRY = 25
    """A name or code of a country it concerns."""
    SUMMARY = 15
    """Its summary."""
    ID = 14
    """Its id."""
    TEXT = 10
    """Any other text: steps, requirements, sources."""

    @property
    def label(self) -> str:
        """How a hit says where it matched."""
        return _LABELS[self]


#: How much a match in each field counts when ranking (×10).
WEIGHT: dict[Field, float] = {Field.KEY: 40, Field.TITLE: 30, Field.KEYWORD: 28, Field.COUNTRY: 25,
                              Field.SUMMARY: 15, Field.ID: 14, Field.TEXT: 10}
_WEIGHT_BY_CODE = {field.value: weight for field, weight in WEIGHT.items()}
_LABELS = {Field.KEY: "acronym or symbol", Field.TITLE: "title", Field.KEYWORD: "keywords",
           Field.COUNTRY: "country", Field.SUMMARY: "summary", Field.ID: "id", Field.TEXT: "text"}
KEY, TITLE, KEYWORD, COUNTRY, SUMMARY, ID, TEXT = (Field.KEY, Field.TITLE, Field.KEYWORD,
                                                    Field.COUNTRY, Field.SUMMARY, Field.ID, Field.TEXT)

_WORD = re.compile(r"\w+")
_SUFFIXES = ("ational", "ations", "ation", "itions", "ition", "tions", "tion", "ments", "ment",
             "ings", "ing", "ies", "ied", "ers", "er", "es", "ed", "ly", "s")
STOPWORDS = frozenset(
    "a an and are as at be by for from how i in into is it its me my of on or our that the their "
    "this to was we what when where which who with do does can about under against under using "
    "de la le les des du et en el los las y por para un une una".split()
)


#: Letters whose mark makes them another letter of their alphabet, not an accented one: the
#: Russian short i (й) is not и, and stripping its breve garbles words ("российская").
_KEEP_MARKS = {"\u0438\u0306": "\u0439", "\u0418\u0306": "\u0439"}
_KEPT = re.compile("|".join(_KEEP_MARKS))


def fold(text: str) -> str:
    """Lowercase and strip accents and other combining marks, for matching."""
    if text.isascii():  # most of the data: nothing to decompose
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    if "\u0306" in decomposed:
        decomposed = _KEPT.sub(lambda m: _KEEP_MARKS[m.group()], decomposed)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def words(text: str) -> list[str]:
    """The folded words of a text."""
    return _WORD.findall(fold(text))


def key(text: str) -> str:
    """An exact-match key: folded, letters and digits only ('A/HRC/47/40' -> 'ahrc4740')."""
    return "".join(_WORD.findall(fold(text))).replace("_", "")


def stem(word: str) -> str:
    """A crude English stem, so that 'executions' meets 'execution' and 'detained' 'detain'."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def record_fields(kind: str, record: dict[str, Any]) -> list[tuple[Field, str]]:
    """The searchable texts of a record with the field of each."""
    # an id is matched exactly through the keys table; its words count a little, like a summary's
    out: list[tuple[Field, str]] = [(ID, record["id"])]
    for name in ("acronym", "symbol"):
        if record.get(name):
            out.append((KEY, record[name]))
    out.extend((KEYWORD, k) for k in record.get("keywords") or ())
    out.append((TITLE, record.get("title") or record.get("name") or ""))
    out.append((SUMMARY, record.get("summary") or ""))
    for name in ("legal_basis", "individual_complaints", "who_can_use", "who_cannot_use", "quote",
                 "anchor"):
        if record.get(name):
            out.append((TEXT, record[name]))
    for name in ("requirements", "checklist", "deadlines", "safety"):
        out.extend((TEXT, item) for item in record.get(name) or ())
    for step in record.get("steps") or ():
        out.append((TEXT, step["title"] + " " + step["detail"] + " " + (step.get("timing") or "")))
    for source in record.get("sources") or ():
        out.append((TEXT, source["title"]))
        if source.get("symbol"):  # exact matches go through the aliases table
            out.append((TEXT, source["symbol"]))
    return out


def _code_like(text: str) -> bool:
    """Keywords such as 'GC 36', 'CCPR' or 'OST' are exact aliases, not prose."""
    return len(text) <= 40 and (any(c.isdigit() for c in text) or (text.isupper() and len(text) <= 8))


def _theme_weight(rank: int, count: int, kind: str) -> int:
    """How strongly a theme tag counts: the first-listed theme and few themes count more, and a
    mechanism whose main theme it is (the specialist) counts above a title match."""
    weight = (20 if rank == 0 else 16) - min(count, 6) + 1
    return round(weight * 1.2) if kind == "mechanisms" else weight


def build(records: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """The search index for merged, validated records."""
    from unmech import country

    # every country's names, not only those the data covers: "Türkiye" is then known to be a
    # country that has no records, and --country accepts any name without loading pycountry
    codes = sorted({*country.all_codes(),
                    *(c for f in records["findings"] for c in f.get("countries") or ())})
    country_names = {code: country.display_name(code) for code in codes}
    country_names_all = {code: country.names(code) for code in codes}
    country_words = {code: [code, *names] for code, names in country_names_all.items()}
    # keywords, country names and source titles recur across records: fold each text once
    words_of = functools.lru_cache(maxsize=None)(words)

    docs: list[list[str]] = []
    postings: dict[str, dict[int, int]] = {}
    keys: dict[str, list[int]] = {}  # a record's own id, acronym and symbol
    aliases: dict[str, list[int]] = {}  # symbols of its sources, code-like keywords
    theme_docs: dict[str, dict[int, int]] = {}
    for kind in INDEXED:
        for record in records[kind]:
            entry = _entry(kind, record, country_words, words_of)
            _add(entry, len(docs), postings, keys, aliases, theme_docs)
            docs.append([kind[:-1], record["id"]])
    _inherit_themes(records, docs, theme_docs, range(len(docs)))
    themes = _themes(records["themes"], theme_docs)
    return {
        "docs": docs,
        # flat [doc, weight, doc, weight, ...] lists load faster than nested ones
        "postings": {w: [x for d, wt in sorted(p.items()) for x in (d, wt)]
                     for w, p in sorted(postings.items())},
        "keys": {k: sorted(set(v)) for k, v in sorted(keys.items()) if k},
        "aliases": {k: sorted(set(v)) for k, v in sorted(aliases.items()) if k},
        "stems": _stems(postings),
        "themes": themes,
        "countries": country_names,
        "country_names": country_names_all,
        "country_lookup": _country_lookup(country_names_all),
        "mechanism_names": _mechanism_names(records["mechanisms"], themes, words_of),
        "iso_codes": country.all_codes(),
    }


def extend(base: dict[str, Any], base_records: dict[str, list[dict[str, Any]]],
           records: dict[str, list[dict[str, Any]]]) -> dict[str, Any] | None:
    """The index of ``records`` when they are ``base_records`` with new records after each kind's
    own (a network's file that only adds records), made from ``base``, the index of
    ``base_records``, without reading the base's records again. None when the records change the
    base in any other way (a record or a theme replaced, a country the base does not name): then
    ``build``. It gives what ``build`` would (tests hold the two together)."""
    old_themes, new_themes = base_records["themes"], records["themes"]
    if len(old_themes) != len(new_themes) or any(
            a is not b for a, b in zip(old_themes, new_themes, strict=True)):
        return None
    added: dict[str, list[dict[str, Any]]] = {}
    for kind in INDEXED:
        old, new = base_records[kind], records[kind]
        if len(new) < len(old) or any(a is not b for a, b in zip(old, new, strict=False)):
            return None
        added[kind] = new[len(old):]
    names: dict[str, list[str]] = base["country_names"]
    if any(c not in names for f in added["findings"] for c in f.get("countries") or ()):
        return None
    # the base's records keep their order; each kind's new records come after its own
    mechanisms, procedures = len(base_records["mechanisms"]), len(base_records["procedures"])
    shift_procedures = len(added["mechanisms"])
    shift_findings = shift_procedures + len(added["procedures"])
    remap = [d if d < mechanisms else d + shift_procedures if d < mechanisms + procedures
             else d + shift_findings for d in range(len(base["docs"]))]
    docs: list[list[str]] = []
    new_docs: list[tuple[str, dict[str, Any], int]] = []
    for kind, start in zip(INDEXED, (0, mechanisms, mechanisms + procedures), strict=True):
        docs += base["docs"][start:start + len(base_records[kind])]
        for record in added[kind]:
            new_docs.append((kind, record, len(docs)))
            docs.append([kind[:-1], record["id"]])

    def moved(flat: list[int]) -> dict[int, int]:
        return {remap[d]: w for d, w in zip(flat[0::2], flat[1::2], strict=True)}

    postings: dict[str, dict[int, int]] = {}
    keys = {k: [remap[d] for d in v] for k, v in base["keys"].items()}
    aliases = {k: [remap[d] for d in v] for k, v in base["aliases"].items()}
    theme_docs = {t: moved(theme["docs"]) for t, theme in base["themes"].items()}
    country_words = {code: [code, *n] for code, n in names.items()}
    words_of = functools.lru_cache(maxsize=None)(words)
    for kind, record, doc in new_docs:
        _add(_entry(kind, record, country_words, words_of), doc, postings, keys, aliases, theme_docs)
    _inherit_themes(records, docs, theme_docs, [doc for _, _, doc in new_docs])
    merged = {w: ([remap[d] for d in flat[0::2]], flat[1::2]) for w, flat in base["postings"].items()}
    for word, found in postings.items():
        before = merged.get(word)
        if before is not None:
            found.update(zip(*before, strict=True))
        merged[word] = (sorted(found), [found[d] for d in sorted(found)])
    themes = _themes(new_themes, theme_docs)
    return {
        "docs": docs,
        "postings": {w: [x for pair in zip(*merged[w], strict=True) for x in pair]
                     for w in sorted(merged)},
        "keys": {k: sorted(set(v)) for k, v in sorted(keys.items()) if k},
        "aliases": {k: sorted(set(v)) for k, v in sorted(aliases.items()) if k},
        "stems": _stems(merged),
        "themes": themes,
        "countries": base["countries"],
        "country_names": names,
        "country_lookup": base["country_lookup"],
        "mechanism_names": _mechanism_names(records["mechanisms"], themes, words_of),
        "iso_codes": base["iso_codes"],
    }


def _stems(vocabulary: dict[str, Any]) -> dict[str, list[str]]:
    """Stem -> the indexed words that share it, where that is more than the word itself."""
    stems: dict[str, list[str]] = {}
    for word in vocabulary:
        s = stem(word)
        if s != word or len(word) >= 4:
            stems.setdefault(s, []).append(word)
    return {s: sorted(ws) for s, ws in sorted(stems.items()) if len(ws) > 1 or s != ws[0]}


class _Entry(NamedTuple):
    """What one record puts in the index, whatever its number."""

    words: dict[str, int]
    """Each word and the code of the heaviest field it occurs in."""
    keys: list[str]
    """Its own id, acronym and symbol, as exact-match keys."""
    aliases: list[str]
    """Its sources' symbols and code-like keywords."""
    themes: list[tuple[str, int]]
    """Its themes and the weight of each."""


def _entry(kind: str, record: dict[str, Any], country_words: dict[str, list[str]],
           words_of: Callable[[str], list[str]]) -> _Entry:
    own = {record["id"], record.get("acronym"), record.get("symbol")}
    # word -> the weight and code of the heaviest field it occurs in, for this record
    best: dict[str, tuple[float, int]] = {}
    own_keys: list[str] = []
    alias_keys: list[str] = []
    fields = record_fields(kind, record)
    fields += [(COUNTRY, name) for code in record.get("countries") or ()
               for name in country_words.get(code, ())]
    for field, text in fields:
        code = int(field)  # plain ints: an Enum member hashes and compares in Python
        heavier = (_WEIGHT_BY_CODE[code], code)
        for word in words_of(text):
            old = best.get(word)
            if old is None or old[0] < heavier[0]:
                best[word] = heavier
        if text in own:
            own_keys.append(key(text))
        elif (field is KEY or field is KEYWORD) and _code_like(text):
            alias_keys.append(key(text))
    for source in record.get("sources") or ():
        if source.get("symbol"):
            alias_keys.append(key(source["symbol"]))
    tagged = record.get("themes") or ()
    return _Entry({word: code for word, (_, code) in best.items()}, own_keys, alias_keys,
                  [(theme, _theme_weight(rank, len(tagged), kind)) for rank, theme in enumerate(tagged)])


def _add(entry: _Entry, doc: int, postings: dict[str, dict[int, int]], keys: dict[str, list[int]],
         aliases: dict[str, list[int]], theme_docs: dict[str, dict[int, int]]) -> None:
    for word, code in entry.words.items():
        postings.setdefault(word, {})[doc] = code
    for k in entry.keys:
        keys.setdefault(k, []).append(doc)
    for k in entry.aliases:
        aliases.setdefault(k, []).append(doc)
    for theme, weight in entry.themes:
        theme_docs.setdefault(theme, {})[doc] = weight


def _inherit_themes(records: dict[str, list[dict[str, Any]]], docs: list[list[str]],
                    theme_docs: dict[str, dict[int, int]], numbers: Iterable[int]) -> None:
    """Procedures (among the records with these numbers) inherit the themes of the mechanisms
    they engage."""
    mech_themes = {m["id"]: m.get("themes") or () for m in records["mechanisms"]}
    procedures = {p["id"]: p for p in records["procedures"]}
    for doc in numbers:
        kind, ident = docs[doc]
        if kind == "procedure":
            for mech in procedures[ident]["mechanisms"]:
                inherited = mech_themes.get(mech, ())
                for rank, theme in enumerate(inherited):
                    slot = theme_docs.setdefault(theme, {})
                    slot[doc] = max(slot.get(doc, 0), _theme_weight(rank, len(inherited), "procedures") - 2)


def _themes(themes: list[dict[str, Any]], theme_docs: dict[str, dict[int, int]]) -> dict[str, Any]:
    out = {}
    for theme in themes:
        phrases = {" ".join(words(t)) for t in (theme["id"].replace("-", " "), theme["name"],
                                                 *(theme.get("keywords") or ()))}
        synonyms = [sorted({" ".join(words(t)) for t in group} - {""})
                    for group in theme.get("synonyms") or ()]
        out[theme["id"]] = {"phrases": sorted(p for p in phrases if p), "synonyms": synonyms,
                            "docs": [x for d, w in sorted(theme_docs.get(theme["id"], {}).items())
                                     for x in (d, w)]}
    return out


class Index:
    """The compiled search index, read through methods rather than by its stored keys.

    It reads from a ``Source``: the compiled form in memory, or on disk (``unmech.store``), where
    only the postings and tables a query uses are read.
    """

    def __init__(self, source: Source) -> None:
        self.source = source
        self._vocabulary: list[str] | None = None
        self._parts: dict[str, Any] = {}
        self._doc_lists: tuple[list[str], list[str], list[str]] | None = None
        self._country_lookup: dict[str, list[str]] | None = None
        self._name_words: dict[str, list[str]] | None = None
        self._name_word_list: list[str] = []

    def _part(self, name: str) -> Any:
        if name not in self._parts:
            self._parts[name] = self.source.index_part(name)
        return self._parts[name]

    def __len__(self) -> int:
        return self.source.doc_count()

    def _docs(self) -> tuple[list[str], list[str], list[str]]:
        if self._doc_lists is None:
            self._doc_lists = self.source.docs()
        return self._doc_lists

    def doc(self, number: int) -> tuple[str, str]:
        """The type and id of the record with this number."""
        kinds, ids, _ = self._docs()
        return kinds[number], ids[number]

    def kinds(self) -> list[str]:
        """The type of every record, by number: for loops over many records, where calling
        ``doc`` for each would cost more than the ranking itself."""
        return self._docs()[0]

    def mechanisms(self) -> list[str]:
        """The mechanism of every finding, by number ("" for other records)."""
        return self._docs()[2]

    def number(self, ident: str) -> int | None:
        """The number of the record with this id."""
        return self.source.number(ident)

    def vocabulary(self) -> list[str]:
        """Every indexed word, sorted."""
        if self._vocabulary is None:
            self._vocabulary = self.source.vocabulary()
        return self._vocabulary

    def has(self, word: str) -> bool:
        """Whether a folded word occurs anywhere in the data."""
        return self.source.has_word(word)

    def postings(self, word: str) -> list[tuple[int, Field]]:
        """The records a folded word occurs in, each with the heaviest field it occurs in."""
        flat = self.source.lookup("postings", word)
        return [(flat[i], Field(flat[i + 1])) for i in range(0, len(flat), 2)]

    def same_stem(self, word: str) -> list[str]:
        """Indexed words with the same crude stem as this one."""
        return list(self.source.lookup("stems", stem(word)))

    def own_key(self, text: str) -> list[int]:
        """Records whose own id, acronym or symbol has this exact-match key."""
        return list(self.source.lookup("keys", key(text)))

    def alias(self, text: str) -> list[int]:
        """Records with this exact-match key among their sources' symbols or code-like keywords."""
        return list(self.source.lookup("aliases", key(text)))

    def theme_ids(self) -> list[str]:
        """The ids of the themes."""
        return list(self._part("themes"))

    def theme_phrases(self, theme: str) -> list[str]:
        """The folded names and keywords of a theme."""
        return list(self._part("themes")[theme]["phrases"])

    def theme_synonyms(self, theme: str) -> list[list[str]]:
        """A theme's groups of folded phrases that mean the same."""
        return [list(g) for g in self._part("themes")[theme]["synonyms"]]

    def theme_docs(self, theme: str) -> list[tuple[int, int]]:
        """The records tagged with a theme, each with how strongly the tag counts."""
        flat = self.source.lookup("theme_docs", theme)
        return [(flat[i], flat[i + 1]) for i in range(0, len(flat), 2)]

    def country_docs(self, code: str) -> list[int]:
        """The findings on a country."""
        return self.source.lookup("country_docs", code)

    def mechanism_docs(self, mechanism: str) -> list[int]:
        """A mechanism's records: itself, the guides that engage it and its findings."""
        return self.source.lookup("mechanism_docs", mechanism)

    def country_codes(self) -> list[str]:
        """Every ISO 3166-1 alpha-3 code."""
        return list(self._part("iso_codes"))

    def country_display(self, code: str) -> str:
        """A country's short English name, or the code."""
        return str(self._part("countries").get(code, code))

    def country_names(self) -> dict[str, list[str]]:
        """Every name of each country, by code."""
        names: dict[str, list[str]] = self._part("country_names")
        return names

    def country_lookup(self) -> dict[str, list[str]]:
        """Folded country names (every language and form) -> the codes they name."""
        if self._country_lookup is None:
            stored = self._part("country_lookup")  # absent from forms compiled before it was
            self._country_lookup = stored if stored is not None else _country_lookup(
                self._part("country_names"))
        return self._country_lookup

    def mechanism_names(self) -> dict[str, list[str]]:
        """Folded names of mechanisms in any language -> the mechanisms they name."""
        return dict(self._part("mechanism_names") or {})

    def country_word(self, word: str) -> tuple[str, tuple[str, ...]]:
        """How one folded word names countries, and which: 'exact' for a name as is; 'form' for
        another form of a name ('россия' for 'российская', 'russia' for 'russie'); 'typo' for a
        misspelt one ('phillipines'); '' and no codes when it names none."""
        lookup = self.country_lookup()
        if word in lookup:
            return "exact", tuple(lookup[word])
        if len(word) < 5 or word in STOPWORDS or word.isdigit():
            return "", ()
        known = self.has(word)
        name_words = self._country_name_words()
        found: dict[str, None] = {}
        # names sharing at least the first five letters, found by bisection in the sorted list
        start = bisect.bisect_left(self._name_word_list, word[:5])
        for name in self._name_word_list[start:]:
            if not name.startswith(word[:5]):
                break
            if known and name not in lookup:
                continue  # a word of a longer name ('union', 'federation') only when not a word here
            common = len(_common_prefix(word, name))
            if common >= min(len(word), len(name)) - 2:
                found.update(dict.fromkeys(name_words[name]))
        if found:
            return "form", tuple(found)
        if known:
            return "", ()
        from rapidfuzz import fuzz, process

        close = process.extractOne(word, [n for n in lookup if " " not in n], scorer=fuzz.ratio,
                                   score_cutoff=75)
        return ("typo", tuple(lookup[close[0]])) if close else ("", ())

    def _country_name_words(self) -> dict[str, list[str]]:
        """One-word country names, and the words of longer names that name a single country."""
        if self._name_words is None:
            lookup = self.country_lookup()
            owners: dict[str, dict[str, None]] = {}
            for name, codes in lookup.items():
                if " " in name:
                    for part in name.split():
                        if len(part) >= 5:
                            owners.setdefault(part, {}).update(dict.fromkeys(codes))
            out = {n: c for n, c in lookup.items() if " " not in n}
            out.update({part: list(codes) for part, codes in owners.items()
                        if len(codes) == 1 and part not in out})
            self._name_words = out
            self._name_word_list = sorted(out)
        return self._name_words


def _country_lookup(names_by_code: dict[str, list[str]]) -> dict[str, list[str]]:
    """Folded country names -> the codes they name (a few names, like 'Korea', name two)."""
    out: dict[str, dict[str, None]] = {}
    for code, names in names_by_code.items():
        for name in names:
            folded = " ".join(words(name))
            if folded:
                out.setdefault(folded, {})[code] = None
    return {name: list(codes) for name, codes in sorted(out.items())}


def _mechanism_names(mechanisms: list[dict[str, Any]], themes: dict[str, dict[str, Any]],
                     words_of: Callable[[str], list[str]] = words) -> dict[str, list[str]]:
    """Folded names of mechanisms in any language (names, acronyms, capitalised keywords, and
    the first words of a long name when they name one mechanism) -> the mechanisms they name.
    Theme phrases are left to the themes."""
    theme_phrases = {p for t in themes.values()
                     for p in [*t["phrases"], *(x for g in t["synonyms"] for x in g)]}
    out: dict[str, dict[str, None]] = {}
    full: set[str] = set()
    for raw in mechanisms:
        for name in [raw.get("name"), raw.get("acronym"), *(raw.get("keywords") or ())]:
            if not name:
                continue
            folded = " ".join(words_of(name))
            full.add(folded)
            acronym = (name == raw.get("acronym") or name.isupper()) and len(name) <= 8 and not any(
                c.isdigit() for c in name)
            # a keyword is a name when it is capitalised ('Comité contre la torture'), or in a
            # script without capitals; 'shadow report' is a subject, not a name
            named = name[0].isupper() or name[0].lower() == name[0].upper()
            cjk = any("\u3040" <= ch <= "\u9fff" for ch in folded) and len(folded) >= 3
            if (folded and named and folded not in STOPWORDS
                    and (len(folded.split()) >= 2 or acronym or cjk)):
                out.setdefault(folded, {})[raw["id"]] = None
                parts = folded.split()
                for end in range(2, min(len(parts), 5)):  # 'European Court', 'Комитет против'
                    if parts[end - 1] not in STOPWORDS:
                        out.setdefault(" ".join(parts[:end]), {})[raw["id"]] = None
    return {name: list(ids) for name, ids in sorted(out.items())
            if name not in theme_phrases and (len(ids) == 1 or name in full)}


def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]
