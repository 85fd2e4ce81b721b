"""Load: the 50 partners of a cooperation submit at the same moment, over real HTTP.

A synthetic cooperation of 50 partners (each rates the six criteria and all 50 partners on the
three pillars: 156 answers each, 7,800 in all) gets a round in a fresh store (SQLite, and the
test PostgreSQL), served by uvicorn on a free port. 50 threads each open their partner's page,
wait for all the others, then submit at once. Afterwards every partner's answers are in the store
exactly as sent, and the export holds all 50 and validates with the cooperation. Bounded: a
timeout on every request and on the whole run, so the test ends by itself.
"""

from __future__ import annotations

import datetime
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor, wait
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from click.testing import CliRunner

from coopdocs.cli import main
from coopdocs.model.evaluation import CRITERIA, PILLARS
from coopdocs.survey.rounds import Opened, open_round
from coopdocs.survey.store import Store

PARTNERS = 50
REQUEST_TIMEOUT = 60.0  # seconds for one request
OVERALL_TIMEOUT = 240.0  # seconds for all 50 partners together
TEXTS = ("highlights", "difficulties", "reflection", "needs")


def cooperation_yaml(count: int) -> str:
    """A valid cooperation of ``count`` partners p01, p02, … (p01 coordinates), with a term."""
    lines = ["format: 1", "id: lasttest", "title: Lasttest mit vielen Partnern", "language: de",
             "date: 2026-03-01", "purpose: Gemeinsamer Einkauf von Verpackungsmaterial.",
             "term: {start: 2026-04-01, end: 2028-03-31}", "partners:"]
    for number in range(1, count + 1):
        lines += [f"  - id: p{number:02d}", f"    name: Partner {number:02d} GmbH",
                  "    legal_form: GmbH",
                  f'    address: {{street: Hauptstraße {number}, postal_code: "10115", '
                  "city: Berlin}",
                  f"    represented_by: [{{name: Person {number:02d}, "
                  "function: Geschäftsführung}]",
                  f"    contact: {{name: Kontakt {number:02d}, email: p{number:02d}@example.com}}"]
        if number == 1:
            lines.append("    role: coordinator")
    return "\n".join(lines) + "\n"


def partner_ids(count: int = PARTNERS) -> list[str]:
    return [f"p{number:02d}" for number in range(1, count + 1)]


def score(*seed: int) -> str:
    """A deterministic answer on the scale, now and then "cannot judge"."""
    value = sum((index + 3) * part for index, part in enumerate(seed)) % 6
    return "na" if value == 5 else str(value + 1)


def sent_fields(rater: int) -> dict[str, str]:
    """What partner number ``rater`` sends: every criterion, every partner's pillars, texts."""
    fields = {f"ratings.{criterion}": score(rater, index)
              for index, criterion in enumerate(CRITERIA)}
    for rated, partner in enumerate(partner_ids(), start=1):
        for index, pillar in enumerate(PILLARS):
            fields[f"trust.{partner}.{pillar}"] = score(rater, rated, index + 7)
    for index, text in enumerate(TEXTS):
        fields[text] = f"Partner {rater:02d}, Punkt {index}: Grüße, „Anführung“ & <Zeichen>"
    return fields


def expected_answers(fields: dict[str, str]) -> dict[str, Any]:
    """The answers the store must hold for ``fields`` (the brief's Answers shape)."""

    def value(text: str) -> int | None:
        return None if text == "na" else int(text)

    trust: dict[str, dict[str, int | None]] = {}
    ratings: dict[str, int | None] = {}
    for name, text in fields.items():
        parts = name.split(".")
        if parts[0] == "ratings":
            ratings[parts[1]] = value(text)
        elif parts[0] == "trust":
            trust.setdefault(parts[1], {})[parts[2]] = value(text)
    return {"ratings": ratings, "trust": trust, **{text: [fields[text]] for text in TEXTS}}


class HiddenInputs(HTMLParser):
    """The hidden inputs of a page's form (the CSRF value, the version)."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "input" and found.get("type") == "hidden" and found.get("name"):
            self.values[str(found["name"])] = found.get("value") or ""


def hidden_inputs(html: str) -> dict[str, str]:
    parser = HiddenInputs()
    parser.feed(html)
    return parser.values


def submit(base_url: str, token: str, fields: dict[str, str],
           start: threading.Barrier) -> tuple[int, str]:
    """One partner: open its page, wait for the others, submit; the status and the redirect."""
    with httpx.Client(base_url=base_url, timeout=REQUEST_TIMEOUT) as client:
        try:
            page = client.get(f"/r/{token}")
            assert page.status_code == 200, page.text[:500]
        except BaseException:
            start.abort()  # the others stop waiting for this partner
            raise
        form = {**hidden_inputs(page.text), **fields, "action": "submit"}
        start.wait(timeout=OVERALL_TIMEOUT)
        posted = client.post(f"/r/{token}", data=form, follow_redirects=False)
        return posted.status_code, posted.headers.get("location", posted.text[:500])


@pytest.fixture
def cooperation(tmp_path: Path) -> Path:
    path = tmp_path / "cooperation.yaml"
    path.write_text(cooperation_yaml(PARTNERS), encoding="utf-8")
    return path


@pytest.fixture
def opened(store: Store, cooperation: Path) -> Opened:
    from coopdocs.build import check_case
    from coopdocs.clauses.library import catalog, load_library
    from coopdocs.survey.rounds import round_data

    checking = check_case(cooperation, [], catalog(load_library(None)))
    assert checking.cases, "the synthetic cooperation does not validate"
    data = round_data(checking.cases[0], 1,
                      period=(datetime.date(2026, 4, 1), datetime.date(2026, 9, 30)),
                      closes=datetime.date(2026, 10, 15), today=datetime.date(2026, 10, 1))
    return open_round(store, data)


def test_the_synthetic_cooperation_has_fifty_partners(opened: Opened) -> None:
    assert sorted(opened.issued.partners) == partner_ids()
    assert len(set(opened.issued.partners.values())) == PARTNERS


def test_fifty_partners_submitting_at_once_lose_nothing(
        live_server: str, store: Store, opened: Opened, cooperation: Path,
        tmp_path: Path) -> None:
    sent = {partner: sent_fields(number)
            for number, partner in enumerate(partner_ids(), start=1)}
    start = threading.Barrier(PARTNERS)
    began = time.monotonic()
    pool = ThreadPoolExecutor(max_workers=PARTNERS, thread_name_prefix="partner")
    futures = {pool.submit(submit, live_server, opened.issued.partners[partner],
                           sent[partner], start): partner for partner in sent}
    done, pending = wait(futures, timeout=OVERALL_TIMEOUT)
    if pending:
        start.abort()  # let threads still waiting at the barrier go; requests time out
    pool.shutdown(wait=not pending, cancel_futures=True)
    assert not pending, f"{len(pending)} partners did not finish in {OVERALL_TIMEOUT} s"
    results = {futures[future]: future.result() for future in done}
    for partner, (status, where) in results.items():
        assert status == 303, (partner, status, where)
        assert where.endswith("?notice=submitted"), (partner, where)
    elapsed = time.monotonic() - began

    # every respondent's answers are stored exactly as sent, and submitted
    respondents = {r.partner: r for r in store.respondents(_round_id(store, opened))}
    assert sorted(respondents) == sorted(sent)
    for partner, respondent in respondents.items():
        assert respondent.state == "submitted", partner
        kept = {key: value for key, value in respondent.answers.items() if value}
        assert kept == expected_answers(sent[partner]), partner

    # the export holds all 50, and validates with the cooperation
    with httpx.Client(base_url=live_server, timeout=REQUEST_TIMEOUT) as client:
        export = client.get(f"/k/{opened.issued.coordinator}/export")
    assert export.status_code == 200, export.text[:500]
    data = yaml.safe_load(export.text)
    for criterion in CRITERIA:
        assert data["ratings"][criterion] == {
            partner: int(sent[partner][f"ratings.{criterion}"])
            for partner in sent if sent[partner][f"ratings.{criterion}"] != "na"}, criterion
    assert sorted(data["trust"]) == sorted(sent)
    for rater, rated in data["trust"].items():
        assert rated == {p: {k: v for k, v in pillars.items() if v is not None}
                         for p, pillars in expected_answers(sent[rater])["trust"].items()
                         if any(v is not None for v in pillars.values())}, rater
    assert len(data["highlights"]) == PARTNERS
    assert all(re.fullmatch(r"Partner \d\d, Punkt 0: .*", item) for item in data["highlights"])
    exported = tmp_path / "evaluation-1.yaml"
    exported.write_text(export.text, encoding="utf-8")
    checked = CliRunner().invoke(main, ["validate", str(cooperation), str(exported)])
    assert checked.exit_code == 0, checked.output
    assert elapsed < OVERALL_TIMEOUT


def _round_id(store: Store, opened: Opened) -> int:
    found = store.round_by_coordinator_token(opened.issued.coordinator)
    assert found is not None
    return found.id
