"""Snapshot and restore of the whole emulated account: `POST /lambdatui/snapshot`, `/restore`.

Not a correction of moto: a speed-up for the test suite. Seeding the demo account costs about a
second of two processes' time; a test that needs it seeded can instead ask the emulator to put back
the state it snapshotted right after one seed, in a few milliseconds.

What moto keeps, and so what a snapshot holds:
- every service's data: the `BackendDict`s in `BackendDict._instances` (the list `POST
  /moto-api/reset` walks), each `{account: {region: backend}}`. The backends are deep-copied, in
  one copy with one memo, so references between them (an IAM role a function names, a topic a
  subscription points at) stay references between the copies. The `BackendDict`s themselves are
  module globals and are kept, not copied. Locks have no state worth copying and cannot be
  deep-copied, so a copied lock is a new one (copyreg, in this process only); S3 keys and Lambda
  functions bring their own pickling rules (`__getstate__`), which a deep copy follows.
  The standard deep copy of a `WeakValueDictionary` keeps its values, the originals: moto's Lambda
  keeps its functions by ARN in one (`_arns`), which after a restore pointed at functions no
  longer in the account (a read by ARN saw the old function; once those were collected, delete
  failed with a KeyError). Within a snapshot or restore its values are copied through the same
  memo, so the index points at the copied functions, which the copy also holds strongly.
- moto's random generator (`mock_random`, seeded by the demo's `POST /moto-api/seed`): ids made
  after a restore (revision ids, URL hosts, mapping UUIDs) are those made after a fresh seed.

A restore copies the snapshot again, so it can be restored any number of times. It is a plain
state swap, as `POST /moto-api/reset` is: a request still in flight from an earlier test may land
on either side of it.
"""

from __future__ import annotations

import _thread
import contextlib
import copy
import copyreg
import json
import threading
import weakref
from collections.abc import Callable, Iterable, Iterator
from typing import Any

SNAPSHOT_PATH = "/lambdatui/snapshot"
RESTORE_PATH = "/lambdatui/restore"

_State = tuple[list[tuple[Any, dict[str, dict[str, Any]]]], Any]
_snapshot: _State | None = None
_snapshot_lock = threading.Lock()


@contextlib.contextmanager
def _copying_weak_values() -> Iterator[None]:
    """Deep copies of a `WeakValueDictionary` copy its values too (see the module's docstring)."""
    dispatch = copy._deepcopy_dispatch  # type: ignore[attr-defined]

    def deepcopy_weak_values(original: Any, memo: dict[int, Any]) -> Any:
        new = type(original)()
        for key, value in list(original.items()):
            new[copy.deepcopy(key, memo)] = copy.deepcopy(value, memo)
        return new

    dispatch[weakref.WeakValueDictionary] = deepcopy_weak_values
    try:
        yield
    finally:
        del dispatch[weakref.WeakValueDictionary]


def _allow_copying_locks() -> None:
    """A deep copy of a lock is a new, unlocked lock (nothing else can be meant by copying one)."""
    copyreg.pickle(_thread.LockType, lambda _lock: (threading.Lock, ()))
    copyreg.pickle(_thread.RLock, lambda _lock: (threading.RLock, ()))


def _backend_dicts() -> list[Any]:
    from moto.core.base_backend import BackendDict

    return list(BackendDict._instances)


def _memo(backend_dicts: Iterable[Any]) -> dict[int, Any]:
    """A deep-copy memo that keeps moto's `BackendDict` globals as they are."""
    return {id(backend_dict): backend_dict for backend_dict in backend_dicts}


def take() -> None:
    """Keep a copy of every backend and of moto's random state; replaces an earlier snapshot."""
    global _snapshot
    from moto.core.base_backend import backend_lock
    from moto.moto_api._internal import mock_random

    _allow_copying_locks()
    with backend_lock, _snapshot_lock:
        backend_dicts = _backend_dicts()
        live = [
            (backend_dict, {account: dict(regions) for account, regions in backend_dict.items()})
            for backend_dict in backend_dicts
        ]
        with _copying_weak_values():
            _snapshot = (copy.deepcopy(live, _memo(backend_dicts)), mock_random.getstate())


def restore() -> bool:
    """Put back the state of the last snapshot; False (and nothing changed) when there is none."""
    from moto.core.base_backend import BackendDict, BaseBackend, backend_lock
    from moto.core.model_instances import reset_model_data
    from moto.moto_api._internal import mock_random

    with backend_lock, _snapshot_lock:
        if _snapshot is None:
            return False
        kept, random_state = _snapshot
        current = _backend_dicts()
        # As moto's reset: backends that own resources (S3's key buffers) release them.
        for backend_dict in current:
            for _account, _region, backend in backend_dict.iter_backends():
                if type(backend).reset is not BaseBackend.reset:
                    backend.reset()
            backend_dict.clear()
        BackendDict._instances.clear()
        reset_model_data()
        with _copying_weak_values():
            state = copy.deepcopy(kept, _memo([*current, *(bd for bd, _ in kept)]))
        for backend_dict, accounts in state:
            for account, regions in accounts.items():
                backend_dict[account].update(regions)
            if backend_dict not in BackendDict._instances:
                BackendDict._instances.append(backend_dict)
        mock_random.setstate(random_state)
    return True


WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def with_snapshot_endpoints(app: WsgiApp) -> WsgiApp:
    """`app` (moto's server) answering `POST /lambdatui/snapshot` and `POST /lambdatui/restore`.

    Both answer 200 with `{"ok": true}`; a restore with no snapshot taken answers 409.
    """

    def wrapped(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path not in (SNAPSHOT_PATH, RESTORE_PATH):
            return app(environ, start_response)
        if environ.get("REQUEST_METHOD") != "POST":
            return _answer(start_response, "405 Method Not Allowed", {"error": "POST only"})
        if path == SNAPSHOT_PATH:
            take()
            return _answer(start_response, "200 OK", {"ok": True})
        if not restore():
            return _answer(start_response, "409 Conflict", {"error": "no snapshot taken"})
        return _answer(start_response, "200 OK", {"ok": True})

    return wrapped


def _answer(start_response: Callable[..., Any], status: str, body: dict[str, Any]) -> list[bytes]:
    data = json.dumps(body).encode()
    headers = [("Content-Type", "application/json"), ("Content-Length", str(len(data)))]
    start_response(status, headers)
    return [data]
