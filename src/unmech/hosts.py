"""Host classes: whether an address is official, reputable secondary, an unofficial copy or refused.

The classes live in ``data/hosts.yaml`` (docs/data-format.md, "Host classes"). Only validation
reads them: the data must mark each source with its class (``secondary: true``, ``copy: true``),
so the commands that print sources never need the table.
"""

from __future__ import annotations

import fnmatch
import os
import re
from functools import cache
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from unmech.models import Problem

#: The host classes, from most to least citable.
OFFICIAL, SECONDARY, COPY, REFUSED = CLASSES = ("official", "secondary", "copy", "refused")
_ENTRY_FIELDS = ("host", "pattern", "note", "also", "own")
_HOST = re.compile(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*")


class Host(NamedTuple):
    """One entry of the host table: a host name or a pattern, and its class."""

    name: str
    """The host (covering its subdomains) or, for a pattern, the glob."""
    cls: str
    """official, secondary, copy or refused."""
    note: str
    """What the site is: the reason for its class."""
    also: tuple[str, ...] = ()
    """Other classes a source on this host may take (a host that carries both kinds)."""
    own: bool = False
    """Official only for the owner's own statements: never a record's url."""
    pattern: bool = False
    """True when ``name`` is a glob matched against the whole host name."""


class HostTable(NamedTuple):
    """Every host entry, and the problems found reading them."""

    entries: tuple[Host, ...]
    """The entries in file order."""
    problems: tuple[Problem, ...] = ()
    """What is wrong with the hosts file itself."""

    def classify(self, url: str) -> Host | None:
        """The entry that classes this address, or None when its host is not in the table."""
        host = host_of(url)
        if not host:
            return None
        # a data file names a few hundred hosts thousands of times: class each host once
        known = _CLASSED.setdefault(id(self.entries), (self.entries, {}))[1]
        if host not in known:
            known[host] = self._classify_host(host)
        return known[host]

    def _classify_host(self, host: str) -> Host | None:
        for entry in self.entries:
            if entry.pattern and entry.cls == REFUSED and fnmatch.fnmatchcase(host, entry.name):
                return entry
        best: Host | None = None
        for entry in self.entries:
            if not entry.pattern and (host == entry.name or host.endswith("." + entry.name)) \
                    and (best is None or len(entry.name) > len(best.name)):
                best = entry
        if best is not None:
            return best
        for entry in self.entries:
            if entry.pattern and fnmatch.fnmatchcase(host, entry.name):
                return entry
        return None

    def counts(self) -> dict[str, int]:
        """How many entries each class has."""
        total = dict.fromkeys(CLASSES, 0)
        for entry in self.entries:
            total[entry.cls] += 1
        return total


#: Hosts already classed, per table: keyed by the identity of its entries, which the value also
#: holds, so that the identity cannot be reused by another table while the cache lives.
_CLASSED: dict[int, tuple[tuple[Host, ...], dict[str, Host | None]]] = {}


def host_of(url: str) -> str:
    """The lower-case host name of an address, without port or trailing dot ("" if none)."""
    try:
        return (urlsplit(url).hostname or "").rstrip(".")
    except ValueError:
        return ""


def shipped_path() -> str:
    """Where the shipped hosts file is: beside the shipped knowledge base."""
    from unmech.loader import shipped_yaml_path

    return os.path.join(os.path.dirname(shipped_yaml_path()), "hosts.yaml")


@cache
def shipped() -> HostTable:
    """The shipped host table (read once per process)."""
    return read(shipped_path())


def read(path: str) -> HostTable:
    """Read and check a hosts file; problems are collected, never raised."""
    from unmech.yamlread import read_file

    raw = read_file(path)
    if raw.problems:
        return HostTable((), tuple(raw.problems))
    return parse(raw.data, path, raw.lines)


def parse(data: Any, path: str, lines: dict[tuple[Any, ...], int] | None = None) -> HostTable:
    """The host table from plain data: a mapping of each class to a list of entries."""
    lines = lines or {}
    problems: list[Problem] = []
    entries: list[Host] = []
    if not isinstance(data, dict):
        return HostTable((), (Problem(path, 1, "", "expected a mapping of host classes: "
                                      + ", ".join(CLASSES)),))
    seen: dict[str, str] = {}
    for cls, items in data.items():
        if cls not in CLASSES:
            problems.append(Problem(path, lines.get((cls,)), str(cls),
                                    "unknown host class; expected one of " + ", ".join(CLASSES)))
            continue
        if not isinstance(items, list):
            problems.append(Problem(path, lines.get((cls,)), cls, "expected a list of hosts"))
            continue
        for i, item in enumerate(items):
            where = f"{cls}[{i}]"
            line = lines.get((cls, i))

            def add(message: str, _where: str = where, _line: int | None = line) -> None:
                problems.append(Problem(path, _line, _where, message))

            if not isinstance(item, dict):
                add("expected a mapping with host (or pattern) and note")
                continue
            for key in item:
                if key not in _ENTRY_FIELDS:
                    add(f"unknown field '{key}'")
            name, is_pattern = item.get("host"), False
            if name is None and item.get("pattern") is not None:
                name, is_pattern = item["pattern"], True
            if not isinstance(name, str) or not name or ("host" in item and "pattern" in item):
                add("give either host or pattern")
                continue
            if not is_pattern and not _HOST.fullmatch(name):
                add(f"'{name}' is not a lower-case host name (no scheme, path or port)")
            if not isinstance(item.get("note"), str) or not item["note"].strip():
                add("note is required: say what the site is")
            also = item.get("also") or []
            if not isinstance(also, list) or any(a not in CLASSES or a in (cls, REFUSED) for a in also):
                add("also must list other classes a source may take: official, secondary or copy")
                also = []
            own = item.get("own", False)
            if not isinstance(own, bool) or (own and cls != OFFICIAL):
                add("own (true or false) applies only to official hosts")
                own = False
            key = ("pattern " if is_pattern else "") + name
            if key in seen:
                add(f"{name} is listed twice (also under {seen[key]})")
                continue
            seen[key] = where
            entries.append(Host(name, cls, str(item.get("note") or ""), tuple(also), own, is_pattern))
    return HostTable(tuple(entries), tuple(problems))
