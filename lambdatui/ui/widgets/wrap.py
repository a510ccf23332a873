"""When a table is wide enough, its last (message) column wraps whole instead of running off."""

from __future__ import annotations

WRAP_FROM = 120
"""From this many columns on, messages wrap in their column (narrower: one line per row)."""
MIN_MESSAGE = 40


def message_room(width: int, others: list[int]) -> int | None:
    """The message column's width when the other columns (their content widths) leave at least
    MIN_MESSAGE cells at a table `width` of WRAP_FROM or more; None: keep one line per row."""
    if width < WRAP_FROM:
        return None
    cell_padding = 2
    room = width - 2 - sum(w + cell_padding for w in others) - cell_padding  # 2: scrollbar
    return room if room >= MIN_MESSAGE else None
