"""Copying text, and saying only what is true about it.

A system clipboard tool (pbcopy, wl-copy, xclip, xsel, or tmux's buffer inside tmux) confirms
that it took the text by exiting 0. OSC 52 — the escape sequence Textual's `copy_to_clipboard`
writes — confirms nothing: inside tmux with its default `set-clipboard external`, or in a
terminal that ignores it, nothing arrives. So the app says "copied" only after a tool confirmed;
otherwise it sends OSC 52 and shows the text in a modal to select by hand.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Mapping

TOOL_TIMEOUT_S = 2.0


def clipboard_commands(env: Mapping[str, str], platform: str = sys.platform) -> list[list[str]]:
    """The clipboard tools worth trying here, most specific first."""
    commands: list[list[str]] = []
    if env.get("TMUX"):
        commands.append(["tmux", "load-buffer", "-w", "-"])  # -w: also to the outer clipboard
        commands.append(["tmux", "load-buffer", "-"])  # tmux before 3.2 has no -w
    if platform == "darwin":
        commands.append(["pbcopy"])
    if env.get("WAYLAND_DISPLAY"):
        commands.append(["wl-copy"])
    if env.get("DISPLAY"):
        commands.append(["xclip", "-selection", "clipboard"])
        commands.append(["xsel", "--clipboard", "--input"])
    return commands


def copy_with_tool(text: str, env: Mapping[str, str] | None = None) -> str | None:
    """Give `text` to the first clipboard tool that takes it; its name, or None if none did."""
    env = os.environ if env is None else env
    for command in clipboard_commands(env):
        path = shutil.which(command[0], path=env.get("PATH"))
        if path is None:
            continue
        try:
            done = subprocess.run(
                [path, *command[1:]],
                input=text.encode(),
                stdout=subprocess.DEVNULL,  # xclip and wl-copy fork to serve the selection:
                stderr=subprocess.DEVNULL,  # a pipe left open would wait for them
                timeout=TOOL_TIMEOUT_S,
                env=dict(env),
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired):
            continue
        if done.returncode == 0:
            return command[0]
    return None


def where_copied(tool: str) -> str:
    """Where the text went, in words, for a tool `copy_with_tool` named."""
    if tool == "tmux":
        return "into tmux's paste buffer (prefix ] pastes it)"
    return f"to the clipboard ({tool})"
