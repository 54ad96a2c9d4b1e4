"""Logging in through an institution's identity provider (SAML 2.0 or OpenID Connect)."""

from __future__ import annotations

import logging

from django.contrib.auth import login as auth_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from dualcareer.accounts import twofactor
from dualcareer.accounts.models import User
from dualcareer.sso import oidc, saml, selectors, services
from dualcareer.sso.models import IdentityProvider

logger = logging.getLogger(__name__)
OIDC_SESSION_KEY = "sso_oidc_pending"
BACKEND = "django.contrib.auth.backends.ModelBackend"


def _safe_next(request: HttpRequest, value: str) -> str:
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return ""


def _failed(request: HttpRequest, status: int = 400) -> HttpResponse:
    return render(request, "sso/login_failed.html", status=status)


def _log_in(
    request: HttpRequest, user: User, provider: IdentityProvider, next_url: str
) -> HttpResponse:
    auth_login(request, user, backend=BACKEND)
    if provider.mfa_enforced_by_idp:
        # The institution's provider asked for a second factor itself (documented waiver).
        twofactor.session_mark_verified(request, method="idp")
    return HttpResponseRedirect(next_url or reverse("site:dashboard"))


@require_GET
def choose(request: HttpRequest) -> HttpResponse:
    """The institutions whose accounts can be used to log in."""
    return render(
        request,
        "sso/choose.html",
        {
            "providers": selectors.providers_offered(),
            "next": _safe_next(request, request.GET.get("next", "")),
        },
    )


@require_GET
def saml_metadata(request: HttpRequest) -> HttpResponse:
    """This service provider's SAML metadata (for the federation and the providers' operators)."""
    try:
        xml = saml.sp_metadata()
    except saml.SamlError:
        logger.error("SAML metadata unavailable: xmlsec1 is not installed")
        return HttpResponse(status=503)
    return HttpResponse(xml, content_type="application/samlmetadata+xml")


@never_cache
@require_GET
def login(request: HttpRequest, slug: str) -> HttpResponse:
    """Send the browser to the institution's provider with a new login request."""
    provider = selectors.provider_offered_get(slug=slug)
    next_url = _safe_next(request, request.GET.get("next", ""))
    try:
        if provider.protocol == IdentityProvider.Protocol.SAML:
            request_id, location = saml.authn_request(provider)
            services.saml_request_record(
                provider=provider, request_id=request_id, next_url=next_url
            )
        else:
            pending, location = oidc.authorization_start(provider, next_url=next_url)
            request.session[OIDC_SESSION_KEY] = pending.as_dict()
    except (saml.SamlError, oidc.OidcError) as error:
        logger.warning("single sign-on with provider %s unavailable: %s", provider.pk, error)
        return _failed(request, status=502)
    except Exception:  # pysaml2 on metadata it cannot use: the coordinator must fix it
        logger.warning("single sign-on with provider %s misconfigured", provider.pk)
        return _failed(request, status=502)
    return HttpResponseRedirect(location)


@csrf_exempt  # posted by the identity provider's page; the signed answer is the credential
@never_cache
@require_POST
def saml_acs(request: HttpRequest) -> HttpResponse:
    """Receive a SAML provider's answer: check it, log its person in."""
    saml_response = request.POST.get("SAMLResponse", "")
    if not saml_response:
        return _failed(request)
    try:
        user, provider, next_url = services.saml_answer_consume(saml_response=saml_response)
    except services.LoginRefused:
        return _failed(request, status=403)
    return _log_in(request, user, provider, next_url)


@never_cache
@require_GET
def oidc_callback(request: HttpRequest) -> HttpResponse:
    """Receive the OpenID Connect provider's answer: exchange the code, log the person in."""
    data = request.session.pop(OIDC_SESSION_KEY, None)
    state = request.GET.get("state", "")
    code = request.GET.get("code", "")
    if not isinstance(data, dict) or not state or state != data.get("state") or not code:
        return _failed(request)
    pending = oidc.Pending(**data)
    provider = selectors.provider_active_by_id(pk=pending.provider_id)
    if provider is None:
        return _failed(request)
    try:
        claims = oidc.code_exchange(provider, code=code, pending=pending)
        user = services.login_complete(provider=provider, claims=claims)
    except oidc.OidcError as error:
        services.login_refused_record(provider=provider, reason=str(error))
        return _failed(request, status=403)
    except services.LoginRefused:
        return _failed(request, status=403)
    return _log_in(request, user, provider, pending.next_url)
