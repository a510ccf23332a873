"""A throw-away keyring and home directory for the credential tests.

Never the developer's real keyring or files: every test that touches credentials points HOME and
the XDG dirs at tmp_path and installs an in-memory backend (or a file backend it names itself).
"""

from __future__ import annotations

from pathlib import Path

import keyring.core
import keyring.errors
import pytest
from keyring.backend import KeyringBackend

SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzSECRETTEST"
KEY_ID = "AKIAIOSFODNN7EXAMPLE"


class MemoryKeyring(KeyringBackend):
    """A keyring kept in a dict (priority 1: as trusted as a real OS keyring)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.entries.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError(username)


def isolate_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """HOME, the XDG dirs and the AWS files all inside tmp_path/home; returns that home."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    for var, sub in (
        ("XDG_CONFIG_HOME", ".config"),
        ("XDG_STATE_HOME", ".local/state"),
        ("XDG_CACHE_HOME", ".cache"),
        ("XDG_DATA_HOME", ".local/share"),
    ):
        monkeypatch.setenv(var, str(home / sub))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(home / ".aws" / "config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(home / ".aws" / "credentials"))
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    return home


def use_keyring(monkeypatch: pytest.MonkeyPatch, backend: KeyringBackend) -> KeyringBackend:
    """Make `backend` keyring's current one for this test only."""
    monkeypatch.setattr(keyring.core, "_keyring_backend", backend)
    return backend


def files_containing(root: Path, needle: str) -> list[Path]:
    """Every file under `root` whose bytes contain `needle`."""
    data = needle.encode()
    return [p for p in root.rglob("*") if p.is_file() and data in p.read_bytes()]
