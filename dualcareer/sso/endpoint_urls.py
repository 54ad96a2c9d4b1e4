"""The protocol endpoints: one address in every language, as registered at the providers.

They answer machines (metadata) or redirect onwards (the SAML answer, the
OpenID Connect callback), so they need no language of their own; the pages
they lead to are in `urls` and follow the reader's language.
"""

from django.urls import path

from dualcareer.sso.views import public

app_name = "sso_endpoints"

urlpatterns = [
    path("saml/metadata/", public.saml_metadata, name="saml_metadata"),
    path("saml/acs/", public.saml_acs, name="saml_acs"),
    path("oidc/callback/", public.oidc_callback, name="oidc_callback"),
]
