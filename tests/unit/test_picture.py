"""The list's last picture (inventory/picture.py, picture_cache.py) and the refresh plan
(inventory/refresh.py) without AWS: rows, the file on disk, and which rows a change re-reads."""

from __future__ import annotations

import json
import logging
import stat
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from lambdatui.aws.cloudtrail_events import Place, event_name, named_by
from lambdatui.aws.cloudtrail_reader import Change, Changes
from lambdatui.core.model import (
    EventSourceMapping,
    Finding,
    Function,
    FunctionDetail,
    Layer,
    Policy,
    PolicyStatement,
    ReadError,
    Severity,
    Trigger,
    TriggerStatus,
)
from lambdatui.inventory.picture import (
    FORMAT,
    ListPicture,
    from_json,
    mapping_arn,
    picture_of,
    to_json,
)
from lambdatui.inventory.picture_cache import PictureStore
from lambdatui.inventory.refresh import LOOKBACK, lookup_since, plan_refresh

ACCOUNT = "123456789012"
REGION = "us-east-1"
SECRET = "pa55-Zq9!not-on-disk"
SAVED = datetime(2026, 12, 1, 10, 2, tzinfo=UTC)
NOW = SAVED + timedelta(hours=3)
HERE = Place("aws", REGION, ACCOUNT)


def arn(name: str) -> str:
    return f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{name}"


def fn(name: str, revision: str | None = "r1", modified: str | None = "2026-12-01") -> Function:
    return Function(
        name=name,
        arn=arn(name),
        region=REGION,
        runtime="python3.12",
        role=f"arn:aws:iam::{ACCOUNT}:role/r",
        architectures=("arm64",),
        layers=(Layer(f"arn:aws:lambda:{REGION}:{ACCOUNT}:layer:l:3", 10),),
        environment={"DB_PASSWORD": SECRET},
        revision_id=revision,
        last_modified=modified,
    )


def trigger(source_arn: str, status: TriggerStatus = TriggerStatus.OK) -> Trigger:
    return Trigger("push", "s3", source_arn, None, status)


def statement(source_arn: str) -> PolicyStatement:
    return PolicyStatement(
        sid="s",
        effect="Allow",
        principal="s3.amazonaws.com",
        action=("lambda:InvokeFunction",),
        source_arn=source_arn,
        source_arns=(source_arn,),
    )


def detail(
    f: Function, *triggers: Trigger, statements: tuple[PolicyStatement, ...] = ()
) -> FunctionDetail:
    policies = (Policy(None, "p1", statements),) if statements else ()
    return FunctionDetail(function=f, triggers=triggers, policies=policies)


def finding(f: Function, severity: Severity) -> Finding:
    return Finding("rule", severity, f.arn, "message")


def picture(*rows: tuple[Function, FunctionDetail | None]) -> ListPicture:
    details = {f.arn: d for f, d in rows if d is not None}
    return picture_of(ACCOUNT, [REGION], [f for f, _ in rows], details, {}, now=SAVED)


# -- rows ---------------------------------------------------------------------------------------


def test_a_row_counts_triggers_and_findings_and_names_its_sources() -> None:
    a = fn("a")
    mapping = EventSourceMapping("u-1", f"arn:aws:sqs:{REGION}:{ACCOUNT}:q", a.arn, "Enabled")
    d = FunctionDetail(
        function=a,
        triggers=(
            trigger("arn:aws:s3:::in"),
            trigger("arn:aws:s3:::gone", TriggerStatus.SOURCE_MISSING),
        ),
        policies=(Policy(None, "p1", (statement("arn:aws:s3:::logs-*"),)),),
        event_source_mappings=(mapping,),
    )
    found = {a.arn: [finding(a, Severity.LOW), finding(a, Severity.HIGH)]}
    p = picture_of(ACCOUNT, [REGION], [a, fn("b")], {a.arn: d}, found, now=SAVED)

    row = p.row(a.arn)
    assert row is not None
    assert (row.triggers, row.not_ok, row.findings, row.worst) == (2, 1, 2, Severity.HIGH)
    assert row.sources == tuple(
        sorted(
            [
                "arn:aws:s3:::in",
                "arn:aws:s3:::gone",
                "arn:aws:s3:::logs-*",
                f"arn:aws:sqs:{REGION}:{ACCOUNT}:q",
                mapping_arn("aws", REGION, ACCOUNT, "u-1"),
            ]
        )
    )
    assert row.function.environment == {}  # the value never leaves memory
    unchecked = p.row(arn("b"))
    assert unchecked is not None and unchecked.triggers is None and unchecked.findings is None
    assert p.row(arn("nope")) is None
    assert p.age_seconds(SAVED + timedelta(seconds=90)) == 90


def test_previous_rows_are_carried_only_where_said_unchanged() -> None:
    a, b, c = fn("a"), fn("b"), fn("c")
    first = picture(
        (a, detail(a, trigger("arn:aws:s3:::x"))),
        (b, detail(b, trigger("arn:aws:s3:::y"))),
        (c, detail(c)),
    )
    fresh_c = detail(c, trigger("arn:aws:s3:::z"), trigger("arn:aws:s3:::w"))
    second = picture_of(
        ACCOUNT, [REGION], [a, b, c], {c.arn: fresh_c}, {}, first, unchanged={a.arn}
    )
    counts = {r.function.name: r.triggers for r in second.rows}
    assert counts == {"a": 1, "b": None, "c": 2}  # b: not confirmed, so not checked
    # Without `unchanged`, the caller vouches for every previous row.
    third = picture_of(ACCOUNT, [REGION], [a, b], {}, {}, first)
    assert [r.triggers for r in third.rows] == [1, 1]  # c is no longer listed: no row


# -- the file -----------------------------------------------------------------------------------


def test_the_picture_file_is_private_compact_and_read_back_whole(tmp_path: Path) -> None:
    a, b = fn("a"), fn("b", revision=None)
    taken = SAVED - timedelta(minutes=20)
    failed = ReadError("lambda", "GetPolicy", "AccessDeniedException", "no")
    p = picture_of(
        ACCOUNT,
        [REGION],
        [a, b],
        {a.arn: replace(detail(a, trigger("arn:aws:s3:::x")), errors=(failed,))},
        {a.arn: [finding(a, Severity.CRITICAL)]},
        taken_at=taken,
        now=SAVED,
    )
    store = PictureStore(tmp_path / "pictures")
    path = store.save(p)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    text = path.read_text()
    assert SECRET not in text and "DB_PASSWORD" not in text
    assert json.loads(text)["format"] == FORMAT

    back = store.load(ACCOUNT, [REGION])
    assert back == p and back is not None
    assert back.saved_at == SAVED and back.taken_at == taken and back.since == taken
    assert back.row(a.arn) == p.row(a.arn) and back.row(a.arn).unknown == 1  # type: ignore[union-attr]
    assert [r.function for r in back.rows] == [r.function for r in p.rows]
    assert list(tmp_path.joinpath("pictures").iterdir()) == [path]  # no temporary left


@pytest.mark.parametrize(
    "broken",
    [
        "{not json",
        "",
        "[]",
        json.dumps({"format": "lambdatui.picture/0", "rows": []}),
        json.dumps({"format": FORMAT}),
        json.dumps(
            {
                "format": FORMAT,
                "account": ACCOUNT,
                "regions": [REGION],
                "endpoint": None,
                "saved_at": "2026-12-01T10:00:00",
                "rows": [],
            }
        ),  # naive
        json.dumps(
            {
                "format": FORMAT,
                "account": ACCOUNT,
                "regions": [REGION],
                "endpoint": None,
                "saved_at": SAVED.isoformat(),
                "rows": [{"f": {}}],
            }
        ),
        json.dumps(
            {
                "format": FORMAT,
                "account": ACCOUNT,
                "regions": [REGION],
                "endpoint": None,
                "saved_at": SAVED.isoformat(),
                "rows": [
                    {
                        "f": {"name": "a", "arn": "x", "region": REGION, "environment": {"K": "v"}},
                        "t": 1,
                        "n": 0,
                    }
                ],
            }
        ),
        json.dumps(
            {
                "format": FORMAT,
                "account": ACCOUNT,
                "regions": [REGION],
                "endpoint": None,
                "saved_at": SAVED.isoformat(),
                "rows": [
                    {"f": {"name": "a", "arn": "x", "region": REGION}, "t": 1, "n": 0, "w": "dire"}
                ],
            }
        ),
    ],
)
def test_a_broken_or_foreign_file_is_no_picture(tmp_path: Path, broken: str) -> None:
    store = PictureStore(tmp_path)
    store.path(ACCOUNT, [REGION]).write_text(broken)
    assert store.load(ACCOUNT, [REGION]) is None


def test_an_emulators_picture_never_passes_for_aws(tmp_path: Path) -> None:
    p = picture((fn("a"), None))
    emulator = PictureStore(tmp_path, endpoint="http://127.0.0.1:5000")
    aws = PictureStore(tmp_path)
    assert emulator.path(ACCOUNT, [REGION]) != aws.path(ACCOUNT, [REGION])
    emulator.save(p)
    assert aws.load(ACCOUNT, [REGION]) is None
    assert emulator.load(ACCOUNT, [REGION]) == p
    # the same file under AWS's name (copied by hand) is still refused: its endpoint is inside
    emulator.path(ACCOUNT, [REGION]).rename(aws.path(ACCOUNT, [REGION]))
    assert aws.load(ACCOUNT, [REGION]) is None
    assert PictureStore(tmp_path).load(ACCOUNT, ["eu-west-1"]) is None


def test_keep_logs_and_does_not_raise_when_the_file_cannot_be_written(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    store = PictureStore(blocker / "pictures")  # a folder under a file cannot be made
    with pytest.raises(OSError):
        store.save(picture((fn("a"), None)))
    logger = logging.getLogger("lambdatui.inventory.picture_cache")
    logger.addHandler(caplog.handler)  # "lambdatui" may not propagate once its log is set up
    try:
        store.keep(picture((fn("a"), None)))
    finally:
        logger.removeHandler(caplog.handler)
    assert "was not kept" in caplog.text


def test_regions_make_one_file_whatever_their_order(tmp_path: Path) -> None:
    p = picture_of(ACCOUNT, ["eu-west-1", REGION], [fn("a")], {}, {}, now=SAVED)
    store = PictureStore(tmp_path)
    assert store.path(ACCOUNT, [REGION, "eu-west-1"]) == store.path(ACCOUNT, ["eu-west-1", REGION])
    store.save(p)
    assert store.load(ACCOUNT, [REGION, "eu-west-1"]) == p
    assert to_json(p)["regions"] == ["eu-west-1", REGION]
    assert from_json(to_json(p), endpoint="http://elsewhere") is None


# -- the plan -----------------------------------------------------------------------------------


def change(
    source: str = "lambda",
    *,
    functions: tuple[str, ...] = (),
    sources: tuple[str, ...] = (),
    resolved: bool = True,
) -> Change:
    return Change(SAVED + timedelta(minutes=5), source, "X", (), functions, sources, resolved)


def test_the_listing_re_reads_new_moved_and_never_checked_functions_only() -> None:
    a, b, c, d, e, u = fn("a"), fn("b"), fn("c"), fn("d", revision=None), fn("e"), fn("u")
    unverified = trigger("arn:aws:s3:::x", TriggerStatus.UNVERIFIED)
    p = picture(
        (a, detail(a)),
        (b, detail(b)),
        (c, detail(c)),
        (d, detail(d)),
        (e, None),
        (u, detail(u, unverified)),
    )
    assert p.row(u.arn).unknown == 1  # type: ignore[union-attr]
    listing = [
        u,  # a trigger was left unverified: unknown is not absent
        a,
        fn("b", revision="r2"),  # code or configuration changed
        fn("c", modified="2026-12-02"),  # LastModified moved, RevisionId the same
        d,  # no RevisionId: LastModified decides, unchanged
        e,  # its triggers were never checked
        fn("new"),
    ]
    plan = plan_refresh(p, listing, [(REGION, Changes())], now=NOW)
    assert plan.reread == {arn("u"), arn("b"), arn("c"), arn("e"), arn("new")}
    assert plan.unchanged == {arn("a"), arn("d")}
    since = SAVED - LOOKBACK
    assert plan.reason == (
        f"CloudTrail: no changes since {since:%H:%M} UTC — 5 functions to read again (1 new)"
    )


def test_cloudtrail_changes_re_read_the_functions_and_sources_they_name() -> None:
    a, b, c, d = fn("a"), fn("b"), fn("c"), fn("d")
    p = picture(
        (a, detail(a, trigger("arn:aws:s3:::uploads"))),
        (b, detail(b, statements=(statement("arn:aws:s3:::logs-*"),))),
        (c, detail(c)),
        (d, detail(d, trigger("arn:aws:sns:us-east-1:123456789012:t"))),
    )
    changes = Changes(
        [
            change("lambda", functions=(arn("c"),)),  # AddPermission on c
            change("s3", sources=("arn:aws:s3:::uploads",)),  # a's bucket
            change("s3", sources=("arn:aws:s3:::logs-2026",)),  # b's statement's wildcard
            change("events", functions=(arn("gone"),)),  # a function no longer listed
        ]
    )
    plan = plan_refresh(p, [a, b, c, d], [(REGION, changes)], now=NOW)
    assert plan.reread == {arn("a"), arn("b"), arn("c")}
    assert plan.unchanged == {arn("d")}
    assert "4 changes" in plan.reason and "3 functions to read again" in plan.reason


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        (
            Changes(
                error=ReadError(
                    "cloudtrail",
                    "LookupEvents",
                    "AccessDeniedException",
                    "no",
                    iam_action="cloudtrail:LookupEvents",
                )
            ),
            "CloudTrail could not be read in us-east-1 (AccessDeniedException, "
            "cloudtrail:LookupEvents): reading everything again",
        ),
        (Changes(complete=False), "more than 1000 events"),
        (Changes([change("lambda", resolved=False)]), "names nothing lambdatui can match"),
    ],
)
def test_unknown_is_not_absent_everything_is_read_again(changes: Changes, words: str) -> None:
    a = fn("a")
    p = picture((a, detail(a)))
    plan = plan_refresh(p, [a], [("eu-west-1", Changes()), (REGION, changes)], now=NOW)
    assert plan.reread is None and plan.unchanged == frozenset()
    assert words in plan.reason


@pytest.mark.parametrize(
    ("now", "words"),
    [
        (SAVED + timedelta(days=91), "older than CloudTrail's 90 days of history"),
        (SAVED - timedelta(hours=1), "dated after now (the clock moved)"),
    ],
)
def test_a_picture_cloudtrail_cannot_vouch_for_is_read_again_whole(
    now: datetime, words: str
) -> None:
    a = fn("a")
    plan = plan_refresh(picture((a, detail(a))), [a], [(REGION, Changes())], now=now)
    assert plan.reread is None and plan.unchanged == frozenset() and words in plan.reason


def test_cloudtrail_is_asked_from_before_the_reads_began() -> None:
    p = picture_of(ACCOUNT, [REGION], [], {}, {}, taken_at=SAVED - timedelta(hours=1), now=SAVED)
    assert lookup_since(p) == SAVED - timedelta(hours=1) - LOOKBACK


# -- what one CloudTrail event names --------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "orders",
        "orders:live",
        f"{ACCOUNT}:function:orders",
        f"{ACCOUNT}:function:orders:3",
        arn("orders"),
        arn("orders") + ":live",
    ],
)
def test_a_lambda_write_names_its_function_in_any_of_lambdas_forms(name: str) -> None:
    record = {"requestParameters": {"functionName": name, "statementId": "s"}}
    named = named_by("lambda", "AddPermission20150331v2", record, HERE)
    assert named.functions == (arn("orders"),) and named.resolved


def test_the_event_names_other_regions_and_accounts_from_its_record() -> None:
    record = {
        "awsRegion": "eu-west-1",
        "recipientAccountId": "210987654321",
        "requestParameters": {"functionName": "orders"},
    }
    named = named_by("lambda", "DeleteFunction20150331", record, HERE)
    assert named.functions == ("arn:aws:lambda:eu-west-1:210987654321:function:orders",)


def test_a_mapping_write_names_the_mapping_and_a_layer_write_nothing() -> None:
    named = named_by(
        "lambda", "DeleteEventSourceMapping20150331", {"requestParameters": {"uUID": "u-1"}}, HERE
    )
    assert named.sources == (mapping_arn("aws", REGION, ACCOUNT, "u-1"),) and named.resolved
    layer = named_by(
        "lambda", "PublishLayerVersion20181031", {"requestParameters": {"layerName": "l"}}, HERE
    )
    assert layer.resolved and not layer.functions and not layer.sources
    unknown = named_by("lambda", "SomethingNew20300101", {"requestParameters": {}}, HERE)
    assert not unknown.resolved
    assert event_name("UpdateFunctionConfiguration20150331v2") == "UpdateFunctionConfiguration"


def test_sns_events_name_the_topic_even_by_a_subscription() -> None:
    topic = f"arn:aws:sns:{REGION}:{ACCOUNT}:orders"
    subscribe = named_by(
        "sns",
        "Subscribe",
        {
            "requestParameters": {
                "topicArn": topic,
                "protocol": "lambda",
                "endpoint": arn("new") + ":live",
            }
        },
        HERE,
    )
    assert subscribe.sources == (topic,) and subscribe.functions == (arn("new"),)
    unsubscribe = named_by(
        "sns", "Unsubscribe", {"requestParameters": {"subscriptionArn": topic + ":8d6f-11"}}, HERE
    )
    assert unsubscribe.sources == (topic,)


def test_eventbridge_events_name_the_rule_on_its_bus() -> None:
    named = named_by(
        "events",
        "PutTargets",
        {
            "requestParameters": {
                "rule": "nightly",
                "eventBusName": "orders-bus",
                "targets": [{"id": "1", "arn": arn("new")}],
            }
        },
        HERE,
    )
    assert named.sources == (f"arn:aws:events:{REGION}:{ACCOUNT}:rule/orders-bus/nightly",)
    assert named.functions == (arn("new"),)
    default = named_by("events", "DeleteRule", {"requestParameters": {"name": "nightly"}}, HERE)
    assert default.sources == (f"arn:aws:events:{REGION}:{ACCOUNT}:rule/nightly",)


def test_without_its_record_an_event_is_read_from_its_resources() -> None:
    named = named_by("s3", "PutBucketNotification", {}, HERE, [("AWS::S3::Bucket", "uploads")])
    assert named.sources == ("arn:aws:s3:::uploads",) and named.resolved
    nothing = named_by("s3", "PutBucketNotification", {}, HERE, [])
    assert not nothing.resolved
