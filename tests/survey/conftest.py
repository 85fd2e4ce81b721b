"""Fixtures of the survey tests: a database (SQLite and PostgreSQL), a live server, a browser.

The outside programs these need come from Debian's packages, installed by `bash setup.sh test`:
PostgreSQL (setup.sh starts a private server for the test run and exports its URL as
COOPDOCS_TEST_POSTGRES) and Chromium with its WebDriver (/usr/bin/chromium,
/usr/bin/chromedriver). Without them the tests that need them skip with the reason; CI (.ci/run)
sets COOPDOCS_REQUIRE_POSTGRES=1 and COOPDOCS_REQUIRE_BROWSER=1, which turn the skip into a
failure, as COOPDOCS_REQUIRE_PDF does for LibreOffice.
"""

from __future__ import annotations

import itertools
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import pytest

if TYPE_CHECKING:
    from selenium.webdriver.chrome.webdriver import WebDriver
    from starlette.types import ASGIApp

    from coopdocs.survey.store import Store

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
WINDOW = (1280, 900)

# The server's start and the end of its thread are waited for at most this long (seconds).
SERVER_TIMEOUT = 15.0

_databases = itertools.count(1)


def unavailable(reason: str, variable: str) -> NoReturn:
    """Skip the test with the reason, or fail it when the environment requires the tool."""
    if os.environ.get(variable) == "1":
        pytest.fail(f"{reason}, and {variable}=1 requires it")
    pytest.skip(reason)


def postgres_server() -> str:
    """The URL of the test PostgreSQL (its database coopdocs_test), or skip/fail without it."""
    url = os.environ.get("COOPDOCS_TEST_POSTGRES", "")
    if not url:
        unavailable("no PostgreSQL for the tests: COOPDOCS_TEST_POSTGRES is not set "
                    "(bash setup.sh test starts one)", "COOPDOCS_REQUIRE_POSTGRES")
    return url


def _admin(server_url: str) -> Any:
    """An autocommit connection to the test server (CREATE/DROP DATABASE need one)."""
    import psycopg

    return psycopg.connect(server_url, autocommit=True, connect_timeout=10)


def _with_database(server_url: str, name: str) -> str:
    """server_url with its database replaced by name (the URL's query, if any, kept)."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(server_url)
    return urlunsplit(parts._replace(path=f"/{name}"))


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty survey database: an SQLite file, or a new database on the test PostgreSQL.

    PostgreSQL: every test gets its own database (CREATE DATABASE takes ~15 ms on the private
    server), dropped after the test even when connections are still open (WITH (FORCE)), so no
    test sees another's rows or tables.
    """
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'survey.sqlite3'}"
        return
    server = postgres_server()
    name = f"coopdocs_t{os.getpid()}_{next(_databases)}"
    with _admin(server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE template0 ENCODING \'UTF8\'')
    try:
        yield _with_database(server, name)
    finally:
        with _admin(server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    """A Store connected (and migrated) to the fresh database of `database_url`."""
    from coopdocs.survey.store import Store

    connected = Store.connect(database_url)
    try:
        yield connected
    finally:
        connected.dispose()  # Store.close(round_id, now) closes a round, not the store


ServeApp = Callable[[Callable[[str], "ASGIApp"]], str]


@pytest.fixture
def serve_app() -> Iterator[ServeApp]:
    """Serve ASGI applications over real HTTP on 127.0.0.1 until the end of the test.

    `serve_app(make)` binds a free port, calls `make(base_url)` for the application (the survey
    app needs its base URL for the links it shows), runs it with uvicorn in a thread and returns
    the base URL, e.g. "http://127.0.0.1:40123". The socket is bound before the server starts, so
    no other process can take the port in between.
    """
    import uvicorn

    running: list[tuple[uvicorn.Server, threading.Thread, socket.socket]] = []

    def serve(make: Callable[[str], ASGIApp]) -> str:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        base_url = f"http://127.0.0.1:{sock.getsockname()[1]}"
        config = uvicorn.Config(make(base_url), log_level="warning", access_log=False,
                                lifespan="off", ws="none", http="h11", loop="asyncio",
                                timeout_graceful_shutdown=5)
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]},
                                  name=f"uvicorn {base_url}", daemon=True)
        thread.start()
        running.append((server, thread, sock))
        deadline = time.monotonic() + SERVER_TIMEOUT
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                pytest.fail(f"the test server on {base_url} did not start")
            time.sleep(0.02)
        return base_url

    try:
        yield serve
    finally:
        for server, _, _ in running:
            server.should_exit = True
        for _, thread, sock in running:
            thread.join(SERVER_TIMEOUT)
            sock.close()
            assert not thread.is_alive(), "the test server did not stop"


@pytest.fixture
def live_server(store: Store, serve_app: ServeApp) -> str:
    """The survey's web application over `store`, served on a free port; its base URL."""
    from coopdocs.survey.web.app import create_app

    return serve_app(lambda base_url: create_app(store, base_url=base_url, secure=False))


def browser_options(user_data_dir: Path, downloads: Path) -> Any:
    """Chromium's options: headless, no network of its own, a fresh profile, downloads saved."""
    from selenium.webdriver.chrome.options import Options

    options = Options()
    options.binary_location = str(CHROMIUM)
    options.add_experimental_option("prefs", {
        "download.default_directory": str(downloads), "download.prompt_for_download": False,
        "download.directory_upgrade": True, "safebrowsing.enabled": False})
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                     "--no-first-run", "--no-default-browser-check",
                     "--disable-background-networking", "--disable-component-update",
                     "--disable-sync", "--disable-dev-shm-usage", "--disable-extensions",
                     "--password-store=basic", "--lang=de-DE",
                     f"--user-data-dir={user_data_dir}",
                     f"--window-size={WINDOW[0]},{WINDOW[1]}"):
        options.add_argument(argument)
    return options


@pytest.fixture
def downloads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder where `browser` saves what it downloads."""
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture
def browser(tmp_path_factory: pytest.TempPathFactory, downloads: Path,
            monkeypatch: pytest.MonkeyPatch) -> Iterator[WebDriver]:
    """A headless Chromium driven by Debian's chromedriver, closed after the test.

    Selenium is told the driver's path and is offline (SE_OFFLINE), so it never tries to
    download a browser or a driver. Files the page downloads land in `downloads`.
    """
    missing = [str(path) for path in (CHROMIUM, CHROMEDRIVER) if not os.access(path, os.X_OK)]
    if missing:
        unavailable(f"Chromium is not installed ({', '.join(missing)} missing; Debian packages "
                    "chromium, chromium-driver)", "COOPDOCS_REQUIRE_BROWSER")
    monkeypatch.setenv("SE_OFFLINE", "true")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tmp_path_factory.mktemp("chromium-profile")
    service = Service(executable_path=str(CHROMEDRIVER))
    driver = webdriver.Chrome(service=service, options=browser_options(profile, downloads))
    try:
        driver.set_window_size(*WINDOW)
        driver.set_page_load_timeout(30)
        yield driver
    finally:
        driver.quit()
