"""Ranked, typo-tolerant search over the compiled index. Pure: returns hits, prints nothing.

A query is cut into units: theme phrases ("death penalty", "rehab camps", "пытки"), then single
words. Each word matches indexed words exactly, by stem, by prefix, or by edit distance
(rapidfuzz). A record's score is the sum of its best match per unit, weighted by the field it
matched in; records that match more units rank first, so several words narrow the result.
Exact ids, acronyms and document symbols ("gc36", "A/HRC/47/40") rank above everything.
"""

from __future__ import annotations

import bisect
import math
from typing import Any, NamedTuple

from unmech.index import (
    COUNTRY,
    ID,
    KEY,
    KEYWORD,
    STOPWORDS,
    SUMMARY,
    TEXT,
    TITLE,
    fold,
    key,
    stem,
    words,
)
from unmech.kb import Filters, KnowledgeBase
from unmech.models import Record

FIELD_NAMES = {KEY: "acronym or symbol", TITLE: "title", KEYWORD: "keywords", COUNTRY: "country",
               SUMMARY: "summary", ID: "id", TEXT: "text"}
EXACT_KEY_BONUS = 1000
#: How strongly matching more of the query's words counts against matching them in better fields.
COVERAGE_POWER = 2
#: Mechanisms and guides are what most queries are after; findings are many and specific.
TYPE_BOOST = {"mechanism": 1.05, "procedure": 1.05}
#: Each further finding of the same mechanism is worth this share of the one before it.
DIVERSITY = 0.85
MAX_QUERY_CHARS = 500


class Hit(NamedTuple):
    """One search result."""

    record: Record
    """The record found."""
    score: int
    """0-100, relative to the best hit."""
    matched: str
    """Where the query matched: title, summary, theme: torture, country, ..."""
    terms: tuple[str, ...]
    """The words that matched, for highlighting."""
    snippet: str
    """A short piece of the record's text around a match."""


class _Unit(NamedTuple):
    label: str
    # synonymous phrases with a quality factor; a phrase is, per word, indexed word -> quality
    alternatives: list[tuple[list[dict[str, float]], float]]
    themes: tuple[str, ...] = ()


def search(kb: KnowledgeBase, query: str, filters: Filters | None = None,
           limit: int | None = 10) -> list[Hit]:
    """Records matching the query and filters, best first. An empty query lists the filtered."""
    filters = filters or Filters()
    index = kb.compiled["index"]
    docs = index["docs"]
    query = "".join(ch for ch in query[:MAX_QUERY_CHARS] if ch.isprintable())
    units = _units(index, query)
    if not units and not key(query):
        listed = [Hit(r, 100, "", (), "") for r in kb.select(filters)]
        return listed[:limit] if limit else listed

    scores: dict[int, list[float]] = {}  # doc -> [weighted coverage, score]
    where: dict[int, str] = {}
    matched_terms: dict[int, set[str]] = {}
    total = len(docs)
    all_idf = 0.0
    for unit in units:
        best = _unit_matches(index, unit)
        if not best:
            all_idf += math.log(1 + total)  # a word found nowhere still counts as unmatched
            continue
        # rare words weigh more: "duterte" narrows more than "court"
        idf = math.log(1 + total / len(best))
        all_idf += idf
        for doc, (value, field, word) in best.items():
            value *= TYPE_BOOST.get(docs[doc][0], 1.0)
            entry = scores.setdefault(doc, [0.0, 0.0])
            entry[0] += idf
            entry[1] += idf * value
            if doc not in where or field in ("acronym or symbol", "title"):
                where.setdefault(doc, field)
            if word:
                matched_terms.setdefault(doc, set()).update(word.split())
    for table, bonus in (("keys", EXACT_KEY_BONUS), ("aliases", EXACT_KEY_BONUS // 2)):
        for doc in index[table].get(key(query), ()) if key(query) else ():
            entry = scores.setdefault(doc, [0.0, 0.0])
            entry[0] = max(entry[0], sum(math.log(1 + total) for _ in units) or 1.0)
            entry[1] += bonus
            where[doc] = "exact id, acronym or symbol"

    # the score counts where each word matched; the share of the query's (idf-weighted) words
    # that a record matches multiplies it, so records matching more of the query come first
    final = {doc: score * (covered / all_idf if all_idf else 1.0) ** COVERAGE_POWER
             for doc, (covered, score) in scores.items()}
    ranked = _diversify(sorted(final.items(), key=lambda item: (-item[1], item[0])), docs, kb)
    hits: list[Hit] = []
    top = ranked[0][1] if ranked and ranked[0][1] > 0 else 1.0
    for doc, score in ranked:
        kind, ident = docs[doc]
        record = kb.get(ident)
        if not kb.passes(record, filters):
            continue
        terms = tuple(sorted(matched_terms.get(doc, ())))
        hits.append(Hit(record, min(100, max(1, round(100 * score / top))), where.get(doc, ""), terms,
                        snippet(kb.raw_record(ident), terms)))
        if limit and len(hits) >= limit:
            break
    return hits


def _diversify(ranked: list[tuple[int, float]], docs: list[list[str]],
               kb: KnowledgeBase) -> list[tuple[int, float]]:
    """Let other bodies through: each further finding of the same mechanism counts a little less,
    so one prolific mechanism does not fill the first screen."""
    seen: dict[str, int] = {}
    out = []
    for doc, score in ranked:
        kind, ident = docs[doc]
        if kind == "finding":
            body = kb.raw_record(ident)["mechanism"]
            score *= DIVERSITY ** seen.get(body, 0)
            seen[body] = seen.get(body, 0) + 1
        out.append((doc, score))
    return sorted(out, key=lambda item: (-item[1], item[0]))


def _unit_matches(index: dict[str, Any], unit: _Unit) -> dict[int, tuple[float, str, str]]:
    """For each record the unit matches: its best value, the field, and the matched word(s).

    A unit has alternatives (synonymous phrases); a phrase's words add up, so a record with all
    of them beats one with some; the best alternative counts.
    """
    best: dict[int, tuple[float, str, str]] = {}
    for alternative, quality_factor in unit.alternatives:
        summed: dict[int, tuple[float, str, str]] = {}
        for group in alternative:
            per_doc: dict[int, tuple[float, str, str]] = {}
            for word, quality in group.items():
                flat = index["postings"].get(word, ())
                for i in range(0, len(flat), 2):
                    doc, weight = flat[i], flat[i + 1]
                    value = weight * quality * quality_factor / len(alternative)
                    if value > per_doc.get(doc, (0.0, "", ""))[0]:
                        per_doc[doc] = (value, FIELD_NAMES.get(weight, "text"), word)
            for doc, (value, field, word) in per_doc.items():
                old = summed.get(doc)
                summed[doc] = ((old[0] + value, old[1], old[2] + " " + word) if old
                               else (value, field, word))
        for doc, entry in summed.items():
            if entry[0] > best.get(doc, (0.0, "", ""))[0]:
                best[doc] = entry
    for theme in unit.themes:  # a tagged record scores about as if the word were in its summary
        flat = index["themes"][theme]["docs"]
        for i in range(0, len(flat), 2):
            doc, weight = flat[i], flat[i + 1]
            if weight > best.get(doc, (0.0, "", ""))[0]:
                best[doc] = (weight, f"theme: {theme}", best.get(doc, (0.0, "", ""))[2])
    return best


def _units(index: dict[str, Any], query: str) -> list[_Unit]:
    """The query cut into theme phrases and words, each with what it may match."""
    folded = " ".join(words(query))
    units: list[_Unit] = []
    padded = f" {folded} "
    for theme_id, theme in index["themes"].items():
        groups = [*theme["synonyms"], *([p] for p in theme["phrases"])]
        for group in groups:
            for phrase in sorted(group, key=len, reverse=True):
                if phrase and (f" {phrase} " in padded or (_is_cjk(phrase) and phrase in folded)):
                    padded = padded.replace(f" {phrase} ", " ", 1)
                    units.append(_Unit(phrase, [(_phrase(index, p), 1.0 if p == phrase else 0.9)
                                                for p in group], (theme_id,)))
    merged: dict[str, _Unit] = {}
    for unit in units:  # a phrase several themes share is one unit
        if unit.label in merged:
            old = merged[unit.label]
            merged[unit.label] = old._replace(
                themes=old.themes + tuple(t for t in unit.themes if t not in old.themes))
        else:
            merged[unit.label] = unit
    units = list(merged.values())
    for word in padded.split():
        if word in STOPWORDS and len(padded.split()) > 1:
            continue
        expansions = _expand(index, [word])
        misspelt = len(word) >= 5 and word not in index["postings"]
        themes = _fuzzy_themes(index, word) if misspelt else ()
        units.append(_Unit(word, [([expansions], 1.0)], themes))
    return units


def _phrase(index: dict[str, Any], phrase: str) -> list[dict[str, float]]:
    """A phrase's content words, each with what it may match."""
    content = [w for w in phrase.split() if w not in STOPWORDS] or phrase.split()
    return [_expand(index, [w]) for w in content]


def _expand(index: dict[str, Any], phrase_words: list[str]) -> dict[str, float]:
    """Indexed words that a query word (or each word of a phrase) may stand for."""
    postings = index["postings"]
    out: dict[str, float] = {}
    for word in phrase_words:
        if word in postings:
            out[word] = 1.0
        for other in index["stems"].get(stem(word), ()):
            out.setdefault(other, 0.9)
        if len(word) >= 4:
            vocab = _vocab(index)
            start = bisect.bisect_left(vocab, word)
            for other in vocab[start:start + 50]:
                if not other.startswith(word):
                    break
                out.setdefault(other, 0.85)
        if word not in postings and len(word) >= 4 and not word.isdigit():
            from rapidfuzz import fuzz, process

            cutoff = 80 if len(word) >= 6 else 75
            for other, score, _ in process.extract(word, _vocab(index), scorer=fuzz.ratio,
                                                   score_cutoff=cutoff, limit=4):
                out.setdefault(other, 0.8 * score / 100)
    return out


def _fuzzy_themes(index: dict[str, Any], word: str) -> tuple[str, ...]:
    """Themes with a one-word name or keyword close to a mistyped query word."""
    from rapidfuzz import fuzz

    out = []
    for theme_id, theme in index["themes"].items():
        if any(" " not in p and p != word and fuzz.ratio(word, p) >= 85 for p in theme["phrases"]):
            out.append(theme_id)
    return tuple(out)


_VOCAB_CACHE: dict[int, list[str]] = {}


def _vocab(index: dict[str, Any]) -> list[str]:
    """The indexed words, sorted (the compiled postings are stored in sorted order)."""
    cached = _VOCAB_CACHE.get(id(index))
    if cached is None:
        cached = _VOCAB_CACHE[id(index)] = sorted(index["postings"])
    return cached


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
