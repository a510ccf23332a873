"""Shared fixtures: one emulator (moto's server) per test process, emptied or restored per test.

- `endpoint`: the emulator's URL, emptied of everything an earlier test made.
- `demo_endpoint`: the emulator holding exactly the seeded demo account; restored from a
  snapshot before each test (milliseconds), seeded only once per process.
- `aws`: a lambdatui `AwsSession` on `endpoint`; `boto`: a plain boto3 client factory for setup.
- `make_spec(endpoint, **overrides)`: the SessionSpec of the demo's keys and region.
"""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from platformdirs import user_state_path

from lambdatui.aws.loader import share_loader
from lambdatui.aws.session import AwsSession, SessionSpec
from lambdatui.demo.seed import seed
from lambdatui.demo.server import DEMO_CREDENTIALS, DEMO_REGION, DemoServer

FIXTURES = Path(__file__).parent / "fixtures"

# Where the developer's real files are, read before any test moves HOME and the XDG dirs away
# (tests/unit/test_private_files.py proves that no test writes there).
REAL_STATE_DIR = Path(user_state_path("lambdatui", appauthor=False))
REAL_LOG = REAL_STATE_DIR / "lambdatui.log"
REAL_LOG_BEFORE = (
    (REAL_LOG.stat().st_size, REAL_LOG.stat().st_mtime_ns) if REAL_LOG.exists() else None
)
XDG_DIRS = {
    "XDG_CONFIG_HOME": ".config",
    "XDG_STATE_HOME": ".local/state",
    "XDG_CACHE_HOME": ".cache",
    "XDG_DATA_HOME": ".local/share",
}

# Never let a test read the developer's real AWS configuration or keyring.
os.environ["AWS_CONFIG_FILE"] = os.devnull
os.environ["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull
os.environ.pop("AWS_PROFILE", None)
os.environ.pop("AWS_ENDPOINT_URL", None)
os.environ.setdefault("AWS_EC2_METADATA_DISABLED", "true")
# moto's request recorder writes to this file; one per test process (pytest-xdist workers).
os.environ["MOTO_RECORDER_FILEPATH"] = str(
    Path(tempfile.gettempdir()) / f"lambdatui-moto-recording-{os.getpid()}.jsonl"
)


def pytest_collection_finish(session: pytest.Session) -> None:
    """Less time in the cyclic garbage collector, which took a quarter of a test process's CPU.

    Everything imported and collected by now lives as long as the process: frozen, the collector
    no longer walks it on every full collection. The app under test makes many short-lived
    objects (Textual's styles and strips, botocore's responses), so collections are also made
    rarer. Cycles are still collected, and `gc.collect()` still collects everything not frozen.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)


@pytest.fixture(autouse=True)
def private_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """Every test gets a HOME and XDG config/state/cache/data dirs of its own, so nothing a test
    does (the log, the journal, lambdatui's config file, a keyring file) touches the
    developer's real files. Tests that need their own layout (keyring_helpers) override these."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    for name, relative in XDG_DIRS.items():
        monkeypatch.setenv(name, str(home / relative))
    monkeypatch.delenv("AWS_REGION", raising=False)
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)
    yield home
    # A log handler opened in this home must not outlive it.
    import logging

    logger = logging.getLogger("lambdatui")
    for handler in list(logger.handlers):
        if getattr(handler, "lambdatui_log", False):
            logger.removeHandler(handler)
            handler.close()


class Emulator:
    """The emulator's process. Should it die mid-session, it is started again on the same port,
    so the tests after it find it where they expect it (their data is gone, as after a reset)."""

    def __init__(self) -> None:
        self.process: subprocess.Popen[str] | None = None
        self.demo_snapshot = False
        """The process holds a snapshot of the freshly seeded demo account (`demo_endpoint`)."""
        self.server = self._start(port=0)

    def _start(self, port: int) -> DemoServer:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "lambdatui.demo.server", f"--port={port}"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        endpoint = self.process.stdout.readline().strip()
        if not endpoint.startswith("http://"):
            self.process.kill()
            raise RuntimeError(f"the emulator did not start: {endpoint!r}")
        return DemoServer(endpoint_url=endpoint, _server=None)

    def alive(self) -> DemoServer:
        assert self.process is not None
        if self.process.poll() is not None:
            port = int(self.server.endpoint_url.rsplit(":", 1)[1])
            self.server = self._start(port=port)
            self.demo_snapshot = False
        return self.server

    def stop(self) -> None:
        assert self.process is not None and self.process.stdin is not None
        self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture(scope="session")
def emulator() -> Iterator[Emulator]:
    """The emulator in a process of its own (with lambdatui's moto fixes), so the app under test
    and the emulator do not compete for one GIL."""
    running = Emulator()
    yield running
    running.stop()


@pytest.fixture(scope="session")
def moto_server(emulator: Emulator) -> DemoServer:
    return emulator.server


@pytest.fixture
def endpoint(emulator: Emulator) -> str:
    """The emulator's URL, emptied of everything an earlier test made."""
    server = emulator.alive()
    server.reset()
    return server.endpoint_url


@pytest.fixture
def demo_endpoint(endpoint: str, emulator: Emulator) -> str:
    """The emulator's URL, holding exactly the freshly seeded demo account (lambdatui.demo.seed).

    The demo is seeded once per emulator process (about a second) and snapshotted; every later
    test gets it back by a restore (a few milliseconds; lambdatui/demo/emulator/snapshot.py), so
    a test may change it freely and tests that only read pay nothing for their own copy."""
    server = emulator.server
    if emulator.demo_snapshot:
        server.restore()
    else:
        seed(endpoint)
        server.snapshot()
        emulator.demo_snapshot = True
    return endpoint


def make_spec(endpoint: str, **overrides: Any) -> SessionSpec:
    values: dict[str, Any] = dict(
        region=DEMO_REGION,
        endpoint_url=endpoint,
        access_key_id=DEMO_CREDENTIALS["access_key_id"],
        secret_access_key=DEMO_CREDENTIALS["secret_access_key"],
        pace=False,
    )
    values.update(overrides)
    return SessionSpec(**values)


@pytest.fixture
def aws(endpoint: str) -> AwsSession:
    """A lambdatui session pointed at the emulator."""
    return AwsSession(make_spec(endpoint))


@pytest.fixture
def boto(endpoint: str) -> Callable[[str], Any]:
    """A plain boto3 client factory for setting up resources in the emulator."""
    import boto3

    session = boto3.Session(
        aws_access_key_id=DEMO_CREDENTIALS["access_key_id"],
        aws_secret_access_key=DEMO_CREDENTIALS["secret_access_key"],
        region_name=DEMO_REGION,
    )
    share_loader(session._session)  # the service models parsed once per process, not per test

    def factory(service: str) -> Any:
        return session.client(service, endpoint_url=endpoint)

    return factory
