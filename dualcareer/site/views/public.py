"""Public pages: the start page and the legal pages.

Their text is edited by the coordinators in the public-site app, which
answers the section slot "site.page" with the published page (see
dualcareer/public/sections.py); without it, the built-in text below is shown.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from dualcareer.core import sections
from dualcareer.network import selectors as network_selectors


def _editable(request: HttpRequest, key: str) -> dict[str, object]:
    panels = sections.sections_for("site.page", request, key)
    return {"panel": panels[0] if panels else None}


def home(request: HttpRequest) -> HttpResponse:
    """The public start page: what Dual Career support is and who takes part."""
    return render(
        request,
        "site/home.html",
        {
            "networks": network_selectors.network_list(),
            "stats": network_selectors.public_counts(),
            **_editable(request, "home"),
        },
    )


def imprint(request: HttpRequest) -> HttpResponse:
    return render(request, "site/imprint.html", _editable(request, "imprint"))


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "site/privacy.html", _editable(request, "privacy"))


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "site/accessibility.html", _editable(request, "accessibility"))
