"""Client-side rate limits per API family, so a scan stays inside Lambda's control-plane quotas.

Lambda allows GetFunction 100 req/s, GetPolicy 15 req/s and all its other control-plane calls
together 15 req/s, per account and region. A token bucket per family, shared by every worker of
the session, makes a thread wait for its turn instead of collecting 429s.
"""

from __future__ import annotations

import threading
import time
from typing import Any


class TokenBucket:
    def __init__(self, rate: float, burst: float | None = None) -> None:
        self.rate = rate
        self.capacity = burst if burst is not None else rate
        self._tokens = self.capacity
        self._stamp = time.monotonic()
        self._lock = threading.Lock()

    def take(self) -> float:
        """Take one token, sleeping until one is free; returns the seconds waited."""
        with self._lock:
            now = time.monotonic()
            self._tokens = min(self.capacity, self._tokens + (now - self._stamp) * self.rate)
            self._stamp = now
            self._tokens -= 1
            wait = -self._tokens / self.rate if self._tokens < 0 else 0.0
        if wait:
            time.sleep(wait)
        return wait


LAMBDA_LIMITS = {"GetFunction": 100.0, "GetPolicy": 15.0}
LAMBDA_OTHER = 15.0


class Pacer:
    def __init__(self) -> None:
        self.buckets = {op: TokenBucket(rate) for op, rate in LAMBDA_LIMITS.items()}
        self.other = TokenBucket(LAMBDA_OTHER)

    def before_call(self, model: Any, **_: Any) -> None:
        if model.service_model.service_name != "lambda":
            return
        self.buckets.get(model.name, self.other).take()


def install(events: Any) -> Pacer:
    pacer = Pacer()
    events.register("before-call", pacer.before_call, unique_id="lambdatui-pacing")
    return pacer
