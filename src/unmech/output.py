"""Writing files safely: never over an existing file unless asked, never half a file.

The whole text goes to a temporary file beside the target first. Without ``force`` it is then
hard-linked to the target name, which fails if anything is there: checking and publishing are one
step, so two writers cannot both win. With ``force`` it is renamed over the target. Either way an
interruption (Ctrl-C, SIGTERM, SIGHUP) leaves the target as it was and no temporary file behind.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager

from unmech.errors import NotRegularFileError, OutputExistsError, UsageError

# os.link fails with these where the file system has no hard links (FAT, some network and FUSE
# file systems); those writes fall back to creating the target with O_EXCL.
_NO_LINKS = {errno.EPERM, errno.EACCES, errno.EOPNOTSUPP, errno.ENOTSUP, errno.ENOSYS, errno.EXDEV}
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


#: Parts of a file to write one after another: bytes, or a (file descriptor, offset, length)
#: range of an open file, which the kernel copies where it can.
Parts = list[bytes | memoryview | tuple[int, int, int]]


def write_atomic(path: str, data: str | bytes | Parts, *, force: bool = False,
                 mode: int | None = None, durable: bool = True) -> None:
    """Write ``data`` (text, bytes, or Parts) to ``path`` whole or not at all; replace an
    existing file only with ``force``.

    Unless ``durable`` is false, the data is on the disk before the file takes its name (a cache,
    whose every part is checked when it is read, needs no such wait).

    A new file gets ``mode`` (default 0o666) less the umask; a replaced file keeps its mode
    unless ``mode`` is given. Only regular files are written (NotRegularFileError otherwise).
    """
    if not path:  # abspath("") is the current folder, whose parent would get the temporary file
        raise UsageError("The output path is empty. Give a file name.")
    folder = os.path.dirname(os.path.abspath(path))
    if os.path.isdir(path):
        raise UsageError(f"{path} is a folder. Give a file name, e.g. {os.path.join(path, 'guide.md')}.")
    if not os.path.isdir(folder):
        raise UsageError(f"The folder {folder} does not exist. Create it first or choose another path.")
    exists, kept_mode = _existing(path)
    if exists and not force:
        raise OutputExistsError(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    create_mode = 0o666 if mode is None else mode
    fix_mode = kept_mode if mode is None else None
    tmp = os.path.join(folder, f".unmech-{os.urandom(8).hex()}.tmp")
    with _signals_as_interrupt():
        try:
            _write_new(tmp, payload, create_mode, fix_mode, durable)
            if force:
                os.replace(tmp, path)
            else:
                _publish(tmp, path, payload, create_mode)
        except BaseException as exc:
            _discard(tmp)
            if isinstance(exc, OSError):
                reason = exc.strerror or exc
                raise UsageError(f"Cannot write {path} ({reason}). Nothing was written.") from None
            raise


def _existing(path: str) -> tuple[bool, int | None]:
    """Whether something is at ``path``, and the mode of the regular file it is (or links to).

    Raises NotRegularFileError for a device, FIFO or socket, or a link to one: ``--force`` onto
    /dev/full or a named pipe must not replace or write into it.
    """
    try:
        st = os.lstat(path)
    except OSError:
        return False, None
    if stat.S_ISLNK(st.st_mode):
        try:
            st = os.stat(path)
        except OSError:  # a dangling link: with force, the link itself is replaced
            return True, None
    if not stat.S_ISREG(st.st_mode):
        raise NotRegularFileError(path)
    return True, stat.S_IMODE(st.st_mode)


def _write_new(path: str, payload: bytes | Parts, create_mode: int, fix_mode: int | None,
               durable: bool = True) -> None:
    _fill(os.open(path, _CREATE, create_mode), payload, fix_mode, durable)


def _fill(fd: int, payload: bytes | Parts, fix_mode: int | None,
          durable: bool = True) -> None:
    with os.fdopen(fd, "wb") as handle:
        if fix_mode is not None and hasattr(os, "fchmod"):
            os.fchmod(handle.fileno(), fix_mode)
        for part in payload if isinstance(payload, list) else [payload]:
            if isinstance(part, tuple):
                handle.flush()
                _copy_range(*part, handle.fileno())
            else:
                handle.write(part)
        handle.flush()
        if durable:
            os.fsync(handle.fileno())


def _copy_range(source: int, offset: int, length: int, target: int) -> None:
    """Append a range of an open file to another, in the kernel where it can."""
    end = offset + length
    while offset < end:
        try:
            copied = os.copy_file_range(source, target, end - offset, offset)
        except (AttributeError, OSError):  # not Linux, or not between these files
            copied = os.write(target, read_at(source, offset, min(end - offset, 1 << 24)))
        if copied <= 0:
            raise OSError(errno.EIO, "the file being copied ended early")
        offset += copied


def read_at(fd: int, offset: int, size: int) -> bytes:
    """Up to ``size`` bytes of an open file from ``offset``, without moving its position where
    the system allows."""
    if hasattr(os, "pread"):
        return os.pread(fd, size, offset)
    os.lseek(fd, offset, os.SEEK_SET)  # Windows
    return os.read(fd, size)


def _publish(tmp: str, path: str, payload: bytes | Parts, create_mode: int) -> None:
    """Give the finished temporary file the target's name, unless that name is taken."""
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise OutputExistsError(path) from None
    except OSError as exc:
        if exc.errno not in _NO_LINKS:
            raise
        try:
            fd = os.open(path, _CREATE, create_mode)
        except FileExistsError:
            raise OutputExistsError(path) from None
        try:
            _fill(fd, payload, None)
        except BaseException:
            _discard(path)  # O_EXCL created it, so the half-written file is ours
            raise
    _discard(tmp)


def _discard(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


@contextmanager
def _signals_as_interrupt() -> Iterator[None]:
    """Turn SIGTERM and SIGHUP into KeyboardInterrupt while writing, so the cleanup runs.

    Signals that something else already handles or ignores (``nohup``) are left alone.
    """
    import signal

    previous = {}
    try:
        for name in ("SIGTERM", "SIGHUP"):
            signum = getattr(signal, name, None)
            if signum is not None and signal.getsignal(signum) is signal.SIG_DFL:
                previous[signum] = signal.signal(signum, _interrupt)
    except ValueError:  # not the main thread, where only the main thread may set handlers
        pass
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
