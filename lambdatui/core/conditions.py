"""IAM condition blocks, evaluated against a request context. Pure: no I/O, never raises.

Semantics (IAM User Guide, "IAM JSON policy elements: Condition operators" and "Single-valued vs.
multivalued context keys"):

- several operators in a block, and several keys under one operator, must all hold (AND);
- several values for one key match when any of them does (OR); a negated operator
  (`StringNotEquals`, `ArnNotLike`, `NotIpAddress`, …) holds when the request value matches none
  of them (NOR);
- keys are case-insensitive; `StringEquals`/`StringLike`/`Arn*` values are case-sensitive;
- a key absent from the request fails a positive operator and satisfies a negated one, except that
  `…IfExists` passes when the key is absent, and `Null` tests presence itself;
- `ForAllValues:` holds when every request value matches (and when the key is absent);
  `ForAnyValue:` holds when at least one does (never when the key is absent);
- policy variables (`${aws:username}`) are replaced by the request's value; a variable whose key
  is absent makes that value match nothing.

A condition this module cannot read (an unknown operator, a value that is not a string, number or
boolean) does not hold: a statement resting on it never applies.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from lambdatui.core.arn import arn_like, string_like

Context = Mapping[str, tuple[str, ...]]
"""The request's condition keys, lower-cased, each with its value(s)."""


def make_context(values: Mapping[str, Any] | None) -> dict[str, tuple[str, ...]]:
    """A context from `{key: value or [values]}`; keys lower-cased, None values dropped."""
    out: dict[str, tuple[str, ...]] = {}
    for key, value in (values or {}).items():
        if value is None:
            continue
        items = value if isinstance(value, list | tuple) else [value]
        texts = tuple(t for t in (scalar_text(v) for v in items) if t is not None)
        out[str(key).lower()] = texts
    return out


def scalar_text(value: Any) -> str | None:
    """A policy or context scalar as IAM compares it; None for anything that is not one."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return str(value)
    return None


def values_of(value: Any) -> tuple[str, ...] | None:
    """A condition's value(s) as strings, or None when one of them is not a scalar."""
    items = value if isinstance(value, list | tuple) else [value]
    texts = [scalar_text(v) for v in items]
    if any(t is None for t in texts):
        return None
    return tuple(t for t in texts if t is not None)


# -- operators -----------------------------------------------------------------------------------


def split_operator(operator: Any) -> tuple[str, str, bool]:
    """`ForAnyValue:StringLikeIfExists` -> ('foranyvalue', 'stringlike', True)."""
    name = str(operator).lower()
    set_op, _, name = name.rpartition(":")
    if_exists = name.endswith("ifexists") and name != "ifexists"
    return set_op, name.removesuffix("ifexists") if if_exists else name, if_exists


def parse_number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def parse_date(text: str) -> datetime | None:
    number = parse_number(text)
    try:
        parsed = (
            datetime.fromtimestamp(number, UTC)
            if number is not None
            else datetime.fromisoformat(text.strip())
        )
    except (ValueError, OverflowError, OSError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _compare(parse: Callable[[str], Any], test: Callable[[Any, Any], bool]) -> Callable:
    def compare(wanted: str, actual: str) -> bool:
        a, w = parse(actual), parse(wanted)
        return a is not None and w is not None and test(a, w)

    return compare


def _in_network(wanted: str, actual: str) -> bool:
    try:
        return ipaddress.ip_address(actual.strip()) in ipaddress.ip_network(
            wanted.strip(), strict=False
        )
    except ValueError:
        return False


def _equal(a: Any, b: Any) -> bool:
    return bool(a == b)


_POSITIVE: dict[str, Callable[[str, str], bool]] = {
    "stringequals": lambda w, a: w == a,
    "stringequalsignorecase": lambda w, a: w.lower() == a.lower(),
    "stringlike": string_like,
    "arnequals": arn_like,  # IAM evaluates ArnEquals exactly like ArnLike
    "arnlike": arn_like,
    "bool": lambda w, a: w.lower() == a.lower(),
    "binaryequals": lambda w, a: w == a,
    "ipaddress": _in_network,
    "numericequals": _compare(parse_number, _equal),
    "numericlessthan": _compare(parse_number, lambda a, w: a < w),
    "numericlessthanequals": _compare(parse_number, lambda a, w: a <= w),
    "numericgreaterthan": _compare(parse_number, lambda a, w: a > w),
    "numericgreaterthanequals": _compare(parse_number, lambda a, w: a >= w),
    "dateequals": _compare(parse_date, _equal),
    "datelessthan": _compare(parse_date, lambda a, w: a < w),
    "datelessthanequals": _compare(parse_date, lambda a, w: a <= w),
    "dategreaterthan": _compare(parse_date, lambda a, w: a > w),
    "dategreaterthanequals": _compare(parse_date, lambda a, w: a >= w),
}
NEGATIONS: dict[str, str] = {
    "stringnotequals": "stringequals",
    "stringnotequalsignorecase": "stringequalsignorecase",
    "stringnotlike": "stringlike",
    "arnnotequals": "arnequals",
    "arnnotlike": "arnlike",
    "notipaddress": "ipaddress",
    "numericnotequals": "numericequals",
    "datenotequals": "dateequals",
}
_VARIABLES_ALLOWED = frozenset({"stringequals", "stringequalsignorecase", "stringlike", "arnlike"})
_VARIABLE = re.compile(r"\$\{([^}]*)\}")


def _substitute(value: str, context: Context) -> str | None:
    """Replace `${key}` policy variables; None when a variable's key is absent (no default)."""
    missing = False

    def replace(match: re.Match[str]) -> str:
        nonlocal missing
        inner = match.group(1)
        if inner in ("*", "?", "$"):
            return inner
        key, _, default = inner.partition(",")
        found = context.get(key.strip().lower())
        if found and len(found) == 1:
            return found[0]
        default = default.strip()
        if len(default) >= 2 and default[0] == default[-1] == "'":
            return default[1:-1]
        missing = True
        return ""

    text = _VARIABLE.sub(replace, value)
    return None if missing else text


# -- evaluation ----------------------------------------------------------------------------------


def condition_holds(operator: Any, key: Any, expected: Any, context: Context) -> bool:
    """Whether one `operator: {key: expected}` entry holds for the request `context`."""
    set_op, name, if_exists = split_operator(operator)
    if set_op not in ("", "forallvalues", "foranyvalue"):
        return False
    wanted = values_of(expected)
    if wanted is None:
        return False
    actual = context.get(str(key).lower())
    present = bool(actual)
    if name == "null":
        return any(present != (w.lower() == "true") for w in wanted)
    negated = name in NEGATIONS
    test = _POSITIVE.get(NEGATIONS.get(name, name))
    if test is None:
        return False
    if not present:
        if if_exists or set_op == "forallvalues":
            return True
        return negated and set_op != "foranyvalue"
    if name in _VARIABLES_ALLOWED or NEGATIONS.get(name) in _VARIABLES_ALLOWED:
        wanted = tuple(w for w in (_substitute(w, context) for w in wanted) if w is not None)

    def matches(value: str) -> bool:
        hit = any(test(w, value) for w in wanted)
        return not hit if negated else hit

    values: Iterable[str] = actual or ()
    if set_op == "forallvalues":
        return all(matches(v) for v in values)
    if set_op == "foranyvalue" or not negated:
        return any(matches(v) for v in values)
    return all(matches(v) for v in values)  # negated, single-valued: no value may match


def conditions_hold(conditions: Any, context: Context) -> bool:
    """Whether a whole Condition block holds: every operator, every key under it."""
    if conditions is None:
        return True
    if not isinstance(conditions, Mapping):
        return False
    for operator, block in conditions.items():
        if not isinstance(block, Mapping):
            return False
        for key, expected in block.items():
            if not condition_holds(operator, key, expected, context):
                return False
    return True


def condition_entries(
    conditions: Any, *, lower: bool = True
) -> list[tuple[str, str, tuple[str, ...]]]:
    """Every (operator, key — lower-cased unless `lower` is False —, values) of a Condition block
    that can be read."""
    out: list[tuple[str, str, tuple[str, ...]]] = []
    if not isinstance(conditions, Mapping):
        return out
    for operator, block in conditions.items():
        if not isinstance(block, Mapping):
            continue
        for key, expected in block.items():
            wanted = values_of(expected)
            if wanted is not None:
                out.append((str(operator), str(key).lower() if lower else str(key), wanted))
    return out


def requires_key(conditions: Any, key: str) -> bool:
    """Whether the block can only hold when the request carries `key` (some entry on it fails
    when the key is absent)."""
    key = key.lower()
    return any(
        k == key and not condition_holds(op, k, values, {})
        for op, k, values in condition_entries(conditions)
    )
