"""--clauses and --templates: own clause modules and a corporate letterhead template."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
from click.testing import CliRunner, Result
from docx.shared import RGBColor

from coopdocs.clauses.library import load_library
from coopdocs.cli import main
from tests.conftest import ROOT

SAMPLE = ROOT / "samples/3dmp/cooperation.yaml"


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def body_text(path: Path) -> list[str]:
    """The paragraphs of the agreement, without its table of contents (which repeats the
    headings)."""
    return [p.text for p in docx.Document(str(path)).paragraphs
            if p.style is None or p.style.name != "Verzeichnis"]


def own_module(folder: Path, module_id: str, meta: str, text: str) -> Path:
    module = folder / module_id
    module.mkdir(parents=True)
    (module / "module.yaml").write_text(meta, encoding="utf-8")
    (module / "de.md").write_text(text, encoding="utf-8")
    return module


MEETINGS = """\
id: site_rules
version: 1
order: 105
numbered: true
mandatory: false
title: {de: Werksordnung, en: Site rules}
summary: Visits to the other partner's site.
when:
  always: the partners share a campus
reads: [title]
"""


def test_own_module_is_added_in_order(tmp_path: Path) -> None:
    own_module(tmp_path / "lib", "site_rules", MEETINGS,
               "# Werksordnung\n\nBesuche auf dem Werksgelände der Kooperation {{ coop.title }} "
               "sind vorher anzumelden.\n")
    out = tmp_path / "out"
    result = invoke("--clauses", str(tmp_path / "lib"), "agreement", str(SAMPLE), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    headings = [t for t in body_text(next(out.glob("*.docx"))) if t.startswith("§")]
    position = next(i for i, h in enumerate(headings) if h.endswith("Werksordnung"))
    assert headings[position - 1].endswith("IT-Sicherheit und IT-Schnittstellen")
    assert [h.split()[1] for h in headings] == [str(n) for n in range(1, len(headings) + 1)]


def test_own_module_replaces_a_shipped_one(tmp_path: Path) -> None:
    library = tmp_path / "lib"
    shutil.copytree(ROOT / "clauses/liability", library / "liability")
    (library / "liability/de.md").write_text(
        "# Haftung\n\nDie Partner haften einander nach den gesetzlichen Vorschriften.\n",
        encoding="utf-8")
    out = tmp_path / "out"
    result = invoke("--clauses", str(library), "agreement", str(SAMPLE), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    text = body_text(next(out.glob("*.docx")))
    assert "Die Partner haften einander nach den gesetzlichen Vorschriften." in text
    assert not any("Kardinalpflicht" in t for t in text)


def test_misspelt_key_in_own_module_is_located(tmp_path: Path) -> None:
    own_module(tmp_path / "lib", "site_rules", MEETINGS.replace("order:", "ordre:"),
               "# Werksordnung\n\nText.\n")
    result = invoke("--clauses", str(tmp_path / "lib"), "agreement", str(SAMPLE), "-o",
                    str(tmp_path / "out"))
    meta = tmp_path / "lib/site_rules/module.yaml"
    assert result.exit_code == 1
    assert result.stderr == (f"{meta}:3:1: error: unknown key 'ordre' in module.yaml; "
                             "did you mean 'order'?\n")
    assert not (tmp_path / "out").exists()


def test_unknown_variable_in_own_text_is_located(tmp_path: Path) -> None:
    own_module(tmp_path / "lib", "site_rules", MEETINGS,
               "# Werksordnung\n\nBesuche sind anzumelden.\n\nFrist: {{ opt.frist }} Tage.\n")
    result = invoke("--clauses", str(tmp_path / "lib"), "agreement", str(SAMPLE), "-o",
                    str(tmp_path / "out"))
    text = tmp_path / "lib/site_rules/de.md"
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1].startswith(
        f"{text}:5:1: error: cannot render the clause text: ")
    assert "frist" in result.stderr
    assert not (tmp_path / "out").exists()


def test_template_syntax_error_in_own_text_is_located(tmp_path: Path) -> None:
    own_module(tmp_path / "lib", "site_rules", MEETINGS,
               "# Werksordnung\n\n{% if coop.title %}\nText.\n")
    text = tmp_path / "lib/site_rules/de.md"
    expected = (f"{text}:4:1: error: template syntax: Unexpected end of template. Jinja was "
                "looking for the following tags: 'elif' or 'else' or 'endif'. The innermost "
                "block that needs to be closed is 'if'.")
    checked = invoke("--clauses", str(tmp_path / "lib"), "clauses", "check")
    assert checked.exit_code == 1
    shipped = load_library()
    texts = sum(len(m.texts) for m in shipped.values()) + 1
    assert checked.stderr.splitlines() == [
        expected, f"1 error in {texts} clause texts of {len(shipped) + 1} modules"]
    built = invoke("--clauses", str(tmp_path / "lib"), "agreement", str(SAMPLE), "-o",
                   str(tmp_path / "out"))
    assert built.exit_code == 1
    assert built.stderr.splitlines()[-1] == expected
    assert not (tmp_path / "out").exists()


def test_clauses_check_compiles_every_shipped_text() -> None:
    result = invoke("clauses", "check")
    assert result.exit_code == 0, result.stderr
    shipped = load_library()
    texts = sum(len(m.texts) for m in shipped.values())
    assert result.stderr == f"0 errors in {texts} clause texts of {len(shipped)} modules\n"


def test_listing_a_library_does_not_compile_its_texts(tmp_path: Path) -> None:
    """Loading reads the texts; only a command that renders one (or clauses check) compiles."""
    own_module(tmp_path / "lib", "site_rules", MEETINGS, "# Werksordnung\n\n{% if x %}\n")
    result = invoke("--clauses", str(tmp_path / "lib"), "clauses", "list")
    assert result.exit_code == 0, result.stderr
    assert "site_rules" in result.stdout


def letterhead(folder: Path) -> None:
    """A corporate variant of the shipped template: own heading colour and a letterhead line."""
    document = docx.Document(str(ROOT / "templates/agreement.docx"))
    document.styles["Heading 1"].font.color.rgb = RGBColor(0x00, 0x52, 0x8A)
    document.sections[0].header.add_paragraph("ACME Kooperationsbüro · Musterweg 1 · Berlin")
    folder.mkdir()
    document.save(str(folder / "agreement.docx"))


def test_letterhead_template_keeps_its_styles(tmp_path: Path) -> None:
    letterhead(tmp_path / "corporate")
    out = tmp_path / "out"
    result = invoke("--templates", str(tmp_path / "corporate"), "agreement", str(SAMPLE), "-o",
                    str(out))
    assert result.exit_code == 0, result.stderr
    document = docx.Document(str(next(out.glob("*.docx"))))
    assert document.styles["Heading 1"].font.color.rgb == RGBColor(0x00, 0x52, 0x8A)
    header = [p.text for p in document.sections[0].header.paragraphs]
    assert header[-1] == "ACME Kooperationsbüro · Musterweg 1 · Berlin"
    assert header[0].startswith("Entwurf vom")
    headings = [p for p in document.paragraphs if p.style is not None
                and p.style.name == "Heading 1" and p.text.startswith("§")]
    assert len(headings) > 10


def test_own_wording_needs_only_the_keys_it_changes(tmp_path: Path) -> None:
    """An own terms.yaml or report.yaml (say, from an earlier version) over the shipped one."""
    own = tmp_path / "own"
    own.mkdir()
    (own / "report.yaml").write_text('de:\n  network_title: "Jahresbericht {name}"\n',
                                     encoding="utf-8")
    (own / "terms.yaml").write_text('de:\n  page: Blatt\n', encoding="utf-8")
    network = tmp_path / "network.yaml"
    network.write_text("format: 1\nnetwork: {id: netz, name: Testnetz}\ncooperations:\n"
                       f"  - cooperation: {SAMPLE}\n", encoding="utf-8")
    out = tmp_path / "out"
    result = invoke("--templates", str(own), "batch", str(network), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    report = docx.Document(str(out / "netz-netzwerkbericht.docx"))
    assert report.core_properties.title == "Jahresbericht Testnetz"
    assert any(p.text == "Kooperationen im Netzwerk" for p in report.paragraphs)  # shipped
    agreement = out / "big-3dmp" / "big-3dmp-kooperationsvereinbarung.docx"
    footer = " ".join(p.text for p in docx.Document(str(agreement)).sections[0].footer.paragraphs)
    assert "Blatt" in footer
