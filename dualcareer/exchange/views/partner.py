"""Pages of the partner: their introductions (and revealing their name), their requests for
an introduction ("I'm interested — please introduce me") and their saved openings."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dualcareer.core.views import error_messages, refuse_quietly
from dualcareer.exchange import selectors as xs
from dualcareer.exchange import services as xsvc


def _require_partner(request: HttpRequest) -> None:
    if not getattr(request.user, "is_partner", False):
        raise PermissionDenied


def _back(request: HttpRequest, default: str) -> HttpResponse:
    """Back to the page the form was on (a local path only), else to `default`."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(default)


@login_required
@refuse_quietly
@require_http_methods(["GET", "POST"])
def my_introductions(request: HttpRequest) -> HttpResponse:
    """The partner's introductions; declining a request for the name is done here at once."""
    _require_partner(request)
    introductions = xs.introductions_for_partner(user=request.user)
    if request.method == "POST":
        introduction = xs.introduction_for_partner(
            user=request.user, public_id=request.POST.get("introduction")
        )
        if request.POST.get("reveal") == "1":  # revealing needs the confirmation page
            return redirect("exchange:introduction_reveal", public_id=introduction.public_id)
        try:
            xsvc.introduction_reveal(user=request.user, introduction=introduction, agree=False)
        except ValidationError as error:
            error_messages(request, error)
        else:
            messages.success(request, _("Your name stays hidden from the employer."))
        return redirect("exchange:my_introductions")
    return render(request, "exchange/my_introductions.html", {"introductions": introductions})


@login_required
@refuse_quietly
@require_http_methods(["GET", "POST"])
def introduction_reveal(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Confirm before the employer learns the partner's name; then employer and officer are told."""
    _require_partner(request)
    introduction = xs.introduction_for_partner(user=request.user, public_id=public_id)
    if request.method == "POST":
        agree = request.POST.get("confirm") == "yes"
        try:
            xsvc.introduction_reveal(user=request.user, introduction=introduction, agree=agree)
        except ValidationError as error:
            error_messages(request, error)
            return redirect("exchange:introduction_reveal", public_id=public_id)
        messages.success(
            request,
            _(
                "The employer can now see your name, e-mail address and phone number. "
                "The employer and your Dual Career Service will be e-mailed shortly."
            )
            if agree
            else _("Your name stays hidden from the employer."),
        )
        return redirect("exchange:my_introductions")
    return render(
        request,
        "exchange/introduction_reveal.html",
        {"introduction": introduction, "shown": xs.reveal_preview(introduction=introduction)},
    )


@login_required
@refuse_quietly
@require_POST
def opening_interest(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """ "I'm interested — please introduce me": tells the partner's Dual Career officers."""
    _require_partner(request)
    opening = xs.opening_for_partner(user=request.user, public_id=public_id)
    try:
        _interest, created = xsvc.partner_interest_express(user=request.user, opening=opening)
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(
            request,
            _(
                "Thank you. Your Dual Career Service will be e-mailed shortly and will get "
                "in touch with you about an introduction."
            )
            if created
            else _("Your Dual Career Service already knows that you are interested."),
        )
    return _back(request, "openings:my_matches")


@login_required
@refuse_quietly
@require_POST
def opening_save(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Save an opening on the partner's list, or take it off (`action=unsave`)."""
    _require_partner(request)
    opening = xs.opening_for_partner(user=request.user, public_id=public_id)
    try:
        if request.POST.get("action") == "unsave":
            xsvc.opening_unsave(user=request.user, opening=opening)
            messages.success(request, _("The opening was removed from your list."))
        else:
            xsvc.opening_save(user=request.user, opening=opening)
            messages.success(request, _("The opening was saved on your list."))
    except ValidationError as error:
        error_messages(request, error)
    return _back(request, "exchange:my_saved_openings")


@login_required
@refuse_quietly
def my_saved_openings(request: HttpRequest) -> HttpResponse:
    """The partner's saved openings."""
    _require_partner(request)
    return render(
        request,
        "exchange/my_saved_openings.html",
        {"saved": xs.saved_openings_for_partner(user=request.user)},
    )
