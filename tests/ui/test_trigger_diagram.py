"""The trigger diagram fits small terminals: a bounded number of rows, lines cut, not wrapped."""

from __future__ import annotations

from dataclasses import replace

from lambdatui.ui.widgets.trigger_diagram import TriggerDiagram, diagram
from tests.ui.fixed_app import fixed_app, open_detail
from tests.ui.fixed_backend import FixedBackend


def test_many_triggers_end_in_a_count_of_the_rest() -> None:
    backend = FixedBackend()
    detail = backend.detail(backend.functions[1])  # orders-api: five triggers
    many = replace(detail, triggers=detail.triggers * 4)
    lines = diagram(many, max_rows=4).plain.splitlines()
    assert len(lines) == 4
    assert lines[-1].strip().startswith(f"… {len(many.triggers) - 3} more")


async def test_at_80x24_the_diagram_takes_a_quarter_of_the_height_and_never_wraps() -> None:
    app = fixed_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_detail(pilot, "orders-api")
        widget = screen.query_one("#diagram", TriggerDiagram)
        await pilot.pause()
        text = diagram(screen.detail, max_rows=24 // 4)
        assert widget.region.height == len(text.plain.splitlines()) <= 6
        assert max(len(line) for line in text.plain.splitlines()) > 80  # it would have wrapped
