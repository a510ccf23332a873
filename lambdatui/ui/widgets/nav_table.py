"""A DataTable that also moves as vim, k9s and lazygit users expect: j/k, g/G."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import DataTable


class NavTable(DataTable[object]):
    """`j`/`k` down/up, `g`/`G` first/last row, plus DataTable's arrows, page up/down, home/end.

    The keys are not shown in the footer (the `?` panel lists them); they act only while the
    table has focus, so a screen's own letters are untouched elsewhere.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "first_row", "First row", show=False),
        Binding("G", "last_row", "Last row", show=False),
    ]

    def action_first_row(self) -> None:
        if self.row_count:
            self.move_cursor(row=0)

    def action_last_row(self) -> None:
        if self.row_count:
            self.move_cursor(row=self.row_count - 1)
