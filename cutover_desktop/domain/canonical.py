"""The one canonical JSON encoding that the audit chain and sign-off hashes are taken over."""

from __future__ import annotations

import json
from typing import Any

# Python's own SHA-256 rather than hashlib's: hashlib loads OpenSSL, 3.3 MB of memory and
# 3 ms at every start, which opening a plan (its audit chain is checked) would otherwise pay.
try:
    from _sha2 import sha256  # Python 3.12 and later
except ImportError:
    try:
        from _sha256 import sha256  # Python 3.11
    except ImportError:
        from hashlib import sha256


def canonical(value: Any) -> str:
    """JSON with sorted keys, no spaces and text as itself (not \\u escapes).

    The same value always gives the same text, whatever order its keys were built in.
    NaN and infinity are refused: they are not JSON, and NaN is not equal to itself.
    """
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False)


def decode(text: str) -> Any:
    """The value a canonical text encodes."""
    return json.loads(text)


def sha256_hex(value: Any) -> str:
    """The SHA-256 of a value's canonical encoding, as 64 hex digits."""
    return sha256(canonical(value).encode("utf-8")).hexdigest()
