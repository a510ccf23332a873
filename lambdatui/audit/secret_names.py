"""What a variable's name says: that it holds a secret (`DB_PASS`), points at one
(`DB_PASSWORD_SECRET_ARN`), or is a setting about one (`TOKEN_TTL`); and values no secret has.
"""

from __future__ import annotations

import re

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_VERSION = re.compile(r"V?\d+")

# The name's head noun says secret: one word, or the last two words as a pair.
_SECRET_WORDS = frozenset(
    {
        "PASSWORD",
        "PASSWD",
        "PASS",
        "PWD",
        "PASSPHRASE",
        "SECRET",
        "SECRETS",
        "TOKEN",
        "TOKENS",
        "APIKEY",
        "CREDENTIAL",
        "CREDENTIALS",
        "PRIVATEKEY",
        "PRIVKEY",
        "ACCESSKEY",
        "SECRETKEY",
    }
)
# DB_KEY stays out: in DynamoDB code it is often the name of a key attribute.
_SECRET_PAIRS = frozenset(
    tuple(pair.split("_"))
    for pair in (
        "API_KEY",
        "PRIVATE_KEY",
        "PRIV_KEY",
        "ACCESS_KEY",
        "SECRET_KEY",
        "CLIENT_SECRET",
        "CLIENT_KEY",
        "SERVICE_KEY",
        "ACCOUNT_KEY",
        "APP_KEY",
        "LICENSE_KEY",
        "SIGNING_KEY",
        "ENCRYPTION_KEY",
        "MASTER_KEY",
        "AUTH_KEY",
        "CONNECTION_STRING",
    )
)
# Words that may follow the head noun without changing what the variable holds (API_KEY_PROD).
_QUALIFIERS = frozenset(
    {
        "PROD",
        "PRODUCTION",
        "DEV",
        "STAGING",
        "STAGE",
        "TEST",
        "QA",
        "UAT",
        "LIVE",
        "PRIMARY",
        "SECONDARY",
        "OLD",
        "NEW",
        "CURRENT",
        "PREVIOUS",
        "NEXT",
        "VALUE",
        "RAW",
        "PLAIN",
        "PLAINTEXT",
        "B64",
        "BASE64",
        "ENCODED",
        "JSON",
        "STRING",
        "STR",
        "BASE",
    }
)
# Any of these makes the value meant to be seen (JWT_PUBLIC_KEY, STRIPE_PUBLISHABLE_KEY).
_PUBLIC_WORDS = frozenset({"PUBLIC", "PUBLISHABLE", "PUB"})
# A last word that makes the variable a pointer to a secret, or a setting about one.
_REFERENCE_WORDS = frozenset(
    {
        "ARN",
        "NAME",
        "PATH",
        "PARAM",
        "PARAMETER",
        "ID",
        "URL",
        "URI",
        "FILE",
        "HEADER",
        "TTL",
        "LENGTH",
        "EXPIRY",
        "EXPIRES",
        "EXPIRATION",
        "TIMEOUT",
        "ENDPOINT",
        "REGION",
        "FIELD",
        "TYPE",
        "ENABLED",
        "SECONDS",
        "MINUTES",
        "AGE",
        "VERSION",
        "POLICY",
        "ROTATION",
        "BUCKET",
        "KEYID",
        "LOCATION",
        "SCOPE",
        "SCOPES",
        "USER",
        "USERNAME",
        "ALGORITHM",
        "PREFIX",
        "ISSUER",
        "AUDIENCE",
    }
)
_HARMLESS_WORDS = frozenset(
    {
        "true",
        "false",
        "yes",
        "no",
        "on",
        "off",
        "enabled",
        "disabled",
        "none",
        "null",
        "nil",
        "debug",
        "info",
        "warn",
        "warning",
        "error",
        "critical",
        "trace",
    }
)
_NUMBER = re.compile(r"-?\d{1,10}(\.\d+)?")
_PLAIN_URL = re.compile(r"[a-z][a-z0-9+.-]*://\S+", re.IGNORECASE)
_DATADOG_KEY = re.compile(r"[0-9a-f]{32}|[0-9a-z]{40}")
_DATADOG_KEY_WORDS = frozenset({"API", "APP", "APPLICATION", "KEY", "APIKEY", "APPKEY"})


def words(name: str) -> list[str]:
    """The name's words, upper case: `stripeApiKey` -> STRIPE, API, KEY."""
    return [w for w in re.split(r"[^A-Z0-9]+", _CAMEL.sub("_", name).upper()) if w]


def secret_name(name: str) -> bool:
    """Whether the name's head noun is a secret: DB_PASS, stripeApiKey, API_KEY_PROD,
    ConnectionString; not PASSWORD_RESET_TEMPLATE, API_KEY_SOURCE, GITHUB_TOKEN_SCOPE,
    JWT_PUBLIC_KEY."""
    parts = words(name)
    if _PUBLIC_WORDS & set(parts):
        return False
    while parts:
        if parts[-1] in _SECRET_WORDS or tuple(parts[-2:]) in _SECRET_PAIRS:
            return True
        if parts[-1] not in _QUALIFIERS and not _VERSION.fullmatch(parts[-1]):
            return False
        parts = parts[:-1]
    return False


def reference_name(name: str) -> bool:
    """Whether the name says the value points at something or sets something (`..._ID`, `..._ARN`,
    `..._TTL`) rather than holding a secret."""
    parts = words(name)
    return bool(parts) and parts[-1] in _REFERENCE_WORDS


def datadog_key(name: str, value: str) -> bool:
    """A Datadog API key (32 hex) or application key (40 characters) under a name that says
    Datadog and API, APP or KEY (`DD_API`, `DATADOG_APP_KEY`): the value alone is a plain hash
    shape, so the name has to say it; `DD_VERSION` or `DD_GIT_COMMIT_SHA` holding a commit
    sha is not a key."""
    parts = words(name)
    vendor = bool(parts) and (parts[0] == "DD" or "DATADOG" in parts)
    keyish = bool(_DATADOG_KEY_WORDS & set(parts)) and not reference_name(name)
    return vendor and keyish and bool(_DATADOG_KEY.fullmatch(value))


def harmless_value(value: str) -> bool:
    """Values no secret looks like: short, a switch or level, a number, a reference."""
    v = value.strip()
    if len(v) < 4 or v.lower() in _HARMLESS_WORDS or _NUMBER.fullmatch(v):
        return True
    if v.startswith(("arn:", "{{resolve:", "${", "/")) and " " not in v:
        return True  # an ARN, a dynamic reference, a placeholder or a parameter path
    return bool(_PLAIN_URL.fullmatch(v))  # a URL (one with a password is caught by its shape)
