"""The TUI under the bench, headless (Textual's pilot), in a process of its own.

`python -m bench.tui --endpoint URL --functions N [--timeout S]` opens the real app on the
account behind URL (the proxy), paced by `LAMBDATUI_PACING_SCALE`, and prints one JSON line:
seconds to the first row and to every function's trigger statuses, the latency of key presses
made while the scan runs (moving up and down the list), and the process's peak RSS. The app
keeps its picture of the list (under `XDG_CACHE_HOME`) as it does for a user; the probe waits
for it to be written.

`python -m bench.tui --endpoint URL --functions N --reopen NAME [--cloudtrail inject|emulator]`
opens the app again on that kept picture after function NAME was changed (the bench adds a
permission to it: the listing does not show such a change, only CloudTrail does): seconds until
the whole picture is on screen, and until the refresh ends, with what it read again and why.
moto does not serve CloudTrail's LookupEvents; `inject` (the default) answers it in AWS's
shape with the one AddPermission event through a botocore `before-call` hook, as the tests do;
`emulator` lets the emulator answer (an error), so the refresh falls back to reading everything.

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
import uuid
from datetime import UTC, datetime
from typing import Any

from lambdatui.aws.session import AwsSession, SessionSpec
from lambdatui.demo.account import DEMO_CREDENTIALS, DEMO_REGION
from lambdatui.inventory.account import Inventory
from lambdatui.inventory.picture_cache import PictureStore


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
    store = PictureStore(endpoint=endpoint)
    inventory = Inventory(session, pictures=store)
    app = LambdaTuiApp(inventory, AppContext(profile="bench", read_only=True))
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
        kept = await picture_kept(app, store, deadline)
    return {
        "picture_kept_s": kept and kept - started,
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


async def picture_kept(app: Any, store: PictureStore, deadline: float) -> float | None:
    """When the app had written its picture of the list (None: not by `deadline`)."""
    while time.perf_counter() < deadline:
        if app.identity is not None:
            path = store.path(app.identity.account, [DEMO_REGION])
            if path.exists():
                return time.perf_counter()
        await asyncio.sleep(0.05)
    return None


def lookup_answer(account: str, changed: str) -> Any:
    """A `before-call` hook answering CloudTrail's LookupEvents as AWS would after one
    `lambda add-permission --function-name CHANGED` (and nothing else)."""
    now = datetime.now(UTC)
    event_id = str(uuid.uuid4())
    record = {
        "eventVersion": "1.08",
        "userIdentity": {"type": "IAMUser", "accountId": account, "userName": "bench"},
        "eventTime": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "eventSource": "lambda.amazonaws.com",
        "eventName": "AddPermission20150331v2",
        "awsRegion": DEMO_REGION,
        "requestParameters": {"functionName": changed, "statementId": "bench-change"},
        "responseElements": None,
        "eventID": event_id,
        "readOnly": False,
        "eventType": "AwsApiCall",
        "managementEvent": True,
        "recipientAccountId": account,
        "eventCategory": "Management",
    }
    added = {
        "EventId": event_id,
        "EventName": "AddPermission20150331v2",
        "ReadOnly": "false",
        "EventTime": now,
        "EventSource": "lambda.amazonaws.com",
        "Username": "bench",
        "Resources": [{"ResourceType": "AWS::Lambda::Function", "ResourceName": changed}],
        "CloudTrailEvent": json.dumps(record),
    }

    def answer(params: dict[str, Any], **_: Any) -> tuple[Any, dict[str, Any]]:
        from botocore.awsrequest import AWSResponse

        body = json.loads(params.get("body") or b"{}")
        source = body.get("LookupAttributes", [{}])[0].get("AttributeValue")
        events = [added] if source == "lambda.amazonaws.com" else []
        response = AWSResponse("https://cloudtrail.bench.invalid", 200, {}, None)
        return response, {"Events": events, "ResponseMetadata": {"HTTPStatusCode": 200}}

    return answer


async def reopen(
    endpoint: str, functions: int, changed: str, timeout: float, inject: bool
) -> dict[str, object]:
    """The app opened again on the picture the first run kept, after `changed` changed."""
    from textual.widgets import DataTable

    from lambdatui.ui.app import LambdaTuiApp
    from lambdatui.ui.backend import AppContext
    from lambdatui.ui.screens.function_list import FunctionListScreen

    session = AwsSession(spec(endpoint))
    account = session.client("sts").get_caller_identity()["Account"]
    if inject:
        session.boto.events.register(
            "before-call.cloudtrail.LookupEvents", lookup_answer(account, changed)
        )
    inventory = Inventory(session, pictures=PictureStore(endpoint=endpoint))
    app = LambdaTuiApp(inventory, AppContext(profile="bench", read_only=True))
    started = time.perf_counter()
    deadline = started + timeout
    whole = refreshed = None
    async with app.run_test(size=(140, 40)) as pilot:
        while time.perf_counter() < deadline:
            screen = app.screen
            if isinstance(screen, FunctionListScreen):
                table = screen.query_one(DataTable)
                if whole is None and screen.picture is not None and table.row_count >= functions:
                    whole = time.perf_counter() - started
                if screen.checked:
                    refreshed = time.perf_counter() - started
                    break
            await pilot.pause(0.005)
        screen = app.screen
        plan = getattr(screen, "plan", None)
        result: dict[str, object] = {
            "whole_picture_s": whole,
            "refresh_s": refreshed,
            "cloudtrail": "injected" if inject else "emulator",
            "reason": plan.reason if plan is not None else None,
            "full_reread": plan is None or plan.reread is None,
            "read_again": getattr(screen, "to_read", None),
            "unchanged": len(plan.unchanged) if plan is not None else 0,
            "changed_fresh": any(d.function.name == changed for d in app.details.values()),
        }
    result["calls"] = dict(session.calls)
    return result


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
    parser.add_argument("--reopen", metavar="NAME", help="re-open after NAME changed")
    parser.add_argument("--cloudtrail", choices=("inject", "emulator"), default="inject")
    args = parser.parse_args()
    if args.reopen:
        inject = args.cloudtrail == "inject"
        result = asyncio.run(
            reopen(args.endpoint, args.functions, args.reopen, args.timeout, inject)
        )
    else:
        result = asyncio.run(probe(args.endpoint, args.functions, args.timeout))
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
