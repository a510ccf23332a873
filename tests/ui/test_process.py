"""The real program in a real terminal (a pty): it opens the list wherever the region comes
from, and `q` ends the process within seconds even while every AWS read is stuck."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import socket
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from lambdatui.demo.server import DEMO_CREDENTIALS

ROOT = Path(__file__).resolve().parents[2]
ANSI = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\x1b[=>]")


class Terminal:
    """`python -m lambdatui ARGS` on an 80x24 pseudo-terminal; reads what it draws."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        self.process = subprocess.Popen(
            [sys.executable, "-m", "lambdatui", *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            cwd=ROOT,
            start_new_session=True,
        )
        os.close(slave)
        self.master = master
        self.output = b""

    def text(self) -> str:
        """Everything drawn so far, escape sequences removed."""
        return ANSI.sub(b"", self.output).decode("utf-8", "replace")

    def read(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if ready:
                try:
                    self.output += os.read(self.master, 65536)
                except OSError:  # the program ended and closed the terminal
                    return

    def wait_for(self, pattern: str, timeout: float = 30.0) -> None:
        self.read_until(lambda: bool(re.search(pattern, self.text())), f"{pattern!r}", timeout)

    def read_until(self, predicate: Callable[[], bool], what: str, timeout: float = 30.0) -> None:
        """Keep reading what the program draws until `predicate()` holds; fail if it does not
        in time or the program ends first."""
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise AssertionError(
                    f"{what} never happened; the screen said:\n{self.text()[-2000:]}"
                )
            self.read(0.1)

    def press(self, key: bytes) -> None:
        os.write(self.master, key)

    def exit_time(self, limit: float) -> float | None:
        """Seconds until the process ended, or None when it still runs after `limit`."""
        start = time.monotonic()
        while self.process.poll() is None:
            if time.monotonic() - start > limit:
                return None
            self.read(0.05)
        return time.monotonic() - start

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=5)
        os.close(self.master)


def clean_env(home: Path, **extra: str) -> dict[str, str]:
    """No region, profile or real configuration from the developer's machine."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("AWS_", "XDG_", "LAMBDATUI_")) and k != "HOME"
    }
    env.update(
        HOME=str(home),
        XDG_STATE_HOME=str(home / "state"),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_CACHE_HOME=str(home / "cache"),
        TERM="xterm-256color",
        AWS_ACCESS_KEY_ID=DEMO_CREDENTIALS["access_key_id"],
        AWS_SECRET_ACCESS_KEY=DEMO_CREDENTIALS["secret_access_key"],
        AWS_EC2_METADATA_DISABLED="true",
        PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring",
    )
    env.update(extra)
    return env


@pytest.fixture
def terminals() -> Iterator[list[Terminal]]:
    opened: list[Terminal] = []
    yield opened
    for terminal in opened:
        terminal.close()


class StuckEndpoint:
    """An HTTP endpoint that accepts connections and never answers."""

    def __init__(self) -> None:
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(64)
        self.url = f"http://127.0.0.1:{self.server.getsockname()[1]}"
        self.held: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                self.held.append(self.server.accept()[0])
            except OSError:
                return

    def close(self) -> None:
        self.server.close()
        for conn in self.held:
            conn.close()


@pytest.fixture
def stuck_endpoint() -> Iterator[StuckEndpoint]:
    stuck = StuckEndpoint()
    yield stuck
    stuck.close()


def test_q_ends_the_process_while_every_read_is_stuck(stuck_endpoint, tmp_path, terminals) -> None:  # type: ignore[no-untyped-def]
    env = clean_env(tmp_path, AWS_DEFAULT_REGION="us-east-1")
    terminal = Terminal(["--endpoint-url", stuck_endpoint.url], env)
    terminals.append(terminal)
    terminal.wait_for("Loading functions")
    # the reads are now waiting on the silent endpoint
    terminal.read_until(lambda: bool(stuck_endpoint.held), "a read reached the endpoint")
    terminal.press(b"q")
    took = terminal.exit_time(limit=3.0)
    assert took is not None, "q did not end the process within 3 s while reads were stuck"
    assert terminal.process.returncode == 0


@pytest.mark.parametrize("source", ["config-file", "AWS_DEFAULT_REGION", "AWS_REGION"])
def test_the_list_opens_with_the_region_from_config_or_environment(  # type: ignore[no-untyped-def]
    source, demo_endpoint, tmp_path, terminals
) -> None:
    extra: dict[str, str] = {}
    if source == "config-file":
        (tmp_path / ".aws").mkdir()
        (tmp_path / ".aws" / "config").write_text("[default]\nregion = us-east-1\n")
    else:
        extra[source] = "us-east-1"
    terminal = Terminal(["--endpoint-url", demo_endpoint], clean_env(tmp_path, **extra))
    terminals.append(terminal)
    terminal.wait_for(r"[1-9]\d* functions in us-east-1")
    terminal.press(b"q")
    assert terminal.exit_time(limit=3.0) is not None
    assert terminal.process.returncode == 0


def test_the_demo_opens_the_list_and_q_quits(tmp_path, terminals) -> None:  # type: ignore[no-untyped-def]
    terminal = Terminal(["--demo"], clean_env(tmp_path))
    terminals.append(terminal)
    terminal.wait_for(r"[1-9]\d* functions in us-east-1", timeout=60)
    terminal.press(b"q")
    assert terminal.exit_time(limit=3.0) is not None
    assert terminal.process.returncode == 0
