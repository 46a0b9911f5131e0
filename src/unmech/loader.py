"""Finds, reads and caches the knowledge base: the only module that reads data files or YAML.

The YAML is the source of truth. Parsing it on every run would cost more than everything else
unmech does, so the validated, indexed form ("compiled knowledge base") is kept:

* for the shipped data, in ``mechanisms.compiled.json`` beside the YAML, used only while the
  YAML's checksum and size match the ones it records (see docs/adr/0002-compiled-knowledge-base.md);
* for anything else (an overlay from ``--data`` / ``UNMECH_DATA``, or an edited checkout), in a
  per-user cache keyed on the files' paths, sizes and modification times. ``UNMECH_NO_CACHE=1``
  or ``--no-cache`` turns it off; every cache failure is treated as a miss.
"""

from __future__ import annotations

import json
import marshal
import os
import sys
import zlib
from typing import Any

from unmech import __version__
from unmech.errors import DataError
from unmech.models import Problem
from unmech.output import write_atomic

#: Bump when the compiled form changes shape.
COMPILED_FORMAT = 4
#: A data file larger than this is refused (the shipped one is well under 1 MiB).
MAX_FILE_BYTES = 32 * 1024 * 1024
#: How many values one file may expand to, counting every alias use ("billion laughs").
MAX_NODES = 2_000_000

_HERE = os.path.dirname(os.path.abspath(__file__))
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


def shipped_yaml_path() -> str:
    """Where the shipped data is: inside the package, or the checkout's data/ folder."""
    inside = os.path.join(_HERE, "data", "mechanisms.yaml")
    if os.path.exists(inside):
        return inside
    return os.path.normpath(os.path.join(_HERE, "..", "..", "data", "mechanisms.yaml"))


def compiled_path_for(yaml_path: str) -> str:
    """The compiled JSON that ships beside a YAML file."""
    return yaml_path[: -len(".yaml")] + ".compiled.json"


def overlay_files(path: str) -> list[str]:
    """The YAML files an overlay path names: the file itself, or a folder's *.yaml / *.yml."""
    if os.path.isdir(path):
        names = sorted(n for n in os.listdir(path) if n.endswith((".yaml", ".yml")))
        if not names:
            raise DataError(
                [], f"{path} has no .yaml or .yml files. Point --data at a YAML file or a folder of them."
            )
        return [os.path.join(path, n) for n in names]
    if not os.path.exists(path):
        raise DataError([], f"{path} does not exist. Check the --data path or UNMECH_DATA.")
    return [path]


# --- reading YAML -------------------------------------------------------------------------


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


# --- the compiled knowledge base ----------------------------------------------------------


class Compiled(dict):  # type: ignore[type-arg]
    """The compiled knowledge base; its search index is decoded only when first used."""

    def __init__(self, records: Any, index: Any, decode: Any = None, fresh: bool = True) -> None:
        super().__init__(format=COMPILED_FORMAT, records=records)
        self._index, self._decode = index, decode
        self.fresh = fresh
        """False when read with stale_ok from a form made from another version of the YAML."""

    def __missing__(self, key: str) -> Any:
        if key != "index":
            raise KeyError(key)
        index = self._decode(self._index) if self._decode else self._index
        self["index"] = index
        return index

    def plain(self) -> dict[str, Any]:
        """A plain dict with everything decoded."""
        return {"format": COMPILED_FORMAT, "records": self["records"], "index": self["index"]}


def load(data_path: str | None = None, *, use_cache: bool | None = None) -> Compiled:
    """The compiled knowledge base: shipped data with the overlay at ``data_path`` on top.

    Raises DataError when any file cannot be read or the data is invalid.
    """
    if data_path is None:
        data_path = os.environ.get("UNMECH_DATA") or None
    if use_cache is None:
        use_cache = not os.environ.get("UNMECH_NO_CACHE")
    shipped = shipped_yaml_path()
    if data_path is None:
        fresh: Compiled | None = _read_shipped_compiled(shipped)
        if fresh is not None:
            return fresh
        paths = [shipped]
    else:
        paths = [shipped, *overlay_files(data_path)]
    key = _cache_key(paths) if use_cache else None
    if key is not None:
        cached = _read_cache(key)
        if cached is not None:
            return cached
    kb = compile_files(paths)
    if key is not None:
        _write_cache(key, kb)
    return kb


def compile_files(paths: list[str], *, from_yaml: bool = False) -> Compiled:
    """Read, validate, merge and index data files (the first is the base, the rest overlays).

    The shipped base is taken from its fresh compiled form unless ``from_yaml``.
    """
    import gc

    from unmech import index, validate

    gc_was_enabled = gc.isenabled()
    gc.disable()  # compiling makes many objects and no cycles; the collector only slows it
    try:
        files = [_read_base(p) if i == 0 and not from_yaml else read_file(p)
                 for i, p in enumerate(paths)]
        problems = validate.check(files)
        if problems:
            raise DataError(problems)
        records = validate.merge(files)
        return Compiled(records, index.build(records))
    finally:
        if gc_was_enabled:
            gc.enable()


def _read_base(path: str) -> RawFile:
    """The base data file: from its fresh compiled form when there is one (no YAML parse)."""
    if path == shipped_yaml_path():
        compiled = _read_shipped_compiled(path, stale_ok=True)
        if compiled is not None:
            from unmech import country

            # country names do not depend on the YAML: even a stale compiled form saves pycountry
            index = compiled["index"]
            country.seed(index["iso_codes"], index["country_names"], index["countries"])
            if compiled.fresh:
                raw = RawFile(path)
                raw.data = compiled["records"]
                return raw
    return read_file(path)


def _checksum(data: bytes) -> str:
    return f"{zlib.crc32(data):08x}-{len(data)}"


def _read_shipped_compiled(yaml_path: str, header_only: bool = False, stale_ok: bool = False) -> Any:
    """The shipped compiled form (or its header), if it was made from exactly this YAML
    (or from any version of it, with ``stale_ok``).

    The file has three lines: a header, the records, the search index.
    """
    try:
        with open(yaml_path, "rb") as handle:
            checksum = _checksum(handle.read())
        with open(compiled_path_for(yaml_path), "rb") as handle:
            header, records, index = handle.read().split(b"\n", 2)
        meta = json.loads(header)
        fresh = meta.get("source") == checksum
        if meta.get("format") != COMPILED_FORMAT or not (fresh or stale_ok):
            return None
        if header_only:
            return meta
        return Compiled(json.loads(records), index, json.loads, fresh)
    except (OSError, ValueError, AttributeError):
        return None


def review_date(data_path: str | None = None) -> str:
    """The newest last_reviewed date of the data, cheaply for the shipped data."""
    if data_path is None and not os.environ.get("UNMECH_DATA"):
        meta = _read_shipped_compiled(shipped_yaml_path(), header_only=True)
        if meta is not None:
            return str(meta["reviewed"])
    records = load(data_path)["records"]
    return max((r["last_reviewed"] for k in ("mechanisms", "procedures", "findings")
                for r in records[k]), default="")


def write_shipped_compiled(yaml_path: str | None = None) -> str:
    """Compile the shipped YAML and write the JSON that ships beside it; return its path."""
    yaml_path = yaml_path or shipped_yaml_path()
    kb = compile_files([yaml_path], from_yaml=True)
    with open(yaml_path, "rb") as handle:
        checksum = _checksum(handle.read())
    reviewed = max(r["last_reviewed"] for k in ("mechanisms", "procedures", "findings")
                   for r in kb["records"][k])
    header = json.dumps({"format": COMPILED_FORMAT, "source": checksum, "reviewed": reviewed})
    lines = [header] + [json.dumps(kb[part], ensure_ascii=False, separators=(",", ":"),
                                   sort_keys=True) for part in ("records", "index")]
    target = compiled_path_for(yaml_path)
    write_atomic(target, "\n".join(lines) + "\n", force=True)
    return target


def cache_dir() -> str:
    """The per-user cache folder for compiled overlays."""
    explicit = os.environ.get("UNMECH_CACHE_DIR")
    if explicit:
        return explicit
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or os.path.expanduser("~")
        return os.path.join(base, "unmech", "Cache")
    if sys.platform == "darwin":
        return os.path.expanduser("~/Library/Caches/unmech")
    base = os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
    return os.path.join(base, "unmech")


def _cache_key(paths: list[str]) -> str | None:
    parts = [f"unmech {__version__} format {COMPILED_FORMAT} {sys.implementation.cache_tag}"]
    try:
        for p in paths:
            st = os.stat(p)
            parts.append(f"{os.path.abspath(p)}\0{st.st_size}\0{st.st_mtime_ns}")
    except OSError:
        return None
    return "\n".join(parts)


def _cache_file(key: str) -> str:
    return os.path.join(cache_dir(), f"kb-{zlib.crc32(key.encode('utf-8', 'surrogateescape')):08x}.marshal")


def _read_cache(key: str) -> Compiled | None:
    try:
        with open(_cache_file(key), "rb") as handle:
            blob = handle.read()
        stored, records, index = marshal.loads(blob)  # the parts stay bytes until needed
        if stored != key:
            return None
        return Compiled(marshal.loads(records), index, marshal.loads)
    except Exception:  # a damaged or foreign cache is only a miss
        return None


def _write_cache(key: str, kb: Compiled) -> None:
    try:
        os.makedirs(cache_dir(), mode=0o700, exist_ok=True)
        blob = marshal.dumps((key, marshal.dumps(kb["records"]), marshal.dumps(kb["index"])))
        write_atomic(_cache_file(key), blob, force=True)
    except Exception:  # the cache is an optimisation; never fail a command for it
        return


if __name__ == "__main__":  # python -m unmech.loader: refresh the shipped compiled form
    print(write_shipped_compiled())
