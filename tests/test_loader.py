"""Reading data: hostile files fail cleanly with places; the compiled form and cache are right."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
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
    fresh = loader.compile_files(loader.shipped_paths(), from_yaml=True)
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


# --- the overlay cache --------------------------------------------------------------------


def _titles(overlay: Path) -> set[str]:
    return {p["title"] for p in loader.load(str(overlay))["records"]["procedures"]}


def _network_copy(tmp_path: Path) -> Path:
    overlay = tmp_path / "network.yaml"
    shutil.copy(NETWORK, overlay)
    return overlay


def test_same_size_edit_with_the_old_mtime_is_not_served_stale(tmp_path):
    overlay = _network_copy(tmp_path)
    assert "Send a test petition" in _titles(overlay)
    before = overlay.stat()
    overlay.write_text(overlay.read_text().replace("Send a test petition", "Send a best petition"))
    os.utime(overlay, ns=(before.st_atime_ns, before.st_mtime_ns))  # as `touch -r` would
    assert overlay.stat().st_size == before.st_size
    assert "Send a best petition" in _titles(overlay)


def test_a_flipped_bit_in_the_cache_is_a_miss_not_wrong_text(tmp_path):
    overlay = _network_copy(tmp_path)
    expected = loader.load(str(overlay)).plain()
    [entry] = Path(cache.cache_dir()).iterdir()
    good = entry.read_bytes()
    title_at = good.index(b"Send a test petition")
    for offset in (0, 20, 40, 60, len(good) // 3, title_at + 5, len(good) - 1):
        damaged = bytearray(good)
        damaged[offset] ^= 0x01
        entry.write_bytes(bytes(damaged))
        assert loader.load(str(overlay)).plain() == expected, f"bit flip at byte {offset} was used"


def test_one_cache_entry_per_overlay_so_deleted_text_does_not_linger(tmp_path):
    overlay = _network_copy(tmp_path)
    assert "Send a test petition" in _titles(overlay)
    overlay.write_text(overlay.read_text().replace("Send a test petition", "Send a petition"))
    assert "Send a petition" in _titles(overlay)
    entries = list(Path(cache.cache_dir()).iterdir())
    assert len(entries) == 1
    assert not any(b"Send a test petition" in e.read_bytes() for e in entries)


def _poison_cache(overlay: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Leave a well-formed cache entry for the overlay's exact content that says POISONED."""
    real = loader.compile_files

    def poisoned(paths: list[str], **kwargs: bool) -> compiled.Compiled:
        kb = real(paths, **kwargs)
        for procedure in kb["records"]["procedures"]:
            procedure["title"] = "POISONED"
        return kb

    monkeypatch.setattr(loader, "compile_files", poisoned)
    loader.load(str(overlay))
    monkeypatch.setattr(loader, "compile_files", real)
    assert _titles(overlay) == {"POISONED"}  # the entry is well formed and would be used


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                    reason="giving a file to another user needs root")
def test_a_cache_file_owned_by_another_user_is_not_trusted(tmp_path, monkeypatch):
    overlay = _network_copy(tmp_path)
    _poison_cache(overlay, monkeypatch)
    for entry in Path(cache.cache_dir()).iterdir():
        os.chown(entry, 4242, 4242)
    assert "POISONED" not in _titles(overlay)
    assert "Send a test petition" in _titles(overlay)


def test_a_cache_folder_others_can_write_to_is_not_trusted(tmp_path, monkeypatch):
    overlay = _network_copy(tmp_path)
    _poison_cache(overlay, monkeypatch)
    os.chmod(cache.cache_dir(), 0o777)
    assert "Send a test petition" in _titles(overlay)
    os.chmod(cache.cache_dir(), 0o700)


_STALLED_CACHE_WRITE = """
import os, sys, time
from unmech import loader

def stall(*args):
    print("ready", flush=True)
    time.sleep(60)

os.replace = stall  # stop just before the finished cache entry is given its name
loader.load(sys.argv[1])
"""


def test_sigterm_while_writing_the_cache_leaves_no_temporary_file(tmp_path):
    folder = tmp_path / "cache"
    env = {**os.environ, "UNMECH_CACHE_DIR": str(folder)}
    child = subprocess.Popen([sys.executable, "-c", _STALLED_CACHE_WRITE, NETWORK], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stdout.readline() == "ready\n"
        assert os.listdir(folder)  # the temporary file is there while the write is stalled
        child.send_signal(signal.SIGTERM)
        child.wait(timeout=20)
    finally:
        child.kill()
        child.communicate()
    assert child.returncode != 0
    assert os.listdir(folder) == []


def test_the_size_limit_applies_to_a_folder_overlay_as_a_whole(tmp_path, monkeypatch):
    record = ("mechanisms:\n  - id: body-{n}\n    name: Body\n    type: regional\n"
              "    summary: S\n    themes: [health]\n    url: https://example.org\n"
              "    sources: [{{title: s, url: https://example.org}}]\n    last_reviewed: '2026-01-01'\n")
    for n in range(3):
        (tmp_path / f"{n}.yaml").write_text(record.format(n=n))
    monkeypatch.setattr(yamlread, "MAX_FILE_BYTES", 2 * len(record))
    with pytest.raises(DataError) as info:
        loader.load(str(tmp_path))
    assert any("total" in str(p) and "the limit is" in str(p) for p in info.value.problems)


ADDS_FINDINGS = """
findings:
  - id: added-finding-on-kenya
    mechanism: wgad
    kind: opinion
    title: An added opinion on detention for drug use in Kenya
    date: '2025-02-01'
    countries: [KEN]
    themes: [arbitrary-detention, health]
    summary: >-
      A network's own record that adds to the shipped ones: detention for using drugs, the
      words torture and methadone, and a country the shipped data already names.
    url: https://www.ohchr.org/en/x
    keywords: [GC 99, added keyword]
    sources:
      - title: Its source
        url: https://www.ohchr.org/en/x
        symbol: A/HRC/WGAD/2025/99
    last_reviewed: '2026-11-01'
"""

REPLACES_ONE = """
mechanisms:
  - id: wgad
    name: Working Group on Arbitrary Detention, as a network describes it
    type: special-procedure
    summary: A network's own text for a shipped mechanism, which replaces the shipped record.
    themes: [arbitrary-detention]
    url: https://www.ohchr.org/en/special-procedures/wg-arbitrary-detention
    sources:
      - title: Its source
        url: https://www.ohchr.org/en/special-procedures/wg-arbitrary-detention
    last_reviewed: '2026-11-01'
"""


@pytest.mark.parametrize("text", [None, ADDS_FINDINGS, REPLACES_ONE],
                         ids=["network-fixture", "adds-findings", "replaces-a-record"])
def test_an_overlay_is_indexed_exactly_as_a_full_build_would(tmp_path, text):
    # an overlay that only adds records extends the shipped index; one that replaces a record
    # is indexed whole; either way the index is the one build() makes from the merged records
    from unmech import index, overlay

    path = NETWORK if text is None else str(tmp_path / "overlay.yaml")
    if text is not None:
        Path(path).write_text(text, encoding="utf-8")
    kb = loader.compile_files([*loader.shipped_paths(), path])
    assert kb["index"] == index.build(kb["records"])
    shipped = compiled.read_shipped(loader.shipped_yaml_path())
    base = yamlread.RawFile("shipped")
    base.data = shipped["records"]
    merged = overlay.merge([base, yamlread.read_file(path)])
    extended = index.extend(shipped["index"], shipped["records"], merged)
    assert (extended is None) == (text is REPLACES_ONE)
