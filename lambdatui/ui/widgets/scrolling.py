"""Keyboard scrolling of a modal's body, shared by the windows that show a record in full."""

from __future__ import annotations

from textual.containers import VerticalScroll


def scroll(body: VerticalScroll, how: str) -> None:
    """`how`: down, up, page_down, home or end (the bindings' action argument)."""
    {
        "down": body.scroll_down,
        "up": body.scroll_up,
        "page_down": body.scroll_page_down,
        "home": body.scroll_home,
        "end": body.scroll_end,
    }[how]()
