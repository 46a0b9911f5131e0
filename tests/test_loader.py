"""Reading data: hostile files fail cleanly with places; the compiled form and cache are right."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from conftest import FIXTURES, NETWORK
from unmech import cache, compiled, loader, yamlread
from unmech.errors import DataError

HOSTILE = FIXTURES / "hostile"


def problems_of(path: Path) -> list[str]:
    with pytest.raises(DataError) as info:
        loader.compile_files([loader.shipped_yaml_path(), str(path)])
    return [str(p) for p in info.value.problems]


def test_python_tag_is_refused_and_never_run(tmp_path):
    marker = Path("/tmp/unmech-pwned")
    marker.unlink(missing_ok=True)
    found = problems_of(HOSTILE / "python-tag.yaml")
    assert any("python-tag.yaml:2" in p and "tag" in p and "not allowed" in p for p in found)
    assert not marker.exists()


def test_alias_bomb_is_refused_quickly():
    start = time.monotonic()
    found = problems_of(HOSTILE / "billion-laughs.yaml")
    assert time.monotonic() - start < 5
    assert any("too many aliases" in p for p in found)


def test_oversized_file_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(yamlread, "MAX_FILE_BYTES", 100)
    big = tmp_path / "big.yaml"
    big.write_text("themes: []\n" + "# padding\n" * 50)
    assert any("the limit is 100" in p for p in problems_of(big))


def test_malformed_yaml_names_line_and_column():
    found = problems_of(HOSTILE / "malformed.yaml")
    assert len(found) == 1
    assert found[0].startswith(f"{HOSTILE / 'malformed.yaml'}:") and "malformed YAML" in found[0]
    line, column = found[0].split(":")[1:3]
    assert line.isdigit() and column.split()[0].isdigit()


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("latin1.yaml", "not UTF-8"),
        ("empty.yaml", "empty"),
        ("top-list.yaml", "not a list"),
        ("top-string.yaml", "not a string"),
        ("duplicate-key.yaml", "appears twice"),
    ],
)
def test_odd_files_give_one_clear_problem(name, words):
    found = problems_of(HOSTILE / name)
    assert any(words in p for p in found), found


def test_folder_without_yaml_and_missing_path(tmp_path):
    with pytest.raises(DataError, match="no .yaml"):
        loader.load(str(tmp_path))
    with pytest.raises(DataError, match="does not exist"):
        loader.load(str(tmp_path / "missing.yaml"))


def test_unreadable_file(tmp_path):
    folder = tmp_path / "looks-like.yaml"  # a folder cannot be read as a file, even by root
    folder.mkdir()
    assert any("cannot be read" in p for p in problems_of(folder))


def test_folder_overlay_reads_every_yaml(tmp_path):
    shutil.copy(NETWORK, tmp_path / "a.yaml")
    (tmp_path / "b.yml").write_text(
        "mechanisms:\n  - id: second-body\n    name: Second\n    type: regional\n"
        "    summary: S\n    themes: [health]\n    url: https://example.org\n"
        "    sources: [{title: s, url: https://example.org}]\n    last_reviewed: '2026-01-01'\n"
    )
    ids = {m["id"] for m in loader.load(str(tmp_path))["records"]["mechanisms"]}
    assert {"test-body", "second-body"} <= ids


def test_shipped_compiled_form_is_fresh():
    """Fails when data/mechanisms.yaml changed without `python -m unmech.loader`."""
    yaml_path = loader.shipped_yaml_path()
    assert compiled.read_shipped(yaml_path) is not None, (
        "data/mechanisms.compiled.json is stale: run `python -m unmech.loader`"
    )
    fresh = loader.compile_files([yaml_path], from_yaml=True)
    assert compiled.read_shipped(yaml_path).plain() == fresh.plain()


def test_edited_yaml_is_used_even_when_compiled_form_is_stale(tmp_path, monkeypatch):
    data = tmp_path / "data"
    data.mkdir()
    source = Path(loader.shipped_yaml_path())
    shutil.copy(source, data / "mechanisms.yaml")
    shutil.copy(compiled.path_for(str(source)), data / "mechanisms.compiled.json")
    with open(data / "mechanisms.yaml", "a", encoding="utf-8") as f:
        f.write("\n# an edit\n")
    monkeypatch.setattr(loader, "shipped_yaml_path", lambda: str(data / "mechanisms.yaml"))
    assert compiled.read_shipped(str(data / "mechanisms.yaml")) is None
    assert loader.load()["records"]["themes"]


def test_cache_is_used_and_refreshed_when_the_overlay_changes(tmp_path):
    overlay = tmp_path / "o.yaml"
    shutil.copy(NETWORK, overlay)
    first = loader.load(str(overlay))
    assert os.listdir(cache.cache_dir())
    assert loader.load(str(overlay)).plain() == first.plain()
    text = overlay.read_text().replace("Send a test petition", "Send a changed petition")
    overlay.write_text(text)
    os.utime(overlay, ns=(time.time_ns(), time.time_ns() + 10_000_000))
    titles = {p["title"] for p in loader.load(str(overlay))["records"]["procedures"]}
    assert "Send a changed petition" in titles


def test_damaged_cache_is_only_a_miss(tmp_path):
    loader.load(NETWORK)
    for name in os.listdir(cache.cache_dir()):
        Path(cache.cache_dir(), name).write_bytes(b"\x00garbage")
    assert loader.load(NETWORK)["records"]["mechanisms"]
