"""Instant re-opens over the emulator: the list's picture is kept (without environment values),
found again by the next start, and refreshed where CloudTrail says something changed.

moto does not serve CloudTrail's LookupEvents (NotImplementedError, a 500): botocore's Stubber
answers on the cloudtrail client only, with events in AWS's shape (the event's own record is
the JSON string `CloudTrailEvent`); a denied LookupEvents goes through a botocore event hook.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from botocore.stub import Stubber

from lambdatui.aws.cloudtrail_reader import MAX_PAGES, WATCHED
from lambdatui.aws.session import AwsSession
from lambdatui.commands.setup import Target
from lambdatui.commands.tui import inventories_for
from lambdatui.core.model import Function
from lambdatui.demo.account import DEMO_ACCOUNT, DEMO_REGION
from lambdatui.inventory.account import Inventory
from lambdatui.inventory.multi_region import MultiRegionInventory
from lambdatui.inventory.picture import ListPicture, picture_of
from lambdatui.inventory.picture_cache import PictureStore, pictures_dir
from lambdatui.inventory.refresh import lookup_since
from tests.account_builders import make_function
from tests.aws.test_denial_matrix import deny
from tests.conftest import make_spec

Client = Callable[[str], Any]
SECRET = "Zt8#qM3n!Wy4-orders-prod"


def arn(name: str, region: str = DEMO_REGION) -> str:
    return f"arn:aws:lambda:{region}:{DEMO_ACCOUNT}:function:{name}"


def make_account(boto: Client, names: list[str]) -> None:
    """Functions `names` (the second holds a secret in its environment), and bucket `uploads`
    notifying the first, with the permission that lets it."""
    for i, name in enumerate(names):
        secret = {"Variables": {"DB_PASSWORD": SECRET}} if i == 1 else {}
        make_function(boto, name, Environment=secret)
    boto("lambda").add_permission(
        FunctionName=names[0],
        StatementId="s3-uploads",
        Action="lambda:InvokeFunction",
        Principal="s3.amazonaws.com",
        SourceArn="arn:aws:s3:::uploads",
        SourceAccount=DEMO_ACCOUNT,
    )
    boto("s3").create_bucket(Bucket="uploads")
    notify(boto, names[:1])


def notify(boto: Client, names: list[str]) -> None:
    boto("s3").put_bucket_notification_configuration(
        Bucket="uploads",
        NotificationConfiguration={
            "LambdaFunctionConfigurations": [
                {"Id": n, "LambdaFunctionArn": arn(n), "Events": ["s3:ObjectCreated:*"]}
                for n in names
            ]
        },
    )


def inventory(endpoint: str, region: str = DEMO_REGION, **spec: Any) -> Inventory:
    session = AwsSession(make_spec(endpoint, region=region, **spec))
    return Inventory(session, pictures=PictureStore(endpoint=endpoint))


def listing(inv: Inventory | MultiRegionInventory) -> list[Function]:
    return [f for page in inv.function_pages() for f in page]


def take_picture(inv: Inventory | MultiRegionInventory) -> ListPicture:
    """What the list screen does once it has read everything: a picture of it, kept."""
    functions = listing(inv)
    details = {f.arn: inv.detail(f) for f in functions}
    regions = inv.regions if isinstance(inv, MultiRegionInventory) else [inv.region]
    picture = picture_of(DEMO_ACCOUNT, regions, functions, details, {f.arn: [] for f in functions})
    inv.keep_picture(picture)
    return picture


def event(
    source: str,
    name: str,
    when: datetime,
    request: dict[str, Any],
    resources: list[tuple[str, str]] = (),  # type: ignore[assignment]
    *,
    read_only: bool = False,
) -> dict[str, Any]:
    """One LookupEvents event as CloudTrail returns it: the summary, and the whole record as
    the JSON string `CloudTrailEvent`."""
    event_id = str(uuid.uuid4())
    record = {
        "eventVersion": "1.08",
        "userIdentity": {
            "type": "IAMUser",
            "principalId": "AIDAEXAMPLE",
            "arn": f"arn:aws:iam::{DEMO_ACCOUNT}:user/ops",
            "accountId": DEMO_ACCOUNT,
            "userName": "ops",
        },
        "eventTime": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "eventSource": f"{source}.amazonaws.com",
        "eventName": name,
        "awsRegion": DEMO_REGION,
        "sourceIPAddress": "198.51.100.7",
        "userAgent": "aws-cli/2.22.0",
        "requestParameters": request,
        "responseElements": None,
        "requestID": str(uuid.uuid4()),
        "eventID": event_id,
        "readOnly": read_only,
        "eventType": "AwsApiCall",
        "managementEvent": True,
        "recipientAccountId": DEMO_ACCOUNT,
        "eventCategory": "Management",
    }
    return {
        "EventId": event_id,
        "EventName": name,
        "ReadOnly": "true" if read_only else "false",
        "AccessKeyId": "AKIAEXAMPLE",
        "EventTime": when,
        "EventSource": f"{source}.amazonaws.com",
        "Username": "ops",
        "Resources": [{"ResourceType": t, "ResourceName": n} for t, n in resources],
        "CloudTrailEvent": json.dumps(record),
    }


def answer_lookups(stub: Stubber, since: datetime, events: dict[str, list[dict[str, Any]]]) -> None:
    """One LookupEvents answer per watched source, in the reader's order."""
    for source in WATCHED:
        expected = {
            "LookupAttributes": [{"AttributeKey": "EventSource", "AttributeValue": source}],
            "StartTime": since,
            "MaxResults": 50,
        }
        found = events.get(source.removesuffix(".amazonaws.com"), [])
        stub.add_response("lookup_events", {"Events": found}, expected)


def test_a_policy_and_a_bucket_change_re_read_exactly_their_functions(
    endpoint: str, boto: Client
) -> None:
    make_account(boto, ["thumbs", "orders", "audit", "quiet", "resizer"])
    first = take_picture(inventory(endpoint))
    [kept_file] = list(pictures_dir().iterdir())
    assert SECRET not in kept_file.read_text()  # the environment's value never reaches the disk

    # Between two starts: a policy change (the listing does not move for it) and a bucket that
    # now also notifies `resizer` (a new target), both made outside lambdatui.
    boto("lambda").add_permission(
        FunctionName="audit",
        StatementId="events-nightly",
        Action="lambda:InvokeFunction",
        Principal="events.amazonaws.com",
        SourceArn=f"arn:aws:events:{DEMO_REGION}:{DEMO_ACCOUNT}:rule/nightly",
    )
    notify(boto, ["thumbs", "resizer"])

    reopened = inventory(endpoint)
    kept = reopened.cached_picture()
    assert kept is not None and (kept.rows, kept.saved_at) == (first.rows, first.saved_at)
    assert "arn:aws:s3:::uploads" in kept.row(arn("thumbs")).sources  # type: ignore[union-attr]
    # keep_picture dated it from when the listing began (CloudTrail is asked from there)
    assert kept.taken_at is not None and kept.taken_at < kept.saved_at
    assert kept.row(arn("thumbs")) is not None and kept.row(arn("thumbs")).triggers == 1  # type: ignore[union-attr]
    functions = listing(reopened)
    assert {f.arn: f.last_modified for f in functions} == {
        r.function.arn: r.function.last_modified for r in kept.rows
    }  # the listing alone sees nothing
    since = lookup_since(kept)
    now = datetime.now(UTC)
    events = {
        "lambda": [
            event("lambda", "GetPolicy20150331v2", now, {"functionName": "quiet"}, read_only=True),
            event(
                "lambda",
                "AddPermission20150331v2",
                now,
                {
                    "functionName": "audit",
                    "statementId": "events-nightly",
                    "action": "lambda:InvokeFunction",
                    "principal": "events.amazonaws.com",
                    "sourceArn": f"arn:aws:events:{DEMO_REGION}:{DEMO_ACCOUNT}:rule/nightly",
                },
                [("AWS::Lambda::Function", "audit")],
            ),
            # older than the picture: what it changed is in the picture already
            event(
                "lambda",
                "UpdateFunctionConfiguration20150331v2",
                since - timedelta(hours=2),
                {"functionName": "quiet"},
            ),
        ],
        "s3": [
            event(
                "s3",
                "PutBucketNotification",
                now,
                {
                    "bucketName": "uploads",
                    "Host": "uploads.s3.amazonaws.com",
                    "notification": "",
                    "NotificationConfiguration": {
                        "xmlns": "http://s3.amazonaws.com/doc/2006-03-01/",
                        "CloudFunctionConfiguration": [
                            {
                                "Id": "thumbs",
                                "CloudFunction": arn("thumbs"),
                                "Event": "s3:ObjectCreated:*",
                            },
                            {
                                "Id": "resizer",
                                "CloudFunction": arn("resizer"),
                                "Event": "s3:ObjectCreated:*",
                            },
                        ],
                    },
                },
                [("AWS::S3::Bucket", "uploads")],
            )
        ],
        "sns": [event("sns", "Publish", now, {"topicArn": "arn:aws:sns:us-east-1:1:t"})],
    }
    with Stubber(reopened.session.client("cloudtrail")) as stub:
        answer_lookups(stub, since, events)
        plan = reopened.refresh_plan(kept, functions)
        stub.assert_no_pending_responses()

    assert plan.reread == {arn("audit"), arn("thumbs"), arn("resizer")}
    assert plan.unchanged == {arn("orders"), arn("quiet")}
    assert plan.reason == (
        f"CloudTrail: 2 changes since {since:%H:%M} UTC — 3 functions to read again"
    )

    # The refreshed picture: the re-read rows fresh, the others carried, kept for next time.
    details = {a: reopened.detail(f) for f in functions if (a := f.arn) in plan.reread}
    second = picture_of(
        DEMO_ACCOUNT, [DEMO_REGION], functions, details, {}, kept, unchanged=plan.unchanged
    )
    reopened.keep_picture(second)
    again = inventory(endpoint).cached_picture()
    assert again is not None and again.rows == second.rows
    assert again.taken_at is not None and again.taken_at < again.saved_at
    assert again.row(arn("resizer")).triggers == 1  # type: ignore[union-attr]
    assert again.row(arn("orders")) == kept.row(arn("orders"))
    assert f"arn:aws:events:{DEMO_REGION}:{DEMO_ACCOUNT}:rule/nightly" in (
        again.row(arn("audit")).sources  # type: ignore[union-attr]
    )


@pytest.mark.parametrize(
    ("code", "status"), [("AccessDeniedException", 403), ("ThrottlingException", 400)]
)
def test_cloudtrail_denied_reads_everything_again_and_names_the_action(
    endpoint: str, boto: Client, code: str, status: int
) -> None:
    make_account(boto, ["thumbs", "orders"])
    take_picture(inventory(endpoint))
    # one attempt: a throttled read is what "past the retries" leaves
    reopened = inventory(endpoint, max_attempts=1)
    reopened.session.boto.events.register(
        "before-call", deny("cloudtrail:LookupEvents", code, status)
    )
    kept = reopened.cached_picture()
    assert kept is not None
    plan = reopened.refresh_plan(kept, listing(reopened))
    assert plan.reread is None and plan.unchanged == frozenset()  # never "unchanged" on a failure
    assert plan.reason == (
        f"CloudTrail could not be read in {DEMO_REGION} ({code}, "
        "cloudtrail:LookupEvents): reading everything again"
    )


def test_more_changes_than_the_reader_pages_through_read_everything_again(
    endpoint: str, boto: Client
) -> None:
    make_account(boto, ["thumbs", "orders"])
    take_picture(inventory(endpoint))
    reopened = inventory(endpoint)
    kept = reopened.cached_picture()
    assert kept is not None
    since, now = lookup_since(kept), datetime.now(UTC)
    busy = [event("lambda", "UpdateFunctionCode20150331v2", now, {"functionName": "orders"})]
    with Stubber(reopened.session.client("cloudtrail")) as stub:
        for _ in range(MAX_PAGES):  # every page says there is another
            stub.add_response("lookup_events", {"Events": busy, "NextToken": "more"})
        for _ in WATCHED.keys() - {"lambda.amazonaws.com"}:
            stub.add_response("lookup_events", {"Events": []})
        plan = reopened.refresh_plan(kept, listing(reopened))
        stub.assert_no_pending_responses()  # it stopped at the bound, and said so
    assert plan.reread is None
    assert f"more than {MAX_PAGES * 50} events of one kind since {since:%H:%M} UTC" in plan.reason


def test_the_demo_keeps_no_picture(endpoint: str, boto: Client) -> None:
    make_account(boto, ["thumbs", "orders"])
    spec = make_spec(endpoint)
    [demo] = inventories_for(Target([spec], True, True), [AwsSession(spec)])
    assert demo.pictures is None
    take_picture(demo)
    assert demo.cached_picture() is None
    assert not pictures_dir().exists()  # nothing was written

    [real] = inventories_for(Target([spec], False, False), [AwsSession(spec)])
    assert real.pictures is not None and real.pictures.endpoint == endpoint
    take_picture(real)
    assert real.cached_picture() is not None


def test_several_regions_keep_one_picture_and_ask_each_regions_cloudtrail(
    endpoint: str, boto: Client, private_home: Path
) -> None:
    make_account(boto, ["thumbs", "orders"])
    east, west = inventory(endpoint), inventory(endpoint, "eu-west-1")
    both = MultiRegionInventory([east, west])
    first = take_picture(both)
    assert first.regions == (DEMO_REGION, "eu-west-1")
    assert east.cached_picture() is None  # one region alone is another picture
    kept = MultiRegionInventory([inventory(endpoint), inventory(endpoint, "eu-west-1")])
    picture = kept.cached_picture()
    assert picture is not None and picture.rows == first.rows and picture.taken_at is not None

    # us-east-1 answers, eu-west-1 denies: what changed there is unknown, so everything is
    west_again = kept.by_region["eu-west-1"]
    west_again.session.boto.events.register("before-call", deny("cloudtrail:LookupEvents"))
    with Stubber(kept.by_region[DEMO_REGION].session.client("cloudtrail")) as stub:
        answer_lookups(stub, lookup_since(picture), {})
        plan = kept.refresh_plan(picture, listing(kept))
    assert plan.reread is None
    assert "in eu-west-1 (AccessDeniedException, cloudtrail:LookupEvents)" in plan.reason


@pytest.mark.parametrize("broken", ["{", '{"format": "lambdatui.picture/999"}'])
def test_a_broken_picture_on_disk_is_no_picture(endpoint: str, boto: Client, broken: str) -> None:
    make_account(boto, ["thumbs", "orders"])
    inv = inventory(endpoint)
    take_picture(inv)
    [kept_file] = list(pictures_dir().iterdir())
    kept_file.write_text(broken)
    assert inventory(endpoint).cached_picture() is None
