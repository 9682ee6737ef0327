"""The three phases, each with users of its own: warm-up, unloaded baseline, and the surge.

Every response time is kept (not locust's rounded histogram), so that medians and
percentiles are exact; a failure is any answer other than the one a browser expects.
"""

from __future__ import annotations

import math
import statistics
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

import gevent
from locust.env import Environment
from locust.event import Events
from locust.exception import StopUser

from tests.benchmarks.surge import users
from tests.benchmarks.surge.users import CaseworkerUser, LiaisonUser, Plan

SIGN_IN = "POST /accounts/login/"


@dataclass
class Recorder:
    """Every request's time, start and outcome, per page."""

    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    started: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))  # time.monotonic()
    errors: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))

    def record(self, request_type, name, response_time, response_length, exception=None, **kwargs) -> None:
        self.times[name].append(response_time)
        self.started[name].append(time.monotonic() - response_time / 1000)
        if exception is not None:
            self.errors[name][str(exception)[:200]] += 1

    @property
    def everyone_signed_in_at(self) -> float | None:
        """When the last sign-in was answered: the surge's steady state starts there."""
        answers = zip(self.started[SIGN_IN], self.times[SIGN_IN], strict=True)
        signed_in = [start + took / 1000 for start, took in answers]
        return max(signed_in) if signed_in else None

    def after(self, moment: float) -> Recorder:
        """The requests started at or after `moment`."""
        later = Recorder()
        for name, times in self.times.items():
            for start, took in zip(self.started[name], times, strict=True):
                if start >= moment:
                    later.times[name].append(took)
                    later.started[name].append(start)
        return later

    @property
    def error_count(self) -> int:
        return sum(sum(c.values()) for c in self.errors.values())

    def median(self, name: str) -> float | None:
        values = self.times.get(name)
        return statistics.median(values) if values else None


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile: the smallest value at least `share` of the values do not exceed."""
    ordered = sorted(values)
    rank = max(1, math.ceil(len(ordered) * share))
    return ordered[rank - 1]


def environment(host: str) -> tuple[Environment, Recorder]:
    recorder = Recorder()
    env = Environment(user_classes=[CaseworkerUser, LiaisonUser], host=host, events=Events())
    env.events.request.add_listener(recorder.record)
    return env, recorder


def run_users(
    env: Environment,
    shared: Plan,
    *,
    caseworkers: int,
    liaisons: int,
    spawn_rate: float,
    time_limit: float,
    on_tick: Callable[[float], None] | None = None,
    tick: float = 15.0,
) -> float:
    """Run the users until the plan's arrivals are all registered; return the seconds that took.

    `on_tick(seconds)` is called every `tick` seconds meanwhile (to sample memory).
    """
    users.PLAN = shared
    CaseworkerUser.fixed_count = caseworkers
    LiaisonUser.fixed_count = liaisons
    runner = env.create_local_runner()
    started = time.perf_counter()
    runner.start(caseworkers + liaisons, spawn_rate=spawn_rate)
    deadline = time.monotonic() + time_limit
    next_tick = time.monotonic() + tick
    while shared.settled < shared.arrivals:
        if on_tick is not None and time.monotonic() >= next_tick:
            on_tick(time.perf_counter() - started)
            next_tick += tick
        if time.monotonic() > deadline:
            shared.notes.append(f"stopped at the time limit, {shared.settled} of {shared.arrivals} answered")
            break
        if shared.caseworkers_gone >= caseworkers:
            shared.notes.append(f"every caseworker stopped, {shared.settled} of {shared.arrivals} answered")
            break
        gevent.sleep(0.2)
    elapsed = time.perf_counter() - started
    runner.quit()
    return elapsed


def baseline(env: Environment, shared: Plan, *, repeats: int) -> None:
    """Each page, one request at a time by one user of each role, `repeats` times: the unloaded times."""
    users.PLAN = shared
    try:
        for _ in range(repeats):  # a sign-in and a batch set `repeats` times, by fresh browsers
            caseworker = CaseworkerUser(env)
            caseworker.on_start()
        for _ in range(repeats):
            caseworker.cycle()
        if shared.liaisons:
            liaison = LiaisonUser(env)
            liaison.on_start()
            for _ in range(repeats):
                liaison.cycle()
    except StopUser:
        shared.notes.append("the baseline stopped early: a user could not go on")
