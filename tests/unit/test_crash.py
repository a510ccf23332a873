"""An unexpected exception: no local variables anywhere on the terminal, one line pointing at the
log, a non-zero exit, the traceback in the log file only (issue 12 §2)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App

from lambdatui.access.logs import setup_logging
from lambdatui.commands import main as main_module
from lambdatui.commands.crash import crash_line, without_locals

SECRET = "s3cr3t-value-in-a-local"


class Exploding(App[None]):
    """Fails on mount with a secret in a local variable, as a markup crash on reveal did."""

    def on_mount(self) -> None:
        value = SECRET  # noqa: F841 - Textual's traceback would print this local
        raise ValueError("boom")


def test_a_crashing_app_prints_nothing_and_hands_the_error_back(
    private_home: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    log = setup_logging()
    app = Exploding()
    crashed = without_locals(app)
    app.run(headless=True)
    out, err = capfd.readouterr()
    assert SECRET not in out + err and "Traceback" not in out + err
    assert len(crashed) == 1 and isinstance(crashed[0], ValueError)
    assert app.return_code == 1
    line = crash_line(crashed[0])
    assert line == f"lambdatui: unexpected error (ValueError); the traceback is in {log}"
    assert log is not None
    logged = log.read_text()
    assert "Traceback (most recent call last)" in logged and "on_mount" in logged
    assert SECRET not in logged  # a plain traceback: source lines, no local variables


def test_textual_alone_would_have_printed_the_local(capfd: pytest.CaptureFixture[str]) -> None:
    """The probe: without `without_locals`, Textual's traceback shows the secret local."""
    Exploding().run(headless=True)
    _, err = capfd.readouterr()
    assert SECRET in err


def test_main_turns_any_unexpected_exception_into_one_line(
    private_home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken_audit(args: object) -> int:
        value = SECRET  # noqa: F841
        raise KeyError("nothing")

    import lambdatui.commands.audit as audit_module

    monkeypatch.setattr(audit_module, "run_audit", broken_audit)
    code = main_module.main(["audit", "--region", "us-east-1"])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.count("\n") == 1
    assert err.startswith("lambdatui: unexpected error (KeyError); the traceback is in ")
    log = Path(err.rsplit(" ", 1)[1].strip())
    assert log.is_relative_to(private_home)
    assert "broken_audit" in log.read_text() and SECRET not in log.read_text()


CRASHING_ENTRY = f"""
import sys
from lambdatui.ui.app import LambdaTuiApp

def on_mount(self):
    value = {SECRET!r}
    raise ValueError("boom")

LambdaTuiApp.on_mount = on_mount
from lambdatui.commands.main import main
sys.exit(main(["--region", "us-east-1", "--endpoint-url", "http://127.0.0.1:9"]))
"""


def test_the_real_entry_point_restores_the_terminal_and_says_one_line(private_home: Path) -> None:
    """The TUI crashes in a real terminal (a pty): the alternate screen is left, the crash is one
    line after it, no local variable is shown, and the exit code is 2."""
    import fcntl
    import os
    import pty
    import select
    import struct
    import subprocess
    import sys
    import termios
    import time

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = {
        **os.environ,
        "AWS_ACCESS_KEY_ID": "AKIAEXAMPLEEXAMPLE00",
        "AWS_SECRET_ACCESS_KEY": "x",
        "TERM": "xterm-256color",
    }
    process = subprocess.Popen(
        [sys.executable, "-c", CRASHING_ENTRY],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        start_new_session=True,
    )
    os.close(slave)
    output = b""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            output += chunk
        elif process.poll() is not None:
            break
    os.close(master)
    code = process.wait(timeout=10)
    assert code == 2
    entered, left = output.find(b"\x1b[?1049h"), output.rfind(b"\x1b[?1049l")
    assert 0 <= entered < left, "the app drew on the alternate screen and left it"
    after = output[left:].decode("utf-8", "replace")
    assert "lambdatui: unexpected error (ValueError); the traceback is in " in after
    assert SECRET.encode() not in output and b"Traceback" not in output
