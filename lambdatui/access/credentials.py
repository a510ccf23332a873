"""Credentials kept in the OS keyring (service `lambdatui`), in the spirit of aws-vault.

Layout under the service: `profile:NAME` holds the long-term keys (plus an optional `mfa_serial`
and `role_arn`) as JSON; `session:NAME` holds the cached temporary session made from them; `_index`
lists the stored profile names, since a keyring cannot enumerate its entries.

No secret is ever logged, printed, or put in an exception message: messages name the profile,
never a value the user typed (someone may paste the secret into the key-id prompt).
This module imports no boto3: STS is reached through the `sts_client_factory` the caller passes.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

import keyring
import keyring.errors
from keyring.backend import KeyringBackend

from lambdatui.access.credential_input import (
    CredentialError,
    KeyringUnavailable,
    mask_key_id,
    validate_key_id,
    validate_mfa_code,
    validate_mfa_serial,
    validate_profile_name,
    validate_role_arn,
    validate_secret,
)
from lambdatui.access.keyring_backend import keyring_available

log = logging.getLogger(__name__)

SERVICE = "lambdatui"
INDEX_USER = "_index"
EXPIRY_MARGIN = timedelta(minutes=5)

__all__ = [
    "SERVICE",
    "CredentialError",
    "CredentialStore",
    "Credentials",
    "KeyringUnavailable",
    "StoredProfile",
    "keyring_available",
    "mask_key_id",
    "resolve",
    "validate_key_id",
    "validate_mfa_code",
    "validate_profile_name",
    "validate_secret",
]


# -- data ---------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Credentials:
    """A set of AWS keys; `repr()` shows only the key id."""

    access_key_id: str
    secret_access_key: str = field(repr=False)
    session_token: str | None = field(default=None, repr=False)
    expiration: datetime | None = None

    def expires_soon(self, now: datetime, margin: timedelta = EXPIRY_MARGIN) -> bool:
        return self.expiration is not None and self.expiration - margin <= now


@dataclass(frozen=True, slots=True)
class StoredProfile:
    """A keyring profile: long-term keys, and what STS needs to turn them into a session."""

    name: str
    access_key_id: str
    secret_access_key: str = field(repr=False)
    mfa_serial: str | None = None
    role_arn: str | None = None

    @property
    def needs_sts(self) -> bool:
        return bool(self.mfa_serial or self.role_arn)

    def fingerprint(self) -> dict[str, str | None]:
        """What a cached session was made from; a change to any of it invalidates the cache."""
        return {
            "access_key_id": self.access_key_id,
            "mfa_serial": self.mfa_serial,
            "role_arn": self.role_arn,
        }


class StsClient(Protocol):
    def get_session_token(self, **kwargs: Any) -> dict[str, Any]: ...
    def assume_role(self, **kwargs: Any) -> dict[str, Any]: ...


StsClientFactory = Callable[[Credentials], StsClient]
AskMfa = Callable[[str], str]


def _as_utc(value: datetime | str) -> datetime:
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _failed(what: str, backend: KeyringBackend, exc: Exception) -> KeyringUnavailable:
    """One sentence for a keyring failure. The exception's text stays out of it (a backend may
    quote what it was given), and so does the traceback: the log keeps the type."""
    from lambdatui.access.keyring_backend import backend_name

    log.warning("keyring %s failed: %s from %s", what, type(exc).__name__, backend_name(backend))
    verb = "refused" if isinstance(exc, keyring.errors.KeyringError) else "failed on"
    return KeyringUnavailable(
        f"the keyring ({backend_name(backend)}) {verb} a {what} ({type(exc).__name__}); "
        f"{FALLBACK_HINT}"
    )


FALLBACK_HINT = (
    "fix or unlock it, or choose another backend with PYTHON_KEYRING_BACKEND; "
    "profiles in ~/.aws still work without it"
)


# -- the store ------------------------------------------------------------------------------------
class CredentialStore:
    """Profiles in the keyring. `backend=None` uses keyring's choice, but refuses an unsafe one."""

    def __init__(self, backend: KeyringBackend | None = None, service: str = SERVICE) -> None:
        self._backend = backend
        self.service = service

    @property
    def backend(self) -> KeyringBackend:
        return self._backend or keyring.get_keyring()

    def available(self) -> tuple[bool, str]:
        """(usable, why) — a backend passed in explicitly counts as the user's choice."""
        return keyring_available(self._backend)

    def _require(self) -> KeyringBackend:
        ok, why = self.available()
        if not ok:
            raise KeyringUnavailable(f"no usable keyring: {why}")
        return self.backend

    def _read(self, user: str) -> Any:
        backend = self._require()
        try:
            raw = backend.get_password(self.service, user)
        except Exception as exc:  # a backend may raise anything (D-Bus, a locked file, a bug)
            raise _failed("read", backend, exc) from None
        if raw is None:
            return None
        try:
            return json.loads(raw)
        except ValueError:
            log.warning("keyring entry %s/%s is not JSON; ignored", self.service, user)
            return None

    def _write(self, user: str, value: Any) -> None:
        backend = self._require()
        try:
            backend.set_password(self.service, user, json.dumps(value))
        except Exception as exc:
            raise _failed("write", backend, exc) from None

    def _delete(self, user: str) -> None:
        backend = self._require()
        try:
            backend.delete_password(self.service, user)
        except keyring.errors.PasswordDeleteError:
            pass  # already absent
        except Exception as exc:
            raise _failed("delete", backend, exc) from None

    # -- profiles -------------------------------------------------------------------------------
    def names(self) -> list[str]:
        index = self._read(INDEX_USER)
        return sorted({n for n in index if isinstance(n, str)}) if isinstance(index, list) else []

    def get(self, profile: str) -> StoredProfile | None:
        data = self._read(f"profile:{validate_profile_name(profile)}")
        if not isinstance(data, dict) or "access_key_id" not in data:
            return None
        return StoredProfile(
            name=profile,
            access_key_id=data["access_key_id"],
            secret_access_key=data.get("secret_access_key", ""),
            mfa_serial=data.get("mfa_serial"),
            role_arn=data.get("role_arn"),
        )

    def list(self) -> list[StoredProfile]:
        return [p for p in map(self.get, self.names()) if p is not None]

    def set(
        self,
        profile: str,
        access_key_id: str,
        secret_access_key: str,
        *,
        mfa_serial: str | None = None,
        role_arn: str | None = None,
    ) -> StoredProfile:
        """Validate and store a profile (replacing it), and forget its cached session."""
        entry = StoredProfile(
            name=validate_profile_name(profile),
            access_key_id=validate_key_id(access_key_id),
            secret_access_key=validate_secret(secret_access_key),
            mfa_serial=validate_mfa_serial(mfa_serial) if mfa_serial else None,
            role_arn=validate_role_arn(role_arn) if role_arn else None,
        )
        self._write(
            f"profile:{profile}",
            {
                "access_key_id": entry.access_key_id,
                "secret_access_key": entry.secret_access_key,
                "mfa_serial": entry.mfa_serial,
                "role_arn": entry.role_arn,
            },
        )
        self._delete(f"session:{profile}")
        if profile not in (names := self.names()):
            self._write(INDEX_USER, sorted([*names, profile]))
        log.info("stored credentials for profile %s in the keyring", profile)
        return entry

    def remove(self, profile: str) -> bool:
        """Forget a profile and its cached session; False if it was not stored."""
        existed = self.get(profile) is not None
        self._delete(f"profile:{profile}")
        self._delete(f"session:{profile}")
        names = self.names()
        if profile in names:
            self._write(INDEX_USER, [n for n in names if n != profile])
            existed = True
        if existed:
            log.info("removed profile %s from the keyring", profile)
        return existed

    # -- the cached temporary session -----------------------------------------------------------
    def cached_session(self, entry: StoredProfile) -> Credentials | None:
        """The cached session of `entry`, if one was made from its current keys/MFA/role."""
        data = self._read(f"session:{entry.name}")
        if not isinstance(data, dict) or data.get("for") != entry.fingerprint():
            return None
        try:
            return Credentials(
                access_key_id=data["access_key_id"],
                secret_access_key=data["secret_access_key"],
                session_token=data.get("session_token"),
                expiration=_as_utc(data["expiration"]),
            )
        except (KeyError, TypeError, ValueError):
            return None

    def cache_session(self, entry: StoredProfile, creds: Credentials) -> None:
        self._write(
            f"session:{entry.name}",
            {
                "access_key_id": creds.access_key_id,
                "secret_access_key": creds.secret_access_key,
                "session_token": creds.session_token,
                "expiration": creds.expiration.isoformat() if creds.expiration else None,
                "for": entry.fingerprint(),
            },
        )

    def resolve(
        self,
        profile: str,
        *,
        sts_client_factory: StsClientFactory,
        ask_mfa: AskMfa,
        now: datetime | None = None,
    ) -> Credentials | None:
        """The keys to sign with for `profile`, or None if it is not a keyring profile.

        Static keys come back as they are. With `mfa_serial` and/or `role_arn`, a cached session
        is reused until 5 minutes before it expires; otherwise STS is called (GetSessionToken for
        MFA only, AssumeRole when a role is set, with the MFA code when a serial is set) and the
        answer cached in the keyring.
        """
        entry = self.get(profile)
        if entry is None:
            return None
        base = Credentials(entry.access_key_id, entry.secret_access_key)
        if not entry.needs_sts:
            return base
        now = now or datetime.now(UTC)
        cached = self.cached_session(entry)
        if cached is not None and not cached.expires_soon(now):
            return cached
        params: dict[str, str] = {}
        if entry.mfa_serial:
            code = validate_mfa_code(ask_mfa(entry.mfa_serial))
            params = {"SerialNumber": entry.mfa_serial, "TokenCode": code}
        sts = sts_client_factory(base)
        if entry.role_arn:
            session_name = f"lambdatui-{profile}"[:64]
            answer = sts.assume_role(RoleArn=entry.role_arn, RoleSessionName=session_name, **params)
        else:
            answer = sts.get_session_token(**params)
        got = answer["Credentials"]
        creds = Credentials(
            access_key_id=got["AccessKeyId"],
            secret_access_key=got["SecretAccessKey"],
            session_token=got.get("SessionToken"),
            expiration=_as_utc(got["Expiration"]),
        )
        try:
            self.cache_session(entry, creds)
        except CredentialError as exc:  # the session still works; the next start asks again
            log.warning("could not cache the session of %s: %s", profile, exc)
        return creds


def resolve(
    profile: str,
    *,
    sts_client_factory: StsClientFactory,
    ask_mfa: AskMfa,
    now: datetime | None = None,
    store: CredentialStore | None = None,
) -> Credentials | None:
    """`CredentialStore.resolve` on the default store (keyring's own backend choice)."""
    return (store or CredentialStore()).resolve(
        profile, sts_client_factory=sts_client_factory, ask_mfa=ask_mfa, now=now
    )
