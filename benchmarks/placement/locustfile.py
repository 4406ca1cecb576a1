"""Mixed load on the placement API for Locust (headless, run by ``load.py`` and ``kill9.py`` in a
subprocess of their own: Locust's gevent monkey-patching never enters a pytest process).

About 80 % reads and 20 % writes; task weights (of 100):

reads  (77)  availability 29, request list 19, one request 15, matches 9, change feed 5
writes (23)  submit a request 9, hold the best match 6, release a hold 5, confirm capacity 3

(a hold first reads the matches; a release with nothing held submits a request instead, and a
bed manager confirms capacity for every write task; the runner reports the measured share)

Each simulated user is a coordinator, a referrer or a bed manager with a bearer token from
the setup file (``PLACEMENT_BENCH_SETUP``, JSON written by the runner). Every write the server
acknowledged (2xx) is appended as one JSON line to ``PLACEMENT_BENCH_ACKS`` (flushed at once),
so that ``kill9.py`` can compare what clients saw acknowledged with the database. A 409 on a
hold is an expected answer under contention (another user took the bed), not a failure.
"""

from __future__ import annotations

import json
import os
import random
import threading
import time
from typing import Any

from locust import FastHttpUser, between, events, task

API = "/api/placement"
SETUP: dict[str, Any] = json.loads(open(os.environ["PLACEMENT_BENCH_SETUP"]).read())  # noqa: SIM115
_ACKS_PATH = os.environ.get("PLACEMENT_BENCH_ACKS")
_acks = open(_ACKS_PATH, "a", encoding="utf-8") if _ACKS_PATH else None  # noqa: SIM115
_lock = threading.Lock()
_serial = iter(range(1, 10**9))


def ack(kind: str, **fields: Any) -> None:
    """Log one acknowledged write (one line, flushed before the next request is sent)."""
    if _acks is None:
        return
    with _lock:
        _acks.write(json.dumps({"kind": kind, **fields}) + "\n")
        _acks.flush()


@events.quitting.add_listener  # type: ignore[untyped-decorator]
def _close(**_kw: Any) -> None:
    if _acks is not None:
        _acks.close()


_RATE = float(os.environ.get("PLACEMENT_BENCH_USER_RATE", "0"))
"""Tasks per second of each user, so that USERS x RATE is the offered load; 0: as fast as the
server answers (0-50 ms between tasks), the saturated test.

With a rate, each user's tasks *arrive* as a Poisson process: the gaps between arrival times
(not between an answer and the next task) are drawn from an exponential distribution, and each
user starts at a random moment of its first gap. A user whose answer came after its next arrival
time sends at once, so the offered load stays USERS x RATE whatever the response time, up to the
users' count. (Waiting an exponential gap after each answer, as this file did before, offers
only USERS / (1/RATE + response time): 283 tasks/s at 300 offered with a 20 ms answer, so the
offered rate could not be reached by any server.) A fixed pace (Locust's
``constant_throughput``) would keep the users in step after their common start: 100 requests
every 1/RATE seconds in one burst, whose queue then dominates every latency figure."""


def _poisson_wait(user: Any) -> float:
    """Seconds until this user's next arrival time, which moves on by an exponential gap."""
    user.next_arrival += random.expovariate(_RATE)
    return max(0.0, user.next_arrival - time.monotonic())


class PlacementUser(FastHttpUser):
    wait_time = _poisson_wait if _RATE > 0 else between(0.0, 0.05)

    def on_start(self) -> None:
        if _RATE > 0:
            time.sleep(random.uniform(0, 1 / _RATE))  # cooperative under Locust's gevent
        self.next_arrival = time.monotonic()
        n = next(_serial)
        people = SETUP["users"]
        self.person = people[n % len(people)]
        self.headers = {"Authorization": f"Bearer {self.person['token']}"}
        # letters between the numbers: "L12-5-13" would read as a date (12 May 2013), which
        # the service rightly refuses in a reference (422)
        self.tag = f"L{os.getpid() % 1000}u{n}"
        self.count = 0
        self.mine: list[int] = []
        self.held: list[int] = []

    # ---------------------------------------------------------------- reads (80)

    @task(29)
    def availability(self) -> None:
        self.client.get(f"{API}/availability", headers=self.headers, name="GET /availability")

    @task(19)
    def list_requests(self) -> None:
        if self.person["role"] == "bed_manager":
            self.availability()
            return
        self.client.get(f"{API}/requests?limit=20", headers=self.headers, name="GET /requests")

    @task(15)
    def one_request(self) -> None:
        if not self.mine:
            self.availability()
            return
        rid = random.choice(self.mine)
        self.client.get(f"{API}/requests/{rid}", headers=self.headers, name="GET /requests/{id}")

    @task(9)
    def matches(self) -> None:
        if not self.mine:
            self.availability()
            return
        self._matches(random.choice(self.mine))

    @task(5)
    def feed(self) -> None:
        after = max(0, SETUP["last_event_id"])
        self.client.get(
            f"{API}/events?after_id={after}&limit=50", headers=self.headers, name="GET /events"
        )

    def _matches(self, rid: int) -> list[dict[str, Any]]:
        with self.client.get(
            f"{API}/requests/{rid}/matches?limit=5",
            headers=self.headers,
            name="GET /requests/{id}/matches",
            catch_response=True,
        ) as answer:
            if answer.status_code == 200:
                found: list[dict[str, Any]] = answer.json()
                return found
            if answer.status_code == 409:  # the request moved on meanwhile
                answer.success()
            return []

    # ---------------------------------------------------------------- writes (20)

    @task(9)
    def submit(self) -> None:
        if self.person["role"] == "bed_manager":
            self.confirm()
            return
        self.count += 1
        reference = f"{self.tag}r{self.count}"
        body = {
            "reference": reference,
            "care_type": "elv_high",
            "urgency": random.choice(["acute", "same_day", "within_3_days"]),
            "municipality": random.choice(SETUP["municipalities"]),
            "needs": random.sample(["dementia", "oxygen", "isolation"], k=random.randint(0, 2)),
        }
        answer = self.client.post(
            f"{API}/requests", json=body, headers=self.headers, name="POST /requests"
        )
        if answer.status_code == 201:
            rid = answer.json()["id"]
            self.mine.append(rid)
            del self.mine[:-20]
            ack("submit", request_id=rid, reference=reference)

    @task(6)
    def hold(self) -> None:
        if self.person["role"] == "bed_manager" or not self.mine:
            self.confirm() if self.person["role"] == "bed_manager" else self.submit()
            return
        rid = self.mine[-1]
        options = self._matches(rid)
        if not options:
            return
        unit = options[0]["bed_unit_id"]
        with self.client.post(
            f"{API}/requests/{rid}/hold",
            json={"bed_unit_id": unit},
            headers=self.headers,
            name="POST /requests/{id}/hold",
            catch_response=True,
        ) as answer:
            if answer.status_code == 201:
                hold = answer.json()
                self.held.append(rid)
                self.mine.remove(rid)
                ack(
                    "hold",
                    request_id=rid,
                    hold_id=hold["id"],
                    bed_unit_id=unit,
                    expires_at=hold["expires_at"],
                )
            elif answer.status_code == 409:
                answer.success()  # another user took the bed, or the request moved on

    @task(5)
    def release(self) -> None:
        if self.person["role"] == "bed_manager" or not self.held:
            self.confirm() if self.person["role"] == "bed_manager" else self.submit()
            return
        rid = self.held.pop(0)
        with self.client.post(
            f"{API}/requests/{rid}/release",
            json={"reason": "other"},
            headers=self.headers,
            name="POST /requests/{id}/release",
            catch_response=True,
        ) as answer:
            if answer.status_code == 200:
                self.mine.append(rid)
                ack("release", request_id=rid)
            elif answer.status_code == 409:
                answer.success()  # the hold lapsed meanwhile: nothing to release
                self.mine.append(rid)

    @task(3)
    def confirm(self) -> None:
        if self.person["role"] != "bed_manager":
            self.availability()
            return
        location = random.choice(self.person["locations"])
        with self.client.post(
            f"{API}/locations/{location}/capacity/elv_high/confirm",
            headers=self.headers,
            name="POST /capacity/confirm",
            catch_response=True,
        ) as answer:
            if answer.status_code == 200:
                ack("confirm", location_id=location, confirmed_at=answer.json()["confirmed_at"])
            elif answer.status_code == 409:
                answer.success()
