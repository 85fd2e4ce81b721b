"""`clauses show` gives a module's summary ("Inhalt:") in the interface language.

The summaries are written in English in clauses/*/module.yaml; tools/i18n.py collects those of
the shipped modules into the catalog, and `clauses show` translates them like the reasons and the
fields' descriptions. An own library's summaries (--clauses) are not in the catalog: as written.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from coopdocs.clauses.library import load_library
from coopdocs.cli import main
from coopdocs.i18n import speaking, translated
from tools.i18n import module_summaries, template


def show(module_id: str, lang: str, *options: str) -> list[str]:
    result = CliRunner().invoke(main, ["--lang", lang, *options, "clauses", "show", module_id])
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


def summary_line(lines: list[str], label: str) -> str:
    """The text after the summary's label ("Inhalt:" or "summary:")."""
    found = [line for line in lines if line.startswith(label)]
    assert len(found) == 1, lines
    return found[0][len(label):].strip()


def test_a_german_interface_shows_the_german_summary() -> None:
    summary = summary_line(show("term", "de"), "Inhalt:")
    assert summary.startswith("Beginn, feste oder unbestimmte Laufzeit, ordentliche Kündigung "
                              "mit Mindestlaufzeit, Kündigung aus wichtigem Grund (§ 314 BGB;")
    assert "Keine Kündigung wegen Insolvenz (R-STD-6)" in summary
    assert summary.endswith("ohne stillschweigende Verlängerung (R-LZ-2, R-LZ-4).")
    assert "termination" not in summary


def test_german_summaries_keep_the_legal_references() -> None:
    processing = summary_line(show("annex_processing", "de"), "Inhalt:")
    assert processing.startswith("Vertrag über die Auftragsverarbeitung nach Art. 28 Abs. 3 "
                                 "DSGVO")
    secrets = summary_line(show("trade_secrets", "de"), "Inhalt:")
    assert "Geschäftsgeheimnisse (GeschGehG)" in secrets and "Vertragsstrafe" in secrets
    assert "return_days" in secrets  # a field name stays as the input file writes it


def test_an_english_interface_shows_the_summary_as_written() -> None:
    assert summary_line(show("term", "en"), "summary:") == load_library()["term"].summary


def test_every_shipped_summary_is_in_the_catalog_and_german() -> None:
    library = load_library()
    summaries = list(module_summaries())
    assert sorted(summaries) == sorted(module.summary for module in library.values())
    assert len(summaries) == len(library) == 44
    catalog = template()
    assert all(summary in catalog for summary in summaries)
    with speaking("de"):
        untranslated = [m.id for m in library.values() if translated(m.summary) == m.summary]
    assert untranslated == []


OWN = """\
id: site_rules
version: 1
order: 105
numbered: true
mandatory: false
title: {{de: Werksordnung, en: Site rules}}
summary: {summary}
when:
  always: the partners share a campus
reads: [title]
"""


def own_library(folder: Path, summary: str) -> Path:
    module = folder / "site_rules"
    module.mkdir(parents=True)
    (module / "module.yaml").write_text(OWN.format(summary=summary), encoding="utf-8")
    (module / "de.md").write_text("# Werksordnung\n\nBesuche sind anzumelden.\n",
                                  encoding="utf-8")
    return folder


def test_an_own_librarys_summary_is_shown_as_written(tmp_path: Path) -> None:
    library = own_library(tmp_path / "lib", "Visits to the other partner's site.")
    lines = show("site_rules", "de", "--clauses", str(library))
    assert summary_line(lines, "Inhalt:") == "Visits to the other partner's site."


def test_an_empty_summary_stays_empty(tmp_path: Path) -> None:
    """gettext("") would be the catalog's header: an empty summary is not looked up."""
    library = own_library(tmp_path / "lib", '""')
    lines = show("site_rules", "de", "--clauses", str(library))
    assert summary_line(lines, "Inhalt:") == ""
    assert not any("Project-Id-Version" in line for line in lines)
