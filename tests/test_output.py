"""Writing files: atomic, never over an existing file without force, clean errors."""

from __future__ import annotations

import os

import pytest

from unmech import output
from unmech.errors import OutputExistsError, UsageError


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
    assert (tmp_path / "a.md").read_text() == "keep"


def test_symlink_target_is_not_followed_without_force(tmp_path):
    real = tmp_path / "real.md"
    real.write_text("keep")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    with pytest.raises(OutputExistsError):
        output.write_atomic(str(link), "x")
    assert real.read_text() == "keep"
