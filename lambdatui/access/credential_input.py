"""Validation of what a user types for `lambdatui creds`, and the masked form of a key id.

Messages never echo a key id or a secret: someone may paste the secret into the key-id prompt.
"""

from __future__ import annotations

import re

from lambdatui.core.errors import UsageError

# ASCII only, as AWS checks them: `\d` and `\w` would also take fullwidth or Arabic-Indic digits.
PROFILE_RE = re.compile(r"[A-Za-z0-9_.-]{1,64}")
KEY_ID_RE = re.compile(r"(AKIA|ASIA)[A-Z0-9]{16}")
MFA_SERIAL_RE = re.compile(r"[A-Za-z0-9_+=/:,.@-]{9,256}")
ROLE_ARN_RE = re.compile(r"arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9_+=,.@/-]{1,512}")
MFA_CODE_RE = re.compile(r"[0-9]{6}")


class CredentialError(UsageError):
    """Bad input or an unusable store; the CLI exits 2 with `str()` as the reason."""


class KeyringUnavailable(CredentialError):
    """No usable keyring backend; callers fall back to the normal AWS credential chain."""


# -- validation (messages never echo a key id or secret) -----------------------------------------
def validate_profile_name(name: str) -> str:
    if not PROFILE_RE.fullmatch(name or ""):
        shown = name if len(name) <= 64 else name[:64] + "…"
        raise CredentialError(
            f"invalid profile name {shown!r}: use 1 to 64 letters, digits, '.', '_' or '-'"
        )
    return name


def validate_key_id(key_id: str) -> str:
    key_id = (key_id or "").strip()
    if not KEY_ID_RE.fullmatch(key_id):
        raise CredentialError(
            "malformed access key id: expected 20 characters, AKIA or ASIA then 16 upper-case "
            f"letters or digits (got {len(key_id)} characters)"
        )
    return key_id


def validate_secret(secret: str) -> str:
    secret = (secret or "").strip()
    if not secret:
        raise CredentialError("the secret access key is empty")
    return secret


def validate_mfa_serial(serial: str) -> str:
    if not MFA_SERIAL_RE.fullmatch(serial):
        raise CredentialError(
            "malformed MFA serial: expected an ARN like arn:aws:iam::123456789012:mfa/NAME "
            "or a hardware token serial number"
        )
    return serial


def validate_role_arn(arn: str) -> str:
    if not ROLE_ARN_RE.fullmatch(arn):
        raise CredentialError("malformed role ARN: expected arn:aws:iam::123456789012:role/NAME")
    return arn


def validate_mfa_code(code: str) -> str:
    code = (code or "").strip()
    if not MFA_CODE_RE.fullmatch(code):
        raise CredentialError("the MFA code must be 6 digits")
    return code


def mask_key_id(key_id: str) -> str:
    """`AKIAIOSFODNN7EXAMPLE` → `AKIA…MPLE`: enough to recognise a key, never the whole id."""
    if len(key_id) < 12:
        return "…"
    return f"{key_id[:4]}…{key_id[-4:]}"
