"""coopdocs deadlines: the table, JSON and iCalendar output, --within, --today and errors."""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path
from typing import Any

import icalendar
from click.testing import CliRunner, Result

from coopdocs.cli import main
from tests.conftest import ROOT

EINKAUF = ROOT / "samples" / "einkaufsverbund"
ROUNDS = [str(p) for p in sorted(EINKAUF.glob("evaluation-*.yaml"))]
NETWORK = ROOT / "samples" / "network" / "network.yaml"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["-q", *args], catch_exceptions=False)


def test_the_table_lists_overdue_first_and_exits_0() -> None:
    result = run("--lang", "de", "deadlines", str(EINKAUF / "cooperation.yaml"), *ROUNDS,
                 "--today", "2029-08-01", "--within", "1y")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["Datum", "Kooperation", "Was", "Wer", "Regelung"]
    dated = [line for line in lines[2:] if line[:2].isdigit()]
    assert dated[0].startswith("30.06.2027 (überfällig)")  # goal g2, only partly achieved
    assert "(überfällig)" not in "".join(dated[4:])  # four overdue, then the upcoming ones
    # the title wraps in its column; the place is one cell, its no-break space printed plain
    assert any("Kottmann scheidet mit Ablauf" in line and line.rstrip().endswith("Nachtrag Nr. 3")
               for line in lines)
    assert not any(line.rstrip().endswith(("Nr.", "§")) for line in lines)
    assert any(line.startswith("15.07.2030") and "Evaluationstermin Nr. 4" in line
               for line in lines)
    assert re.fullmatch(r"4 \S+, 17 \S+", lines[-1])  # "4 überfällig, 17 anstehend"


def test_json_has_stable_keys_and_iso_dates() -> None:
    result = run("deadlines", str(EINKAUF / "cooperation.yaml"), *ROUNDS, "--today",
                 "2029-08-01", "--format", "json", "--within", "6m")
    data = json.loads(result.stdout)
    assert (data["today"], data["until"]) == ("2029-08-01", "2030-02-01")
    first = data["deadlines"][0]
    assert sorted(first) == ["action", "cooperation", "date", "done", "kind", "overdue", "ref",
                             "round", "title", "uid", "what", "who", "who_names"]
    assert all(datetime.date.fromisoformat(d["date"]) <= datetime.date(2030, 2, 1)
               or d["overdue"] for d in data["deadlines"])
    exit_ = next(d for d in data["deadlines"] if d["what"] == "exit:kottmann")
    assert exit_ | {"action": "", "title": "", "uid": ""} == {
        "date": "2029-12-31", "cooperation": "shk-einkaufsverbund", "kind": "effective",
        "what": "exit:kottmann", "who": ["kottmann"], "who_names": "Kottmann",
        "ref": "Nachtrag Nr.\u00a03", "overdue": False, "done": False, "round": 3,
        "action": "", "title": "", "uid": ""}
    assert result.stdout == run("deadlines", str(EINKAUF / "cooperation.yaml"), *ROUNDS,
                                "--today", "2029-08-01", "--format", "json",
                                "--within", "6m").stdout


def test_within_filters_the_upcoming_ones_but_keeps_the_overdue() -> None:
    def dates(within: str) -> list[dict[str, Any]]:
        result = run("deadlines", str(NETWORK), "--today", "2027-06-01", "--format", "json",
                     "--within", within)
        assert result.exit_code == 0
        return list(json.loads(result.stdout)["deadlines"])

    short, longer, everything = dates("30d"), dates("12w"), dates("1y")
    assert len(short) < len(longer) < len(everything)
    assert [d for d in short if d["overdue"]] == [d for d in everything if d["overdue"]]
    assert all(d["date"] <= "2027-07-01" for d in short if not d["overdue"])
    assert {d["cooperation"] for d in everything} >= {"big-3dmp", "big-werkstoffeinkauf"}


def test_ics_of_the_network_to_a_file(tmp_path: Path) -> None:
    target = tmp_path / "fristen.ics"
    result = run("deadlines", str(NETWORK), "--today", "2027-06-01", "--format", "ics",
                 "-o", str(target))
    assert result.exit_code == 0
    assert result.stdout.strip() == str(target)
    calendar = icalendar.Calendar.from_ical(target.read_bytes())
    assert str(calendar["X-WR-CALNAME"]) == "Deadlines Berlin.Industrial.Group"
    events = calendar.walk("VEVENT")
    assert events and all("UID" in e and "DTSTART" in e and "SUMMARY" in e for e in events)
    again = tmp_path / "again.ics"
    run("deadlines", str(NETWORK), "--today", "2027-06-01", "--format", "ics", "-o", str(again))
    assert again.read_bytes() == target.read_bytes()


def test_german_ics_on_stdout() -> None:
    result = run("--lang", "de", "deadlines", str(EINKAUF / "cooperation.yaml"), "--today",
                 "2027-01-01", "--format", "ics")
    calendar = icalendar.Calendar.from_ical(result.stdout_bytes)
    summaries = [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]
    notice = "Letzter Tag für die ordentliche Kündigung zum 31. Dezember 2028 (§\u00a019)"
    assert notice in summaries
    # the description says for whom: a contribution names its partner, the notice all partners
    described = {str(e["SUMMARY"]): str(e["DESCRIPTION"]) for e in calendar.walk("VEVENT")}
    assert "\nWer: alle Partner\n" in described[notice]
    assert any(s.startswith("Beitrag von Wessels") and "\nWer: Wessels\n" in d
               for s, d in described.items())


def test_a_bad_within_is_a_usage_error() -> None:
    result = run("deadlines", str(EINKAUF / "cooperation.yaml"), "--within", "3 months")
    assert result.exit_code == 2
    assert "'3 months' is not a period" in result.stderr and "30d" in result.stderr


def test_invalid_input_reports_findings_and_fails_like_other_commands(tmp_path: Path) -> None:
    broken = tmp_path / "cooperation.yaml"
    broken.write_text((EINKAUF / "cooperation.yaml").read_text(encoding="utf-8").replace(
        "notice_months: 6", "notice_months: sechs"), encoding="utf-8")
    result = run("deadlines", str(broken))
    assert result.exit_code == 1
    assert f"{broken}:" in result.stderr and "notice_months" in result.stderr
    assert result.stdout == ""


def test_overdue_ones_stay_whatever_within_says() -> None:
    result = run("--lang", "en", "deadlines", str(EINKAUF / "cooperation.yaml"), *ROUNDS,
                 "--today", "2029-08-01", "--within", "0d", "--format", "text")
    assert result.exit_code == 0
    *table, total = result.stdout.splitlines()
    dated = [line for line in table if line[:1].isdigit()]
    assert len(dated) == 4 and all("(overdue)" in line for line in dated)
    assert total == "4 overdue, 0 upcoming"
