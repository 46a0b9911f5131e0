"""Loads the knowledge base: the shipped data, with an overlay from ``--data`` / ``UNMECH_DATA``.

Parsing the YAML on every run would cost more than everything else unmech does, so the
validated, indexed form is kept (see docs/adr/0002-compiled-knowledge-base.md and 0005):

* for the shipped data, in its compiled form beside the YAML (``unmech.compiled``), used only
  while it matches the YAML;
* for an overlay, in a per-user cache (``unmech.cache``); ``UNMECH_NO_CACHE=1`` or
  ``--no-cache`` turns it off.

The pieces: ``yamlread`` reads YAML, ``validate`` checks it, ``overlay`` merges, ``index``
indexes. ``python -m unmech.loader`` refreshes the shipped compiled form after a data edit.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from unmech import compiled as _compiled
from unmech.compiled import Compiled, Source
from unmech.errors import DataError

if TYPE_CHECKING:
    from unmech.cache import Entry
    from unmech.yamlread import RawFile

__all__ = ["Compiled", "Source", "compile_files", "load", "overlay_files", "read_file", "review_date",
           "shipped_yaml_path", "write_shipped_compiled"]

_HERE = os.path.dirname(os.path.abspath(__file__))


def read_file(path: str) -> RawFile:
    """Read and parse one YAML data file, collecting problems instead of raising."""
    from unmech import yamlread  # imported only when YAML is read: most runs never do

    return yamlread.read_file(path)


def shipped_yaml_path() -> str:
    """Where the shipped data is: inside the package, or the checkout's data/ folder."""
    inside = os.path.join(_HERE, "data", "mechanisms.yaml")
    if os.path.exists(inside):
        return inside
    return os.path.normpath(os.path.join(_HERE, "..", "..", "data", "mechanisms.yaml"))


def shipped_paths() -> list[str]:
    """Every shipped data file: the mechanisms, then country facts and eligibility routes."""
    return _compiled.shipped_paths(shipped_yaml_path())


def overlay_files(path: str) -> list[str]:
    """The YAML files an overlay path names: the file itself, or a folder's *.yaml / *.yml."""
    if os.path.isdir(path):
        names = sorted(n for n in os.listdir(path) if n.endswith((".yaml", ".yml")))
        if not names:
            raise DataError(
                [], f"{path} has no .yaml or .yml files. Point --data at a YAML file or a folder of them."
            )
        files = [os.path.join(path, n) for n in names]
    elif not os.path.exists(path):
        raise DataError([], f"{path} does not exist. Check the --data path or UNMECH_DATA.")
    else:
        files = [path]
    _check_files(path, files)
    return files


def _check_files(path: str, files: list[str]) -> None:
    """Refuse an overlay whose files together exceed the size limit, or that names a device or
    pipe (which would be read for ever): a folder of many files under the limit is as heavy as
    one huge file, and the cache reads every byte to know whether the data changed."""
    import stat

    from unmech.models import Problem
    from unmech.yamlread import MAX_FILE_BYTES

    problems, total = [], 0
    for name in files:
        try:
            st = os.stat(name)
        except OSError:
            continue  # reported when it is read
        if stat.S_ISDIR(st.st_mode):
            continue  # reported when it is read
        if not stat.S_ISREG(st.st_mode):
            problems.append(Problem(name, None, "", "is not a regular file (a device or pipe?); "
                                    "point --data at a YAML file or a folder of them"))
        total += st.st_size
    if total > MAX_FILE_BYTES:
        what = "the folder's data files total" if len(files) > 1 else "file is"
        problems.append(Problem(path, None, "", f"{what} {total:,} bytes; the limit is {MAX_FILE_BYTES:,}"))
    if problems:
        raise DataError(problems)


def load(data_path: str | None = None, *, use_cache: bool | None = None) -> Source:
    """The compiled knowledge base: shipped data with the overlay at ``data_path`` on top; from
    the cache it is read on demand.

    Raises DataError when any file cannot be read or the data is invalid.
    """
    if data_path is None:
        data_path = os.environ.get("UNMECH_DATA") or None
    if use_cache is None:
        use_cache = not os.environ.get("UNMECH_NO_CACHE")
    shipped = shipped_yaml_path()
    paths = shipped_paths() if data_path is None else [*shipped_paths(), *overlay_files(data_path)]
    if not use_cache:
        fresh = _compiled.read_shipped(shipped) if data_path is None else None
        return fresh if fresh is not None else compile_files(paths)
    from unmech import cache

    # the shipped data goes through the cache too: read on demand it starts faster than its
    # JSON, which is decoded whole (docs/adr/0007)
    entry = cache.Entry(data_path or shipped, paths, base=len(shipped_paths()))
    cached = cache.read(entry, lambda: _rebuild(entry, paths))
    if cached is not None:
        return cached
    if data_path is not None:
        return _compile_changed(entry, paths)
    kb: Compiled | None = _compiled.read_shipped(shipped)
    if kb is None:
        kb = compile_files(paths)
    cache.write(entry, kb)
    return kb


def _compile_changed(entry: Entry, paths: list[str], *, reuse: bool = True) -> Source:
    """Compile an overlay that its cache entry no longer matches, parsing again only the pieces of
    its text that the entry does not have (unless not ``reuse``); when its records are still what
    they were (a comment or a blank line edited, say), the entry only takes the new key
    (docs/adr/0008)."""
    import hashlib
    import marshal

    from unmech import cache, pieces, store, yamlread

    previous = cache.previous(entry) if reuse else None
    try:
        digests = previous.pieces() if previous is not None else {}
        meant = previous.meaning() if previous is not None else None
    except store.Damaged:
        previous.close()  # type: ignore[union-attr]
        return _compile_changed(entry, paths, reuse=False)
    known = set(digests)
    fresh: dict[str, Any] = {}
    files: list[tuple[str, list[pieces.Piece], list[str]]] = []
    for path in paths[len(shipped_paths()):]:
        try:
            with open(path, "rb") as handle:
                data = handle.read()
        except OSError:
            return compile_files(paths)  # it reports the file
        cut = pieces.cut(data)
        names = _parse_new(path, cut, digests, fresh)
        if names is None:  # a piece that parses only in its file
            cut = [pieces.Piece("", pieces.FILE, data)]
            names = _parse_new(path, cut, digests, fresh)
            if names is None:
                return compile_files(paths)  # it reports what is wrong
        files.append((path, cut, names))
    meaning = hashlib.blake2b(entry.base or b"", digest_size=16)
    for path, _, names in files:
        meaning.update(os.path.basename(path).encode("utf-8", "surrogateescape") + b"\0")
        meaning.update(b"".join(digests[name] for name in names))
    if sum(int.from_bytes(digests[n][16:], "little") for *_, names in files for n in names) \
            > yamlread.MAX_NODES:
        return compile_files(paths)  # it reports the file
    in_use = {name for *_, names in files for name in names}
    new = {name: marshal.dumps(fresh[name]) for name in in_use if name not in known}
    parts = store.Parts(meaning.digest(), {name: digests[name] for name in in_use}, new,
                        [(os.path.basename(path), names) for path, _, names in files])
    if previous is not None and meant == parts.meaning:
        cache.write_rekeyed(entry, previous, parts)
        written = cache.read(entry, lambda: _rebuild(entry, paths))
        if written is not None:
            return written
        if previous.fd >= 0:  # the entry could not be written: the old one still answers
            return store.Store(previous, lambda: _rebuild(entry, paths))
        return _compile_changed(entry, paths, reuse=False)
    if previous is not None:
        edits = _edited_records(previous, files, digests, fresh)
        patched = _patched(entry, paths, previous, parts, edits) if edits else None
        if patched is not None:
            return patched
        if previous.fd < 0:  # closed to be replaced (Windows), and then not replaced
            return _compile_changed(entry, paths, reuse=False)
    try:
        values: dict[str, bytes | memoryview] = dict(
            previous.piece_values(sorted(in_use & known)) if previous is not None else {})
    except store.Damaged:
        previous.close()  # type: ignore[union-attr]
        return _compile_changed(entry, paths, reuse=False)
    values.update(new)
    overlays = []
    for path, cut, names in files:
        raw = yamlread.RawFile(path)
        raw.data = pieces.assemble(cut, [fresh[n] if n in fresh else marshal.loads(values[n])
                                         for n in names])
        if raw.data is None:  # a top-level key twice: read whole, the file reports it
            return compile_files(paths)
        overlays.append(raw)
    if previous is not None:
        previous.close()  # on Windows an open file cannot be replaced
    kb = compile_files(paths, overlays=overlays)
    cache.write(entry, kb, parts._replace(values=values))
    return kb


def _edited_records(previous: Any, files: list[Any], digests: dict[str, bytes],
                    fresh: dict[str, Any]) -> list[tuple[str, Any, Any]] | None:
    """The kind of each changed record, as stored (None for a finding added) and as now merged,
    of a one-file overlay whose only changes are mechanisms, guides and findings that keep their
    ids, and new findings after its last one; None for any other change (docs/adr/0008)."""
    from unmech import overlay, patch, pieces, store

    try:
        order = previous.order()
        if len(files) != 1 or len(order) != 1 or order[0][0] != os.path.basename(files[0][0]):
            return None
        (_, cut, names), before = files[0], order[0][1]
        # new findings can only come after the file's last one: they are numbered last
        added = len(names) - len(before)
        end = max((n + 1 for n, p in enumerate(cut) if p.role == pieces.ITEM and p.section == "findings"),
                  default=0)
        new_ones = range(end - added, end) if added > 0 else range(0)
        if added < 0 or any(cut[n].role != pieces.ITEM or cut[n].section != "findings"
                            for n in new_ones):
            return None
        kept = [n for n in range(len(names)) if n not in new_ones]
        changed = [n for n, was in zip(kept, before, strict=True)
                   if was not in digests or digests[was] != digests[names[n]]]
        if not 0 < len(changed) + added <= patch.MAX_EDITS:
            return None
        out = []
        for n, was in zip(kept, before, strict=True):
            if n not in changed:
                continue
            new, kind = fresh.get(names[n]), cut[n].section
            if cut[n].role != pieces.ITEM or kind not in patch.PATCHED or not isinstance(new, dict):
                return None
            stored = previous.record(new["id"]) if isinstance(new.get("id"), str) else None
            # the stored record must be the old piece's (not another file's or the base's)
            if stored is None or stored[0] != kind or \
                    pieces.digest(cut[n], stored[1]) != digests[was][:16]:
                return None
            out.append((kind, stored[1], overlay.as_merged(new)))
        for n in new_ones:
            new = fresh.get(names[n])
            if not isinstance(new, dict) or not isinstance(new.get("id"), str) or \
                    previous.number(new["id"]) is not None:
                return None  # not a new record: it replaces one, which keeps its place
            out.append(("findings", None, overlay.as_merged(new)))
        return out
    except (store.Damaged, KeyError, ValueError, TypeError):
        return None


def _patched(entry: Entry, paths: list[str], previous: Any, parts: Any,
             edits: list[tuple[str, Any, Any]]) -> Source | None:
    """The entry with the edited records written over the old ones (``unmech.patch``), if they
    have no problems and can be patched; None otherwise (the data is then compiled in full)."""
    from unmech import cache, patch

    try:
        if patch.problems(previous, paths[-1], edits):
            return None  # compiled in full, the problems are reported with their lines
        applied = patch.apply(previous, edits)
    except Exception:  # a damaged store, or a bug: patching is only a shortcut (tests catch it)
        return None
    if applied is None:
        return None
    cache.write_rekeyed(entry, previous, parts, *applied)
    return cache.read(entry, lambda: _rebuild(entry, paths))


def _parse_new(path: str, cut: list[Any], digests: dict[str, bytes],
               fresh: dict[str, Any]) -> list[str] | None:
    """The pieces' names, parsing those whose digest is not known yet; None if one does not parse
    alone."""
    from unmech import pieces

    names = []
    for piece in cut:
        name = pieces.name(piece)
        if name not in digests:
            parsed = pieces.parse(piece, path)
            if parsed is None:
                return None
            fresh[name] = parsed[0]
            digests[name] = pieces.digest(piece, parsed[0]) + parsed[1].to_bytes(4, "little")
        names.append(name)
    return names


def _rebuild(entry: Entry, paths: list[str]) -> Compiled:
    """Compile the data again for a cache entry found damaged while it was in use, and replace
    the entry; the data must still be what the entry was made from, or the records the command
    has already read would not match."""
    from unmech import cache

    if cache.Entry(entry.file, paths).key != entry.key:
        raise DataError([], "The data files changed while unmech was reading them. "
                            "Run the command again.")
    if len(paths) > len(shipped_paths()):  # an overlay: its pieces are kept as well
        kb = _compile_changed(entry, paths, reuse=False)
        assert isinstance(kb, Compiled)
        return kb
    kb = compile_files(paths)
    cache.write(entry, kb)
    return kb


def compile_files(paths: list[str], *, from_yaml: bool = False,
                  overlays: list[RawFile] | None = None) -> Compiled:
    """Read, validate, merge and index data files (the first is the base, the rest overlays).

    The shipped base is taken from its fresh compiled form unless ``from_yaml``. ``overlays`` are
    the overlay files already read, without their line numbers: if they have problems, the files
    are read again, so that the problems say where they are.
    """
    import gc

    from unmech import index, overlay, validate

    gc_was_enabled = gc.isenabled()
    gc.disable()  # compiling makes many objects and no cycles; the collector only slows it
    try:
        files, base_index = _read_files(paths, from_yaml, overlays)
        shipped = shipped_paths()
        count = len([p for p in paths if p not in shipped])
        # the shipped data's fresh compiled form was validated when it was built
        trusted = 1 if not from_yaml and len(files) - count == 1 else 0
        problems = validate.check(files, shipped=len(files) - count, trusted=trusted)
        if problems and overlays is not None:
            return compile_files(paths, from_yaml=from_yaml)
        if problems:
            raise DataError(problems)
        records = overlay.merge(files)
        # a network's file that only adds records extends the shipped index instead of
        # indexing every shipped record again
        extended = index.extend(base_index, files[0].data, records) if base_index else None
        return Compiled(records, extended if extended is not None else index.build(records))
    finally:
        if gc_was_enabled:
            gc.enable()


def _read_files(paths: list[str], from_yaml: bool,
                overlays: list[RawFile] | None) -> tuple[list[RawFile], Any]:
    """The data files, and the shipped index when the shipped ones come from their fresh
    compiled form (no YAML parse), which stands for all of them."""
    shipped = shipped_paths()
    if overlays is None:
        overlays = [read_file(p) for p in paths[len(shipped):]]
    if not from_yaml and paths[: len(shipped)] == shipped:
        base = _read_compiled_base(paths[0])
        if base is not None:
            raw, base_index = base
            return [raw, *overlays], base_index
    return [*(read_file(p) for p in paths[:len(shipped)]), *overlays], None


def _read_compiled_base(path: str) -> tuple[RawFile, Any] | None:
    """All the shipped data from its fresh compiled form, with its index; None when there is
    none."""
    if path == shipped_yaml_path():
        shipped = _compiled.read_shipped(path, stale_ok=True)
        if shipped is not None:
            from unmech import country

            # country names do not depend on the YAML: even a stale compiled form saves pycountry
            index = shipped["index"]
            country.seed(index["iso_codes"], index["country_names"], index["countries"])
            if shipped.fresh:
                from unmech.yamlread import RawFile

                raw = RawFile(path)
                raw.data = shipped["records"]
                return raw, index
    return None


def review_date(data_path: str | None = None) -> str:
    """The newest last_reviewed date of the data, cheaply for the shipped data."""
    if data_path is None and not os.environ.get("UNMECH_DATA"):
        meta = _compiled.read_shipped(shipped_yaml_path(), header_only=True)
        if meta is not None:
            return str(meta["reviewed"])
    return load(data_path).reviewed()


def write_shipped_compiled(yaml_path: str | None = None) -> str:
    """Compile the shipped YAML and write the JSON that ships beside it; return its path."""
    yaml_path = yaml_path or shipped_yaml_path()
    return _compiled.write_shipped(yaml_path, compile_files(_compiled.shipped_paths(yaml_path),
                                                            from_yaml=True))


if __name__ == "__main__":  # python -m unmech.loader: refresh the shipped compiled form
    print(write_shipped_compiled())
