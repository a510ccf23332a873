"""Turn a SessionSpec naming a keyring profile into one that carries the resolved keys.

The keys live only in the returned (frozen) spec, whose repr hides them; nothing is written but
the cached STS session, which goes back into the keyring.
"""

from __future__ import annotations

import dataclasses
import logging
import os
from collections.abc import Callable
from datetime import datetime
from typing import Any

from lambdatui.access.credentials import (
    AskMfa,
    CredentialError,
    Credentials,
    CredentialStore,
    KeyringUnavailable,
)
from lambdatui.access.profiles import config_profiles, credentials_profiles, profile_region
from lambdatui.aws.session import CONNECT_TIMEOUT_S, READ_TIMEOUT_S, SessionSpec
from lambdatui.aws.translate import aws_call

log = logging.getLogger(__name__)

STS_FALLBACK_REGION = "us-east-1"


def sts_client_factory(spec: SessionSpec, region: str | None) -> Callable[[Credentials], Any]:
    """Build STS clients signed with given keys, aimed at the spec's endpoint (an emulator).

    The client carries the read-only guard whatever the mode: it exists to obtain credentials,
    and the guard lets exactly the credential operations through (`guard.CREDENTIAL_OPERATIONS`),
    so nothing else can ever be sent with the long-term keys."""

    def factory(creds: Credentials) -> Any:
        import boto3
        import botocore.session
        from botocore.config import Config

        from lambdatui.aws import guard

        # An empty session: AWS_PROFILE may name this very keyring profile, absent from the files.
        core = botocore.session.Session(session_vars={"profile": (None, None, None, None)})
        session = boto3.Session(
            botocore_session=core,
            aws_access_key_id=creds.access_key_id,
            aws_secret_access_key=creds.secret_access_key,
            aws_session_token=creds.session_token,
            region_name=region or STS_FALLBACK_REGION,
        )
        guard.install(session.events)
        config = Config(
            retries={"mode": "standard", "max_attempts": 3},
            connect_timeout=CONNECT_TIMEOUT_S,
            read_timeout=READ_TIMEOUT_S,
            user_agent_extra="lambdatui",
        )
        return session.client("sts", endpoint_url=spec.endpoint_url, config=config)

    return factory


def _no_mfa(serial: str) -> str:
    raise CredentialError(f"an MFA code for {serial} is needed but nobody can be asked")


def spec_with_keyring(
    spec: SessionSpec,
    store: CredentialStore | None = None,
    ask_mfa: AskMfa | None = None,
    *,
    now: datetime | None = None,
    warn: Callable[[str], None] | None = None,
) -> SessionSpec:
    """`spec` with the keyring keys of its profile (and `profile=None`), or `spec` unchanged.

    Unchanged when keys are already given (demo), no profile is named (`spec.profile`, else
    AWS_PROFILE), the profile is not in the keyring, or no usable keyring exists — then the normal
    AWS chain applies, and `warn` hears why if the AWS files do not know the profile either.
    The region falls back to the profile's `region` in the AWS config file.
    Raises `CredentialError` (bad MFA code, no one to ask) or a typed `AwsError` from STS.
    """
    profile = spec.profile or os.environ.get("AWS_PROFILE")
    if spec.access_key_id or not profile:
        return spec
    store = store or CredentialStore()
    ok, why = store.available()
    if not ok:
        known = profile in config_profiles() or profile in credentials_profiles()
        if not known and warn is not None:
            warn(f"profile {profile}: no usable keyring ({why}); using the normal AWS chain")
        return spec
    try:
        stored = store.names()
    except KeyringUnavailable:
        # A broken keyring must not stop a profile the AWS files define; one they do not know
        # may live only in the keyring, so its failure is the one sentence the user gets.
        if profile in config_profiles() or profile in credentials_profiles():
            if warn is not None:
                warn(f"profile {profile}: the keyring could not be read; using the AWS files")
            return spec
        raise
    if profile not in stored:
        return spec
    region = spec.region or profile_region(profile)
    entry = store.get(profile)
    operation = "AssumeRole" if entry and entry.role_arn else "GetSessionToken"
    with aws_call("sts", operation):
        creds = store.resolve(
            profile,
            sts_client_factory=sts_client_factory(spec, region),
            ask_mfa=ask_mfa or _no_mfa,
            now=now,
        )
    if creds is None:
        return spec
    log.info("profile %s: using keys from the keyring (%s)", profile, creds.access_key_id[:4])
    return dataclasses.replace(
        spec,
        profile=None,
        region=region,
        access_key_id=creds.access_key_id,
        secret_access_key=creds.secret_access_key,
        session_token=creds.session_token,
    )
