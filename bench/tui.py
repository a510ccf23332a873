"""The TUI under the bench, headless (Textual's pilot), in a process of its own.

`python -m bench.tui --endpoint URL --functions N [--timeout S]` opens the real app on the
account behind URL (the proxy), paced by `LAMBDATUI_PACING_SCALE`, and prints one JSON line:
seconds to the first row and to every function's trigger statuses, the latency of key presses
made while the scan runs (moving up and down the list), and the process's peak RSS.

Key latency is measured from posting the key to the app until the list's cursor has moved
("handled"), and until every widget of the screen has processed what was queued meanwhile
("settled"). (Pilot's own `press` waits for the whole process to be idle, up to a second per
key, which measures the scan, not the UI.)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import statistics
import time

from lambdatui.aws.session import AwsSession, SessionSpec
from lambdatui.demo.account import DEMO_CREDENTIALS, DEMO_REGION
from lambdatui.inventory.account import Inventory


def spec(endpoint: str) -> SessionSpec:
    return SessionSpec(
        region=DEMO_REGION,
        endpoint_url=endpoint,
        access_key_id=DEMO_CREDENTIALS["access_key_id"],
        secret_access_key=DEMO_CREDENTIALS["secret_access_key"],
        read_only=True,
        pace=True,  # at LAMBDATUI_PACING_SCALE times AWS's quotas
    )


async def probe(endpoint: str, functions: int, timeout: float) -> dict[str, object]:
    from textual import events
    from textual.widgets import DataTable

    from lambdatui.ui.app import LambdaTuiApp
    from lambdatui.ui.backend import AppContext

    session = AwsSession(spec(endpoint))
    app = LambdaTuiApp(Inventory(session), AppContext(profile="bench", read_only=True))
    started = time.perf_counter()
    deadline = started + timeout
    first_row = all_triggers = None
    handled: list[float] = []
    worst_at = None
    settled: list[float] = []
    async with app.run_test(size=(140, 40)) as pilot:
        while first_row is None and time.perf_counter() < deadline:
            table = app.screen.query(DataTable)
            if table and table.first().row_count:
                first_row = time.perf_counter() - started
                break
            await pilot.pause(0.005)
        k = 0
        while time.perf_counter() < deadline:
            if len(app.details) >= functions:
                all_triggers = time.perf_counter() - started
                break
            table = app.screen.query(DataTable)
            if not table or table.first().row_count < 2:
                await asyncio.sleep(0.01)
                continue
            table = table.first()
            before = table.cursor_coordinate
            sent = time.perf_counter()
            app.post_message(events.Key("down" if k % 2 == 0 else "up", None))
            while table.cursor_coordinate == before and time.perf_counter() - sent < 5:
                await asyncio.sleep(0.001)
            handled.append(time.perf_counter() - sent)
            if handled[-1] == max(handled):
                worst_at = sent - started
            await pilot._wait_for_screen()
            settled.append(time.perf_counter() - sent)
            k += 1
            await asyncio.sleep(0.05)  # a person's pace, not a flood
        shown = len(app.details)
    return {
        "first_row_s": first_row,
        "all_triggers_s": all_triggers,
        "details_shown": shown,
        "keys": len(handled),
        **percentiles("key_handled", handled),
        **percentiles("key_settled", settled),
        "key_worst_at_s": worst_at,
        "calls": dict(session.calls),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def percentiles(name: str, seconds: list[float]) -> dict[str, float | None]:
    ms = sorted(s * 1000 for s in seconds)
    return {
        f"{name}_p50_ms": statistics.median(ms) if ms else None,
        f"{name}_p95_ms": ms[min(len(ms) - 1, int(len(ms) * 0.95))] if ms else None,
        f"{name}_max_ms": ms[-1] if ms else None,
    }


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
