"""Rows of the authorisation matrix for single sign-on and two-factor login.

The two-factor pages live under `accounts:` but are this helper's, so they
are here too (`dualcareer/site/tests/test_authorization_matrix.py`, "rows of
the other apps").
"""

from __future__ import annotations

from typing import Any

from dualcareer.site.tests.authz_common import ALL, COORDINATOR, LOGGED_IN, at
from dualcareer.sso.models import IdentityProvider
from dualcareer.sso.tests.factories import saml_provider
from dualcareer.sso.tests.idp import TestIdentityProvider

ROWS: dict[str, dict[str, Any]] = {
    # public: the protocol endpoints (the signed answer or the state is the credential)
    "sso:choose": {"url": at("sso:choose"), "GET": ALL},
    "sso_endpoints:saml_metadata": {"url": at("sso_endpoints:saml_metadata"), "GET": ALL},
    "sso_endpoints:saml_acs": {
        "url": at("sso_endpoints:saml_acs"),
        "POST": ALL,
    },  # 400/403 without a valid answer
    "sso_endpoints:oidc_callback": {
        "url": at("sso_endpoints:oidc_callback"),
        "GET": ALL,
    },  # 400 without a login
    "sso:login": {"url": at("sso:login", "sso_provider.slug"), "GET": ALL},
    # the coordinator configures the members' identity providers
    "sso:provider_list": {"url": at("sso:provider_list"), "GET": COORDINATOR},
    "sso:provider_create": {
        "url": at("sso:provider_create"),
        "GET": COORDINATOR,
        "POST": COORDINATOR,
    },
    "sso:provider_edit": {
        "url": at("sso:provider_edit", "sso_provider.pk"),
        "GET": COORDINATOR,
        "POST": COORDINATOR,
    },
    # two-factor login: every account may enrol (required for officers and coordinators)
    "accounts:twofactor_setup": {
        "url": at("accounts:twofactor_setup"),
        "GET": LOGGED_IN,
        "POST": LOGGED_IN,
    },
    "accounts:twofactor_verify": {
        "url": at("accounts:twofactor_verify"),
        "GET": LOGGED_IN,
        "POST": LOGGED_IN,
    },
    "accounts:twofactor_remove": {"url": at("accounts:twofactor_remove"), "POST": LOGGED_IN},
}


def setup(cls: Any) -> None:
    """An active SAML provider of inst (the coordinator's network member)."""
    idp = TestIdentityProvider()
    cls.sso_provider = saml_provider(cls.inst, idp.metadata, idp.entity_id)
    assert cls.sso_provider.protocol == IdentityProvider.Protocol.SAML


PATTERN_COUNT = 11  # 8 of sso, 3 two-factor pages of accounts
ADMIN_PATTERN_COUNT = 0
CELL_COUNT = 135
