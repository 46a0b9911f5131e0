"""A changed overlay is parsed again only where its text changed: the pieces it is cut into must
mean what the whole file means, and a cached answer must be what compiling afresh gives."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import NETWORK
from test_store import _answers, _sections
from unmech import cache, loader, pieces, store, yamlread
from unmech.errors import DataError
from unmech.kb import KnowledgeBase

_SHIPPED = [Path(p) for p in loader.shipped_paths()]


def _by_pieces(text: bytes) -> tuple[bool, Any]:
    """What the loader makes of a text piece by piece: (False, None) when a piece does not parse
    alone (the loader then parses the whole file)."""
    cut = pieces.cut(text)
    parsed = [pieces.parse(piece, "x.yaml") for piece in cut]
    if any(p is None for p in parsed):
        return False, None
    data = pieces.assemble(cut, [p[0] for p in parsed if p is not None])
    return data is not None, data


def _whole(text: bytes) -> tuple[bool, Any]:
    raw = yamlread.parse(text, "x.yaml")
    return not raw.problems, raw.data


@pytest.mark.parametrize("path", [*_SHIPPED, Path(NETWORK)], ids=lambda p: p.name)
def test_the_data_files_are_cut_into_records_that_mean_the_whole_file(path):
    text = path.read_bytes()
    cut = pieces.cut(text)
    assert cut[0].role != pieces.FILE and len(cut) > 3
    assert _by_pieces(text) == (True, _whole(text)[1])


TRICKY = {
    "comments and blank lines between records": b"# head\nfindings:\n# before\n\n- id: a\n  x: 1\n"
    b"# between\n\n- id: b\n# end\n",
    "a list indented under its key": b"findings:\n  - id: a\n    x: [1,\n      2]\n  - id: b\n",
    "a quoted scalar that goes on at column 0": b'findings:\n- id: a\n  s: "one\n- two"\n- id: b\n',
    "a quoted scalar whose last line is a comment-like line": b'findings:\n- id: a\n  s: "one\n# two"\n',
    "a flow list that goes on at column 0": b"findings:\n- id: a\n  s: [1,\n- 2]\n",
    "an anchor used in another record": b"findings:\n- id: a\n  s: &x [1, 2]\n- id: b\n  s: *x\n",
    "a kept block scalar before a comment": b"findings:\n- id: a\n  s: |+\n    text\n\n# c\n- id: b\n",
    "CRLF line ends": b"findings:\r\n- id: a\r\n  s: one\r\n- id: b\r\n",
    "a byte-order mark and a document start": b"\xef\xbb\xbf---\nfindings:\n- id: a\n",
    "a document end and a second document": b"findings:\n- id: a\n...\n---\nfindings:\n- id: b\n",
    "a key twice": b"findings:\n- id: a\nfindings:\n- id: b\n",
    "a mapping and a scalar at the top": b"sources:\n  s1:\n    url: u\nversion: 3\nfindings: []\n",
    "text at column 0 inside an indented list": b"findings:\n  - id: a\n    s: 'x\ny'\n  - id: b\n",
    "a quoted key": b'"findings":\n- id: a\n',
    "an empty list section": b"findings:\nmechanisms:\n- id: m\n",
}


@pytest.mark.parametrize("text", TRICKY.values(), ids=TRICKY.keys())
def test_pieces_mean_what_the_whole_file_means_or_the_file_is_parsed_whole(text):
    whole_ok, whole = _whole(text)
    cut_ok, by_pieces = _by_pieces(text)
    if cut_ok:
        assert whole_ok and by_pieces == whole
    else:  # the loader parses the file whole: nothing is made of the pieces
        assert pieces.cut(text)[0].role != pieces.FILE or not whole_ok


_scalars = (st.none() | st.booleans() | st.integers() | st.text(max_size=40)
            | st.sampled_from(["", "- x", "# c", "a: b", "'q", '"q', "x\n- y", "|", "  ", "\n\n"]))
_values = st.recursive(_scalars, lambda c: st.lists(c, max_size=3)
                       | st.dictionaries(st.text(max_size=8), c, max_size=3), max_leaves=12)
_documents = st.dictionaries(st.sampled_from(["findings", "mechanisms", "procedures", "sources", "x"]),
                             st.lists(st.dictionaries(st.sampled_from(["id", "s", "t"]), _values,
                                                      max_size=3), max_size=4) | _values, max_size=4)
_lines = st.sampled_from(["# c", "", "- id: z", "  - z", "---", "...", '"', "'", "[", "]", "|+",
                          "  x: |", "    kept", "findings:", "- &a [1]", "- *a", "\t- t", "x: 'y"])


@settings(max_examples=300, deadline=None)
@given(document=_documents, flow=st.sampled_from([False, None]), width=st.sampled_from([20, 80]),
       indent=st.sampled_from([2, 4]), start=st.booleans(),
       inserts=st.lists(st.tuples(st.integers(min_value=0, max_value=60), _lines), max_size=3))
def test_any_text_is_read_piece_by_piece_as_a_whole_or_not_at_all(document, flow, width, indent,
                                                                   start, inserts):
    text = yaml.safe_dump(document, default_flow_style=flow, width=width, indent=indent,
                          explicit_start=start, allow_unicode=True, sort_keys=False)
    lines = text.split("\n")
    for at, line in inserts:  # edits of the kind people make, some of them breaking the file
        lines.insert(at % (len(lines) + 1), line)
    data = "\n".join(lines).encode("utf-8")
    cut_ok, by_pieces = _by_pieces(data)
    if cut_ok:
        whole_ok, whole = _whole(data)
        assert whole_ok and by_pieces == whole


# --- the loader: a changed overlay answers as the data compiled afresh ----------------------


def _overlay(tmp_path: Path, text: bytes | None = None) -> Path:
    overlay = tmp_path / "network.yaml"
    if text is None:
        shutil.copy(NETWORK, overlay)
    else:
        overlay.write_bytes(text)
    return overlay


def _same_as_fresh(overlay: Path) -> store.Store | Any:
    cached = loader.load(str(overlay))
    assert _answers(KnowledgeBase(cached)) == _answers(KnowledgeBase(loader.load(str(overlay),
                                                                                 use_cache=False)))
    return cached


def test_a_comment_added_keeps_the_compiled_records(tmp_path):
    overlay = _overlay(tmp_path)
    loader.load(str(overlay))
    overlay.write_text(overlay.read_text(encoding="utf-8") + "# reviewed again in November\n",
                       encoding="utf-8")
    assert isinstance(_same_as_fresh(overlay), store.Store), "the records were compiled again"
    assert isinstance(loader.load(str(overlay)), store.Store)


def test_an_edited_record_is_compiled_again_with_the_edit(tmp_path):
    overlay = _overlay(tmp_path)
    loader.load(str(overlay))
    text = overlay.read_text(encoding="utf-8")
    overlay.write_text(text.replace("It exists so the tests have a stable record.",
                                    "It now says something else."), encoding="utf-8")
    cached = _same_as_fresh(overlay)
    summary = KnowledgeBase(cached).raw_record("test-finding")["summary"]
    assert summary.endswith("It now says something else.")
    overlay.write_text(text, encoding="utf-8")  # and back: the old pieces are gone, not reused
    assert _same_as_fresh(overlay) is not None


def test_a_record_added_and_one_removed_are_seen(tmp_path):
    overlay = _overlay(tmp_path)
    loader.load(str(overlay))
    text = overlay.read_text(encoding="utf-8")
    start = text.index("  - id: test-finding")
    record = text[start:text.index("\nprocedures:")]
    overlay.write_text(text.replace(record, record.replace("test-finding", "test-finding-two")
                                    .replace("A/TEST/1/23", "A/TEST/1/24")), encoding="utf-8")
    kb = KnowledgeBase(_same_as_fresh(overlay))
    ids = {r.id for r in kb.all()}
    assert "test-finding-two" in ids and "test-finding" not in ids


@pytest.mark.parametrize("name", ["a quoted scalar that goes on at column 0",
                                  "a quoted scalar whose last line is a comment-like line",
                                  "an anchor used in another record", "CRLF line ends",
                                  "a kept block scalar before a comment"])
def test_an_overlay_that_cannot_be_cut_safely_is_read_whole(tmp_path, name):
    text = TRICKY[name].replace(b"findings:", b"findings:\n- id: test-x\n  mechanism: wgad\n"
                                b"  kind: statement\n  title: T\n  date: '2024'\n  summary: '"
                                + b"S" * 90 + b"'\n  url: https://undocs.org/A/1\n"
                                b"  last_reviewed: '2026-01-01'", 1)
    overlay = _overlay(tmp_path, text)
    try:
        expected = loader.load(str(overlay), use_cache=False)
    except DataError as error:  # not valid records: the same problems, with or without pieces
        with pytest.raises(DataError) as cached_error:
            loader.load(str(overlay))
        assert cached_error.value.problems == error.problems
        return
    assert KnowledgeBase(loader.load(str(overlay))).raw_record("test-x") == \
        KnowledgeBase(expected).raw_record("test-x")


def test_a_problem_in_an_edited_record_says_where_it_is(tmp_path):
    overlay = _overlay(tmp_path)
    loader.load(str(overlay))
    text = overlay.read_text(encoding="utf-8")
    overlay.write_text(text.replace("date: '2024-06-30'", "date: '2024-13-30'"), encoding="utf-8")
    with pytest.raises(DataError) as error:
        loader.load(str(overlay))
    line = text[:text.index("date: '2024-06-30'")].count("\n") + 1
    assert any(p.line == line for p in error.value.problems), error.value.problems


@pytest.mark.parametrize("section", ["parts.meaning", "parts.keys", "parts.digests", "parts.values",
                                     "parts.items", "parts.order", "postings.values", "records.items"])
def test_damaged_pieces_are_parsed_again_not_used(tmp_path, section):
    overlay = _overlay(tmp_path)
    loader.load(str(overlay))
    [entry] = Path(cache.cache_dir()).iterdir()
    data = bytearray(entry.read_bytes())
    start, length = _sections(bytes(data))[section]
    data[start + length // 2] ^= 0x04
    entry.write_bytes(bytes(data))
    text = overlay.read_text(encoding="utf-8")
    overlay.write_text(text.replace("It exists so the tests have a stable record.",
                                    "It now says something else."), encoding="utf-8")
    kb = KnowledgeBase(_same_as_fresh(overlay))
    assert kb.raw_record("test-finding")["summary"].endswith("It now says something else.")


# --- findings edited in place: the store patched, never different from compiling afresh ------

_FINDING = {"id": "net-finding-{n}", "mechanism": "wgad", "kind": "study",
            "title": "A network's finding {n}", "date": "2024-05-{n:02d}", "countries": ["PHL"],
            "themes": ["torture"], "url": "https://example.org/net/{n}",
            "summary": "A network's own record of what a body said about drug detention, long "
                       "enough to pass the check on summaries ({n}).",
            "sources": [{"title": "The network's notes {n}", "url": "https://example.org/net/{n}"}],
            "last_reviewed": "2026-10-{n:02d}"}


_BODY = {"id": "net-body-{n}", "name": "Network Panel on Detention {n}", "acronym": "NPD{n}",
         "type": "special-procedure", "summary": "A network's own body ({n}).",
         "themes": ["arbitrary-detention", "torture"], "url": "https://example.org/body/{n}",
         "sources": [{"title": "The body's page {n}", "url": "https://example.org/body/{n}"}],
         "last_reviewed": "2026-10-{n:02d}"}
_GUIDE = {"id": "net-guide-{n}", "title": "Ask a body to act {n}", "mechanisms": ["net-body-1", "wgad"],
          "summary": "A network's own guide to asking a body to act ({n}).",
          "who_can_use": "Anyone, with the person's consent.",
          "requirements": ["The person's consent."],
          "steps": [{"title": "Write it down", "detail": "Who, what, where and when."}],
          "checklist": ["Consent recorded"], "deadlines": ["None known."],
          "safety": ["Keep the person's name out of it if they wish."],
          "sources": [{"title": "The network's notes {n}", "url": "https://example.org/guide/{n}"}],
          "last_reviewed": "2026-10-{n:02d}"}


def _bodies(count: int) -> list[dict[str, Any]]:
    return [_filled(_BODY, n) for n in range(1, count + 1)]


def _guides(count: int) -> list[dict[str, Any]]:
    return [_filled(_GUIDE, n) for n in range(1, count + 1)]


def _filled(value: Any, n: int) -> Any:
    if isinstance(value, str):
        return value.format(n=n)
    if isinstance(value, list):
        return [_filled(v, n) for v in value]
    return {k: _filled(v, n) for k, v in value.items()}


def _findings(count: int) -> list[dict[str, Any]]:
    return [_filled(_FINDING, n) for n in range(1, count + 1)]


def _write(path: Path, findings: list[dict[str, Any]], guides: list[dict[str, Any]] | None = None,
           bodies: list[dict[str, Any]] | None = None) -> None:
    data = {"mechanisms": bodies if bodies is not None else _bodies(2), "findings": findings,
            "procedures": guides if guides is not None else _guides(2)}
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _everything(source: Any) -> dict[Any, Any]:
    """All that a store or a compiled form answers: its records and index, the type, id and
    mechanism of each record, the newest review date, and the records of every country and
    every mechanism."""
    out: dict[Any, Any] = source.plain()
    kinds, ids, mechanisms = source.docs()
    out["docs"], out["reviewed"] = (kinds, ids, mechanisms), source.reviewed()
    for code in source.index_part("iso_codes"):
        out["country", code] = source.lookup("country_docs", code)
    for ident in ids:
        out["mechanism", ident] = source.lookup("mechanism_docs", ident)
        out["children", ident] = source.lookup("children", ident)
    return out


def _cached(folder: Path, findings: list[dict[str, Any]], guides: list[dict[str, Any]] | None = None,
            bodies: list[dict[str, Any]] | None = None) -> Path:
    """An overlay with these records, written and compiled into the cache."""
    overlay = folder / "network.yaml"
    _write(overlay, findings, guides, bodies)
    loader.load(str(overlay))
    return overlay


def _as_compiled(overlay: Path) -> Any:
    """The overlay as the cache gives it, checked against compiling it afresh."""
    cached = loader.load(str(overlay))
    assert _everything(cached) == _everything(loader.load(str(overlay), use_cache=False))
    return cached


@pytest.fixture
def no_full_compile(monkeypatch):
    """Fails a test that compiles the data in full instead of patching the store."""
    from unmech import index

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the data was compiled in full")

    def arm() -> None:
        monkeypatch.setattr(index, "build", refuse)
        monkeypatch.setattr(index, "extend", refuse)

    return arm


_EDITS = {
    "summary": lambda f: {**f, "summary": f["summary"] + " New words: zebrafish, zebrafishes."},
    "countries": lambda f: {**f, "countries": ["THA", "VNM", "THA"]},
    "themes": lambda f: {**f, "themes": ["death-penalty", "torture"]},
    "mechanism": lambda f: {**f, "mechanism": "sr-torture"},
    "newest review date": lambda f: {**f, "last_reviewed": "2099-01-01"},
    "symbol and sources": lambda f: {**f, "symbol": "A/HRC/99/1", "sources": [
        {"title": "The report", "url": "https://undocs.org/A/HRC/99/1", "symbol": "A/HRC/99/1"},
        {"title": "Its annex", "url": "https://undocs.org/A/HRC/99/1/Add.1", "symbol": "A/HRC/99/1"}]},
    "words taken out": lambda f: {**f, "title": "Short", "summary": "x " * 45},
    "an unquoted year": lambda f: {**f, "date": 2023},
}


_GUIDE_EDITS = {
    "guide's words": lambda g: {**g, "summary": g["summary"] + " Zebrafish, zebrafishes."},
    "guide's mechanisms": lambda g: {**g, "mechanisms": ["sr-torture", "wgad", "sr-torture"]},
    "guide's sources": lambda g: {**g, "sources": [
        {"title": "A report", "url": "https://undocs.org/A/HRC/98/2", "symbol": "A/HRC/98/2"}]},
    "guide's newest review date": lambda g: {**g, "last_reviewed": "2099-01-01"},
}
_BODY_EDITS = {
    "body's themes": lambda b: {**b, "themes": ["death-penalty", "arbitrary-detention", "health"]},
    "body's name": lambda b: {**b, "name": "Network Committee on Prisons", "acronym": "NCP"},
    "body's parent": lambda b: {**b, "parent": "hrc"},
    "body's newest review date": lambda b: {**b, "last_reviewed": "2099-01-01"},
}


@pytest.mark.parametrize("edit", [*_EDITS.values(), *_GUIDE_EDITS.values(), *_BODY_EDITS.values()],
                         ids=[*_EDITS.keys(), *_GUIDE_EDITS.keys(), *_BODY_EDITS.keys()])
def test_an_edited_record_is_patched_into_the_store_as_a_fresh_compile_would_make_it(
        tmp_path, edit, no_full_compile):
    findings, guides, bodies = _findings(3), _guides(2), _bodies(2)
    overlay = _cached(tmp_path, findings, guides, bodies)
    if edit in _GUIDE_EDITS.values():
        guides[1] = edit(guides[1])
    elif edit in _BODY_EDITS.values():
        bodies[0] = edit(bodies[0])
    else:
        findings[1] = edit(findings[1])
    _write(overlay, findings, guides, bodies)
    expected = _everything(loader.load(str(overlay), use_cache=False))
    no_full_compile()
    patched = loader.load(str(overlay))
    assert isinstance(patched, store.Store)
    assert _everything(patched) == expected


def test_findings_added_after_the_last_are_patched_in_and_elsewhere_compiled(tmp_path, monkeypatch,
                                                                            no_full_compile):
    findings = _findings(3)
    overlay = _cached(tmp_path, findings)
    findings += [_filled(_FINDING, 7), _filled(_FINDING, 8)]
    findings[0] = _EDITS["countries"](findings[0])  # an edit in the same run
    _write(overlay, findings)
    expected = _everything(loader.load(str(overlay), use_cache=False))
    no_full_compile()
    assert _everything(loader.load(str(overlay))) == expected
    monkeypatch.undo()
    findings.insert(1, _filled(_FINDING, 9))  # not after the last: the records after it move
    _write(overlay, findings)
    _as_compiled(overlay)


def test_a_finding_added_with_a_shipped_id_replaces_it_in_its_place(tmp_path):
    findings = _findings(2)
    overlay = _cached(tmp_path, findings)
    shipped = loader.load(use_cache=False).ids("findings")[0]
    findings.append({**_filled(_FINDING, 5), "id": shipped})
    _write(overlay, findings)
    assert _as_compiled(overlay).ids("findings")[0] == shipped


def test_a_body_and_a_guide_that_engages_it_edited_together_are_patched_as_compiled(
        tmp_path, no_full_compile):
    findings, guides, bodies = _findings(2), _guides(2), _bodies(2)
    overlay = _cached(tmp_path, findings, guides, bodies)
    bodies[0] = _BODY_EDITS["body's themes"](bodies[0])  # themes its guides take from it
    guides[0] = _GUIDE_EDITS["guide's mechanisms"](guides[0])  # and a guide that leaves it
    _write(overlay, findings, guides, bodies)
    expected = _everything(loader.load(str(overlay), use_cache=False))
    no_full_compile()
    assert _everything(loader.load(str(overlay))) == expected


@settings(max_examples=25, deadline=None)
@given(edits=st.lists(st.lists(st.tuples(st.integers(min_value=0, max_value=3),
                                         st.sampled_from([*_EDITS, *_GUIDE_EDITS, *_BODY_EDITS,
                                                          "finding added"])),
                               min_size=1, max_size=3), min_size=1, max_size=3))
def test_edits_in_a_row_leave_the_store_as_a_fresh_compile_would_make_it(tmp_path_factory, edits):
    records = {"findings": _findings(4), "guides": _guides(4), "bodies": _bodies(4)}
    overlay = _cached(tmp_path_factory.mktemp("net"), records["findings"], records["guides"],
                      records["bodies"])
    added = iter(range(10, 28))
    for together in edits:  # several records edited before each run
        for n, name in together:
            if name == "finding added":
                records["findings"].append(_filled(_FINDING, next(added)))
                continue
            kind, edit = (("guides", _GUIDE_EDITS[name]) if name in _GUIDE_EDITS else
                          ("bodies", _BODY_EDITS[name]) if name in _BODY_EDITS else
                          ("findings", _EDITS[name]))
            records[kind][n] = edit(records[kind][n])
        _write(overlay, records["findings"], records["guides"], records["bodies"])
        _as_compiled(overlay)


def test_a_finding_edited_into_a_problem_is_reported_with_its_line(tmp_path):
    findings = _findings(3)
    overlay = _cached(tmp_path, findings)
    findings[2] = {**findings[2], "countries": ["XXX"]}
    _write(overlay, findings)
    with pytest.raises(DataError) as error:
        loader.load(str(overlay))
    text = overlay.read_text(encoding="utf-8")
    assert [p.line for p in error.value.problems] == [text[:text.index("- XXX")].count("\n") + 1] \
        or all(p.line for p in error.value.problems), error.value.problems


def test_on_windows_the_old_entry_is_closed_before_it_is_replaced(tmp_path, monkeypatch):
    import sys

    overlay = _cached(tmp_path, _findings(3))
    opened: list[store.Reader] = []
    open_previous, replace = store.open_previous, os.replace

    def recording(fd: int, base: bytes) -> store.Reader | None:
        reader = open_previous(fd, base)
        opened.append(reader)  # type: ignore[arg-type]
        return reader

    still_open: list[str] = []

    def replacing(source: str, target: str) -> None:  # (the cache swallows its own errors)
        still_open.extend(target for r in opened if r.fd >= 0)
        replace(source, target)

    monkeypatch.setattr(store, "open_previous", recording)
    monkeypatch.setattr(os, "replace", replacing)
    monkeypatch.setattr(sys, "platform", "win32")
    text = overlay.read_text(encoding="utf-8")
    for edited in (text + "# a comment\n", text.replace("(2).", "(2), edited."),
                   text.replace("net-finding-2", "net-finding-22")):  # patched, then compiled
        overlay.write_text(edited, encoding="utf-8")
        opened.clear()
        _as_compiled(overlay)
        assert opened and not still_open, "the old entry was open when it was replaced"
