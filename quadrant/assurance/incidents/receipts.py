"""One-time receipt codes of anonymous reports: shown once, stored only as a hash.

A code is 16 letters and digits from an alphabet without look-alikes (no 0/O, 1/I/L), about 80
bits of chance: guessing one is hopeless, so the code alone is the key to the feedback.
"""

from __future__ import annotations

import secrets

from quadrant.core.models import hash_token

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 16
GROUP = 4


def new_receipt_code() -> str:
    """A fresh code, written in groups of four (ABCD-EFGH-JKMN-PQRS)."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return "-".join(raw[n : n + GROUP] for n in range(0, LENGTH, GROUP))


def normalise(code: str) -> str:
    """The code as stored for hashing: capitals, without the spaces and hyphens people type."""
    return "".join(ch for ch in code.upper() if ch not in " -")


def receipt_hash(code: str) -> str:
    return hash_token(normalise(code))


def looks_like_a_code(code: str) -> bool:
    text = normalise(code)
    return len(text) == LENGTH and all(ch in ALPHABET for ch in text)
