"""Password hashing with Argon2id (argon2-cffi's defaults, RFC 9106 low-memory profile).

``hash_password(plain) -> str`` gives a self-describing PHC string ("$argon2id$...");
``verify_password(stored, plain) -> bool`` never raises for a wrong password;
``needs_rehash(stored)`` says when the parameters have been raised since.
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_LENGTH = 10
_PRODUCTION = PasswordHasher()  # argon2id, RFC 9106 low-memory profile
_HASHER = _PRODUCTION


class WeakPassword(ValueError):
    """The password is refused before hashing; the message says why."""


def check_strength(plain: str) -> None:
    """Refuse passwords shorter than ``MIN_LENGTH`` characters or made of one repeated character."""
    if len(plain) < MIN_LENGTH:
        raise WeakPassword(f"password has {len(plain)} characters; at least {MIN_LENGTH} are required")
    if len(set(plain)) < 3:
        raise WeakPassword("password uses fewer than 3 different characters")


def hash_password(plain: str) -> str:
    """An Argon2id hash of ``plain`` (checked with ``check_strength`` first)."""
    check_strength(plain)
    return _HASHER.hash(plain)


def verify_password(stored: str | None, plain: str) -> bool:
    """True when ``plain`` matches ``stored``; False for a mismatch or an unusable hash."""
    if not stored:
        return False
    try:
        return _HASHER.verify(stored, plain)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    return _HASHER.check_needs_rehash(stored)
