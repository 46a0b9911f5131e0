"""The per-user cache of compiled overlays, so a network's own data is not parsed on every run.

One file per overlay path holds the compiled knowledge base for it (the shipped records merged
with the overlay's, and their search index), in the format of ``unmech.store``, which a command
reads only in the parts it needs. The file is replaced whenever the overlay's content changes,
so text deleted from an overlay does not linger in older entries. An entry is used only when all
of these hold, and anything else is a miss (the data is compiled again):

* the folder belongs to the user and nobody else can write to it, and so does the file;
* the entry was made by this version of unmech from exactly these bytes (the key is a hash of
  the content, not of sizes and modification times, which an edit can leave unchanged);
* the CRC-32 of every part read matches (it catches every single-bit error); a part found
  damaged after the file was opened makes the store compile the data again and use that.
"""

from __future__ import annotations

import os
import stat
import sys
import zlib
from collections.abc import Callable
from typing import Any

from unmech import __version__, store
from unmech.compiled import COMPILED_FORMAT, Compiled

_OPEN = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


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


class Entry:
    """Where the compiled form of one overlay is cached, and the key its content must match."""

    def __init__(self, overlay: str, paths: list[str], base: int = 0) -> None:
        self.file = os.path.join(cache_dir(), _name(overlay))
        """The cache file: one per overlay path."""
        parts = _key(paths)
        self.key = b"\n".join(parts) if parts is not None else None
        """unmech's version and each data file's name, size and CRC-32; None if unreadable."""
        self.base = b"\n".join(parts[:1 + base]) + b"\n" if parts is not None else None
        """The start of the key that the first ``base`` files (the shipped data) make."""


def _name(overlay: str) -> str:
    where = os.path.realpath(overlay).encode("utf-8", "surrogateescape")
    return f"overlay-{zlib.crc32(where):08x}.cache"


def _key(paths: list[str]) -> list[bytes] | None:
    # The CRC-32 of each file's bytes: about 5x faster than BLAKE2b (0.1 ms for the shipped
    # 0.5 MB), and importing hashlib alone costs 3-4 ms. It tells any edit from the original
    # but for a 1 in 4 billion chance; forging a match needs write access to the data itself.
    # Read in pieces into one buffer: half the time of reading a large file whole, and no copy
    # of it in memory.
    parts = [f"unmech {__version__} {COMPILED_FORMAT} {sys.implementation.cache_tag}".encode()
             + store.key_suffix()]
    buffer = bytearray(1 << 20)
    view = memoryview(buffer)
    try:
        for path in paths:
            crc = size = 0
            with open(path, "rb", buffering=0) as handle:
                while read := handle.readinto(buffer):
                    crc = zlib.crc32(view[:read], crc)
                    size += read
            name = os.path.basename(path).encode("utf-8", "surrogateescape")
            parts.append(b"%s\0%d\0%08x" % (name, size, crc))
    except OSError:
        return None
    return parts


def _private(st: os.stat_result) -> bool:
    """Whether the user owns it and nobody else can write to it."""
    if not hasattr(os, "getuid"):  # Windows: the per-user profile folder is private already
        return True
    return st.st_uid == os.getuid() and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _usable_folder(folder: str) -> bool:
    try:
        st = os.stat(folder)
    except OSError:
        return False
    return stat.S_ISDIR(st.st_mode) and _private(st)


def read(entry: Entry, rebuild: Callable[[], Compiled]) -> store.Store | None:
    """The cached compiled form if it is trustworthy and matches the key; None otherwise.

    ``rebuild`` compiles the data again, for a part of the file found damaged later on.
    """
    if entry.key is None or not _usable_folder(os.path.dirname(entry.file)):
        return None
    fd = _open_private(entry.file)
    if fd is None:
        return None
    return store.open_store(fd, entry.key, rebuild)  # checks the head; None if damaged


def previous(entry: Entry) -> store.Reader | None:
    """The entry's file as an earlier version of the overlay left it, if it is trustworthy and was
    made on the same shipped data by this version of unmech: its pieces spare parsing again the
    text that did not change."""
    if entry.base is None or not _usable_folder(os.path.dirname(entry.file)):
        return None
    fd = _open_private(entry.file)
    return store.open_previous(fd, entry.base) if fd is not None else None


def _open_private(path: str) -> int | None:
    try:
        fd = os.open(path, _OPEN)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        trusted = stat.S_ISREG(st.st_mode) and _private(st)
    except OSError:
        trusted = False
    if not trusted:
        os.close(fd)
        return None
    return fd


def write(entry: Entry, kb: Compiled, parts: store.Parts | None = None) -> None:
    """Store the compiled form for the entry; silently skipped when it cannot be written."""
    if entry.key is not None:
        _write(entry, lambda key: store.encode(kb, key, parts))


def write_rekeyed(entry: Entry, reader: store.Reader, parts: store.Parts,
                  sections: dict[str, bytes] | None = None,
                  items: dict[str, dict[Any, bytes | None]] | None = None) -> None:
    """Store again what ``reader`` holds, under the entry's key, with new pieces and with the
    sections and items given replaced (``store.rekey``). On Windows, where a file that is open
    cannot be replaced, the reader is read into memory and closed first."""
    def encode(key: bytes) -> list[Any]:
        out = store.rekey(reader, key, parts, sections, items)
        if sys.platform == "win32":
            out = [_read_whole(*p) if isinstance(p, tuple) else p for p in out]
            reader.close()
        return out

    if entry.key is not None:
        _write(entry, encode)


def _read_whole(fd: int, offset: int, size: int) -> bytes:
    from unmech.output import read_at

    data = read_at(fd, offset, size)
    if len(data) != size:
        raise OSError("the cache file ended early")
    return data


def _write(entry: Entry, encode: Callable[[bytes], bytes | list[Any]]) -> None:
    from unmech.output import write_atomic

    assert entry.key is not None
    folder = os.path.dirname(entry.file)
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        if not _usable_folder(folder):
            return
        write_atomic(entry.file, encode(entry.key), force=True, mode=0o600, durable=False)
        _remove_old_entries(folder)
    except Exception:  # the cache is an optimisation; never fail a command for it
        return


def _remove_old_entries(folder: str) -> None:
    """Delete what older versions left: ``kb-*.marshal`` entries (one per overlay *version*,
    each a full copy of an overlay as it once was), and temporary files of killed writers."""
    import time

    for name in os.listdir(folder):
        path = os.path.join(folder, name)
        try:
            if name.startswith("kb-") and name.endswith(".marshal"):
                os.unlink(path)
            elif (name.startswith(".unmech-") and name.endswith(".tmp")
                  and os.lstat(path).st_mtime < time.time() - 3600):  # not a writer's current one
                os.unlink(path)
        except OSError:
            pass
