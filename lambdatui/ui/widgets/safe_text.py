"""Strings from AWS shown as text: never parsed as markup, control characters made visible.

Everything a function's owner (or an attacker with write access to a tag or a description) can
set reaches the screen through here. Textual parses a plain `str` in a DataTable cell or a
`Static` as console markup, so `Nightly [/] job` would raise; and an escape sequence such as
`\\x1b[2J` must appear as those characters rather than clear the terminal.
"""

from __future__ import annotations

import re

from rich.text import Text

# C0 and C1 controls, DEL, and the Unicode bidirectional overrides and isolates (which can make
# text read differently from what it is). Newline and tab are kept where several lines are wanted.
_ALWAYS = "\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_CONTROL_MULTILINE = re.compile(f"[{_ALWAYS}]")
_CONTROL_ONE_LINE = re.compile(f"[{_ALWAYS}\t\n]")


def _visible(char: str) -> str:
    code = ord(char)
    return {"\n": "\\n", "\t": "\\t"}.get(char) or (
        f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    )


def visible(value: object, *, multiline: bool = False) -> str:
    """`value` as a string whose control characters are written out (`\\x1b`, `\\n`, `\\u202e`)."""
    text = "" if value is None else str(value)
    pattern = _CONTROL_MULTILINE if multiline else _CONTROL_ONE_LINE
    return pattern.sub(lambda m: _visible(m.group()), text)


def literal(value: object, style: str = "", *, multiline: bool = False) -> Text:
    """A Rich `Text` of `value` exactly as written: no markup, control characters visible."""
    return Text(visible(value, multiline=multiline), style=style, end="")


def literal_or_dash(value: object, style: str = "") -> Text:
    """Like `literal`, with `—` for nothing (None, empty string, empty tuple)."""
    if value in (None, "", ()):
        return Text("—", style="dim", end="")
    return literal(value, style)
