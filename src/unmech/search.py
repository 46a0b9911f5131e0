"""Ranked, typo-tolerant search over the compiled index. Pure: returns hits, prints nothing.

A query is cut into units: document symbols ("A/HRC/47/40"), theme phrases ("death penalty",
"rehab camps", "пытки"), country names in the UN languages ("Российская Федерация", "Filipinas"),
then single words. Each word matches indexed words exactly, by stem, by prefix, or by edit
distance (rapidfuzz). Records that match every unit come first and records that match only some
come after them, marked ``partial``; within each group a record's rank is the sum of its best
match per unit, weighted by the field it matched in. Exact ids, acronyms and document symbols
rank above everything.

A hit's score says how exactly it matches, not how it compares with the other hits: 100 only
when every unit matched as typed (or as a synonym or another form of the word) in a title,
keyword, symbol or country, so a symbol that is not in the data never scores 100.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping
from typing import Any, NamedTuple

from unmech.index import (
    KEY,
    KEYWORD,
    STOPWORDS,
    WEIGHT,
    Field,
    Index,
    fold,
    key,
    stem,
    words,
)
from unmech.kb import Filters, KnowledgeBase
from unmech.models import Record

EXACT_KEY_BONUS = 1000
#: How strongly matching more of the query's words counts against matching them in better fields.
COVERAGE_POWER = 2
#: Mechanisms and guides are what most queries are after; findings are many and specific.
TYPE_BOOST = {"mechanism": 1.05, "procedure": 1.05}
#: Each further finding of the same mechanism is worth this share of the one before it.
DIVERSITY = 0.85
#: How much a record's theme tag adds when its words also match the theme's phrase.
TAG_AND_WORDS = 0.0
#: How much each further synonym a record matches adds: a record with 'OST', 'methadone' and
#: 'opioid substitution' is more about the subject than one with 'OST' alone.
SYNONYM_SUPPORT = 0.1
#: What a record of a mechanism the query names is worth: the mechanism itself, and below it
#: its findings and the guides that engage it, above records that merely have the name's words.
MECHANISM_TAG = {"mechanism": 36.0, "procedure": 34.0, "finding": 32.0}
#: What a record on a country the query names is worth: about as much as a title match.
COUNTRY_TAG = 30.0
#: How much a country's name counts in a record not tagged with that country: it mentions the
#: country, but is not about it.
MENTIONED_COUNTRY = 0.6
#: A match of at least this quality counts as exact: the word itself, a synonym or a word form.
EXACT_QUALITY = 0.9
MAX_QUERY_CHARS = 500
#: A UN document symbol: letters, then at least two more parts after slashes (CCPR/C/RUS/CO/7).
_SYMBOL = re.compile(r"(?<![\w/])[A-Za-z][A-Za-z0-9.\-]*(?:/[A-Za-z0-9.\-()]+){2,}")


class Hit(NamedTuple):
    """One search result."""

    record: Record
    """The record found."""
    score: int
    """1-100: how exactly the record matches the query; 100 only for an exact match."""
    matched: str
    """Where the query matched: title, summary, theme: torture, country, ..."""
    terms: tuple[str, ...]
    """The words that matched, for highlighting."""
    snippet: str
    """A short piece of the record's text around a match."""
    partial: bool = False
    """True when the record matches only some of the query's words (it then ranks after all
    records that match every word)."""
    words_matched: int = 0
    """How many of the query's words it matches (a phrase such as 'death penalty' or 'Viet Nam'
    counts as one word)."""
    words_total: int = 0
    """How many words the query has, counted the same way."""


class _Match(NamedTuple):
    value: float
    """What the match is worth when ranking."""
    exact: float
    """0-1: how exactly it matched (1: as typed, in a title, keyword, symbol or country)."""
    field: str
    """Where it matched, for the hit."""
    words: str
    """The indexed words it matched, space-separated."""


class _Unit(NamedTuple):
    label: str
    # synonymous phrases with a quality factor; a phrase is, per word, indexed word -> quality
    alternatives: list[tuple[list[dict[str, float]], float]]
    # records that match without their words: tagged with the theme or country, similar symbol
    tagged: dict[int, _Match]
    countries: tuple[str, ...] = ()
    """The countries the unit names, if it is a country."""
    tag_decides: bool = False
    """True when a tagged record's tag value stands even if its words match better: a
    mechanism's acronym in its own record should not outweigh the findings the query asks for."""


_NO_MATCH = _Match(0.0, 0.0, "", "")


def search(kb: KnowledgeBase, query: str, filters: Filters | None = None,
           limit: int | None = 10) -> list[Hit]:
    """Records matching the query and filters, best first. An empty query lists the filtered."""
    filters = filters or Filters()
    index = kb.index
    query = _clean(query)
    units = _units(kb, query)
    whole = key(query)
    if not units and not whole:
        listed = [Hit(r, 100, "", (), "") for r in kb.select(filters)]
        return listed[:limit] if limit else listed

    total = len(index)
    matches: dict[int, list[tuple[float, _Match]]] = {}  # doc -> (idf, match) per matched unit
    all_idf = 0.0
    for unit in units:
        best = _unit_matches(index, unit)
        # rare words weigh more: "duterte" narrows more than "court"; a word found nowhere
        # still counts, as unmatched
        idf = math.log(1 + total / len(best)) if best else math.log(1 + total)
        all_idf += idf
        for doc, match in best.items():
            matches.setdefault(doc, []).append((idf, match))

    own = set(index.own_key(query)) if whole else set()
    exact_docs = dict.fromkeys(sorted(own))
    if any(c.isdigit() for c in whole):  # a source's symbol or a keyword such as 'GC 36'
        exact_docs.update(dict.fromkeys(d for d in index.alias(query) if d not in exact_docs))

    ranked: list[tuple[bool, float, int]] = []  # (partial, rank value, doc)
    kinds = index.kinds()
    for doc in {*matches, *exact_docs}:
        found = matches.get(doc, [])
        covered = sum(idf for idf, _ in found)
        value = sum(idf * m.value for idf, m in found)
        value *= TYPE_BOOST.get(kinds[doc], 1.0)
        value *= (covered / all_idf if all_idf else 1.0) ** COVERAGE_POWER
        partial = len(found) < len(units)
        if doc in exact_docs:
            partial = False
            value += EXACT_KEY_BONUS if doc in own else EXACT_KEY_BONUS / 2
        ranked.append((partial, value, doc))
    ranked = _diversify(ranked, kb)

    hits: list[Hit] = []
    # records the index rules out are skipped before they are read; the rest are checked
    candidates = kb.candidates(filters)
    for partial, _, doc in ranked:
        kind, ident = index.doc(doc)
        if (candidates is not None and doc not in candidates) or (filters.type and kind != filters.type):
            continue
        record = kb.get(ident)
        if not kb.passes(record, filters):
            continue
        found = matches.get(doc, [])
        if doc in exact_docs:
            score, where = 100, "exact id, acronym or symbol"
        else:
            score = _score(found, all_idf)
            where = _where(found)
        terms = tuple(sorted({w for _, m in found for w in m.words.split()}))
        hits.append(Hit(record, score, where, terms, snippet(kb.raw_record(ident), terms), partial,
                        len(units) if doc in exact_docs else len(found), len(units)))
        if limit and len(hits) >= limit:
            break
    return hits


def themes_named(kb: KnowledgeBase, text: str) -> list[str]:
    """The themes a few free words name, by their phrases, synonyms and translations, the theme
    of the longest phrase first ('compulsory detention' -> arbitrary-detention)."""
    index = kb.index
    padded = f" {' '.join(words(_clean(text)))} "
    found = sorted(((len(phrase), theme_id) for phrase, theme_id, _ in _theme_phrases(index)
                    if f" {phrase} " in padded), reverse=True)
    return list(dict.fromkeys(theme_id for _, theme_id in found))


def _theme_phrases(index: Index) -> Iterator[tuple[str, str, list[str]]]:
    """Every phrase that names a theme: (phrase, theme id, the group of synonyms it is in)."""
    for theme_id in index.theme_ids():
        for group in [*index.theme_synonyms(theme_id), *([p] for p in index.theme_phrases(theme_id))]:
            for phrase in group:
                if phrase:
                    yield phrase, theme_id, group


def missing_symbol(kb: KnowledgeBase, query: str) -> str | None:
    """The first document symbol in the query that no record has, e.g. 'CCPR/C/RUS/CO/7'.

    Search then shows the closest records (same body, same country) at scores below 100.
    """
    for symbol in _SYMBOL.findall(_clean(query)):
        if not kb.index.own_key(symbol) and not kb.index.alias(symbol):
            return str(symbol)
    return None


def missing_countries(kb: KnowledgeBase, query: str) -> list[str]:
    """Countries the query names that no record concerns, as codes ('Türkiye' -> ['TUR'])."""
    return [code for unit in _units(kb, _clean(query)) for code in unit.countries
            if not kb.index.country_docs(code)]


def no_hits_hint(kb: KnowledgeBase, query: str, filters: Filters | None = None) -> str:
    """What to try when a search finds nothing: drop a filter, another word, or browse."""
    filters = filters or Filters()
    active = {name: value for name, value in filters._asdict().items() if value not in (None, "")}
    query = _clean(query)
    if active and (not query.strip() or search(kb, query, Filters(), limit=1)):
        # the words match: a filter (or their combination) is what leaves nothing
        blocking = [name for name, value in active.items()
                    if not search(kb, query, Filters(**{name: value}), limit=1)]
        named = blocking or list(active)
        flags = ", ".join(f"--{name} {active[name]}" for name in named)
        extra = ""
        if "since" in named:
            years = [int(f["date"][:4]) for f in kb.raw_records("findings") if f.get("date")]
            extra = f" The newest finding is from {max(years)}." if years else ""
        if "country" in named and not kb.index.country_docs(str(active["country"])):
            code = str(active["country"])
            extra += f" unmech has no findings on {kb.country_name(code)} ({code}) yet."
        what = "these words" if query.strip() else "anything"
        return (f"Nothing matches {what} with {flags}.{extra} "
                + ("Try without " + ("it" if len(named) == 1 else "them") + "."))
    gaps = [f"{kb.country_name(c)} ({c})" for c in missing_countries(kb, query)]
    symbol = missing_symbol(kb, query)
    notes = []
    if symbol:
        notes.append(f"{symbol} is not in unmech's data.")
    if gaps:
        notes.append("unmech has no findings on " + ", ".join(gaps) + " yet.")
    if notes:
        return " ".join(notes) + " Try a theme or a mechanism instead, or browse with 'unmech list themes'."
    close: list[str] = []
    from rapidfuzz import fuzz, process

    vocabulary = kb.index.vocabulary()
    for word in words(query[:200])[:5]:
        close += [w for w, _, _ in process.extract(word, vocabulary, scorer=fuzz.ratio,
                                                   score_cutoff=60, limit=2) if w != word]
    if close:
        return ("Closest words in the data: " + ", ".join(dict.fromkeys(close))
                + ". Or browse with 'unmech list themes'.")
    return "Try fewer or other words, or browse with 'unmech list themes'."


def _clean(query: str) -> str:
    from unmech.printable import printable

    query = printable(query[:MAX_QUERY_CHARS])
    return re.sub(r"\s*/\s*", "/", query)  # 'A / HRC / 47 / 40' is a symbol too


def _score(found: list[tuple[float, _Match]], all_idf: float) -> int:
    """How exactly a record matches the query, 1-100; 100 only if every unit matched exactly."""
    if not all_idf:
        return 1
    share = sum(idf * m.exact for idf, m in found) / all_idf
    exact = all(m.exact >= 1.0 for _, m in found) and sum(i for i, _ in found) >= all_idf - 1e-9
    return 100 if exact else max(1, min(99, round(100 * share)))


def _where(found: list[tuple[float, _Match]]) -> str:
    """The field that best explains the match: a symbol or title if any unit matched there."""
    fields = [m.field for _, m in found]
    for preferred in (KEY.label, "similar symbol", Field.TITLE.label):
        for field in fields:
            if field.startswith(preferred):
                return field
    return fields[0] if fields else ""


def _diversify(ranked: list[tuple[bool, float, int]],
               kb: KnowledgeBase) -> list[tuple[bool, float, int]]:
    """Records matching every unit first; within each group let other bodies through: each
    further finding of the same mechanism counts a little less, so one prolific mechanism does
    not fill the first screen."""
    ranked.sort(key=lambda item: (item[0], -item[1], item[2]))
    seen: dict[tuple[bool, str], int] = {}
    out = []
    kinds, mechanisms = kb.index.kinds(), kb.index.mechanisms()
    for partial, value, doc in ranked:
        if kinds[doc] == "finding":
            body = (partial, mechanisms[doc])
            value *= DIVERSITY ** seen.get(body, 0)
            seen[body] = seen.get(body, 0) + 1
        out.append((partial, value, doc))
    return sorted(out, key=lambda item: (item[0], -item[1], item[2]))


def _exactness(field: Field, quality: float) -> float:
    """1 for the word itself (or a synonym or form of it) in a title, keyword, symbol or country."""
    place = min(1.0, WEIGHT[field] / WEIGHT[KEYWORD])
    return place * (1.0 if quality >= EXACT_QUALITY - 1e-9 else quality)


def _unit_matches(index: Index, unit: _Unit) -> dict[int, _Match]:
    """For each record the unit matches: its best match.

    A unit has alternatives (synonymous phrases); a phrase's words add up, so a record with all
    of them beats one with some; the best alternative counts. A record tagged with the unit's
    theme or country matches even without the words, and more when it has both.
    """
    best: dict[int, _Match] = {}
    support: dict[int, float] = {}
    for alternative, quality_factor in unit.alternatives:
        summed: dict[int, _Match] = {}
        share = 1 / len(alternative)
        for group in alternative:
            per_doc: dict[int, _Match] = {}
            for word, quality in group.items():
                for doc, field in index.postings(word):
                    value = WEIGHT[field] * quality * quality_factor * share
                    if value > per_doc.get(doc, _NO_MATCH).value:
                        per_doc[doc] = _Match(value, _exactness(field, quality * quality_factor) * share,
                                              field.label, word)
            for doc, m in per_doc.items():
                old = summed.get(doc)
                summed[doc] = (m if old is None else
                               _Match(old.value + m.value, old.exact + m.exact, old.field,
                                      old.words + " " + m.words))
        for doc, m in summed.items():
            support[doc] = support.get(doc, 0.0) + m.value
            if m.value > best.get(doc, _NO_MATCH).value:
                best[doc] = m
    for doc, m in best.items():
        best[doc] = m._replace(value=m.value + SYNONYM_SUPPORT * (support[doc] - m.value))
    for doc, tag in unit.tagged.items():
        by_words = best.get(doc)
        if by_words is None:
            best[doc] = tag
        else:
            value = (tag.value if unit.tag_decides else
                     max(by_words.value, tag.value) + TAG_AND_WORDS * min(by_words.value, tag.value))
            where = by_words.field if by_words.value >= tag.value else tag.field
            best[doc] = _Match(value, max(by_words.exact, tag.exact), where, by_words.words)
    return best


def _units(kb: KnowledgeBase, query: str) -> list[_Unit]:
    """The query cut into symbols, theme phrases, country names and words."""
    index = kb.index
    units: list[_Unit] = []
    for symbol in _SYMBOL.findall(query):
        units.append(_symbol_unit(kb, symbol))
        query = query.replace(symbol, " ", 1)
    folded = " ".join(words(query))
    padded, named = _mechanism_units(kb, f" {folded} ")
    units += named
    themed: dict[str, _Unit] = {}
    # longest phrases first, so that "произвольное задержание" is one unit, not "задержание"
    candidates = sorted(_theme_phrases(index), key=lambda c: (-len(c[0]), c[0], c[1]))
    for phrase, theme_id, group in candidates:
        if f" {phrase} " in padded:
            padded = padded.replace(f" {phrase} ", " ", 1)
        elif _is_cjk(phrase) and phrase in padded:  # Chinese is written without spaces
            padded = padded.replace(phrase, " ", 1)
        elif phrase not in themed:
            continue
        tags = _theme_tags(index, theme_id)
        unit = themed.get(phrase)
        alternatives = [(_phrase(index, p), 1.0 if p == phrase else EXACT_QUALITY) for p in group]
        if unit is None:
            themed[phrase] = _Unit(phrase, alternatives, tags)
        else:  # a phrase several themes share is one unit
            merged = dict(tags)
            merged.update({d: m for d, m in unit.tagged.items()
                           if m.value >= merged.get(d, _NO_MATCH).value})
            known = {tuple(tuple(g) for g in a) for a, _ in unit.alternatives}
            more = [a for a in alternatives if tuple(tuple(g) for g in a[0]) not in known]
            themed[phrase] = unit._replace(alternatives=unit.alternatives + more, tagged=merged)
    units += themed.values()
    padded, countries = _country_units(kb, padded, folded)
    units += countries
    remaining = padded.split()
    for word in remaining:
        if word in STOPWORDS and len(remaining) > 1:
            continue
        how, codes = index.country_word(word)
        if codes:
            units.append(_country_unit(kb, word, codes, how))
            continue
        misspelt = len(word) >= 5 and not index.has(word)
        near: dict[int, _Match] = {}
        for theme_id in _fuzzy_themes(index, word) if misspelt else ():
            for doc, m in _theme_tags(index, theme_id).items():
                if m.value > near.get(doc, _NO_MATCH).value:
                    near[doc] = m
        units.append(_Unit(word, [([_expand(index, word)], 1.0)], near))
    return units


def _mechanism_units(kb: KnowledgeBase, padded: str) -> tuple[str, list[_Unit]]:
    """Mechanisms named in the query ('Human Rights Committee', 'ECtHR', 'Комитет против пыток'):
    each is one unit that the mechanism, its guides and its findings match."""
    names = kb.index.mechanism_names()
    padded, found = _phrases_in(padded, names, longest=25, shortest=1)
    units = [_mechanism_unit(kb, phrase, tuple(names[phrase])) for phrase in found]
    if _is_cjk(padded):  # Chinese and Japanese names are written without spaces
        for name, ids in names.items():
            if _is_cjk(name) and name in padded:
                padded = padded.replace(name, " ", 1)
                units.append(_mechanism_unit(kb, name, tuple(ids)))
    return padded, units


def _phrases_in(padded: str, table: Mapping[str, Any], longest: int,
                shortest: int) -> tuple[str, list[str]]:
    """The phrases of ``table`` in the padded query, longest first (up to ``longest`` words,
    down to ``shortest``), each taken out of the query once: what is left, and what was found."""
    found = []
    tokens = padded.split()
    for size in range(min(longest, len(tokens)), shortest - 1, -1):
        for start in range(len(tokens) - size + 1):
            phrase = " ".join(tokens[start:start + size])
            if phrase in table and f" {phrase} " in padded:
                padded = padded.replace(f" {phrase} ", " ", 1)
                found.append(phrase)
    return padded, found


def _mechanism_unit(kb: KnowledgeBase, label: str, mechanisms: tuple[str, ...]) -> _Unit:
    index = kb.index
    tags: dict[int, _Match] = {}
    # the query names the body, the body that issued the finding or that the guide engages
    for number in sorted({n for m in mechanisms for n in index.mechanism_docs(m)}):
        tags[number] = _Match(MECHANISM_TAG[index.doc(number)[0]], 1.0, "mechanism", "")
    return _Unit(label, [(_phrase(index, label), 1.0)], tags, tag_decides=True)


def _theme_tags(index: Index, theme: str) -> dict[int, _Match]:
    """A tagged record scores about as if the word were in its summary or keywords."""
    return {doc: _Match(weight, _exactness(Field.KEYWORD, 1.0) * weight / WEIGHT[KEYWORD],
                        f"theme: {theme}", "")
            for doc, weight in index.theme_docs(theme)}


def _country_units(kb: KnowledgeBase, padded: str, folded: str) -> tuple[str, list[_Unit]]:
    """Country names of several words ('Viet Nam', 'Российская Федерация'), longest first."""
    lookup = kb.index.country_lookup()
    padded, found = _phrases_in(padded, lookup, longest=6, shortest=2)
    units = [_country_unit(kb, phrase, tuple(lookup[phrase]), "exact") for phrase in found]
    if _is_cjk(padded):  # Chinese and Japanese names are written without spaces
        for name, codes in lookup.items():
            if _is_cjk(name) and len(name) >= 2 and name in padded and name != padded.strip():
                padded = padded.replace(name, " ", 1)
                units.append(_country_unit(kb, name, tuple(codes), "exact"))
    return padded, units


def _country_unit(kb: KnowledgeBase, label: str, codes: tuple[str, ...], how: str) -> _Unit:
    """A country: the records on it, and records whose text has the name as typed."""
    index = kb.index
    # another form of the name or a typo is a good match, but not an exact one
    exact = 1.0 if how == "exact" else EXACT_QUALITY
    tags = {doc: _Match(COUNTRY_TAG * exact, exact, "country", label)
            for code in codes for doc in index.country_docs(code)}
    # a name recognised despite a typo matches only the country's records, not words like it
    alternatives = [] if how == "typo" else [(_phrase(index, label), MENTIONED_COUNTRY)]
    return _Unit(label, alternatives, tags, codes)


def _symbol_unit(kb: KnowledgeBase, symbol: str) -> _Unit:
    """A document symbol: the records that have it, or, when none does, the closest ones (same
    body and series, same country), never as exact."""
    index = kb.index
    tags: dict[int, _Match] = {}
    for doc in index.own_key(symbol):
        tags[doc] = _Match(2 * WEIGHT[KEY], 1.0, KEY.label, "")
    for doc in index.alias(symbol):
        tags.setdefault(doc, _Match(1.5 * WEIGHT[KEY], 1.0, KEY.label, ""))
    if tags:
        return _Unit(symbol, [], tags)
    parts = [fold(p) for p in symbol.split("/")]
    codes = set(index.country_codes())
    country = next((p.upper() for p in parts if len(p) == 3 and p.upper() in codes), None)
    series = parts[:2]
    # the body: a mechanism whose acronym or id is the symbol's first part (CAT), or that issued
    # documents in the same series (CCPR/C/...)
    bodies = {index.doc(d)[1] for d in index.own_key(parts[0]) if index.doc(d)[0] == "mechanism"}
    records = [r for kind in ("mechanisms", "procedures", "findings") for r in kb.raw_records(kind)]
    symbols_of = {r["id"]: [fold(s) for s in [r.get("symbol"),
                                              *(x.get("symbol") for x in r.get("sources") or ())]
                            if s and "/" in s] for r in records}
    for r in records:
        if r.get("mechanism") and any(s.split("/")[:2] == series for s in symbols_of[r["id"]]):
            bodies.add(r["mechanism"])
    for raw in records:
        number = index.number(raw["id"])
        if number is None:
            continue
        body = raw["id"] in bodies or raw.get("mechanism") in bodies
        on_country = bool(country and country in (raw.get("countries") or ()))
        rest = 0.0  # the other parts in the same places: same series, same kind of document
        for other in symbols_of[raw["id"]]:
            other_parts = other.split("/")
            if other_parts[:2] == series:
                same = sum(1 for a, b in zip(parts[2:], other_parts[2:], strict=False)
                           if a == b and a.upper() != country)
                rest = max(rest, same / max(1, len(parts) - 2 - (1 if country else 0)))
        share = (0.4 if body else 0.0) + (0.3 if on_country else 0.0) + (0.3 * rest if body else 0.0)
        if share >= 0.25:
            share *= EXACT_QUALITY
            what = "same body and country" if body and on_country else (
                "same body" if body else "same country")
            tags[number] = _Match(WEIGHT[KEY] * share, share, f"similar symbol ({what})", "")
    return _Unit(symbol, [], tags)


def _phrase(index: Index, phrase: str) -> list[dict[str, float]]:
    """A phrase's content words, each with what it may match."""
    content = [w for w in phrase.split() if w not in STOPWORDS] or phrase.split()
    return [_expand(index, w) for w in content]


def _expand(index: Index, word: str) -> dict[str, float]:
    """Indexed words that a query word may stand for, each with how good a match it is."""
    out: dict[str, float] = {}
    if index.has(word):
        out[word] = 1.0
    for other in index.same_stem(word):
        out.setdefault(other, EXACT_QUALITY)
    vocabulary = index.vocabulary()
    if len(word) >= 4:
        for other in _starting(vocabulary, word):
            out.setdefault(other, 0.85)
    root = stem(word)
    if len(root) >= 7 and root != word:  # 'decriminalisation' meets 'decriminalise'
        for other in _starting(vocabulary, root):
            out.setdefault(other, 0.85)
    if not index.has(word) and len(word) >= 6 and not word.isdigit():
        # another ending of the same word ('задержания' for 'задержание', 'россии')
        for other in _starting(vocabulary, word[:-2]):
            out.setdefault(other, 0.75)
    if not index.has(word) and len(word) >= 4 and not word.isdigit():
        from rapidfuzz import fuzz, process

        cutoff = 80 if len(word) >= 6 else 75
        for other, score, _ in process.extract(word, vocabulary, scorer=fuzz.ratio,
                                               score_cutoff=cutoff, limit=4):
            out.setdefault(other, 0.8 * score / 100)
    return out


def _starting(vocabulary: list[str], prefix: str, limit: int = 50) -> list[str]:
    """Indexed words that start with the prefix."""
    import bisect

    start = bisect.bisect_left(vocabulary, prefix)
    out = []
    for other in vocabulary[start:start + limit]:
        if not other.startswith(prefix):
            break
        out.append(other)
    return out


def _fuzzy_themes(index: Index, word: str) -> tuple[str, ...]:
    """Themes with a one-word name or keyword close to a mistyped query word."""
    from rapidfuzz import fuzz

    return tuple(theme for theme in index.theme_ids()
                 if any(" " not in p and p != word and fuzz.ratio(word, p) >= 85
                        for p in index.theme_phrases(theme)))


def _is_cjk(text: str) -> bool:
    return any("\u3040" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7af" for ch in text)


def snippet(raw: dict[str, Any], terms: tuple[str, ...], width: int = 160) -> str:
    """A piece of the record's summary (or other text) around the first matched word."""
    texts = [raw.get("summary") or ""]
    texts += [s["detail"] for s in raw.get("steps") or ()]
    texts += list(raw.get("requirements") or ()) + list(raw.get("safety") or ())
    for text in texts:
        low = fold(text)
        positions = [low.find(t) for t in terms if t and low.find(t) >= 0]
        if positions and len(low) == len(text):
            start = max(0, min(positions) - width // 3)
            return _cut(text, start, width)
    return _cut(texts[0], 0, width)


def _cut(text: str, start: int, width: int) -> str:
    text = " ".join(text.split())
    if start > 0:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < start + 20 else start
    piece = text[start:start + width]
    if start + width < len(text):
        piece = piece[: piece.rfind(" ")] if " " in piece else piece
        piece += " …"
    return ("… " if start > 0 else "") + piece
