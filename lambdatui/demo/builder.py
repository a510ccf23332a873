"""Build resources of the demo account with plain boto3 calls against the emulator."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from lambdatui.demo.account import DEMO_ACCOUNT, DEMO_CREDENTIALS

ROLE_NAME = "demo-lambda-role"

_PYTHON_CODE = "def handler(event, context):\n    return {'statusCode': 200, 'body': 'ok'}\n"
_NODE_CODE = "export const handler = async () => ({ statusCode: 200, body: 'ok' });\n"


def _zip(filename: str, code: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        info = zipfile.ZipInfo(filename, date_time=(2025, 11, 30, 0, 0, 0))
        archive.writestr(info, code)
    return buffer.getvalue()


class AccountBuilder:
    """boto3 clients for one emulated account and region, and the ARNs of its resources."""

    def __init__(self, endpoint_url: str, region: str) -> None:
        import boto3

        self.region = region
        self.account = DEMO_ACCOUNT
        session = boto3.Session(
            aws_access_key_id=DEMO_CREDENTIALS["access_key_id"],
            aws_secret_access_key=DEMO_CREDENTIALS["secret_access_key"],
            region_name=region,
        )
        self._session = session
        self._endpoint = endpoint_url
        self._clients: dict[str, Any] = {}
        self._zips = {
            "python": _zip("app.py", _PYTHON_CODE),
            "nodejs": _zip("index.mjs", _NODE_CODE),
        }
        self.role_arn = f"arn:aws:iam::{self.account}:role/{ROLE_NAME}"

    def client(self, service: str) -> Any:
        if service not in self._clients:
            self._clients[service] = self._session.client(service, endpoint_url=self._endpoint)
        return self._clients[service]

    def arn(self, service: str, resource: str) -> str:
        return f"arn:aws:{service}:{self.region}:{self.account}:{resource}"

    def function_arn(self, name: str) -> str:
        return self.arn("lambda", f"function:{name}")

    # -- resources ----------------------------------------------------------------------------
    def function(
        self,
        name: str,
        runtime: str,
        description: str,
        memory: int = 128,
        timeout: int = 3,
        role: str | None = None,
        **extra: Any,
    ) -> str:
        family = "nodejs" if runtime.startswith("nodejs") else "python"
        self.client("lambda").create_function(
            FunctionName=name,
            Runtime=runtime,
            Role=role or self.role_arn,
            Handler="index.handler" if family == "nodejs" else "app.handler",
            Code={"ZipFile": self._zips[family]},
            Description=description,
            MemorySize=memory,
            Timeout=timeout,
            **extra,
        )
        return self.function_arn(name)

    def permit(
        self,
        function: str,
        sid: str,
        principal: str,
        source_arn: str | None = None,
        source_account: str | None = None,
        qualifier: str | None = None,
        action: str = "lambda:InvokeFunction",
        **extra: Any,
    ) -> None:
        params: dict[str, Any] = dict(
            FunctionName=function, StatementId=sid, Action=action, Principal=principal, **extra
        )
        if source_arn:
            params["SourceArn"] = source_arn
        if source_account:
            params["SourceAccount"] = source_account
        if qualifier:
            params["Qualifier"] = qualifier
        self.client("lambda").add_permission(**params)

    def queue(self, name: str) -> str:
        self.client("sqs").create_queue(QueueName=name)
        return self.arn("sqs", name)

    def topic(self, name: str) -> str:
        return str(self.client("sns").create_topic(Name=name)["TopicArn"])

    def bucket(self, name: str, notifications: dict[str, Any] | None = None) -> None:
        s3 = self.client("s3")
        s3.create_bucket(Bucket=name)
        if notifications is not None:
            s3.put_bucket_notification_configuration(
                Bucket=name, NotificationConfiguration=notifications
            )

    def rule(self, name: str, target: str, bus: str = "default", **spec: Any) -> str:
        events = self.client("events")
        arn = str(events.put_rule(Name=name, EventBusName=bus, **spec)["RuleArn"])
        events.put_targets(
            Rule=name, EventBusName=bus, Targets=[{"Id": f"{name}-target", "Arn": target}]
        )
        return arn
