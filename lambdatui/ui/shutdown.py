"""`q` ends the process at once, even while AWS reads are stuck.

Textual runs thread workers on the event loop's default executor, and `asyncio.run` joins that
executor's threads before `App.run()` returns; Python joins every non-daemon thread again at
exit. A worker blocked in a boto3 call (an endpoint that accepts and never answers) therefore
kept the process alive after `q` — for as long as the read timeout, times the retries.

Two measures, both needed:

- `DaemonThreadExecutor`, installed as the loop's default executor when the app loads, runs each
  worker in a daemon thread that nobody joins, so `App.run()` returns as soon as the screen is
  restored;
- `exit_without_waiting(code)`, called by the entry point after the app returned, ends the
  process with `os._exit` when other threads still run (the inventory's scan pools are
  `ThreadPoolExecutor`s, which Python joins at exit even when their threads are daemons).
  Logs and standard streams are flushed first; nothing else would run at exit that matters to
  a read. Changes are safe: the app does not quit while a change is being applied unless `q`
  is pressed a second time.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any


class DaemonThreadExecutor(ThreadPoolExecutor):
    """Each job in its own daemon thread; `shutdown` never waits for them.

    A subclass only because `loop.set_default_executor` accepts nothing else; the pool of the
    base class is never used.
    """

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()

        def run() -> None:
            if not future.set_running_or_notify_cancel():
                return
            try:
                result = fn(*args, **kwargs)
            except BaseException as exc:
                future.set_exception(exc)
            else:
                future.set_result(result)

        threading.Thread(target=run, name="lambdatui-worker", daemon=True).start()
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Nothing to join: the threads are daemons and may be stuck in a network read."""


def lingering_threads() -> list[threading.Thread]:
    """Threads other than this one that are still running.

    Daemon threads count too: Python joins every `ThreadPoolExecutor` thread at exit, daemon or
    not (`concurrent.futures.thread._python_exit`), and a pool made from a daemon worker makes
    daemon threads.
    """
    me = threading.current_thread()
    return [t for t in threading.enumerate() if t is not me and t.is_alive()]


def exit_without_waiting(code: int) -> None:
    """Return normally when nothing lingers; otherwise flush and end the process now."""
    if not lingering_threads():
        return
    logging.getLogger(__name__).info(
        "quitting without waiting for %d stuck reads", len(lingering_threads())
    )
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(code)
