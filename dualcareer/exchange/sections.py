"""What the exchange shows on other apps' pages: the case's introductions, and the
introductions addressed to an employer on its openings page."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from dualcareer.accounts import permissions
from dualcareer.cases import timeline
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
            "can_introduce": not case.is_closed
            and permissions.has(request.user, "introduction.create", case),
        },
    )


# The newest introductions on "my institution's openings"; all of them on their own page.
MANAGE_SECTION_ROWS = 20


@sections.section("openings.manage", order=10)
def employer_introductions(request: HttpRequest, obj: Any) -> dashboard.Panel | None:
    """The introductions addressed to the reader's institutions, on "my institution's openings"."""
    introductions = xs.introductions_for_employer_queryset(user=request.user)
    shown = list(introductions[:MANAGE_SECTION_ROWS])
    total = introductions.count() if len(shown) == MANAGE_SECTION_ROWS else len(shown)
    return dashboard.Panel(
        title=_("Introductions addressed to you"),
        template="exchange/includes/manage_section.html",
        context={"introductions": shown, "total": total, "more": total > len(shown)},
    )


@sections.section("case.detail", order=5)
def case_partner_interests(request: HttpRequest, case: Any) -> dashboard.Panel | None:
    """The partner's own requests for an introduction, on the case page (until introduced)."""
    if not permissions.has(request.user, "case.view", case):
        return None
    interests = list(xs.partner_interests_for_case(user=request.user, case=case))
    if not interests:
        return None
    return dashboard.Panel(
        title=_("The partner asks to be introduced"),
        template="exchange/includes/partner_interests_section.html",
        context={
            "case": case,
            "interests": interests,
            "can_introduce": permissions.has(request.user, "introduction.create", case),
        },
    )


@sections.section("profile.preview", order=10)
def employer_preview(request: HttpRequest, case: Any) -> dashboard.Panel | None:
    """What employers see of the profile: the rows of the employer's page, by the same code."""
    user = request.user
    if not (
        permissions.has(user, "case.view_own", case) or permissions.has(user, "case.view", case)
    ):
        return None
    profile = getattr(case, "profile", None)
    if profile is None:
        return None
    return dashboard.Panel(
        title=_("What employers see"),
        template="exchange/includes/employer_preview.html",
        context={"rows": xs.profile_rows(xs.anonymised_profile_of(profile))},
    )


# The exchange's events on the partner's timeline ("My case").
timeline.source(xs.partner_introduction_timeline)
