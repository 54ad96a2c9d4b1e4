"""Spam protection of the contact form without a third-party captcha.

Three checks: a honeypot field people never see (bots fill every field), a
signed timestamp of when the form was shown (a person needs a few seconds;
a replayed or forged token fails), and a limit of messages per address and
hour kept in the shared cache (the address itself is never stored: the cache
key is a keyed hash of it).
"""

from __future__ import annotations

import hashlib
import hmac
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache

SALT = "dualcareer.public.contact"
MIN_SECONDS = 3
MAX_AGE_SECONDS = 2 * 60 * 60
RATE_LIMIT = 5  # messages per address
RATE_WINDOW_SECONDS = 60 * 60


def started_token() -> str:
    """Return a signed token of the moment the form is shown."""
    return signing.TimestampSigner(salt=SALT).sign("contact")


def seconds_since(token: str) -> float | None:
    """Return how long ago the form with `token` was shown, or None if forged or too old."""
    signer = signing.TimestampSigner(salt=SALT)
    try:
        value = signer.unsign(token, max_age=MAX_AGE_SECONDS)
    except (signing.BadSignature, signing.SignatureExpired):
        return None
    if value != "contact":
        return None
    timestamp = signing.b62_decode(token.split(signer.sep)[-2])
    return time.time() - timestamp


def _key(ip: str) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), ip.encode(), hashlib.sha256).hexdigest()
    return f"public:contact:{digest[:32]}"


def rate_limited(ip: str) -> bool:
    """Count one message from `ip` and return whether it is over the limit this hour."""
    key = _key(ip)
    cache.add(key, 0, RATE_WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, RATE_WINDOW_SECONDS)
        count = 1
    return count > RATE_LIMIT
