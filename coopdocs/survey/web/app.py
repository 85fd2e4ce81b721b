"""The survey's web application: each partner's page, the coordinator's page, the export.

Why Starlette, Jinja2 and uvicorn: the pages are server-rendered forms that work without
JavaScript, so the application needs routing, form parsing and templates, nothing more.
Starlette is a small, maintained ASGI toolkit that gives exactly that (and ``TestClient`` to
test it over real HTTP semantics without a server); Jinja2 is already how coopdocs renders
text; uvicorn is the ASGI server Starlette is made for, with graceful shutdown on SIGINT and
SIGTERM. A full framework (FastAPI, Litestar) would add validation and OpenAPI layers the
survey does not use: its validation is the evaluation's own schema and rules (``answers``).

Routes (``base_url``'s path is the prefix a reverse proxy publishes them under):

- ``GET /r/{token}``: a partner's page; ``POST`` with ``action=save|submit`` saves a draft or
  submits (303 back to the page with a notice); invalid values re-render the page with 422 and
  the message next to each field; changes are possible until the round closes.
- ``GET /k/{token}``: the coordinator's page: progress per partner and per question, reminders,
  the export; ``POST /k/{token}/close`` asks to confirm, then closes the round;
  ``GET /k/{token}/export`` downloads ``evaluation-N.yaml``.
- ``GET /static/…``: the style sheet.

Every page speaks the round's language (``coopdocs.i18n.speaking``, per request, never the
process language); a page without a round (an unknown link) follows the browser's
Accept-Language. The store is synchronous (SQLAlchemy), so each request's work runs in
Starlette's thread pool, which keeps the event loop free and carries the language context along.
What protects the pages is in ``security``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from coopdocs.fmt import Formatter
from coopdocs.i18n import N_, _, language, ngettext, speaking, translated
from coopdocs.survey.answers import MAX_FIELD, form_values, parse_form
from coopdocs.survey.db import DatabaseError, SurveyError
from coopdocs.survey.questions import (
    CANNOT_JUDGE,
    GOAL_STATES,
    MILESTONE_STATES,
    SCALE_ENDS,
    KpiQuestion,
    PartnerForm,
    answered,
    partner_form,
    questions,
)
from coopdocs.survey.rounds import STATE_WORDS, export_text, status_rows
from coopdocs.survey.store import Respondent, Round, Store
from coopdocs.survey.tokens import token_hash
from coopdocs.survey.web.security import (
    CSRF_FIELD,
    MAX_BODY,
    AccessLog,
    Guard,
    RateLimiter,
    SecurityHeaders,
    client_address,
    csrf_token,
    csrf_valid,
)

HERE = Path(__file__).resolve().parent
ANSWERS, CLOSE = "answers", "close"  # the purposes of the CSRF values
CONTROLS = (CSRF_FIELD, "action", "version")  # fields of the page, not answers
MAX_FIELDS = 2000  # more than a round of 100 partners asks (3 trust fields each, and the rest)
NOTICES = {"saved": N_("Your draft was saved. It is not submitted yet."),
           "submitted": N_("Thank you: your answers were submitted."),
           "closed": N_("The round is closed. The export is final.")}
TEXT_NAMES = {"highlights": N_("Highlights"), "difficulties": N_("Difficulties"),
              "reflection": N_("Reflection"), "needs": N_("Needs")}
# The pages of refused or failed requests: status -> (title, message).
PROBLEMS = {
    400: (N_("The request could not be read"),
          N_("Please go back, reload the page and send the form again.")),
    403: (N_("The form cannot be accepted"),
          N_("Its security code does not match this page, for example because it was sent "
             "from another page. Please reload the page and send the form again.")),
    404: (N_("Page not found"), ""),
    405: (N_("Not possible here"), N_("This address does not accept this kind of request.")),
    409: (N_("Not saved"), ""),
    413: (N_("Too much text"),
          N_("What was sent is larger than {size} KB, more than a form of this survey holds. "
             "Please shorten the longest texts and send the form again.")),
    415: (N_("Not a form"), N_("This address accepts only the forms of the survey's pages.")),
    429: (N_("Too many attempts"),
          N_("Too many unknown links were opened from your address.")),
    500: (N_("Something went wrong"),
          N_("The server could not answer this request; what you saved before is safe. Please "
             "try again in a few minutes and tell the network manager if it happens again.")),
    503: (N_("The survey is not available"),
          N_("The survey database cannot be reached at the moment. What you saved before is "
             "safe; please try again in a few minutes.")),
}

Clock = Callable[[], datetime.datetime]


def create_app(store: Store, *, base_url: str, secure: bool,
               limiter: RateLimiter | None = None, max_body: int = MAX_BODY,
               clock: Clock | None = None) -> Starlette:
    """The web application over ``store``.

    ``base_url``: where the pages are reached (its path, if any, is the prefix under which a
    reverse proxy publishes them); ``secure``: served over TLS (HSTS is sent). ``limiter``,
    ``max_body`` and ``clock`` are there for tests.
    """
    site = Site(store, urlsplit(base_url).path.rstrip("/"), limiter or RateLimiter(),
                clock or (lambda: datetime.datetime.now(datetime.UTC)), _environment(),
                max_body, store.secret())
    routes = [
        Route("/r/{token}", site.partner, methods=["GET", "POST"]),
        Route("/k/{token}", site.coordinator, methods=["GET"]),
        Route("/k/{token}/close", site.close, methods=["POST"]),
        Route("/k/{token}/export", site.export, methods=["GET"]),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    middleware = [Middleware(AccessLog), Middleware(SecurityHeaders, secure=secure),
                  Middleware(Guard, page=site.problem_for, max_body=max_body)]
    handlers: dict[Any, Any] = {HTTPException: site.http_problem, SurveyError: site.refused}
    return Starlette(routes=routes, middleware=middleware, exception_handlers=handlers)


def _environment() -> Environment:
    environment = Environment(loader=FileSystemLoader(HERE / "templates"),
                              autoescape=select_autoescape(default=True),
                              undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    environment.globals.update(_=_, ngettext=ngettext, translated=translated)
    return environment


@dataclass(frozen=True)
class Site:
    """The pages: request handlers over the store, the rate limiter and the templates."""

    store: Store
    base_path: str
    limiter: RateLimiter
    clock: Clock
    templates: Environment
    max_body: int
    secret: bytes  # the CSRF secret: made once in the database, read once here

    # --- the partner's page -------------------------------------------------------------------

    async def partner(self, request: Request) -> Response:
        token = request.path_params["token"]
        blocked = self.limiter.retry_after(client_address(request.scope))
        if blocked is not None:
            return self.too_many(request, blocked)
        fields = await _fields(request) if request.method == "POST" else None
        return await run_in_threadpool(self._partner, request, token, fields)

    def _partner(self, request: Request, token: str,
                 fields: dict[str, list[str]] | None) -> Response:
        found = self.store.respondent_by_token(token)
        if found is None:
            return self.unknown(request)
        round_, respondent = found
        with speaking(round_.data.language):
            page = PartnerPage(self, round_, respondent, token)
            if fields is None:
                return page.render(notice=request.query_params.get("notice", ""))
            return page.post(fields)

    # --- the coordinator's page ---------------------------------------------------------------

    async def coordinator(self, request: Request) -> Response:
        return await self._coordinated(request, None, CoordinatorPage.render)

    async def close(self, request: Request) -> Response:
        return await self._coordinated(request, await _fields(request), CoordinatorPage.close)

    async def export(self, request: Request) -> Response:
        return await self._coordinated(request, None, CoordinatorPage.export)

    async def _coordinated(self, request: Request, fields: dict[str, list[str]] | None,
                           action: Callable[..., Response]) -> Response:
        blocked = self.limiter.retry_after(client_address(request.scope))
        if blocked is not None:
            return self.too_many(request, blocked)
        return await run_in_threadpool(self._coordinator, request, fields, action)

    def _coordinator(self, request: Request, fields: dict[str, list[str]] | None,
                     action: Callable[..., Response]) -> Response:
        token = request.path_params["token"]
        round_ = self.store.round_by_coordinator_token(token)
        if round_ is None:
            return self.unknown(request)
        with speaking(round_.data.language):
            page = CoordinatorPage(self, round_, token)
            if fields is None:
                return action(page, request)
            return action(page, fields)

    # --- shared ---------------------------------------------------------------------------------

    def render(self, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        """A page in the current language (the caller is ``speaking`` the right one)."""
        context.setdefault("notice", "")
        context.setdefault("problem", "")
        html = self.templates.get_template(template).render(
            lang=language(), base_path=self.base_path, **context)
        return HTMLResponse(html, status_code=status)

    def url(self, *parts: str) -> str:
        """The path of a page under the base URL's prefix."""
        return "/".join((self.base_path, *parts))

    def unknown(self, request: Request) -> Response:
        """The 404 page of every unknown link; the failure counts against the client."""
        self.limiter.failed(client_address(request.scope))
        return self.problem_for(request.scope, 404)

    def too_many(self, request: Request, retry_after: int) -> Response:
        response = self.problem_for(request.scope, 429, retry_after=retry_after)
        response.headers["Retry-After"] = str(retry_after)
        return response

    def problem_for(self, scope: Scope | None, status: int, *, language: str | None = None,
                    message: str = "", retry_after: int | None = None) -> Response:
        """The page of a refused or failed request, in ``language`` or the browser's."""
        with speaking(language or _browser_language(scope)):
            title, text = PROBLEMS.get(status, PROBLEMS[500])
            if status == 404:
                return self.render("not_found.html", 404, title=translated(title))
            if not message and text:
                message = translated(text).format(size=self.max_body // 1024)
            minutes = None if retry_after is None else max(1, -(-retry_after // 60))
            return self.render("error.html", status, title=translated(title), message=message,
                               retry_after=minutes)

    async def http_problem(self, request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        return self.problem_for(request.scope, status if status in PROBLEMS else 400)

    async def refused(self, request: Request, exc: Exception) -> Response:
        """A store refusal that reached no page: its message; the database away: 503."""
        if isinstance(exc, DatabaseError):
            return self.problem_for(request.scope, 503)
        message = exc.message if isinstance(exc, SurveyError) else ""
        return self.problem_for(request.scope, 409, message=message)


async def _fields(request: Request) -> dict[str, list[str]]:
    """The posted form as field -> values; a file upload is refused (no page asks for one)."""
    form: FormData = await request.form(max_files=0, max_fields=MAX_FIELDS)
    fields: dict[str, list[str]] = {}
    for name, value in form.multi_items():
        if isinstance(value, UploadFile):
            raise HTTPException(400)
        fields.setdefault(name, []).append(value)
    return fields


def _first(fields: Mapping[str, Sequence[str]], name: str) -> str:
    values = fields.get(name) or [""]
    return values[0]


def _browser_language(scope: Scope | None) -> str:
    """The first of de and en that the browser's Accept-Language names; German without."""
    headers = dict((scope or {}).get("headers") or [])
    accepted = headers.get(b"accept-language", b"").decode("latin-1").lower()
    for item in accepted.split(","):
        tag = item.split(";", 1)[0].strip()
        if tag.startswith(("de", "en")):
            return str(tag[:2])
    return "de"


# --- the partner's page ---------------------------------------------------------------------------

class PartnerPage:
    """One partner's page in a round: shown, saved as a draft, submitted."""

    def __init__(self, site: Site, round_: Round, respondent: Respondent, token: str):
        self.site, self.round, self.respondent, self.token = site, round_, respondent, token
        self.form = partner_form(round_.data.cooperation, respondent.partner,
                                 settled=round_.data.settled)
        self.secret = site.secret

    def render(self, *, notice: str = "", values: Mapping[str, str] | None = None,
               errors: Mapping[str, str] | None = None, problem: str = "",
               status: int = 200) -> Response:
        data, fmt = self.round.data, Formatter(self.round.data.language)
        done = answered(self.form, self.respondent.answers)
        shown = form_values(self.form, self.respondent.answers) if values is None else values
        return self.site.render(
            "partner.html", status, title=_round_title(self.round), form=self.form,
            values=shown, errors=dict(errors or {}), labels=field_labels(self.form),
            notice=translated(NOTICES[notice]) if notice in NOTICES else "", problem=problem,
            state=self.respondent.state, closed=self.round.closed_at is not None,
            closed_on=_moment(fmt, self.round.closed_at),
            submitted_on=_moment(fmt, self.respondent.submitted_at),
            updated_on=_moment(fmt, self.respondent.updated_at),
            period_start=fmt.short_date(data.period_start),
            period_end=fmt.short_date(data.period_end), closes=_closes(self.round, fmt),
            answered=sum(done.values()), total=len(done), choices=scale_choices(self.form),
            scale_hint=scale_hint(self.form), kpi_hints=kpi_hints(self.form, fmt),
            goal_states=_states(GOAL_STATES), milestone_states=_states(MILESTONE_STATES),
            day=fmt.short_date, text_limit=MAX_FIELD, action=self.site.url("r", self.token),
            csrf=csrf_token(self.secret, ANSWERS, token_hash(self.token)),
            version=self.respondent.version)

    def post(self, fields: dict[str, list[str]]) -> Response:
        """Save or submit the posted answers; 303 back to the page, or the page with messages."""
        if not csrf_valid(self.secret, ANSWERS, token_hash(self.token),
                          _first(fields, CSRF_FIELD)):
            return self.site.problem_for(None, 403, language=self.round.data.language)
        if self.round.closed_at is not None:
            return self.render(problem=_("The round is closed; answers can no longer be "
                                         "changed."), status=409)
        action, version = _first(fields, "action") or "save", _first(fields, "version")
        if action not in ("save", "submit") or not version.isdigit():
            return self.site.problem_for(None, 400, language=self.round.data.language)
        parsed = parse_form(self.form, fields, self.round.data, ignore=CONTROLS)
        if parsed.errors:
            posted = {name: values[0] for name, values in fields.items()
                      if values and name not in CONTROLS}
            return self.render(values=posted, errors=parsed.errors, status=422)
        return self._save(parsed.answers, submit=action == "submit", version=int(version))

    def _save(self, answers: dict[str, Any], *, submit: bool, version: int) -> Response:
        try:
            self.site.store.save(self.respondent.id, answers, submit=submit,
                                 expected_version=version, now=self.site.clock())
        except DatabaseError:
            raise
        except SurveyError as exc:
            found = self.site.store.respondent_by_token(self.token)
            if found is not None:
                self.round, self.respondent = found
            return self.render(problem=exc.message, status=409)
        notice = "submitted" if submit else "saved"
        return RedirectResponse(f"{self.site.url('r', self.token)}?notice={notice}", 303)


def field_labels(form: PartnerForm) -> dict[str, str]:
    """Field name -> what the summary of messages calls it (the field's label or legend)."""
    names = dict(form.rated)
    labels = {f"ratings.{c.key}": translated(c.name or c.question) for c in form.criteria}
    for rated, _name in form.rated:
        for pillar in form.pillars:
            labels[f"trust.{rated}.{pillar.key}"] = _("{partner}: {pillar}").format(
                partner=names[rated], pillar=translated(pillar.name))
    labels |= {f"kpis.{k.id}": k.name for k in form.kpis}
    labels |= {f"goals.{g.id}": g.description for g in form.goals}
    for milestone in form.milestones:
        labels[f"milestones.{milestone.id}.status"] = _("{milestone}: state").format(
            milestone=milestone.description)
        labels[f"milestones.{milestone.id}.date"] = _("{milestone}: date").format(
            milestone=milestone.description)
    labels |= {t.key: translated(TEXT_NAMES.get(t.key, t.question)) for t in form.texts}
    return labels


def scale_choices(form: PartnerForm) -> list[tuple[str, str, str]]:
    """(value, label, what a screen reader adds) of a scale's radio buttons, then "cannot judge"."""
    low, high = form.scale
    ends = {low: translated(SCALE_ENDS[0]), high: translated(SCALE_ENDS[1])}
    return [(str(v), str(v), ends.get(v, "")) for v in range(low, high + 1)] + \
        [("na", translated(CANNOT_JUDGE), "")]


def scale_hint(form: PartnerForm) -> str:
    low, high = form.scale
    return _("{low} = {low_text} … {high} = {high_text}; or “{cannot}”.").format(
        low=low, low_text=translated(SCALE_ENDS[0]), high=high,
        high_text=translated(SCALE_ENDS[1]), cannot=translated(CANNOT_JUDGE))


def kpi_hints(form: PartnerForm, fmt: Formatter) -> dict[str, str]:
    """KPI id -> its target, tolerance band and direction, as the page shows them."""
    return {kpi.id: kpi_hint(kpi, fmt) for kpi in form.kpis}


def kpi_hint(kpi: KpiQuestion, fmt: Formatter) -> str:
    """``Target: 12 days · tolerance band: 10 to 14 days · lower is better``."""
    unit = f"\u00a0{kpi.unit}" if kpi.unit else ""
    parts = []
    if kpi.target is not None:
        parts.append(_("target: {value}").format(value=fmt.number(kpi.target) + unit))
    if kpi.tolerance is not None:
        parts.append(_("tolerance band: {low} to {high}").format(
            low=fmt.number(kpi.tolerance[0]) + unit, high=fmt.number(kpi.tolerance[1]) + unit))
    if kpi.better == "lower":
        parts.append(_("lower is better"))
    elif kpi.better == "higher":
        parts.append(_("higher is better"))
    parts.append(_("decimal comma or point"))
    text = " · ".join(parts)
    return text[:1].upper() + text[1:]


def _states(states: Mapping[str, str]) -> list[tuple[str, str]]:
    return [(key, translated(text)) for key, text in states.items()]


def _round_title(round_: Round) -> str:
    title = str(round_.data.cooperation.get("title") or round_.data.cooperation_id)
    return _("Evaluation round {number}: {title}").format(number=round_.data.number, title=title)


def _closes(round_: Round, fmt: Formatter) -> str:
    if round_.data.closes is None:
        return _("the close of the round")
    return fmt.short_date(round_.data.closes)


def _moment(fmt: Formatter, moment: datetime.datetime | None) -> str:
    """A stored moment in the server's local time: ``10.04.2027, 14:03``."""
    if moment is None:
        return "–"
    local = moment.astimezone()
    return f"{fmt.short_date(local.date())}, {local:%H:%M}"


# --- the coordinator's page -----------------------------------------------------------------------

@dataclass(frozen=True)
class PartnerRow:
    name: str
    contact: str
    state: str
    state_label: str
    answered: int
    total: int
    changed: str


@dataclass(frozen=True)
class QuestionRow:
    label: str
    cells: tuple[bool | None, ...]  # per partner: answered, not answered, None: not asked


@dataclass(frozen=True)
class Reminder:
    name: str
    contact: str
    mailto: str


class CoordinatorPage:
    """The coordinator's page of a round: progress, reminders, closing, the export."""

    def __init__(self, site: Site, round_: Round, token: str):
        self.site, self.round, self.token = site, round_, token
        self.respondents = site.store.respondents(round_.id)

    def render(self, request: Request) -> Response:
        data, fmt = self.round.data, Formatter(self.round.data.language)
        notice = request.query_params.get("notice", "")
        forms = [partner_form(data.cooperation, r.partner, settled=data.settled)
                 for r in self.respondents]
        return self.site.render(
            "coordinator.html", title=_round_title(self.round), number=data.number,
            notice=translated(NOTICES[notice]) if notice in NOTICES else "",
            closed=self.round.closed_at is not None,
            closed_on=_moment(fmt, self.round.closed_at), closes=_closes(self.round, fmt),
            period_start=fmt.short_date(data.period_start),
            period_end=fmt.short_date(data.period_end),
            submitted=sum(r.state == "submitted" for r in self.respondents),
            partners=self._partners(fmt), matrix=question_matrix(forms, self.respondents),
            reminders=self._reminders(fmt), csrf=self._csrf(),
            export_url=self.site.url("k", self.token, "export"),
            close_url=self.site.url("k", self.token, "close"))

    def close(self, fields: dict[str, list[str]]) -> Response:
        """Ask to confirm; with ``confirm=yes`` close the round and go back to the page."""
        if not csrf_valid(self.site.secret, CLOSE, token_hash(self.token),
                          _first(fields, CSRF_FIELD)):
            return self.site.problem_for(None, 403, language=self.round.data.language)
        if _first(fields, "confirm") != "yes":
            waiting = [r.partner_name for r in self.respondents if r.state != "submitted"]
            return self.site.render(
                "confirm_close.html",
                title=_("Close round {number}?").format(number=self.round.data.number),
                waiting=waiting, csrf=self._csrf(),
                close_url=self.site.url("k", self.token, "close"),
                back_url=self.site.url("k", self.token))
        self.site.store.close(self.round.id, self.site.clock())
        return RedirectResponse(f"{self.site.url('k', self.token)}?notice=closed", 303)

    def export(self, request: Request) -> Response:
        """``evaluation-N.yaml`` as a download: the submitted answers, a comment on each."""
        text = export_text(self.site.store, self.round, today=self.site.clock().date())
        name = f"evaluation-{self.round.data.number}.yaml"
        return Response(text.encode("utf-8"), media_type="text/yaml; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})

    def _csrf(self) -> str:
        return csrf_token(self.site.secret, CLOSE, token_hash(self.token))

    def _partners(self, fmt: Formatter) -> list[PartnerRow]:
        rows = status_rows(self.round, self.respondents)
        return [PartnerRow(row.partner_name, row.contact, row.state,
                           translated(STATE_WORDS.get(row.state, row.state)), row.answered,
                           row.questions, _moment(fmt, row.updated_at)) for row in rows]

    def _reminders(self, fmt: Formatter) -> list[Reminder]:
        return [Reminder(r.partner_name, r.contact_name, reminder_link(self.round, r, fmt))
                for r in self.respondents if r.state != "submitted"]


def reminder_link(round_: Round, respondent: Respondent, fmt: Formatter) -> str:
    """A ``mailto:`` link with the subject and text of a reminder, never the partner's link.

    The coordinator does not have the partner's link (only its hash is stored); the text asks
    the contact to use the link of the invitation. Empty without a contact e-mail.
    """
    if not respondent.contact_email:
        return ""
    title = str(round_.data.cooperation.get("title") or round_.data.cooperation_id)
    subject = _("Reminder: evaluation round {number} of {title}").format(
        number=round_.data.number, title=title)
    body = _("Hello {name},\n\nthe evaluation survey of round {number} of {title} is still "
             "waiting for the answers of {partner}. Please answer it by {closes}, with the "
             "personal link from your invitation. If you cannot find the link, reply to this "
             "e-mail and you will get a new one.\n\nThank you!").format(
        name=respondent.contact_name, number=round_.data.number, title=title,
        partner=respondent.partner_name, closes=_closes(round_, fmt))
    return (f"mailto:{quote(respondent.contact_email, safe='@')}"
            f"?subject={quote(subject, safe='')}&body={quote(body, safe='')}")


def question_matrix(forms: Sequence[PartnerForm],
                    respondents: Sequence[Respondent]) -> list[QuestionRow]:
    """Per question (in the order of the page), per partner: answered, not yet, or not asked."""
    done = [answered(form, r.answers) for form, r in zip(forms, respondents, strict=True)]
    order = {r.partner: n for n, r in enumerate(respondents)}
    seen = {key: n for n, key in enumerate(dict.fromkeys(
        key for form in forms for key in questions(form)))}
    keys = sorted(seen, key=lambda key: _question_rank(key, order, seen[key]))
    labels = {key: label for form in forms for key, label in _question_labels(form).items()}
    return [QuestionRow(labels.get(key, key), tuple(answers.get(key) for answers in done))
            for key in keys]


_SECTIONS = ("ratings", "trust", "kpis", "goals", "milestones")


def _question_rank(key: str, order: Mapping[str, int], seen: int) -> tuple[int, ...]:
    """Sections in the page's order; trust by the partner rated, in the round's order."""
    section, _dot, rest = key.partition(".")
    rank = _SECTIONS.index(section) if section in _SECTIONS else len(_SECTIONS)
    if section == "trust":
        rated = rest.rpartition(".")[0]
        return (rank, order.get(rated, len(order)), seen)
    return (rank, 0, seen)


def _question_labels(form: PartnerForm) -> dict[str, str]:
    labels = field_labels(form)
    labels |= {f"milestones.{m.id}": m.description for m in form.milestones}
    for pillar in form.pillars:  # "Trust: <partner>: <pillar>", itself included
        for rated, name in form.rated:
            labels[f"trust.{rated}.{pillar.key}"] = _("Trust in {partner}: {pillar}").format(
                partner=name, pillar=translated(pillar.name))
    return labels
