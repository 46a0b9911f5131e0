"""The host table: every entry well formed, and addresses classed by their host."""

from __future__ import annotations

import pytest

from unmech import hosts


@pytest.fixture(scope="module")
def table() -> hosts.HostTable:
    return hosts.read(hosts.shipped_path())


def test_shipped_hosts_file_has_no_problems(table):
    assert table.problems == ()
    assert all(table.counts()[c] > 0 for c in hosts.CLASSES)


@pytest.mark.parametrize(("url", "cls"), [
    ("https://undocs.org/A/HRC/47/40", "official"),
    ("https://www.ohchr.org/en/treaty-bodies/cat", "official"),
    ("https://press.un.org/en/2016/ga11775.doc.htm", "official"),
    ("https://hudoc.echr.coe.int/eng?i=001-61039", "official"),
    ("https://www.corteidh.or.cr/docs/casos/articulos/seriec_35_ing.pdf", "official"),
    ("https://mfa.gov.sg/statement", "official"),
    ("https://www.gov.uk/government/news/x", "official"),
    ("https://hri.global/publications/x", "secondary"),
    ("https://academy.ishr.ch/learn/x", "secondary"),
    ("https://bookofauthorities.info/documents/2012/x", "copy"),
    ("http://beta.bailii.org/eu/cases/ECHR/2013/420.html", "copy"),
    ("https://web.test.ohchr.un-icc.cloud/en/special-procedures", "refused"),
    ("https://test.ohchr.org/en", "refused"),
    ("https://3672.staging.lexmea.de/gesetz", "refused"),
    ("https://idpcnet.vercel.app/publications", "refused"),
    ("http://web.archive.org/web/2011/http://www.icc-cpi.int/", "refused"),
    ("https://www.scribd.com/document/1", "refused"),
    ("https://vdocuments.mx/x.html", "refused"),
    ("https://www.cnnphilippines.com:443/news/x", "secondary"),
])
def test_addresses_are_classed_by_host(table, url, cls):
    entry = table.classify(url)
    assert entry is not None and entry.cls == cls, (url, entry)


def test_longest_host_wins_and_unknown_hosts_are_none(table):
    assert table.classify("https://example.invalid/x") is None
    assert table.classify("not a url") is None
    # a refused pattern beats an official domain
    assert table.classify("https://a.dev.ohchr.org/").cls == "refused"


def test_government_sites_are_official_only_for_their_own_statements(table):
    entry = table.classify("https://www.dfat.gov.au/x")
    assert entry.cls == "official" and entry.own


def test_bad_entries_are_problems_with_their_place():
    table = hosts.parse({"official": [{"host": "https://x.org/", "note": "x"},
                                      {"host": "y.org"},
                                      {"host": "z.org", "note": "z", "also": ["refused"]},
                                      {"host": "z.org", "note": "again"}],
                         "secondary": [{"pattern": "*.w", "note": "w", "own": True}],
                         "shady": []}, "hosts.yaml")
    found = [str(p) for p in table.problems]
    assert any("official[0]" in p and "not a lower-case host name" in p for p in found)
    assert any("official[1]" in p and "note is required" in p for p in found)
    assert any("official[2]" in p and "also must list" in p for p in found)
    assert any("official[3]" in p and "listed twice" in p for p in found)
    assert any("secondary[0]" in p and "own" in p for p in found)
    assert any(p.startswith("hosts.yaml shady") for p in found)
