"""Client-side rate limits per API family, so a scan stays inside Lambda's control-plane quotas.

Lambda allows GetFunction 100 req/s, GetPolicy 15 req/s and all its other control-plane calls
together 15 req/s, per account and region. A token bucket per family, shared by every worker of
the session, makes a thread wait for its turn instead of collecting 429s. The quotas are per
account and region, and so is a session: every region is paced on its own.

`LAMBDATUI_PACING_SCALE` scales the rates (1, the default, is AWS's quotas; 5 is five times them;
0 turns pacing off), so a bench can run a scaled-down copy of AWS and an emulator is not paced as
production.
"""

from __future__ import annotations

import heapq
import itertools
import math
import os
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any

from lambdatui.core import urgency
from lambdatui.core.errors import UsageError

SCALE_VARIABLE = "LAMBDATUI_PACING_SCALE"


class TokenBucket:
    """Tokens at `rate` a second, at most `capacity` saved up; callers wait for theirs in turn.

    A token is granted when it is due, not reserved when a caller arrives: whoever is first in
    line at that moment gets it, and an urgent caller (`lambdatui.core.urgency`: a read for what
    the user is looking at) stands before every caller that is not, however long they have
    waited. Among equals, first come, first served.
    """

    def __init__(
        self,
        rate: float,
        burst: float | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.rate = rate
        self.capacity = burst if burst is not None else rate
        self._clock = clock
        self._tokens = self.capacity
        self._stamp = clock()
        self._changed = threading.Condition(threading.Lock())
        self._line: list[tuple[int, int]] = []
        """Waiting callers as (0 urgent / 1 not, arrival number), a heap: its head goes next."""
        self._arrivals = itertools.count()

    def take(self, urgent: bool | None = None) -> float:
        """Take one token, waiting until it is this caller's; returns the seconds from arrival
        until its token was due (a late wake-up not counted). `urgent` defaults to the calling
        context's (`urgency.is_urgent()`)."""
        rank = 0 if (urgency.is_urgent() if urgent is None else urgent) else 1
        ticket = (rank, next(self._arrivals))
        arrived = due_at = self._clock()
        with self._changed:
            heapq.heappush(self._line, ticket)
            try:
                while True:
                    now = self._clock()
                    self._tokens = min(
                        self.capacity, self._tokens + (now - self._stamp) * self.rate
                    )
                    self._stamp = now
                    if self._line[0] == ticket and self._tokens >= 1:
                        self._tokens -= 1
                        break
                    # The head sleeps until its token is due; the others until the head moves.
                    due = (1 - self._tokens) / self.rate if self._line[0] == ticket else None
                    if due is not None:
                        due_at = now + due
                    self._changed.wait(due)
            finally:  # served, or gone (interrupted): out of the line either way
                self._line.remove(ticket)
                heapq.heapify(self._line)
                self._changed.notify_all()  # the next in line looks at the clock
        return max(0.0, due_at - arrived)

    @property
    def waiting(self) -> int:
        """Callers waiting for a token now."""
        with self._changed:
            return len(self._line)

    def recheck(self) -> None:
        """Make the waiting callers look at the clock again (a test that moves its own clock)."""
        with self._changed:
            self._changed.notify_all()


LAMBDA_LIMITS = {"GetFunction": 100.0, "GetPolicy": 15.0}
LAMBDA_OTHER = 15.0
HEADROOM = 0.9
"""The share of each quota a pacer uses: requests leave the client evenly spaced but reach AWS
bunched by the network, and AWS counts them on arrival; a tenth kept spare absorbs that jitter
(a bench behind a quota-enforcing proxy saw 429s at the full rate, none at 0.9)."""
BURST_SECONDS = 0.5
"""A bucket starts full with half a second of calls, not a whole second, for the same reason."""


def pacing_scale(
    environ: Mapping[str, str] | None = None, configured: float | None = None
) -> float:
    """The factor on AWS's quotas: `LAMBDATUI_PACING_SCALE`, else `configured`, else 1."""
    raw = (os.environ if environ is None else environ).get(SCALE_VARIABLE, "").strip()
    if not raw:
        return 1.0 if configured is None else configured
    try:
        scale = float(raw)
    except ValueError:
        scale = -1.0
    if not math.isfinite(scale) or scale < 0:
        raise UsageError(
            f"{SCALE_VARIABLE}={raw!r} is not a number >= 0 "
            "(1 = AWS's quotas, 5 = five times them, 0 = no pacing)"
        )
    return scale


class Pacer:
    def __init__(self, scale: float = 1.0) -> None:
        if scale <= 0:
            raise ValueError("a pacer needs a positive scale; scale 0 means no pacer")
        self.scale = scale
        self.buckets = {op: _bucket(rate * scale) for op, rate in LAMBDA_LIMITS.items()}
        self.other = _bucket(LAMBDA_OTHER * scale)

    def before_call(self, model: Any, **_: Any) -> None:
        if model.service_model.service_name != "lambda":
            return
        self.buckets.get(model.name, self.other).take()


def _bucket(quota: float) -> TokenBucket:
    rate = quota * HEADROOM
    return TokenBucket(rate, burst=max(1.0, rate * BURST_SECONDS))


def configured_scale() -> float:
    """The scale in force: `LAMBDATUI_PACING_SCALE`, else `[pacing] scale` in lambdatui's
    config file, else 1. Raises `UsageError` (a sentence) for a value that is not a number >= 0."""
    from lambdatui.access.config import load_config

    return pacing_scale(configured=load_config().pacing_scale)


def install(events: Any, scale: float | None = None) -> Pacer | None:
    """Pace Lambda's calls on `events` at `scale` times AWS's quotas (default:
    `configured_scale()`); nothing is installed at scale 0."""
    scale = configured_scale() if scale is None else scale
    if scale == 0:
        return None
    pacer = Pacer(scale)
    events.register("before-call", pacer.before_call, unique_id="lambdatui-pacing")
    return pacer
