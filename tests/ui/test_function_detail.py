"""The detail screen against the demo account: sections, masking, a denied read."""

from __future__ import annotations

from typing import Any

from botocore.awsrequest import AWSResponse
from textual.widgets import DataTable, Static

from lambdatui.aws.session import AwsSession
from lambdatui.ui.format import MASK
from tests.conftest import make_spec
from tests.ui.conftest import SIZE
from tests.ui.screen_helpers import column, open_function


async def test_detail_shows_every_section(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_function(app, pilot, "notify")
        rows = list(zip(column(screen, "triggers", 2), column(screen, "triggers", 0), strict=True))
        sids = column(screen, "triggers", 5)
        sns = [(status, sid) for (source, status), sid in zip(rows, sids, strict=True)
               if source == "sns"]  # fmt: skip
        assert sns == [("✓ ok", "sns-order-events"), ("! not-wired", "sns-old-alerts")]
        destinations = column(screen, "destinations", 2)
        assert "arn:aws:sqs:us-east-1:123456789012:notify-failures" in destinations
        assert any("notify-dlq" in d for d in destinations)  # the DLQ row
        assert column(screen, "policy", 2).count("sns.amazonaws.com") == 2
        diagram = str(screen.query_one("#diagram", Static).render())
        assert "notify" in diagram and "OnFailure" in diagram


async def test_alias_qualified_trigger_and_destination(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_function(app, pilot, "img-resize")
        assert column(screen, "triggers", 4) == ["live"]
        assert column(screen, "destinations", 0) == ["live"]
        assert "live" in column(screen, "versions", 1)


async def test_environment_values_are_masked_until_revealed(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_function(app, pilot, "partner-hook")
        secret = screen.detail.function.environment["DB_PASSWORD"]
        values = column(screen, "overview", 1)
        assert secret not in values and MASK in values
        await pilot.press("v")
        assert secret in column(screen, "overview", 1)
        await pilot.press("v")
        assert secret not in column(screen, "overview", 1)


def deny(operation: str):  # type: ignore[no-untyped-def]
    """A botocore hook answering one operation with AccessDenied, as IAM would."""

    def handler(**_: Any) -> tuple[AWSResponse, dict[str, Any]]:
        response = AWSResponse("http://denied", 403, {}, None)
        return response, {
            "Error": {"Code": "AccessDeniedException", "Message": f"not authorized: {operation}"},
            "ResponseMetadata": {"HTTPStatusCode": 403},
        }

    return handler


async def test_denied_policy_read_shows_a_sentence_and_the_rest_loads(  # type: ignore[no-untyped-def]
    make_app, demo_endpoint
) -> None:
    session = AwsSession(make_spec(demo_endpoint))
    session.boto.events.register("before-call.lambda.GetPolicy", deny("lambda:GetPolicy"))
    app = make_app(session=session)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_function(app, pilot, "notify")
        message = screen.query_one("#policy-error", Static)
        assert message.display
        assert "AccessDeniedException" in str(message.render())
        assert screen.query_one("#policy", DataTable).row_count == 0
        # Other sections still loaded.
        assert screen.query_one("#destinations", DataTable).row_count >= 1
        assert screen.query_one("#destinations-error", Static).display is False
