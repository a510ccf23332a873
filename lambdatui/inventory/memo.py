"""Once per key, per scan: a read that many functions need is made once, even when they ask at once.

A topic named by 150 functions' policies is read with one GetTopicAttributes: the first thread
to ask makes the read, every other thread asking for the same key meanwhile waits for that
answer instead of sending its own. `forget()` starts the next scan afresh.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Generic, TypeVar

from lambdatui.core import urgency

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class OncePerKey(Generic[K, V]):
    """A thread-safe memo whose concurrent askers of one key share a single computation."""

    def __init__(self, compute: Callable[[K], V]) -> None:
        self._compute = compute
        self._lock = threading.Lock()
        self._answers: dict[K, Future[V]] = {}

    def get(self, key: K) -> V:
        with self._lock:
            future = self._answers.get(key)
            mine = future is None
            if future is None:
                future = self._answers[key] = Future()
        if mine:
            try:
                future.set_result(self._compute(key))
            except BaseException as exc:  # the askers waiting on this key see it too
                future.set_exception(exc)
        return future.result()

    def known(self, key: K) -> bool:
        """Whether `key` was asked already (answered or being answered)."""
        with self._lock:
            return key in self._answers

    def get_many(self, keys: Iterable[K], workers: int) -> dict[K, V]:
        """Answers for every key, the ones not yet asked read concurrently on `workers` threads
        (a failing read raises here, as `get` would)."""
        keys = list(dict.fromkeys(keys))
        self.prefetch(keys, workers)
        return {k: self.get(k) for k in keys}

    def prefetch(self, keys: Iterable[K], workers: int) -> None:
        """Start and wait for the reads of the keys not yet asked, `workers` at a time; their
        failures are kept for whoever `get`s the key."""
        todo = [k for k in dict.fromkeys(keys) if not self.known(k)]
        if len(todo) < 2 or workers < 2:
            return
        with ThreadPoolExecutor(max_workers=min(workers, len(todo))) as pool:
            # The pool's reads are as urgent as the caller's (the function the user opened).
            for future in [pool.submit(urgency.carried(self.get), k) for k in todo]:
                future.exception()  # wait; the failure stays with the key

    def clear(self) -> None:
        with self._lock:
            self._answers.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._answers)
