"""Builds the search index stored in the compiled knowledge base. Pure, run only when compiling.

The index maps folded words to the records and fields they occur in, so a search reads postings
instead of scanning every text. ``search`` reads what is built here.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

#: Field weights (×10, stored as integers). search.FIELD_NAMES maps them back to names.
KEY, TITLE, KEYWORD, COUNTRY, SUMMARY, ID, TEXT = 40, 30, 28, 25, 15, 14, 10

_WORD = re.compile(r"\w+")
_SUFFIXES = ("ational", "ations", "ation", "itions", "ition", "tions", "tion", "ments", "ment",
             "ings", "ing", "ies", "ied", "ers", "er", "es", "ed", "ly", "s")
STOPWORDS = frozenset(
    "a an and are as at be by for from how i in into is it its me my of on or our that the their "
    "this to was we what when where which who with do does can about under against under using "
    "de la le les des du et en el los las y por para un une una".split()
)


def fold(text: str) -> str:
    """Lowercase and strip accents and other combining marks, for matching."""
    if text.isascii():  # most of the data: nothing to decompose
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
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


def record_fields(kind: str, record: dict[str, Any]) -> list[tuple[int, str]]:
    """The searchable texts of a record with the weight of each."""
    # an id is matched exactly through the keys table; its words count a little, like a summary's
    out: list[tuple[int, str]] = [(ID, record["id"])]
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

    docs: list[list[str]] = []
    postings: dict[str, dict[int, int]] = {}
    keys: dict[str, list[int]] = {}  # a record's own id, acronym and symbol
    aliases: dict[str, list[int]] = {}  # symbols of its sources, code-like keywords
    codes = sorted({c for f in records["findings"] for c in f.get("countries") or ()})
    country_names = {code: country.display_name(code) for code in codes}
    country_names_all = {code: country.names(code) for code in codes}
    country_words = {code: [code, *names] for code, names in country_names_all.items()}
    theme_docs: dict[str, dict[int, int]] = {}

    for kind in ("mechanisms", "procedures", "findings"):
        for record in records[kind]:
            doc = len(docs)
            docs.append([kind[:-1], record["id"]])
            own = {record["id"], record.get("acronym"), record.get("symbol")}
            best: dict[str, int] = {}  # word -> the heaviest field it occurs in, for this record
            fields = record_fields(kind, record)
            fields += [(COUNTRY, name) for code in record.get("countries") or ()
                       for name in country_words.get(code, ())]
            for weight, text in fields:
                for word in words(text):
                    if best.get(word, 0) < weight:
                        best[word] = weight
                if text in own:
                    keys.setdefault(key(text), []).append(doc)
                elif weight in (KEY, KEYWORD) and _code_like(text):
                    aliases.setdefault(key(text), []).append(doc)
            for source in record.get("sources") or ():
                if source.get("symbol"):
                    aliases.setdefault(key(source["symbol"]), []).append(doc)
            for word, weight in best.items():
                postings.setdefault(word, {})[doc] = weight
            tagged = record.get("themes") or ()
            for rank, theme in enumerate(tagged):
                theme_docs.setdefault(theme, {})[doc] = _theme_weight(rank, len(tagged), kind)
    # procedures inherit the themes of the mechanisms they engage
    mech_themes = {m["id"]: m.get("themes") or () for m in records["mechanisms"]}
    procedures = {p["id"]: p for p in records["procedures"]}
    for doc, (kind, ident) in enumerate(docs):
        if kind == "procedure":
            for mech in procedures[ident]["mechanisms"]:
                inherited = mech_themes.get(mech, ())
                for rank, theme in enumerate(inherited):
                    slot = theme_docs.setdefault(theme, {})
                    slot[doc] = max(slot.get(doc, 0), _theme_weight(rank, len(inherited), "procedures") - 2)

    themes = {}
    for theme in records["themes"]:
        phrases = {" ".join(words(t)) for t in (theme["id"].replace("-", " "), theme["name"],
                                                 *(theme.get("keywords") or ()))}
        synonyms = [sorted({" ".join(words(t)) for t in group} - {""})
                    for group in theme.get("synonyms") or ()]
        themes[theme["id"]] = {"phrases": sorted(p for p in phrases if p), "synonyms": synonyms,
                               "docs": [x for d, w in sorted(theme_docs.get(theme["id"], {}).items())
                                        for x in (d, w)]}
    stems: dict[str, list[str]] = {}
    for word in postings:
        s = stem(word)
        if s != word or len(word) >= 4:
            stems.setdefault(s, []).append(word)
    return {
        "docs": docs,
        # flat [doc, weight, doc, weight, ...] lists load faster than nested ones
        "postings": {w: [x for d, wt in sorted(p.items()) for x in (d, wt)]
                     for w, p in sorted(postings.items())},
        "keys": {k: sorted(set(v)) for k, v in sorted(keys.items()) if k},
        "aliases": {k: sorted(set(v)) for k, v in sorted(aliases.items()) if k},
        "stems": {s: ws for s, ws in sorted(stems.items()) if len(ws) > 1 or s != ws[0]},
        "themes": themes,
        "countries": country_names,
        "country_names": country_names_all,
        "iso_codes": country.all_codes(),
    }
