"""Pages anybody may open: the programme, a training, public registration, token links."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from dualcareer.core.views import apply_validation_error, error_messages, refuse_quietly
from dualcareer.trainings import calendar, selectors, services
from dualcareer.trainings.forms import CodeForm, ProgrammeFilterForm, PublicRegistrationForm

PER_PAGE = 50


def programme(request: HttpRequest) -> HttpResponse:
    """The programme: upcoming trainings and meetings the reader may attend (or see)."""
    form = ProgrammeFilterForm(request.GET or None)
    filters = selectors.ProgrammeFilter(past=request.GET.get("past") == "1")
    if form.is_valid():
        filters.topic = form.cleaned_data["topic"]
        filters.format = form.cleaned_data["format"]
        filters.kind = form.cleaned_data["kind"]
    page = Paginator(selectors.programme(user=request.user, filters=filters), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "trainings/programme.html",
        {
            "form": form,
            "trainings": page.object_list,
            "page": page,
            "past": filters.past,
            "networks": selectors.managed_networks(user=request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def detail(request: HttpRequest, public_id: Any) -> HttpResponse:
    """One training; logged-in readers register with one click, visitors with name and e-mail."""
    training = selectors.training_get(user=request.user, public_id=public_id)
    services.offers_expire(training=training)  # an offer past its time lapses on access too
    form = PublicRegistrationForm(request.POST or None)
    if request.method == "POST":
        try:
            if request.user.is_authenticated:
                registration = services.registration_create(
                    training=training,
                    user=request.user,
                )
                if registration.status == "confirmed":
                    messages.success(
                        request, _("You are registered. A confirmation is on its way.")
                    )
                else:
                    messages.success(
                        request,
                        _(
                            "The training is full: you are on the waiting list. We write to you "
                            "when a place becomes free."
                        ),
                    )
                return redirect("trainings:detail", public_id=training.public_id)
            if form.is_valid():
                services.registration_create(
                    training=training,
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                    language=get_language() or "de",
                )
                return render(request, "trainings/check_email.html", {"training": training})
        except PermissionDenied:
            return render(request, "403.html", status=403)
        except ValidationError as error:
            if request.user.is_authenticated:
                error_messages(request, error)
                return redirect("trainings:detail", public_id=training.public_id)
            apply_validation_error(form, error)
    page = selectors.training_page(user=request.user, training=training)
    return render(
        request,
        "trainings/detail.html",
        {"page": page, "training": training, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@never_cache
def document_download(request: HttpRequest, public_id: Any, document_id: Any) -> FileResponse:
    """A document of a training: for the network's members and the training's participants."""
    training = selectors.training_get(user=request.user, public_id=public_id)
    document = selectors.document_get(user=request.user, training=training, public_id=document_id)
    response = FileResponse(
        document.file.open("rb"), as_attachment=True, filename=document.original_name
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def training_ics(request: HttpRequest, public_id: Any) -> HttpResponse:
    """The training's sessions as an iCalendar file (the online link for participants only)."""
    training = selectors.training_get(user=request.user, public_id=public_id)
    page = selectors.training_page(user=request.user, training=training)
    body = calendar.training_ics(
        training,
        online_link=training.online_link if page.show_link else "",
        url=request.build_absolute_uri(),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="training-{training.public_id}.ics"'
    return response


@never_cache
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """A person's calendar feed: the token in the URL is the credential (revocable)."""
    _owner, registrations = selectors.feed_registrations(token)
    body = calendar.feed_ics(registrations, name=_("My trainings"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["X-Robots-Tag"] = "noindex"
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the e-mail confirming a visitor's address (a button: scanners only GET)."""
    registration = services.registration_from_confirm_token(token)
    if registration is None:
        return render(request, "trainings/link_invalid.html", status=410)
    if request.method == "POST":
        try:
            registration = services.registration_confirm(registration=registration)
        except ValidationError as error:
            error_messages(request, error)
        return redirect("trainings:registration", token=registration.token)
    return render(request, "trainings/confirm.html", {"registration": registration})


@never_cache
@require_http_methods(["GET", "POST"])
def registration(request: HttpRequest, token: str) -> HttpResponse:
    """One registration by its link: its status; cancel, or take an offered place."""
    item = selectors.registration_by_token(token)
    services.offers_expire(training=item.training)
    item = selectors.registration_by_token(token)  # read again: an offer may have lapsed
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "cancel":
                services.registration_cancel(registration=item, by_token=True)
                messages.success(request, _("Your registration has been cancelled."))
            elif action == "accept":
                services.offer_accept(registration=item)
                messages.success(request, _("The place is yours. A confirmation is on its way."))
            else:
                return HttpResponse(_("Choose an action."), status=400)
        except ValidationError as error:
            error_messages(request, error)
        return redirect("trainings:registration", token=token)
    return render(
        request,
        "trainings/registration.html",
        {"registration": item, "training": item.training, "now": timezone.now()},
    )


@refuse_quietly
def verify(request: HttpRequest, code: str = "") -> HttpResponse:
    """Check a certificate's verification code: name, training and date for a valid code only."""
    form = CodeForm(request.GET or None, initial={"code": code})
    raw = code or (form.cleaned_data["code"] if form.is_valid() else "")
    result = selectors.certificate_verify(raw) if raw else None
    return render(
        request,
        "trainings/verify.html",
        {"form": form, "checked": bool(raw), "result": result},
        status=404 if raw and result is None and code else 200,
    )
