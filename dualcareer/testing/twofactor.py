"""Tests log in with `force_login`: such a session counts as having given its second factor.

`force_login` stands in for the password in tests; it stands in for the
authenticator code as well, so that two-factor login stays required in
every test (settings unchanged) while tests of other features need not
enrol anyone. Tests of two-factor login itself use `force_login_unverified`
(or the real login page).
"""

from __future__ import annotations

from typing import Any

from django.test.client import ClientMixin

VERIFIED_SESSION_KEY = "twofactor_verified"  # as dualcareer.accounts.twofactor.SESSION_VERIFIED_KEY
_original_force_login = ClientMixin.force_login


def _force_login_verified(self: Any, user: Any, backend: Any = None) -> None:
    _original_force_login(self, user, backend)
    session = self.session
    session[VERIFIED_SESSION_KEY] = str(user.pk)
    session.save()


def install() -> None:
    """Make the test client's `force_login` mark the session as verified."""
    ClientMixin.force_login = _force_login_verified


def force_login_unverified(client: Any, user: Any) -> None:
    """Log `user` in with the password step only: the second factor is still due."""
    _original_force_login(client, user)
