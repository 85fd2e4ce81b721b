"""The survey in a real browser: headless Chromium (Debian's) driven by Selenium over real HTTP.

A round of samples/3dmp is opened in a fresh store (SQLite, and PostgreSQL for the main flow) and
served by uvicorn on a free port. A partner fills its page as a person would (clicks, typing, a
German decimal comma, a German date), saves a draft, comes back, submits; the other partner's link
shows nothing of it; the coordinator follows the progress, closes the round and downloads the
export, which validates with the sample's cooperation and earlier rounds and builds the report.
Screenshots of the filled partner page, the coordinator page and the phone view go to
out/screenshots/.

The main flow runs round 2 (the cooperation as amended by evaluation-1): there milestone m2 is
still open, so the page asks its state and date. In round 3 every milestone is settled (m1 was
reached in round 1, m2 and m3 in round 2) and none is asked; the other tests use round 3.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import yaml
from click.testing import CliRunner
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.select import Select
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

from coopdocs.cli import main
from coopdocs.survey.export import RoundData
from coopdocs.survey.rounds import Opened, open_round
from coopdocs.survey.store import Store
from tests.conftest import ROOT
from tests.survey.conftest import ServeApp

if TYPE_CHECKING:
    from selenium.webdriver.chrome.webdriver import WebDriver

SAMPLE = ROOT / "samples" / "3dmp"
EARLIER = [SAMPLE / "evaluation-1.yaml", SAMPLE / "evaluation-2.yaml"]  # before round 3
BEFORE_TWO = EARLIER[:1]  # before round 2
SCREENSHOTS = ROOT / "out" / "screenshots"
PHONE = (390, 844)
WAIT = 20.0  # seconds a page or a download may take at most

# What gefertec (the coordinator partner: in round 2 it reports scrap-rate and availability, owns
# goal g2 and milestone m2; its m1 was reached in round 1) answers in the browser.
RATINGS = {"win_win": "4", "cost_benefit": "na", "individual_goals": "5", "shared_goals": "3",
           "schedule": "2", "task_distribution": "4"}
TRUST = {"flying-parts": {"competence": "5", "integrity": "4", "benevolence": "na"},
         "gefertec": {"competence": "4", "integrity": "4", "benevolence": "3"}}
HIGHLIGHT = "Verfügbarkeit wieder über 90 % – Drahtvorschub getauscht"


@pytest.fixture(scope="module")
def round_data() -> RoundData:
    """Round 3 of samples/3dmp: the cooperation as amended by its evaluations 1 and 2."""
    from coopdocs.build import check_case
    from coopdocs.clauses.library import catalog, load_library
    from coopdocs.survey.rounds import round_data as make

    checking = check_case(SAMPLE / "cooperation.yaml", EARLIER, catalog(load_library(None)))
    assert checking.cases, "samples/3dmp does not validate"
    return make(checking.cases[0], 3,
                period=(datetime.date(2027, 4, 1), datetime.date(2027, 9, 30)),
                closes=datetime.date(2027, 10, 15), today=datetime.date(2027, 10, 1))


@pytest.fixture(scope="module")
def round_two() -> RoundData:
    """Round 2 of samples/3dmp: the cooperation as amended by evaluation-1 (m1 settled there).

    Its milestones m2 (gefertec's) and m3 are still open, so the page asks their state and the
    date they were reached: the main flow enters one as a person would.
    """
    from coopdocs.build import check_case
    from coopdocs.clauses.library import catalog, load_library
    from coopdocs.survey.rounds import round_data as make

    checking = check_case(SAMPLE / "cooperation.yaml", BEFORE_TWO, catalog(load_library(None)))
    assert checking.cases, "samples/3dmp does not validate"
    data = make(checking.cases[0], 2,
                period=(datetime.date(2026, 10, 1), datetime.date(2027, 3, 31)),
                closes=datetime.date(2027, 4, 15), today=datetime.date(2027, 4, 1))
    assert data.settled == ("m1",)
    return data


@pytest.fixture
def opened(store: Store, round_data: RoundData) -> Opened:
    return open_round(store, round_data)


def wait_for(condition: Callable[[], Any], what: str, timeout: float = WAIT) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.1)
    pytest.fail(f"timed out waiting for {what}")


def radio(browser: WebDriver, name: str, value: str) -> WebElement:
    return browser.find_element(By.CSS_SELECTOR,
                                f'input[type=radio][name="{name}"][value="{value}"]')


def field(browser: WebDriver, name: str) -> WebElement:
    return browser.find_element(By.CSS_SELECTOR, f'[name="{name}"]')


def choose(browser: WebDriver, name: str, value: str) -> None:
    """Click the label of a radio button, as a person does."""
    button = radio(browser, name, value)
    label = browser.find_element(By.CSS_SELECTOR, f'label[for="{button.get_attribute("id")}"]')
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", label)
    label.click()
    assert button.is_selected(), (name, value)


def click_button(browser: WebDriver, selector: str) -> None:
    button = browser.find_element(By.CSS_SELECTOR, selector)
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", button)
    old = browser.find_element(By.TAG_NAME, "html")
    button.click()
    wait_for(lambda: _stale(old), f"the page after clicking {selector}")
    wait_for(lambda: browser.execute_script("return document.readyState") == "complete",
             "the page to load")


def _stale(element: WebElement) -> bool:
    try:
        element.tag_name  # noqa: B018 - any access raises once the page was replaced
    except Exception:  # StaleElementReferenceException
        return True
    return False


def screenshot(browser: WebDriver, name: str, *, full: bool = True) -> Path:
    """Save the page (all of it, by making the window as tall as the page) as a PNG."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    size = browser.get_window_size()
    if full:
        height = browser.execute_script("return document.documentElement.scrollHeight")
        browser.set_window_size(size["width"], min(int(height) + 120, 12000))
    try:
        assert browser.save_screenshot(str(path)), path
    finally:
        if full:
            browser.set_window_size(size["width"], size["height"])
    return path


def state_of(browser: WebDriver) -> str:
    """The partner page's state: the class state-<open|draft|submitted> of its state box."""
    box = browser.find_element(By.CSS_SELECTOR, "div.state")
    classes = (box.get_attribute("class") or "").split()
    return next((c.removeprefix("state-") for c in classes if c.startswith("state-")), "")


def fill_gefertec(browser: WebDriver) -> None:
    for criterion, value in RATINGS.items():
        choose(browser, f"ratings.{criterion}", value)
    for rated, pillars in TRUST.items():
        for pillar, value in pillars.items():
            choose(browser, f"trust.{rated}.{pillar}", value)
    kpi = field(browser, "kpis.availability")
    kpi.clear()
    kpi.send_keys("91,5")  # a German decimal comma
    Select(field(browser, "goals.g2")).select_by_value("partial")
    Select(field(browser, "milestones.m2.status")).select_by_value("done")
    field(browser, "milestones.m2.date").send_keys("11.12.2026")
    field(browser, "highlights").send_keys(HIGHLIGHT)


def stored(store: Store, token: str) -> tuple[str, dict[str, Any]]:
    found = store.respondent_by_token(token)
    assert found is not None
    return found[1].state, found[1].answers


def test_the_browser_shows_a_served_page(browser: WebDriver, serve_app: ServeApp) -> None:
    """The tools alone (Chromium, chromedriver, the live server), without the survey."""

    async def page(request: Request) -> HTMLResponse:
        return HTMLResponse('<!doctype html><html lang="de"><title>Probe</title>'
                            '<p id="greeting">Grüß Gott</p></html>')

    base = serve_app(lambda base_url: Starlette(routes=[Route("/", page)]))
    browser.get(f"{base}/")
    assert browser.title == "Probe"
    assert browser.find_element(By.ID, "greeting").text == "Grüß Gott"


def test_a_round_filled_closed_and_exported_in_the_browser(
        *, browser: WebDriver, live_server: str, store: Store, round_two: RoundData,
        downloads: Path, tmp_path: Path, database_url: str) -> None:
    database = "sqlite" if database_url.startswith("sqlite") else "postgresql"
    opened = open_round(store, round_two)  # round 2: a milestone still to report (docstring)
    gefertec = opened.issued.partners["gefertec"]
    flying = opened.issued.partners["flying-parts"]

    # gefertec fills its page and saves a draft
    browser.get(f"{live_server}/r/{gefertec}")
    assert state_of(browser) == "open"
    assert not browser.find_elements(By.CSS_SELECTOR, '[name="milestones.m1.status"]')  # settled
    fill_gefertec(browser)
    click_button(browser, 'button[name=action][value=save]')
    assert state_of(browser) == "draft"
    state, answers = stored(store, gefertec)
    assert state == "draft"
    assert answers["ratings"] == {"win_win": 4, "cost_benefit": None, "individual_goals": 5,
                                  "shared_goals": 3, "schedule": 2, "task_distribution": 4}
    assert answers["trust"] == {
        "flying-parts": {"competence": 5, "integrity": 4, "benevolence": None},
        "gefertec": {"competence": 4, "integrity": 4, "benevolence": 3}}
    assert answers["kpis"] == {"availability": 91.5}
    assert answers["goals"] == {"g2": "partial"}
    assert answers["milestones"] == {"m2": {"status": "done", "date": "2026-12-11"}}
    assert answers["highlights"] == [HIGHLIGHT]

    # it comes back with its link and finds its draft
    browser.get(f"{live_server}/r/{gefertec}")
    assert state_of(browser) == "draft"
    for criterion, value in RATINGS.items():
        assert radio(browser, f"ratings.{criterion}", value).is_selected(), criterion
    assert field(browser, "kpis.availability").get_attribute("value") in ("91,5", "91.5")
    assert Select(field(browser, "goals.g2")).first_selected_option.get_attribute(
        "value") == "partial"
    assert Select(field(browser, "milestones.m2.status")).first_selected_option.get_attribute(
        "value") == "done"
    assert field(browser, "milestones.m2.date").get_attribute("value") == "11.12.2026"
    assert field(browser, "highlights").get_attribute("value") == HIGHLIGHT
    if database == "sqlite":
        screenshot(browser, "partner-filled")

    # ... and submits it
    click_button(browser, 'button[name=action][value=submit]')
    assert state_of(browser) == "submitted"
    assert stored(store, gefertec)[0] == "submitted"

    # flying-parts' link shows nothing of gefertec's answers, only its own empty form
    browser.get(f"{live_server}/r/{flying}")
    assert state_of(browser) == "open"
    assert HIGHLIGHT not in browser.page_source
    assert not browser.find_elements(By.CSS_SELECTOR, "input[type=radio]:checked")
    assert not browser.find_elements(By.CSS_SELECTOR, '[name="kpis.availability"]')
    choose(browser, "ratings.win_win", "3")
    choose(browser, "trust.gefertec.competence", "4")
    click_button(browser, 'button[name=action][value=submit]')
    assert state_of(browser) == "submitted"
    assert stored(store, gefertec)[1] == answers  # untouched by flying-parts' submission

    # the coordinator sees the progress, closes the round (with a confirm step), downloads
    browser.get(f"{live_server}/k/{opened.issued.coordinator}")
    badges = [b.get_attribute("class") or "" for b in
              browser.find_elements(By.CSS_SELECTOR, "table .badge")]
    assert sorted(badges) == ["badge badge-submitted"] * 2
    assert gefertec not in browser.page_source and flying not in browser.page_source
    if database == "sqlite":
        screenshot(browser, "coordinator")
    click_button(browser, "form[action$='/close'] button[type=submit]")
    waiting = store.round_by_coordinator_token(opened.issued.coordinator)
    assert waiting is not None and waiting.closed_at is None  # not closed before confirming
    click_button(browser, "input[name=confirm][value=yes] ~ button[type=submit]")
    closed = store.round_by_coordinator_token(opened.issued.coordinator)
    assert closed is not None and closed.closed_at is not None
    assert not browser.find_elements(By.CSS_SELECTOR, "form[action$='/close']")

    browser.find_element(By.CSS_SELECTOR, "a[href$='/export']").click()
    exported = downloads / "evaluation-2.yaml"
    wait_for(lambda: exported.exists() and exported.stat().st_size > 0, "the export download")
    data = yaml.safe_load(exported.read_text(encoding="utf-8"))
    assert data["ratings"]["win_win"] == {"gefertec": 4, "flying-parts": 3}
    assert data["kpis"] == {"availability": 91.5}
    assert data["milestones"] == {"m2": {"status": "done", "date": datetime.date(2026, 12, 11)}}
    assert data["highlights"] == [HIGHLIGHT]

    # a partner's page of a closed round is read-only
    browser.get(f"{live_server}/r/{gefertec}")
    assert not browser.find_elements(By.CSS_SELECTOR, "button[name=action]")
    assert not radio(browser, "ratings.win_win", "4").is_enabled()

    # the export validates with the cooperation and the earlier round, and builds the report
    files = [str(SAMPLE / "cooperation.yaml"), *map(str, BEFORE_TWO), str(exported)]
    checked = CliRunner().invoke(main, ["validate", *files])
    assert checked.exit_code == 0, checked.output
    built = CliRunner().invoke(main, ["report", *files, "--format", "docx",
                                      "-o", str(tmp_path / "report")])
    assert built.exit_code == 0, built.output
    reports = list((tmp_path / "report").glob("*.docx"))
    assert reports, built.output


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_wrong_value_is_explained_next_to_its_field(
        browser: WebDriver, live_server: str, store: Store, opened: Opened) -> None:
    token = opened.issued.partners["gefertec"]
    browser.get(f"{live_server}/r/{token}")
    choose(browser, "ratings.win_win", "4")
    field(browser, "kpis.availability").send_keys("91,5x")
    click_button(browser, 'button[name=action][value=save]')

    kpi = field(browser, "kpis.availability")
    message = browser.find_element(By.ID, "e-kpis.availability")
    assert message.text.strip()
    assert "e-kpis.availability" in (kpi.get_attribute("aria-describedby") or "").split()
    assert kpi.get_attribute("aria-invalid") == "true"
    assert kpi.get_attribute("value") == "91,5x"  # what was typed stays for correcting
    # the message stands next to its field: right above the input, in the same field box
    box = message.find_element(By.XPATH, "./ancestor::div[contains(@class, 'field')][1]")
    assert box.find_element(By.CSS_SELECTOR, "input").get_attribute("name") == "kpis.availability"
    assert 0 <= kpi.location["y"] - message.location["y"] < 200
    # the summary at the top links to the field
    assert browser.find_elements(By.CSS_SELECTOR, '#summary a[href="#f-kpis.availability"]')
    assert radio(browser, "ratings.win_win", "4").is_selected()  # nothing else was lost
    assert stored(store, token) == ("open", {})


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_first_radio_group_is_reached_with_the_keyboard(
        browser: WebDriver, live_server: str, opened: Opened) -> None:
    browser.get(f"{live_server}/r/{opened.issued.partners['flying-parts']}")
    body = browser.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)
    for _ in range(30):
        active = browser.switch_to.active_element
        if active.get_attribute("name") == "ratings.win_win":
            break
        active.send_keys(Keys.TAB)
    else:
        pytest.fail("30 Tab presses did not reach the first radio group")
    style = browser.execute_script(
        "const s = getComputedStyle(arguments[0]);"
        "return [s.outlineStyle, s.outlineWidth, s.boxShadow];", active)
    assert style[0] != "none" or style[2] != "none", style  # the focus is visible
    active.send_keys(Keys.SPACE)
    assert active.is_selected()
    active.send_keys(Keys.ARROW_RIGHT)  # arrows move within the group
    assert browser.switch_to.active_element.get_attribute("name") == "ratings.win_win"
    assert browser.switch_to.active_element.is_selected()


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_phone_shows_one_column(browser: WebDriver, live_server: str, opened: Opened) -> None:
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": PHONE[0], "height": PHONE[1], "deviceScaleFactor": 2, "mobile": True})
    browser.get(f"{live_server}/r/{opened.issued.partners['gefertec']}")
    width = browser.execute_script("return window.innerWidth")
    assert width == PHONE[0]
    assert browser.execute_script("return document.documentElement.scrollWidth") <= width
    boxes = browser.find_elements(By.CSS_SELECTOR, "fieldset.scale, div.field")
    assert len(boxes) > 10
    lefts = {round(box.rect["x"]) for box in boxes if box.is_displayed()}
    for box in boxes:
        rect = box.rect
        assert rect["x"] >= 0 and rect["x"] + rect["width"] <= width + 1, rect
        assert rect["width"] >= 0.75 * width, (box.get_attribute("class"), rect)
    assert max(lefts) - min(lefts) < 40, lefts  # one column: the boxes stand below each other
    tops = [box.rect["y"] for box in boxes]
    assert tops == sorted(tops)
    submit = browser.find_element(By.CSS_SELECTOR, "button[name=action][value=submit]")
    assert submit.rect["width"] >= 0.75 * width
    screenshot(browser, "phone", full=False)
