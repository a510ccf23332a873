"""Rules over the function's own configuration: environment, runtime and function URLs."""

from __future__ import annotations

from collections.abc import Iterator

from lambdatui.audit import runtimes
from lambdatui.audit.rules_base import Rule, RuleContext, on
from lambdatui.audit.secrets import find_secrets
from lambdatui.core.model import Finding, FunctionDetail, Severity
from lambdatui.core.remedy import CloseUrl


def _secrets_in_environment(detail: FunctionDetail, ctx: RuleContext) -> Iterator[Finding]:
    for hit in find_secrets(detail.function.environment):
        yield SECRETS_IN_ENVIRONMENT.finding(
            detail,
            f"Environment variable {hit.name} of {detail.function.name} looks like a secret "
            f"(detector: {hit.detector}). Anyone allowed lambda:GetFunctionConfiguration can "
            "read it in clear text, and it is copied into every published version. Move it to "
            "Secrets Manager or a SecureString parameter, read it at run time, and rotate it.",
            resource=hit.name,
        )


SECRETS_IN_ENVIRONMENT = Rule(
    "secrets-in-environment",
    Severity.CRITICAL,
    "A secret in an environment variable",
    "An environment variable's name or value looks like a credential (password, token, API "
    "key, AWS access key, private key, high-entropy string). Environment variables are "
    "returned in clear text by GetFunction/GetFunctionConfiguration and kept in every version. "
    "lambdatui reports the variable's name only, never its value.",
    "Store the secret in AWS Secrets Manager or SSM Parameter Store (SecureString), grant the "
    "execution role read access, fetch it at run time (e.g. with the Parameters and Secrets "
    "extension), remove the variable, and rotate the secret.",
    _secrets_in_environment,
)


def _function_url_public(detail: FunctionDetail, ctx: RuleContext) -> Iterator[Finding]:
    f = detail.function
    for url in detail.function_urls:
        if url.auth_type != "NONE":
            continue
        yield FUNCTION_URL_PUBLIC.finding(
            detail,
            f"The function URL of {f.name}{on(url.qualifier)} ({url.url}) has AuthType NONE: "
            "anyone on the internet can call it without signing the request. Switch it to "
            "AWS_IAM, or, if it must be public (a webhook), check the caller inside the function.",
            resource=url.url,
            remedy=CloseUrl(url.url, url.qualifier),
        )


FUNCTION_URL_PUBLIC = Rule(
    "function-url-public",
    Severity.HIGH,
    "A function URL anyone can call",
    "A function URL has AuthType NONE, so any HTTPS client can invoke the function without "
    "AWS credentials.",
    "aws lambda update-function-url-config --auth-type AWS_IAM, and remove the public "
    "FunctionURLAllowPublicAccess/FunctionURLInvokeAllowPublicAccess statements; or keep it "
    "public on purpose and authenticate callers in the function.",
    _function_url_public,
)


def _function_url_cors_wildcard(detail: FunctionDetail, ctx: RuleContext) -> Iterator[Finding]:
    for url in detail.function_urls:
        if "*" not in url.cors_allow_origins:
            continue
        yield FUNCTION_URL_CORS_WILDCARD.finding(
            detail,
            f"The function URL of {detail.function.name}{on(url.qualifier)} ({url.url}) allows "
            "CORS requests from any origin ('*'): any web page a user visits can call it from "
            "their browser. List the origins that should, in the URL's CORS AllowOrigins.",
            resource=url.url,
        )


FUNCTION_URL_CORS_WILDCARD = Rule(
    "function-url-cors-wildcard",
    Severity.MEDIUM,
    "A function URL's CORS allows every origin",
    "A function URL's CORS configuration has AllowOrigins '*', so scripts on any website can "
    "call it from a visitor's browser and read the response.",
    'aws lambda update-function-url-config --cors \'{"AllowOrigins":["https://app.example"]}\' '
    "naming only the origins that serve your front end.",
    _function_url_cors_wildcard,
)


def _deprecated_runtime(detail: FunctionDetail, ctx: RuleContext) -> Iterator[Finding]:
    runtime = detail.function.runtime
    if runtime is None or not runtimes.is_deprecated(runtime, ctx.today):
        return
    yield DEPRECATED_RUNTIME.finding(
        detail,
        f"{detail.function.name} runs on {runtime}, which gets no more security patches: "
        f"{runtimes.schedule(runtime, ctx.today)} (invocations keep working). Move the code to "
        f"{runtimes.advice(runtime)} and test it there.",
        resource=runtime,
    )


DEPRECATED_RUNTIME = Rule(
    "deprecated-runtime",
    Severity.MEDIUM,
    "A runtime past its deprecation date",
    "The function uses a Lambda managed runtime that AWS has deprecated: no more security "
    "patches or support, and soon no more deployments.",
    "Upgrade the code and dependencies to a supported runtime, test, then aws lambda "
    "update-function-configuration --runtime NEW_RUNTIME.",
    _deprecated_runtime,
)
