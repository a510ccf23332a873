"""`stream`: several blocking reads in flight at once, answers given as they finish."""

from __future__ import annotations

import threading

import pytest

from lambdatui.ui.streaming import stream


class Skipped(Exception):
    pass


def test_every_answer_comes_back_and_skipped_failures_are_left_out() -> None:
    def read(n: int) -> int:
        if n % 5 == 0:
            raise Skipped
        return n * 10

    got = sorted(stream(read, range(1, 21), workers=4, skip=(Skipped,)))
    assert got == [n * 10 for n in range(1, 21) if n % 5]


def test_reads_are_in_flight_together() -> None:
    """Each read waits at a barrier for three others: one at a time, the barrier would break."""
    barrier = threading.Barrier(4, timeout=10)

    def read(n: int) -> int:
        barrier.wait()
        return n

    assert sorted(stream(read, range(8), workers=4)) == list(range(8))


def test_another_failure_ends_the_stream_with_it() -> None:
    def read(n: int) -> int:
        if n == 3:
            raise RuntimeError("boom")
        return n

    with pytest.raises(RuntimeError, match="boom"):
        list(stream(read, range(6), workers=2))


def test_leaving_early_stops_taking_items() -> None:
    seen: list[int] = []
    release = threading.Event()

    def read(n: int) -> int:
        seen.append(n)
        if n:
            release.wait(timeout=10)  # every read but the first waits until the loop is left
        return n

    for _ in stream(read, range(10_000), workers=2):
        break
    release.set()
    for thread in threading.enumerate():
        if thread.name == "stream reader":
            thread.join(timeout=10)
    assert len(seen) <= 3  # the first, and one more per reader at most


def test_no_items_give_no_answers() -> None:
    assert list(stream(lambda n: n, [])) == []
