"""The survey store against a real SQLite file and a real PostgreSQL (conftest: database_url).

Transactions, optimistic concurrency, closed rounds, tokens kept only as hashes, migrations
that run in code and again without harm, and the URL rules of `--db`/COOPDOCS_DB.
"""

from __future__ import annotations

import datetime
import logging
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, inspect, text

from coopdocs.survey import db
from coopdocs.survey.export import RoundData
from coopdocs.survey.store import DatabaseError, Issued, Store, SurveyError
from coopdocs.survey.tokens import new_token, token_hash

NOW = datetime.datetime(2027, 4, 10, 9, 30, tzinfo=datetime.UTC)
CONTACTS = {"gefertec": ("GEFERTEC GmbH", "Lena Muster", "lena.muster@example.com"),
            "flying-parts": ("flying-parts GmbH", "Amelie Beispiel", "")}


def round_data(number: int = 3, cooperation_id: str = "big-3dmp") -> RoundData:
    cooperation = {"id": cooperation_id, "title": "3DMP", "language": "de",
                   "term": {"start": datetime.date(2026, 4, 1)},
                   "partners": [{"id": "gefertec", "name": "GEFERTEC GmbH"},
                                {"id": "flying-parts", "name": "flying-parts GmbH"}],
                   "kpis": [{"id": "lead-time", "target": 11.5, "tolerance": [10, 13]}]}
    return RoundData(cooperation_id=cooperation_id, number=number,
                     period_start=datetime.date(2026, 10, 1),
                     period_end=datetime.date(2027, 3, 31),
                     closes=datetime.date(2027, 4, 15), language="de", cooperation=cooperation)


def opened(store: Store, number: int = 3) -> Issued:
    return store.open_round(round_data(number), CONTACTS)


def test_a_round_is_kept_as_opened_with_its_dates(store: Store) -> None:
    issued = opened(store)
    found = store.round("big-3dmp", 3)
    assert found is not None
    assert found.data == round_data()
    assert found.data.cooperation["term"]["start"] == datetime.date(2026, 4, 1)
    assert found.created_at.tzinfo is not None
    assert found.closed_at is None and not found.closed
    assert store.round("big-3dmp", 4) is None
    assert store.round_by_coordinator_token(issued.coordinator) == found
    assert store.round_by_id(found.id) == found
    assert [(r.partner, r.partner_name, r.contact_name, r.contact_email, r.state, r.answers,
             r.version) for r in store.respondents(found.id)] == [
        ("gefertec", "GEFERTEC GmbH", "Lena Muster", "lena.muster@example.com", "open", {}, 0),
        ("flying-parts", "flying-parts GmbH", "Amelie Beispiel", "", "open", {}, 0)]


def test_tokens_are_random_long_and_looked_up_by_hash(store: Store) -> None:
    issued = opened(store)
    tokens = [issued.coordinator, *issued.partners.values()]
    assert len(set(tokens)) == 3
    assert all(len(token) >= 43 for token in tokens)  # 256 bits in URL-safe base64
    assert token_hash(issued.coordinator) == token_hash(issued.coordinator)
    assert len(token_hash(issued.coordinator)) == 64
    found = store.respondent_by_token(issued.partners["flying-parts"])
    assert found is not None
    round_, respondent = found
    assert (round_.data.number, respondent.partner) == (3, "flying-parts")
    assert store.respondent_by_token(new_token()) is None
    assert store.respondent_by_token(issued.coordinator) is None
    assert store.round_by_coordinator_token(issued.partners["gefertec"]) is None
    assert store.round_by_coordinator_token("") is None


def test_no_raw_token_is_stored(store: Store, database_url: str) -> None:
    issued = opened(store)
    engine = create_engine(db.engine_url(database_url))
    with engine.connect() as connection:
        stored = [repr(tuple(row)) for table in ("survey_round", "respondent", "setting")
                  for row in connection.execute(text(f"SELECT * FROM {table}"))]
    engine.dispose()
    everything = "\n".join(stored)
    for token in (issued.coordinator, *issued.partners.values()):
        assert token not in everything
        assert token_hash(token) in everything


def test_no_raw_token_is_logged(store: Store, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG):
        for name in ("sqlalchemy.engine", "sqlalchemy.pool", "alembic"):
            logging.getLogger(name).setLevel(logging.DEBUG)
        try:
            issued = opened(store)
            found = store.respondent_by_token(issued.partners["gefertec"])
            store.round_by_coordinator_token(issued.coordinator)
            renewed = store.renew_token(found[1].round_id if found else 0, "gefertec")
        finally:
            for name in ("sqlalchemy.engine", "sqlalchemy.pool", "alembic"):
                logging.getLogger(name).setLevel(logging.NOTSET)
    assert "survey_round" in caplog.text  # the statements were logged
    for token in (issued.coordinator, *issued.partners.values(), renewed):
        assert token not in caplog.text


def test_reopening_a_round_is_refused(store: Store) -> None:
    opened(store)
    with pytest.raises(SurveyError, match="round 3 of 'big-3dmp' exists already"):
        opened(store)
    opened(store, 4)  # the next round, and the same number of another cooperation, are fine
    store.open_round(round_data(3, "other"), CONTACTS)
    assert store.round("big-3dmp", 4) is not None


def _respondent_id(store: Store, issued: Issued, partner: str) -> int:
    found = store.respondent_by_token(issued.partners[partner])
    assert found is not None
    return found[1].id


def test_save_a_draft_then_submit(store: Store) -> None:
    issued = opened(store)
    rid = _respondent_id(store, issued, "gefertec")
    answers: dict[str, Any] = {"ratings": {"win_win": 4, "schedule": None},
                               "kpis": {"lead-time": 11.5}, "highlights": ["Größe ✓"]}
    draft = store.save(rid, answers, submit=False, expected_version=0, now=NOW)
    assert (draft.state, draft.version, draft.answers) == ("draft", 1, answers)
    assert draft.updated_at == NOW and draft.submitted_at is None
    later = NOW + datetime.timedelta(hours=1)
    submitted = store.save(rid, answers, submit=True, expected_version=1, now=later)
    assert (submitted.state, submitted.version, submitted.submitted_at) == ("submitted", 2, later)
    again = store.save(rid, {}, submit=False, expected_version=2, now=later)
    assert (again.state, again.submitted_at, again.answers) == ("draft", None, {})
    [stored] = [r for r in store.respondents(draft.round_id) if r.id == rid]
    assert stored == again


def test_a_stale_version_is_refused_and_changes_nothing(store: Store) -> None:
    issued = opened(store)
    rid = _respondent_id(store, issued, "gefertec")
    store.save(rid, {"highlights": ["first tab"]}, submit=False, expected_version=0, now=NOW)
    with pytest.raises(SurveyError, match="changed meanwhile") as refused:
        store.save(rid, {"highlights": ["second tab"]}, submit=True, expected_version=0, now=NOW)
    assert refused.value.exit_code == 1
    found = store.respondent_by_token(issued.partners["gefertec"])
    assert found is not None
    assert (found[1].answers, found[1].version, found[1].state) == (
        {"highlights": ["first tab"]}, 1, "draft")


def test_a_closed_round_refuses_saves(store: Store) -> None:
    issued = opened(store)
    rid = _respondent_id(store, issued, "flying-parts")
    round_ = store.round("big-3dmp", 3)
    assert round_ is not None
    closed = store.close(round_.id, NOW)
    assert closed.closed_at == NOW and closed.closed
    assert store.close(round_.id, NOW + datetime.timedelta(days=1)).closed_at == NOW
    with pytest.raises(SurveyError, match="round is closed"):
        store.save(rid, {"needs": ["x"]}, submit=True, expected_version=0, now=NOW)
    assert [r.state for r in store.respondents(round_.id)] == ["open", "open"]
    with pytest.raises(SurveyError, match="no survey round"):
        store.close(round_.id + 100, NOW)


def _concurrently(count: int, work: Callable[[int], object]) -> list[object]:
    """Run ``work(i)`` in ``count`` threads released at the same moment; results or errors."""
    barrier = threading.Barrier(count)
    results: list[object] = [None] * count

    def run(index: int) -> None:
        barrier.wait(timeout=10)
        try:
            results[index] = work(index)
        except Exception as exc:  # the test looks at what each thread got
            results[index] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not any(thread.is_alive() for thread in threads)
    return results


def test_concurrent_saves_of_different_respondents_both_land(database_url: str) -> None:
    first = Store.connect(database_url)
    second = Store.connect(database_url)  # as two server processes would
    try:
        issued = opened(first)
        ids = [_respondent_id(first, issued, p) for p in ("gefertec", "flying-parts")]
        stores = [first, second]
        for attempt in range(5):
            def save(i: int, n: int = attempt) -> object:
                return stores[i].save(ids[i], {"highlights": [f"{ids[i]}-{n}"]}, submit=n == 4,
                                      expected_version=n, now=NOW)

            results = _concurrently(2, save)
            assert not any(isinstance(result, Exception) for result in results), results
        respondents = first.respondents(first.round("big-3dmp", 3).id)  # type: ignore[union-attr]
        assert [(r.answers, r.version, r.state) for r in respondents] == [
            ({"highlights": [f"{rid}-4"]}, 5, "submitted") for rid in ids]
    finally:
        first.dispose()
        second.dispose()


def test_concurrent_saves_of_one_version_let_exactly_one_win(store: Store) -> None:
    issued = opened(store)
    rid = _respondent_id(store, issued, "gefertec")
    results = _concurrently(4, lambda i: store.save(rid, {"highlights": [str(i)]}, submit=False,
                                                    expected_version=0, now=NOW))
    won = [r for r in results if not isinstance(r, Exception)]
    lost = [r for r in results if isinstance(r, Exception)]
    assert len(won) == 1 and len(lost) == 3, results
    assert all(isinstance(e, SurveyError) and "changed meanwhile" in e.message for e in lost)
    found = store.respondent_by_token(issued.partners["gefertec"])
    assert found is not None and found[1].answers == won[0].answers  # type: ignore[attr-defined]


def test_renewing_a_link_retires_the_old_one(store: Store) -> None:
    issued = opened(store)
    round_ = store.round("big-3dmp", 3)
    assert round_ is not None
    token = store.renew_token(round_.id, "gefertec")
    assert store.respondent_by_token(issued.partners["gefertec"]) is None
    found = store.respondent_by_token(token)
    assert found is not None and found[1].partner == "gefertec"
    coordinator = store.renew_token(round_.id, None)
    assert store.round_by_coordinator_token(issued.coordinator) is None
    assert store.round_by_coordinator_token(coordinator) == round_
    with pytest.raises(SurveyError, match="'nobody' is not asked"):
        store.renew_token(round_.id, "nobody")


def test_the_secret_is_made_once_and_kept(database_url: str) -> None:
    first = Store.connect(database_url)
    try:
        secret = first.secret()
        assert len(secret) == 32
        assert first.secret() == secret
    finally:
        first.dispose()
    second = Store.connect(database_url)
    try:
        assert second.secret() == secret
    finally:
        second.dispose()


def test_migrations_run_in_code_and_again_without_harm(database_url: str) -> None:
    first = Store.connect(database_url)
    opened(first)
    first.dispose()
    second = Store.connect(database_url)  # connecting again migrates again: nothing to do
    try:
        assert second.round("big-3dmp", 3) is not None
    finally:
        second.dispose()
    engine = create_engine(db.engine_url(database_url))
    try:
        with engine.connect() as connection:
            assert connection.execute(text("SELECT version_num FROM alembic_version")).all() == [
                ("0001",)]
            tables = set(inspect(connection).get_table_names())
            from alembic.autogenerate import compare_metadata
            from alembic.migration import MigrationContext

            differences = compare_metadata(MigrationContext.configure(connection),
                                           db.Base.metadata)
    finally:
        engine.dispose()
    assert {"survey_round", "respondent", "setting", "alembic_version"} <= tables
    assert differences == []  # the migration creates exactly what the classes describe


def test_sqlite_is_set_up_for_concurrent_writers(tmp_path: Path) -> None:
    engine = db.make_engine(db.engine_url(str(tmp_path / "survey.sqlite3")))
    try:
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == (
                db.BUSY_TIMEOUT_MS)
    finally:
        engine.dispose()


def test_urls(tmp_path: Path) -> None:
    assert db.engine_url("postgresql://u:pw@db.example/survey").drivername == (
        "postgresql+psycopg")
    assert db.engine_url("postgres://u@db.example/survey").drivername == "postgresql+psycopg"
    assert db.engine_url("postgresql+psycopg://u@h/d").drivername == "postgresql+psycopg"
    file = tmp_path / "a b" / "survey.sqlite3"
    assert db.engine_url(str(file)).database == str(file)
    assert db.engine_url(f"sqlite:///{file}").database == str(file)
    relative = db.engine_url("survey.sqlite3")
    assert relative.drivername == "sqlite" and Path(str(relative.database)).is_absolute()
    with pytest.raises(SurveyError, match="unsupported database 'mysql'"):
        db.engine_url("mysql://u@h/d")
    with pytest.raises(SurveyError, match="cannot read the database URL"):
        db.engine_url("postgresql://u@h:notaport/d")
    assert db.shown(db.engine_url("postgresql://u:secret@h/d")) == (
        "postgresql+psycopg://u:***@h/d")


def test_the_database_comes_from_the_option_then_the_environment_then_the_default(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert db.chosen_url("x.sqlite3", {"COOPDOCS_DB": "y.sqlite3"}) == "x.sqlite3"
    assert db.chosen_url(None, {"COOPDOCS_DB": "y.sqlite3"}) == "y.sqlite3"
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("COOPDOCS_DB", raising=False)
    assert db.chosen_url(None) == str(tmp_path / "data" / "coopdocs" / "survey.sqlite3")
    store = Store.connect()
    try:
        opened(store)
        assert store.where == f"sqlite:///{tmp_path / 'data' / 'coopdocs' / 'survey.sqlite3'}"
    finally:
        store.dispose()
    assert (tmp_path / "data" / "coopdocs" / "survey.sqlite3").is_file()  # folder created


def test_an_unreachable_database_is_named_without_its_password(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError) as failed:
        Store.connect("postgresql://coopdocs:very-secret@127.0.0.1:9/survey?connect_timeout=2")
    assert failed.value.exit_code == 3
    message = failed.value.format()
    assert "cannot use the survey database postgresql+psycopg://coopdocs:***@127.0.0.1:9" in (
        message)
    assert "very-secret" not in message
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    with pytest.raises(DatabaseError, match="cannot create the folder"):
        Store.connect(str(blocked / "survey.sqlite3"))


def test_processes_opening_a_new_database_at_once_migrate_it_once(database_url: str) -> None:
    results = _concurrently(4, lambda i: Store.connect(database_url))
    stores = [r for r in results if isinstance(r, Store)]
    try:
        assert len(stores) == 4, results
        opened(stores[0])
        assert all(s.round("big-3dmp", 3) is not None for s in stores)
    finally:
        for connected in stores:
            connected.dispose()


def test_separate_processes_opening_a_new_database_at_once(database_url: str) -> None:
    code = ("import sys; from coopdocs.survey.store import Store; "
            "s = Store.connect(sys.argv[1]); print(s.secret().hex()); s.dispose()")
    processes = [subprocess.Popen([sys.executable, "-c", code, database_url], text=True,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                 for _ in range(3)]
    outputs = [process.communicate(timeout=120) for process in processes]
    assert [process.returncode for process in processes] == [0, 0, 0], outputs
    assert len({out.strip() for out, _ in outputs}) == 1  # one secret, made once
