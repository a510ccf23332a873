"""The console-style trigger diagram: sources → function → destinations, in box characters."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from lambdatui.core.model import FunctionDetail, TriggerStatus
from lambdatui.ui.format import STATUS_MARK, STATUS_STYLE
from lambdatui.ui.format import short_arn as _short_arn
from lambdatui.ui.widgets.safe_text import visible

MAX_ROWS = 8


def short_arn(arn: str | None) -> str:
    """The recognisable part of an ARN, control characters written out."""
    return visible(_short_arn(arn))


def _box(lines: list[str], width: int) -> list[str]:
    top = "┌" + "─" * (width + 2) + "┐"
    bottom = "└" + "─" * (width + 2) + "┘"
    return [top, *(f"│ {line:<{width}} │" for line in lines), bottom]


def diagram(detail: FunctionDetail, max_rows: int = MAX_ROWS) -> Text:
    """Render the diagram; broken triggers carry their status mark and colour. At most
    `max_rows` sources are drawn (then "… N more"); lines never wrap (an ellipsis cuts them)."""
    sources: list[tuple[str, str]] = []
    shown = detail.triggers if len(detail.triggers) <= max_rows else detail.triggers[: max_rows - 1]
    for t in shown:
        target = f":{t.qualifier}" if t.qualifier else ""
        label = visible(f"{STATUS_MARK[t.status]} {t.source} {t.label}{target}")
        sources.append((label[:34], STATUS_STYLE[t.status]))
    if len(shown) < len(detail.triggers):
        sources.append((f"  … {len(detail.triggers) - len(shown)} more (2: Triggers)", "dim"))
    dests: list[str] = []
    for d in detail.destinations:
        where = f"{visible(d.qualifier)}: " if d.qualifier else ""
        if d.on_success:
            dests.append(f"{where}OnSuccess → {short_arn(d.on_success)}")
        if d.on_failure:
            dests.append(f"{where}OnFailure → {short_arn(d.on_failure)}")
    if detail.function.dead_letter_target:
        dests.append(f"DLQ → {short_arn(detail.function.dead_letter_target)}")
    if len(dests) > max_rows:
        dests = [*dests[: max_rows - 1], f"… {len(dests) - max_rows + 1} more (5: Destinations)"]
    if not sources:
        sources = [("(no triggers)", "dim")]
    if not dests:
        dests = ["(no destinations)"]

    name = visible(detail.function.name)
    runtime = visible(f"λ {detail.function.runtime or ''}")
    fn_box = _box([name, runtime], max(len(name), len(runtime), 12))
    left_w = max(len(s) for s, _ in sources)
    height = max(len(sources), len(fn_box), len(dests))
    text = Text(no_wrap=True, overflow="ellipsis")
    for row in range(height):
        if row < len(sources):
            label, style = sources[row]
            text.append(f"{label:<{left_w}} ", style=style)
            text.append("─▶ ")
        else:
            text.append(" " * (left_w + 4))
        text.append(fn_box[row] if row < len(fn_box) else " " * len(fn_box[0]))
        if row < len(dests):
            text.append(" ─▶ " + dests[row], style="cyan")
        text.append("\n")
    text.rstrip()
    return text


class TriggerDiagram(Static):
    DEFAULT_CSS = """
    TriggerDiagram { height: auto; padding: 0 1; text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def show(self, detail: FunctionDetail) -> None:
        # A quarter of the screen at most, so the sections keep room at 80x24.
        rows = max(3, min(MAX_ROWS, self.app.size.height // 4))
        self.update(diagram(detail, rows))
        has_broken = any(t.status is TriggerStatus.MISSING_PERMISSION for t in detail.triggers)
        self.set_class(has_broken, "-broken")
