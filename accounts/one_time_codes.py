"""The two kinds of code a person types besides the authenticator's: how they look, are read and are hashed.

- A recovery code (shown once after enrolment, each usable once instead of the app's code):
  16 characters of base32 (80 random bits), shown as four groups of four, `abcd-efgh-ijkl-mnop`.
- An enrolment code (issued by an administrator, typed before an authenticator can be set up):
  12 characters from an alphabet without look-alikes (about 59 bits), shown `ABCD-EFGH-JKMN`.

Both are read whatever the case, spaces and dashes; anything else is not a code.
"""

from __future__ import annotations

import hashlib
import secrets

RECOVERY_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567"
RECOVERY_LENGTH = 16
ENROLMENT_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"  # no I, L, O, U, 0, 1: read aloud over a phone
ENROLMENT_LENGTH = 12
_SEPARATORS = str.maketrans("", "", " -\t\r\n")


def _grouped(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def _normalised(text: str, alphabet: str, length: int) -> str | None:
    if len(text) > 4 * length:  # nobody types that much separator: refuse before any work
        return None
    code = text.translate(_SEPARATORS)
    code = code.lower() if alphabet.islower() else code.upper()
    if len(code) != length or any(char not in alphabet for char in code):
        return None
    return code


def recovery_code_new() -> str:
    """Return a new recovery code, grouped as it is shown."""
    return _grouped("".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_LENGTH)))


def recovery_code_normalise(text: str) -> str | None:
    """Return the recovery code `text` spells (lowercase, no separators), or None if it is not one."""
    return _normalised(text, RECOVERY_ALPHABET, RECOVERY_LENGTH)


def recovery_code_digest(code: str) -> str:
    """Return what is stored of a normalised recovery code: its SHA-256 (80 random bits: irreversible)."""
    return hashlib.sha256(code.encode("ascii")).hexdigest()


def enrolment_code_new() -> str:
    """Return a new enrolment code, grouped as it is shown."""
    return _grouped("".join(secrets.choice(ENROLMENT_ALPHABET) for _ in range(ENROLMENT_LENGTH)))


def enrolment_code_normalise(text: str) -> str | None:
    """Return the enrolment code `text` spells (uppercase, no separators), or None if it is not one."""
    return _normalised(text, ENROLMENT_ALPHABET, ENROLMENT_LENGTH)
