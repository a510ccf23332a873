"""Keys typed in one burst right after `/` go into the filter box.

A fast typist, a paste or tmux's send-keys delivers `/ord` in one read. The app hands each key to
the widget focused when it is read (the table), and a screen's binding runs only once the key has
bubbled up to the app — after the whole burst has reached the screen. So `/` opened the box too
late: `r` re-read the account, `o` jumped to a row, the rest was lost. A screen with a filter
box therefore opens it on `/` as the key reaches the screen (`on_key`), focusing it at once
(`focus_now`: `Widget.focus()` waits for the queued events), and puts the printable keys that
reach it while the box has the focus into the box (`typed_into`).
"""

from __future__ import annotations

from textual import events
from textual.widget import Widget
from textual.widgets import Input


def focused(widget: Widget) -> bool:
    """Whether the screen's focus is on `widget` now (`has_focus` lags behind: see above)."""
    return widget.screen.focused is widget


def focus_now(widget: Widget) -> None:
    """Give `widget` the focus at once (it must be displayed and focusable)."""
    widget.screen.set_focus(widget)


def typed_into(box: Input, event: events.Key) -> bool:
    """Put a printable key that reached the screen while `box` has the focus into `box`.

    The app hands a key to the widget focused when the key is *read*; a burst read before `/`
    was handled went to the table. The box stops the printable keys it gets itself, so one that
    bubbles up to the screen while the box has the focus is such a stray: it is the box's.
    Returns whether the key was taken.
    """
    # `has_focus` turns true only when the box handles its Focus event, after the burst.
    if not (focused(box) and event.is_printable and event.character):
        return False
    event.stop()
    event.prevent_default()
    box.insert_text_at_cursor(event.character)
    return True
