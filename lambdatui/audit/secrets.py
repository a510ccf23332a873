"""Does an environment variable hold a secret? Judged by its value's shape, then by its name.

In order: a named shape of the value (detect-secrets' detectors and the hand-made ones in
`secret_shapes`), what a base64 value holds, the fields of a JSON value (each judged as its own
variable, `{"dbPassword": ...}`), a Datadog key under a Datadog name, a name whose
head noun is a secret (`DB_PASS`) with a value that is not a switch, number or reference, and
last a long high-entropy token under a name that does not say it is an id or a pointer.

Nothing here ever returns, logs or formats a value: a `SecretHit` names the variable and the
detector that fired ("Slack App Token", "Secret Name"), so a report built from it cannot leak
what it found.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from lambdatui.audit.secret_names import datadog_key, harmless_value, reference_name, secret_name
from lambdatui.audit.secret_shapes import JSON, PUBLIC, base64_text, decoded_kind, value_shape

SECRET_NAME = "Secret Name"
DATADOG_KEY = "Datadog Key (by name)"
HIGH_ENTROPY = "High Entropy String"


@dataclass(frozen=True, slots=True)
class SecretHit:
    """An environment variable that looks like a secret: its name and the detector (never its
    value)."""

    name: str
    detector: str


# -- the entropy fallback -------------------------------------------------------------------------

MIN_RANDOM_LENGTH = 32
"""Generated ids (ULIDs, Cognito client ids, nanoids) are 21-26 characters; keys are longer."""

_TOKEN_CHARS = re.compile(r"[A-Za-z0-9+/=_.~-]+")
_HEX_OR_UUID = re.compile(r"[0-9a-fA-F]+|[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}")
_WORD = re.compile(r"[A-Z]?[a-z]{4,}")
_SEGMENTS = re.compile(r"[-_.]")
# Public by design: Stripe publishable keys, Mapbox public tokens, Subresource Integrity hashes.
_PUBLIC_BY_DESIGN = re.compile(r"pk_(?:live|test)_\w+|pk\.[\w.-]+|sha(?:256|384|512)-[\w+/]+={0,2}")


def shannon_entropy(text: str) -> float:
    """Bits per character of `text`'s own character distribution."""
    if not text:
        return 0.0
    n = len(text)
    return -sum(c / n * math.log2(c / n) for c in Counter(text).values())


def entropy_threshold(length: int) -> float:
    """The entropy a random token of this length reaches with room to spare.

    A random base62 string of n characters has at most log2(min(n, 62)) bits per character and
    in practice about 90 % of that; 82 % keeps nearly every random token while repetitive or
    word-made strings stay below.
    """
    return 0.82 * math.log2(min(max(length, 2), 62))


def _word_coverage(text: str) -> float:
    """How much of `text` is made of word-like runs (`Orders`, `production`)."""
    return sum(len(m.group()) for m in _WORD.finditer(text)) / max(len(text), 1)


def looks_random(value: str) -> bool:
    """A long single token of mixed letters and digits with high entropy: a generated secret.

    Hex strings and UUIDs are left out (hashes, ids and commit shas are everywhere in
    configuration), as are public-by-design tokens and identifiers built of words, including
    CloudFormation-made names (`stack-OrdersTable-1A2B3C4D5E6F`).
    """
    if len(value) < MIN_RANDOM_LENGTH or not _TOKEN_CHARS.fullmatch(value):
        return False
    if _HEX_OR_UUID.fullmatch(value) or _PUBLIC_BY_DESIGN.fullmatch(value):
        return False
    classes = sum(any(test(c) for c in value) for test in (str.islower, str.isupper, str.isdigit))
    if classes < 3 or _word_coverage(value) >= 0.5:
        return False
    if shannon_entropy(value) < entropy_threshold(len(value)):
        return False
    # Drop word-like segments: what is left must still be long enough to be a generated secret.
    core = "".join(s for s in _SEGMENTS.split(value) if _word_coverage(s) < 0.6)
    return len(core) >= 24


# -- putting it together --------------------------------------------------------------------------


JSON_FIELD = "JSON field: "
_MAX_JSON_DEPTH = 2
_MAX_JSON_FIELDS = 200


def _json_strings(text: str | None) -> list[tuple[str, str]]:
    """The (key, string value) pairs of a JSON object or array, nested ones too (a list's items
    under the list's key); [] when `text` is no JSON document."""
    if not text or text.lstrip()[:1] not in ("{", "["):
        return []
    try:
        stack: list[tuple[str, object]] = [("", json.loads(text))]
    except ValueError:
        return []
    pairs: list[tuple[str, str]] = []
    while stack and len(pairs) < _MAX_JSON_FIELDS:
        key, node = stack.pop()
        if isinstance(node, dict):
            stack.extend((str(k), v) for k, v in node.items())
        elif isinstance(node, list):
            stack.extend((key, v) for v in node)
        elif isinstance(node, str):
            pairs.append((key, node))
    return pairs


def _json_field_secret(text: str | None, depth: int) -> str | None:
    """The detector that fires on a field of a JSON configuration (`{"dbPassword": ...}`)."""
    if depth >= _MAX_JSON_DEPTH:
        return None
    for key, field_value in _json_strings(text):
        found = classify(key, field_value, _depth=depth + 1)
        if found:
            return found if found.startswith(JSON_FIELD) else JSON_FIELD + found
    return None


def classify(name: str, value: str, *, _depth: int = 0) -> str | None:
    """The detector that says `name=value` holds a secret, or None. Never the value."""
    if not isinstance(value, str) or not value:
        return None
    shape = value_shape(value)
    if shape:
        return shape
    decoded = decoded_kind(value)
    if decoded == PUBLIC:
        return None
    if decoded and decoded != JSON:
        return decoded
    if decoded == JSON:
        inner = _json_field_secret(base64_text(value), _depth)
        if inner:
            return f"Base64-encoded {inner}"
    elif field := _json_field_secret(value, _depth):
        return field
    if datadog_key(name, value):
        return DATADOG_KEY
    if secret_name(name) and not harmless_value(value):
        return SECRET_NAME
    if decoded is None and not reference_name(name) and looks_random(value):
        return HIGH_ENTROPY
    return None


def find_secrets(environment: Mapping[str, str]) -> list[SecretHit]:
    """The variables of a function's environment that look like secrets, by name."""
    hits = []
    for name in sorted(environment):
        detector = classify(name, environment[name])
        if detector:
            hits.append(SecretHit(name, detector))
    return hits
