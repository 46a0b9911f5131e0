"""The README documents every command with an example, and the shipped data meets its floors."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from unmech import loader
from unmech.cli import COMMANDS

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


def test_every_command_is_in_the_readme_with_an_example(run):
    listed = run("--help").stdout
    for name in COMMANDS:
        assert f"  {name} " in listed, f"{name} is not in unmech --help"
        assert f"### `unmech {name}" in README, f"no README section for {name}"
        assert re.search(rf"`unmech {name} [^`]+`|\$ unmech {name} ", README), f"no example of {name}"


def test_readme_opens_with_the_two_commands_ci_runs():
    block = README.split("```sh\n", 1)[1].split("```", 1)[0].strip().splitlines()
    assert block == [
        "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/unmech search torture",
        "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/python -m pytest",
    ]


def test_shipped_data_meets_the_floors():
    records = loader.load(use_cache=False)["records"]
    mechanisms, procedures, findings = (records[k] for k in ("mechanisms", "procedures", "findings"))
    assert len(mechanisms) >= 40
    assert len(procedures) >= 14
    for p in procedures:
        assert len(p["steps"]) >= 4 and len(p["checklist"]) >= 4, p["id"]
        assert p["safety"] and p["requirements"] and p["deadlines"], p["id"]
    assert len(findings) >= 120
    themes = Counter(t for f in findings for t in f["themes"])
    thin = {t["id"]: themes[t["id"]] for t in records["themes"] if themes[t["id"]] < 8}
    assert not thin, f"themes with fewer than 8 findings: {thin}"
    assert len({f["kind"] for f in findings}) >= 6
    with_country = [f for f in findings if f.get("countries")]
    assert len(with_country) >= 25
    assert len({c for f in with_country for c in f["countries"]}) >= 15
    for f in findings:
        assert len(f["summary"]) >= 80, f["id"]
    for r in (*mechanisms, *procedures, *findings):
        assert any(s["url"].startswith("http") for s in r["sources"]), r["id"]
        assert r["last_reviewed"], r["id"]


def test_named_mechanisms_are_all_there():
    ids = {m["id"] for m in loader.load()["records"]["mechanisms"]}
    required = {"hrc", "upr", "special-procedures", "hrc-complaint-procedure", "ohchr", "wgad",
                "sr-torture", "sr-executions", "sr-health", "sr-privacy", "sr-vawg", "sr-racism",
                "sr-judges-lawyers", "sr-hrd", "wgepad", "human-rights-committee", "cescr", "cat",
                "spt", "cedaw", "cerd", "crc", "crpd", "cmw", "ced", "achpr", "african-court",
                "iachr", "ia-court", "ecthr", "cpt", "aichr", "icc", "cnd", "incb", "unodc",
                "unaids", "unaids-pcb", "who"}
    assert required <= ids, required - ids


def test_links_point_at_official_addresses():
    """A record's own link never points at a test or development copy of a site; a source seen
    only on such a copy is marked secondary."""
    records = loader.load(use_cache=False)["records"]
    for kind in ("mechanisms", "procedures", "findings"):
        for r in records[kind]:
            if "url" in r:
                assert not re.search(r"\.(test|dev)\.|un-icc\.cloud", r["url"]), r["id"]
            for s in r["sources"]:
                if re.search(r"un-icc\.cloud", s["url"]):
                    assert s.get("secondary"), (r["id"], s["url"])
                assert re.match(r"https?://[^/\s]+[^./\s]/", s["url"] + "/"), (r["id"], s["url"])


def test_readme_examples_show_real_output(run, monkeypatch):
    """Each ```text block that starts with `$ unmech ...` shows the start of that command's output."""
    import shlex

    monkeypatch.setenv("COLUMNS", "80")
    blocks = re.findall(r"```text\n\$ unmech ([^\n]+)\n(.*?)```", README, flags=re.S)
    assert len(blocks) >= 5
    for command, shown in blocks:
        result = run(*shlex.split(command))
        assert result.exit_code == 0, (command, result)
        assert result.stdout.startswith(shown.rstrip("\n")), command
