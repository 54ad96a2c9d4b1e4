"""Response headers that Django's SecurityMiddleware does not set, and bad input as 400."""

from collections.abc import Callable

from django.core.exceptions import BadRequest, ValidationError
from django.core.handlers.exception import response_for_exception
from django.http import HttpRequest, HttpResponse

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
