"""The survey's protections over HTTP: CSRF, rate limit, not-found, body limit, headers, logs.

The round (3 of samples/3dmp) is German, so its pages, the refusals included, speak German.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from coopdocs.survey.db import DatabaseError
from coopdocs.survey.export import RoundData
from coopdocs.survey.serve import ServeOptions, is_loopback, proxy_advice, uvicorn_config
from coopdocs.survey.web.security import (
    CONTENT_SECURITY_POLICY,
    RateLimiter,
    csrf_token,
    csrf_valid,
    redact,
)
from tests.survey.web_fixtures import Survey, csrf_of, make_survey, round_data, survey

__all__ = ["round_data", "survey"]  # fixtures


class Clock:
    """A monotonic clock the test moves forward."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


# --- CSRF -----------------------------------------------------------------------------------------

def test_csrf_values_differ_by_secret_purpose_and_page() -> None:
    value = csrf_token(b"s" * 32, "answers", "a" * 64)
    assert csrf_valid(b"s" * 32, "answers", "a" * 64, value)
    assert not csrf_valid(b"t" * 32, "answers", "a" * 64, value)
    assert not csrf_valid(b"s" * 32, "close", "a" * 64, value)
    assert not csrf_valid(b"s" * 32, "answers", "b" * 64, value)
    assert not csrf_valid(b"s" * 32, "answers", "a" * 64, "")
    assert not csrf_valid(b"s" * 32, "answers", "a" * 64, "ä" + value[1:])


@pytest.mark.parametrize("csrf", ["", "0" * 64, None])
def test_a_post_without_the_pages_csrf_value_is_refused(survey: Survey, csrf: str | None) -> None:
    data = {"version": "0", "action": "submit", "ratings.win_win": "1"}
    if csrf is not None:
        data["csrf"] = csrf
    response = survey.client.post(f"/r/{survey.token('gefertec')}", data=data)
    assert response.status_code == 403
    assert "Das Formular kann nicht angenommen werden" in response.text
    assert survey.answers("gefertec") == {}


def test_closing_needs_the_close_forms_csrf_value(survey: Survey) -> None:
    close = f"/k/{survey.coordinator}/close"
    partner_csrf = csrf_of(survey.page("gefertec"))
    for data in ({"confirm": "yes"}, {"confirm": "yes", "csrf": partner_csrf}):
        assert survey.client.post(close, data=data).status_code == 403
    assert survey.closed_at() is None


# --- guessing links -------------------------------------------------------------------------------

def test_the_rate_limiter_counts_failures_in_a_sliding_window() -> None:
    clock = Clock()
    limiter = RateLimiter(3, 60, clock=clock)
    for _ in range(3):
        assert limiter.retry_after("10.0.0.1") is None
        limiter.failed("10.0.0.1")
        clock.now += 1
    assert limiter.retry_after("10.0.0.1") == 58  # the first failure leaves at 1060
    assert limiter.retry_after("10.0.0.2") is None  # per address
    clock.now = 1060.5
    assert limiter.retry_after("10.0.0.1") is None


def test_the_rate_limiter_forgets_the_oldest_client_past_its_size() -> None:
    clock = Clock()
    limiter = RateLimiter(1, 60, clock=clock, max_clients=2)
    for client in ("a", "b", "c"):
        limiter.failed(client)
        clock.now += 1
    assert limiter.retry_after("a") is None
    assert limiter.retry_after("b") is not None and limiter.retry_after("c") is not None


@pytest.fixture
def limited(tmp_path: Path, round_data: RoundData) -> Iterator[tuple[Survey, Clock]]:
    clock = Clock()
    for opened in make_survey(tmp_path, round_data, limiter=RateLimiter(3, 600, clock=clock)):
        yield opened, clock


def test_guessing_links_is_limited_per_address(limited: tuple[Survey, Clock]) -> None:
    survey, clock = limited
    for guess in ("/r/guess1", "/k/guess2", "/r/guess3"):
        assert survey.client.get(guess).status_code == 404
    refused = survey.client.get(f"/r/{survey.token('gefertec')}")  # even a right one now
    assert refused.status_code == 429
    assert refused.headers["retry-after"] == "601"
    assert "Zu viele Versuche" in refused.text
    assert "Bitte versuchen Sie es in 11 Minuten noch einmal." in refused.text
    assert survey.client.get(f"/k/{survey.coordinator}/export").status_code == 429
    assert survey.client.get("/static/survey.css").status_code == 200  # no lookup, no limit
    clock.now += 550  # 51 seconds left: one minute, in the singular
    assert "Bitte versuchen Sie es in 1 Minute noch einmal." in survey.client.get("/r/x").text
    clock.now += 51
    assert survey.client.get(f"/r/{survey.token('gefertec')}").status_code == 200


def test_an_unknown_token_costs_one_lookup_by_hash_like_a_known_one(
        survey: Survey, monkeypatch: pytest.MonkeyPatch) -> None:
    from coopdocs.survey.tokens import token_hash

    hashed: list[str] = []

    def counting(token: str) -> str:
        hashed.append(token)
        return token_hash(token)

    monkeypatch.setattr("coopdocs.survey.store.token_hash", counting)
    known, unknown = survey.token("gefertec"), "x" + survey.token("gefertec")[1:]
    for token in (known, unknown):
        hashed.clear()
        survey.client.get(f"/r/{token}")
        assert hashed == [token]  # one hash, one lookup, whatever the outcome
    assert survey.client.get(f"/r/{unknown}").text == survey.client.get("/k/" + "y" * 43).text


# --- bounded input --------------------------------------------------------------------------------

@pytest.fixture
def small(tmp_path: Path, round_data: RoundData) -> Iterator[Survey]:
    yield from make_survey(tmp_path, round_data, max_body=2048)


def test_an_oversized_body_is_refused_with_a_message(small: Survey) -> None:
    response = small.post("gefertec", {"highlights": "x" * 3000})
    assert response.status_code == 413
    assert "Zu viel Text" in response.text and "größer als 2 KB" in response.text
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert small.answers("gefertec") == {}


def test_a_body_without_length_is_cut_off_at_the_limit(small: Survey) -> None:
    def chunks() -> Iterator[bytes]:
        yield b"csrf=x&highlights="
        for _ in range(10):
            yield b"y" * 1000

    response = small.client.post(f"/r/{small.token('gefertec')}", content=chunks(),
                                 headers={"content-type": "application/x-www-form-urlencoded"})
    assert response.status_code == 413
    assert small.answers("gefertec") == {}


@pytest.mark.parametrize("content_type", ["application/json", "text/plain", ""])
def test_a_post_must_be_a_form(survey: Survey, content_type: str) -> None:
    response = survey.client.post(f"/r/{survey.token('gefertec')}", content=b"{}",
                                  headers={"content-type": content_type})
    assert response.status_code == 415
    assert "Kein Formular" in response.text


def test_a_multipart_form_works_but_a_file_is_refused(survey: Survey) -> None:
    html = survey.page("gefertec")
    fields = {"csrf": csrf_of(html), "version": "0", "action": "save", "ratings.win_win": "3"}
    response = survey.client.post(f"/r/{survey.token('gefertec')}", data=fields,
                                  files={"highlights": ("a.txt", b"x")}, follow_redirects=False)
    assert response.status_code == 400
    multipart = survey.client.post(f"/r/{survey.token('gefertec')}", data=fields,
                                   files={}, follow_redirects=False,
                                   headers={"content-type": "multipart/form-data; boundary=b"},
                                   content=_multipart(fields, "b"))
    assert multipart.status_code == 303
    assert survey.answers("gefertec") == {"ratings": {"win_win": 3}}


def _multipart(fields: dict[str, str], boundary: str) -> bytes:
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
             for name, value in fields.items()]
    return ("".join(parts) + f"--{boundary}--\r\n").encode()


# --- headers, errors, logs ------------------------------------------------------------------------

EXPECTED = {"content-security-policy": CONTENT_SECURITY_POLICY, "referrer-policy": "no-referrer",
            "x-content-type-options": "nosniff", "cache-control": "no-store",
            "x-frame-options": "DENY"}


def test_every_response_has_the_security_headers(survey: Survey) -> None:
    responses = [survey.client.get(f"/r/{survey.token('gefertec')}"),
                 survey.client.get(f"/k/{survey.coordinator}"),
                 survey.client.get(f"/k/{survey.coordinator}/export"),
                 survey.client.get("/r/unknown"), survey.client.get("/static/survey.css"),
                 survey.client.put(f"/r/{survey.token('gefertec')}"),
                 survey.post("gefertec", {"ratings.win_win": "2"})]
    for response in responses:
        for name, value in EXPECTED.items():
            assert response.headers.get(name) == value, (response.url, name)
        assert "camera=()" in response.headers["permissions-policy"]
        assert "strict-transport-security" not in response.headers  # plain HTTP
    assert "default-src 'none'" in CONTENT_SECURITY_POLICY
    for directive in ("style-src 'self'", "form-action 'self'", "frame-ancestors 'none'",
                      "base-uri 'none'"):
        assert directive in CONTENT_SECURITY_POLICY
    assert "script-src" not in CONTENT_SECURITY_POLICY


def test_hsts_only_over_tls(tmp_path: Path, round_data: RoundData) -> None:
    for opened in make_survey(tmp_path, round_data, secure=True, base_url="https://survey.example"):
        response = opened.client.get("/r/unknown")
        assert response.headers["strict-transport-security"] == "max-age=31536000"


def test_a_failure_is_a_generic_page_and_logged_without_the_token(
        survey: Survey, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    def broken(token: str) -> None:
        raise RuntimeError("the disk is on fire")

    monkeypatch.setattr(survey.store, "respondent_by_token", broken)
    token = survey.token("gefertec")
    with caplog.at_level(logging.INFO, logger="coopdocs.survey"):
        response = survey.client.get(f"/r/{token}")
    assert response.status_code == 500
    assert "Etwas ist schiefgegangen" in response.text
    assert "disk is on fire" not in response.text and "Traceback" not in response.text
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert "the disk is on fire" in caplog.text  # the traceback is in the log …
    assert token not in caplog.text  # … without the token


def test_the_database_away_is_a_503_page(survey: Survey, monkeypatch: pytest.MonkeyPatch) -> None:
    def away(token: str) -> None:
        raise DatabaseError("cannot use the survey database")

    monkeypatch.setattr(survey.store, "respondent_by_token", away)
    response = survey.client.get(f"/r/{survey.token('gefertec')}")
    assert response.status_code == 503
    assert "Die Umfrage ist nicht erreichbar" in response.text


def test_the_access_log_has_no_token(survey: Survey, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="coopdocs.survey.access"):
        survey.post("gefertec", {"ratings.win_win": "2"})
        survey.client.get(f"/k/{survey.coordinator}/export?x=1")
        survey.client.get("/r/" + "Z" * 43 + "/more")
    lines = [r.getMessage() for r in caplog.records if r.name == "coopdocs.survey.access"]
    assert len(lines) == 4
    assert lines[1].startswith('testclient "POST /r/…" 303 ')
    assert lines[2].startswith('testclient "GET /k/…/export" 200 ')
    for secret in (survey.token("gefertec"), survey.coordinator, "Z" * 43, "x=1"):
        assert all(secret not in line for line in lines)


@pytest.mark.parametrize(("path", "logged"), [
    ("/r/abc", "/r/…"), ("/k/abc/export", "/k/…/export"), ("/static/survey.css",
                                                           "/static/survey.css"),
    ("/paste/" + "a" * 43, "/paste/…"), ("/r/", "/r/"),
])
def test_redact(path: str, logged: str) -> None:
    assert redact(path) == logged



# --- serving ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("host", "loopback"), [
    ("127.0.0.1", True), ("127.0.0.2", True), ("::1", True), ("[::1]", True),
    ("localhost", True), ("0.0.0.0", False), ("192.168.1.5", False), ("::", False),
    ("survey.example.org", False),
])
def test_only_loopback_addresses_count_as_local(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_serving_to_the_network_without_tls_prints_the_proxy_advice() -> None:
    assert proxy_advice(ServeOptions()) is None
    assert proxy_advice(ServeOptions("0.0.0.0", certfile=Path("cert.pem"))) is None
    advice = proxy_advice(ServeOptions("0.0.0.0", 8401))
    assert advice is not None
    for line in ("proxy_pass http://127.0.0.1:8401;", "proxy_set_header X-Forwarded-Proto $scheme;",
                 "listen 443 ssl;", "access_log off;", "--base-url https://survey.example.org"):
        assert line in advice


def test_the_public_address_and_tls() -> None:
    assert ServeOptions().public_url == "http://127.0.0.1:8400"
    assert not ServeOptions().secure
    assert ServeOptions("::1", 9000).public_url == "http://[::1]:9000"
    tls = ServeOptions(certfile=Path("c.pem"))
    assert tls.public_url == "https://127.0.0.1:8400" and tls.secure
    proxied = ServeOptions(base_url="https://umfrage.example.de/")
    assert proxied.public_url == "https://umfrage.example.de" and proxied.secure


def test_uvicorn_runs_without_its_own_access_log() -> None:
    from starlette.applications import Starlette

    config = uvicorn_config(Starlette(), ServeOptions())
    assert (config.host, config.port, config.access_log) == ("127.0.0.1", 8400, False)
    assert config.proxy_headers and config.timeout_graceful_shutdown == 10


def test_the_serve_command_refuses_a_key_without_a_certificate(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from coopdocs.cli import main

    key = tmp_path / "key.pem"
    key.write_text("x", encoding="utf-8")
    result = CliRunner().invoke(main, ["survey", "serve", "--keyfile", str(key)])
    assert result.exit_code == 2 and "--keyfile needs --certfile" in result.output


def test_the_serve_command_warns_before_listening_on_the_network(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from coopdocs.cli import main

    served: list[ServeOptions] = []
    monkeypatch.setattr("coopdocs.survey.serve.serve",
                        lambda store, options: served.append(options))
    result = CliRunner().invoke(main, ["survey", "serve", "--host", "0.0.0.0", "--port", "8402",
                                       "--db", str(tmp_path / "s.sqlite3")])
    assert result.exit_code == 0, result.output
    assert "without TLS" in result.output and "proxy_pass http://127.0.0.1:8402;" in result.output
    assert "Serving the survey on http://0.0.0.0:8402" in result.output
    assert served == [ServeOptions("0.0.0.0", 8402)]


def test_the_server_serves_logs_without_tokens_and_stops_on_sigterm(
        tmp_path: Path, round_data: RoundData) -> None:
    """The real command: a page over HTTP, then SIGTERM ends it cleanly."""
    import os
    import signal
    import socket
    import subprocess
    import sys
    import time

    import httpx

    from coopdocs.survey.rounds import open_round
    from coopdocs.survey.store import Store
    from tests.conftest import ROOT

    database = f"sqlite:///{tmp_path / 'survey.sqlite3'}"
    store = Store.connect(database)
    issued = open_round(store, round_data).issued
    store.dispose()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    environ = {**os.environ, "LANG": "C"}
    server = subprocess.Popen(
        [sys.executable, "-m", "coopdocs", "survey", "serve", "--port", str(port), "--db",
         database], cwd=ROOT, env=environ, stderr=subprocess.PIPE, text=True)
    try:
        page = None
        deadline = time.monotonic() + 30
        while page is None and time.monotonic() < deadline:
            try:
                page = httpx.get(f"http://127.0.0.1:{port}/r/{issued.partners['gefertec']}",
                                 timeout=5)
            except httpx.TransportError:
                time.sleep(0.2)
        assert page is not None and page.status_code == 200
        assert httpx.get(f"http://127.0.0.1:{port}/k/{issued.coordinator}",
                         timeout=5).status_code == 200
    finally:
        server.send_signal(signal.SIGTERM)
        _out, log = server.communicate(timeout=30)
    # uvicorn shuts down gracefully, then ends by the signal it caught, as the caller expects
    assert server.returncode in (0, -signal.SIGTERM), log
    assert '"GET /r/…" 200' in log and '"GET /k/…" 200' in log
    for token in (issued.coordinator, *issued.partners.values()):
        assert token not in log
    assert "Finished server process" in log
