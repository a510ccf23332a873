"""Values that are secrets whatever the variable is called: named detectors, each by its shape.

First detect-secrets' own named detectors (Yelp's library; the detector's `secret_type` is the
name reported), then hand-made shapes for what detect-secrets 1.5 has no detector for, after
gitleaks' default rules (config/gitleaks.toml). Only `analyze_string` of an explicit list of
detector classes is called: no settings, filters, keyword or entropy plugins, and never `verify()`
(which would send the value to the vendor's API). The library is imported on first use, so
loading the audit (and the TUI) does not pay for it.

Every function here returns a detector's name or a verdict, never the value or a part of it.
"""

from __future__ import annotations

import base64
import binascii
import importlib
import json
import re
from functools import cache
from typing import Any

# detect-secrets detectors used: module and class. Left out on purpose: KeywordDetector and the
# two entropy plugins (they flag base64 configs, public keys, SRI hashes, git shas; see
# secrets.py for our own name rule and entropy fallback), IPPublicDetector (an egress IP is
# no secret), ArtifactoryDetector (its "AP[0-9A-F]..." pattern fires on words such as
# APEXPRODUCTION; the two Artifactory token shapes are below), and the Cloudant, IBM and
# SoftLayer detectors, which need an assignment (`cloudant_password = ...`) around the value.
_LIBRARY_DETECTORS: tuple[tuple[str, str], ...] = (
    ("aws", "AWSKeyDetector"),
    ("azure_storage_key", "AzureStorageKeyDetector"),
    ("basic_auth", "BasicAuthDetector"),
    ("discord", "DiscordBotTokenDetector"),
    ("github_token", "GitHubTokenDetector"),
    ("gitlab_token", "GitLabTokenDetector"),
    ("jwt", "JwtTokenDetector"),
    ("mailchimp", "MailchimpDetector"),
    ("npm", "NpmDetector"),
    ("openai", "OpenAIDetector"),
    ("private_key", "PrivateKeyDetector"),
    ("pypi_token", "PypiTokenDetector"),
    ("sendgrid", "SendGridDetector"),
    ("slack", "SlackDetector"),
    ("square_oauth", "SquareOAuthDetector"),
    ("stripe", "StripeDetector"),
    ("telegram_token", "TelegramBotTokenDetector"),
    ("twilio", "TwilioKeyDetector"),
)

# detect-secrets' patterns are written for lines of code and carry no word boundaries. A hit
# must start a token, and these fixed-length shapes must end one too (else the build tag
# "20240611:orders-api-production-..." is a Telegram token and "...service-us1.example.com" a
# Mailchimp key).
_FIXED_LENGTH = frozenset({"Telegram Bot Token", "Mailchimp Access Key", "Twilio API Key"})


@cache
def library_detectors() -> tuple[Any, ...]:
    """Instances of the detect-secrets detectors above (imported once, on first use)."""
    return tuple(
        getattr(importlib.import_module(f"detect_secrets.plugins.{module}"), name)()
        for module, name in _LIBRARY_DETECTORS
    )


def _bounded(value: str, found: str, detector: str) -> bool:
    at = value.find(found)
    if at < 0:
        return True
    if at > 0 and value[at - 1].isalnum():
        return False
    end = at + len(found)
    if detector not in _FIXED_LENGTH or end == len(value):
        return True
    return not value[end].isalnum() and value[end] not in "_-"


# Shapes detect-secrets 1.5 misses, after the gitleaks rule named in each comment.
_END = r"(?![\w-])"
HAND_SHAPES: tuple[tuple[str, re.Pattern[str]], ...] = (
    # private-key: PKCS#8 encrypted and other PEM private keys the library does not list
    ("PEM Private Key", re.compile(r"-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----")),
    # artifactory-api-key, artifactory-reference-token
    ("Artifactory Token", re.compile(r"\b(?:AKCp[A-Za-z0-9]{69}|cmVmd[A-Za-z0-9]{59})\b")),
    ("GitHub Fine-grained Token", re.compile(r"\bgithub_pat_\w{82}")),  # github-fine-grained-pat
    ("Slack App Token", re.compile(r"\bxapp-\d-[A-Z0-9]+-\d+-[a-z0-9]+", re.I)),  # slack-app-token
    ("npm Token", re.compile(r"\bnpm_[A-Za-z0-9]{36}" + _END)),  # npm-access-token
    ("Google API Key", re.compile(r"\bAIza[\w-]{35}" + _END)),  # gcp-api-key
    ("Mailgun Key", re.compile(r"\bkey-[0-9a-f]{32}" + _END)),  # mailgun-private-api-token
    ("Square Access Token", re.compile(r"\bsq0atp-[\w-]{22,60}")),  # square-access-token
    ("Shopify Token", re.compile(r"\bshp(?:at|ca|pa|ss)_[0-9a-fA-F]{32}")),  # shopify-*
    ("OpenAI Key", re.compile(r"\bsk-(?:proj|svcacct|admin)-[\w-]{40,}")),  # openai-api-key
    ("Anthropic Key", re.compile(r"\bsk-ant-(?:api|admin)\d\d-[\w-]{80,}")),  # anthropic-api-key
    ("Vault Token", re.compile(r"\bhv[sb]\.[\w-]{90,300}")),  # vault-service/batch-token
    ("Heroku Key", re.compile(r"\bHRKU-AA[\w-]{58}")),  # heroku-api-key-v2
    ("DigitalOcean Token", re.compile(r"\bdo[opr]_v1_[0-9a-f]{64}")),  # digitalocean-*
    ("Databricks Token", re.compile(r"\bdapi[0-9a-f]{32}(?:-\d)?" + _END)),  # databricks-api-token
    (  # azure-ad-client-secret
        "Azure AD Client Secret",
        re.compile(r"(?<![\w~.-])[\w~.]{3}\dQ~[\w~.-]{31,34}(?![\w~.-])"),
    ),
    (  # the library's BasicAuth wants a user: this also takes redis://:password@host, not a
        # ${PLACEHOLDER}. Bounded runs keep a 4 KB value of words from costing quadratic time.
        "URL With a Password",
        re.compile(r"\b[a-z][a-z0-9+.-]{0,30}://[^/\s:@]{0,256}:(?!\$)[^/\s@{}]{1,256}@", re.I),
    ),
)


def value_shape(value: str) -> str | None:
    """The name of the first detector whose shape the value has, or None."""
    for detector in library_detectors():
        for found in detector.analyze_string(value):
            if _bounded(value, found, detector.secret_type):
                return str(detector.secret_type)
    for name, pattern in HAND_SHAPES:
        if pattern.search(value):
            return name
    return None


# -- what a base64 value holds --------------------------------------------------------------------

PUBLIC = "public"
"""A DER public key or certificate, or a KMS ciphertext blob: readable, but no secret."""
JSON = "json"
"""JSON holding no secret shape: configuration."""
DER_PRIVATE_KEY = "Base64-encoded DER Private Key"

_KMS_CIPHERTEXT = (b"\x01\x02\x02\x00\x78", b"\x01\x01\x02\x00\x78")  # "AQICAH...", "AQECAH..."
_STD_B64 = re.compile(r"[A-Za-z0-9+/]+={0,2}")
_URL_B64 = re.compile(r"[A-Za-z0-9_-]+={0,2}")


def _b64decode(value: str) -> bytes | None:
    padded = value + "=" * (-len(value) % 4)
    try:
        if _STD_B64.fullmatch(padded):
            return base64.b64decode(padded, validate=True)
        if _URL_B64.fullmatch(padded):
            return base64.urlsafe_b64decode(padded)
    except (binascii.Error, ValueError):
        pass
    return None


def _der_kind(raw: bytes) -> str | None:
    """What a DER SEQUENCE holds: PUBLIC when its length adds up and it goes on with a SEQUENCE
    (SubjectPublicKeyInfo, a certificate); DER_PRIVATE_KEY when it goes on with the version
    INTEGER 0 or 1 of PKCS#1, PKCS#8 and SEC 1 private keys; else None."""
    size, head = raw[1], 2
    if size & 0x80:
        head += size & 0x7F
        size = int.from_bytes(raw[2:head], "big")
    if raw[head : head + 3] in (b"\x02\x01\x00", b"\x02\x01\x01"):
        return DER_PRIVATE_KEY
    if head + size == len(raw) and raw[head : head + 1] == b"\x30":
        return PUBLIC
    return None


def _utf8(raw: bytes) -> str | None:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None


def base64_text(value: str) -> str | None:
    """The text a base64 value of 16 characters or more decodes to, or None."""
    raw = _b64decode(value) if len(value) >= 16 else None
    return _utf8(raw) if raw is not None else None


def decoded_kind(value: str) -> str | None:
    """What a base64 value decodes to: PUBLIC, JSON, DER_PRIVATE_KEY, "Base64-encoded <detector>"
    when a secret shape is inside (a service-account JSON with its private key), or None (not
    base64, or bytes we cannot tell)."""
    raw = _b64decode(value) if len(value) >= 16 else None
    if raw is None:
        return None
    if raw[:5] in _KMS_CIPHERTEXT:
        return PUBLIC  # encrypted: what the Lambda console's encryption helpers store
    if raw[:1] == b"\x30" and len(raw) > 4 and (der := _der_kind(raw)):
        return der
    text = _utf8(raw)
    if text is None:
        return None
    inner = value_shape(text)
    if inner:
        return f"Base64-encoded {inner}"
    try:
        json.loads(text)
    except ValueError:
        return None
    return JSON
