"""Which environment variables look like secrets — and that the value never comes back out."""

from __future__ import annotations

import pytest

from lambdatui.audit.secrets import (
    classify,
    entropy_threshold,
    find_secrets,
    looks_random,
    secret_name,
    shannon_entropy,
)

# Built from pieces so that this file holds no string a secret scanner takes for a live key.
STRIPE = "sk_" + "live_" + "51Hq8ZxD2mVb7RtK9pLw3NcY"
AWS_KEY_ID = "AKIA" + "Z3M5QK7W2XLP4RTN"
AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/" + "bPxRfiCYzq8Lm2Vt4N"
SLACK = "xoxb-" + "2048-4096-Zq8Lm2Vt4NpQkR7s"
GITHUB = "ghp_" + "Zq8Lm2Vt4NpQkR7sWx9Yb3Dc6Fg1Hj5Kl0Mn"
GITLAB = "glpat-" + "Zq8Lm2Vt4NpQkR7sWx9Y"
JWT = "eyJhbGciOiJIUzI1NiJ9." + "eyJzdWIiOiIxMjM0NTY3ODkwIn0." + "dozjgNryP4J3jVmNHl0w5N"
PEM = "-----BEGIN RSA " + "PRIVATE KEY-----\nMIIEow...\n-----END RSA PRIVATE KEY-----"
RANDOM = "rCXnWuMJ-VuRngiLzn_PqJGQ1I0esBI5"


@pytest.mark.parametrize(
    ("name", "value", "reason"),
    [
        ("ANYTHING", AWS_KEY_ID, "AWS access key id"),
        ("ANYTHING", "ASIA" + "Z3M5QK7W2XLP4RTN", "AWS access key id"),
        ("AWS_SECRET_ACCESS_KEY", AWS_SECRET, "AWS secret access key"),
        ("BILLING", STRIPE, "Stripe"),
        ("NOTIFY", SLACK, "Slack token"),
        ("CI", GITHUB, "GitHub token"),
        ("CI", GITLAB, "GitLab token"),
        ("SESSION", JWT, "JSON Web Token"),
        ("SIGNER", PEM, "private key"),
        ("DATABASE", "postgres://app:hunter2@db.internal:5432/orders", "URL with a password"),
        ("OPAQUE", RANDOM, "high-entropy"),
    ],
)
def test_secret_shaped_values_are_found_whatever_the_name(
    name: str, value: str, reason: str
) -> None:
    found = classify(name, value)
    assert found is not None
    assert reason in found
    assert value not in found


@pytest.mark.parametrize(
    "name",
    [
        "DB_PASSWORD",
        "db_passwd",
        "STRIPE_API_KEY",
        "stripeApiKey",
        "CLIENT_SECRET",
        "AUTH_TOKEN",
        "PRIVATE_KEY",
        "AWS_SECRET_ACCESS_KEY",
        "ConnectionString",
        "SIGNING_KEY",
    ],
)
def test_secret_names_with_a_real_value_are_found(name: str) -> None:
    assert secret_name(name)
    assert classify(name, "Vq7#pL2m!Rx9-orders-prod") == "its name says it holds a secret"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("LOG_LEVEL", "INFO"),
        ("FEATURE_X", "true"),
        ("DB_PASSWORD", "true"),  # a switch, not a password
        ("TOKEN_TTL", "3600"),
        ("API_KEY_HEADER", "x-api-key"),
        ("DB_PASSWORD_PARAM", "/prod/orders/db-password"),
        ("DB_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf"),
        ("API_TOKEN", "{{resolve:secretsmanager:orders/api:SecretString:token}}"),
        ("API_URL", "https://api.example.com/v1/orders?limit=10"),
        ("TABLE", "OrdersTableProductionV2Replica"),
        ("SERVICE", "MyServiceName2024Prod"),
        ("GIT_SHA", "9f09ec72cc9585ea40569ef6cf9f6ecb9f09ec72"),
        ("TENANT_ID", "b2ac4930-2d02-4ade-b7c1-e2958c92e8e5"),
        ("HANDLER", "com.example.orders.Handler::handleRequest"),
        ("TIMEZONE", "Europe/Amsterdam"),
        ("RETRIES", "3"),
        ("BUCKET", "orders-uploads-prod-eu-west-1"),
        ("STARTED", "2024-11-30T12:00:00.000Z"),
        ("EMPTY_SECRET", ""),
    ],
)
def test_harmless_values_are_not_secrets(name: str, value: str) -> None:
    assert classify(name, value) is None


def test_find_secrets_names_variables_and_never_carries_values() -> None:
    env = {"DB_PASSWORD": "Vq7#pL2m!Rx9-orders-prod", "STRIPE_API_KEY": STRIPE, "LOG_LEVEL": "INFO"}
    hits = find_secrets(env)
    assert [h.name for h in hits] == ["DB_PASSWORD", "STRIPE_API_KEY"]
    for hit in hits:
        assert env[hit.name] not in repr(hit)


def test_entropy_measures_randomness() -> None:
    assert shannon_entropy("") == 0
    assert shannon_entropy("aaaaaaaaaaaaaaaaaaaa") == 0
    assert shannon_entropy("abcd") == pytest.approx(2.0)
    assert shannon_entropy(RANDOM) > entropy_threshold(len(RANDOM))


def test_looks_random_needs_length_and_mixed_characters() -> None:
    assert looks_random(RANDOM)
    assert not looks_random(RANDOM[:19])  # too short to tell
    assert not looks_random(RANDOM.lower())  # one case only
    assert not looks_random("Aa1" * 10)  # repetitive: low entropy
