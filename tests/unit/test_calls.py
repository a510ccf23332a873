"""Mutating calls as data: the AWS CLI rendering, and reading it back."""

from __future__ import annotations

import re
import shlex

import pytest

from lambdatui.actions.calls import (
    UNCHANGED,
    ApiCall,
    CliParseError,
    add_permission,
    camel,
    kebab,
    parse_cli,
    put_event_invoke_config,
    remove_permission,
    statement_id_for,
    update_event_invoke_config,
    update_function_url_auth,
    update_mapping_on_failure,
)

QUEUE = "arn:aws:sqs:us-east-1:123456789012:img-resize-failures"
TOPIC = "arn:aws:sns:us-east-1:123456789012:notify-success"


def test_add_permission_renders_the_exact_cli_command() -> None:
    call = add_permission(
        "img-resize",
        "s3-uploads",
        "s3.amazonaws.com",
        source_arn="arn:aws:s3:::my-bucket",
        source_account="123456789012",
    )
    assert call.service == "lambda"
    assert call.operation == "add_permission"
    assert call.cli() == (
        "aws lambda add-permission --function-name img-resize --statement-id s3-uploads "
        "--action lambda:InvokeFunction --principal s3.amazonaws.com "
        "--source-arn arn:aws:s3:::my-bucket --source-account 123456789012"
    )


def test_argv_is_unquoted_and_cli_quotes_only_what_needs_it() -> None:
    call = remove_permission("fn", "sid", qualifier="$LATEST")
    assert call.argv() == [
        "aws",
        "lambda",
        "remove-permission",
        "--function-name",
        "fn",
        "--statement-id",
        "sid",
        "--qualifier",
        "$LATEST",
    ]
    assert call.cli().endswith("--qualifier '$LATEST'")
    assert "'fn'" not in call.cli()


def test_s3_is_s3api_on_the_command_line() -> None:
    call = ApiCall("s3", "get_bucket_notification_configuration", {"Bucket": "b"})
    assert call.cli() == "aws s3api get-bucket-notification-configuration --bucket b"
    assert parse_cli(call.cli()) == call


def test_maps_render_as_compact_quoted_json() -> None:
    call = update_mapping_on_failure("1234-abcd", QUEUE)
    assert call.params == {
        "UUID": "1234-abcd",
        "DestinationConfig": {"OnFailure": {"Destination": QUEUE}},
    }
    assert call.cli() == (
        "aws lambda update-event-source-mapping --uuid 1234-abcd --destination-config "
        f'\'{{"OnFailure":{{"Destination":"{QUEUE}"}}}}\''
    )


def test_booleans_are_cli_flags() -> None:
    call = add_permission("echo", "url-invoke", "*", invoked_via_function_url=True)
    assert "--invoked-via-function-url" in call.argv()
    assert "true" not in call.argv()
    off = ApiCall("lambda", "add_permission", {"FunctionName": "f", "InvokedViaFunctionUrl": False})
    assert off.argv()[-1] == "--no-invoked-via-function-url"
    assert parse_cli(off.cli()) == off


def test_region_is_the_global_option_and_survives_parsing() -> None:
    call = remove_permission("fn", "sid", region="eu-west-1")
    assert call.cli().endswith("--region eu-west-1")
    back = parse_cli(call.cli())
    assert back.region == "eu-west-1"
    assert "Region" not in back.params


@pytest.mark.parametrize(
    ("name", "option"),
    [
        ("SourceArn", "source-arn"),
        ("PrincipalOrgID", "principal-org-id"),
        ("FunctionUrlAuthType", "function-url-auth-type"),
        ("ExpectedBucketOwner", "expected-bucket-owner"),
        ("Qualifier", "qualifier"),
        ("RevisionId", "revision-id"),
        ("UUID", "uuid"),
        ("MaximumEventAgeInSeconds", "maximum-event-age-in-seconds"),
        ("KMSKeyArn", "kms-key-arn"),
    ],
)
def test_parameter_names_round_trip(name: str, option: str) -> None:
    assert kebab(name) == option
    assert camel(option) == name


BUILT = [
    add_permission(
        "img-resize",
        statement_id_for("s3", "arn:aws:s3:::demo-uploads", "live"),
        "s3.amazonaws.com",
        source_arn="arn:aws:s3:::demo-uploads",
        source_account="123456789012",
        qualifier="live",
        revision_id="a1b2c3d4-0000-1111-2222-333344445555",
        region="us-east-1",
    ),
    add_permission("orders", "org-wide", "*", principal_org_id="o-a1b2c3d4e5"),
    add_permission(
        "echo",
        "FunctionURLAllowPublicAccess",
        "*",
        action="lambda:InvokeFunctionUrl",
        function_url_auth_type="NONE",
    ),
    add_permission(
        "orders",
        "apigw",
        "apigateway.amazonaws.com",
        source_arn="arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/*/*/orders/*",
    ),
    add_permission("fn", 'it\'s "quoted" $HOME; rm -rf /', "*"),
    add_permission("fn", "url-invoke", "*", invoked_via_function_url=True, qualifier="$LATEST"),
    remove_permission("my fn with spaces", "sid", qualifier="live", revision_id="rev-1"),
    update_function_url_auth("public-echo", "AWS_IAM"),
    update_function_url_auth("public-echo", "AWS_IAM", qualifier="live", region="eu-west-1"),
    update_event_invoke_config("notify", on_failure=QUEUE),
    update_event_invoke_config(
        "notify", qualifier="live", on_success=None, on_failure=QUEUE, maximum_retry_attempts=1
    ),
    update_event_invoke_config("notify", maximum_event_age_seconds=3600),
    put_event_invoke_config(
        "notify",
        on_success=TOPIC,
        on_failure=QUEUE,
        maximum_retry_attempts=0,
        maximum_event_age_seconds=60,
    ),
    put_event_invoke_config("notify", qualifier="1"),
    update_mapping_on_failure("1234-abcd", QUEUE),
    update_mapping_on_failure("1234-abcd", None, region="us-east-1"),
]


@pytest.mark.parametrize("call", BUILT, ids=lambda c: c.operation)
def test_every_builder_round_trips_through_the_cli(call: ApiCall) -> None:
    line = call.cli()
    back = parse_cli(line)
    assert back == call
    assert back.cli() == line
    assert shlex.split(line) == call.argv()


def test_odd_values_survive_the_round_trip() -> None:
    call = add_permission("fn", 'it\'s "quoted" $HOME; rm -rf /', "*")
    assert parse_cli(call.cli()).params["StatementId"] == 'it\'s "quoted" $HOME; rm -rf /'
    assert parse_cli(call.cli()).params["Principal"] == "*"


def test_update_event_invoke_config_sends_only_what_changes() -> None:
    only_age = update_event_invoke_config("notify", maximum_event_age_seconds=60)
    assert "DestinationConfig" not in only_age.params
    clear = update_event_invoke_config("notify", on_success=None, on_failure=UNCHANGED)
    assert clear.params["DestinationConfig"] == {"OnSuccess": {}}


def test_integers_come_back_as_integers_and_digit_strings_as_strings() -> None:
    call = put_event_invoke_config("notify", maximum_retry_attempts=2)
    assert parse_cli(call.cli()).params["MaximumRetryAttempts"] == 2
    numeric_sid = remove_permission("fn", "12345")
    assert parse_cli(numeric_sid.cli()).params["StatementId"] == "12345"


def test_params_are_read_only_and_calls_hash() -> None:
    call = remove_permission("fn", "sid")
    with pytest.raises(TypeError):
        call.params["StatementId"] = "other"  # type: ignore[index]
    assert len({call, remove_permission("fn", "sid"), remove_permission("fn", "x")}) == 2


@pytest.mark.parametrize("line", ["", "ls -l", "aws lambda", "aws lambda add-permission stray"])
def test_parse_cli_refuses_what_is_not_an_aws_command(line: str) -> None:
    with pytest.raises(CliParseError):
        parse_cli(line)


def test_statement_id_is_deterministic_valid_and_distinct() -> None:
    sid = statement_id_for("s3", "arn:aws:s3:::demo-uploads", None)
    assert re.fullmatch(r"lambdatui-s3-demo-uploads-[0-9a-f]{8}", sid)
    assert sid == statement_id_for("s3", "arn:aws:s3:::demo-uploads", None)
    assert sid != statement_id_for("s3", "arn:aws:s3:::demo-uploads", "live")
    logs = statement_id_for(
        "logs", "arn:aws:logs:us-east-1:123456789012:log-group:/app/orders:*", None
    )
    assert re.fullmatch(r"[A-Za-z0-9_-]+", logs)
    assert "app-orders" in logs
    long = statement_id_for("apigateway", "arn:aws:execute-api:us-east-1:1:" + "x" * 300, "live")
    assert len(long) <= 100
    assert re.fullmatch(r"[A-Za-z0-9_-]+", long)
