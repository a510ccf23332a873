"""The pacer serves what the user is looking at first: tokens go to waiting callers in priority
order when they are granted, not in the order the callers arrived.

The bucket runs on a clock the test moves, so which caller gets each token is decided by the
order in the line alone, never by timing.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable

import pytest

from lambdatui.aws import pacing
from lambdatui.core import urgency


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def wait_until(condition: Callable[[], bool], what: str) -> None:
    done = threading.Event()
    for _ in range(2000):
        if condition():
            return
        done.wait(0.005)
    pytest.fail(f"timed out waiting until {what}")


def queue_callers(bucket: pacing.TokenBucket, callers: list[tuple[str, bool]]) -> list[str]:
    """Start each caller (name, urgent) once the one before it is waiting in the bucket's line;
    returns the list their names are appended to as each gets its token."""
    served: list[str] = []
    lock = threading.Lock()

    def call(name: str, is_urgent: bool) -> None:
        if is_urgent:
            with urgency.urgent():
                bucket.take()
        else:
            bucket.take()
        with lock:
            served.append(name)

    for number, (name, is_urgent) in enumerate(callers, start=1):
        threading.Thread(target=call, args=(name, is_urgent), daemon=True).start()
        wait_until(lambda n=number: bucket.waiting == n, f"{name} waits in line")
    return served


def grant_one(bucket: pacing.TokenBucket, clock: Clock, served: list[str]) -> None:
    """Move the clock by exactly one token's time and wait until one more caller is served."""
    before = len(served)
    clock.now += 1 / bucket.rate
    bucket.recheck()
    wait_until(lambda: len(served) == before + 1, "the next caller is served")


def test_an_urgent_caller_is_granted_the_next_token_before_earlier_callers():
    clock = Clock()
    bucket = pacing.TokenBucket(rate=1.0, burst=1.0, clock=clock)
    assert bucket.take() == 0.0  # the burst is spent: every caller after this one waits
    served = queue_callers(
        bucket, [("scan-1", False), ("scan-2", False), ("opened", True), ("scan-3", False)]
    )
    assert served == []  # no token is due yet: nobody went ahead of the clock
    for _ in range(4):
        grant_one(bucket, clock, served)
    assert served == ["opened", "scan-1", "scan-2", "scan-3"]
    assert bucket.waiting == 0


def test_urgent_callers_are_served_among_themselves_in_arrival_order():
    clock = Clock()
    bucket = pacing.TokenBucket(rate=2.0, burst=1.0, clock=clock)
    bucket.take()
    served = queue_callers(bucket, [("scan", False), ("first", True), ("second", True)])
    for _ in range(3):
        grant_one(bucket, clock, served)
    assert served == ["first", "second", "scan"]


def test_one_token_due_serves_exactly_one_caller():
    clock = Clock()
    bucket = pacing.TokenBucket(rate=1.0, burst=1.0, clock=clock)
    bucket.take()
    served = queue_callers(bucket, [("a", False), ("b", False)])
    grant_one(bucket, clock, served)
    bucket.recheck()  # looking again without time passing grants nothing
    wait_until(lambda: bucket.waiting == 1, "b still waits")
    assert served == ["a"]
    grant_one(bucket, clock, served)
    assert served == ["a", "b"]


def test_the_pacer_reads_urgency_from_the_calling_context():
    class Model:
        name = "ListAliases"

        class service_model:  # botocore's attribute name
            service_name = "lambda"

    clock = Clock()
    pacer = pacing.Pacer(scale=1)
    pacer.other = pacing.TokenBucket(rate=1.0, burst=1.0, clock=clock)
    pacer.before_call(Model())
    served: list[str] = []

    def call(name: str, is_urgent: bool) -> None:
        with urgency.urgent() if is_urgent else contextlib.nullcontext():
            pacer.before_call(Model())
        served.append(name)

    threading.Thread(target=call, args=("scan", False), daemon=True).start()
    wait_until(lambda: pacer.other.waiting == 1, "the scan's call waits")
    threading.Thread(target=call, args=("opened", True), daemon=True).start()
    wait_until(lambda: pacer.other.waiting == 2, "the opened function's call waits")
    grant_one(pacer.other, clock, served)
    assert served == ["opened"]
    grant_one(pacer.other, clock, served)


def test_carried_work_keeps_the_callers_urgency_on_another_thread():
    seen: list[bool] = []

    def look() -> None:
        seen.append(urgency.is_urgent())

    with urgency.urgent():
        work = urgency.carried(look)
    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    plain = threading.Thread(target=urgency.carried(look))
    plain.start()
    plain.join()
    assert seen == [True, False]
    assert not urgency.is_urgent()
