"""Invokers that no API lists (Alexa skills) are said to be known only from the policy."""

from __future__ import annotations

import json

from lambdatui.core.crosscheck import Coverage, function_triggers
from lambdatui.core.model import TriggerStatus
from lambdatui.core.policy import parse_policy

FN = "arn:aws:lambda:us-east-1:123456789012:function:skill"

# The statement `aws lambda add-permission --principal alexa-appkit.amazon.com
# --event-source-token amzn1.ask.skill.…` leaves, in the shape GetPolicy returns it.
ALEXA_POLICY = {
    "Version": "2012-10-17",
    "Id": "default",
    "Statement": [
        {
            "Sid": "alexa",
            "Effect": "Allow",
            "Principal": {"Service": "alexa-appkit.amazon.com"},
            "Action": "lambda:InvokeFunction",
            "Resource": FN,
            "Condition": {"StringEquals": {"lambda:EventSourceToken": "amzn1.ask.skill.1234-abcd"}},
        }
    ],
}


def test_an_alexa_grant_is_known_only_from_the_policy() -> None:
    policy = parse_policy(json.dumps(ALEXA_POLICY), qualifier=None, revision_id="r1")
    triggers = function_triggers(
        wired=[],
        policies=[policy],
        coverage=Coverage(scanned=frozenset({"s3", "sns"})),
        exists=lambda source, arn: None,
    )
    assert [(t.source, t.status) for t in triggers] == [("alexa", TriggerStatus.UNVERIFIED)]
    assert "known only from the policy (event source token)" in triggers[0].note
