"""A participant's pages: their registrations, cancelling, the certificate, the feed, feedback."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from dualcareer.core.views import apply_validation_error, error_messages, refuse_quietly
from dualcareer.trainings import feedback as feedback_services
from dualcareer.trainings import selectors, services
from dualcareer.trainings.certificates import certificate_pdf
from dualcareer.trainings.forms import FeedbackForm


@login_required
@require_http_methods(["GET", "POST"])
def mine(request: HttpRequest) -> HttpResponse:
    """My registrations and my calendar feed (create a new address, or switch it off)."""
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "feed_reset":
            services.feed_reset(user=request.user)  # type: ignore[arg-type]
            messages.success(
                request, _("Your calendar feed has a new address; the old one no longer works.")
            )
        elif action == "feed_revoke":
            services.feed_revoke(user=request.user)  # type: ignore[arg-type]
            messages.success(request, _("Your calendar feed has been switched off."))
        else:
            return HttpResponse(_("Choose an action."), status=400)
        return redirect("trainings:mine")
    feed = selectors.feed_get(user=request.user)
    feed_url = (
        request.build_absolute_uri(reverse("trainings:feed", kwargs={"token": feed.token}))
        if feed
        else ""
    )
    return render(
        request,
        "trainings/mine.html",
        {"registrations": selectors.my_registrations(user=request.user), "feed_url": feed_url},
    )


@login_required
@refuse_quietly
@require_POST
def cancel(request: HttpRequest, public_id: Any) -> HttpResponse:
    registration = selectors.registration_own(user=request.user, public_id=public_id)
    try:
        services.registration_cancel(registration=registration, actor=request.user)  # type: ignore[arg-type]
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(request, _("Your registration has been cancelled."))
    return redirect("trainings:mine")


@login_required
@never_cache
def certificate(request: HttpRequest, public_id: Any) -> HttpResponse:
    """The attendee's certificate of attendance as PDF."""
    registration = selectors.certificate_for(user=request.user, public_id=public_id)
    body = certificate_pdf(registration, language=get_language() or "de")
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="certificate-{registration.certificate_code}.pdf"'
    )
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def feedback(request: HttpRequest, token: str) -> HttpResponse:
    """The feedback form of one invitation (the token works once)."""
    invitation = feedback_services.invitation_get(token)
    if invitation is None:
        return render(request, "trainings/link_invalid.html", status=404)
    training = invitation.registration.training
    if invitation.used:
        return render(request, "trainings/feedback_done.html", {"training": training}, status=410)
    questions = feedback_services.questions_for(training.network)
    form = FeedbackForm(request.POST or None, questions=questions)
    if request.method == "POST" and form.is_valid():
        try:
            feedback_services.feedback_submit(
                invitation=invitation,
                answers=form.answers(),
                signed=form.cleaned_data["signed"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            return render(request, "trainings/feedback_done.html", {"training": training})
    return render(
        request,
        "trainings/feedback_form.html",
        {"form": form, "training": training},
        status=400 if request.method == "POST" else 200,
    )
