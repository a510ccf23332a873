"""AWS's own input patterns, applied as AWS applies them: ASCII only.

The patterns come from botocore's service models (the shape named beside each) or, where a model
carries none (SQS and SNS names), from the service's documented limits. AWS evaluates them as
Java regular expressions, where `\\d` and `\\w` are ASCII; Python's would also take fullwidth or
Arabic-Indic digits and every letter of every script, so each pattern here spells its classes
out (`[0-9]`, `[A-Za-z0-9_]`) and is matched whole (`fullmatch`).

Partitions and regions are botocore's partition data (`lambdatui.aws.regions`, read without
loading botocore), so an ARN naming a region that does not exist is refused before any call.

Pure: no I/O beyond that cached read of botocore's data file.
"""

from __future__ import annotations

import re
from functools import cache

from lambdatui.aws.regions import known_regions, partition_of
from lambdatui.core.arn import Arn

# lambda `SourceOwner`, iam `accountIdType`, events `AccountId`: \d{12}.
ACCOUNT_ID = re.compile(r"[0-9]{12}")
# lambda `PrincipalOrgID`.
ORG_ID = re.compile(r"o-[a-z0-9]{10,32}")
# lambda `StatementId` (1-100).
STATEMENT_ID = re.compile(r"[A-Za-z0-9_-]{1,100}")
# lambda `Action`.
LAMBDA_ACTION = re.compile(r"lambda:\*|lambda:[A-Za-z]+|\*")
# iam `userNameType` / `roleNameType` ([\w+=,.@-]+, 1-64) and `pathType`.
IAM_NAME = r"[A-Za-z0-9_+=,.@-]{1,64}"
IAM_PATH = r"/(?:[\x21-\x7e]+/)?"
# sts `roleSessionNameType` ([\w+=,.@-]*, 2-64).
STS_SESSION = r"[A-Za-z0-9_+=,.@-]{2,64}"
IAM_PRINCIPAL_RESOURCE = re.compile(rf"root|user{IAM_PATH}{IAM_NAME}|role{IAM_PATH}{IAM_NAME}")
STS_PRINCIPAL_RESOURCE = re.compile(rf"assumed-role/{IAM_NAME}/{STS_SESSION}")
# The region part of lambda's `Arn` pattern; the region must also be one botocore knows.
REGION_SHAPE = re.compile(r"(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-[0-9]")
# lambda `Arn`: partition and service.
PARTITION_SHAPE = re.compile(r"aws[a-zA-Z0-9-]*")
SERVICE_SHAPE = re.compile(r"[a-zA-Z0-9-]+")
# An ARN is printable ASCII without spaces: no whitespace, control or non-ASCII character.
ARN_CHARS = re.compile(r"[\x21-\x7e]+")
# SQS queue / SNS topic names (documented: letters, digits, '-' and '_'; '.fifo' suffix).
SQS_QUEUE = re.compile(r"[A-Za-z0-9_-]{1,75}\.fifo|[A-Za-z0-9_-]{1,80}")
SNS_TOPIC = re.compile(r"[A-Za-z0-9_-]{1,251}\.fifo|[A-Za-z0-9_-]{1,256}")
# lambda `FunctionArn`'s resource part.
FUNCTION_RESOURCE = re.compile(r"function:[A-Za-z0-9_-]{1,64}(:(\$LATEST|[A-Za-z0-9_-]{1,128}))?")
# events `NonPartnerEventBusArn` ([\w.-]+), plus the partner buses' `aws.partner/…` names.
EVENT_BUS_RESOURCE = re.compile(
    r"event-bus/[A-Za-z0-9_.-]{1,256}|event-bus/aws\.partner/[\x21-\x7e]+"
)
# S3 bucket names as botocore checks them before sending (`VALID_BUCKET`): older buckets in
# us-east-1 may carry upper-case letters and '_'; a bucket named in a form must exist anyway.
S3_BUCKET = re.compile(r"[A-Za-z0-9._-]{1,255}")
# events `RuleName`.
RULE_NAME = re.compile(r"[A-Za-z0-9._-]{1,64}")
MAX_ARN = 2048


@cache
def known_partitions() -> frozenset[str]:
    """The partition ids botocore's partition data names (empty when it cannot be read)."""
    return frozenset(partition_of(region) for region in known_regions())


def region_error(region: str, partition: str = "aws") -> str | None:
    """Why `region` is not a region of `partition` (None: it is one)."""
    if not REGION_SHAPE.fullmatch(region):
        return f"{region!r} is not a region name (such as us-east-1)"
    known = known_regions(partition) if partition in known_partitions() else ()
    if known_regions() and region not in known:
        return f"there is no region {region} in partition {partition}"
    return None


def arn_error(
    text: str,
    *,
    service: str | None = None,
    region: bool | None = None,
    account: bool | None = None,
) -> str | None:
    """Why `text` is not an ARN AWS would take (None: it is one).

    `service` names the service it must belong to; `region`/`account`: True when the ARN must
    name one, False when it must not (S3 buckets), None when either is fine.
    """
    if not isinstance(text, str) or not text:
        return "not an ARN (arn:partition:service:region:account:resource)"
    if len(text) > MAX_ARN:
        return f"an ARN has at most {MAX_ARN} characters"
    if not ARN_CHARS.fullmatch(text):
        return "an ARN has no spaces, line breaks or non-ASCII characters"
    parts = text.split(":", 5)
    if len(parts) != 6 or parts[0] != "arn":
        return "not an ARN (arn:partition:service:region:account:resource)"
    arn = Arn(*parts[1:])
    partitions = known_partitions()
    if not PARTITION_SHAPE.fullmatch(arn.partition) or (
        partitions and arn.partition not in partitions
    ):
        return f"{arn.partition!r} is not an AWS partition ({', '.join(sorted(partitions))})"
    if not SERVICE_SHAPE.fullmatch(arn.service):
        return f"{arn.service!r} is not a service name"
    if service is not None and arn.service != service:
        return f"expected a {service} ARN, not {arn.service}"
    if arn.region:
        if region is False:
            return f"a {arn.service} ARN names no region"
        if problem := region_error(arn.region, arn.partition):
            return problem
    elif region:
        return f"a {arn.service} ARN names its region"
    if arn.account:
        if account is False:
            return f"a {arn.service} ARN names no account"
        if not ACCOUNT_ID.fullmatch(arn.account):
            return "the account in an ARN is 12 digits (0-9)"
    elif account:
        return f"a {arn.service} ARN names its account"
    if not arn.resource:
        return "the ARN names no resource"
    return None


def iam_principal_error(text: str) -> str | None:
    """Why `text` is not an IAM user/role/root or STS assumed-role ARN (None: it is one)."""
    service = text.split(":", 3)[2] if text.count(":") >= 5 else None
    if service not in ("iam", "sts"):
        return "not an IAM ARN (arn:aws:iam::123456789012:role/NAME)"
    if problem := arn_error(text, service=service, region=False, account=True):
        return problem
    resource = text.split(":", 5)[5]
    shape = IAM_PRINCIPAL_RESOURCE if service == "iam" else STS_PRINCIPAL_RESOURCE
    if not shape.fullmatch(resource):
        if service == "iam":
            return "an IAM principal is root, user/NAME or role/NAME (letters, digits, +=,.@_-)"
        return "an STS principal is assumed-role/ROLE/SESSION"
    return None


__all__ = [
    "ACCOUNT_ID",
    "LAMBDA_ACTION",
    "ORG_ID",
    "RULE_NAME",
    "S3_BUCKET",
    "STATEMENT_ID",
    "arn_error",
    "iam_principal_error",
    "known_partitions",
    "region_error",
]
