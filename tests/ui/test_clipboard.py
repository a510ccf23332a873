"""Copying says only what is true: "copied" once a clipboard tool confirmed, otherwise OSC 52
and the text in a window to select by hand."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from lambdatui.ui.clipboard import clipboard_commands, copy_with_tool
from lambdatui.ui.screens.copied_text import OSC52_SENTENCE, CopiedTextScreen
from tests.ui.conftest import SMALL, wait_for
from tests.ui.conftest import list_loaded as loaded
from tests.ui.fixed_app import fixed_app
from tests.ui.fixed_backend import ARN


def fake_tool(bin_dir: Path, name: str, exit_code: int) -> Path:
    """A stand-in clipboard tool that keeps what it was given in `<name>.got`."""
    bin_dir.mkdir(exist_ok=True)
    tool = bin_dir / name
    tool.write_text(f"#!/bin/sh\n/bin/cat > '{bin_dir / (name + '.got')}'\nexit {exit_code}\n")
    tool.chmod(tool.stat().st_mode | stat.S_IEXEC)
    return bin_dir / f"{name}.got"


@pytest.fixture
def no_clipboard(monkeypatch, tmp_path) -> Path:  # type: ignore[no-untyped-def]
    """No display, no tmux, and a PATH holding only what the test puts there."""
    for name in ("TMUX", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    monkeypatch.setenv("PATH", str(bin_dir))
    return bin_dir


def test_tools_follow_the_environment() -> None:
    assert clipboard_commands({}, platform="linux") == []
    assert clipboard_commands({}, platform="darwin") == [["pbcopy"]]
    in_tmux = clipboard_commands({"TMUX": "/tmp/tmux-1/default,1,0"}, platform="linux")
    assert in_tmux[0] == ["tmux", "load-buffer", "-w", "-"]
    x11 = clipboard_commands({"DISPLAY": ":0"}, platform="linux")
    assert [c[0] for c in x11] == ["xclip", "xsel"]


def test_a_tool_that_confirms_is_named_and_gets_the_text(no_clipboard, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("DISPLAY", ":0")
    got = fake_tool(no_clipboard, "xsel", 0)
    fake_tool(no_clipboard, "xclip", 1)  # installed but failing (no X server): not believed
    assert copy_with_tool("aws lambda remove-permission") == "xsel"
    assert got.read_text() == "aws lambda remove-permission"


def test_no_tool_no_claim(no_clipboard, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("DISPLAY", ":0")
    fake_tool(no_clipboard, "xclip", 1)
    assert copy_with_tool("text") is None


async def test_without_a_tool_the_text_is_shown_and_nothing_claims_copied(no_clipboard) -> None:  # type: ignore[no-untyped-def]
    app = fixed_app()
    async with app.run_test(size=SMALL) as pilot:
        await loaded(pilot)
        await pilot.press("c")  # the selected function's ARN
        await wait_for(pilot, lambda: isinstance(app.screen, CopiedTextScreen))
        window = app.screen
        assert OSC52_SENTENCE in str(window.query_one("#copied-title").render())
        assert window.query_one("#copied-text").text == ARN + "img-resize"
        assert not any("copied" in m for m in app.messages)
        assert any("OSC 52" in m for m in app.messages)
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, CopiedTextScreen))


async def test_with_a_confirming_tool_it_says_copied_and_where(no_clipboard, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-0")
    got = fake_tool(no_clipboard, "wl-copy", 0)
    app = fixed_app()
    async with app.run_test(size=SMALL) as pilot:
        await loaded(pilot)
        await pilot.press("c")
        await wait_for(pilot, lambda: any("copied" in m for m in app.messages))
        assert app.messages[-1] == "copied the ARN of img-resize to the clipboard (wl-copy)"
        assert got.read_text() == ARN + "img-resize"
        assert not isinstance(app.screen, CopiedTextScreen)
