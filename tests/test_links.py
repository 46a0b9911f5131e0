"""Links people can cite: every address is classed by data/hosts.yaml, and validate enforces it."""

from __future__ import annotations

import json
import re

import pytest

from unmech import hosts, loader, pages, validate, yamlread
from unmech.kb import KnowledgeBase
from unmech.models import Problem, Source
from unmech.render import Format, render

RECORD = """\
findings:
  - id: my-finding
    mechanism: wgad
    kind: opinion
    title: A finding
    date: '2024-05-01'
    themes: [arbitrary-detention]
    summary: >-
      The Working Group found the detention of a person who uses drugs arbitrary because no judge
      ever reviewed it.
    url: {url}
    sources:
{sources}
    last_reviewed: '2026-01-01'
"""


@pytest.fixture(scope="module")
def shipped() -> list[yamlread.RawFile]:
    return [loader.read_file(p) for p in loader.shipped_paths()]


OPINION = "      - {title: The opinion, url: 'https://undocs.org/A/HRC/47/40'}"


def problems(shipped: list[yamlread.RawFile], url: str = "https://undocs.org/A/HRC/47/40",
             sources: str = OPINION) -> list[Problem]:
    text = RECORD.format(url=url, sources=sources)
    return validate.check([*shipped, yamlread.parse(text.encode("utf-8"), "o.yaml")])


def messages(found: list[Problem]) -> list[str]:
    return [str(p) for p in found]


def test_shipped_data_uses_no_refused_or_unknown_host(shipped):
    table = hosts.shipped()
    for raw in shipped:
        for url in _addresses(raw.data):
            entry = table.classify(url)
            assert entry is not None, f"{raw.path}: {url} is not in data/hosts.yaml"
            assert entry.cls != hosts.REFUSED, f"{raw.path}: {url} is refused ({entry.note})"
            assert hosts.host_of(url) not in ("example.org", "example.com", "example.net"), url


def test_every_shipped_record_url_is_official(shipped):
    table = hosts.shipped()
    for raw in shipped:
        for kind in ("mechanisms", "findings"):
            for record in raw.data.get(kind) or ():
                entry = table.classify(record["url"])
                assert entry is not None and entry.cls == hosts.OFFICIAL and not entry.own, \
                    (record["id"], record["url"])


def test_an_official_record_with_official_sources_has_no_problems(shipped):
    assert problems(shipped) == []


def test_a_refused_host_names_the_record_the_field_and_the_host(shipped):
    found = problems(shipped, url="https://www.scribd.com/document/1")
    assert [(p.file, p.line, p.path) for p in found] == [("o.yaml", 11, "findings[my-finding].url")]
    assert "www.scribd.com is refused" in found[0].message
    found = problems(shipped, sources="      - {title: Copy, url: 'https://web.test.ohchr.un-icc.cloud/en/x'}")
    assert messages(found) == [
        "o.yaml:13 findings[my-finding].sources: source 1: web.test.ohchr.un-icc.cloud is refused "
        "(a test server); link the official document instead, such as https://undocs.org/SYMBOL, or "
        "drop the source"]


@pytest.mark.parametrize("url", ["https://hri.global/x", "https://bookofauthorities.info/x",
                                 "https://mfa.gov.sg/x"])
def test_a_record_url_must_be_official_and_the_bodys_own(shipped, url):
    found = problems(shipped, url=url)
    assert len(found) == 1 and found[0].path == "findings[my-finding].url", found
    assert "url must be on the" in found[0].message


def test_an_unknown_host_is_a_problem_saying_how_to_add_it(shipped):
    found = problems(shipped, url="https://unheard-of.example.net.invalid/x")
    assert "is not in data/hosts.yaml; add it there" in found[0].message


@pytest.mark.parametrize(("source", "expected"), [
    ("{title: C, url: 'https://bookofauthorities.info/x'}", "mark the source copy: true"),
    ("{title: C, url: 'https://bookofauthorities.info/x', secondary: true}", "mark the source copy: true"),
    ("{title: S, url: 'https://hri.global/x'}", "mark the source secondary: true"),
    ("{title: O, url: 'https://undocs.org/A/1', copy: true}", "is marked copy, but undocs.org is official"),
    ("{title: O, url: 'https://hri.global/x', secondary: true, copy: true}", "both secondary and copy"),
])
def test_a_source_must_be_marked_as_its_host_is_classed(shipped, source, expected):
    found = problems(shipped, sources=f"      - {source}")
    assert len(found) == 1 and expected in found[0].message, found


@pytest.mark.parametrize("source", [
    "{title: C, url: 'https://bookofauthorities.info/x', copy: true}",
    "{title: S, url: 'https://hri.global/x', secondary: true}",
    # a host that carries both kinds: an NGO submission on an OHCHR page
    "{title: S, url: 'https://tbinternet.ohchr.org/x', secondary: true}",
    # a government's copy of a judgment
    "{title: C, url: 'https://www.boletinoficial.gob.ar/x', copy: true}",
])
def test_a_source_marked_as_its_host_allows_is_fine(shipped, source):
    assert problems(shipped, sources=f"      - {source}") == []


def test_a_broken_hosts_file_is_reported(shipped):
    table = hosts.parse({"official": [{"host": "undocs.org"}]}, "hosts.yaml")
    found = validate.check(shipped, table)
    assert any(p.file == "hosts.yaml" and "note is required" in p.message for p in found)


def _addresses(value: object) -> list[str]:
    """Every url field anywhere in the data."""
    found: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "url" and isinstance(item, str):
                found.append(item)
            else:
                found += _addresses(item)
    elif isinstance(value, list):
        for item in value:
            found += _addresses(item)
    return found


# --- a copy is never printed, exported or cited ----------------------------------------------

_URL = re.compile(r"https?://[^\s<>)\]\"'`]+")


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase(loader.load(use_cache=False))


def _unprintable(kb: KnowledgeBase) -> tuple[set[str], set[str]]:
    """The addresses and host names of every copy in the data, and every copy or refused host."""
    table = hosts.shipped()
    urls = {s.url for r in kb.all() for s in r.sources if s.copy}
    names = {e.name for e in table.entries if e.cls in (hosts.COPY, hosts.REFUSED) and not e.pattern}
    return urls, names | {hosts.host_of(u) for u in urls}


def _assert_citable(output: str, where: str, urls: set[str], names: set[str]) -> None:
    table = hosts.shipped()
    for url in _URL.findall(output):
        url = url.rstrip(".,;")
        entry = table.classify(url)
        assert entry is not None and entry.cls in (hosts.OFFICIAL, hosts.SECONDARY), (where, url)
        assert url not in urls, (where, url)
    lowered = output.lower()
    for name in names:
        assert name not in lowered, (where, name)


def test_no_copy_or_refused_host_in_any_page_or_format(kb):
    urls, names = _unprintable(kb)
    assert urls, "the shipped data should exercise copies"
    records = list(kb.all())
    docs = [(r.id, pages.show(kb, r)) for r in records]
    docs += [(f"{p.id} checklist", pages.checklist(kb, p)) for p in kb.records("procedures")]
    docs.append(("export", pages.export(kb, records, "Everything")))
    for where, doc in docs:
        for fmt in Format:
            _assert_citable(render(doc, fmt), f"{where} ({fmt})", urls, names)
    for f in kb.records("findings"):
        for fmt in ("text", "markdown"):
            _assert_citable(pages.citation_for(kb, f, fmt), f"cite {f.id}", urls, names)


def test_json_leaves_copies_out_of_sources(kb, run):
    urls, names = _unprintable(kb)
    for kind in ("mechanisms", "procedures", "findings"):
        result = run("list", kind, "--json")
        assert result.exit_code == 0, result
        _assert_citable(result.stdout, f"list {kind} --json", urls, names)
    result = run("show", "ecthr-wenner-v-germany-2016", "--json")
    data = json.loads(result.stdout)
    assert all(not s.get("copy") for s in data["sources"])
    assert "Checked on an unofficial copy of Application no. 62303/13" in data["checked_on_copies"][0]


def test_a_copy_prints_as_the_document_it_copies_with_the_official_link():
    copy = Source("HRI e-Book of Authorities copy", "https://bookofauthorities.info/x", "A/67/275",
                  copy=True)
    assert pages.source_line(copy) == ("Checked on an unofficial copy of A/67/275; the official "
                                       "document: https://undocs.org/A/67/275.")
    case = Source("Lexploria copy", "https://app.lexploria.com/x", "no. 62303/13", copy=True)
    assert pages.source_line(case) == ("Checked on an unofficial copy of no. 62303/13; the official "
                                       "text was not opened.")
    assert pages.source_line(Source("BAILII", "https://www.bailii.org/x", copy=True)) == (
        "Checked on an unofficial copy of the document; the official text was not opened.")
