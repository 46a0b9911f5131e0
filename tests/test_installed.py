"""Real processes: the installed entry point, python -m, import hygiene and no network."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ENTRY = shutil.which("unmech", path=os.path.dirname(sys.executable)) or shutil.which("unmech")


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "unmech", *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=60, check=False)


def loaded_modules(*args: str) -> set[str]:
    p = subprocess.run([sys.executable, "-X", "importtime", "-m", "unmech", *args],
                       capture_output=True, text=True, timeout=60, check=False)
    return {line.rsplit("|", 1)[1].strip() for line in p.stderr.splitlines()
            if line.startswith("import time:")}


@pytest.mark.skipif(ENTRY is None, reason="the unmech script is not installed")
def test_entry_point_runs_from_another_folder(tmp_path):
    p = subprocess.run([ENTRY, "search", "torture", "--json"], capture_output=True, text=True,
                       cwd=tmp_path, timeout=60, check=False)
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)[0]["id"]


def test_python_m_unmech_version():
    p = run("--version")
    assert p.returncode == 0 and p.stdout.startswith("unmech ") and "data reviewed" in p.stdout


def test_piped_output_has_no_colour_and_head_ends_quietly():
    p = subprocess.run(f"{sys.executable} -m unmech list findings | head -n 2", shell=True,
                       capture_output=True, text=True, timeout=60, check=False)
    assert "\x1b" not in p.stdout and len(p.stdout.splitlines()) == 2
    assert "Traceback" not in p.stderr and "BrokenPipe" not in p.stderr


def test_search_loads_no_yaml_parser_or_validation():
    mods = loaded_modules("search", "torture")
    assert not {"yaml", "pydantic", "pycountry", "unmech.validate"} & mods
    assert "rapidfuzz" in mods or "unmech.search" in mods


def test_help_version_and_show_load_no_search_engine():
    for args in (["--help"], ["--version"], ["show", "wgad"]):
        mods = loaded_modules(*args)
        assert not {"rapidfuzz", "yaml", "pydantic", "pycountry", "rich.markdown"} & mods, args


def test_piped_commands_load_no_rich():
    for args in (["search", "torture"], ["show", "wgad"], ["guide", "wgad-petition"], ["--help"]):
        assert not {m for m in loaded_modules(*args) if m.split(".")[0] == "rich"}, args


def test_typer_adds_no_pydantic_to_a_command():
    """typer 0.29 coerces every parameter through pydantic, about 90 ms a run: upgrading past the
    range in pyproject.toml must be a measured decision (docs/adr/0004-typer-and-rich.md)."""
    import re
    from importlib.metadata import version

    major, minor = (int(x) for x in re.findall(r"\d+", version("typer"))[:2])
    pinned = (Path(__file__).parent.parent / "pyproject.toml").read_text(encoding="utf-8")
    upper = re.search(r'"typer>=[\d.]+,<(\d+)\.(\d+)"', pinned)
    assert upper, "pyproject.toml no longer bounds typer"
    assert (major, minor) < (int(upper.group(1)), int(upper.group(2))), "typer is past the measured range"
    assert not {"pydantic", "pydantic_core"} & loaded_modules("search", "torture")


def test_help_and_version_do_not_decode_the_data():
    for args in (["--help"], ["--version"]):
        assert "unmech.kb" not in loaded_modules(*args), args


def test_commands_work_with_sockets_disabled(tmp_path):
    guard = tmp_path / "sitecustomize.py"
    guard.write_text(
        "import socket\n"
        "def _no(*a, **k):\n    raise OSError('network access attempted')\n"
        "socket.socket = _no\nsocket.create_connection = _no\nsocket.getaddrinfo = _no\n"
    )
    env = {"PYTHONPATH": str(tmp_path) + os.pathsep + os.environ.get("PYTHONPATH", ""),
           "UNMECH_CACHE_DIR": str(tmp_path / "cache")}
    fixture = str(Path(__file__).parent / "fixtures" / "network.yaml")
    for args in (["search", "torture"], ["show", "wgad"], ["guide", "wgad-petition", "--checklist"],
                 ["list", "themes"], ["cite", "hrc-gc36-right-to-life"], ["validate"],
                 ["export", "wgad-petition", "--format", "html"],
                 ["search", "detention", "--data", fixture]):
        p = run(*args, env=env)
        assert p.returncode == 0, (args, p.stderr)
        assert "network access attempted" not in p.stderr
