"""Lambda managed runtimes: when AWS deprecates each one and blocks creating and updating on it.

Source: AWS's "Lambda runtimes" page, https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html
(tables "Supported runtimes" and "Deprecated runtimes": Deprecation date, Block function create,
Block function update), with the same tables on the per-language pages (lambda-nodejs, -python,
-java, -csharp, -ruby, runtimes-provided). READ_ON below is the day the table was taken from
them. AWS moves future dates now and then (in 2026 it pushed most block dates to 2027-02-01 and
2027-03-03 and gave java8.al2, java11, java17 and python3.11 another year): re-read the page when a
runtime is released or a date announced, update the rows and READ_ON, and the test that pins this
table (tests/unit/test_runtimes.py).

After the deprecation date AWS no longer patches the runtime; from "block create" no new function
can use it, from "block update" existing ones can no longer be updated; invocations keep working.
A `None` block date is one the page does not schedule (container-image-only runtimes such as
dotnet9, or dates not published yet).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

SOURCE_URL = "https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html"
READ_ON = date(2026, 12, 1)


@dataclass(frozen=True, slots=True)
class Runtime:
    """One runtime identifier and its dates as AWS publishes them."""

    identifier: str
    deprecated: date
    block_create: date | None
    block_update: date | None


def _r(identifier: str, deprecated: str, create: str | None, update: str | None) -> Runtime:
    return Runtime(
        identifier,
        date.fromisoformat(deprecated),
        date.fromisoformat(create) if create else None,
        date.fromisoformat(update) if update else None,
    )


_TABLE: tuple[Runtime, ...] = (
    # Node.js
    _r("nodejs", "2016-08-30", "2016-09-30", "2016-10-31"),
    _r("nodejs4.3", "2020-03-05", "2020-02-03", "2020-03-05"),
    _r("nodejs4.3-edge", "2020-03-05", "2019-03-31", "2019-04-30"),
    _r("nodejs6.10", "2019-08-12", "2019-07-12", "2019-08-12"),
    _r("nodejs8.10", "2020-03-06", "2020-02-04", "2020-03-06"),
    _r("nodejs10.x", "2021-07-30", "2021-07-30", "2022-02-14"),
    _r("nodejs12.x", "2023-03-31", "2023-03-31", "2023-04-30"),
    _r("nodejs14.x", "2023-12-04", "2024-01-09", "2027-03-03"),
    _r("nodejs16.x", "2024-06-12", "2027-02-01", "2027-03-03"),
    _r("nodejs18.x", "2025-09-01", "2027-02-01", "2027-03-03"),
    _r("nodejs20.x", "2026-04-30", "2027-02-01", "2027-03-03"),
    _r("nodejs22.x", "2027-04-30", "2027-06-01", "2027-07-01"),
    _r("nodejs24.x", "2028-04-30", "2028-06-01", "2028-07-01"),
    # Python
    _r("python2.7", "2021-07-15", "2021-07-15", "2022-05-30"),
    _r("python3.6", "2022-07-18", "2022-07-18", "2022-08-29"),
    _r("python3.7", "2023-12-04", "2024-01-09", "2027-03-03"),
    _r("python3.8", "2024-10-14", "2027-02-01", "2027-03-03"),
    _r("python3.9", "2025-12-15", "2027-02-01", "2027-03-03"),
    _r("python3.10", "2026-10-31", "2027-02-01", "2027-03-03"),
    _r("python3.11", "2027-06-30", "2027-07-31", "2027-08-31"),
    _r("python3.12", "2028-10-31", "2028-11-30", "2029-01-10"),
    _r("python3.13", "2029-06-30", "2029-07-31", "2029-08-31"),
    _r("python3.14", "2029-06-30", "2029-07-31", "2029-08-31"),
    # Java (the *.al2023 rows come from a third-party copy of the page; no block dates found)
    _r("java8", "2024-01-08", "2024-02-08", "2027-03-03"),
    _r("java8.al2", "2027-06-30", "2027-07-31", "2027-08-31"),
    _r("java11", "2027-06-30", "2027-07-31", "2027-08-31"),
    _r("java17", "2027-06-30", "2027-07-31", "2027-08-31"),
    _r("java8.al2023", "2029-06-30", None, None),
    _r("java11.al2023", "2029-06-30", None, None),
    _r("java17.al2023", "2029-06-30", None, None),
    _r("java21", "2029-06-30", "2029-07-31", "2029-08-31"),
    _r("java25", "2029-06-30", "2029-07-31", "2029-08-31"),
    # .NET (dotnet5.0, dotnet7 and dotnet9 were container-image only: no blocks scheduled)
    _r("dotnetcore1.0", "2019-06-27", "2019-06-30", "2019-07-30"),
    _r("dotnetcore2.0", "2019-05-30", "2019-04-30", "2019-05-30"),
    _r("dotnetcore2.1", "2022-01-05", "2022-01-05", "2022-04-13"),
    _r("dotnetcore3.1", "2023-04-03", "2023-04-03", "2023-05-03"),
    _r("dotnet5.0", "2022-05-10", None, None),
    _r("dotnet6", "2024-12-20", "2027-02-01", "2027-03-03"),
    _r("dotnet7", "2024-05-14", None, None),
    _r("dotnet8", "2026-11-10", "2027-02-01", "2027-03-03"),
    _r("dotnet9", "2026-11-10", None, None),
    _r("dotnet10", "2028-11-14", "2028-12-14", "2029-01-15"),
    # Ruby
    _r("ruby2.5", "2021-07-30", "2021-07-30", "2022-03-31"),
    _r("ruby2.7", "2023-12-07", "2024-01-09", "2027-03-03"),
    _r("ruby3.2", "2026-03-31", "2027-02-01", "2027-03-03"),
    _r("ruby3.3", "2027-03-31", "2027-04-30", "2027-05-31"),
    _r("ruby3.4", "2028-03-31", "2028-04-30", "2028-05-31"),
    _r("ruby4.0", "2029-03-31", "2029-04-30", "2029-05-31"),
    # Go and OS-only
    _r("go1.x", "2024-01-08", "2024-02-08", "2027-03-03"),
    _r("provided", "2024-01-08", "2024-02-08", "2027-03-03"),
    _r("provided.al2", "2026-07-31", "2027-02-01", "2027-03-03"),
    _r("provided.al2023", "2029-06-30", "2029-07-31", "2029-08-31"),
)

RUNTIMES: dict[str, Runtime] = {r.identifier: r for r in _TABLE}

# Identifiers the Lambda API accepts that the page dates nowhere yet (previews): never flagged.
UNDATED: frozenset[str] = frozenset({"nodejs26.x", "python3.15", "custom"})

# The runtime to move to, per family: the supported one AWS keeps longest (as of READ_ON).
FAMILY_SUCCESSOR: dict[str, str] = {
    "nodejs": "nodejs24.x",
    "python": "python3.14",
    "java": "java25",
    "dotnet": "dotnet10",
    "ruby": "ruby4.0",
    "provided": "provided.al2023",
}
# The smallest step off Amazon Linux 2: the same language version on AL2023.
_SAME_VERSION_ON_AL2023: dict[str, str] = {
    "java8.al2": "java8.al2023",
    "java11": "java11.al2023",
    "java17": "java17.al2023",
}
_FAMILY_ALIASES = {"dotnetcore": "dotnet", "go": "provided"}


def family(runtime: str) -> str:
    """The language family of an identifier: `nodejs18.x` -> `nodejs`, `go1.x` -> `provided`."""
    match = re.match(r"[a-z]+", runtime)
    name = match.group() if match else runtime
    return _FAMILY_ALIASES.get(name, name)


def deprecation_date(runtime: str | None) -> date | None:
    """The date AWS deprecates (deprecated) `runtime`, or None when it is not in the table."""
    entry = RUNTIMES.get(runtime or "")
    return entry.deprecated if entry else None


def is_deprecated(runtime: str | None, today: date) -> bool:
    """Whether `runtime` is past its deprecation date on `today`. Unknown runtimes are not."""
    when = deprecation_date(runtime)
    return when is not None and today >= when


def successor(runtime: str | None) -> str | None:
    """The family's current runtime to move to, or None for that runtime itself or an unknown."""
    if not runtime or runtime not in RUNTIMES:
        return None
    target = FAMILY_SUCCESSOR.get(family(runtime))
    return target if target != runtime else None


def advice(runtime: str) -> str:
    """Where to move a function off `runtime`, in words."""
    target = successor(runtime) or f"a supported {family(runtime)} runtime"
    same = _SAME_VERSION_ON_AL2023.get(runtime)
    return f"{target} (or {same}, the same version on Amazon Linux 2023)" if same else target


def _block(what: str, when: date | None, today: date) -> str:
    if when is None:
        return f"no date is published to block {what}"
    if today >= when:
        return f"{what} has been blocked since {when}"
    return f"{what} is blocked from {when}"


def schedule(runtime: str, today: date) -> str:
    """The runtime's dates as a sentence: deprecation, then the two blocks, relative to `today`."""
    entry = RUNTIMES[runtime]
    verb = "deprecated" if today >= entry.deprecated else "deprecates"
    return (
        f"AWS {verb} {runtime} on {entry.deprecated}; "
        f"{_block('creating functions on it', entry.block_create, today)}, and "
        f"{_block('updating them', entry.block_update, today)}"
    )
