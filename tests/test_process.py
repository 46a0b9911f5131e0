"""Output failures run as real processes: encodings, closed and full streams are not bugs."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

UNMECH = [sys.executable, "-m", "unmech"]


def _run(shell: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run ``unmech`` through a shell line (for redirections such as ``>&-``)."""
    line = shell.replace("unmech", " ".join(UNMECH), 1)
    full_env = {**os.environ, **env}
    full_env.pop("UNMECH_DEBUG", None)
    return subprocess.run(["bash", "-c", line], capture_output=True, text=True, env=full_env,
                          errors="replace", check=False, timeout=60)


@pytest.mark.parametrize("env", [{"PYTHONIOENCODING": "ascii"},
                                 {"LC_ALL": "C", "PYTHONCOERCECLOCALE": "0", "PYTHONUTF8": "0"}])
def test_an_encoding_that_cannot_show_a_character_degrades(env):
    r = _run("unmech search торture пытки", **env)
    assert r.returncode in (0, 1), r
    assert "bug" not in r.stderr
    r = _run("unmech show wgad", **env)
    assert r.returncode == 0 and "Working Group on Arbitrary Detention" in r.stdout, r


def test_closed_stdout_is_a_one_line_error_not_a_bug():
    r = _run("unmech search torture >&-")
    assert r.returncode == 2, r
    assert "Standard output is closed" in r.stderr and "bug" not in r.stderr
    assert r.stderr.count("\n") == 1


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_full_stdout_is_a_one_line_error_not_a_bug():
    r = _run("unmech show wgad > /dev/full")
    assert r.returncode == 2, r
    assert "could not be written" in r.stderr and "bug" not in r.stderr


def test_closed_stderr_does_not_fail_a_successful_export(tmp_path):
    target = tmp_path / "x.md"
    r = _run(f"unmech export wgad-petition -o {target} 2>&-")
    assert r.returncode == 0, r
    assert target.read_text(encoding="utf-8").startswith("# ")


def test_a_reader_that_goes_away_is_not_an_error():
    r = _run("unmech list findings | head -n 1")
    assert r.returncode == 0 and r.stderr == "", r
