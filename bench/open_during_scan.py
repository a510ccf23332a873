"""Opening a function while the list's scan runs, headless (Textual's pilot), in its own process.

`python -m bench.open_during_scan --endpoint URL --functions N [--timeout S]` opens the real app
on the account behind URL (the proxy, paced by `LAMBDATUI_PACING_SCALE` as `bench.tui` is), and
opens a function the scan has not read yet, twice: as soon as the list is whole ("at list", when
the services' wiring is still being read) and when half the details are in ("mid-scan"). Each
time it measures from the key until the detail screen shows the function, triggers included, and
goes back. Prints one JSON line.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from typing import Any

from bench.tui import spec
from lambdatui.aws.session import AwsSession
from lambdatui.inventory.account import Inventory


async def probe(endpoint: str, functions: int, timeout: float) -> dict[str, Any]:
    from textual import events
    from textual.widgets import DataTable

    from lambdatui.ui.app import LambdaTuiApp
    from lambdatui.ui.backend import AppContext
    from lambdatui.ui.screens.function_detail import FunctionDetailScreen
    from lambdatui.ui.screens.function_list import FunctionListScreen

    session = AwsSession(spec(endpoint))
    app = LambdaTuiApp(Inventory(session), AppContext(profile="bench", read_only=True))
    started = time.perf_counter()
    deadline = started + timeout
    result: dict[str, Any] = {}

    async def until(condition: Any) -> bool:
        while not condition():
            if time.perf_counter() > deadline:
                return False
            await asyncio.sleep(0.005)
        return True

    async def open_unread(name: str) -> None:
        """Select the last function (by name) the scan has not read, press enter, and time
        until its detail is shown."""
        screen = app.screen
        assert isinstance(screen, FunctionListScreen)
        table = screen.query_one(DataTable)
        unread = sorted(
            (arn for arn in screen.functions if arn not in app.details),
            key=lambda arn: screen.functions[arn].name,
        )
        if not unread:
            result[f"{name}_s"] = None
            return
        table.move_cursor(row=table.get_row_index(unread[-1]))
        await until(lambda: table.cursor_row == table.get_row_index(unread[-1]))
        result[f"{name}_at_s"] = time.perf_counter() - started
        result[f"{name}_details_before"] = len(app.details)
        sent = time.perf_counter()
        app.post_message(events.Key("enter", None))
        shown = await until(
            lambda: isinstance(app.screen, FunctionDetailScreen) and app.screen.detail is not None
        )
        result[f"{name}_s"] = time.perf_counter() - sent if shown else None
        app.post_message(events.Key("escape", None))
        await until(lambda: isinstance(app.screen, FunctionListScreen))

    async with app.run_test(size=(140, 40)):
        await until(lambda: isinstance(app.screen, FunctionListScreen) and app.screen.loaded)
        await open_unread("at_list")
        await until(lambda: len(app.details) >= functions // 2)
        await open_unread("mid_scan")
        result["details_at_end"] = len(app.details)
    result["calls"] = dict(session.calls)
    return result


def measure(proxy: str, functions: int, env: dict[str, str], timeout: float) -> dict[str, Any]:
    """Run this probe in its own process against `proxy` (for `bench.run`)."""
    from bench.run import run_measured

    argv = ["-m", "bench.open_during_scan", "--endpoint", proxy, "--functions", str(functions)]
    _, _, _, text = run_measured([*argv, "--timeout", str(timeout)], env, timeout + 60)
    result: dict[str, Any] = json.loads(text.strip().splitlines()[-1])
    return result


def row(result: dict[str, Any]) -> tuple[str, str, str]:
    """The bench table's row: seconds from enter to the detail shown, at both moments."""

    def seconds(name: str) -> str:
        value = result.get(f"{name}_s")
        return "—" if value is None else f"{value:.2f} s"

    return (
        "open during scan: detail shown after",
        f"{seconds('at_list')} as the list completes (wiring still read), "
        f"{seconds('mid_scan')} mid-scan ({result.get('mid_scan_details_before', 0)} read)",
        "≤ 1 s",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--functions", type=int, required=True)
    parser.add_argument("--timeout", type=float, default=600.0)
    args = parser.parse_args()
    result = asyncio.run(probe(args.endpoint, args.functions, args.timeout))
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
