"""Response headers that Django's SecurityMiddleware does not set, bad input as 400,
and the signed-in user's language on every page."""

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import BadRequest, ValidationError
from django.core.handlers.exception import response_for_exception
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import get_language_from_path

from dualcareer.core.i18n import localize_url

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        # Map tiles come from OpenStreetMap, loaded by the user's browser.
        "img-src 'self' data: https://tile.openstreetmap.org",
        "style-src 'self'",
        "script-src 'self'",
        "frame-ancestors 'none'",
        "form-action 'self'",
        "base-uri 'self'",
        "object-src 'none'",
    ]
)


class SecurityHeadersMiddleware:
    """Add a Content-Security-Policy and a Permissions-Policy to every page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"
        )
        return response


class BadInputMiddleware:
    """Answer 400 when a `ValidationError` escapes a view, instead of a 500.

    Such an error comes from a value the user sent that reached a database
    lookup unchecked (a malformed UUID). Its text quotes the value, which may
    be anything, e-mail addresses included: it is neither shown nor logged;
    the log gets the usual "Bad Request" line with the (masked) path.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, ValidationError):
            return response_for_exception(request, BadRequest("Bad request"))
        return None


class UserLanguageMiddleware:
    """A signed-in user's stored language applies on every page, whatever link they followed.

    German pages have no prefix, so a link without one (an old e-mail, a
    bookmark, a colleague's link, a hand-typed address) would show an English
    reader German pages: such a GET is redirected to the same page in the
    user's language (`User.language`, stored at the language switch). A path
    that names its language (`/en/...`) was chosen explicitly and is served as
    is. Sits after `AuthenticationMiddleware`; other methods and pages outside
    the language prefixes (the API) are left alone.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in ("GET", "HEAD"):
            target = self._target(request)
            if target is not None:
                return HttpResponseRedirect(target)
        return self.get_response(request)

    @staticmethod
    def _target(request: HttpRequest) -> str | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        preferred = getattr(user, "language", "") or ""
        if preferred not in dict(settings.LANGUAGES):
            return None
        if preferred == settings.LANGUAGE_CODE or get_language_from_path(request.path_info):
            return None
        full_path = request.get_full_path()
        target = localize_url(full_path, preferred)
        return target if target != full_path else None
