"""The locust users: caseworkers registering arrivals and browsing, liaisons working their queues.

Each user behaves as a browser behind the deployment's TLS proxy would look to the
application: it sends X-Forwarded-Proto: https and its own X-Forwarded-For (DEBUG off
trusts one proxy), sends its secure session and CSRF cookies over the local plain HTTP,
and sends Origin with every form. Redirects are not followed by the client: each answer is
checked (a form that answers 200 where it should redirect is an error) and timed on its own,
and the page a browser would go to next is then requested like any other.

What the users of one phase share lives in one Plan (module-level PLAN): locust runs every
user as a greenlet of this process, so its counters need no lock.
"""

from __future__ import annotations

import datetime
import random
import re
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import gevent
from locust import HttpUser, task
from locust.exception import StopUser

from tests.benchmarks.surge.arrivals import arrival_form

if TYPE_CHECKING:
    from tests.benchmarks.surge.staff import Account

CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CASE_LINK = re.compile(r'href="/cases/(\d+)/"')  # "Open the case" in the message after registering
QUEUE_LINK = re.compile(r'href="/repatriation/cases/(\d+)/"')
TRANSITION_INPUT = re.compile(r'<input[^>]*name="transition"[^>]*>')
INPUT_VALUE = re.compile(r'value="([a-z_]+)"')
FIELD_ERROR = re.compile(r'id="error_\d+_id_([\w-]+)"')
# The embassy's steps on the main line: what a liaison working the queue does next.
EMBASSY_STEPS = {"verify_nationality", "issue_travel_document", "schedule_departure", "confirm_reception"}
CASE_LIST_FILTERS = ["status=Active", "nationality=IN", "nationality=PH&status=Active", "stage=identified"]


@dataclass
class Plan:
    """What the users of one phase share: accounts, the arrivals left to register, cases to send on."""

    caseworkers: list[Account]
    liaisons: list[Account]
    password: str
    arrivals: int  # to register in this phase, exactly
    think: tuple[float, float]
    verify_every: int
    languages: dict[str, int]
    today: datetime.date
    numbers: Iterator[int]  # arrival numbers: shared by every phase, so that no name repeats
    pool: dict[str, deque[int]]  # per NGO: cases at "identified" a liaison may read
    liaison_cycles: int | None = None  # a liaison stops after this many rounds (the baseline)
    reserved: int = 0
    settled: int = 0  # registrations answered, well or not
    registered: int = 0
    verification_requests: int = 0
    embassy_steps: int = 0
    pool_exhausted: int = 0
    caseworkers_started: int = 0
    caseworkers_gone: int = 0
    liaisons_started: int = 0
    addresses: int = 0
    notes: list[str] = field(default_factory=list)

    def reserve(self) -> int | None:
        """Take the next arrival to register, or None when the phase has them all."""
        if self.reserved >= self.arrivals:
            return None
        self.reserved += 1
        return next(self.numbers)


PLAN: Plan | None = None


def plan() -> Plan:
    if PLAN is None:
        raise RuntimeError("set users.PLAN before starting users")
    return PLAN


def _why_refused(html: str) -> str:
    """Say why a form was shown again instead of redirecting: a duplicate warning, or which fields."""
    if 'data-testid="matches"' in html:
        return "a possible duplicate was shown"
    fields = sorted(set(FIELD_ERROR.findall(html)))
    return "errors in " + ", ".join(fields) if fields else "no field error shown"


def _location(response) -> str:
    return urlsplit(response.headers.get("Location", "")).path


class Browser(HttpUser):
    """A signed-in member of staff, as the application sees them through the proxy."""

    abstract = True
    token = ""

    def wait_time(self) -> float:
        return random.uniform(*plan().think)

    def think(self) -> None:
        gevent.sleep(random.uniform(*plan().think))

    def browser_start(self, accounts: list[Account], started: int) -> None:
        """Look like a browser behind the proxy, then sign in as the next of `accounts` (`started` so far)."""
        plan().addresses += 1
        n = plan().addresses
        self.client.headers.update(
            {"X-Forwarded-Proto": "https", "X-Forwarded-For": f"10.23.{n // 250}.{n % 250 + 1}"}
        )
        self.origin = "https://" + urlsplit(self.host).netloc
        self.account = accounts[started % len(accounts)]
        self.cycles = 0
        self.sign_in(self.account.username)

    def page(
        self,
        method: str,
        path: str,
        *,
        name: str,
        expect: int = 200,
        location: str | None = None,
        data: dict | None = None,
        check: Callable[[str], str | None] | None = None,
    ):
        """Request one page; return the response, or None after recording why it failed."""
        # The session's cookies are secure ones, which requests sends over HTTPS only: the browser
        # would have spoken HTTPS to the proxy, so they are sent here over the local plain HTTP.
        headers = {"Cookie": "; ".join(f"{c.name}={c.value}" for c in self.client.cookies)}
        if method == "POST":
            headers["Origin"] = self.origin
        with self.client.request(
            method,
            path,
            name=name,
            data=data,
            headers=headers,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            problem = None
            if response.status_code != expect:
                problem = f"{response.status_code} where {expect} was expected"
                if response.status_code in (301, 302):
                    problem += f" (to {_location(response)})"
                elif response.status_code in (200, 422):
                    problem += f" ({_why_refused(response.text or '')})"
            elif location is not None and _location(response) != location:
                problem = f"redirected to {_location(response)} instead of {location}"
            elif check is not None:
                problem = check(response.text)
            if problem:
                response.failure(problem)
                return None
            response.success()
            token = CSRF_TOKEN.search(response.text or "")
            if token:
                self.token = token.group(1)
            return response

    def sign_in(self, username: str) -> None:
        """Sign in with the password alone (TWO_FACTOR_REQUIRED is off for the load test)."""
        self.page("GET", "/accounts/login/", name="GET /accounts/login/")
        signed_in = self.page(
            "POST",
            "/accounts/login/",
            name="POST /accounts/login/",
            expect=302,
            location="/",
            data={
                "csrfmiddlewaretoken": self.token,
                "username": username,
                "password": plan().password,
                "next": "",
            },
        )
        if signed_in is None:
            raise StopUser

    def transition(self, case_id: int, step: str, *, who: str) -> bool:
        """Take one repatriation step on a case, then show its page again as the browser would."""
        done = self.page(
            "POST",
            f"/repatriation/cases/{case_id}/step/",
            name=f"POST /repatriation/cases/<id>/step/ ({who})",
            expect=302,
            location=f"/repatriation/cases/{case_id}/",
            data={"csrfmiddlewaretoken": self.token, "transition": step, "reason": "", "note": ""},
        )
        if done is not None:
            self.page("GET", f"/repatriation/cases/{case_id}/", name=f"GET /repatriation/cases/<id>/ ({who})")
        return done is not None


def offered_steps(html: str) -> list[str]:
    """The repatriation steps a case page offers, in its order."""
    return [m.group(1) for tag in TRANSITION_INPUT.findall(html) if (m := INPUT_VALUE.search(tag))]


class CaseworkerUser(Browser):
    """Registers arrivals one after another, opens each new case, browses the list; now and then
    asks an embassy to verify a nationality (which writes a notification for the liaison)."""

    def on_start(self) -> None:
        shared = plan()
        self.browser_start(shared.caseworkers, shared.caseworkers_started)
        shared.caseworkers_started += 1
        self.page("GET", "/register/batch/", name="GET /register/batch/")
        batch = self.page(
            "POST",
            "/register/batch/",
            name="POST /register/batch/",
            expect=302,
            location="/register/",
            data={
                "csrfmiddlewaretoken": self.token,
                "site": self.account.site_id,
                "arrived_on": shared.today.isoformat(),
            },
        )
        if batch is None:
            raise StopUser
        self.page("GET", "/register/", name="GET /register/")

    def on_stop(self) -> None:
        plan().caseworkers_gone += 1

    @task
    def cycle(self) -> None:
        shared = plan()
        number = shared.reserve()
        if number is None:
            raise StopUser
        self.cycles += 1
        data = arrival_form(number, languages=shared.languages, today=shared.today)
        try:
            registered = self.page(
                "POST",
                "/register/",
                name="POST /register/",
                expect=302,
                location="/register/",
                data={**data, "csrfmiddlewaretoken": self.token},
            )
        finally:
            shared.settled += 1
        if registered is not None:
            shared.registered += 1
        form = self.page("GET", "/register/", name="GET /register/")  # where the browser goes next
        new_case = CASE_LINK.search(form.text) if form is not None and registered is not None else None
        if new_case:
            self.think()
            self.page("GET", f"/cases/{new_case.group(1)}/", name="GET /cases/<id>/")
        self.think()
        query = f"{random.choice(CASE_LIST_FILTERS)}&page={random.randint(1, 5)}"
        self.page("GET", f"/cases/?{query}", name="GET /cases/?filter&page")
        if self.cycles % shared.verify_every == 0:
            self.think()
            self.verification_request()

    def verification_request(self) -> None:
        shared = plan()
        pool = shared.pool.get(self.account.organisation)
        if not pool:
            shared.pool_exhausted += 1
            return
        case_id = pool.popleft()
        who = "caseworker"

        def offers_request(html: str) -> str | None:
            return None if "request_verification" in offered_steps(html) else "no request offered"

        name = f"GET /repatriation/cases/<id>/ ({who})"
        shown = self.page("GET", f"/repatriation/cases/{case_id}/", name=name, check=offers_request)
        if shown is None:
            return
        self.think()
        if self.transition(case_id, "request_verification", who=who):
            shared.verification_requests += 1


class LiaisonUser(Browser):
    """Works the embassy's queue: opens a case waiting on the embassy, takes its step, reads the inbox."""

    def on_start(self) -> None:
        shared = plan()
        self.browser_start(shared.liaisons, shared.liaisons_started)
        shared.liaisons_started += 1

    @task
    def cycle(self) -> None:
        shared = plan()
        if shared.liaison_cycles is not None and self.cycles >= shared.liaison_cycles:
            raise StopUser
        self.cycles += 1
        queue = self.page("GET", "/repatriation/?stage=embassy", name="GET /repatriation/?stage=embassy")
        case_ids = QUEUE_LINK.findall(queue.text) if queue is not None else []
        if case_ids:
            case_id = int(random.choice(case_ids[:10]))
            self.think()
            shown = self.page(
                "GET", f"/repatriation/cases/{case_id}/", name="GET /repatriation/cases/<id>/ (liaison)"
            )
            steps = [s for s in offered_steps(shown.text) if s in EMBASSY_STEPS] if shown is not None else []
            if steps:
                self.think()
                if self.transition(case_id, steps[0], who="liaison"):
                    shared.embassy_steps += 1
        self.think()
        self.page("GET", "/notifications/", name="GET /notifications/")
