"""A re-open over the demo account: the picture kept by the last run is on screen, every row
marked cached, before a single detail is read; then the rows CloudTrail names are read again
(fresh) and the others are marked confirmed; a denied CloudTrail reads everything again and
says so; `r` reads everything again.

moto does not serve CloudTrail's LookupEvents: it is answered by botocore's Stubber with
events in AWS's shape (tests/aws/test_picture_refresh.py), a denial by a `before-call` hook.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from botocore.stub import Stubber
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from lambdatui.aws.session import AwsSession
from lambdatui.demo.account import DEMO_ACCOUNT, DEMO_REGION
from lambdatui.inventory.account import Inventory
from lambdatui.inventory.picture import ListPicture
from lambdatui.inventory.picture_cache import PictureStore
from lambdatui.inventory.refresh import lookup_since
from lambdatui.ui.app import LambdaTuiApp
from lambdatui.ui.backend import AppContext
from lambdatui.ui.screens.audit_view import AuditScreen
from lambdatui.ui.screens.function_list import FunctionListScreen
from lambdatui.ui.widgets.list_cells import CACHED_MARK, CONFIRMED_MARK, Provenance
from tests.aws.test_denial_matrix import deny
from tests.aws.test_picture_refresh import answer_lookups, event
from tests.conftest import make_spec
from tests.ui.conftest import SIZE, SMALL, wait_for

FUNCTIONS = 15
CHANGED = "billing-calc"


def arn(name: str) -> str:
    return f"arn:aws:lambda:{DEMO_REGION}:{DEMO_ACCOUNT}:function:{name}"


def app_on(session: AwsSession, store: PictureStore) -> LambdaTuiApp:
    inventory = Inventory(session, scan_all_log_groups=True, pictures=store)
    return LambdaTuiApp(inventory, AppContext(profile="demo", read_only=True))


class Gate:
    """A `before-call` hook holding every Lambda call (the listing too) until `open()`."""

    def __init__(self) -> None:
        self.opened = threading.Event()

    def __call__(self, **_: Any) -> None:
        self.opened.wait(timeout=60)

    def open(self) -> None:
        self.opened.set()


@pytest.fixture
async def kept(demo_endpoint: str) -> tuple[PictureStore, ListPicture]:
    """The demo account's picture, kept by a first run of the app itself."""
    store = PictureStore(endpoint=demo_endpoint)
    app = app_on(AwsSession(make_spec(demo_endpoint)), store)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, FunctionListScreen)
        await wait_for(pilot, lambda: screen.checked, timeout=60)
        await wait_for(pilot, lambda: store.load(DEMO_ACCOUNT, [DEMO_REGION]) is not None)
    picture = store.load(DEMO_ACCOUNT, [DEMO_REGION])
    assert picture is not None and len(picture.rows) == FUNCTIONS
    assert all(row.triggers is not None for row in picture.rows)
    return store, picture


def status(screen: FunctionListScreen) -> str:
    """The status line as far as it is visible (the rest is cut at the screen's edge)."""
    box = screen.query_one("#list-message", Static)
    return str(box.render())[: box.size.width]


def cell(screen: FunctionListScreen, name: str, column: str) -> str:
    return str(screen.query_one(DataTable).get_cell(arn(name), column))


async def reopened(pilot: Pilot) -> FunctionListScreen:
    screen = pilot.app.screen
    assert isinstance(screen, FunctionListScreen)
    table = screen.query_one(DataTable)
    await wait_for(pilot, lambda: table.row_count == FUNCTIONS and screen.picture is not None)
    return screen


async def test_every_cached_row_shows_before_any_read_then_fresh_or_confirmed(
    demo_endpoint: str, kept: tuple[PictureStore, ListPicture], boto: Callable[[str], Any]
) -> None:
    store, picture = kept
    boto("lambda").add_permission(  # between the two starts, outside lambdatui
        FunctionName=CHANGED,
        StatementId="events-weekly",
        Action="lambda:InvokeFunction",
        Principal="events.amazonaws.com",
        SourceArn=f"arn:aws:events:{DEMO_REGION}:{DEMO_ACCOUNT}:rule/weekly",
    )
    session = AwsSession(make_spec(demo_endpoint))
    gate = Gate()
    session.boto.events.register("before-call.lambda", gate)
    added = event(
        "lambda",
        "AddPermission20150331v2",
        datetime.now(UTC),
        {"functionName": CHANGED, "statementId": "events-weekly"},
        [("AWS::Lambda::Function", CHANGED)],
    )
    app = app_on(session, store)
    try:
        with Stubber(session.client("cloudtrail")) as stub:
            answer_lookups(stub, lookup_since(picture), {"lambda": [added]})
            async with app.run_test(size=SIZE) as pilot:
                screen = await reopened(pilot)
                # every row is on screen, from the picture, before any detail was read
                assert app.details == {}
                assert {f.provenance for f in screen.facts.values()} == {Provenance.CACHED}
                assert cell(screen, "thumbnailer", "triggers").startswith(CACHED_MARK)
                assert "from cache" in status(screen) and " old" in status(screen)
                await pilot.press("a")  # findings not read yet are not "no findings"
                await wait_for(pilot, lambda: isinstance(app.screen, AuditScreen))
                empty = str(app.screen.query_one("#audit-empty", Static).render())
                assert "15 functions are shown from the last run's picture" in empty
                await pilot.press("escape")
                await wait_for(pilot, lambda: app.screen is screen)

                gate.open()
                await wait_for(pilot, lambda: screen.checked)
                stub.assert_no_pending_responses()

                # the function CloudTrail named was read again; the others are confirmed
                assert set(app.details) == {arn(CHANGED)}
                assert screen.facts[arn(CHANGED)].provenance is Provenance.FRESH
                assert not cell(screen, CHANGED, "triggers").startswith(CACHED_MARK)
                others = {a: f.provenance for a, f in screen.facts.items() if a != arn(CHANGED)}
                assert set(others.values()) == {Provenance.CONFIRMED}
                assert cell(screen, "thumbnailer", "triggers").startswith(CONFIRMED_MARK)
                assert cell(screen, "thumbnailer", "triggers").endswith("2·2 not ok")
                assert "14 unchanged since" in status(screen)
                assert "(CloudTrail), 1 read again" in status(screen)

                # the audit view does not call the unread rows' findings "none"
                await pilot.press("a")
                await wait_for(pilot, lambda: isinstance(app.screen, AuditScreen))
                counts = str(app.screen.query_one("#audit-counts", Static).render())
                assert "14 from the cache, not read yet" in counts

        # the refreshed picture is kept for the next start
        await_kept = store.load(DEMO_ACCOUNT, [DEMO_REGION])
        assert await_kept is not None and await_kept.saved_at > picture.saved_at
        assert await_kept.row(arn(CHANGED)).triggers is not None  # type: ignore[union-attr]
    finally:
        gate.open()


async def test_cloudtrail_denied_reads_everything_again_and_says_so_at_80_columns(
    demo_endpoint: str, kept: tuple[PictureStore, ListPicture]
) -> None:
    store, _ = kept
    session = AwsSession(make_spec(demo_endpoint))
    session.boto.events.register("before-call", deny("cloudtrail:LookupEvents"))
    app = app_on(session, store)
    async with app.run_test(size=SMALL) as pilot:
        screen = await reopened(pilot)
        await wait_for(pilot, lambda: screen.checked, timeout=60)
        assert len(screen.trigger_counts) == FUNCTIONS  # every row read again
        assert {f.provenance for f in screen.facts.values()} == {Provenance.FRESH}
        line = status(screen)
        assert line.startswith("15 functions in us-east-1 · all read again: CloudTrail")
        assert any("cloudtrail:LookupEvents" in m for m in app.messages)


async def test_r_reads_everything_again_even_with_a_kept_picture(
    demo_endpoint: str, kept: tuple[PictureStore, ListPicture]
) -> None:
    store, picture = kept
    session = AwsSession(make_spec(demo_endpoint))
    app = app_on(session, store)
    with Stubber(session.client("cloudtrail")) as stub:
        answer_lookups(stub, lookup_since(picture), {})  # nothing changed since
        async with app.run_test(size=SMALL) as pilot:
            screen = await reopened(pilot)
            await wait_for(pilot, lambda: screen.checked)
            assert app.details == {}  # nothing to read: every row confirmed
            assert "15 unchanged since" in status(screen)
            await pilot.press("r")
            assert "reading every function again (r)" in app.messages
            await wait_for(pilot, lambda: screen.checked and len(app.details) == FUNCTIONS)
            assert screen.picture is None
            assert {f.provenance for f in screen.facts.values()} == {Provenance.FRESH}
            assert "from cache" not in status(screen) and "unchanged" not in status(screen)
            assert any(m.startswith("refreshed: 15 functions read again") for m in app.messages)
