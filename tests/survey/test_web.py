"""The survey's pages over a real SQLite store: what a partner sees, saves, submits, changes;
what the coordinator sees, closes and downloads.

Round 3 of samples/3dmp is German (``language: de``, the product's default), so the pages speak
German and the tests read the German words of the catalog; the English pages are checked on the
same round with ``language: en``. In round 3 every milestone is settled (m1 was reached late in
round 1, m2 and m3 in round 2), so none is asked; the tests of milestone questions use the round
with nothing settled (`unsettled`).
"""

from __future__ import annotations

import dataclasses
import html
import io
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import yaml

from coopdocs.i18n import speaking, translated
from coopdocs.survey.export import RoundData
from coopdocs.survey.questions import partner_form
from tests.conftest import ROOT
from tests.survey.web_fixtures import (
    NOW,
    SAMPLE,
    Survey,
    csrf_of,
    make_survey,
    round_data,
    survey,
)

__all__ = ["round_data", "survey"]  # fixtures


@pytest.fixture
def unsettled(tmp_path: Path, round_data: RoundData) -> Iterator[Survey]:
    """Round 3 as if no earlier round had reported a milestone reached: all three are asked.

    In the sample m1–m3 are settled by rounds 1 and 2, so the real round 3 asks none of them;
    the milestone questions (a state and the date it was reached) need a round that asks them.
    """
    folder = tmp_path / "unsettled"  # its own store, beside the `survey` fixture's
    folder.mkdir()
    yield from make_survey(folder, dataclasses.replace(round_data, settled=()))


RATINGS = {"ratings.win_win": "4", "ratings.cost_benefit": "na", "ratings.schedule": "2"}


def text_of(page: str) -> str:
    """The page's text without tags, spaces folded: what a reader sees."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def legends(page: str) -> list[str]:
    return [text_of(legend).strip() for legend in re.findall(r"<legend[^>]*>(.*?)</legend>",
                                                              page, re.S)]


# --- the partner's page ---------------------------------------------------------------------------

def test_the_page_asks_the_criteria_trust_and_what_the_partner_reports(survey: Survey) -> None:
    page = survey.page("gefertec")
    assert '<html lang="de">' in page
    seen = text_of(page)
    assert "Evaluationsrunde 3: Kooperation 3DMP-Serienfertigung Titan" in seen
    assert "Evaluation des Zeitraums 01.04.2027 bis 30.09.2027 für GEFERTEC GmbH." in seen
    assert "Bitte antworten Sie bis 15.10.2027." in seen
    form = partner_form(survey.opened.data.cooperation, "gefertec")
    with speaking("de"):  # the round's language: the seed's German questions
        questions = [translated(criterion.question) for criterion in form.criteria]
    assert "Wurde der Zeitplan eingehalten?" in questions
    for criterion, question in zip(form.criteria, questions, strict=True):
        assert question in legends(page)  # six radio groups 1..5 and "I cannot judge"
        for value in ("1", "2", "3", "4", "5", "na"):
            assert f'name="ratings.{criterion.key}" value="{value}"' in page
    assert "kann ich nicht beurteilen" in seen
    # trust: the other partner first, itself last as the self-assessment; pillars described
    partners = [legend for legend in legends(page)
                if legend in ("flying-parts GmbH", "Selbsteinschätzung: GEFERTEC GmbH")]
    assert partners == ["flying-parts GmbH", "Selbsteinschätzung: GEFERTEC GmbH"]
    for rated in ("flying-parts", "gefertec"):
        for pillar in ("competence", "integrity", "benevolence"):
            assert f'name="trust.{rated}.{pillar}" value="5"' in page
    assert "Kompetenz" in seen
    assert "die Expertise hat, die für die Umsetzung des gemeinsamen Ziels notwendig ist" in seen
    # its own KPIs with unit, target and band; its goal; four texts
    assert 'name="kpis.scrap-rate"' in page and 'name="kpis.lead-time"' not in page
    assert "Ausschussquote (%)" in seen
    assert "Zielwert: 3 % · Toleranzband: 2 % bis 4 % · niedriger ist besser" in seen
    assert 'name="goals.g2"' in page and 'name="goals.g1"' not in page
    # its milestones m1 and m2 were reached in rounds 1 and 2: settled, not asked again
    assert 'name="milestones.' not in page
    assert "Beantwortet: 0 von 20 Fragen." in seen
    for text in ("highlights", "difficulties", "reflection", "needs"):
        assert f'<textarea id="f-{text}" name="{text}"' in page
    assert ">Entwurf speichern</button>" in page and ">Antworten einreichen</button>" in page


def test_the_other_partner_is_asked_its_own_share(survey: Survey) -> None:
    page = survey.page("flying-parts")
    assert 'name="kpis.lead-time"' in page and 'name="kpis.scrap-rate"' not in page
    assert 'name="goals.g1"' in page and 'name="goals.g2"' not in page
    assert 'name="milestones.' not in page  # m3 was reached in round 2
    assert "Durchlaufzeit je Serienauftrag (Arbeitstage)" in text_of(page)
    partners = [legend for legend in legends(page)
                if legend in ("GEFERTEC GmbH", "Selbsteinschätzung: flying-parts GmbH")]
    assert partners == ["GEFERTEC GmbH", "Selbsteinschätzung: flying-parts GmbH"]


def test_a_partner_is_asked_the_state_of_its_own_open_milestones(unsettled: Survey) -> None:
    page = unsettled.page("gefertec")
    for milestone in ("m1", "m2"):  # gefertec's
        assert f'name="milestones.{milestone}.status"' in page
        assert f'name="milestones.{milestone}.date"' in page
    assert 'name="milestones.m3.status"' not in page  # flying-parts'
    seen = text_of(page)
    assert ("Meilenstein: Prozessfreigabe der Parametersätze für Ti-6Al-4V "
            "(fällig am 30.09.2026)") in seen
    assert "erreicht verspätet noch offen entfallen" in seen and "Erreicht am" in seen
    assert "Beantwortet: 0 von 22 Fragen." in seen
    other = unsettled.page("flying-parts")
    assert 'name="milestones.m3.status"' in other and 'name="milestones.m3.date"' in other
    assert 'name="milestones.m1.status"' not in other


def test_every_input_has_a_label_and_radio_groups_are_fieldsets(survey: Survey,
                                                                unsettled: Survey) -> None:
    # the round as it is, and with milestones asked (their state and date fields)
    for page in (survey.page("gefertec"), unsettled.page("gefertec")):
        labelled = set(re.findall(r'<label for="([^"]+)"', page))
        inputs = re.findall(r'<(?:input|select|textarea)\b[^>]*\bid="([^"]+)"', page)
        assert inputs and set(inputs) <= labelled
        hidden = re.findall(r'<input type="hidden"', page)
        assert len(re.findall(r"<(?:input|select|textarea)\b", page)) == len(inputs) + len(hidden)
        assert page.count('<fieldset class="scale">') == 6 + 3 * 2
    assert "f-milestones.m1.date" in labelled


def test_save_a_draft_then_submit_then_change(unsettled: Survey) -> None:
    survey = unsettled  # a milestone with its date among the answers
    response = survey.post("gefertec", {**RATINGS, "trust.flying-parts.competence": "5",
                                        "kpis.scrap-rate": "2,5", "goals.g2": "partial",
                                        "milestones.m1.status": "done",
                                        "milestones.m1.date": "12.09.2026",
                                        "highlights": "Prozessfreigabe\nSerienanlauf"})
    assert response.status_code == 303
    assert response.headers["location"] == f"/r/{survey.token('gefertec')}?notice=saved"
    assert survey.answers("gefertec") == {
        "ratings": {"win_win": 4, "cost_benefit": None, "schedule": 2},
        "trust": {"flying-parts": {"competence": 5}},
        "kpis": {"scrap-rate": 2.5}, "goals": {"g2": "partial"},
        "milestones": {"m1": {"status": "done", "date": "2026-09-12"}},
        "highlights": ["Prozessfreigabe", "Serienanlauf"]}
    page = survey.client.get(response.headers["location"]).text
    assert "Ihr Entwurf wurde gespeichert. Er ist noch nicht eingereicht." in page
    assert 'value="4" checked' in page and 'name="ratings.cost_benefit" value="na" checked' in page
    assert 'name="kpis.scrap-rate" value="2,5"' in page
    assert "Prozessfreigabe\nSerienanlauf</textarea>" in page
    assert 'name="milestones.m1.date" value="12.09.2026"' in page  # as a German types it
    assert "Entwurf gespeichert am 01.10.2027, " in text_of(page)

    response = survey.post("gefertec", {**RATINGS, "kpis.scrap-rate": "2,5"}, action="submit")
    assert response.status_code == 303
    page = survey.client.get(response.headers["location"]).text
    assert "Vielen Dank: Ihre Antworten wurden eingereicht." in page
    assert "Eingereicht am 01.10.2027, " in text_of(page)
    assert "Bis 15.10.2027 können Sie Ihre Antworten noch ändern" in text_of(page)
    assert ">Antworten einreichen</button>" in page  # still open for changes

    response = survey.post("gefertec", {**RATINGS, "ratings.win_win": "5"}, action="submit")
    assert response.status_code == 303
    found = survey.store.respondent_by_token(survey.token("gefertec"))
    assert found is not None and found[1].state == "submitted"
    assert found[1].answers["ratings"]["win_win"] == 5 and not found[1].answers.get("kpis")


def test_a_validation_message_stands_next_to_its_field(survey: Survey, tmp_path: Path) -> None:
    response = survey.post("gefertec", {"kpis.scrap-rate": "2000000000000",
                                        "ratings.win_win": "3"})
    assert response.status_code == 422
    page = response.text
    with speaking("de"):  # the round's language
        expected = yaml_message(tmp_path, "kpis: {scrap-rate: 2000000000000}",
                                ("kpis", "scrap-rate"))
    error = re.search(r'<p class="error" id="e-kpis.scrap-rate">(.*?)</p>', page, re.S)
    assert error is not None and text_of(error.group(1)).strip() == f"Fehler: {expected}"
    field = re.search(r'<input [^>]*name="kpis.scrap-rate"[^>]*>', page)
    assert field is not None
    assert 'aria-describedby="h-kpis.scrap-rate e-kpis.scrap-rate"' in field.group(0)
    assert 'aria-invalid="true"' in field.group(0) and 'value="2000000000000"' in field.group(0)
    summary = re.search(r'<div class="summary".*?</div>', page, re.S)
    assert summary is not None and 'href="#f-kpis.scrap-rate"' in summary.group(0)
    assert 'id="f-kpis.scrap-rate"' in page
    assert 'name="ratings.win_win" value="3" checked' in page  # what was posted stays
    assert survey.answers("gefertec") == {}  # nothing saved


def yaml_message(tmp_path: Path, line: str, path: tuple[str, ...]) -> str:
    """The message `coopdocs validate` gives for ``line`` in a hand-written evaluation-3.yaml."""
    from coopdocs.build import check_case
    from coopdocs.clauses.library import catalog, load_library

    evaluation = tmp_path / "evaluation-3.yaml"
    evaluation.write_text("format: 1\ncooperation: big-3dmp\nnumber: 3\n"
                          "period: {start: 2027-04-01, end: 2027-09-30}\ndate: 2027-10-15\n"
                          f"{line}\n", encoding="utf-8")
    checked = check_case(SAMPLE / "cooperation.yaml",
                         [SAMPLE / "evaluation-1.yaml", SAMPLE / "evaluation-2.yaml", evaluation],
                         catalog(load_library(None))).checked
    messages = [f.message for f in checked[-1].findings if f.path == path]
    assert messages, [f.format() for f in checked[-1].findings]
    return messages[0]


def test_a_partner_never_sees_another_partners_answers(survey: Survey) -> None:
    survey.post("flying-parts", {"highlights": "Nur für uns sichtbar", "ratings.win_win": "1"},
                action="submit")
    page = survey.page("gefertec")
    assert "Nur für uns sichtbar" not in page and " checked" not in page


def test_another_partners_link_cannot_change_these_answers(survey: Survey) -> None:
    survey.post("gefertec", {"kpis.scrap-rate": "2"})
    before = survey.answers("gefertec")
    # gefertec's own field, posted to flying-parts' link: refused, nothing changes
    response = survey.post("flying-parts", {"kpis.scrap-rate": "9"})
    assert response.status_code == 422
    assert "das Formular hat kein Feld „kpis.scrap-rate“" in response.text
    # gefertec's form values (its CSRF value) posted to flying-parts' link: refused
    response = survey.post("flying-parts", {"ratings.win_win": "1"},
                           csrf=csrf_of(survey.page("gefertec")))
    assert response.status_code == 403
    assert survey.answers("gefertec") == before and survey.answers("flying-parts") == {}


def test_a_stale_page_gets_the_stores_message_not_a_traceback(survey: Survey) -> None:
    stale = survey.page("gefertec")
    survey.post("gefertec", {"ratings.win_win": "4"})
    response = survey.client.post(f"/r/{survey.token('gefertec')}", data={
        "csrf": csrf_of(stale), "version": "0", "action": "save", "ratings.win_win": "1"})
    assert response.status_code == 409
    assert "die Antworten wurden inzwischen geändert" in response.text
    assert "Traceback" not in response.text
    assert survey.answers("gefertec") == {"ratings": {"win_win": 4}}


def test_wrong_tokens_get_the_same_not_found_page(survey: Survey) -> None:
    partner = survey.client.get("/r/" + "A" * 43)
    coordinator = survey.client.get("/k/" + "A" * 43)
    other = survey.client.get("/nothing/here")
    assert partner.status_code == coordinator.status_code == other.status_code == 404
    assert partner.text == coordinator.text == other.text
    assert "Dieser Link ist nicht bekannt." in partner.text
    assert survey.client.get(f"/k/{survey.token('gefertec')}").status_code == 404
    assert survey.client.get(f"/r/{survey.coordinator}").status_code == 404


def test_a_closed_round_shows_the_answers_read_only(survey: Survey) -> None:
    survey.post("gefertec", {"ratings.win_win": "4"}, action="submit")
    page = survey.page("gefertec")
    survey.store.close(survey.round_id, NOW)
    closed = survey.page("gefertec")
    assert "Diese Runde wurde am 01.10.2027, 09:30 geschlossen." in text_of(closed)
    assert '<fieldset class="page" disabled>' in closed
    assert ">Antworten einreichen</button>" not in closed
    response = survey.client.post(f"/r/{survey.token('gefertec')}", data={
        "csrf": csrf_of(page), "version": "1", "action": "submit", "ratings.win_win": "1"})
    assert response.status_code == 409
    assert ("Die Runde ist geschlossen; Antworten können nicht mehr geändert werden."
            in response.text)
    assert survey.answers("gefertec") == {"ratings": {"win_win": 4}}


def test_the_page_speaks_the_rounds_language(tmp_path: Path, round_data: RoundData) -> None:
    english = RoundData(**{**round_data.__dict__, "language": "en"})
    for opened in make_survey(tmp_path, english):
        page = opened.page("gefertec")
        assert '<html lang="en">' in page
        assert "30 Sept 2027" in text_of(page) or "30 Sep 2027" in text_of(page)
        # the English words of the page, which the German round above shows translated
        seen = text_of(page)
        assert "Evaluation round 3: Kooperation 3DMP-Serienfertigung Titan" in seen
        assert "I cannot judge" in seen and "Self-assessment: GEFERTEC GmbH" in legends(page)
        assert "Target: 3 % · tolerance band: 2 % to 4 % · lower is better" in seen
        assert ">Save draft</button>" in page and ">Submit</button>" in page


# --- the coordinator's page -----------------------------------------------------------------------

def test_the_coordinator_sees_progress_but_no_link_and_no_answer(survey: Survey) -> None:
    survey.post("gefertec", {**RATINGS, "highlights": "Vertraulich"}, action="submit")
    survey.post("flying-parts", {"ratings.win_win": "2"})
    page = survey.client.get(f"/k/{survey.coordinator}").text
    seen = text_of(page)
    # 20 and 18 questions: no milestone is asked in round 3 (all settled by rounds 1 and 2)
    assert "GEFERTEC GmbH Lena Muster eingereicht 4 von 20" in seen
    assert "flying-parts GmbH Amelie Beispiel Entwurf 1 von 18" in seen
    assert "Eingereicht: 1 von 2 Partnern" in seen
    for partner in ("gefertec", "flying-parts"):
        assert survey.token(partner) not in page
    assert "Vertraulich" not in page
    # per question: which partners answered; "–" where a partner is not asked
    row = re.search(r"<tr><th scope=\"row\">Win-win-Situation</th>(.*?)</tr>", page, re.S)
    assert row is not None and row.group(1).count("✓") == 2
    row = re.search(r"<tr><th scope=\"row\">Ausschussquote</th>(.*?)</tr>", page, re.S)
    assert row is not None and "nicht beantwortet" in row.group(1)
    assert "nicht gefragt" in row.group(1)
    # reminders: only who has not submitted, a mailto link with a subject, no partner link
    links = re.findall(r'<a href="(mailto:[^"]+)"', page)
    assert len(links) == 1
    mailto = urlsplit(html.unescape(links[0]))
    assert unquote(mailto.path) == "amelie.beispiel@example.com"
    query = parse_qs(mailto.query)
    assert query["subject"] == ["Erinnerung: Evaluationsrunde 3 – Kooperation "
                                "3DMP-Serienfertigung Titan"]
    assert "Guten Tag Amelie Beispiel," in query["body"][0]
    assert "persönlichen Link aus Ihrer Einladung" in query["body"][0]
    assert "/r/" not in query["body"][0]


def test_the_coordinator_closes_after_confirming_and_downloads(survey: Survey) -> None:
    survey.post("gefertec", {**RATINGS, "kpis.scrap-rate": "2,5"}, action="submit")
    survey.post("flying-parts", {"ratings.win_win": "2"})
    page = survey.client.get(f"/k/{survey.coordinator}").text
    close = f"/k/{survey.coordinator}/close"
    confirm = survey.client.post(close, data={"csrf": csrf_of(page)})
    assert confirm.status_code == 200
    assert "Runde 3 schließen?" in confirm.text and "flying-parts GmbH" in confirm.text
    assert survey.closed_at() is None
    done = survey.client.post(close, data={"csrf": csrf_of(confirm.text), "confirm": "yes"},
                              follow_redirects=False)
    assert done.status_code == 303
    assert done.headers["location"] == f"/k/{survey.coordinator}?notice=closed"
    closed = survey.client.get(done.headers["location"]).text
    assert "Die Runde ist geschlossen. Der Export ist endgültig." in closed
    assert "Runde schließen" not in closed  # the button "Runde schließen …" is gone

    export = survey.client.get(f"/k/{survey.coordinator}/export")
    assert export.status_code == 200
    assert export.headers["content-type"] == "text/yaml; charset=utf-8"
    assert export.headers["content-disposition"] == 'attachment; filename="evaluation-3.yaml"'
    data = yaml.safe_load(export.text)
    assert data["number"] == 3 and data["ratings"]["win_win"] == {"gefertec": 4}
    assert data["kpis"] == {"scrap-rate": 2.5}
    assert "flying-parts" not in str(data.get("ratings"))  # a draft is not exported


def test_the_export_validates_with_the_cooperation(survey: Survey, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from coopdocs.cli import main

    survey.post("gefertec", {**RATINGS, "kpis.scrap-rate": "2,5"}, action="submit")
    exported = tmp_path / "evaluation-3.yaml"
    exported.write_bytes(survey.client.get(f"/k/{survey.coordinator}/export").content)
    result = CliRunner().invoke(main, ["validate", str(SAMPLE / "cooperation.yaml"),
                                       str(SAMPLE / "evaluation-1.yaml"),
                                       str(SAMPLE / "evaluation-2.yaml"), str(exported)])
    assert result.exit_code == 0, result.output


# --- the templates' words reach the catalog -------------------------------------------------------

TEMPLATES = ROOT / "coopdocs" / "survey" / "web" / "templates"


@pytest.mark.parametrize("template", sorted(p.name for p in TEMPLATES.glob("*.html")))
def test_template_messages_are_literals_the_catalog_extracts(template: str) -> None:
    from jinja2 import Environment
    from jinja2.ext import babel_extract

    from tools.i18n import template as catalog

    source = (TEMPLATES / template).read_text(encoding="utf-8")
    Environment().parse(source)  # the template is well-formed
    found = [message for _line, _function, message, _comments
             in babel_extract(io.BytesIO(source.encode()), ["_"], [], {})]
    assert all(isinstance(message, str) for message in found)  # _(a variable) is never seen
    assert set(found) <= {message.id for message in catalog()}


def test_the_style_sheet_is_served_and_has_a_phone_layout(survey: Survey) -> None:
    response = survey.client.get("/static/survey.css")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/css")
    assert "@media (max-width: 600px)" in response.text and ":focus-visible" in response.text
