"""One boto3 Session per (profile, region, endpoint), and the clients built from it.

boto3 Sessions are not thread-safe but its clients are, so the session builds each client once,
under a lock, and every worker shares them. boto3 is imported here lazily, when the first client
is built (in a worker), so importing this module costs nothing at start-up.
"""

from __future__ import annotations

import os
import threading
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lambdatui.core import errors
from lambdatui.core.model import Identity

if TYPE_CHECKING:
    import boto3

RETRY_MAX_ATTEMPTS = 5
CONNECT_TIMEOUT_S = 5
READ_TIMEOUT_S = 20


@dataclass(frozen=True, slots=True)
class SessionSpec:
    """What the user asked for; unset fields fall back to the AWS CLI's own resolution."""

    profile: str | None = None
    region: str | None = None
    endpoint_url: str | None = None
    read_only: bool = False
    access_key_id: str | None = None
    secret_access_key: str | None = None
    session_token: str | None = None
    pace: bool = True
    max_attempts: int = RETRY_MAX_ATTEMPTS
    label: str | None = None
    """What the header calls this profile (a keyring profile's spec carries keys, no profile)."""
    region_source: str | None = None
    """Where `region` came from: `--region`, `AWS_REGION`, `AWS_DEFAULT_REGION`, `profile P in
    ~/.aws/config`, `demo` (see `lambdatui.aws.regions.choose_region`); None when not resolved."""

    def __repr__(self) -> str:  # never print the secret
        return (
            f"SessionSpec(profile={self.profile!r}, region={self.region!r}, "
            f"endpoint_url={self.endpoint_url!r}, read_only={self.read_only})"
        )


class AwsSession:
    """A lazily built boto3 session with shared clients, the read-only guard and pacing."""

    def __init__(self, spec: SessionSpec) -> None:
        self.spec = spec
        self._lock = threading.Lock()
        self._boto: boto3.Session | None = None
        self._clients: dict[str, Any] = {}
        self._identity: Identity | None = None
        self.calls: Counter[str] = Counter()
        """API calls sent, by `service:Operation` (the guard and pacing hooks count them)."""

    # -- the boto3 session --------------------------------------------------------------------
    @property
    def boto(self) -> boto3.Session:
        with self._lock:
            if self._boto is None:
                self._boto = self._build()
            return self._boto

    def _build(self) -> boto3.Session:
        import boto3
        from botocore.exceptions import BotoCoreError

        from lambdatui.aws import guard, pacing
        from lambdatui.aws.loader import share_loader
        from lambdatui.aws.translate import translate

        spec = self.spec
        try:
            import botocore.session

            # Keys given (keyring, demo): AWS_PROFILE may name a profile no file defines.
            keys_only = bool(spec.access_key_id) and spec.profile is None
            core = botocore.session.Session(  # None: what boto3 builds when given no session
                session_vars={"profile": (None, None, None, None)} if keys_only else None
            )
            session = boto3.Session(
                botocore_session=core,
                profile_name=spec.profile,
                region_name=spec.region,
                aws_access_key_id=spec.access_key_id,
                aws_secret_access_key=spec.secret_access_key,
                aws_session_token=spec.session_token,
            )
            share_loader(core)  # after boto3 built (and checked) the session's own loader
        except BotoCoreError as exc:
            raise translate(exc, service="sts", operation="Session") from exc
        session.events.register("before-call", self._count)
        if spec.read_only:
            guard.install(session.events)
        if spec.pace:
            pacing.install(session.events)
        return session

    def _count(self, model: Any, **_: Any) -> None:
        self.calls[f"{model.service_model.service_name}:{model.name}"] += 1

    @property
    def region(self) -> str:
        region = self.spec.region or self.boto.region_name
        if not region:
            raise errors.NoCredentials(
                "no region configured: pass --region, set AWS_REGION, or give the profile a "
                "region in ~/.aws/config",
                code="NoRegion",
            )
        return region

    @property
    def profile_label(self) -> str:
        return self.spec.label or self.spec.profile or os.environ.get("AWS_PROFILE") or "default"

    def client(self, service: str) -> Any:
        """The shared client for `service` in this session's region (built once).

        The region is resolved before the lock is taken: resolving it may build the boto3
        session, which takes the same (non-reentrant) lock.
        """
        boto = self.boto
        region = self.region
        with self._lock:
            client = self._clients.get(service)
            if client is None:
                client = self._make_client(boto, service, region)
                self._clients[service] = client
            return client

    def _make_client(self, boto: boto3.Session, service: str, region: str) -> Any:
        from botocore.config import Config

        config = Config(
            retries={"mode": "standard", "max_attempts": self.spec.max_attempts},
            connect_timeout=CONNECT_TIMEOUT_S,
            read_timeout=READ_TIMEOUT_S,
            max_pool_connections=32,
            user_agent_extra="lambdatui",
            s3={"addressing_style": "path"} if self.spec.endpoint_url else None,
        )
        return boto.client(
            service,
            region_name=region,
            endpoint_url=self.spec.endpoint_url,
            config=config,
        )

    # -- identity -------------------------------------------------------------------------------
    def identity(self) -> Identity:
        """Who we are (sts:GetCallerIdentity, asked once); raises a typed error on failure."""
        from lambdatui.aws.translate import aws_call

        if self._identity is None:
            with aws_call("sts", "GetCallerIdentity"):
                answer = self.client("sts").get_caller_identity()
            self._identity = Identity(
                account=answer["Account"], arn=answer["Arn"], user_id=answer["UserId"]
            )
        return self._identity
