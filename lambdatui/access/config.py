"""lambdatui's own config file: `config.toml` in the user config dir (read only, never written).

```toml
[defaults]
read_only = false          # every profile not listed below

[profiles.prod]
read_only = true           # this profile always opens read-only (a protection for production)
```
The file holds no secret and lambdatui never writes it.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from platformdirs import user_config_path

from lambdatui.core.errors import UsageError


@dataclass(frozen=True, slots=True)
class ProfileSettings:
    read_only: bool | None = None  # None: follow [defaults]


@dataclass(frozen=True, slots=True)
class LambdaTuiConfig:
    default_read_only: bool = False
    profiles: dict[str, ProfileSettings] = field(default_factory=dict)
    path: Path | None = None

    def is_read_only(self, profile: str | None) -> bool:
        settings = self.profiles.get(profile_label(profile))
        if settings is not None and settings.read_only is not None:
            return settings.read_only
        return self.default_read_only


def config_path() -> Path:
    return user_config_path("lambdatui", appauthor=False) / "config.toml"


def profile_label(profile: str | None) -> str:
    """The profile the AWS CLI would use: the one given, else AWS_PROFILE, else `default`."""
    return profile or os.environ.get("AWS_PROFILE") or "default"


def _bool(value: Any, where: str, path: Path) -> bool:
    if not isinstance(value, bool):
        raise UsageError(f"{path}: {where} must be true or false, not {value!r}")
    return value


def _table(value: Any, where: str, path: Path) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise UsageError(f"{path}: [{where}] must be a table")
    return value


def load_config(path: Path | None = None) -> LambdaTuiConfig:
    """Read the config file; a missing file is an empty config, a broken one a `UsageError`."""
    path = path or config_path()
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        return LambdaTuiConfig(path=path)
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: not valid TOML ({exc})") from None
    except OSError as exc:
        raise UsageError(f"{path}: cannot read ({exc.strerror or exc})") from None
    defaults = _table(data.get("defaults", {}), "defaults", path)
    default_read_only = _bool(defaults.get("read_only", False), "defaults.read_only", path)
    profiles: dict[str, ProfileSettings] = {}
    for name, table in _table(data.get("profiles", {}), "profiles", path).items():
        table = _table(table, f"profiles.{name}", path)
        value = table.get("read_only")
        where = f"profiles.{name}.read_only"
        profiles[name] = ProfileSettings(
            read_only=None if value is None else _bool(value, where, path)
        )
    return LambdaTuiConfig(default_read_only=default_read_only, profiles=profiles, path=path)


def is_read_only(profile: str | None, config: LambdaTuiConfig | None = None) -> bool:
    """Whether `profile` (None: AWS_PROFILE or `default`) must open read-only."""
    return (config or load_config()).is_read_only(profile)
