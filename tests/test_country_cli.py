"""Country profiles and triage through the CLI, on the shipped country facts.

Each case names the source the shipped fact rests on, so a failure says what to re-check.
"""

from __future__ import annotations

import datetime
import json

import pytest


def routes(run, *args: str) -> dict[str, dict]:
    r = run("triage", *args, "--json")
    assert r.exit_code == 0, r
    return {x["id"]: x for x in json.loads(r.stdout)["routes"]}


@pytest.mark.parametrize(("country", "route", "status", "source"), [
    # coe.int, 23 March 2022: the Russian Federation ceased to be a party to the ECHR on 16 Sept 2022
    ("RUS", "ecthr-route", "closed", "coe.int"),
    # CAT/C/54/D/542/2013: the Committee against Torture decided an article 22 complaint against Russia
    ("RUS", "cat-complaint", "open", "undocs.org/CAT/C/54/D/542/2013"),
    # OHCHR UPR compilation tables for Bahrain (2017): no article 22 declaration
    ("BHR", "cat-complaint", "closed", "undocs.org"),
    # OHCHR UPR compilation tables for Ukraine (2017): article 22 declaration made
    ("UKR", "cat-complaint", "open", "undocs.org"),
])
def test_complaint_routes_follow_the_sourced_facts(run, country, route, status, source):
    found = routes(run, "--country", country, "--remedies-exhausted", "yes")[route]
    assert found["status"] == status, found
    assert any(source in (r["source"] or {}).get("url", "") for r in found["reasons"]), found


def test_a_fact_the_data_lacks_is_to_check_not_open(run):
    # Viet Nam: whether it accepts the ICCPR Optional Protocol is not settled in unmech's data
    found = routes(run, "--country", "VNM", "--remedies-exhausted", "yes")["ccpr-complaint"]
    assert found["status"] == "check" and "not known to unmech" in found["reasons"][0]["text"]


def test_regional_systems_of_other_regions_are_left_out(run):
    found = routes(run, "--country", "VNM")
    assert "iachr-route" not in found and "achpr-route" not in found
    assert "iachr-route" in routes(run, "--country", "MEX")


def test_a_profile_leaves_out_systems_the_state_cannot_belong_to(run):
    # IANS, 26 October 2025: Timor-Leste was admitted to ASEAN; the OAS is open to American
    # States only, so an unread OAS list says nothing about Timor-Leste
    page = run("country", "TLS").stdout
    assert "ASEAN" in page and "2025-10-26" in page
    assert "Organization of American States" not in page
    # in the Americas the same unknown is shown, to be checked
    assert "Organization of American States membership: not known" in run("country", "VEN").stdout


def test_urgent_cases_list_routes_that_act_now_first(run):
    r = run("triage", "--country", "SGP", "--urgent", "--json")
    first = json.loads(r.stdout)["routes"][0]
    assert first["urgent_first"] and first["status"] == "open"
    assert first["id"] in ("sp-urgent-appeal", "wgad-case")


def test_theme_puts_the_specialist_first(run):
    ranked = list(routes(run, "--country", "VNM", "--theme", "arbitrary-detention"))
    assert ranked[0] == "wgad-case"
    assert list(routes(run, "compulsory", "detention", "--country", "VNM"))[0] == "wgad-case"


def test_time_limit_from_the_final_decision(run):
    found = routes(run, "--country", "MEX", "--remedies-exhausted", "yes", "--since", "2020-01-01")
    assert found["iachr-route"]["status"] == "closed"
    assert "6-month time limit" in found["iachr-route"]["reasons"][-1]["text"]


def test_cescr_complaints_have_one_year_after_the_final_decision(run):
    # UN Treaty Collection IV.3.a: Argentina ratified the ICESCR Optional Protocol on 24 October
    # 2011; the Protocol, art. 3(2)(a): within one year after domestic remedies are exhausted
    late = routes(run, "--country", "ARG", "--remedies-exhausted", "yes", "--since", "2020-01-01")
    assert late["cescr-complaint"]["status"] == "closed"
    assert "12-month time limit" in late["cescr-complaint"]["reasons"][-1]["text"]
    last_month = (datetime.date.today() - datetime.timedelta(days=30)).isoformat()
    recent = routes(run, "--country", "ARG", "--remedies-exhausted", "yes", "--since", last_month)
    assert recent["cescr-complaint"]["status"] == "open"


def test_triage_page_in_a_pipe(run):
    r = run("triage", "--country", "VNM", "--theme", "arbitrary-detention")
    assert r.exit_code == 0, r
    assert r.stdout.startswith("Which mechanism fits: Viet Nam")
    assert "1. Petition (or urgent action) to the Working Group on Arbitrary Detention — OPEN" in r.stdout
    assert "unmech guide wgad-petition --country VNM" in r.stdout


def test_country_profile_names_routes_reviews_and_findings(run):
    r = run("country", "PHL")
    assert r.exit_code == 0, r
    out = " ".join(r.stdout.split())  # unwrapped
    assert out.startswith("Philippines (PHL)")
    for heading in ("Individual complaints to UN treaty bodies", "Universal Periodic Review",
                    "What UN and regional bodies have said about this State", "Routes and guides"):
        assert heading in out
    assert "Cycle 4, session 41" in out
    assert "CAT article 22: complaints to the Committee against Torture: not known to unmech" in out
    assert "ICCPR Optional Protocol: complaints to the Human Rights Committee: open" in out


@pytest.mark.parametrize("name", ["Philippines", "filipinas", "phl", "Philipines"])
def test_country_names_in_any_language_and_with_typos(run, name):
    r = run("country", name, "--json")
    assert r.exit_code == 0, r
    assert json.loads(r.stdout)["id"] == "PHL"


def test_country_by_russian_name(run):
    r = run("country", "Россия", "--json")
    assert r.exit_code == 0 and json.loads(r.stdout)["id"] == "RUS"


def test_unknown_country_is_exit_1_with_suggestions(run):
    r = run("country", "Atlantis")
    assert r.exit_code == 1 and r.stdout == ""
    assert "Atlantis" in r.stderr


def test_list_countries_by_accepted_route_and_region(run):
    r = run("list", "countries", "--accepts", "cat-22", "--json")
    codes = {c["id"] for c in json.loads(r.stdout)}
    assert {"RUS", "UKR"} <= codes and "BHR" not in codes
    r = run("list", "countries", "--region", "europe", "--accepts", "cat-22", "--json")
    assert {c["region"] for c in json.loads(r.stdout)} == {"europe"}
    assert run("list", "countries", "--accepts", "cat22").exit_code == 2


def test_guide_for_a_country_says_whether_the_route_is_open_there(run):
    r = run("guide", "tb-individual-complaint", "--country", "BHR")
    assert r.exit_code == 0, r
    assert "FOR BAHRAIN" in r.stdout
    assert "Individual complaint to the Committee against Torture: CLOSED" in r.stdout


def test_every_country_fact_has_a_source_and_every_state_has_upr_data():
    from unmech import loader
    from unmech.kb import countries_of

    states = countries_of(loader.load(use_cache=False))
    assert len(states) == 195
    for c in states.values():
        assert all(f.source is not None for f in c.facts.values()), c.id
        if c.id not in ("VAT", "PSE"):  # the UPR reviews UN Member States only
            assert c.reviews, c.id


def test_triage_asks_its_questions_one_at_a_time_on_a_terminal(run, monkeypatch):
    import io

    import unmech.cli

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(unmech.cli, "_to_terminal", lambda: True)
    monkeypatch.setenv("NO_COLOR", "1")  # plain text, to read it here
    monkeypatch.setattr("sys.stdin", Terminal("Viet Nam\narbitrary-detention\nn\nmaybe\nno\nindividual\n"))
    r = run("triage")
    assert r.exit_code == 0, r
    assert "Which country" in r.stdout and "Please answer one of: yes, no, unknown" in r.stderr
    assert "Which mechanism fits: Viet Nam" in r.stdout
    assert "Working Group on Arbitrary Detention — OPEN" in r.stdout
    assert "Stakeholder submission" not in r.stdout  # a pattern route, left out for one case


def test_a_pack_and_a_draft_open_with_the_states_facts(run):
    r = run("export", "--theme", "arbitrary-detention", "--country", "PHL")
    head = r.stdout.split("## Findings on")[0]
    assert "## Philippines at a glance" in head
    assert "UN individual complaints open: Human Rights Committee" in head
    r = run("draft", "tb-individual-complaint", "--country", "BHR")
    assert "Bahrain: is this route open?" in r.stdout
    assert "Individual complaint to the Committee against Torture: CLOSED" in r.stdout


def test_a_states_pack_without_a_theme_holds_its_profile_findings_and_guides(run, tmp_path):
    # `unmech export --country PHL -o pack.md`: everything on the State, to share with peers
    r = run("export", "--country", "Filipinas")
    assert r.exit_code == 0, r
    page = r.stdout
    assert page.startswith("# Advocacy pack: Philippines")
    assert "## Philippines at a glance" in page and "## Individual complaints to UN treaty bodies" in page
    # each finding on the State in full, with the citation to use
    assert "Cite as: Human Rights Committee, Concluding observations on the fifth periodic report of " \
           "the Philippines, CCPR/C/PHL/CO/5" in page
    where = page.split("## Where to take it")[1].split("## References")[0]
    assert "unmech guide wgad-petition" in where
    # only the regional system the State belongs to: no European or Inter-American guides
    assert "unmech guide ecthr-application" not in where and "unmech guide iachr-petition" not in where
    out = tmp_path / "pack.html"
    r = run("export", "--country", "PHL", "--format", "html", "-o", str(out))
    assert r.exit_code == 0 and "findings cited" in r.stderr and out.read_text().count("<h1") == 1
    assert run("export").exit_code == 2
    assert run("export", "wgad", "--country", "PHL").exit_code == 2


def test_profile_cites_each_source_once_by_number(run):
    out = run("country", "RUS").stdout
    sources = out.split("\nSources\n-------\n", 1)[1]
    assert "[1] International Commission of Jurists" in " ".join(sources.split())
    body = out.split("\nSources\n", 1)[0]
    assert "icj.org" not in body and "[1]" in body and "[2]" in body
