"""Is there a keyring we may keep secrets in? Said plainly when the answer is no.

Refused: keyring's `fail` and `null` backends (a headless server usually has only these), a chainer
with nothing to chain, and — unless the user picked it on purpose (`PYTHON_KEYRING_BACKEND` or
keyring's own `keyringrc.cfg`, or a backend handed to `CredentialStore` in code) — any backend that
keyring itself does not recommend (priority < 1), such as keyrings.alt's `PlaintextKeyring`, which
writes secrets to a plain file. lambdatui never writes a plaintext secret file silently.
"""

from __future__ import annotations

import configparser
import os

import keyring
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail, null


def backend_name(backend: KeyringBackend) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


def _priority(backend: KeyringBackend) -> float:
    try:
        return float(backend.priority)
    except Exception:  # a backend whose viability check fails is not viable
        return -1.0


def chosen_by_user() -> bool:
    """True when the user named a backend (environment variable or keyring's config file)."""
    if os.environ.get("PYTHON_KEYRING_BACKEND"):
        return True
    try:
        from keyring.util import platform_

        parser = configparser.RawConfigParser()
        parser.read(platform_.config_root() / "keyringrc.cfg", encoding="utf-8")
        return parser.has_option("backend", "default-keyring")
    except (OSError, configparser.Error):
        return False


def keyring_available(backend: KeyringBackend | None = None) -> tuple[bool, str]:
    """(usable, reason). `backend=None` checks the backend keyring would pick on its own."""
    explicit = backend is not None or chosen_by_user()
    if backend is None:
        try:
            backend = keyring.get_keyring()
        except Exception as exc:  # keyring's detection can fail on a broken desktop session
            return False, f"the keyring could not start ({type(exc).__name__})"
    name = backend_name(backend)
    if isinstance(backend, chainer.ChainerBackend):
        chained = list(backend.backends)
        if not chained:
            return False, "no keyring backend is installed or reachable (a headless server?)"
        # The chainer writes to its first backend; choosing the chainer is not choosing that one.
        return _judge(chained[0], explicit=False)
    return _judge(backend, explicit=explicit, name=name)


def _judge(backend: KeyringBackend, *, explicit: bool, name: str | None = None) -> tuple[bool, str]:
    name = name or backend_name(backend)
    if isinstance(backend, (fail.Keyring, null.Keyring)):
        return False, (
            f"no keyring backend is installed or reachable (keyring chose {name}; "
            "a headless server usually has none)"
        )
    if not explicit and _priority(backend) < 1:
        return False, (
            f"the only keyring backend found is {name}, which keyring does not recommend "
            "(it may keep secrets in a plain file); lambdatui will not use it unless you choose "
            f"it: PYTHON_KEYRING_BACKEND={name}"
        )
    return True, name
