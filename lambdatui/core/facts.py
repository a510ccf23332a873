"""Every fact lambdatui reads is found, absent, or unknown — never a guess.

A read that failed (access denied, throttled past retries, an endpoint error) leaves its fact
*unknown*; it is never taken for *absent*. A verdict (missing-permission, not-wired,
source-missing, a destination that does not exist) needs both sides known, so an unknown carries
the read that failed (`ReadError`: the operation, the error code, the IAM action and resource
that would let it succeed) up to the trigger, the finding that is *not* made, and the report.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from lambdatui.core.model import ReadError


class Presence(StrEnum):
    FOUND = "found"
    ABSENT = "absent"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Fact:
    """Whether something exists: found, absent, or unknown (with the read that failed, if one
    did, and why it is unknown)."""

    presence: Presence
    failed_read: ReadError | None = None
    why: str = ""

    @classmethod
    def of(cls, answer: Fact | bool | None) -> Fact:
        """A `Fact` from an older-style answer: True/False, or None for unknown."""
        if isinstance(answer, Fact):
            return answer
        if answer is None:
            return UNKNOWN
        return FOUND if answer else ABSENT

    @classmethod
    def unknown(cls, failed_read: ReadError | None = None, why: str = "") -> Fact:
        return cls(Presence.UNKNOWN, failed_read, why)

    @property
    def known(self) -> bool:
        return self.presence is not Presence.UNKNOWN

    @property
    def found(self) -> bool:
        return self.presence is Presence.FOUND

    @property
    def absent(self) -> bool:
        return self.presence is Presence.ABSENT

    def as_bool(self) -> bool | None:
        """True/False when known, None when unknown."""
        return None if not self.known else self.found


FOUND = Fact(Presence.FOUND)
ABSENT = Fact(Presence.ABSENT)
UNKNOWN = Fact(Presence.UNKNOWN)


@dataclass(frozen=True, slots=True)
class Unread:
    """A resource of a push service whose wiring could not be read (one bucket's notification
    configuration, one bus's rules, one log group's subscription filters …).

    `covers` is the ARN pattern of the trigger sources it would have told about: a statement
    whose SourceArn may match it cannot be called not-wired.
    """

    source: str
    covers: str
    error: ReadError


def may_overlap(pattern: str | None, other: str) -> bool:
    """Whether two ARN patterns (`*` and `?` wildcards) may match one same ARN.

    Conservative: it may answer True for patterns that cannot meet (their literal prefixes and
    suffixes agree), never False for patterns that can. None (no SourceArn: any resource)
    overlaps everything.
    """
    if pattern is None:
        return True
    a_pre, a_suf, a_wild = _literal_ends(pattern)
    b_pre, b_suf, b_wild = _literal_ends(other)
    if not a_wild and not b_wild:
        return pattern == other
    prefixes = a_pre.startswith(b_pre) or b_pre.startswith(a_pre)
    suffixes = a_suf.endswith(b_suf) or b_suf.endswith(a_suf)
    return prefixes and suffixes


def _literal_ends(pattern: str) -> tuple[str, str, bool]:
    """(text before the first wildcard, text after the last, whether it has any)."""
    first = min((i for i in (pattern.find("*"), pattern.find("?")) if i >= 0), default=-1)
    if first < 0:
        return pattern, pattern, False
    last = max(pattern.rfind("*"), pattern.rfind("?"))
    return pattern[:first], pattern[last + 1 :], True
