"""What the openings app shows on other apps' pages: the case's introductions."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from dualcareer.accounts import permissions
from dualcareer.core import dashboard, sections
from dualcareer.openings import exchange_selectors as xs


@sections.section("case.detail", order=10)
def case_introductions(request: HttpRequest, case: Any) -> dashboard.Panel | None:
    """The introductions of the case with the employers' answers, on the case page."""
    if not permissions.has(request.user, "case.view", case):
        return None
    return dashboard.Panel(
        title=_("Introductions and network requests"),
        template="openings/includes/case_section.html",
        context={
            "case": case,
            "introductions": list(xs.introductions_for_case(user=request.user, case=case)[:10]),
            "can_introduce": permissions.has(request.user, "introduction.create", case),
        },
    )
