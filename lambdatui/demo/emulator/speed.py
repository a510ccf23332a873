"""Speed-ups of moto's server for the demo and the tests; no AWS divergence is corrected here.

Upstream: performance suggestions, not bugs; not worth a report on their own.
"""

from __future__ import annotations

import json
from typing import Any

# --- Speed (not an AWS divergence) ---------------------------------------------------------------


def speed_user_pool_keys() -> None:
    """CreateUserPool, made fast: no change in behaviour.

    moto parses the same bundled RSA signing key again for every user pool (about 0.15 s each,
    a sixth of the demo seed); the parsed key is now shared by every pool, as its content is.
    """
    import moto.cognitoidp.models as cognito

    real = cognito.jwk
    parsed: dict[str, Any] = {}

    class _RSAKey:
        @staticmethod
        def import_key(data: Any, *args: Any, **kwargs: Any) -> Any:
            if args or kwargs:
                return real.RSAKey.import_key(data, *args, **kwargs)
            text = data if isinstance(data, str | bytes) else json.dumps(data, sort_keys=True)
            key = text.decode() if isinstance(text, bytes) else text
            if key not in parsed:
                parsed[key] = real.RSAKey.import_key(data)
            return parsed[key]

    class _Jwk:
        RSAKey = _RSAKey

        def __getattr__(self, name: str) -> Any:
            return getattr(real, name)

    cognito.jwk = _Jwk()  # type: ignore[assignment]


def speed_backend_lookup() -> None:
    """Request routing, made fast: no change in behaviour.

    moto's server lists its own package directory (some 200 `isdir` calls) on every request to
    find the backend for the request's host; the list cannot change while the process runs, so
    it is now read once.
    """
    from moto import backends

    modules = tuple(backends.list_of_moto_modules())
    backends.list_of_moto_modules = lambda: modules  # type: ignore[assignment]


def speed_service_models() -> None:
    """Service model loading, made fast: no change in behaviour.

    moto builds a new botocore loader for every model it loads, and each new loader scans the
    whole botocore data directory again; one shared loader caches that scan, as a boto3 session
    does.
    """
    from botocore.loaders import create_loader
    from moto.core import utils

    loader = create_loader()

    def _load_service_model(service_name: str, model_name: str) -> dict[str, Any]:
        model: dict[str, Any] = loader.load_service_model(service_name, model_name)
        return model

    utils._load_service_model = _load_service_model
