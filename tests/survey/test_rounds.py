"""`coopdocs survey open/status/export`: the library functions and the commands, end to end.

Real sample files, a real database (SQLite and PostgreSQL through `database_url`), the CLI run
through click's runner; the exported file is validated with the cooperation and its rounds and
read back.
"""

from __future__ import annotations

import datetime
import re
import stat
from functools import cache
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from coopdocs.build import Case, check_case
from coopdocs.clauses.library import catalog, load_library
from coopdocs.cli import main
from coopdocs.survey import rounds
from coopdocs.survey.store import Store, SurveyError
from tests.conftest import MINIMAL, ROOT, WriteYaml

SAMPLE = ROOT / "samples" / "3dmp"
COOPERATION = SAMPLE / "cooperation.yaml"
EARLIER = [SAMPLE / "evaluation-1.yaml", SAMPLE / "evaluation-2.yaml"]
BUYING = ROOT / "samples" / "einkaufsverbund"
TODAY = datetime.date(2027, 4, 20)
NOW = datetime.datetime(2027, 4, 10, 9, 30, tzinfo=datetime.UTC)
LINK = re.compile(r"http://127\.0\.0\.1:8400/(r|k)/([A-Za-z0-9_-]{43})$")


@cache
def _catalog() -> object:
    return catalog(load_library(None))


def case_of(cooperation: Path, earlier: list[Path]) -> Case:
    checking = check_case(cooperation, earlier, _catalog())  # type: ignore[arg-type]
    [case] = checking.cases
    return case


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["--lang", "en", *args])


# --- the library --------------------------------------------------------------------------------

def test_a_round_follows_the_earlier_rounds_and_their_period() -> None:
    case = case_of(COOPERATION, EARLIER)
    data = rounds.round_data(case, 3, period=None, closes=datetime.date(2027, 4, 15),
                             today=TODAY)
    assert (data.cooperation_id, data.number, data.language) == ("big-3dmp", 3, "de")
    assert (data.period_start, data.period_end) == (datetime.date(2027, 4, 1),
                                                    datetime.date(2027, 4, 15))
    assert data.closes == datetime.date(2027, 4, 15)
    open_ended = rounds.round_data(case, 3, period=None, closes=None, today=TODAY)
    assert (open_ended.period_end, open_ended.closes) == (TODAY, None)
    given = rounds.round_data(case, 3, closes=None, today=TODAY,
                              period=(datetime.date(2027, 1, 1), datetime.date(2027, 3, 1)))
    assert (given.period_start, given.period_end) == (datetime.date(2027, 1, 1),
                                                      datetime.date(2027, 3, 1))
    with pytest.raises(SurveyError, match=r"--round 2 does not follow .* next round is 3"):
        rounds.round_data(case, 2, period=None, closes=None, today=TODAY)
    with pytest.raises(SurveyError, match=r"would end \(2027-03-31\) before it starts"):
        rounds.round_data(case, 3, period=None, closes=None, today=datetime.date(2027, 3, 31))


def test_a_round_asks_the_partners_of_the_cooperation_as_amended() -> None:
    earlier = [BUYING / f"evaluation-{n}.yaml" for n in (1, 2, 3)]
    data = rounds.round_data(case_of(BUYING / "cooperation.yaml", earlier), 4, period=None,
                             closes=None, today=datetime.date(2030, 6, 30))
    asked, notes = rounds.contacts(data.cooperation)
    assert "kottmann" not in asked  # left with round 3
    assert asked["hoelscher"][0] == "Hölscher Haustechnik GmbH"  # joined with round 3
    assert asked["bennemann"] == ("Bennemann Gebäudetechnik GmbH", "Jonas Beispiel",
                                  "einkauf.bennemann@example.com")
    assert notes == ()
    assert data.period_start == datetime.date(2029, 7, 1)


def test_a_partner_without_contact_is_asked_by_its_name(write_yaml: WriteYaml) -> None:
    data = rounds.round_data(case_of(write_yaml(MINIMAL), []), 1, closes=None, today=TODAY,
                             period=(datetime.date(2026, 3, 1), datetime.date(2027, 2, 28)))
    asked, notes = rounds.contacts(data.cooperation)
    assert asked == {"alpha": ("Alpha GmbH", "Alpha GmbH", ""), "beta": ("Beta KG", "Beta KG", "")}
    assert len(notes) == 2 and "partner 'alpha' has no contact person" in notes[0]
    with pytest.raises(SurveyError, match=r"no term\.start"):
        rounds.round_data(case_of(write_yaml(MINIMAL), []), 1, period=None, closes=None,
                          today=TODAY)


def test_links_status_and_export_of_a_round(store: Store) -> None:
    case = case_of(COOPERATION, EARLIER)
    opened = rounds.open_round(store, rounds.round_data(
        case, 3, period=None, closes=datetime.date(2027, 4, 15), today=TODAY))
    text = rounds.links_text(opened, "https://survey.example/")
    lines = text.splitlines()
    assert lines[0] == ("Survey round 3 of 'Kooperation 3DMP-Serienfertigung Titan' "
                        "(big-3dmp), period 1 Apr 2027 to 15 Apr 2027, open until "
                        "15 Apr 2027")
    assert lines[2] == ("GEFERTEC GmbH (Lena Muster <lena.muster@example.com>): "
                        f"https://survey.example/r/{opened.issued.partners['gefertec']}")
    assert lines[-1] == ("Coordinator (progress, close, export): "
                         f"https://survey.example/k/{opened.issued.coordinator}")
    round_ = store.round("big-3dmp", 3)
    assert round_ is not None
    [gefertec, flying] = store.respondents(round_.id)
    store.save(gefertec.id, {"ratings": {"win_win": 4, "schedule": None},
                             "highlights": ["Serienfreigabe erteilt"]},
               submit=True, expected_version=0, now=NOW)
    store.save(flying.id, {"ratings": {"win_win": 2}}, submit=False, expected_version=0,
               now=NOW)
    rows = rounds.status_rows(round_, store.respondents(round_.id))
    assert [(r.partner, r.state, r.answered, r.updated_at) for r in rows] == [
        ("gefertec", "submitted", 3, NOW), ("flying-parts", "draft", 1, NOW)]
    assert rows[0].questions > rows[0].answered
    table = rounds.status_lines(round_, rows)
    assert table[2].split() == ["partner", "state", "answered", "last", "change"]
    assert table[3].startswith("GEFERTEC GmbH ") and " submitted " in table[3]
    assert f" 3/{rows[0].questions} " in table[3]
    assert table[-1] == "1 of 2 partners submitted"
    exported = yaml.safe_load(rounds.export_text(store, round_, today=TODAY))
    assert exported["ratings"] == {"win_win": {"gefertec": 4}}  # the draft does not count
    assert exported["highlights"] == ["Serienfreigabe erteilt"]
    closed = store.close(round_.id, NOW)
    title = rounds.status_lines(closed, rows)[0]
    assert ", closed on 10 Apr 2027, " in title and "open until" not in title


def test_links_are_written_for_their_owner_only(tmp_path: Path) -> None:
    path = rounds.write_private(tmp_path / "new" / "links.txt", "secret\n")
    assert path.read_text(encoding="utf-8") == "secret\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in path.parent.iterdir()] == ["links.txt"]


# --- the commands -------------------------------------------------------------------------------

def test_open_status_export_on_the_command_line(database_url: str, tmp_path: Path) -> None:
    files = [str(COOPERATION), *map(str, EARLIER)]
    opened = run("survey", "open", *files, "--round", "3", "--closes", "15.04.2027",
                 "--db", database_url)
    assert opened.exit_code == 0, opened.output
    links = [LINK.search(line) for line in opened.stdout.splitlines()]
    assert [m.group(1) for m in links if m] == ["r", "r", "k"]
    assert "Note: these links are shown only now" in opened.stderr
    partner_token = next(m.group(2) for m in links if m)

    again = run("survey", "open", *files, "--round", "3", "--closes", "2027-04-15",
                "--db", database_url)
    assert again.exit_code == 1
    assert "round 3 of 'big-3dmp' exists already in the survey database" in again.stderr
    assert "Traceback" not in again.output

    store = Store.connect(database_url)
    try:
        found = store.respondent_by_token(partner_token)
        assert found is not None
        store.save(found[1].id, {"ratings": {"win_win": 5}, "needs": ["Mehr Zeit"]},
                   submit=True, expected_version=0, now=NOW)
    finally:
        store.dispose()

    status = run("survey", "status", str(COOPERATION), "--round", "3", "--db", database_url)
    assert status.exit_code == 0, status.output
    assert "1 of 2 partners submitted" in status.stdout
    assert "GEFERTEC GmbH" in status.stdout and "not started" in status.stdout

    target = tmp_path / "out" / "evaluation-3.yaml"
    exported = run("survey", "export", *files, "--round", "3", "-o", str(target),
                   "--db", database_url)
    assert exported.exit_code == 0, exported.output
    assert exported.stdout.strip() == str(target)
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert (data["cooperation"], data["number"]) == ("big-3dmp", 3)
    assert data["ratings"] == {"win_win": {"gefertec": 5}}
    validated = run("validate", *files, str(target))
    assert validated.exit_code == 0, validated.output

    printed = run("survey", "export", *files, "--round", "3", "--db", database_url)
    assert printed.exit_code == 0
    assert printed.stdout == target.read_text(encoding="utf-8")


def test_open_writes_the_links_to_a_private_file(tmp_path: Path) -> None:
    database = str(tmp_path / "survey.sqlite3")
    target = tmp_path / "links.txt"
    result = run("survey", "open", str(COOPERATION), *map(str, EARLIER), "--round", "3",
                 "--period", "2027-04-01", "2027-04-10", "--base-url", "https://umfrage.example",
                 "--db", database, "-o", str(target))
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(target)
    assert "https://umfrage.example/r/" in target.read_text(encoding="utf-8")
    assert "/r/" not in result.output
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_the_commands_refuse_bad_input_with_a_message(tmp_path: Path,
                                                      write_yaml: WriteYaml) -> None:
    database = str(tmp_path / "survey.sqlite3")
    wrong_round = run("survey", "open", str(COOPERATION), str(EARLIER[0]), "--round", "3",
                      "--db", database)
    assert wrong_round.exit_code == 1
    assert "--round 3 does not follow the earlier rounds given: the next round is 2" in (
        wrong_round.stderr)

    broken = write_yaml(MINIMAL.replace("title: Mini-Kooperation\n", ""))
    invalid = run("survey", "open", str(broken), "--round", "1", "--db", database)
    assert invalid.exit_code == 1
    assert f"{broken}:" in invalid.stderr and "title" in invalid.stderr
    assert not (tmp_path / "survey.sqlite3").exists()  # nothing was opened

    no_contact = run("survey", "open", str(write_yaml(MINIMAL)), "--round", "1", "--period",
                     "2026-03-01", "2027-02-28", "--db", database)
    assert no_contact.exit_code == 0, no_contact.output
    assert "cooperation.yaml: warning: partner 'alpha' has no contact person" in (
        no_contact.stderr)

    unopened = run("survey", "status", str(COOPERATION), "--round", "7", "--db", database)
    assert unopened.exit_code == 1
    assert "round 7 of 'big-3dmp' was not opened in the survey database" in unopened.stderr

    unsupported = run("survey", "status", str(COOPERATION), "--round", "1", "--db",
                      "mysql://u@h/d")
    assert unsupported.exit_code == 1
    assert "unsupported database 'mysql'" in unsupported.stderr

    unreachable = run("survey", "status", str(COOPERATION), "--round", "1", "--db",
                      "postgresql://u:pw@127.0.0.1:9/d?connect_timeout=2")
    assert unreachable.exit_code == 3
    assert "cannot use the survey database postgresql+psycopg://u:***@127.0.0.1:9/d" in (
        unreachable.stderr)


def test_the_database_comes_from_the_environment(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COOPDOCS_DB", str(tmp_path / "env.sqlite3"))
    result = run("survey", "open", str(COOPERATION), *map(str, EARLIER), "--round", "3",
                 "--period", "2027-04-01", "2027-04-10")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "env.sqlite3").is_file()
    status = run("survey", "status", str(COOPERATION), "--round", "3")
    assert status.exit_code == 0 and "0 of 2 partners submitted" in status.stdout


def test_the_survey_commands_have_help() -> None:
    result = run("survey", "--help")
    assert result.exit_code == 0
    for command in ("open", "status", "export"):
        assert command in result.stdout
        assert "Example" in run("survey", command, "--help").stdout


def test_milestones_reached_in_earlier_rounds_are_settled(store: Store) -> None:
    """3DMP: round 1 reached m1, round 2 m2 and m3; round 3 asks none of them again."""
    case = case_of(COOPERATION, EARLIER)
    data = rounds.round_data(case, 3, period=None, closes=None, today=TODAY)
    assert data.settled == ("m1", "m2", "m3")
    assert rounds.round_data(case_of(COOPERATION, EARLIER[:1]), 2, period=None, closes=None,
                             today=TODAY).settled == ("m1",)
    opened = rounds.open_round(store, data)
    kept = store.round("big-3dmp", 3)
    assert kept is not None and kept.data.settled == ("m1", "m2", "m3")
    text = rounds.export_text(store, kept, today=TODAY)
    # nothing asked, so nothing missing: no "no value given" comment for a settled milestone
    assert "\nmilestones: {}\n\nhighlights:" in text
    assert opened.data.settled == ("m1", "m2", "m3")


def test_a_lost_link_is_replaced_and_the_answers_stay(tmp_path: Path) -> None:
    database = str(tmp_path / "survey.sqlite3")
    files = [str(COOPERATION), *map(str, EARLIER)]
    opened = run("survey", "open", *files, "--round", "3", "--closes", "2027-04-15", "--db",
                 database)
    assert opened.exit_code == 0, opened.output
    tokens = [m.group(2) for m in map(LINK.search, opened.stdout.splitlines()) if m]
    old_partner, coordinator = tokens[1], tokens[2]  # flying-parts' link, the coordinator's
    store = Store.connect(database)
    try:
        found = store.respondent_by_token(old_partner)
        assert found is not None and found[1].partner == "flying-parts"
        store.save(found[1].id, {"needs": ["Mehr Zeit"]}, submit=False, expected_version=0,
                   now=NOW)

        renewed = run("survey", "link", str(COOPERATION), "--round", "3", "--partner",
                      "flying-parts", "--db", database)
        assert renewed.exit_code == 0, renewed.output
        [line] = renewed.stdout.splitlines()
        assert line.startswith("flying-parts GmbH (Amelie Beispiel <amelie.beispiel@example.com>)")
        match = LINK.search(line)
        assert match is not None and match.group(1) == "r"
        assert store.respondent_by_token(old_partner) is None
        again = store.respondent_by_token(match.group(2))
        assert again is not None and again[1].answers == {"needs": ["Mehr Zeit"]}

        boss = run("survey", "link", str(COOPERATION), "--round", "3", "--coordinator",
                   "--db", database)
        assert boss.exit_code == 0, boss.output
        assert store.round_by_coordinator_token(coordinator) is None
        new = LINK.search(boss.stdout.strip())
        assert new is not None and store.round_by_coordinator_token(new.group(2)) is not None
    finally:
        store.dispose()

    unknown = run("survey", "link", str(COOPERATION), "--round", "3", "--partner", "omega",
                  "--db", database)
    assert unknown.exit_code == 1
    assert "partner 'omega' is not asked in round 3" in unknown.stderr
    assert "partners asked: gefertec, flying-parts" in unknown.stderr
    both = run("survey", "link", str(COOPERATION), "--round", "3", "--db", database)
    assert both.exit_code == 2 and "give either --partner ID or --coordinator" in both.stderr
