"""Checks raw data against the knowledge-base format and lists every problem with its place.

Pure: takes what yamlread read, returns problems. The format is documented in docs/data-format.md.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from unmech.models import KINDS, Problem
from unmech.overlay import merge as merge  # kept importable here for existing callers

if TYPE_CHECKING:
    from unmech.yamlread import RawFile

THEME_IDS = (
    "arbitrary-detention",
    "death-penalty",
    "extrajudicial-killings",
    "torture",
    "privacy",
    "discrimination",
    "gender-based-violence",
    "access-to-justice",
    "racial-discrimination",
    "health",
)
MECHANISM_TYPES = (
    "charter-body",
    "special-procedure",
    "treaty-body",
    "upr",
    "complaint-procedure",
    "regional",
    "court",
    "drug-control",
    "un-agency",
)
FINDING_KINDS = (
    "general-comment",
    "thematic-report",
    "concluding-observations",
    "opinion",
    "communication",
    "resolution",
    "upr-recommendation",
    "joint-statement",
    "judgment",
    "decision",
    "study",
    "guidelines",
)
STANCES = ("protective", "mixed", "adverse")

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_DATE = re.compile(r"^\d{4}(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?$")
_DAY = re.compile(r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")
_URL = re.compile(r"^https?://[^\s]+$")

# field: (required, type) where type is "str", "strs" (list of str), "int", "bool", or a special
_COMMON = {"keywords": (False, "strs"), "sources": (True, "sources"), "unconfirmed": (False, "strs")}
SCHEMA: dict[str, dict[str, tuple[bool, str]]] = {
    "themes": {
        "id": (True, "id"),
        "name": (True, "str"),
        "description": (True, "str"),
        "keywords": (False, "strs"),
        "synonyms": (False, "groups"),
    },
    "mechanisms": {
        "id": (True, "id"),
        "name": (True, "str"),
        "acronym": (False, "str"),
        "type": (True, "mechanism-type"),
        "parent": (False, "mechanism-ref"),
        "summary": (True, "str"),
        "legal_basis": (False, "str"),
        "individual_complaints": (False, "str"),
        "themes": (True, "theme-refs"),
        "procedures": (False, "procedure-refs"),
        "url": (True, "url"),
        **_COMMON,
        "last_reviewed": (True, "day"),
    },
    "procedures": {
        "id": (True, "id"),
        "title": (True, "str"),
        "mechanisms": (True, "mechanism-refs"),
        "summary": (True, "str"),
        "who_can_use": (True, "str"),
        "who_cannot_use": (False, "str"),
        "requirements": (True, "strs"),
        "anchor": (False, "str"),
        "steps": (True, "steps"),
        "checklist": (True, "strs"),
        "deadlines": (True, "strs"),
        "safety": (True, "strs"),
        **_COMMON,
        "last_reviewed": (True, "day"),
    },
    "findings": {
        "id": (True, "id"),
        "mechanism": (True, "mechanism-ref"),
        "kind": (True, "finding-kind"),
        "symbol": (False, "str"),
        "title": (True, "str"),
        "date": (True, "date"),
        "paragraphs": (False, "str"),
        "countries": (False, "countries"),
        "themes": (True, "theme-refs"),
        "stance": (False, "stance"),
        "summary": (True, "str"),
        "quote": (False, "str"),
        "url": (True, "url"),
        **_COMMON,
        "last_reviewed": (True, "day"),
    },
}
_SOURCE_FIELDS = {"title": (True, "str"), "url": (True, "url"), "symbol": (False, "str"),
                  "secondary": (False, "bool")}
_STEP_FIELDS = {"title": (True, "str"), "detail": (True, "str"), "timing": (False, "str"),
                "offset_days": (False, "int")}


def check(files: list[RawFile]) -> list[Problem]:
    """Every problem in the files, the first being the base and the rest overlays on it."""
    problems: list[Problem] = []
    for raw in files:
        problems.extend(raw.problems)
        if not raw.problems:
            problems.extend(_check_shape(raw))
    if problems:
        return problems
    known = _known_ids(files)
    for raw in files:
        problems.extend(_check_file(raw, known))
    return problems


def _check_shape(raw: RawFile) -> list[Problem]:
    data = raw.data
    if not isinstance(data, dict):
        what = type(data).__name__ if data is not None else "empty"
        return [Problem(raw.path, 1, "", f"the top level must be a mapping of lists "
                        f"(themes, mechanisms, procedures, findings), not {_describe(what)}")]
    problems = []
    for key, value in data.items():
        line = raw.lines.get((key,))
        if key not in KINDS:
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


def _describe(what: str) -> str:
    return {"list": "a list", "str": "a string", "empty": "an empty document"}.get(what, f"a {what}")


def _known_ids(files: list[RawFile]) -> dict[str, set[str]]:
    known: dict[str, set[str]] = {kind: set() for kind in KINDS}
    for raw in files:
        for kind in KINDS:
            for record in raw.data.get(kind) or ():
                known[kind].add(record["id"])
    return known


def _check_file(raw: RawFile, known: dict[str, set[str]]) -> list[Problem]:
    problems: list[Problem] = []
    for kind, schema in SCHEMA.items():
        seen: dict[str, int] = {}
        for i, record in enumerate(raw.data.get(kind) or ()):
            ident = record["id"]
            here = f"{kind}[{ident}]"

            def add(field: str | None, message: str, *, _i: int = i, _here: str = here,
                    _kind: str = kind) -> None:
                where = (_kind, _i, field) if field else (_kind, _i)
                line = raw.lines.get(where) or raw.lines.get((_kind, _i))
                problems.append(Problem(raw.path, line, f"{_here}.{field}" if field else _here,
                                        message))

            if ident in seen:
                add("id", f"duplicate id; it is also used by the record at line {seen[ident]}")
            seen.setdefault(ident, raw.lines.get((kind, i)) or 0)
            for field in record:
                if field not in schema:
                    close = _closest(field, schema)
                    add(field, "unknown field" + (f"; did you mean '{close}'?" if close else ""))
            for field, (required, type_) in schema.items():
                if field not in record or record[field] is None or record[field] == "":
                    if required:
                        add(field, "is required")
                    continue
                message = _check_value(type_, record[field], known)
                if message:
                    add(field, message)
    return problems


def _closest(name: str, schema: dict[str, Any]) -> str | None:
    import difflib

    match = difflib.get_close_matches(name, list(schema), n=1, cutoff=0.75)
    return match[0] if match else None


def _check_value(type_: str, value: Any, known: dict[str, set[str]]) -> str | None:
    if type_ == "str":
        return None if isinstance(value, str) else f"expected text, got {_typename(value)}"
    if type_ == "int":
        ok = isinstance(value, int) and not isinstance(value, bool)
        return None if ok else f"expected a whole number, got {_typename(value)}"
    if type_ == "bool":
        return None if isinstance(value, bool) else "expected true or false"
    if type_ == "id":
        if not isinstance(value, str) or not _ID.match(value):
            return "expected a kebab-case id (lowercase letters, digits and single hyphens)"
        return None
    if type_ == "url":
        if not isinstance(value, str) or not _URL.match(value):
            return "expected an http:// or https:// address"
        return None
    if type_ == "day":
        if not isinstance(value, str) or not _DAY.match(value):
            return "expected a date as YYYY-MM-DD"
        return None
    if type_ == "date":
        if not isinstance(value, str | int) or not _DATE.match(str(value)):
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
        pool = known[target] | (set(THEME_IDS) if target == "themes" else set())
        unknown = [v for v in values if v not in pool]
        if unknown:
            return f"unknown {target[:-1]} id{'s' if len(unknown) > 1 else ''}: " + ", ".join(unknown)
        return None
    if type_ == "strs":
        return None if _is_strs(value) else "expected a list of text items"
    if type_ == "groups":
        ok = isinstance(value, list) and all(_is_strs(g) and len(g) > 1 for g in value)
        return None if ok else "expected a list of groups, each a list of two or more terms"
    if type_ == "countries":
        if not _is_strs(value):
            return "expected a list of ISO 3166-1 alpha-3 codes"
        from unmech.country import is_code

        bad = [v for v in value if not is_code(v)]
        return f"not ISO 3166-1 alpha-3 codes: {', '.join(bad)}" if bad else None
    if type_ == "sources":
        if not isinstance(value, list) or not value:
            return "expected a list of at least one source (title, url)"
        return _check_items(value, _SOURCE_FIELDS, known, "source")
    if type_ == "steps":
        if not isinstance(value, list) or not value:
            return "expected a list of steps (title, detail)"
        return _check_items(value, _STEP_FIELDS, known, "step")
    raise AssertionError(f"unknown field type {type_}")


def _check_items(items: list[Any], fields: dict[str, tuple[bool, str]],
                 known: dict[str, set[str]], what: str) -> str | None:
    for n, item in enumerate(items, 1):
        if not isinstance(item, dict):
            return f"{what} {n}: expected a mapping"
        for key in item:
            if key not in fields:
                return f"{what} {n}: unknown field '{key}'"
        for key, (required, type_) in fields.items():
            if item.get(key) in (None, ""):
                if required:
                    return f"{what} {n}: '{key}' is required"
                continue
            message = _check_value(type_, item[key], known)
            if message:
                return f"{what} {n}: '{key}' {message}"
    return None


def _one_of(value: Any, allowed: tuple[str, ...]) -> str | None:
    return None if value in allowed else "expected one of " + ", ".join(allowed)


def _is_strs(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _typename(value: Any) -> str:
    return {"int": "a number", "float": "a number", "bool": "true/false", "list": "a list",
            "dict": "a mapping", "NoneType": "nothing"}.get(type(value).__name__, "a value")
