"""Benchmarks: `make bench` (or `python -m bench.run [N]`). Prints figures; asserts nothing.

1. Discovery on the demo account: wall time and API calls by operation for a full scan.
2. The function list with N functions (default 1000) in the emulator: time to the first row on
   screen and to the last, through the real app (pilot) and the real HTTP emulator.
"""

from __future__ import annotations

import asyncio
import io
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile

import boto3

from lambdatui.aws.session import AwsSession, SessionSpec
from lambdatui.demo.seed import seed
from lambdatui.demo.server import DEMO_CREDENTIALS, DEMO_REGION, start_server
from lambdatui.inventory.account import Inventory


def spec(endpoint: str) -> SessionSpec:
    return SessionSpec(
        region=DEMO_REGION,
        endpoint_url=endpoint,
        access_key_id=DEMO_CREDENTIALS["access_key_id"],
        secret_access_key=DEMO_CREDENTIALS["secret_access_key"],
        pace=False,
    )


def bench_discovery(endpoint: str) -> None:
    seed(endpoint)
    session = AwsSession(spec(endpoint))
    inventory = Inventory(session, scan_all_log_groups=True)
    started = time.perf_counter()
    picture = inventory.scan()
    elapsed = time.perf_counter() - started
    triggers = sum(len(d.triggers) for d in picture.functions)
    print(f"discovery: {len(picture.functions)} functions, {triggers} triggers in {elapsed:.2f} s")
    print(f"  API calls: {sum(session.calls.values())} in all")
    for operation, count in sorted(session.calls.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {count:5d}  {operation}")


def make_functions(endpoint: str, count: int) -> None:
    client = boto3.client(
        "lambda",
        endpoint_url=endpoint,
        region_name=DEMO_REGION,
        aws_access_key_id=DEMO_CREDENTIALS["access_key_id"],
        aws_secret_access_key=DEMO_CREDENTIALS["secret_access_key"],
    )
    iam = boto3.client(
        "iam",
        endpoint_url=endpoint,
        region_name=DEMO_REGION,
        aws_access_key_id=DEMO_CREDENTIALS["access_key_id"],
        aws_secret_access_key=DEMO_CREDENTIALS["secret_access_key"],
    )
    role = iam.create_role(RoleName="bench", AssumeRolePolicyDocument="{}")["Role"]["Arn"]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("index.py", "def handler(e, c):\n    return 1\n")
    code = buffer.getvalue()
    for i in range(count):
        client.create_function(
            FunctionName=f"bench-{i:05d}",
            Runtime="python3.12",
            Role=role,
            Handler="index.handler",
            Code={"ZipFile": code},
        )


async def bench_list(endpoint: str, count: int) -> None:
    from textual.widgets import DataTable

    from lambdatui.ui.app import LambdaTuiApp
    from lambdatui.ui.backend import AppContext

    inventory = Inventory(AwsSession(spec(endpoint)))
    app = LambdaTuiApp(inventory, AppContext(profile="bench"))
    started = time.perf_counter()
    first = None
    async with app.run_test(size=(120, 36)) as pilot:
        table = app.screen.query_one(DataTable)
        while table.row_count < count:
            if first is None and table.row_count:
                first = time.perf_counter() - started
            await pilot.pause(0.01)
        total = time.perf_counter() - started
        print(f"list: {count} functions: first row {first or total:.2f} s, all rows {total:.2f} s")
        started = time.perf_counter()
        await pilot.press("slash", *"bench-0001")
        typed = time.perf_counter() - started
        while table.row_count != 10:
            await pilot.pause(0.01)
        filtered = time.perf_counter() - started
        print(
            f"  filter 'bench-0001': 10 keys typed in {typed:.2f} s, "
            f"{table.row_count} rows shown after {filtered:.2f} s"
        )


def emulator_process() -> tuple[subprocess.Popen[bytes], str]:
    """moto's server in its own process, so it does not compete with the app for the GIL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(f"{endpoint}/moto-api/", timeout=1).close()
            return process, endpoint
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise RuntimeError("the emulator did not start")


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    server = start_server()  # in-process, with lambdatui's moto fixes, for the demo account
    try:
        bench_discovery(server.endpoint_url)
    finally:
        server.stop()
    process, endpoint = emulator_process()
    try:
        started = time.perf_counter()
        make_functions(endpoint, count)
        print(f"(created {count} functions in {time.perf_counter() - started:.1f} s)")
        asyncio.run(bench_list(endpoint, count))
    finally:
        process.terminate()
        process.wait(timeout=10)


if __name__ == "__main__":
    main()
