"""Fixtures of the web tests: round 3 of samples/3dmp opened in a real SQLite store, a client.

The client is Starlette's TestClient: real HTTP semantics (headers, redirects, form encoding)
through the ASGI application, without a server. Each test gets a fresh store in tmp_path; the
round data (the cooperation as amended by evaluation-1 and -2) is computed once.
"""

from __future__ import annotations

import datetime
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from coopdocs.survey.export import RoundData
from coopdocs.survey.rounds import Opened
from coopdocs.survey.store import Store
from coopdocs.survey.web.app import create_app
from coopdocs.survey.web.security import MAX_BODY, RateLimiter
from tests.conftest import ROOT

with warnings.catch_warnings():  # Starlette 1.x prefers httpx2 for its TestClient; httpx works
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

SAMPLE = ROOT / "samples" / "3dmp"
NOW = datetime.datetime(2027, 10, 1, 9, 30, tzinfo=datetime.UTC)
CLOSES = datetime.date(2027, 10, 15)
_CSRF = re.compile(r'name="csrf" value="([0-9a-f]+)"')
_VERSION = re.compile(r'name="version" value="([0-9]+)"')


@pytest.fixture(scope="session")
def round_data() -> RoundData:
    """Round 3 of samples/3dmp: the cooperation as amended by its evaluations 1 and 2."""
    from coopdocs.build import check_case
    from coopdocs.clauses.library import catalog, load_library
    from coopdocs.survey.rounds import round_data as make

    checking = check_case(SAMPLE / "cooperation.yaml",
                          [SAMPLE / "evaluation-1.yaml", SAMPLE / "evaluation-2.yaml"],
                          catalog(load_library(None)))
    assert checking.cases, "samples/3dmp does not validate"
    return make(checking.cases[0], 3, period=(datetime.date(2027, 4, 1),
                                              datetime.date(2027, 9, 30)),
                closes=CLOSES, today=NOW.date())


@dataclass
class Survey:
    """An opened round: the store, its links' tokens, a client of the application."""

    store: Store
    opened: Opened
    client: TestClient
    limiter: RateLimiter

    def token(self, partner: str) -> str:
        return self.opened.issued.partners[partner]

    @property
    def coordinator(self) -> str:
        return self.opened.issued.coordinator

    @property
    def round_id(self) -> int:
        found = self.store.round_by_coordinator_token(self.coordinator)
        assert found is not None
        return found.id

    def closed_at(self) -> object:
        found = self.store.round_by_coordinator_token(self.coordinator)
        assert found is not None
        return found.closed_at

    def page(self, partner: str) -> str:
        response = self.client.get(f"/r/{self.token(partner)}")
        assert response.status_code == 200, response.text
        return str(response.text)

    def post(self, partner: str, fields: dict[str, str], *, action: str = "save",
             csrf: str | None = None) -> httpx.Response:
        """POST the partner's form with ``fields`` and the page's own CSRF value and version."""
        html = self.page(partner)
        data = {"csrf": _CSRF.findall(html)[0] if csrf is None else csrf,
                "version": _VERSION.findall(html)[0], "action": action, **fields}
        response: httpx.Response = self.client.post(f"/r/{self.token(partner)}", data=data,
                                                    follow_redirects=False)
        return response

    def answers(self, partner: str) -> dict[str, object]:
        """The partner's stored answers (sections left empty left out)."""
        found = self.store.respondent_by_token(self.token(partner))
        assert found is not None
        return {key: value for key, value in found[1].answers.items() if value}


def csrf_of(html: str) -> str:
    """The CSRF value of the (first) form of a page."""
    return str(_CSRF.findall(html)[0])


def make_survey(tmp_path: Path, data: RoundData, *, limiter: RateLimiter | None = None,
                max_body: int = MAX_BODY, secure: bool = False,
                base_url: str = "http://testserver") -> Iterator[Survey]:
    """An opened round of ``data`` in a fresh store, with a client of the application."""
    from coopdocs.survey.rounds import open_round

    store = Store.connect(f"sqlite:///{tmp_path / 'survey.sqlite3'}")
    limiter = limiter or RateLimiter()
    app = create_app(store, base_url=base_url, secure=secure, limiter=limiter,
                     max_body=max_body, clock=lambda: NOW)
    try:
        with TestClient(app, base_url="http://testserver") as client:
            yield Survey(store, open_round(store, data), client, limiter)
    finally:
        store.dispose()


@pytest.fixture
def survey(tmp_path: Path, round_data: RoundData) -> Iterator[Survey]:
    yield from make_survey(tmp_path, round_data)
