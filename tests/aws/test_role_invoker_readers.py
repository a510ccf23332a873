"""Invokers that use their own role, read from their service over the emulator: Step Functions
tasks (legacy ARN and the lambda:invoke integration, in branches and maps), Firehose transforms,
Pipes targets and enrichments, Scheduler targets — each with the role it invokes with."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from typing import Any

import pytest
from botocore.parsers import ResponseParserError

from lambdatui.aws.cloudformation_reader import (
    CloudFormationReader,
    parse_template,
    service_tokens,
)
from lambdatui.aws.cloudfront_reader import CloudFrontReader
from lambdatui.aws.firehose_reader import FirehoseReader
from lambdatui.aws.pipes_reader import PipesReader
from lambdatui.aws.role_invokers import RoleInvokerReader, role_invoker_readers
from lambdatui.aws.scheduler_reader import SchedulerReader
from lambdatui.aws.session import AwsSession
from lambdatui.aws.states_reader import StatesReader, functions_in_definition
from lambdatui.core.errors import AccessDenied
from tests.reader_builders import ACCOUNT, REGION, fail_call, make_function

Boto = Callable[[str], Any]
ROLE = f"arn:aws:iam::{ACCOUNT}:role/invoker"


def test_definition_tasks_in_every_shape() -> None:
    fn = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:fn"
    definition = {
        "StartAt": "Legacy",
        "States": {
            "Legacy": {"Type": "Task", "Resource": fn, "Next": "Integration"},
            "Integration": {
                "Type": "Task",
                "Resource": "arn:aws:states:::lambda:invoke",
                "Parameters": {"FunctionName": f"{fn}:live", "Payload.$": "$"},
                "Next": "Fan",
            },
            "Fan": {
                "Type": "Parallel",
                "Branches": [
                    {
                        "StartAt": "Token",
                        "States": {
                            "Token": {
                                "Type": "Task",
                                "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
                                "Parameters": {"FunctionName": "other"},
                                "End": True,
                            }
                        },
                    }
                ],
                "Next": "Each",
            },
            "Each": {
                "Type": "Map",
                "ItemProcessor": {
                    "StartAt": "Dynamic",
                    "States": {
                        "Dynamic": {
                            "Type": "Task",
                            "Resource": "arn:aws:states:::lambda:invoke",
                            "Parameters": {"FunctionName.$": "$.fn"},
                            "End": True,
                        }
                    },
                },
                "End": True,
            },
        },
    }
    assert list(functions_in_definition(definition)) == [
        ("Legacy", fn),
        ("Integration", f"{fn}:live"),
        ("Token", "other"),
    ]


def test_state_machines(aws: AwsSession, boto: Boto) -> None:
    fn = make_function(boto, "fn")
    definition = {
        "StartAt": "A",
        "States": {
            "A": {
                "Type": "Task",
                "Resource": "arn:aws:states:::lambda:invoke",
                "Parameters": {"FunctionName": "fn"},
                "End": True,
            }
        },
    }
    arn = boto("stepfunctions").create_state_machine(
        name="orders", definition=json.dumps(definition), roleArn=ROLE
    )["stateMachineArn"]
    [found] = StatesReader(aws).invokers()
    assert (found.source, found.source_arn, found.target_arn, found.role_arn) == (
        "states",
        arn,
        fn,
        ROLE,
    )


def test_firehose_lambda_processor(aws: AwsSession, boto: Boto) -> None:
    fn = make_function(boto, "fn")
    processing = {
        "Enabled": True,
        "Processors": [
            {"Type": "Lambda", "Parameters": [{"ParameterName": "LambdaArn", "ParameterValue": fn}]}
        ],
    }
    boto("firehose").create_delivery_stream(
        DeliveryStreamName="clicks",
        ExtendedS3DestinationConfiguration={
            "RoleARN": ROLE,
            "BucketARN": "arn:aws:s3:::clicks",
            "ProcessingConfiguration": processing,
        },
    )
    [found] = FirehoseReader(aws).invokers()
    assert (found.source, found.target_arn, found.role_arn) == ("firehose", fn, ROLE)
    assert found.source_arn.endswith(":deliverystream/clicks")


def test_pipes_and_schedules(aws: AwsSession, boto: Boto) -> None:
    fn = make_function(boto, "fn")
    boto("pipes").create_pipe(
        Name="orders-pipe",
        Source=f"arn:aws:sqs:{REGION}:{ACCOUNT}:orders",
        Target=fn,
        RoleArn=ROLE,
    )
    boto("scheduler").create_schedule(
        Name="nightly",
        ScheduleExpression="cron(0 3 * * ? *)",
        FlexibleTimeWindow={"Mode": "OFF"},
        Target={"Arn": fn, "RoleArn": ROLE},
    )
    [pipe] = PipesReader(aws).invokers()
    assert (pipe.target_arn, pipe.role_arn, pipe.detail["as"]) == (fn, ROLE, "target")
    [schedule] = SchedulerReader(aws).invokers()
    assert (schedule.target_arn, schedule.role_arn) == (fn, ROLE)
    assert schedule.detail["expression"] == "cron(0 3 * * ? *)"


def test_registry_names_every_role_invoker() -> None:
    assert set(role_invoker_readers()) == {
        "states",
        "firehose",
        "pipes",
        "scheduler",
        "cloudfront",
        "cloudformation",
    }


@pytest.mark.parametrize(
    ("reader", "service", "operation"),
    [
        (StatesReader, "stepfunctions", "ListStateMachines"),
        (FirehoseReader, "firehose", "ListDeliveryStreams"),
        (PipesReader, "pipes", "ListPipes"),
        (SchedulerReader, "scheduler", "ListSchedules"),
    ],
)
def test_a_denied_listing_raises(
    aws: AwsSession, reader: type[RoleInvokerReader], service: str, operation: str
) -> None:
    fail_call(aws.client(service), operation)
    with pytest.raises(AccessDenied):
        reader(aws).invokers()


def test_a_machine_that_cannot_be_described_is_an_error_not_silence(
    aws: AwsSession, boto: Boto
) -> None:
    boto("stepfunctions").create_state_machine(
        name="m", definition=json.dumps({"StartAt": "A", "States": {}}), roleArn=ROLE
    )
    fail_call(aws.client("stepfunctions"), "DescribeStateMachine")
    reader = StatesReader(aws)
    assert reader.invokers() == []
    assert [(e.operation, e.iam_action) for e in reader.errors] == [
        ("DescribeStateMachine", "states:DescribeStateMachine")
    ]


def make_distribution(boto: Boto, target: str) -> str:
    """A distribution whose default cache behaviour runs `target` on viewer requests."""
    behaviour = {
        "TargetOriginId": "origin",
        "ViewerProtocolPolicy": "redirect-to-https",
        "MinTTL": 0,
        "ForwardedValues": {"QueryString": False, "Cookies": {"Forward": "none"}},
        "LambdaFunctionAssociations": {
            "Quantity": 1,
            "Items": [{"LambdaFunctionARN": target, "EventType": "viewer-request"}],
        },
    }
    origin = {
        "Id": "origin",
        "DomainName": "example.com",
        "CustomOriginConfig": {
            "HTTPPort": 80,
            "HTTPSPort": 443,
            "OriginProtocolPolicy": "https-only",
        },
    }
    config = {
        "CallerReference": target,
        "Origins": {"Quantity": 1, "Items": [origin]},
        "DefaultCacheBehavior": behaviour,
        "Comment": "edge",
        "Enabled": True,
    }
    return boto("cloudfront").create_distribution(DistributionConfig=config)["Distribution"]["ARN"]


def test_lambda_at_edge_associations(aws: AwsSession, boto: Boto) -> None:
    version = f"{make_function(boto, 'edge')}:1"
    arn = make_distribution(boto, version)
    [found] = CloudFrontReader(aws).invokers()
    assert (found.source, found.source_arn, found.target_arn) == ("cloudfront", arn, version)
    assert found.role_arn is None  # the function's own execution role is what must trust it
    assert found.detail["event_type"] == "viewer-request"


def test_lambda_at_edge_is_read_only_in_us_east_1(endpoint: str, boto: Boto) -> None:
    from tests.conftest import make_spec

    make_distribution(boto, f"{make_function(boto, 'edge')}:1")
    elsewhere = AwsSession(make_spec(endpoint, region="eu-west-1"))
    assert CloudFrontReader(elsewhere).invokers() == []
    assert "cloudfront:ListDistributions" not in elsewhere.calls


YAML_TEMPLATE = """
Resources:
  Seeder:
    Type: AWS::Lambda::Function
    Properties:
      Handler: app.handler
      Role: !GetAtt SeederRole.Arn
  SeedTable:
    Type: Custom::Seed
    Properties:
      ServiceToken: !GetAtt Seeder.Arn
      Table: !Ref Table
  Notify:
    Type: AWS::CloudFormation::CustomResource
    Properties:
      ServiceToken: !Sub arn:aws:sns:${AWS::Region}:${AWS::AccountId}:hooks
"""


def test_custom_resource_tokens_in_yaml_short_form() -> None:
    template = parse_template(YAML_TEMPLATE)
    assert list(service_tokens(template)) == [
        ("SeedTable", {"Fn::GetAtt": ["Seeder", "Arn"]}),
        ("Notify", {"Fn::Sub": "arn:aws:sns:${AWS::Region}:${AWS::AccountId}:hooks"}),
    ]


def test_a_stack_custom_resource_invokes_with_the_stack_role(aws: AwsSession, boto: Boto) -> None:
    fn = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:seeder"
    template = {
        "Resources": {
            "Queue": {"Type": "AWS::SQS::Queue"},
            "Seed": {"Type": "Custom::Seed", "Properties": {"ServiceToken": fn}},
        }
    }
    stack_role = f"arn:aws:iam::{ACCOUNT}:role/cfn"
    cfn = boto("cloudformation")
    # moto runs the custom resource at once and answers its failure in the wrong protocol; the
    # stack, its template and its role are stored all the same (AWS would fail it later).
    with contextlib.suppress(ResponseParserError):
        cfn.create_stack(StackName="app", TemplateBody=json.dumps(template), RoleARN=stack_role)
    stack = cfn.describe_stacks(StackName="app")["Stacks"][0]["StackId"]
    [found] = CloudFormationReader(aws).invokers()
    assert (found.source, found.source_arn, found.target_arn, found.role_arn) == (
        "cloudformation",
        stack,
        fn,
        stack_role,
    )
    assert found.detail == {"stack": "app", "resource": "Seed"}
