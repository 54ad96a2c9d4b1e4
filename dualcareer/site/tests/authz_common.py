"""Roles, expectation shorthands and URL builders of the authorisation matrix.

Shared by `test_authorization_matrix.py` and by the apps' own rows in
`dualcareer/<app>/tests/authz.py` (see `EXTENSIONS` there).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.urls import reverse

ROLES: tuple[str, ...] = (
    "anonymous",
    "paula",
    "pete",
    "alice",
    "bob",
    "dora",
    "charlie",
    "emil",
    "cora",
)
OUTCOMES = {"+": "ok", "L": "login", "-": "deny", "G": "gone"}

# Shorthands for the expectation strings (A P Q O C N X E K).
ALL = "+ + + + + + + + +"  # public, or the token in the link is the credential
LOGGED_IN = "L + + + + + + + +"  # any account
PARTNERS = "L + + - - - - - -"  # a partner's own data (each their own case)
PAULA = "L + - - - - - - -"  # an object of paula's only
CASE = "L - - + + + - - -"  # a case at inst: its officers, nobody else
CONFIDENTIAL = "L - - + - - - - -"  # a confidential case: only the assigned officer
OFFICERS = "L - - + + + + - -"  # any Dual Career officer (case work)
POSTERS = "L - - + + + + + -"  # whoever posts openings: officers and employer contacts
EMPLOYER = "L - - - - - - + -"  # emil's openings and introductions
INST_ADMIN = "L - - + + + - - +"  # inst's profile: its officers and the coordinator
COORDINATOR = "L - - - - - - - +"
API_EMPLOYER = "- - - - - - - + -"  # the API answers 403, not a login redirect
NOBODY = "- - - - - - - - -"  # a dead link: unknown or used token
GONE = "G G G G G G G G G"  # an expired or used-up link
ADMIN = "L L L L L L L L L"  # nobody here is staff: the admin sends everyone to its login


SECRET_NAME = "Xylander"  # every partner's last name: employers never see it
BETA_NOTE = "Notiz der Universitaet Beta"  # other_inst's note on pete's case, before the handover


def anonymised(fx: Any) -> list[str]:
    """What an employer or a member's contact never reads before the partner reveals it."""
    return [SECRET_NAME, "Paulina", fx.paula.email]


def earlier_notes(fx: Any) -> list[str]:
    """other_inst's counselling note on pete's case: stays with other_inst after the handover."""
    return [BETA_NOTE]


def at(name: str, *attributes: str) -> Callable[[Any], str]:
    """Return a URL builder: `name` reversed with the fixture's `attributes` (dotted) as args."""

    def build(fx: Any) -> str:
        args = []
        for dotted in attributes:
            value: Any = fx
            for part in dotted.split("."):
                value = getattr(value, part)
            args.append(value)
        return reverse(name, args=args)

    return build


def link(attribute: str) -> Callable[[Any], str]:
    """Return a URL builder for a path the fixture took from an e-mail (a token link)."""
    return lambda fx: getattr(fx, attribute)
