"""Lambda managed runtimes and the dates AWS deprecates them ("end of support, phase 1").

Dates as AWS publishes them on https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html
(supported runtimes with their scheduled dates, and the deprecated-runtimes table), taken from
that table as of late 2025 plus the later move of python3.11 to 2027-06-30. AWS moves future
dates now and then: re-check against that page when a runtime is released or a date announced.
After the deprecation date AWS no longer patches the runtime; creating and then updating
functions on it are blocked some weeks later, but invocations keep working.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class Runtime:
    identifier: str
    deprecated: date
    successor: str


def _r(identifier: str, deprecated: str, successor: str) -> tuple[str, Runtime]:
    return identifier, Runtime(identifier, date.fromisoformat(deprecated), successor)


RUNTIMES: dict[str, Runtime] = dict(
    (
        # Node.js
        _r("nodejs", "2016-10-31", "nodejs22.x"),
        _r("nodejs4.3", "2020-03-05", "nodejs22.x"),
        _r("nodejs4.3-edge", "2020-03-05", "nodejs22.x"),
        _r("nodejs6.10", "2019-08-12", "nodejs22.x"),
        _r("nodejs8.10", "2020-03-06", "nodejs22.x"),
        _r("nodejs10.x", "2021-07-30", "nodejs22.x"),
        _r("nodejs12.x", "2023-03-31", "nodejs22.x"),
        _r("nodejs14.x", "2023-12-04", "nodejs22.x"),
        _r("nodejs16.x", "2024-06-12", "nodejs22.x"),
        _r("nodejs18.x", "2025-09-01", "nodejs22.x"),
        _r("nodejs20.x", "2026-04-30", "nodejs22.x"),
        _r("nodejs22.x", "2027-04-30", "nodejs24.x"),
        _r("nodejs24.x", "2028-04-30", "a newer nodejs runtime"),
        # Python
        _r("python2.7", "2021-07-15", "python3.13"),
        _r("python3.6", "2022-07-18", "python3.13"),
        _r("python3.7", "2023-12-04", "python3.13"),
        _r("python3.8", "2024-10-14", "python3.13"),
        _r("python3.9", "2025-12-15", "python3.13"),
        _r("python3.10", "2026-06-30", "python3.13"),
        _r("python3.11", "2027-06-30", "python3.13"),
        _r("python3.12", "2028-10-31", "python3.14"),
        _r("python3.13", "2029-06-30", "a newer python runtime"),
        _r("python3.14", "2029-06-30", "a newer python runtime"),
        # Java
        _r("java8", "2024-01-08", "java21"),
        _r("java8.al2", "2026-06-30", "java21"),
        _r("java11", "2026-06-30", "java21"),
        _r("java17", "2026-06-30", "java21"),
        _r("java21", "2029-06-30", "java25"),
        _r("java25", "2029-06-30", "a newer java runtime"),
        # .NET
        _r("dotnetcore1.0", "2019-07-27", "dotnet8"),
        _r("dotnetcore2.0", "2019-05-30", "dotnet8"),
        _r("dotnetcore2.1", "2022-01-05", "dotnet8"),
        _r("dotnetcore3.1", "2023-04-03", "dotnet8"),
        _r("dotnet5.0", "2022-05-10", "dotnet8"),
        _r("dotnet6", "2024-11-12", "dotnet8"),
        _r("dotnet7", "2024-05-14", "dotnet8"),
        _r("dotnet8", "2026-11-10", "dotnet10"),
        _r("dotnet10", "2028-11-14", "a newer dotnet runtime"),
        # Ruby
        _r("ruby2.5", "2021-07-30", "ruby3.4"),
        _r("ruby2.7", "2023-11-27", "ruby3.4"),
        _r("ruby3.2", "2026-03-31", "ruby3.4"),
        _r("ruby3.3", "2027-03-31", "ruby3.4"),
        _r("ruby3.4", "2028-03-31", "a newer ruby runtime"),
        # Go and OS-only
        _r("go1.x", "2024-01-08", "provided.al2023"),
        _r("provided", "2024-01-08", "provided.al2023"),
        _r("provided.al2", "2026-06-30", "provided.al2023"),
        _r("provided.al2023", "2029-06-30", "a newer OS-only runtime"),
    )
)


def deprecation_date(runtime: str | None) -> date | None:
    """The date AWS deprecates (deprecated) `runtime`, or None when it is not in the table."""
    entry = RUNTIMES.get(runtime or "")
    return entry.deprecated if entry else None


def is_deprecated(runtime: str | None, today: date) -> bool:
    """Whether `runtime` is past its deprecation date on `today`. Unknown runtimes are not."""
    when = deprecation_date(runtime)
    return when is not None and today >= when


def successor(runtime: str | None) -> str | None:
    entry = RUNTIMES.get(runtime or "")
    return entry.successor if entry else None
