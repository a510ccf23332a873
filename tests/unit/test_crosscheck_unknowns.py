"""The cross-check never turns a failed read into a verdict: what rests on it is `unverified`,
and the trigger names the read and what to grant."""

from __future__ import annotations

import pytest

from lambdatui.core.crosscheck import Coverage, function_triggers
from lambdatui.core.facts import ABSENT, FOUND, UNKNOWN, Fact, Presence, Unread, may_overlap
from lambdatui.core.model import FunctionUrl, ReadError, TriggerStatus
from tests.policy_builders import policy
from tests.unit.test_crosscheck import ALL, FN, no_lookups, s3_statement, s3_wired

DENIED_POLICY = ReadError(
    "lambda",
    "GetPolicy",
    "AccessDeniedException",
    "denied",
    resource="img-resize:live",
    iam_action="lambda:GetPolicy",
    iam_resource=f"{FN}:live",
)
DENIED_BUCKET = ReadError(
    "s3",
    "GetBucketNotificationConfiguration",
    "AccessDenied",
    "denied",
    resource="uploads",
    iam_action="s3:GetBucketNotification",
    iam_resource="arn:aws:s3:::uploads",
)
DENIED_TOPIC = ReadError(
    "sns",
    "GetTopicAttributes",
    "AuthorizationError",
    "denied",
    resource="arn:aws:sns:us-east-1:123456789012:alerts",
    iam_action="sns:GetTopicAttributes",
    iam_resource="arn:aws:sns:us-east-1:123456789012:alerts",
)


def sns_statement(sid: str, topic: str) -> dict:  # type: ignore[type-arg]
    return {
        "Sid": sid,
        "Effect": "Allow",
        "Principal": {"Service": "sns.amazonaws.com"},
        "Action": "lambda:InvokeFunction",
        "Resource": FN,
        "Condition": {"ArnLike": {"AWS:SourceArn": f"arn:aws:sns:us-east-1:123456789012:{topic}"}},
    }


def test_a_wired_trigger_whose_policy_could_not_be_read_is_unverified_not_missing() -> None:
    [trigger] = function_triggers(
        wired=[s3_wired("uploads", target=f"{FN}:live")],
        policies=[],
        coverage=ALL,
        exists=no_lookups,
        unread_policies={"live": DENIED_POLICY},
    )
    assert trigger.status is TriggerStatus.UNVERIFIED
    assert trigger.failed_read == DENIED_POLICY
    assert f"grant lambda:GetPolicy on {FN}:live" in trigger.note


def test_another_qualifiers_unread_policy_does_not_touch_this_trigger() -> None:
    [trigger] = function_triggers(
        wired=[s3_wired("uploads")],
        policies=[],
        coverage=ALL,
        exists=no_lookups,
        unread_policies={"live": DENIED_POLICY},
    )
    assert trigger.status is TriggerStatus.MISSING_PERMISSION
    assert trigger.failed_read is None


def test_a_statement_for_a_bucket_whose_notifications_could_not_be_read_is_not_stale() -> None:
    coverage = Coverage(
        scanned=ALL.scanned, unread=(Unread("s3", "arn:aws:s3:::uploads", DENIED_BUCKET),)
    )
    triggers = function_triggers(
        wired=[],
        policies=[policy(s3_statement("s3-uploads", "uploads"), s3_statement("s3-logs", "logs"))],
        coverage=coverage,
        exists=lambda source, arn: FOUND,
    )
    by_sid = {t.statement_sid: t for t in triggers}
    assert by_sid["s3-uploads"].status is TriggerStatus.UNVERIFIED
    assert by_sid["s3-uploads"].failed_read == DENIED_BUCKET
    assert "grant s3:GetBucketNotification on arn:aws:s3:::uploads" in by_sid["s3-uploads"].note
    # another bucket, read fine and not wired: that verdict stands
    assert by_sid["s3-logs"].status is TriggerStatus.NOT_WIRED


def test_a_statement_without_source_arn_is_unverified_while_any_resource_is_unread() -> None:
    statement = s3_statement("any-bucket", "uploads")
    del statement["Condition"]["ArnLike"]
    coverage = Coverage(
        scanned=ALL.scanned, unread=(Unread("s3", "arn:aws:s3:::uploads", DENIED_BUCKET),)
    )
    [trigger] = function_triggers(
        wired=[], policies=[policy(statement)], coverage=coverage, exists=no_lookups
    )
    assert trigger.status is TriggerStatus.UNVERIFIED


def test_a_service_whose_listing_failed_leaves_its_statements_unverified_with_the_read() -> None:
    listing = ReadError(
        "s3", "ListBuckets", "AccessDenied", "denied", iam_action="s3:ListAllMyBuckets"
    )
    coverage = Coverage(
        scanned=ALL.scanned - {"s3"}, notes={"s3": "s3 could not be read"}, failed={"s3": listing}
    )
    [trigger] = function_triggers(
        wired=[], policies=[policy(s3_statement("s3", "uploads"))], coverage=coverage,
        exists=no_lookups,
    )  # fmt: skip
    assert trigger.status is TriggerStatus.UNVERIFIED
    assert trigger.failed_read == listing
    assert "grant s3:ListAllMyBuckets on *" in trigger.note


@pytest.mark.parametrize(
    ("answer", "status"),
    [
        (Fact.unknown(DENIED_TOPIC), TriggerStatus.UNVERIFIED),
        (UNKNOWN, TriggerStatus.UNVERIFIED),
        (None, TriggerStatus.UNVERIFIED),
        (ABSENT, TriggerStatus.SOURCE_MISSING),
        (False, TriggerStatus.SOURCE_MISSING),
        (FOUND, TriggerStatus.NOT_WIRED),
    ],
)
def test_whether_the_source_exists_decides_only_when_it_was_read(
    answer: object, status: TriggerStatus
) -> None:
    [trigger] = function_triggers(
        wired=[],
        policies=[policy(sns_statement("sns-alerts", "alerts"))],
        coverage=ALL,
        exists=lambda source, arn: answer,  # type: ignore[arg-type, return-value]
    )
    assert trigger.status is status
    if answer == Fact.unknown(DENIED_TOPIC):
        assert trigger.failed_read == DENIED_TOPIC
        assert "grant sns:GetTopicAttributes on arn:aws:sns" in trigger.note


def test_a_public_url_whose_policy_could_not_be_read_is_unverified() -> None:
    url = FunctionUrl(qualifier=None, url="https://x.lambda-url.aws/", auth_type="NONE")
    unqualified = ReadError("lambda", "GetPolicy", "AccessDeniedException", "denied")
    [trigger] = function_triggers(
        wired=[], policies=[], urls=[url], coverage=ALL, exists=no_lookups,
        unread_policies={None: unqualified},
    )  # fmt: skip
    assert trigger.source == "function-url"
    assert trigger.status is TriggerStatus.UNVERIFIED
    assert trigger.failed_read == unqualified


def test_url_statements_are_not_stale_when_the_url_listing_failed() -> None:
    statement = {
        "Sid": "FunctionURLAllowPublicAccess",
        "Effect": "Allow",
        "Principal": "*",
        "Action": "lambda:InvokeFunctionUrl",
        "Resource": FN,
        "Condition": {"StringEquals": {"lambda:FunctionUrlAuthType": "NONE"}},
    }
    listing = ReadError("lambda", "ListFunctionUrlConfigs", "AccessDeniedException", "denied")
    found = function_triggers(
        wired=[], policies=[policy(statement)], coverage=ALL, exists=no_lookups,
        unread_urls=listing,
    )  # fmt: skip
    assert found, "a URL statement is a trigger known only from the policy"
    assert all(t.status is TriggerStatus.UNVERIFIED for t in found)
    assert all(t.failed_read == listing for t in found)


# -- the tri-state and the overlap of ARN patterns ---------------------------------------------------
def test_fact_of_older_answers() -> None:
    assert Fact.of(True) is FOUND and Fact.of(False) is ABSENT and Fact.of(None) is UNKNOWN
    unknown = Fact.unknown(DENIED_TOPIC)
    assert Fact.of(unknown) is unknown
    assert unknown.presence is Presence.UNKNOWN and unknown.as_bool() is None
    assert (FOUND.as_bool(), ABSENT.as_bool()) == (True, False)


@pytest.mark.parametrize(
    ("pattern", "covers", "overlap"),
    [
        (None, "arn:aws:s3:::uploads", True),
        ("arn:aws:s3:::uploads", "arn:aws:s3:::uploads", True),
        ("arn:aws:s3:::uploads", "arn:aws:s3:::logs", False),
        ("arn:aws:s3:::upl*", "arn:aws:s3:::uploads", True),
        ("arn:aws:s3:::*", "arn:aws:s3:::uploads", True),
        ("arn:aws:s3:::log*", "arn:aws:s3:::uploads", False),
        ("arn:aws:execute-api:us-east-1:1:abc/*/GET/x", "arn:aws:execute-api:us-east-1:1:abc/*", True),
        ("arn:aws:execute-api:us-east-1:1:xyz/*/GET/x", "arn:aws:execute-api:us-east-1:1:abc/*", False),
        ("arn:aws:events:us-east-1:1:rule/nightly", "arn:aws:events:us-east-1:1:rule/*", True),
        ("arn:aws:events:us-east-1:1:rule/bus/x", "arn:aws:events:us-east-1:1:rule/other/*", False),
        ("arn:aws:logs:r:1:log-group:/app/a:*", "arn:aws:logs:r:1:log-group:/app/a:*", True),
        ("arn:aws:logs:r:1:log-group:/app/a", "arn:aws:logs:r:1:log-group:/app/a:*", True),
        ("arn:aws:logs:r:1:log-group:/app/b:*", "arn:aws:logs:r:1:log-group:/app/a:*", False),
        ("arn:aws:sns:*:1:alerts", "arn:aws:sns:us-east-1:1:*", True),
    ],
)  # fmt: skip
def test_may_overlap_never_says_no_to_patterns_that_can_meet(
    pattern: str | None, covers: str, overlap: bool
) -> None:
    assert may_overlap(pattern, covers) is overlap


def test_an_alias_trigger_without_its_own_grant_is_unverified_while_the_function_policy_is_unread() -> (
    None
):
    unqualified = ReadError("lambda", "GetPolicy", "AccessDeniedException", "denied", "img-resize")
    found = function_triggers(
        wired=[s3_wired("uploads", target=f"{FN}:live")],
        policies=[policy(s3_statement("other", "logs", qualifier="live"), qualifier="live")],
        coverage=ALL,
        exists=lambda source, arn: FOUND,
        unread_policies={None: unqualified},
    )
    [trigger] = [t for t in found if t.source_arn == "arn:aws:s3:::uploads"]
    # the function's policy may hold a function:NAME:* grant covering live: not missing, unknown
    assert trigger.status is TriggerStatus.UNVERIFIED
    assert trigger.failed_read == unqualified


def test_an_alias_trigger_granted_on_the_alias_is_ok_whatever_the_function_policy() -> None:
    unqualified = ReadError("lambda", "GetPolicy", "AccessDeniedException", "denied", "img-resize")
    [trigger] = function_triggers(
        wired=[s3_wired("uploads", target=f"{FN}:live")],
        policies=[policy(s3_statement("s3-live", "uploads", qualifier="live"), qualifier="live")],
        coverage=ALL,
        exists=no_lookups,
        unread_policies={None: unqualified},
    )
    assert trigger.status is TriggerStatus.OK and trigger.statement_sid == "s3-live"


def test_a_function_wide_grant_that_may_serve_an_unverified_alias_trigger_is_not_stale() -> None:
    wide = s3_statement("s3-any-alias", "uploads")
    wide["Resource"] = f"{FN}:*"
    found = function_triggers(
        wired=[s3_wired("uploads", target=f"{FN}:live")],
        policies=[policy(wide)],
        coverage=ALL,
        exists=lambda source, arn: FOUND,
        unread_policies={"live": DENIED_POLICY},
    )
    assert [(t.source_arn, t.status) for t in found] == [
        ("arn:aws:s3:::uploads", TriggerStatus.UNVERIFIED)
    ]


def test_url_grants_that_may_serve_a_url_whose_policy_is_unread_are_not_stale() -> None:
    url = FunctionUrl(qualifier="live", url="https://x.lambda-url.aws/", auth_type="NONE")
    wide = {
        "Sid": "FunctionURLAllowPublicAccess",
        "Effect": "Allow",
        "Principal": "*",
        "Action": "lambda:InvokeFunctionUrl",
        "Resource": f"{FN}:*",
        "Condition": {"StringEquals": {"lambda:FunctionUrlAuthType": "NONE"}},
    }
    found = function_triggers(
        wired=[], policies=[policy(wide)], urls=[url], coverage=ALL, exists=no_lookups,
        unread_policies={"live": DENIED_POLICY},
    )  # fmt: skip
    assert [(t.source, t.status) for t in found] == [("function-url", TriggerStatus.UNVERIFIED)]
