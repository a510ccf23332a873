"""Fixed data whose every AWS-side string carries console markup and terminal control characters.

A function's description, environment, role, layers, policy, triggers, destinations, URLs,
aliases and a failed read's message all come from whoever can write to the account; the UI must
show them as text. Built on the fixed backend (model dataclasses, policies in AWS's JSON shape).
"""

from __future__ import annotations

import json
from dataclasses import replace

from lambdatui.core.crosscheck import Coverage, function_triggers
from lambdatui.core.model import (
    Alias,
    Destination,
    Function,
    FunctionDetail,
    FunctionUrl,
    Layer,
    ReadError,
    Version,
    WiredTrigger,
)
from lambdatui.core.policy import parse_policy
from tests.ui.fixed_backend import ACCOUNT, ARN, FixedBackend, _function

CLEAR = "\x1b[2J"
"""Clears the terminal if it is ever written out raw."""
SHOWN_CLEAR = "\\x1b[2J"
"""How the UI must show it: the characters, written out."""
MARKUP = "[/]"
NAME = "hostile-job"
DESCRIPTION = f"Nightly {MARKUP} job {CLEAR} [bold red]boom"
SECRET = f"{MARKUP}s3cret{CLEAR}[link=http://x]"
BAD_SID = "Sid[/]x"
EVIL_BUCKET = f"arn:aws:s3:::[b]evil{CLEAR}"


def hostile_function() -> Function:
    return replace(
        _function(NAME, "python3.12", 128),
        description=DESCRIPTION,
        handler=f"[red]app{MARKUP}.handler\x07",
        role=f"arn:aws:iam::{ACCOUNT}:role/{MARKUP}role{CLEAR}",
        environment={f"[b]KEY{MARKUP}": SECRET, "PLAIN": f"v{MARKUP}\u202eexe.txt"},
        layers=(Layer(f"arn:aws:lambda:us-east-1:{ACCOUNT}:layer:{MARKUP}x:1"),),
        dead_letter_target=f"arn:aws:sqs:us-east-1:{ACCOUNT}:dlq{MARKUP}\x1b]0;pwned\x07",
    )


def hostile_policy() -> str:
    statement = {
        "Sid": BAD_SID,
        "Effect": "Allow",
        "Principal": {"Service": "s3.amazonaws.com"},
        "Action": "lambda:InvokeFunction",
        "Resource": ARN + NAME,
        "Condition": {"ArnLike": {"AWS:SourceArn": f"arn:aws:s3:::[/]gone{CLEAR}"}},
    }
    iot = {
        "Sid": "iot-rule",
        "Effect": "Allow",
        "Principal": {"Service": "iot.amazonaws.com"},
        "Action": "lambda:InvokeFunction",
        "Resource": ARN + NAME,
    }
    return json.dumps({"Version": "2012-10-17", "Id": "default", "Statement": [statement, iot]})


class HostileBackend(FixedBackend):
    """The fixed account plus one function whose every field is hostile."""

    def __init__(self) -> None:
        super().__init__()
        self.hostile = hostile_function()
        self.functions = [*self.functions, self.hostile]
        self.wiring_.by_function[self.hostile.arn] = [
            WiredTrigger("s3", EVIL_BUCKET, self.hostile.arn, "s3.amazonaws.com", ACCOUNT,
                         {"events": [f"s3:{MARKUP}Created"], "prefix": CLEAR}),
        ]  # fmt: skip
        self.policies[NAME] = [parse_policy(hostile_policy(), qualifier=None, revision_id="h1")]
        self.destinations[NAME] = [
            Destination(None, f"arn:aws:sns:us-east-1:{ACCOUNT}:t{MARKUP}{CLEAR}", None, 1)
        ]

    def detail(self, function: Function, *, triggers: bool = True) -> FunctionDetail:
        if function.name != NAME:
            return super().detail(function, triggers=triggers)
        detail = FunctionDetail(
            function=function,
            policies=tuple(self.policies[NAME]),
            destinations=tuple(self.destinations[NAME]),
            aliases=(Alias(f"live{MARKUP}", ARN + NAME + ":live", "1", f"d {MARKUP}{CLEAR}"),),
            versions=(Version("1", ARN + NAME + ":1", f"[i]v1{CLEAR}"),),
            function_urls=(
                FunctionUrl(None, f"https://x.lambda-url.aws/[/]{CLEAR}", "NONE", ("[*]",)),
            ),
            errors=(
                ReadError("lambda", "ListEventSourceMappings", "AccessDenied",
                          f"not authorized {MARKUP} {CLEAR}"),
            ),
        )  # fmt: skip
        found = function_triggers(
            wired=self.wiring_.by_function[function.arn],
            policies=detail.policies,
            mappings=(),
            coverage=Coverage(scanned=frozenset({"s3", "events", "sns", "apigateway", "logs"})),
            exists=lambda source, arn: False,
        )
        return replace(detail, triggers=tuple(found))
