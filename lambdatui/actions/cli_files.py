"""AWS CLI commands whose JSON argument is too large for a command line.

Linux refuses any single argument over 128 KiB (`MAX_ARG_STRLEN`: `execve` fails with "Argument
list too long"), and a bucket with 1,000 notification entries makes a
`--notification-configuration` of about 170 KB. Such an argument is written beside the command
by a quoted heredoc (nothing in it is expanded) and passed as `file://NAME`, which the AWS CLI
reads as the parameter's value. Smaller arguments stay inline, so short commands are unchanged.

`script(call)` is the runnable text (copied, and written by `fix --dry-run --format sh`);
`preview(call)` is the same with each heredoc's body elided, for the screen.
"""

from __future__ import annotations

import hashlib
import json
import shlex
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lambdatui.actions.api_call import ApiCall

LARGE_ARGUMENT = 32 * 1024
"""A JSON argument longer than this (in bytes) goes to a file: well under Linux's 128 KiB per
argument, and short enough to read on screen."""
END = "LAMBDATUI_JSON"


def _large(argv: list[str]) -> list[int]:
    """Indices of the JSON values in `argv` too large to pass inline."""
    return [
        i
        for i, arg in enumerate(argv)
        if i
        and argv[i - 1].startswith("--")
        and arg[:1] in "{["
        and len(arg.encode()) > LARGE_ARGUMENT
    ]


def _parts(call: ApiCall) -> tuple[list[tuple[str, str]], list[str]]:
    """(file name, JSON text) of each large argument, and the argv passing them as file://."""
    argv = call.argv()
    files = []
    for i in _large(argv):
        digest = hashlib.sha256(argv[i].encode()).hexdigest()[:8]
        name = f"lambdatui-{argv[i - 1][2:]}-{digest}.json"
        files.append((name, json.dumps(json.loads(argv[i]), indent=2)))
        argv[i] = f"file://{name}"
    return files, argv


def script(call: ApiCall) -> str:
    """The command as shell text that runs on any system: large JSON written by a heredoc to a
    file in the current directory, then passed as file://."""
    files, argv = _parts(call)
    lines = [line for name, text in files for line in (f"cat > {name} <<'{END}'", text, END)]
    return "\n".join([*lines, shlex.join(argv)])


def preview(call: ApiCall) -> str:
    """`script` with each heredoc's body replaced by its size (the copied text holds it whole)."""
    files, argv = _parts(call)
    lines = [
        line
        for name, text in files
        for line in (
            f"cat > {name} <<'{END}'",
            f"# … {len(text.encode()) // 1024} KB of JSON (copying the commands copies it whole)",
            END,
        )
    ]
    return "\n".join([*lines, shlex.join(argv)])


__all__ = ["END", "LARGE_ARGUMENT", "preview", "script"]
