"""Writing files safely: never over an existing file unless asked, never half a file."""

from __future__ import annotations

import os

from unmech.errors import OutputExistsError, UsageError


def write_atomic(path: str, data: str | bytes, *, force: bool = False) -> None:
    """Write to a temporary file beside ``path``, then rename it into place."""
    folder = os.path.dirname(os.path.abspath(path))
    if os.path.isdir(path):
        raise UsageError(f"{path} is a folder. Give a file name, e.g. {os.path.join(path, 'guide.md')}.")
    if not os.path.isdir(folder):
        raise UsageError(f"The folder {folder} does not exist. Create it first or choose another path.")
    if os.path.lexists(path) and not force:
        raise OutputExistsError(path)
    import tempfile

    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".unmech-", suffix=".tmp")
    except OSError as exc:
        raise UsageError(f"Cannot write in {folder} ({exc.strerror}). Choose another path.") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise UsageError(f"Cannot write {path} ({exc.strerror}). Nothing was written.") from None
        raise
