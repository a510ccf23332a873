"""Regions read side by side: Lambda's quotas are per account *and region*, and each region's
session paces itself, so nothing is gained by reading them one after another.

`scan_regions` runs one whole-region scan per session at once (the headless audit);
`interleaved` merges the page streams of several regions as their pages arrive (the TUI's list).
Both run on daemon threads, so a stuck region never holds the process at exit.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any, TypeVar

from lambdatui.aws.session import AwsSession, SessionSpec
from lambdatui.inventory.account import AccountPicture, Inventory, Progress

T = TypeVar("T")


@dataclass(frozen=True)
class RegionScan:
    """One region's scan: its session (whose `calls` count what it sent) and the outcome;
    `picture.result()` gives the `AccountPicture` or raises what the scan raised."""

    spec: SessionSpec
    session: AwsSession
    picture: Future[AccountPicture]


def _run(future: Future[T], call: Callable[[], T]) -> None:
    try:
        future.set_result(call())
    except BaseException as exc:  # handed to whoever reads the result
        future.set_exception(exc)


def scan_regions(
    sessions: Sequence[AwsSession],
    *,
    scan_all_log_groups: bool = False,
    progress: Callable[[str], Progress | None] | None = None,
) -> list[RegionScan]:
    """Scan every region at once, one session (and pacer) each; the scans are returned in the
    order of `sessions` once all have finished."""
    scans: list[RegionScan] = []
    for session in sessions:
        spec = session.spec
        inventory = Inventory(session, scan_all_log_groups=scan_all_log_groups)
        future: Future[AccountPicture] = Future()
        shown = progress(spec.region or "") if progress else None

        def scan(inventory: Inventory = inventory, shown: Progress | None = shown) -> Any:
            return inventory.scan(shown)

        threading.Thread(
            target=_run, args=(future, scan), name=f"scan {spec.region}", daemon=True
        ).start()
        scans.append(RegionScan(spec, session, future))
    for scan_ in scans:
        scan_.picture.exception()  # wait for each (a failure stays in the future)
    return scans


_DONE = object()


def interleaved(streams: Iterable[Callable[[], Iterator[T]]]) -> Iterator[T]:
    """The items of several streams, each read on its own daemon thread, as they arrive.

    A stream that raises ends the merge with that error once the items before it are given.
    Leaving the loop early stops taking items; the readers stop at their next item.
    """
    answers: queue.SimpleQueue[Any] = queue.SimpleQueue()
    stop = threading.Event()
    makers = list(streams)

    def read(make: Callable[[], Iterator[T]]) -> None:
        try:
            for item in make():
                if stop.is_set():
                    return
                answers.put((item, None))
        except BaseException as exc:  # handed to the consumer
            answers.put((_DONE, exc))
            return
        answers.put((_DONE, None))

    for make in makers:
        threading.Thread(target=read, args=(make,), daemon=True, name="region pages").start()
    pending, failure = len(makers), None
    try:
        while pending:
            item, error = answers.get()
            if item is _DONE:
                pending -= 1
                failure = failure or error
                continue
            yield item
    finally:
        stop.set()
    if failure is not None:
        raise failure
