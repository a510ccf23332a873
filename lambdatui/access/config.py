"""lambdatui's own config file: `config.toml` in the user config dir (read only, never written).

```toml
[defaults]
read_only = false          # every profile not listed below

[profiles.prod]
read_only = true           # this profile always opens read-only (a protection for production)

[pacing]
scale = 1.0                # times AWS's Lambda quotas (0 = no pacing); LAMBDATUI_PACING_SCALE wins
```
The file holds no secret and lambdatui never writes it.

It fails closed: the whole file is checked against `SCHEMA`, and anything it does not describe — an
unknown section or key (`[profile.prod]`, `readonly = true`, `read-only`, `[default]`), a value of
the wrong type — is a `UsageError` naming the file, the line and the nearest known name. A typo
must never silently turn off the read-only protection it was meant to switch on.
"""

from __future__ import annotations

import difflib
import math
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from platformdirs import user_config_path

from lambdatui.core.errors import UsageError

# The schema: a section is a dict of its keys; `PROFILE` stands for any profile name.
# A key's entry is (type check, what a person is told the value must be).
PROFILE = "<profile>"
_BOOL = (lambda v: isinstance(v, bool), "true or false")
_SCALE = (
    lambda v: isinstance(v, int | float) and not isinstance(v, bool) and 0 <= v < math.inf,
    "a number ≥ 0",
)
SCHEMA: dict[str, Any] = {
    "defaults": {"read_only": _BOOL},
    "profiles": {PROFILE: {"read_only": _BOOL}},
    "pacing": {"scale": _SCALE},
}


@dataclass(frozen=True, slots=True)
class ProfileSettings:
    read_only: bool | None = None  # None: follow [defaults]


@dataclass(frozen=True, slots=True)
class LambdaTuiConfig:
    default_read_only: bool = False
    profiles: dict[str, ProfileSettings] = field(default_factory=dict)
    path: Path | None = None
    pacing_scale: float | None = None
    """`[pacing] scale`: a factor on AWS's Lambda quotas; None when the file does not set it."""

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


# -- finding the line of a name (tomllib keeps no positions) ---------------------------------------
_BARE = r"[A-Za-z0-9_-]+"
_QUOTED = r'"(?:[^"\\]|\\.)*"|\'[^\']*\''
_KEY_PART = rf"\s*(?:{_BARE}|{_QUOTED})\s*"
_HEADER = re.compile(rf"^\s*\[(?!\[)((?:{_KEY_PART})(?:\.{_KEY_PART})*)\]")
_ASSIGN = re.compile(rf"^\s*((?:{_KEY_PART})(?:\.{_KEY_PART})*)=")


def _split_key(text: str) -> tuple[str, ...]:
    parts = re.findall(rf"{_BARE}|{_QUOTED}", text)
    return tuple(p[1:-1] if p[:1] in {'"', "'"} else p for p in parts)


def _line_of(text: str, path: tuple[str, ...]) -> int | None:
    """The 1-based line where `path` (a table or a key) is written, when it can be found."""
    table: tuple[str, ...] = ()
    for number, line in enumerate(text.splitlines(), start=1):
        if header := _HEADER.match(line):
            table = _split_key(header.group(1))
            if table[: len(path)] == path:
                return number
            continue
        if assign := _ASSIGN.match(line):
            full = table + _split_key(assign.group(1))
            if full[: len(path)] == path:
                return number
    return None


# -- validation ---------------------------------------------------------------------------------
class _Checker:
    def __init__(self, path: Path, text: str) -> None:
        self.path, self.text = path, text

    def fail(self, where: tuple[str, ...], message: str) -> UsageError:
        line = _line_of(self.text, where)
        at = f"{self.path}:{line}" if line else str(self.path)
        return UsageError(f"{at}: {message}")

    def check(self, data: dict[str, Any], schema: dict[str, Any], where: tuple[str, ...]) -> None:
        for key, value in data.items():
            here = (*where, key)
            if key in schema:
                expected = schema[key]
            elif PROFILE in schema:
                expected = schema[PROFILE]
            else:
                raise self.fail(here, self.unknown(key, list(schema), where))
            if isinstance(expected, dict):
                if not isinstance(value, dict):
                    raise self.fail(here, f"[{'.'.join(here)}] must be a table")
                self.check(value, expected, here)
            else:
                valid, wanted = expected
                if not valid(value):
                    raise self.fail(here, f"{'.'.join(here)} must be {wanted}, not {_shown(value)}")

    @staticmethod
    def unknown(key: str, known: list[str], where: tuple[str, ...]) -> str:
        close = difflib.get_close_matches(key.replace("-", "_").lower(), known, n=1, cutoff=0.5)
        if not close:
            close = difflib.get_close_matches(key, known, n=1, cutoff=0.0)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        if where:
            return f"unknown key {key!r} in [{'.'.join(where)}]{hint}"
        return f"unknown section [{key}]{hint}; known: " + ", ".join(f"[{k}]" for k in known)


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:40] + "…"


def load_config(path: Path | None = None) -> LambdaTuiConfig:
    """Read and check the config file; a missing file is an empty config, any mistake in it a
    `UsageError` (the CLI exits 2 with that one sentence)."""
    path = path or config_path()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return LambdaTuiConfig(path=path)
    except OSError as exc:
        raise UsageError(f"{path}: cannot read ({exc.strerror or exc})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise UsageError(
            f"{path}:{line}: not UTF-8 text (byte 0x{raw[exc.start]:02x}); save it as UTF-8"
        ) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: not valid TOML ({exc})") from None
    _Checker(path, text).check(data, SCHEMA, ())
    defaults = data.get("defaults", {})
    profiles = {
        name: ProfileSettings(read_only=table.get("read_only"))
        for name, table in data.get("profiles", {}).items()
    }
    scale = data.get("pacing", {}).get("scale")
    return LambdaTuiConfig(
        default_read_only=defaults.get("read_only", False),
        profiles=profiles,
        path=path,
        pacing_scale=None if scale is None else float(scale),
    )


def is_read_only(profile: str | None, config: LambdaTuiConfig | None = None) -> bool:
    """Whether `profile` (None: AWS_PROFILE or `default`) must open read-only."""
    return (config or load_config()).is_read_only(profile)
