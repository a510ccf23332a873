"""Builders of what a test puts in the emulator's account before it reads or changes it: a
function's code, functions (one, a few with versions and an alias, one in another region), and
the reads tests make back (a function's detail, its policy's statements).

They were written again in several test files, or imported from one test file into others.
"""

from __future__ import annotations

import contextlib
import io
import json
import zipfile
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from lambdatui.demo.server import DEMO_ACCOUNT, DEMO_CREDENTIALS, DEMO_REGION

if TYPE_CHECKING:
    from lambdatui.aws.session import AwsSession
    from lambdatui.core.model import FunctionDetail

Client = Callable[[str], Any]
"""The `boto` fixture: a boto3 client of the emulator by service name."""
ACCOUNT = DEMO_ACCOUNT
REGION = DEMO_REGION
ACTIONS_ROLE = f"arn:aws:iam::{ACCOUNT}:role/actions-role"
"""The execution role `make_function` gives its functions."""


def arn(service: str, resource: str, region: str = REGION) -> str:
    """The ARN of a regional resource of the test account, e.g. `arn("sqs", "dlq")`."""
    return f"arn:aws:{service}:{region}:{ACCOUNT}:{resource}"


def handler_zip(module: str = "app", returns: str = "1") -> bytes:
    """A deployment package: `module.py` whose `handler` returns `returns`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(f"{module}.py", f"def handler(event, context):\n    return {returns}\n")
    return buffer.getvalue()


def make_function(boto: Client, name: str, **extra: Any) -> str:
    """A python3.12 function with the role `ACTIONS_ROLE` (made on first use); its ARN."""
    iam = boto("iam")
    with contextlib.suppress(iam.exceptions.EntityAlreadyExistsException):
        iam.create_role(RoleName="actions-role", AssumeRolePolicyDocument="{}")
    answer = boto("lambda").create_function(
        FunctionName=name,
        Runtime="python3.12",
        Role=ACTIONS_ROLE,
        Handler="app.handler",
        Code={"ZipFile": handler_zip()},
        **extra,
    )
    return str(answer["FunctionArn"])


def make_functions(boto: Client, count: int) -> list[str]:
    """`count` functions fn-00, fn-01, …, each with versions 1 and 2 and alias `live` → 1."""
    role = boto("iam").create_role(RoleName="r", AssumeRolePolicyDocument="{}")["Role"]["Arn"]
    lam, code, names = boto("lambda"), handler_zip("index"), []
    for i in range(count):
        name = f"fn-{i:02d}"
        lam.create_function(
            FunctionName=name,
            Runtime="python3.12",
            Role=role,
            Handler="index.handler",
            Code={"ZipFile": code},
        )
        lam.publish_version(FunctionName=name)
        lam.update_function_configuration(FunctionName=name, Description="second")
        lam.publish_version(FunctionName=name)
        lam.create_alias(FunctionName=name, Name="live", FunctionVersion="1")
        names.append(name)
    return names


EU_FN = f"arn:aws:lambda:eu-west-1:{ACCOUNT}:function:eu-reports"


def make_eu_function(endpoint: str) -> None:
    """`eu-reports` in eu-west-1 (the `boto` fixture's clients are in us-east-1)."""
    import boto3

    session = boto3.Session(
        aws_access_key_id=DEMO_CREDENTIALS["access_key_id"],
        aws_secret_access_key=DEMO_CREDENTIALS["secret_access_key"],
        region_name="eu-west-1",
    )
    session.client("lambda", endpoint_url=endpoint).create_function(
        FunctionName="eu-reports",
        Runtime="python3.12",
        Role=f"arn:aws:iam::{ACCOUNT}:role/demo-lambda-role",
        Handler="app.handler",
        Code={"ZipFile": handler_zip()},
    )


def detail_of(aws: AwsSession, name: str) -> FunctionDetail:
    """The function's detail as the app reads it (every log group scanned)."""
    from lambdatui.inventory.account import Inventory

    inventory = Inventory(aws, scan_all_log_groups=True)
    function = next(f for page in inventory.function_pages() for f in page if f.name == name)
    return inventory.detail(function)


def statements(boto: Client, name: str) -> dict[str, dict[str, Any]]:
    """The function's resource-policy statements by Sid; {} when it has no policy."""
    try:
        policy = boto("lambda").get_policy(FunctionName=name)["Policy"]
    except boto("lambda").exceptions.ResourceNotFoundException:
        return {}
    return {s["Sid"]: s for s in json.loads(policy)["Statement"]}
