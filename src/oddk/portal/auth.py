"""API tokens: created on the command line, printed once, stored only as a hash.

A token is 32 random bytes, so a plain SHA-256 of it is enough (no salt or slow hash
needed: nobody can guess their way through 2**256 tokens). Every token holder may
write anything: the practice portal has one kind of user, a publisher.
"""

from __future__ import annotations

import hashlib
import secrets
from pathlib import Path

from oddk.portal.store import Store, new_id, now

PREFIX = "oddk-"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(store: Store, name: str) -> str:
    """Make a token for `name` and return it; only its hash is kept."""
    name = name.strip()
    if not name:
        raise ValueError("A token needs a name, such as your own name or 'notebook-run'.")
    token = PREFIX + secrets.token_urlsafe(32)
    with store.write() as con:
        con.execute(
            "INSERT INTO tokens (id, name, hash, created) VALUES (?, ?, ?, ?)",
            (new_id(), name, _hash(token), now()),
        )
    return token


def user_for_token(store: Store, token: str | None) -> str | None:
    """The name the token was made for, or None if it is not one of ours."""
    if not token:
        return None
    with store.read() as con:
        row = con.execute("SELECT name FROM tokens WHERE hash=?", (_hash(token),)).fetchone()
    return row[0] if row else None


def token_from_headers(headers) -> str | None:
    """CKAN reads the token from `Authorization` (ckanapi also sends `X-CKAN-API-Key`)."""
    value = headers.get("authorization") or headers.get("x-ckan-api-key")
    if not value:
        return None
    value = value.strip()
    if value.lower().startswith("bearer "):
        value = value[7:].strip()
    return value or None


def main_token_create(name: str, data_dir: Path) -> int:
    """`oddk portal token create NAME`: print a new token once."""
    from oddk.portal.server import data_dir_refused

    if data_dir_refused(data_dir):
        return 2
    token = create_token(Store(data_dir), name)
    print(token)
    import sys

    print(
        f"This is the API token for '{name}' on the practice portal with data in {data_dir}.\n"
        "It is shown only once. Keep it in an environment variable, e.g.\n"
        "  export ODDK_API_KEY=<the token>\n"
        "and never put it in a notebook.",
        file=sys.stderr,
    )
    return 0
