"""Reads YAML data files safely into plain data: the only module that imports yaml.

Tags other than the standard scalar, list and mapping tags are refused, never constructed; alias
expansion and file size are bounded; every problem is collected with its line, never raised.
"""

from __future__ import annotations

import os
from typing import Any

from unmech.models import Problem

#: A data file (or an overlay folder, all its files together) larger than this is refused
#: (the shipped one is well under 1 MiB).
MAX_FILE_BYTES = 64 * 1024 * 1024
#: How many values one file may expand to, counting every alias use ("billion laughs").
MAX_NODES = 2_000_000

_STANDARD_TAGS = {
    "tag:yaml.org,2002:str": "str",
    "tag:yaml.org,2002:int": "int",
    "tag:yaml.org,2002:float": "float",
    "tag:yaml.org,2002:bool": "bool",
    "tag:yaml.org,2002:null": "null",
    "tag:yaml.org,2002:timestamp": "str",  # dates stay ISO strings
    "tag:yaml.org,2002:seq": "seq",
    "tag:yaml.org,2002:map": "map",
}


class RawFile:
    """One data file as read: plain data, the line of each value, and reading problems."""

    def __init__(self, path: str) -> None:
        self.path = path
        """The path as the user gave it."""
        self.data: Any = None
        """Plain dicts, lists and scalars; None when the file could not be read."""
        self.lines: dict[tuple[Any, ...], int] = {}
        """Line numbers keyed by the path to a value: ``("findings", 3, "date")``."""
        self.problems: list[Problem] = []
        """What went wrong while reading or parsing."""
        self.size = 0
        """How many values it holds, counting every use of an alias."""


def read_file(path: str) -> RawFile:
    """Read and parse one YAML file safely, collecting problems instead of raising."""
    raw = RawFile(path)
    try:
        size = os.path.getsize(path)
        if size > MAX_FILE_BYTES:
            raw.problems.append(
                Problem(path, None, "", f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}")
            )
            return raw
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        raw.problems.append(Problem(path, None, "", f"cannot be read ({exc.strerror or exc})"))
        return raw
    return parse(data, path)


def parse(data: bytes, path: str) -> RawFile:
    """Parse YAML bytes into plain data without constructing any tagged object."""
    import yaml

    raw = RawFile(path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line: int | None = data[: exc.start].count(b"\n") + 1
        raw.problems.append(Problem(path, line, "", "is not UTF-8 text; save it as UTF-8"))
        return raw
    if text.startswith("\ufeff"):
        text = text[1:]
    loader_class = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        node = yaml.compose(text, Loader=loader_class)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        message = " ".join(str(p) for p in (exc.context, exc.problem) if p) or "malformed YAML"
        raw.problems.append(Problem(path, line, "", f"malformed YAML: {message}", column))
        return raw
    except yaml.YAMLError as exc:
        raw.problems.append(Problem(path, None, "", f"malformed YAML: {exc}"))
        return raw
    except RecursionError:
        raw.problems.append(Problem(path, None, "", "nested too deeply"))
        return raw
    if node is None:
        raw.problems.append(Problem(path, None, "", "the file is empty; expected the lists "
                                    "themes, mechanisms, procedures or findings"))
        return raw
    converter = _Converter(raw)
    try:
        raw.data = converter.convert(node, ())
        raw.size = converter.count
        if raw.data is None and not raw.problems:
            raw.problems.append(Problem(path, 1, "", "the document is empty (null); expected the "
                                        "lists themes, mechanisms, procedures or findings"))
    except _TooLarge:
        raw.data = None
        raw.problems.append(
            Problem(
                path,
                None,
                "",
                f"expands to more than {MAX_NODES:,} values (too many aliases); "
                "it is refused to protect your memory",
            )
        )
    except RecursionError:
        raw.data = None
        raw.problems.append(Problem(path, None, "", "nested too deeply"))
    return raw


class _TooLarge(Exception):
    pass


class _Converter:
    """Turns a composed YAML node graph into plain data, recording lines and refusing tags."""

    def __init__(self, raw: RawFile) -> None:
        self.raw = raw
        self.count = 0

    def convert(self, node: Any, where: tuple[Any, ...]) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooLarge
        if len(where) <= 4:
            self.raw.lines.setdefault(where, node.start_mark.line + 1)
        kind = _STANDARD_TAGS.get(node.tag)
        if kind is None:
            self.raw.problems.append(
                Problem(
                    self.raw.path,
                    node.start_mark.line + 1,
                    _dotted(where),
                    f"the tag {node.tag!r} is not allowed; only plain YAML values are read",
                    node.start_mark.column + 1,
                )
            )
            return None
        if kind == "map":
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                key = self.convert(key_node, where + ("<key>",))
                if not isinstance(key, str):
                    key = str(key)
                if key in out:
                    self.raw.problems.append(
                        Problem(
                            self.raw.path,
                            key_node.start_mark.line + 1,
                            _dotted(where + (key,)),
                            "this key appears twice in the same mapping",
                        )
                    )
                out[key] = self.convert(value_node, where + (key,))
            return out
        if kind == "seq":
            return [self.convert(item, where + (i,)) for i, item in enumerate(node.value)]
        return _scalar(kind, node.value)


def _scalar(kind: str, text: str) -> Any:
    if kind == "str":
        return text
    if kind == "null":
        return None
    if kind == "bool":
        return text.lower() in ("true", "yes", "on")
    if kind == "int":
        try:
            return int(text.replace("_", ""), 0)
        except ValueError:
            return text
    try:
        return float(text.replace("_", ""))
    except ValueError:
        return text


def _dotted(where: tuple[Any, ...]) -> str:
    out = ""
    for part in where:
        if part == "<key>":
            continue
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
