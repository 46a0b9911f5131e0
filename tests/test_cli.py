"""Every command and option through the CLI: exit codes, stdout, stderr and the JSON contract."""

from __future__ import annotations

import json
import os
import re

from conftest import NETWORK
from unmech.cli import COMMANDS

D = ("--data", NETWORK)


# --- search -------------------------------------------------------------------------------


def test_search_finds_fixture_finding_with_where_it_matched(run):
    r = run("search", "fictional", *D)
    assert r.exit_code == 0, r
    assert "test-finding" in r.stdout
    assert "[finding]" in r.stdout and "matched" in r.stdout
    assert r.stderr == ""


def test_search_json_contract(run):
    r = run("search", "fictional", *D, "--json")
    assert r.exit_code == 0, r
    hits = json.loads(r.stdout)
    assert hits and {"id", "type", "title", "score"} <= set(hits[0])
    assert all(h["type"] in ("mechanism", "procedure", "finding") for h in hits)


def test_search_no_hits_exits_1_with_hint_on_stderr(run):
    r = run("search", "zzqqxxyy", *D)
    assert r.exit_code == 1
    assert r.stdout == ""
    assert "Nothing matches" in r.stderr and "unmech list themes" in r.stderr


def test_search_filters_combine_with_query(run):
    r = run("search", "fictional", *D, "--type", "finding", "--country", "vnm", "--json")
    assert r.exit_code == 0, r
    assert {h["type"] for h in json.loads(r.stdout)} == {"finding"}
    r = run("search", "fictional", *D, "--type", "finding", "--country", "BRA", "--mechanism",
            "test-body")
    assert r.exit_code == 1


def test_search_filters_work_without_query(run):
    r = run("search", "--mechanism", "test-body", *D, "--json")
    assert r.exit_code == 0, r
    assert {h["id"] for h in json.loads(r.stdout)} == {"test-body", "test-guide", "test-finding"}


def test_search_since_keeps_only_recent_findings(run):
    hits = json.loads(run("search", "--since", "2024", "--limit", "500", *D, "--json").stdout)
    assert "test-finding" in {h["id"] for h in hits}
    assert hits and all(h["type"] == "finding" and h["date"] >= "2024" for h in hits)
    r = run("search", "--since", "2099", "--mechanism", "test-body", *D)
    assert r.exit_code == 1


def test_search_limit(run):
    r = run("search", "torture", *D, "--limit", "2", "--json")
    assert len(json.loads(r.stdout)) == 2


def test_search_without_words_or_filters_is_usage_error(run):
    r = run("search")
    assert r.exit_code == 2
    assert "unmech search torture" in r.stderr


def test_search_unknown_theme_filter_suggests(run):
    r = run("search", "x", "--theme", "tortur")
    assert r.exit_code == 1
    assert "torture" in r.stderr


def test_bad_option_values_are_usage_errors(run):
    assert run("search", "x", "--limit", "0").exit_code == 2
    assert run("search", "x", "--since", "twenty").exit_code == 2
    assert run("search", "x", "--type", "banana").exit_code == 2
    assert run("frobnicate").exit_code == 2


# --- list ---------------------------------------------------------------------------------


def test_list_defaults_to_mechanisms_table(run):
    r = run("list", *D)
    assert r.exit_code == 0, r
    assert "test-body" in r.stdout and "special-procedure" in r.stdout


def test_list_json_prints_full_records(run):
    records = json.loads(run("list", "findings", *D, "--json").stdout)
    mine = next(f for f in records if f["id"] == "test-finding")
    assert mine["symbol"] == "A/TEST/1/23" and mine["countries"] == ["PHL", "VNM"]
    assert mine["sources"][0]["url"] == "https://example.org/report"


def test_list_themes(run):
    r = run("list", "themes")
    assert r.exit_code == 0
    for theme in ("arbitrary-detention", "death-penalty", "racial-discrimination", "health"):
        assert theme in r.stdout
    assert len(json.loads(run("list", "themes", "--json").stdout)) == 10


def test_list_with_filter_matching_nothing_exits_1(run):
    r = run("list", "findings", "--country", "ATA", *D)
    assert r.exit_code == 1 and "No findings" in r.stderr


# --- show ---------------------------------------------------------------------------------


def test_show_mechanism_lists_its_guides_and_findings(run):
    r = run("show", "test-body", *D)
    assert r.exit_code == 0, r
    assert "unmech guide test-guide" in r.stdout
    assert "test-finding" in r.stdout
    assert "[bold]Markup[/bold]" in r.stdout  # shown literally


def test_show_finding_has_ready_citation(run):
    r = run("show", "test-finding", *D)
    assert "Cite it as" in r.stdout
    assert "A/TEST/1/23, 30 June 2024, paras. 4-7." in " ".join(r.stdout.split())


def test_show_json_has_record_and_relations(run):
    data = json.loads(run("show", "test-body", *D, "--json").stdout)
    assert data["record_type"] == "mechanism" and data["type"] == "special-procedure"
    assert data["related"]["findings"] == ["test-finding"]
    finding = json.loads(run("show", "test-finding", *D, "--json").stdout)
    assert "A/TEST/1/23" in finding["citation"]


def test_show_unknown_id_suggests_on_stderr(run):
    r = run("show", "test-bdy", *D)
    assert r.exit_code == 1
    assert r.stdout == ""
    assert "test-body" in r.stderr


def test_path_like_id_is_just_unknown(run):
    r = run("show", "../../etc/passwd")
    assert r.exit_code == 1 and "No record" in r.stderr


# --- guide --------------------------------------------------------------------------------


def test_guide_has_numbered_steps_and_safety(run):
    r = run("guide", "test-guide", *D)
    assert r.exit_code == 0, r
    assert "1. Gather the facts" in r.stdout and "4. Tell the person" in r.stdout
    assert "SAFETY" in r.stdout and "Who can use it" in r.stdout
    assert "\x1b[" not in r.stdout


def test_guide_checklist_has_boxes(run):
    r = run("guide", "test-guide", "--checklist", *D)
    assert r.stdout.count("[ ]") >= 8


def test_guide_checklist_markdown_is_task_list(run):
    r = run("guide", "test-guide", "--checklist", "--format", "markdown", *D)
    assert "- [ ] Consent recorded" in r.stdout


def test_guide_date_counts_steps(run):
    r = run("guide", "test-guide", "--date", "2027-03-01", *D)
    assert "(by 2026-12-31)" in r.stdout and "(by 2027-01-30)" in r.stdout
    assert "check them on the mechanism's own page" in " ".join(r.stdout.split())


def test_guide_bad_date_is_usage_error(run):
    r = run("guide", "test-guide", "--date", "01/03/2027", *D)
    assert r.exit_code == 2 and "YYYY-MM-DD" in r.stderr


def test_guide_ics_writes_calendar(run, tmp_path):
    target = tmp_path / "dates.ics"
    r = run("guide", "test-guide", "--date", "2027-03-01", "--ics", str(target), *D)
    assert r.exit_code == 0, r
    ics = target.read_text()
    assert ics.startswith("BEGIN:VCALENDAR") and ics.count("BEGIN:VEVENT") == 3
    assert "DTSTART;VALUE=DATE:20261231" in ics
    assert run("guide", "test-guide", "--date", "2027-03-01", "--ics", str(target), *D).exit_code == 2


def test_guide_ics_needs_date(run, tmp_path):
    r = run("guide", "test-guide", "--ics", str(tmp_path / "x.ics"), *D)
    assert r.exit_code == 2 and "--date" in r.stderr


def test_guide_for_a_mechanism_points_to_its_guides(run):
    r = run("guide", "test-body", *D)
    assert r.exit_code == 1 and "test-guide" in r.stderr


# --- export -------------------------------------------------------------------------------


def test_export_to_stdout_is_markdown_with_toc(run):
    r = run("export", "test-guide", "test-finding", *D)
    assert r.exit_code == 0, r
    assert r.stdout.startswith('# Send a test petition and Report on detention \\[sic] and "treatment"')
    assert "## Contents" in r.stdout and "## References" in r.stdout


def test_export_never_overwrites_without_force(run, tmp_path):
    target = tmp_path / "guide.md"
    target.write_text("precious")
    r = run("export", "test-guide", "-o", str(target), *D)
    assert r.exit_code == 2 and "--force" in r.stderr
    assert target.read_text() == "precious"
    assert run("export", "test-guide", "-o", str(target), "--force", *D).exit_code == 0
    assert target.read_text().startswith("# Send a test petition")


def test_export_missing_folder_is_one_line_error(run, tmp_path):
    r = run("export", "test-guide", "-o", str(tmp_path / "nope" / "g.md"), *D)
    assert r.exit_code == 2 and "does not exist" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_export_html(run, tmp_path):
    target = tmp_path / "g.html"
    assert run("export", "test-guide", "--format", "html", "-o", str(target), *D).exit_code == 0
    page = target.read_text()
    assert page.startswith("<!DOCTYPE html>") and "@media print" in page
    # the fixture's title carries rich markup and accents: shown as written, never as markup
    assert "Test Body on [bold]Markup[/bold] and Ünïcödé" in page
    assert "<bold>" not in page and "<b>Markup" not in page


def test_export_theme_pack_puts_country_first(run):
    r = run("export", "--theme", "arbitrary-detention", "--country", "PHL", *D)
    assert r.exit_code == 0, r
    assert r.stdout.startswith("# Arbitrary detention — Philippines\n")
    assert "References" in r.stdout
    findings = r.stdout.split("## Findings on the Philippines", 1)[1].split("\n## ", 1)[0]
    assert "### Report on detention \\[sic]" in findings  # the fixture finding names PHL
    dates = re.findall(r"\*\*date:\*\* (\S+)", findings)
    assert dates and dates == sorted(dates, reverse=True)
    assert "the Association of Southeast Asian Nations" in r.stdout
    for other in ("ecthr-application", "iachr-petition", "achpr-communication", "unmech show cpt"):
        assert other not in r.stdout


def test_country_pack_is_a_few_pages_and_says_when_there_are_no_findings(run):
    r = run("export", "--theme", "arbitrary-detention", "--country", "VNM")
    assert r.exit_code == 0, r
    assert r.stdout.startswith("# Arbitrary detention — Viet Nam\n")
    assert len(r.stdout.splitlines()) < 1500
    assert "CRC/C/VNM/CO/3-4" in r.stdout.split("## Regional system")[0]  # its own finding first
    assert "Findings on this country come first" not in r.stdout
    # Viet Nam's ASEAN membership is not confirmed in the country facts: said, not assumed
    assert "do not confirm whether Viet Nam belongs to" in r.stdout
    assert "unmech show iachr" not in r.stdout
    r = run("export", "--theme", "privacy", "--country", "NOR")
    assert "unmech's data holds no finding on Norway about privacy" in r.stdout


def test_country_pack_for_a_state_outside_every_regional_system(run):
    r = run("export", "--theme", "torture", "--country", "jpn")
    assert r.exit_code == 0, r
    assert "confirm no membership of the regional human rights systems" in r.stdout
    assert not any(f"unmech show {m}" in r.stdout for m in ("ecthr", "cpt", "achpr", "iachr", "aichr"))


def test_export_title_and_file_message(run, tmp_path):
    target = tmp_path / "pack.html"
    r = run("export", "--theme", "death-penalty", "--country", "SGP", "--title", "For the <embassy>",
            "--format", "html", "-o", str(target))
    assert r.exit_code == 0, r
    assert r.stdout == "" and "Wrote For the <embassy>" in r.stderr and str(target) in r.stderr
    assert "<h1>For the &lt;embassy&gt;</h1>" in target.read_text()


def test_hand_picked_export_is_titled_by_its_records(run):
    r = run("export", "test-guide", "test-finding", "test-body", "--title", "Briefing", *D)
    assert r.stdout.startswith("# Briefing\n")
    r = run("export", "test-guide", "test-finding", "test-body", *D)
    assert r.stdout.startswith("# Send a test petition, Report on detention \\[sic]")
    assert "and 1 more\n" in r.stdout.splitlines()[0] + "\n"


def test_export_unknown_country_says_what_to_give(run):
    r = run("export", "--theme", "torture", "--country", "VNN")
    assert r.exit_code == 1 and r.stdout == ""
    assert "'VNN' is not a country code or name" in r.stderr and "VNM" in r.stderr
    r = run("export", "--theme", "torture", "--country", "Xyzzyland")
    assert "ISO 3166 alpha-3" in r.stderr and "unmech list countries" in r.stderr


def test_export_needs_ids_or_theme(run):
    assert run("export").exit_code == 2
    assert run("export", "nope-id", *D).exit_code == 1


# --- cite ---------------------------------------------------------------------------------


def test_cite_text_and_markdown(run):
    r = run("cite", "test-finding", *D)
    assert r.exit_code == 0
    assert r.stdout.strip().endswith("https://example.org/report")
    md = run("cite", "test-finding", "--format", "markdown", *D).stdout
    assert md.startswith("- ") and "*Report on detention" in md and "<https://example.org/report>" in md


def test_cite_names_the_authors_and_says_a_symbol_once(run):
    # the International Guidelines were written by a university centre with three UN agencies:
    # a citation that names only the agency filed as their mechanism would misattribute them
    r = run("cite", "undp-2019-international-guidelines-human-rights-drug-policy")
    assert r.exit_code == 0, r
    assert r.stdout.startswith("International Centre on Human Rights and Drug Policy, UNDP, UNAIDS and WHO,")
    # a title that already carries its reference is not followed by it again
    r = run("cite", "sp-ua-sgp-8-2022")
    assert r.stdout.count("UA SGP 8/2022") == 1, r.stdout
    shown = run("show", "sr-executions").stdout
    assert "(UA SGP 8/2022 and UA SGP 9/2022) (UA SGP 8/2022)" not in " ".join(shown.split())


def test_cite_refuses_non_findings(run):
    r = run("cite", "test-body", *D)
    assert r.exit_code == 2 and "cite takes findings" in r.stderr


# --- validate, overlays, version, help ----------------------------------------------------


def test_validate_clean_data(run):
    r = run("validate")
    assert r.exit_code == 0, r
    assert "No problems" in r.stdout
    assert run("validate", NETWORK).exit_code == 0


def test_validate_lists_all_problems_with_places(run, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "findings:\n"
        "  - id: one\n    mechanism: nobody\n    kind: opinion\n    title: T\n    date: 2019-13\n"
        "    themes: [torture]\n    summary: S\n    url: https://example.org\n"
        "    sources: [{title: s, url: https://example.org}]\n    last_reviewed: '2026-01-01'\n"
        "    checklst: [x]\n",
        encoding="utf-8",
    )
    r = run("validate", str(bad))
    assert r.exit_code == 1
    lines = r.stdout.splitlines()
    assert any(f"{bad}:3 findings[one].mechanism: unknown mechanism id: nobody" in x for x in lines)
    assert any("findings[one].date" in x and "YYYY" in x for x in lines)
    assert any("findings[one].checklst: unknown field" in x for x in lines)
    data = json.loads(run("validate", str(bad), "--json").stdout)
    assert {p["path"] for p in data} >= {"findings[one].mechanism", "findings[one].date"}


def test_overlay_replaces_and_adds(run, tmp_path):
    overlay = tmp_path / "o.yaml"
    overlay.write_text(open(NETWORK, encoding="utf-8").read().replace(
        "A fictional procedure with dated steps", "Our own local version of the guide"))
    r = run("show", "test-guide", "--data", str(overlay))
    assert "Our own local version" in r.stdout


def test_unmech_data_environment_variable(run, monkeypatch):
    monkeypatch.setenv("UNMECH_DATA", NETWORK)
    assert run("show", "test-body").exit_code == 0


def test_invalid_overlay_is_exit_2_with_problems(run, tmp_path):
    overlay = tmp_path / "o.yaml"
    overlay.write_text("mechanisms:\n  - id: x\n    name: X\n")
    r = run("search", "torture", "--data", str(overlay))
    assert r.exit_code == 2
    assert "unmech validate" in r.stderr and "mechanisms[x].type: is required" in r.stderr


def test_version_prints_data_date(run):
    r = run("--version")
    assert r.exit_code == 0 and r.stdout.startswith("unmech ") and "data reviewed" in r.stdout


def test_help_lists_every_command(run):
    r = run("--help")
    for command in ("search", "list", "show", "guide", "export", "cite", "validate"):
        assert command in r.stdout


def test_every_command_help_has_an_example(run):
    for command in ("search", "list", "show", "guide", "export", "cite", "validate"):
        r = run(command, "--help")
        assert r.exit_code == 0 and "Examples:" in r.stdout and f"unmech {command}" in r.stdout


def test_ctrl_c_exits_130_without_traceback(run, monkeypatch):
    import unmech.cli

    def boom(ident: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setitem(unmech.cli.COMMANDS, "show", boom)
    r = run("show", "x")
    assert r.exit_code == 130 and "Traceback" not in r.stderr


def test_unexpected_error_is_one_sentence_not_traceback(run, monkeypatch):
    import unmech.cli

    def boom(ident: str) -> None:
        raise RuntimeError("kaboom")

    monkeypatch.setitem(unmech.cli.COMMANDS, "show", boom)
    monkeypatch.delenv("UNMECH_DEBUG")
    r = run("show", "x")
    assert r.exit_code == 3 and "bug" in r.stderr and "Traceback" not in r.stderr


def test_no_colour_codes_when_piped(run):
    for args in (("search", "torture", *D), ("guide", "test-guide", *D), ("show", "test-body", *D)):
        assert "\x1b" not in run(*args).stdout


def test_cache_can_be_turned_off(run, tmp_path, monkeypatch):
    monkeypatch.setenv("UNMECH_CACHE_DIR", str(tmp_path / "c"))
    run("search", "torture", *D, "--no-cache")
    assert not (tmp_path / "c").exists()
    run("search", "torture", *D)
    assert os.listdir(tmp_path / "c")


def test_terminal_search_highlights_and_no_color_turns_it_off(run, monkeypatch):
    import unmech.cli

    monkeypatch.setattr(unmech.cli, "_to_terminal", lambda: True)
    monkeypatch.delenv("NO_COLOR", raising=False)
    styled = run("search", "fictional", *D).stdout
    assert re.search(r"\x1b\[1;33m[Ff]ictional\x1b\[0m", styled), styled
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b" not in run("search", "fictional", *D).stdout


def test_terminal_pages_show_markup_and_escapes_literally(run, monkeypatch, tmp_path):
    import unmech.cli

    overlay = tmp_path / "o.yaml"
    text = open(NETWORK, encoding="utf-8").read()
    hostile = '    quote: "Nobody \\e]0;pwned\\a [red]x[/red] \\e[31mred detained."\n'
    overlay.write_text(text.replace("    quote: Nobody should be detained for using drugs.\n", hostile))
    monkeypatch.setattr(unmech.cli, "_to_terminal", lambda: True)
    for args in (("show", "test-finding"), ("search", "pwned"), ("list", "findings"),
                 ("guide", "test-guide")):
        r = run(*args, "--data", str(overlay))
        assert r.exit_code == 0, r
        assert "\x1b]0;" not in r.stdout and "\x07" not in r.stdout and "\x1b[31m" not in r.stdout
    assert "[red]x[/red]" in run("show", "test-finding", "--data", str(overlay)).stdout
    assert "[bold]Markup[/bold]" in run("show", "test-body", "--data", str(overlay)).stdout


# --- typer: completion, help, terminal output ---------------------------------------------


def _complete(monkeypatch, run, shell: str, line: str) -> list[str]:
    """What the shell's completion script would be told to offer for ``line``."""
    monkeypatch.setenv("_UNMECH_COMPLETE", f"complete_{shell}")
    if shell == "bash":
        monkeypatch.setenv("COMP_WORDS", line)
        monkeypatch.setenv("COMP_CWORD", str(len(line.split()) - (0 if line.endswith(" ") else 1)))
    else:
        monkeypatch.setenv("_TYPER_COMPLETE_ARGS", line)
        monkeypatch.setenv("_TYPER_COMPLETE_FISH_ACTION", "get-args")
    r = run()
    assert r.exit_code == 0, r
    return r.stdout.split("\n")


def test_completion_of_record_ids_in_bash_zsh_and_fish(run, monkeypatch):
    assert "wgad-petition" in _complete(monkeypatch, run, "bash", "unmech show wgad-p")
    zsh = "\n".join(_complete(monkeypatch, run, "zsh", "unmech guide wgad"))
    assert '"wgad-petition":"Petition the UN Working Group' in zsh and '"wgad":' not in zsh
    fish = _complete(monkeypatch, run, "fish", "unmech cite hrc-gc3")
    assert any(line.startswith("hrc-gc36-right-to-life\t") for line in fish), fish


def test_completion_of_commands_themes_formats_and_countries(run, monkeypatch):
    assert _complete(monkeypatch, run, "bash", "unmech gu") == ["guide", ""]
    assert "torture" in _complete(monkeypatch, run, "bash", "unmech search --theme tor")
    assert _complete(monkeypatch, run, "bash", "unmech export --format ")[:2] == ["markdown", "html"]
    assert "phl" in _complete(monkeypatch, run, "bash", "unmech list findings --country ph")
    assert "Filipinas" in _complete(monkeypatch, run, "bash", "unmech search --country Fil")


def test_help_has_summary_explanation_and_examples_without_stray_indentation(run):
    for command in COMMANDS:
        r = run(command, "--help")
        assert r.exit_code == 0, r
        assert "\n\n  Examples:\n\n    unmech " in r.stdout, command
        prose = r.stdout.split("Examples:")[0]
        assert not re.search(r"\n {5,}\S", prose.split("\n\n", 2)[2]), (command, prose)


def test_usage_errors_are_one_plain_sentence(run):
    r = run("search", "x", "--limit", "0")
    assert r.exit_code == 2 and r.stdout == ""
    assert r.stderr.count("\n") == 1 and "unmech search --help" in r.stderr and "╭" not in r.stderr
    r = run("frobnicate")
    assert r.exit_code == 2 and "'frobnicate' is not an unmech command" in r.stderr


def test_empty_output_path_is_a_usage_error(run, tmp_path):
    r = run("export", "test-guide", "-o", "", *D)
    assert r.exit_code == 2 and r.stdout == "" and "output path is empty" in r.stderr


def test_terminal_output_is_rich_with_links_and_wrapped_tables(run, monkeypatch):
    import unmech.cli

    monkeypatch.setattr(unmech.cli, "_to_terminal", lambda: True)
    monkeypatch.delenv("NO_COLOR", raising=False)
    shown = run("show", "test-finding", *D).stdout
    assert "\x1b]8;" in shown  # OSC 8 hyperlink to the document
    listing = run("list", "findings", *D).stdout
    assert "test-finding" in listing and "…" not in listing  # wrapped, never cut


def test_messages_escape_control_characters_from_the_command_line(run):
    r = run("show", "\x1b[31mwgad\n")
    assert r.exit_code == 1
    assert "\x1b" not in r.stderr and "\\x1b[31mwgad\\n" in r.stderr


def test_search_json_with_no_hits_is_an_empty_list(run):
    r = run("search", "zzqqxxyy", "--json", *D)
    assert r.exit_code == 1 and r.stdout.strip() == "[]"


def test_no_hits_hint_names_filters_only_when_there_are_filters(run):
    r = run("search", "torture", "--since", "3000", *D)
    assert r.exit_code == 1 and "filters" in r.stderr and "Closest words" not in r.stderr
    r = run("search", "torture", "--mechanism", "test-body", "--since", "2099", *D)
    assert r.exit_code == 1 and "filters" in r.stderr and "Closest words" not in r.stderr
    r = run("search", "zzqqxxyy", *D)
    assert "filters" not in r.stderr


# --- list in a pipe -----------------------------------------------------------------------


def test_list_in_a_pipe_is_tab_separated_with_whole_values(run):
    r = run("list", "findings", "--country", "VNM", *D)
    assert r.exit_code == 0, r
    lines = r.stdout.splitlines()
    assert lines[0] == "id\tdate\tmechanism\tcountries\ttitle"
    row = next(line for line in lines if line.startswith("test-finding\t"))
    assert row == ("test-finding\t2024-06-30\ttest-body\tPHL, VNM\t"
                   'Report on detention [sic] and "treatment" — 拘留')
    assert "…" not in r.stdout and r.stderr == ""


def test_list_formats(run):
    import csv
    import io

    r = run("list", "themes", "--format", "csv")
    assert r.exit_code == 0, r
    rows = list(csv.reader(io.StringIO(r.stdout)))
    assert rows[0] == ["id", "name", "records", "description"]
    assert all(len(row) == 4 for row in rows) and len(rows) > 5
    tsv = run("list", "mechanisms", "--format", "tsv").stdout.splitlines()
    assert tsv[0] == "id\tacronym\ttype\tname" and all(line.count("\t") == 3 for line in tsv)
    assert run("list", "--format", "xml").exit_code == 2


def test_export_docx(run, tmp_path):
    import docx

    target = tmp_path / "pack.docx"
    r = run("export", "--theme", "arbitrary-detention", "--country", "VNM", "--format", "docx",
            "-o", str(target))
    assert r.exit_code == 0, r
    assert r.stdout == "" and "Wrote Arbitrary detention — Viet Nam" in r.stderr
    document = docx.Document(str(target))
    assert document.paragraphs[0].text == "Arbitrary detention — Viet Nam"
    assert not list(tmp_path.glob(".unmech-*"))
    r = run("export", "test-guide", "--format", "docx", *D)
    assert r.exit_code == 2 and "-o" in r.stderr and r.stdout == ""


def test_export_docx_without_python_docx_says_what_to_install(run, tmp_path, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "docx", None)  # import docx now raises ImportError
    r = run("export", "test-guide", "--format", "docx", "-o", str(tmp_path / "g.docx"), *D)
    assert r.exit_code == 2 and "pip install 'unmech[docx]'" in r.stderr
    assert not (tmp_path / "g.docx").exists()


def test_every_export_format_is_written(run, tmp_path):
    from unmech.cli import ExportFormat

    for fmt in ExportFormat:
        target = tmp_path / f"out.{fmt.value}"
        r = run("export", "test-guide", "--format", fmt.value, "-o", str(target), *D)
        assert r.exit_code == 0 and target.stat().st_size > 500, (fmt, r)


def test_validate_of_a_missing_path_names_the_path_not_data_options(run, tmp_path):
    r = run("validate", str(tmp_path / "nope.yaml"))
    assert r.exit_code == 2 and "nope.yaml does not exist" in r.stderr
    assert "--data" not in r.stderr and "UNMECH_DATA" not in r.stderr


def test_html_title_carries_no_terminal_escape():
    from unmech.document import Document, Para
    from unmech.render import html

    page = html.render(Document("Report \x1b[31mred\x1b]0;x\x07", (Para("x"),)))
    assert "<title>Report [31mred]0;x</title>" in page and "\x1b" not in page
