"""Many blocking reads at once, their answers streamed back as they finish.

Filling the list's Triggers and Findings columns reads every function's detail; one after the
other, each function costs about five round trips of latency (5 x 30 ms), so 1,000 functions
took minutes while the quotas allow seconds. `stream` keeps a few reads in flight (the session's
pacing still keeps them within Lambda's quotas) and gives each answer as soon as it arrives.

The readers are daemon threads: quitting never waits for a read stuck on the network.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

_END = object()


def stream(
    read: Callable[[T], R],
    items: Iterable[T],
    *,
    workers: int = 16,
    skip: tuple[type[BaseException], ...] = (),
) -> Iterator[R]:
    """`read(item)` for every item, `workers` at a time, yielded in the order they finish.

    An item whose read raises one of `skip` is left out; any other exception ends the stream
    (raised here) once the reads in flight are done. Leaving the loop early stops the readers
    before their next item.
    """
    todo: queue.SimpleQueue[object] = queue.SimpleQueue()
    done: queue.SimpleQueue[tuple[object, BaseException | None]] = queue.SimpleQueue()
    stop = threading.Event()
    count = 0
    for item in items:
        todo.put(item)
        count += 1
    workers = max(1, min(workers, count))
    for _ in range(workers):
        todo.put(_END)

    def work() -> None:
        while not stop.is_set():
            item = todo.get()
            if item is _END:
                break
            try:
                done.put((read(item), None))  # type: ignore[arg-type]
            except skip:
                done.put((_END, None))
            except BaseException as exc:  # handed to the consumer
                done.put((_END, exc))
        done.put((_END, StopIteration()))

    for _ in range(workers):
        threading.Thread(target=work, daemon=True, name="stream reader").start()
    running, failure = workers, None
    try:
        while running:
            answer, error = done.get()
            if isinstance(error, StopIteration):
                running -= 1
            elif error is not None:
                failure = failure or error
                stop.set()
            elif answer is not _END:
                yield answer  # type: ignore[misc]
    finally:
        stop.set()
    if failure is not None:
        raise failure
