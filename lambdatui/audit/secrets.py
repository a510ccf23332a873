"""Does an environment variable hold a secret? Judged by its name and by the shape of its value.

Nothing here ever returns, logs or formats a value: a `SecretHit` names the variable and says
why it looks secret, in words ("an AWS access key id", "the name says password"), so a report
built from it cannot leak what it found.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import pairwise


@dataclass(frozen=True, slots=True)
class SecretHit:
    """An environment variable that looks like a secret: its name and why (never its value)."""

    name: str
    reason: str


# -- values that are secrets whatever the variable is called -------------------------------------

_SHAPES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("an AWS access key id", re.compile(r"(?<![A-Z0-9])(?:AKIA|ASIA)[0-9A-Z]{16}(?![A-Z0-9])")),
    ("a private key (PEM)", re.compile(r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----")),
    ("a Stripe live key", re.compile(r"\b[sr]k_live_[0-9A-Za-z]{10,}")),
    ("a Slack token", re.compile(r"\bxox[abposr]-[0-9A-Za-z-]{10,}")),
    ("a Slack webhook URL", re.compile(r"hooks\.slack\.com/services/T[0-9A-Za-z]+/")),
    ("a GitHub token", re.compile(r"\b(?:gh[pousr]_[0-9A-Za-z]{20,}|github_pat_\w{20,})")),
    ("a GitLab token", re.compile(r"\bglpat-[0-9A-Za-z_-]{20,}")),
    ("an npm token", re.compile(r"\bnpm_[0-9A-Za-z]{30,}")),
    ("a Google API key", re.compile(r"\bAIza[0-9A-Za-z_-]{35}")),
    ("a SendGrid API key", re.compile(r"\bSG\.[0-9A-Za-z_-]{16,}\.[0-9A-Za-z_-]{16,}")),
    ("an OpenAI-style API key", re.compile(r"\bsk-(?:proj-)?[0-9A-Za-z_-]{32,}")),
    (
        "a JSON Web Token",
        re.compile(r"\beyJ[0-9A-Za-z_-]{5,}\.eyJ[0-9A-Za-z_-]{5,}\.[0-9A-Za-z_-]*"),
    ),
    (
        "a URL with a password in it",
        re.compile(r"\b[a-z][a-z0-9+.-]*://[^/\s:@]+:[^/\s@]+@", re.IGNORECASE),
    ),
)

_AWS_SECRET_SHAPE = re.compile(r"[A-Za-z0-9/+]{40}")
_TOKEN_CHARS = re.compile(r"[A-Za-z0-9+/=_.~-]+")
_HEX = re.compile(r"[0-9a-fA-F]+")
_UUID = re.compile(r"[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}")
_WORD = re.compile(r"[A-Z][a-z]{2,}|[a-z]{4,}")

MIN_RANDOM_LENGTH = 20


def shannon_entropy(text: str) -> float:
    """Bits per character of `text`'s own character distribution."""
    if not text:
        return 0.0
    n = len(text)
    return -sum(c / n * math.log2(c / n) for c in Counter(text).values())


def entropy_threshold(length: int) -> float:
    """The entropy a random token of this length reaches with room to spare.

    A random base62 string of n characters has at most log2(min(n, 62)) bits per character and
    in practice about 90 % of that; 82 % keeps nearly every random token while repetitive or
    word-made strings stay below.
    """
    return 0.82 * math.log2(min(max(length, 2), 62))


def _word_coverage(text: str) -> float:
    """How much of `text` is made of word-like runs (`Orders`, `production`)."""
    return sum(len(m.group()) for m in _WORD.finditer(text)) / max(len(text), 1)


def looks_random(value: str) -> bool:
    """A long single token of mixed letters and digits with high entropy: a generated secret.

    Hex strings and UUIDs are left out (hashes, ids and commit shas are everywhere in
    configuration), as are identifiers built of words (`OrdersTableV2Replica`).
    """
    if len(value) < MIN_RANDOM_LENGTH or not _TOKEN_CHARS.fullmatch(value):
        return False
    if _HEX.fullmatch(value) or _UUID.fullmatch(value):
        return False
    classes = sum(
        (
            any(c.islower() for c in value),
            any(c.isupper() for c in value),
            any(c.isdigit() for c in value),
        )
    )
    if classes < 3 or _word_coverage(value) >= 0.5:
        return False
    return shannon_entropy(value) >= entropy_threshold(len(value))


def secret_shape(value: str) -> str | None:
    """Why the value itself looks like a credential, or None."""
    for reason, pattern in _SHAPES:
        if pattern.search(value):
            return f"its value has the shape of {reason}"
    if _AWS_SECRET_SHAPE.fullmatch(value) and looks_random(value):
        return "its value has the shape of an AWS secret access key"
    if looks_random(value):
        return "its value is a long high-entropy string, like a generated key"
    return None


# -- names that say "secret" ---------------------------------------------------------------------

_SECRET_WORDS = frozenset(
    {
        "PASSWORD",
        "PASSWD",
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
        "ACCESSKEY",
        "SECRETKEY",
    }
)
_SECRET_PAIRS = frozenset(
    {
        ("API", "KEY"),
        ("PRIVATE", "KEY"),
        ("ACCESS", "KEY"),
        ("SECRET", "KEY"),
        ("CLIENT", "SECRET"),
        ("SIGNING", "KEY"),
        ("ENCRYPTION", "KEY"),
        ("MASTER", "KEY"),
        ("AUTH", "KEY"),
        ("CONNECTION", "STRING"),
    }
)
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
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def _words(name: str) -> list[str]:
    return [w for w in re.split(r"[^A-Z0-9]+", _CAMEL.sub("_", name).upper()) if w]


def secret_name(name: str) -> bool:
    """Whether the variable's name says it holds a secret (`DB_PASSWORD`, `stripeApiKey`)."""
    words = _words(name)
    if not words or words[-1] in _REFERENCE_WORDS:
        return False
    return any(w in _SECRET_WORDS for w in words) or any(
        pair in _SECRET_PAIRS for pair in pairwise(words)
    )


def harmless_value(value: str) -> bool:
    """Values no secret looks like: empty, a switch or level, a short number, a reference."""
    v = value.strip()
    if len(v) < 4 or v.lower() in _HARMLESS_WORDS:
        return True
    if re.fullmatch(r"-?\d{1,10}(\.\d+)?", v):
        return True
    if v.startswith(("arn:", "{{resolve:", "${", "/")) and " " not in v:
        return True  # an ARN, a dynamic reference, a placeholder or a parameter path
    return bool(re.fullmatch(r"[a-z][a-z0-9+.-]*://\S+", v, re.IGNORECASE))  # a plain URL


def classify(name: str, value: str) -> str | None:
    """Why `name=value` looks like a secret, or None. The reason never contains the value."""
    if not isinstance(value, str) or not value:
        return None
    shape = secret_shape(value)
    if shape:
        return shape
    if secret_name(name) and not harmless_value(value):
        return "its name says it holds a secret"
    return None


def find_secrets(environment: Mapping[str, str]) -> list[SecretHit]:
    """The variables of a function's environment that look like secrets, by name."""
    hits = []
    for name in sorted(environment):
        reason = classify(name, environment[name])
        if reason:
            hits.append(SecretHit(name, reason))
    return hits
