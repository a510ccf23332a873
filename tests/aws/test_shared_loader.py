"""Every session of the process shares one botocore data loader (lambdatui/aws/loader.py)."""

from __future__ import annotations

from typing import Any

import pytest

from lambdatui.aws.loader import shared_loader
from lambdatui.aws.session import AwsSession
from tests.conftest import make_spec


def loader_of(session: AwsSession) -> Any:
    return session.boto._session.get_component("data_loader")


def test_two_sessions_share_one_loader_and_their_clients_still_work(endpoint: str) -> None:
    first = AwsSession(make_spec(endpoint))
    second = AwsSession(make_spec(endpoint, region="eu-west-1"))
    assert loader_of(first) is loader_of(second) is shared_loader()
    # boto3's own loader (resource models, its folder appended) is not the shared one.
    assert second.boto._loader is not shared_loader()

    first.client("sqs").create_queue(QueueName="in-us")
    second.client("sqs").create_queue(QueueName="in-eu")
    urls = second.client("sqs").list_queues()["QueueUrls"]
    assert [u.rsplit("/", 1)[1] for u in urls] == ["in-eu"]
    assert first.client("sqs").meta.region_name == "us-east-1"


def test_the_shared_loader_does_not_grow_with_sessions(endpoint: str) -> None:
    paths = list(shared_loader().search_paths)
    for _ in range(3):
        AwsSession(make_spec(endpoint)).client("lambda")
    assert shared_loader().search_paths == paths


def test_a_data_path_gets_a_loader_of_its_own(
    endpoint: str, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_DATA_PATH", str(tmp_path))
    session = AwsSession(make_spec(endpoint))
    loader = loader_of(session)
    assert loader is not shared_loader()
    assert loader is shared_loader(str(tmp_path))
    assert loader.search_paths[0] == str(tmp_path)
    assert session.client("lambda").list_functions()["Functions"] == []


def test_the_boto_fixture_shares_it_too(boto: Any) -> None:
    client = boto("lambda")
    assert client.meta.service_model.service_name == "lambda"
    assert client._loader is shared_loader()
