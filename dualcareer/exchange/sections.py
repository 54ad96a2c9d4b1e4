"""What the exchange shows on other apps' pages: the case's introductions, and the
introductions addressed to an employer on its openings page."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from dualcareer.accounts import permissions
from dualcareer.core import dashboard, sections
from dualcareer.exchange import selectors as xs


@sections.section("case.detail", order=10)
def case_introductions(request: HttpRequest, case: Any) -> dashboard.Panel | None:
    """The introductions of the case with the employers' answers, on the case page."""
    if not permissions.has(request.user, "case.view", case):
        return None
    return dashboard.Panel(
        title=_("Introductions and network requests"),
        template="exchange/includes/case_section.html",
        context={
            "case": case,
            "introductions": list(xs.introductions_for_case(user=request.user, case=case)[:10]),
            "can_introduce": permissions.has(request.user, "introduction.create", case),
        },
    )


@sections.section("openings.manage", order=10)
def employer_introductions(request: HttpRequest, obj: Any) -> dashboard.Panel | None:
    """The introductions addressed to the reader's institutions, on "my institution's openings"."""
    return dashboard.Panel(
        title=_("Introductions addressed to you"),
        template="exchange/includes/manage_section.html",
        context={"introductions": xs.introductions_for_employer(user=request.user)},
    )
