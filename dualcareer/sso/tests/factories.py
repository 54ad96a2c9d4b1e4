"""Identity providers for tests, built in code."""

from __future__ import annotations

from typing import Any

from dualcareer.sso.models import IdentityProvider


def saml_provider(
    institution: Any, metadata: str, entity_id: str, **values: Any
) -> IdentityProvider:
    fields: dict[str, Any] = {
        "slug": "alpha",
        "label": "Universität Alpha",
        "protocol": IdentityProvider.Protocol.SAML,
        "is_active": True,
        "metadata_xml": metadata,
        "entity_id": entity_id,
        "email_domains": "uni-alpha.example",
    }
    fields.update(values)
    return IdentityProvider.objects.create(institution=institution, **fields)


def oidc_provider(institution: Any, issuer: str, **values: Any) -> IdentityProvider:
    fields: dict[str, Any] = {
        "slug": "alpha-oidc",
        "label": "Universität Alpha (OIDC)",
        "protocol": IdentityProvider.Protocol.OIDC,
        "is_active": True,
        "issuer": issuer,
        "client_id": "dualcareer-test",
        "client_secret": "test-secret",
        "email_domains": "uni-alpha.example",
    }
    fields.update(values)
    return IdentityProvider.objects.create(institution=institution, **fields)
