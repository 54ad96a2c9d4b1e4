"""A SAML identity provider run in the tests (pysaml2's `Server`), its key made at test time."""

from __future__ import annotations

import base64
import datetime as dt
import shutil
import tempfile
import weakref
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

IDP_ENTITY_ID = "https://idp.uni-alpha.example/idp/shibboleth"
SSO_URL = "https://idp.uni-alpha.example/idp/profile/SAML2/Redirect/SSO"


def key_and_certificate(folder: Path, name: str) -> tuple[Path, Path]:
    """Write a new RSA key and a self-signed certificate; return their paths."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    key_path, cert_path = folder / f"{name}.key", folder / f"{name}.crt"
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return key_path, cert_path


class TestIdentityProvider:
    __test__ = False  # not a test class (pytest)

    """Signs answers to the platform's login requests, as a Shibboleth IdP of the DFN-AAI would."""

    def __init__(self, *, entity_id: str = IDP_ENTITY_ID, lifetime_minutes: int = 5) -> None:
        from saml2 import BINDING_HTTP_REDIRECT
        from saml2.config import IdPConfig
        from saml2.metadata import entity_descriptor
        from saml2.server import Server

        from dualcareer.sso import saml

        self.folder = Path(tempfile.mkdtemp(prefix="dualcareer-test-idp-"))
        # The key and certificate go when the provider does (not left in /tmp).
        weakref.finalize(self, shutil.rmtree, self.folder, ignore_errors=True)
        key, cert = key_and_certificate(self.folder, "idp")
        self.entity_id = entity_id
        config = IdPConfig()
        config.load(
            {
                "entityid": entity_id,
                "xmlsec_binary": saml.xmlsec_binary(),
                "key_file": str(key),
                "cert_file": str(cert),
                "metadata": {"inline": [saml.sp_metadata()]},
                "service": {
                    "idp": {
                        "endpoints": {"single_sign_on_service": [(SSO_URL, BINDING_HTTP_REDIRECT)]},
                        "policy": {"default": {"lifetime": {"minutes": lifetime_minutes}}},
                        "name_id_format": ["urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"],
                    }
                },
            }
        )
        self.server = Server(config=config)
        self.metadata = str(entity_descriptor(config))

    def answer(
        self,
        login_url: str,
        identity: dict[str, list[str]],
        *,
        audience: str | None = None,
        destination: str | None = None,
    ) -> str:
        """Return the signed answer (base64, as posted) to the request in `login_url`."""
        from saml2 import BINDING_HTTP_REDIRECT
        from saml2.saml import NAMEID_FORMAT_PERSISTENT, NameID

        from dualcareer.sso import saml

        query = parse_qs(urlsplit(login_url).query)
        request = self.server.parse_authn_request(query["SAMLRequest"][0], BINDING_HTTP_REDIRECT)
        response = self.server.create_authn_response(
            identity,
            in_response_to=request.message.id,
            destination=destination or saml.acs_url(),
            sp_entity_id=audience or saml.sp_entity_id(),
            name_id=NameID(format=NAMEID_FORMAT_PERSISTENT, text="opaque-id-1"),
            authn={
                "class_ref": "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"
            },
            sign_assertion=True,
            sign_response=False,
        )
        return base64.b64encode(str(response).encode("utf-8")).decode("ascii")


def identity(**overrides: Any) -> dict[str, list[str]]:
    """The attributes of a person at Universität Alpha, as the DFN-AAI releases them."""
    values = {
        "eduPersonPrincipalName": ["hmuster@uni-alpha.example"],
        "mail": ["h.muster@uni-alpha.example"],
        "givenName": ["Hanna"],
        "sn": ["Muster"],
        "eduPersonAffiliation": ["staff", "member"],
    }
    values.update(overrides)
    return values
