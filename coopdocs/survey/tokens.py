"""The tokens in the survey's links: random, long, and kept only as their SHA-256.

A link is the only key to a partner's confidential answers, so its token has 256 random bits
(``secrets``; the issue asks for at least 128) in URL-safe base64, and the database holds only
its hash: whoever reads the database (a backup, a log of SQL statements) cannot open a page. A
token is looked up by its hash, which is also why a hash, not a slow password hash, fits: the
token is random, not guessable, so there is nothing to stretch.
"""

from __future__ import annotations

import hashlib
import secrets

# Random bytes per token: 256 bits, 43 characters in the link.
TOKEN_BYTES = 32


def new_token() -> str:
    """A fresh random token for a link (256 bits, URL-safe base64 without padding)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    """The SHA-256 of ``token`` in hex: what the database keeps and looks a link up by."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
