"""Public pages: the start page and the legal pages."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from dualcareer.network import selectors as network_selectors


def home(request: HttpRequest) -> HttpResponse:
    """The public start page: what Dual Career support is and who takes part."""
    return render(
        request,
        "site/home.html",
        {"networks": network_selectors.network_list(), "stats": network_selectors.public_counts()},
    )


def imprint(request: HttpRequest) -> HttpResponse:
    return render(request, "site/imprint.html")


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "site/privacy.html")


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "site/accessibility.html")
