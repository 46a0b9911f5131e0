"""Writing files: atomic, never over an existing file without force, clean errors."""

from __future__ import annotations

import errno
import multiprocessing
import os
import signal
import stat
import subprocess
import sys

import pytest

from unmech import output
from unmech.errors import NotRegularFileError, OutputExistsError, UsageError


def test_failure_during_write_leaves_nothing_behind(tmp_path, monkeypatch):
    target = tmp_path / "guide.md"
    target.write_text("old")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(UsageError, match="Nothing was written"):
        output.write_atomic(str(target), "new", force=True)
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["guide.md"]


def test_interrupted_write_removes_the_temporary_file(tmp_path, monkeypatch):
    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    monkeypatch.setattr(os, "link", interrupted)
    with pytest.raises(KeyboardInterrupt):
        output.write_atomic(str(tmp_path / "g.md"), "x")
    assert os.listdir(tmp_path) == []


def test_existing_file_folder_target_and_missing_folder(tmp_path):
    (tmp_path / "a.md").write_text("keep")
    with pytest.raises(OutputExistsError):
        output.write_atomic(str(tmp_path / "a.md"), "x")
    with pytest.raises(UsageError, match="is a folder"):
        output.write_atomic(str(tmp_path), "x")
    with pytest.raises(UsageError, match="does not exist"):
        output.write_atomic(str(tmp_path / "no" / "a.md"), "x")
    with pytest.raises(UsageError, match="empty"):
        output.write_atomic("", "x")
    assert (tmp_path / "a.md").read_text() == "keep"


def test_symlink_target_is_not_followed_without_force(tmp_path):
    real = tmp_path / "real.md"
    real.write_text("keep")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    with pytest.raises(OutputExistsError):
        output.write_atomic(str(link), "x")
    assert real.read_text() == "keep"


def _race(target: str, n: int, barrier, results) -> None:  # type: ignore[no-untyped-def]
    barrier.wait()
    try:
        output.write_atomic(target, f"writer {n}\n" * 500_000)  # big enough to take a while
        results.put(n)
    except OutputExistsError:
        results.put(-1)


def test_concurrent_writers_without_force_never_overwrite_each_other(tmp_path):
    ctx = multiprocessing.get_context("fork")
    for attempt in range(4):
        target = str(tmp_path / f"pack{attempt}.md")
        barrier, results = ctx.Barrier(6), ctx.Queue()
        writers = [ctx.Process(target=_race, args=(target, n, barrier, results)) for n in range(6)]
        for w in writers:
            w.start()
        outcomes = [results.get(timeout=30) for _ in writers]
        for w in writers:
            w.join(timeout=30)
        winners = [n for n in outcomes if n >= 0]
        assert len(winners) == 1, f"{len(winners)} writers all reported writing {target}"
        with open(target) as handle:
            assert handle.read() == f"writer {winners[0]}\n" * 500_000
    assert sorted(os.listdir(tmp_path)) == [f"pack{n}.md" for n in range(4)]


_STALLED_WRITER = """
import os, sys, time
from unmech import output

def stall(*args):
    print("ready", flush=True)
    time.sleep(60)

os.link = os.replace = stall  # stop just before the finished file is given its name
output.write_atomic(sys.argv[1], "guide " * 100_000)
"""


@pytest.mark.parametrize("signame", ["SIGTERM", "SIGHUP"])
def test_termination_during_a_write_leaves_no_temporary_file(tmp_path, signame):
    target = tmp_path / "guide.md"
    child = subprocess.Popen([sys.executable, "-c", _STALLED_WRITER, str(target)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stdout.readline() == "ready\n"
        assert any(name.endswith(".tmp") for name in os.listdir(tmp_path))
        child.send_signal(getattr(signal, signame))
        child.wait(timeout=20)
    finally:
        child.kill()
        child.communicate()
    assert child.returncode != 0
    assert os.listdir(tmp_path) == []


def test_force_never_writes_into_or_replaces_a_pipe_or_device(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = tmp_path / "link.md"
    link.symlink_to(fifo)
    for target in (fifo, link):
        with pytest.raises(NotRegularFileError, match="not a regular file") as info:
            output.write_atomic(str(target), "x", force=True)
        assert info.value.exit_code == 2
    assert stat.S_ISFIFO(os.stat(fifo).st_mode) and link.is_symlink()
    assert sorted(os.listdir(tmp_path)) == ["link.md", "pipe"]


def test_new_files_follow_the_umask_and_replaced_files_keep_their_mode(tmp_path):
    shared = tmp_path / "shared.md"
    shared.write_text("old")
    shared.chmod(0o664)
    previous = os.umask(0o077)
    try:
        output.write_atomic(str(tmp_path / "new.md"), "x")
        output.write_atomic(str(shared), "new", force=True)
        os.umask(0o027)
        output.write_atomic(str(tmp_path / "group.md"), "x")
    finally:
        os.umask(previous)
    assert stat.S_IMODE(os.stat(tmp_path / "new.md").st_mode) == 0o600
    assert stat.S_IMODE(os.stat(tmp_path / "group.md").st_mode) == 0o640
    assert stat.S_IMODE(os.stat(shared).st_mode) == 0o664 and shared.read_text() == "new"


def test_without_hard_links_the_target_is_still_never_overwritten(tmp_path, monkeypatch):
    def no_links(src, dst):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    output.write_atomic(str(tmp_path / "a.md"), "first")
    with pytest.raises(OutputExistsError):
        output.write_atomic(str(tmp_path / "a.md"), "second")
    assert (tmp_path / "a.md").read_text() == "first"
    assert os.listdir(tmp_path) == ["a.md"]


@pytest.mark.parametrize("kernel_copy", [True, False])
def test_parts_copied_from_another_file_land_in_order(tmp_path, monkeypatch, kernel_copy):
    source = tmp_path / "old.bin"
    source.write_bytes(bytes(range(256)) * 1000)
    if not kernel_copy:  # a system without copy_file_range, or files it cannot copy between
        monkeypatch.delattr(os, "copy_file_range", raising=False)
    target = tmp_path / "new.bin"
    fd = os.open(source, os.O_RDONLY)
    try:
        output.write_atomic(str(target), [b"head", (fd, 10, 5000), b"middle", (fd, 0, 3)], force=True,
                            durable=False)
    finally:
        os.close(fd)
    old = source.read_bytes()
    assert target.read_bytes() == b"head" + old[10:5010] + b"middle" + old[:3]


def test_a_copied_range_that_ends_early_writes_nothing(tmp_path):
    source = tmp_path / "old.bin"
    source.write_bytes(b"short")
    target = tmp_path / "new.bin"
    fd = os.open(source, os.O_RDONLY)
    try:
        with pytest.raises(UsageError, match="Nothing was written"):
            output.write_atomic(str(target), [b"head", (fd, 0, 100)], force=True)
    finally:
        os.close(fd)
    assert not target.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["old.bin"]
