"""Rules about coopdocs' own clause text, checked on the generated agreement of every sample."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from coopdocs.cli import main
from tests.conftest import SAMPLES


@pytest.fixture(scope="module")
def agreements(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    out = tmp_path_factory.mktemp("agreements")
    result = CliRunner().invoke(main, ["agreement", *map(str, SAMPLES), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    texts = {}
    for line in result.stdout.splitlines():
        document = docx.Document(line)
        text = "\n".join(p.text for p in document.paragraphs)
        texts[Path(line).name.split("-kooperations")[0]] = text.replace("\u00a0", " ")
    return texts


def section(text: str, title: str) -> str:
    match = re.search(rf"^§ \d+ {title}\n(.*?)(?=^§ \d+ |^Unterschriften)", text, re.S | re.M)
    assert match, title
    return match.group(1)


def test_no_template_syntax_or_placeholders_left(agreements: dict[str, str]) -> None:
    for name, text in agreements.items():
        for marker in ("{{", "{%", "[…]", "TODO", "XXX", "None", "\ue000"):
            assert marker not in text, (name, marker)


def test_liability_is_never_limited_for_intent_or_injury(agreements: dict[str, str]) -> None:
    for name, text in agreements.items():
        liability = section(text, "Haftung und Versicherung")
        assert "für Vorsatz und grobe Fahrlässigkeit" in liability, name
        assert "Verletzung des Lebens, des Körpers oder der Gesundheit" in liability, name
        assert "nach dem Produkthaftungsgesetz" in liability, name


def test_venue_only_where_allowed(agreements: dict[str, str]) -> None:
    assert "Ausschließlicher Gerichtsstand" in agreements["big-3dmp"]
    assert "Gerichtsstand" not in section(agreements["imbiss-cafe"], "Schlussbestimmungen")
    assert "Ausschließlicher Gerichtsstand" not in agreements["shk-einkaufsverbund"]
    assert "Schiedsgerichtsordnung" in agreements["shk-einkaufsverbund"]


def test_competition_law_where_partners_compete(agreements: dict[str, str]) -> None:
    assert re.search(r"^§ \d+ Kartellrecht$", agreements["shk-einkaufsverbund"], re.M)
    assert not re.search(r"^§ \d+ Kartellrecht$", agreements["big-3dmp"], re.M)


def test_severability_preserves_and_replaces(agreements: dict[str, str]) -> None:
    for text in agreements.values():
        final = section(text, "Schlussbestimmungen")
        assert "die übrigen Bestimmungen wirksam bleiben" in final
        assert "durch eine wirksame Bestimmung ersetzen" in final
        assert "§ 305b BGB" in final


def test_extraordinary_termination_always_kept(agreements: dict[str, str]) -> None:
    for text in agreements.values():
        assert "aus wichtigem Grund ohne Einhaltung einer Kündigungsfrist" in text


def test_paragraph_numbers_are_contiguous(agreements: dict[str, str]) -> None:
    for text in agreements.values():
        numbers = [int(n) for n in re.findall(r"^§ (\d+) ", text, re.M)]
        assert numbers == list(range(1, len(numbers) + 1))
