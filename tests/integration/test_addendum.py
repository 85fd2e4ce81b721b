"""coopdocs addendum: Nachtrag, Lesefassung and redline, built for real and read back.

The fixture in tests/fixtures/amend has a partner joining (round 1: the accession § and its annex
appear) and another leaving (round 2: they are repealed again). The redline tests let LibreOffice
accept and reject all tracked changes and compare with the two versions rendered on their own.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner, Result
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from coopdocs.amend.redline import framed
from coopdocs.amend.states import amended_states
from coopdocs.amend.versions import agreement_versions
from coopdocs.build import agreement_context, template_file
from coopdocs.clauses.library import load_library
from coopdocs.cli import main
from coopdocs.render.docx import render_docx
from coopdocs.wording import load_terms
from tests.conftest import ROOT
from tests.support.cases import case_of
from tests.support.textview import text_view
from tests.tools.redline_check import libreoffice_redline, normalized, uno_available

FIXTURE = ROOT / "tests" / "fixtures" / "amend"
ROUNDS = [FIXTURE / "evaluation-1.yaml", FIXTURE / "evaluation-2.yaml"]


def invoke(*args: object) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def build(tmp_path: Path, cooperation: Path, rounds: Sequence[Path]) -> dict[str, Path]:
    result = invoke("addendum", cooperation, *rounds, "-o", tmp_path)
    assert result.exit_code == 0, result.stderr
    built = [Path(line) for line in result.stdout.splitlines()]
    return {p.stem.rsplit("-", 2)[-2]: p for p in built}


def view(path: Path) -> str:
    return text_view(path).replace("\u00a0", " ")


def test_partner_joins_accession_section_is_inserted(tmp_path: Path) -> None:
    files = build(tmp_path, FIXTURE / "cooperation.yaml", ROUNDS[:1])
    assert sorted(files) == ["lesefassung", "nachtrag", "redline"]
    text = view(files["nachtrag"])
    assert "[Title] Nachtrag Nr. 1" in text
    # joining is an amendment of the Eingang, not a statement (issue 18 items 4 and 10)
    assert "1. Im Eingang wird nach der Angabe zu Beta KG folgende Angabe eingefügt:" in text
    assert "Nach § 15 wird folgender § 15a eingefügt:" in text
    # with a third partner the decision § gains the admission rules: a new Absatz (9a)
    assert "§ 7 wird wie folgt neu gefasst:" in text
    assert "(9a) Mit dem Beschluss über die Aufnahme eines neuen Partners" in text
    assert "Nach Anlage 2 wird die diesem Nachtrag als Anlage N3 beigefügte Anlage 3 " \
           "eingefügt." in text
    assert "Der Beitritt von Gamma AG wird mit dem Inkrafttreten dieses Nachtrags wirksam" in text
    assert "Im Übrigen bleibt die Kooperationsvereinbarung unverändert" in text
    assert text.count("[Partei Name]") == 3 and text.count("[Unterschrift Partner]") == 3
    # the goal added by measure e1-ziel lands in Anlage 2, the new partner in Anlage 1
    assert "Anlage 1 wird durch die diesem Nachtrag als Anlage N1 beigefügte Fassung" in text
    assert "Gemeinsame Ausschreibung für Folien" in text


def test_partner_leaves_units_are_repealed_and_numbers_stay(tmp_path: Path) -> None:
    files = build(tmp_path, FIXTURE / "cooperation.yaml", ROUNDS)
    text = view(files["nachtrag"])
    assert "[Subtitle] zur Kooperationsvereinbarung „Mini-Kooperation“ vom 1. März 2026 in der " \
           "Fassung des Nachtrags Nr. 1" in text
    assert "Im Eingang wird die Angabe zu Beta KG gestrichen." in text
    # an earlier Nachtrag is cited with the date of the evaluation that made it (issue 18)
    assert re.search(r"zuletzt geändert durch den Nachtrag Nr\. 1 \(Evaluation vom \d+\. \w+ "
                     r"\d{4}\)", text), text
    assert "§ 15a wird aufgehoben." in text and "§ 7 Absatz 9a wird aufgehoben." in text
    assert "Anlage 3 wird aufgehoben." in text
    assert "– als ausscheidender Partner, für die Regelung seines Ausscheidens –" in text
    reading = view(files["lesefassung"])
    assert "[Heading 1] § 15a (weggefallen)" in reading
    assert "[Vermerk] [aufgehoben durch Nachtrag Nr. 2]" in reading
    assert "[Absatz] (9a) (weggefallen)" in reading
    assert "[Anlage] Anlage 3: (weggefallen)" in reading
    assert "Unterschriften der Partner" not in reading  # a reading version is not signed
    original = invoke("agreement", FIXTURE / "cooperation.yaml", "-o", tmp_path / "original")
    headings = [line for line in view(Path(original.stdout.strip())).splitlines()
                if line.startswith("[Heading 1] §")]
    assert all(h in reading for h in headings if "Beitritt" not in h), "a § number moved"


def test_round_without_change_builds_nothing(tmp_path: Path) -> None:
    calm = tmp_path / "evaluation-1.yaml"
    calm.write_text("\n".join(line for line in ROUNDS[0].read_text(encoding="utf-8").splitlines()
                              if not line.startswith(("measures", "  -", "    "))) + "\n",
                    encoding="utf-8")
    result = invoke("addendum", FIXTURE / "cooperation.yaml", calm, "-o", tmp_path / "out")
    assert result.exit_code == 1, result.output
    assert f"{calm}: error: Evaluation Nr. 1 enthält keine Maßnahme mit einer Änderung" \
        in result.stderr
    assert not (tmp_path / "out").exists()


def test_invalid_amendment_names_file_line_measure_and_rule(tmp_path: Path) -> None:
    broken = tmp_path / "evaluation-1.yaml"
    broken.write_text(ROUNDS[0].read_text(encoding="utf-8").replace(
        "represented_by: [{name: Gerd Gamma, function: Vorstand}]", "phone: none"),
        encoding="utf-8")
    result = invoke("addendum", FIXTURE / "cooperation.yaml", broken, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert f"{broken}:" in result.stderr
    assert "measure 'e1-gamma': with the changes of this round the cooperation is invalid at " \
           "partners.gamma" in result.stderr and "[CD-EVAL-12]" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


# --- the redline, checked by LibreOffice --------------------------------------------------------

def require_uno() -> None:
    if uno_available():
        return
    if os.environ.get("COOPDOCS_REQUIRE_PDF") == "1":
        pytest.fail("LibreOffice with python3-uno is required: COOPDOCS_REQUIRE_PDF=1")
    pytest.skip("LibreOffice with python3-uno (Debian package) is not installed")


CASES = [(FIXTURE / "cooperation.yaml", ROUNDS[:1]), (FIXTURE / "cooperation.yaml", ROUNDS),
         *((folder / "cooperation.yaml", rounds[:n])
           for folder in sorted(ROOT.glob("samples/*"))
           if (rounds := sorted(folder.glob("evaluation-*.yaml")))
           for n in range(1, len(rounds) + 1))]


@pytest.mark.pdf
@pytest.mark.parametrize("case", CASES, ids=[f"{c.parent.name}-{len(r)}" for c, r in CASES])
def test_redline_accepts_to_the_new_and_rejects_to_the_old_version(
        case: tuple[Path, list[Path]], tmp_path: Path) -> None:
    require_uno()
    cooperation, rounds = case
    files = build(tmp_path, cooperation, rounds)
    before, after = versions_rendered(cooperation, rounds, tmp_path)
    result = libreoffice_redline(files["redline"])
    assert result.redlines > 0
    assert normalized(result.accepted) == normalized(body(after))
    assert normalized(result.rejected) == normalized(body(before))
    tracked = docx.Document(str(files["redline"])).element.body
    authors = {e.get(qn("w:author")) for e in tracked.iter(qn("w:ins"), qn("w:del"))}
    assert authors == {"coopdocs"}


def versions_rendered(cooperation: Path, rounds: Sequence[Path], folder: Path
                      ) -> tuple[Path, Path]:
    """The versions before and after the last round, rendered on their own, framed alike."""
    library = load_library()
    case = case_of(cooperation, *rounds, library=library)
    language = case.cooperation.data["language"]
    frame = load_terms(template_file("terms.yaml", None), language)
    words = load_terms(template_file("addendum.yaml", None), language)
    versions = agreement_versions(amended_states(case.cooperation, case.rounds), case.rounds,
                                  library, frame, repealed=words.text("repealed"))
    paths = []
    for name, version in (("before", versions[-2]), ("after", versions[-1])):
        document = framed(version.document, versions[-1], words)
        path = folder / f"{name}.docx"
        path.write_bytes(render_docx(template_file("agreement.docx", None),
                                     agreement_context(document, frame), document.properties))
        paths.append(path)
    return paths[0], paths[1]


def body(path: Path) -> list[str]:
    """Body paragraphs and table rows (cells joined with " | "), as the UNO tool reports them."""
    document = docx.Document(str(path))
    lines: list[str] = []
    for element in document.element.body.iterchildren():
        if element.tag == qn("w:p"):
            lines.append(Paragraph(element, document).text)
        elif element.tag == qn("w:tbl"):
            lines.extend(" | ".join(c.text for c in row.cells)
                         for row in Table(element, document).rows)
    return lines
