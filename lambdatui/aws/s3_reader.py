"""S3 bucket notifications that invoke Lambda functions.

A bucket notification configuration holds every Lambda target of the bucket
(`LambdaFunctionConfigurations`). Bucket ARNs carry no account or region, so `source_account` is
our own account (sts:GetCallerIdentity, once) and only buckets of the session's region are read:
S3 only lets a bucket notify a function in its own region.
"""

from __future__ import annotations

import re
from typing import Any

from lambdatui.aws.trigger_sources import TriggerReader, function_arn
from lambdatui.core.arn import parse_arn
from lambdatui.core.model import WiredTrigger

# what botocore itself accepts as a bucket name; anything else cannot exist
_BUCKET_NAME = re.compile(r"[A-Za-z0-9.\-_]{1,255}")


class S3Reader(TriggerReader):
    source = "s3"
    principal = "s3.amazonaws.com"
    service = "s3"

    def wired_triggers(self) -> list[WiredTrigger]:
        """ListBuckets, then GetBucketNotificationConfiguration per bucket of this region."""
        self.reset()
        client = self.client()
        triggers: list[WiredTrigger] = []
        names = [
            bucket["Name"]
            for bucket in self.pages("list_buckets", "Buckets", BucketRegion=self.region)
            # (an endpoint may ignore the BucketRegion filter)
            if bucket.get("BucketRegion", self.region) == self.region
        ]

        def notifications(name: str) -> dict[str, Any] | None:
            config: dict[str, Any] | None = self.read(
                "GetBucketNotificationConfiguration",
                name,
                lambda: client.get_bucket_notification_configuration(Bucket=name),
                missing_ok=True,
                covers=f"arn:{self.partition}:s3:::{name}",
            )
            return config

        for name, config in zip(names, self.read_each(names, notifications), strict=True):
            for entry in (config or {}).get("LambdaFunctionConfigurations") or ():
                triggers.append(self._trigger(name, entry))
        return triggers

    def _trigger(self, bucket: str, entry: dict[str, Any]) -> WiredTrigger:
        account = self.account()
        rules = (entry.get("Filter") or {}).get("Key", {}).get("FilterRules") or ()
        filters = {str(r.get("Name", "")).lower(): r.get("Value", "") for r in rules}
        return WiredTrigger(
            source=self.source,
            source_arn=f"arn:{self.partition}:s3:::{bucket}",
            target_arn=function_arn(
                entry["LambdaFunctionArn"],
                partition=self.partition,
                region=self.region,
                account=account,
            ),
            principal=self.principal,
            source_account=account,
            detail={
                "bucket": bucket,
                "id": entry.get("Id"),
                "events": tuple(entry.get("Events") or ()),
                "prefix": filters.get("prefix"),
                "suffix": filters.get("suffix"),
            },
        )

    def iam_resource(self, arn: str) -> str:
        """HeadBucket needs s3:ListBucket on the bucket, not on a key path within it."""
        return arn.split("/", 1)[0]

    def source_exists(self, arn: str) -> bool:
        """HeadBucket on `arn:aws:s3:::bucket` (a key path after the bucket is ignored).

        A bucket of another account answers 403, which raises `AccessDenied`: it exists, but it
        is not ours to read.
        """
        parsed = parse_arn(arn)
        if parsed is None or parsed.service != "s3" or parsed.region or parsed.account:
            return False  # not a bucket ARN (access points and the like carry both)
        name = parsed.resource.split("/", 1)[0]
        self.refuse_wildcards(name, arn)
        if not _BUCKET_NAME.fullmatch(name):
            return False
        client = self.client()
        return self.exists("HeadBucket", name, lambda: client.head_bucket(Bucket=name))
