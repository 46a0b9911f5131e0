"""Checks raw data against the knowledge-base format and lists every problem with its place.

Pure: takes what yamlread read, returns problems. The format is documented in docs/data-format.md.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from unmech import schema as _schema
from unmech.models import KINDS, MERGED_SOURCES, SOURCES, Problem
from unmech.schema import (
    DEATH_PENALTY_CATEGORIES,
    FACT_STATUSES,
    FINDING_KINDS,
    MECHANISM_TYPES,
    REGIONS,
    REVIEW_STATUSES,
    ROUTE_SCOPES,
    STANCES,
)

if TYPE_CHECKING:
    from unmech.hosts import HostTable
    from unmech.yamlread import RawFile

# matched with fullmatch: "$" would also accept a trailing line break
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_DATE = re.compile(r"\d{4}(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?")
_DAY = re.compile(r"\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])")
_URL = re.compile(r"https?://[^\s\x00-\x1f\x7f-\x9f]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
#: The shortest summary each kind may have, in characters (docs/data-format.md).
MIN_SUMMARY = {"findings": 80}

SCHEMA = _schema.SCHEMA
_SOURCE_FIELDS = _schema.table(_schema.ITEMS["source"])
_STEP_FIELDS = _schema.table(_schema.ITEMS["step"])
_SHARED_SOURCE_FIELDS = _schema.table(_schema.ITEMS["shared-source"])
_FACT_FIELDS = _schema.table(_schema.ITEMS["fact"])
_REVIEW_FIELDS = _schema.table(_schema.ITEMS["review"])
_DEATH_PENALTY_FIELDS = _schema.table(_schema.ITEMS["death-penalty"])


def check(files: list[RawFile], hosts: HostTable | None = None,
          shipped: int | None = None, trusted: int = 0) -> list[Problem]:
    """Every problem in the files, the first being the base and the rest overlays on it.

    Every address is checked against ``hosts`` (by default the shipped data/hosts.yaml). With
    ``shipped``, only the first that many files are the shipped data; the rest are a network's
    own files, where a host the table does not know is allowed (a network links its own site
    and partners), and only refused hosts and unmarked copies are problems.
    """
    problems: list[Problem] = []
    for raw in files[trusted:]:
        problems.extend(raw.problems)
        if not raw.problems:
            problems.extend(_check_shape(raw))
    if problems:
        return problems
    known = _known_ids(files)
    owners = _owners(files)
    for raw in files[trusted:]:
        problems.extend(_check_file(raw, known, owners))
    if hosts is None:
        from unmech import hosts as host_classes

        hosts = host_classes.shipped()
    problems.extend(hosts.problems)
    if not hosts.problems:
        for n, raw in enumerate(files):
            if n >= trusted:
                problems.extend(_check_hosts(raw, hosts, local=shipped is not None and n >= shipped))
    return problems


def counts(files: list[RawFile]) -> dict[str, int]:
    """How many records of each kind the files hold, as written (before any merging)."""
    total = dict.fromkeys(KINDS, 0)
    for raw in files:
        if isinstance(raw.data, dict):
            for kind in KINDS:
                records = raw.data.get(kind)
                if isinstance(records, list):
                    total[kind] += len(records)
    return total


def _check_shape(raw: RawFile) -> list[Problem]:
    data = raw.data
    if not isinstance(data, dict):
        what = type(data).__name__ if data is not None else "empty"
        return [Problem(raw.path, 1, "", f"the top level must be a mapping of lists "
                        f"(themes, mechanisms, procedures, findings), not {_describe(what)}")]
    problems = []
    for key, value in data.items():
        line = raw.lines.get((key,))
        if key in (SOURCES, MERGED_SOURCES):
            problems += _check_shared_sources(raw, key, value)
        elif key not in KINDS:
            problems.append(Problem(raw.path, line, key, "unknown top-level key; expected one of "
                                    + ", ".join(KINDS)))
        elif value is not None and not isinstance(value, list):
            problems.append(Problem(raw.path, line, key, "must be a list of records"))
        else:
            for i, record in enumerate(value or ()):
                if not isinstance(record, dict):
                    problems.append(Problem(raw.path, raw.lines.get((key, i)), f"{key}[{i}]",
                                            "each record must be a mapping of fields"))
                elif not isinstance(record.get("id"), str) or not record["id"]:
                    problems.append(Problem(raw.path, raw.lines.get((key, i)), f"{key}[{i}]",
                                            "the record has no id"))
    return problems


def _check_shared_sources(raw: RawFile, key: str, value: Any) -> list[Problem]:
    """The top-level ``sources`` mapping: each id names a source (title, url, as_of, ...)."""
    if not isinstance(value, dict):
        return [Problem(raw.path, raw.lines.get((key,)), key, "must be a mapping of source ids to sources")]
    problems = []
    for ident, source in value.items():
        where = raw.lines.get((key, ident)) or raw.lines.get((key,))
        if not isinstance(source, dict):
            problems.append(Problem(raw.path, where, f"{key}.{ident}", "expected a mapping (title, url)"))
            continue
        for field in source:
            if field not in _SHARED_SOURCE_FIELDS:
                problems.append(Problem(raw.path, where, f"{key}.{ident}.{field}", "unknown field"))
        for field, (required, type_) in _SHARED_SOURCE_FIELDS.items():
            if source.get(field) in (None, ""):
                if required:
                    problems.append(Problem(raw.path, where, f"{key}.{ident}.{field}", "is required"))
                continue
            message = _check_value(type_, source[field], {})
            if message:
                problems.append(Problem(raw.path, where, f"{key}.{ident}.{field}", message))
    return problems


def _describe(what: str) -> str:
    return {"list": "a list", "str": "a string", "empty": "an empty document"}.get(what, f"a {what}")


def _known_ids(files: list[RawFile]) -> dict[str, set[str]]:
    known: dict[str, set[str]] = {kind: set() for kind in KINDS}
    known[SOURCES] = set()
    for raw in files:
        for kind in KINDS:
            for record in raw.data.get(kind) or ():
                known[kind].add(record["id"])
        for key in (SOURCES, MERGED_SOURCES):
            known[SOURCES] |= set(raw.data.get(key) or ())
    return known


def _owners(files: list[RawFile]) -> dict[str, tuple[str, str, int | None]]:
    """The kind, file and line that first use each id: kind, file and line of its owner."""
    owners: dict[str, tuple[str, str, int | None]] = {}
    for raw in files:
        for kind in KINDS:
            for i, record in enumerate(raw.data.get(kind) or ()):
                owners.setdefault(record["id"], (kind, raw.path, raw.lines.get((kind, i))))
    return owners


def _check_file(raw: RawFile, known: dict[str, set[str]],
                owners: dict[str, tuple[str, str, int | None]]) -> list[Problem]:
    problems: list[Problem] = []
    for kind, schema in SCHEMA.items():
        seen: dict[str, int] = {}
        for i, record in enumerate(raw.data.get(kind) or ()):
            ident = record["id"]
            here = f"{kind}[{ident}]"

            def add(field: str | None, message: str, *, item: int | None = None, _i: int = i,
                    _here: str = here, _kind: str = kind) -> None:
                where = (_kind, _i, field) if field else (_kind, _i)
                line = (raw.lines.get((*where, item)) if item is not None else None) \
                    or raw.lines.get(where) or raw.lines.get((_kind, _i))
                problems.append(Problem(raw.path, line, f"{_here}.{field}" if field else _here,
                                        message))

            if ident in seen:
                add("id", f"duplicate id; it is also used by the record at line {seen[ident]}")
            seen.setdefault(ident, raw.lines.get((kind, i)) or 0)
            owner_kind, owner_file, owner_line = owners[ident]
            if owner_kind != kind:
                place = f"{owner_file}:{owner_line}" if owner_line else owner_file
                add("id", f"'{ident}' is already the id of a {KINDS[owner_kind]} ({place}); "
                    "ids must be unique across themes, mechanisms, procedures and findings")
            for field in record:
                if field not in schema:
                    close = _closest(field, schema)
                    add(field, "unknown field" + (f"; did you mean '{close}'?" if close else ""))
            for field, (required, type_) in schema.items():
                if field not in record or record[field] is None or record[field] == "":
                    if required:
                        add(field, "is required")
                    continue
                if type_ in _ITEMS:
                    for item, item_message in _check_items(record[field], type_, known):
                        add(field, item_message, item=item)
                    continue
                message = _check_value(type_, record[field], known)
                if message:
                    add(field, message)
            minimum = MIN_SUMMARY.get(kind, 0)
            summary = record.get("summary")
            length = len(" ".join(summary.split())) if isinstance(summary, str) else minimum
            if summary != "" and length < minimum:
                add("summary", f"is {length} characters; a {KINDS[kind]}'s summary needs at "
                    f"least {minimum}, in plain words (docs/data-format.md)")
    return problems


def _check_hosts(raw: RawFile, table: HostTable, local: bool = False) -> list[Problem]:
    """Every address on a host that data/hosts.yaml refuses, does not know, or classes otherwise
    than the data says (docs/data-format.md, "Host classes"); in a network's own file (``local``)
    only refused hosts and copies not marked as copies."""
    problems: list[Problem] = []
    for kind in KINDS:
        for i, record in enumerate(raw.data.get(kind) or ()):
            here = f"{kind}[{record['id']}]"
            url = record.get("url")
            if isinstance(url, str) and "url" in SCHEMA[kind]:
                message = (_local_problem(url, table, copy_marked=False) if local
                           else _record_url_problem(url, table))
                if message:
                    line = raw.lines.get((kind, i, "url")) or raw.lines.get((kind, i))
                    problems.append(Problem(raw.path, line, f"{here}.url", message))
            sources = record.get("sources")
            for n, source in enumerate(sources if isinstance(sources, list) else ()):
                if isinstance(source, dict) and isinstance(source.get("url"), str):
                    # route sources are printed as they are by triage: no copies there
                    message = _source_problem(source, table, copy_allowed=kind != "routes", local=local)
                    if message:
                        line = (raw.lines.get((kind, i, "sources", n)) or raw.lines.get((kind, i, "sources"))
                                or raw.lines.get((kind, i)))
                        problems.append(Problem(raw.path, line, f"{here}.sources",
                                                f"source {n + 1}: {message}"))
    for key in (SOURCES, MERGED_SOURCES):
        shared = raw.data.get(key)
        for ident, source in (shared.items() if isinstance(shared, dict) else ()):
            if isinstance(source, dict) and isinstance(source.get("url"), str):
                message = _source_problem(source, table, copy_allowed=False, local=local)
                if message:
                    line = raw.lines.get((key, ident)) or raw.lines.get((key,))
                    problems.append(Problem(raw.path, line, f"{key}.{ident}.url", message))
    return problems


def _local_problem(url: str, table: HostTable, copy_marked: bool) -> str | None:
    """In a network's own file only refused hosts, and copies not kept as marked sources, are
    problems: a host the table does not know is the network's own business."""
    from unmech.hosts import COPY, REFUSED, host_of

    entry = table.classify(url)
    if entry is None:
        return None
    if entry.cls == REFUSED:
        return f"{host_of(url)} is refused ({entry.note}); link the official document"
    if entry.cls == COPY and not copy_marked:
        return (f"{host_of(url)} is an unofficial copy ({entry.note}); keep it only in sources, "
                "marked copy: true")
    return None


def _host_problem(url: str, table: HostTable) -> tuple[str, Any]:
    """The host of an address and its entry, or a problem when it is refused or unknown."""
    from unmech.hosts import REFUSED, host_of

    host = host_of(url) or url
    entry = table.classify(url)
    if entry is None:
        return host, (f"{host} is not in data/hosts.yaml; add it there as official, secondary, copy "
                      "or refused, saying what the site is (docs/data-format.md)")
    if entry.cls == REFUSED:
        return host, (f"{host} is refused ({entry.note}); link the official document instead, such as "
                      "https://undocs.org/SYMBOL, or drop the source")
    return host, entry


def _record_url_problem(url: str, table: HostTable) -> str | None:
    host, entry = _host_problem(url, table)
    if isinstance(entry, str):
        return entry
    if entry.cls != "official":
        return (f"{host} is {_CLASS_WORDS[entry.cls]} ({entry.note}); a record's url must be on the "
                "official host of the body that issued it, such as https://undocs.org/SYMBOL; keep "
                f"this address in sources, marked {entry.cls}: true")
    if entry.own:
        return (f"{host} is official only for its owner's own statements ({entry.note}); a record's url "
                "must be on the host of the body that issued it")
    return None


def _source_problem(source: dict[str, Any], table: HostTable, copy_allowed: bool = True,
                    local: bool = False) -> str | None:
    if local:
        return _local_problem(source["url"], table, copy_marked=copy_allowed and source.get("copy") is True)
    host, entry = _host_problem(source["url"], table)
    if isinstance(entry, str):
        return entry
    marked = [flag for flag in ("secondary", "copy") if source.get(flag) is True]
    if len(marked) > 1:
        return "marked both secondary and copy; a source is one or the other"
    if marked and marked[0] == "copy" and not copy_allowed:
        return "cannot be a copy here: country facts and routes print their sources as they are"
    said = marked[0] if marked else "official"
    if said == entry.cls or said in entry.also:
        return None
    if entry.cls == "official":
        return (f"is marked {said}, but {host} is official ({entry.note}); remove '{said}: true', or "
                f"add {said} to the host's also list in data/hosts.yaml if the site carries both kinds")
    if entry.cls == "copy" and not copy_allowed:
        return (f"{host} is an unofficial copy ({entry.note}); link the official document: copies are "
                "never printed")
    what = "an unofficial copy" if entry.cls == "copy" else "secondary"
    why = "; copies are never printed" if entry.cls == "copy" else ""
    return f"{host} is {what} ({entry.note}); mark the source {entry.cls}: true{why}"


_CLASS_WORDS = {"secondary": "a secondary source", "copy": "an unofficial copy"}


def _closest(name: str, schema: dict[str, Any]) -> str | None:
    from unmech.kb import suggest

    match = suggest(name, list(schema), limit=1)
    return match[0] if match else None


def _check_value(type_: str, value: Any, known: dict[str, set[str]]) -> str | None:
    if type_ == "str":
        return None if isinstance(value, str) else f"expected text, got {_typename(value)}"
    if type_ == "int":
        ok = isinstance(value, int) and not isinstance(value, bool)
        return None if ok else f"expected a whole number, got {_typename(value)}"
    if type_ == "bool":
        return None if isinstance(value, bool) else "expected true or false"
    if type_ in ("id", "url", "day", "date") and isinstance(value, str) and _CONTROL.search(value):
        return "contains a control character (such as a line break or tab); remove it"
    if type_ == "id":
        if not isinstance(value, str) or not _ID.fullmatch(value):
            return "expected a kebab-case id (lowercase letters, digits and single hyphens)"
        return None
    if type_ == "url":
        if not isinstance(value, str) or not _URL.fullmatch(value):
            return "expected an http:// or https:// address"
        return None
    if type_ == "day":
        if not isinstance(value, str) or not _DAY.fullmatch(value):
            return "expected a date as YYYY-MM-DD"
        return None
    if type_ == "date":
        if not isinstance(value, str | int) or not _DATE.fullmatch(str(value)):
            return "expected YYYY, YYYY-MM or YYYY-MM-DD"
        return None
    if type_ == "mechanism-type":
        return _one_of(value, MECHANISM_TYPES)
    if type_ == "finding-kind":
        return _one_of(value, FINDING_KINDS)
    if type_ == "stance":
        return _one_of(value, STANCES)
    if type_.endswith("-ref") or type_.endswith("-refs"):
        target = {"theme": "themes", "mechanism": "mechanisms", "procedure": "procedures"}[
            type_.split("-")[0]
        ]
        values = [value] if type_.endswith("-ref") else value
        if type_.endswith("-refs") and not _is_strs(value):
            return "expected a list of ids"
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            return "expected an id"
        pool = known[target]
        unknown = [v for v in values if v not in pool]
        if unknown:
            return f"unknown {target[:-1]} id{'s' if len(unknown) > 1 else ''}: " + ", ".join(unknown)
        return None
    if type_ == "strs":
        return None if _is_strs(value) else "expected a list of text items"
    if type_ == "groups":
        ok = isinstance(value, list) and all(_is_strs(g) and len(g) > 1 for g in value)
        return None if ok else "expected a list of groups, each a list of two or more terms"
    if type_ == "country-code":
        from unmech.country import is_code

        ok = isinstance(value, str) and value.isupper() and is_code(value)
        return None if ok else "expected an ISO 3166-1 alpha-3 code in capitals, e.g. PHL"
    if type_ == "region":
        return _one_of(value, REGIONS)
    if type_ == "scope":
        return _one_of(value, ROUTE_SCOPES)
    if type_ == "fact-status":
        return _one_of(value, FACT_STATUSES)
    if type_ == "review-status":
        return _one_of(value, REVIEW_STATUSES)
    if type_ == "dp-category":
        return _one_of(value, DEATH_PENALTY_CATEGORIES)
    if type_ == "count":
        ok = value == "unknown" or (isinstance(value, int) and not isinstance(value, bool) and value >= 0)
        return None if ok else "expected a whole number or unknown"
    if type_ == "source-id":
        if not isinstance(value, str):
            return "expected the id of a source in the file's sources mapping"
        return None if value in known.get(SOURCES, ()) else f"unknown source id: {value}"
    if type_ in ("treaty-facts", "regional-facts"):
        from unmech.countries import REGIONAL_FACTS, TREATY_FACTS

        allowed = TREATY_FACTS if type_ == "treaty-facts" else REGIONAL_FACTS
        if not isinstance(value, dict):
            return "expected a mapping of fact keys to {status, source}"
        messages = [f"unknown fact '{k}'" for k in value if k not in allowed]
        for k, fact in value.items():
            messages += [f"{k}: {m}" for m in _check_mapping(fact, _FACT_FIELDS, known)]
        return "; ".join(messages) or None
    if type_ == "fact":
        return "; ".join(_check_mapping(value, _FACT_FIELDS, known)) or None
    if type_ == "death-penalty":
        return "; ".join(_check_mapping(value, _DEATH_PENALTY_FIELDS, known)) or None
    if type_ == "upr":
        if not isinstance(value, dict):
            return "expected a mapping with reviews and next"
        messages = [f"unknown field '{k}'" for k in value if k not in ("reviews", "next", "note", "source")]
        if value.get("source") is not None:
            messages += [m for m in [_check_value("source-id", value["source"], known)] if m]
        for n, review in enumerate(value.get("reviews") or ()):
            messages += [f"review {n + 1}: {m}" for m in _check_mapping(review, _REVIEW_FIELDS, known)]
        if value.get("next") is not None:
            messages += [f"next: {m}" for m in _check_mapping(value["next"], _REVIEW_FIELDS, known)]
        return "; ".join(messages) or None
    if type_ == "fact-keys":
        from unmech.countries import FACT_LABELS

        if not _is_strs(value):
            return "expected a list of country fact keys"
        bad = [v for v in value if v not in FACT_LABELS]
        return f"unknown country fact keys: {', '.join(bad)}" if bad else None
    if type_ == "countries":
        if not _is_strs(value):
            return "expected a list of ISO 3166-1 alpha-3 codes"
        from unmech.country import is_code

        bad = [v for v in value if not is_code(v)]
        return f"not ISO 3166-1 alpha-3 codes: {', '.join(bad)}" if bad else None
    raise AssertionError(f"unknown field type {type_}")


# list fields whose items are mappings: their fields, what one item is called, and the problem
# when the list itself is missing or of the wrong type
_ITEMS = {"sources": (_SOURCE_FIELDS, "source", "expected a list of at least one source (title, url)"),
          "steps": (_STEP_FIELDS, "step", "expected a list of steps (title, detail)")}


def _check_items(items: Any, type_: str, known: dict[str, set[str]]) -> list[tuple[int | None, str]]:
    """Every problem in every item of a list of mappings, with the item's index."""
    fields, what, expected = _ITEMS[type_]
    if not isinstance(items, list) or not items:
        return [(None, expected)]
    found: list[tuple[int | None, str]] = []
    for n, item in enumerate(items):
        label = f"{what} {n + 1}"
        if not isinstance(item, dict):
            found.append((n, f"{label}: expected a mapping"))
            continue
        found += [(n, f"{label}: unknown field '{key}'") for key in item if key not in fields]
        for key, (required, field_type) in fields.items():
            if item.get(key) in (None, ""):
                if required:
                    found.append((n, f"{label}: '{key}' is required"))
                continue
            message = _check_value(field_type, item[key], known)
            if message:
                found.append((n, f"{label}: '{key}' {message}"))
    return found


def _check_mapping(value: Any, fields: dict[str, tuple[bool, str]], known: dict[str, set[str]]) -> list[str]:
    """Problems with one nested mapping (a country fact, a review): unknown, missing or bad fields."""
    if not isinstance(value, dict):
        return ["expected a mapping"]
    found = [f"unknown field '{k}'" for k in value if k not in fields]
    for key, (required, field_type) in fields.items():
        if value.get(key) in (None, ""):
            if required:
                found.append(f"'{key}' is required")
            continue
        message = _check_value(field_type, value[key], known)
        if message:
            found.append(f"'{key}' {message}")
    return found


def _one_of(value: Any, allowed: tuple[str, ...]) -> str | None:
    return None if value in allowed else "expected one of " + ", ".join(allowed)


def _is_strs(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _typename(value: Any) -> str:
    return {"int": "a number", "float": "a number", "bool": "true/false", "list": "a list",
            "dict": "a mapping", "NoneType": "nothing"}.get(type(value).__name__, "a value")
