"""Several regions in one list: a region column, details and changes routed to each region."""

from __future__ import annotations

import json

import boto3
from textual.widgets import DataTable

from lambdatui.actions.facade import Actions
from lambdatui.actions.journal import Journal
from lambdatui.aws.session import AwsSession
from lambdatui.demo.server import DEMO_CREDENTIALS
from lambdatui.inventory.account import Inventory
from lambdatui.inventory.multi_region import MultiRegionActions, MultiRegionInventory
from lambdatui.ui.app import LambdaTuiApp
from lambdatui.ui.backend import AppContext
from lambdatui.ui.screens.function_detail import FunctionDetailScreen
from tests.account_builders import EU_FN, make_eu_function
from tests.conftest import make_spec
from tests.ui.conftest import SIZE, wait_for


async def test_two_regions_in_one_list(demo_endpoint, tmp_path, boto) -> None:  # type: ignore[no-untyped-def]
    make_eu_function(demo_endpoint)
    sessions = [AwsSession(make_spec(demo_endpoint, region=r)) for r in ("us-east-1", "eu-west-1")]
    backend = MultiRegionInventory([Inventory(s, scan_all_log_groups=True) for s in sessions])
    journal = Journal(tmp_path / "journal.jsonl")
    actions = MultiRegionActions({s.region: Actions(s, journal) for s in sessions})
    app = LambdaTuiApp(backend, AppContext(profile="demo"), actions=actions)
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one(DataTable)
        await wait_for(pilot, lambda: table.row_count == 16)
        assert "region" in [str(c.value) for c in table.columns]
        assert str(table.get_cell(EU_FN, "region")) == "eu-west-1"
        await wait_for(pilot, lambda: app.identity is not None)
        assert "us-east-1, eu-west-1" in app.sub_title

        table.move_cursor(row=table.get_row_index(EU_FN))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, FunctionDetailScreen))
        screen = app.screen
        await wait_for(pilot, lambda: screen.detail is not None)
        assert screen.detail.function.region == "eu-west-1"

        # A change to the eu-west-1 function goes to eu-west-1.
        plan = actions.add_permission(
            screen.detail, {"principal": "sns.amazonaws.com", "statement_id": "eu-sns"}
        )
        outcome = actions.apply(plan)
        assert outcome.ok
    eu = boto3.Session(
        aws_access_key_id=DEMO_CREDENTIALS["access_key_id"],
        aws_secret_access_key=DEMO_CREDENTIALS["secret_access_key"],
        region_name="eu-west-1",
    ).client("lambda", endpoint_url=demo_endpoint)
    statement = json.loads(eu.get_policy(FunctionName="eu-reports")["Policy"])["Statement"][0]
    assert statement["Sid"] == "eu-sns"
