"""Posting, importing and managing openings: the staff of the institutions that post them
(employers' contacts, and officers for their universities)."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dualcareer.accounts import permissions
from dualcareer.core import locking, sections
from dualcareer.core.views import apply_validation_error, error_messages, refuse_quietly
from dualcareer.openings import feeds, importing, selectors, services
from dualcareer.openings.extraction import decode
from dualcareer.openings.fetching import FetchError, check_url
from dualcareer.openings.forms import FeedForm, ImportForm, OpeningForm, PlaceFormSet

MANAGED_PER_PAGE = 50  # "my openings": an employer with a feed may have thousands


def _places_from(formset: Any) -> list[dict[str, Any]]:
    return [
        f.cleaned_data for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")
    ]


@login_required
@refuse_quietly
@require_http_methods(["GET", "POST"])
def opening_create(request: HttpRequest) -> HttpResponse:
    """Post a new opening for one of the user's institutions."""
    institutions = selectors.institutions_posting(user=request.user, perm="opening.create")
    if not institutions:
        raise PermissionDenied
    form = OpeningForm(request.POST or None, institutions=institutions)
    formset = PlaceFormSet(request.POST or None, prefix="places")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = {
            k: v
            for k, v in form.cleaned_data.items()
            if k not in {"institution", "languages_required", "language_levels"}
        }
        try:
            opening = services.opening_create(
                user=request.user,
                institution=form.cleaned_data["institution"],
                data=data,
                places=_places_from(formset),
                languages=form.cleaned_data["languages_required"],
                language_levels=form.cleaned_data["language_levels"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The opening has been saved."))
            return redirect("openings:detail", public_id=opening.public_id)
    return render(
        request, "openings/form.html", {"form": form, "formset": formset, "opening": None}
    )


@login_required
@refuse_quietly
@require_http_methods(["GET", "POST"])
def opening_edit(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Change an opening of the user's institution."""
    opening = selectors.opening_managed_get(user=request.user, public_id=public_id)
    permissions.require(request.user, "opening.edit", opening)
    form = OpeningForm(request.POST or None, instance=opening)
    locking.add_version_field(form, opening)  # two people saving at once: a conflict
    initial = [
        {"postcode": p.postcode, "city": p.city, "street": p.street} for p in opening.places.all()
    ]
    formset = PlaceFormSet(request.POST or None, prefix="places", initial=initial or None)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = {
            k: v
            for k, v in form.cleaned_data.items()
            if k not in {"languages_required", "language_levels", locking.FIELD_NAME}
        }
        # A fresh copy: validating the form has changed `opening`.
        opening = selectors.opening_managed_get(user=request.user, public_id=public_id)
        try:
            with transaction.atomic():
                locking.lock_unchanged(opening, locking.submitted_version(form))
                services.opening_update(
                    user=request.user,
                    opening=opening,
                    data=data,
                    places=_places_from(formset),
                    languages=form.cleaned_data["languages_required"],
                    language_levels=form.cleaned_data["language_levels"],
                )
        except locking.EditConflict as conflict:
            locking.show_conflict(form, conflict)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The opening has been saved."))
            return redirect("openings:detail", public_id=opening.public_id)
    return render(
        request, "openings/form.html", {"form": form, "formset": formset, "opening": opening}
    )


@login_required
@refuse_quietly
@require_POST
def opening_publish(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Publish or withdraw an opening."""
    opening = selectors.opening_managed_get(user=request.user, public_id=public_id)
    publish = request.POST.get("publish") == "1"
    try:
        services.opening_set_published(user=request.user, opening=opening, published=publish)
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(
            request, _("The opening is published.") if publish else _("The opening is withdrawn.")
        )
    return redirect("openings:detail", public_id=opening.public_id)


@login_required
@refuse_quietly
@require_http_methods(["GET", "POST"])
def opening_import(request: HttpRequest) -> HttpResponse:
    """Queue an import of schema.org JobPostings from a URL or an uploaded file."""
    institutions = selectors.institutions_posting(user=request.user, perm="opening.import")
    if not institutions:
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None, institutions=institutions)
    if request.method == "POST" and form.is_valid():
        source_url = form.cleaned_data.get("url") or ""
        text = ""
        try:
            if source_url:
                check_url(source_url)  # the worker downloads it
            else:
                upload = form.cleaned_data["file"]
                # By its declared charset (BOM, <meta>) or the detected one: not "f\ufffdr".
                text = decode(upload.read(), getattr(upload, "content_type", "") or "")[0]
        except FetchError as error:
            form.add_error(
                "url", _("The address could not be read: %(reason)s") % {"reason": error}
            )
        else:
            run = importing.import_enqueue(
                user=request.user,
                institution=form.cleaned_data["institution"],
                text=text,
                visibility=form.cleaned_data["visibility"],
                source_url=source_url,
                fetch=bool(source_url),
            )
            return redirect("openings:import_progress", public_id=run.public_id)
    return render(request, "openings/import.html", {"form": form})


def _import_run(request: HttpRequest, public_id: uuid.UUID) -> Any:
    """The import job, for staff of the importing institution only (others: 404)."""
    run = importing.import_run_for(user=request.user, public_id=public_id)
    if run is None:
        raise Http404
    return run


@login_required
@refuse_quietly
def opening_import_progress(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """An import's progress (reloads itself until done), then its per-item report."""
    run = _import_run(request, public_id)
    return render(
        request,
        "openings/import_progress.html",
        {"run": run, "report": importing.import_report(run)},
    )


@login_required
@refuse_quietly
def opening_import_status(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The progress as JSON, for the progress page's script."""
    run = _import_run(request, public_id)
    return JsonResponse(importing.import_status(run))


@login_required
@refuse_quietly
def opening_manage(request: HttpRequest) -> HttpResponse:
    """The employer's view: their openings and the introductions addressed to them."""
    if not permissions.has(request.user, "opening.edit"):
        raise PermissionDenied
    page = Paginator(selectors.openings_managed(user=request.user), MANAGED_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "openings/manage.html",
        {
            "openings": page.object_list,
            "page": page,
            # The introductions addressed to the employer (the exchange's section).
            "sections": sections.sections_for("openings.manage", request, None),
        },
    )


@login_required
@refuse_quietly
@require_http_methods(["GET", "POST"])
def feed_list(request: HttpRequest) -> HttpResponse:
    """The institution's job feeds (fetched on a schedule) and the form to register one."""
    institutions = selectors.institutions_posting(user=request.user, perm="opening.import")
    if not institutions:
        raise PermissionDenied
    form = FeedForm(request.POST or None, institutions=institutions)
    if request.method == "POST" and form.is_valid():
        try:
            feeds.feed_register(
                user=request.user,
                institution=form.cleaned_data["institution"],
                url=form.cleaned_data["url"],
                kind=form.cleaned_data["kind"],
                visibility=form.cleaned_data["visibility"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request,
                _("The feed has been registered; its first run is queued."),
            )
            return redirect("openings:feeds")
    return render(
        request,
        "openings/feeds.html",
        {"form": form, "feeds": list(selectors.feeds_managed(user=request.user))},
    )


@login_required
@refuse_quietly
@require_POST
def feed_run(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Fetch a feed now (a job for the worker); show its run's progress and report."""
    feed = selectors.feed_managed_get(user=request.user, public_id=public_id)
    run = feeds.feed_run_now(user=request.user, feed=feed)
    return redirect("openings:import_progress", public_id=run.public_id)


@login_required
@refuse_quietly
@require_POST
def feed_delete(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Remove a feed; its openings stay."""
    feed = selectors.feed_managed_get(user=request.user, public_id=public_id)
    feeds.feed_delete(user=request.user, feed=feed)
    messages.success(request, _("The feed has been removed; its openings stay."))
    return redirect("openings:feeds")
