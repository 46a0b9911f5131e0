"""The per-user cache of compiled overlays, so a network's own data is not parsed on every run.

Every failure to read or write the cache is only a miss: the data is compiled again.
"""

from __future__ import annotations

import marshal
import os
import sys
import zlib

from unmech import __version__
from unmech.compiled import COMPILED_FORMAT, Compiled


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


def key(paths: list[str]) -> str | None:
    """What identifies the compiled form of these files; None when one cannot be read."""
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


def read(key: str) -> Compiled | None:
    """The cached compiled form for ``key``, or None."""
    try:
        with open(_cache_file(key), "rb") as handle:
            blob = handle.read()
        stored, records, index = marshal.loads(blob)  # the parts stay bytes until needed
        if stored != key:
            return None
        return Compiled(marshal.loads(records), index, marshal.loads)
    except Exception:  # a damaged or foreign cache is only a miss
        return None


def write(key: str, kb: Compiled) -> None:
    """Store the compiled form for ``key``; silently skipped when it cannot be written."""
    from unmech.output import write_atomic

    try:
        os.makedirs(cache_dir(), mode=0o700, exist_ok=True)
        blob = marshal.dumps((key, marshal.dumps(kb["records"]), marshal.dumps(kb["index"])))
        write_atomic(_cache_file(key), blob, force=True)
    except Exception:  # the cache is an optimisation; never fail a command for it
        return
