"""Pages for openings: list, shareable detail, posting, import, saved searches.

Introductions and network requests have their pages in the exchange app
(`dualcareer.exchange.views`).
Views stay thin: a form validates, one service or selector does the work.
"""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dualcareer.accounts import permissions
from dualcareer.core import sections
from dualcareer.core.lookups import get_or_404
from dualcareer.network.models import Institution
from dualcareer.openings import importing, jsonld, selectors, services
from dualcareer.openings.fetching import FetchError, fetch_url
from dualcareer.openings.forms import (
    ImportForm,
    OpeningFilterForm,
    OpeningForm,
    PlaceFormSet,
    SavedSearchForm,
)
from dualcareer.openings.models import Opening, SavedSearch

UNSUBSCRIBE_SALT = "openings.saved_search.unsubscribe"
FIELD_ALIASES = {"description_en": "description_de", "title_en": "title_de"}


def apply_errors(form: Any, error: ValidationError, known: set[str] | None = None) -> None:
    """Put a service's ValidationError onto `form` (unknown fields as form-wide errors)."""
    fields = set(form.fields) if known is None else known
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _filters_from(request: HttpRequest) -> tuple[OpeningFilterForm, selectors.OpeningFilters]:
    form = OpeningFilterForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return form, selectors.OpeningFilters.from_params(form.cleaned_data)
    return form, selectors.OpeningFilters()


def opening_list(request: HttpRequest) -> HttpResponse:
    """The openings the visitor may see, with filters and full-text search."""
    form, filters = _filters_from(request)
    page = Paginator(selectors.opening_list(user=request.user, filters=filters), 20).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "openings/list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "filters": filters,
            "save_form": SavedSearchForm(),
            "can_post": permissions.has(request.user, "opening.create"),
            "can_import": permissions.has(request.user, "opening.import"),
        },
    )


def _opening_or_404(request: HttpRequest, public_id: uuid.UUID) -> Opening:
    opening = selectors.opening_detail(user=request.user, public_id=public_id)
    if opening is None:
        raise Http404
    return opening


def opening_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The shareable page of one opening; public ones carry schema.org JobPosting markup."""
    opening = _opening_or_404(request, public_id)
    can_edit = permissions.has(request.user, "opening.edit", opening)
    structured = None
    if opening.visibility == "public" and not opening.is_expired() and opening.is_published:
        structured = jsonld.job_posting(opening, request.build_absolute_uri())
    return render(
        request,
        "openings/detail.html",
        {
            "opening": opening,
            "can_edit": can_edit,
            "structured_data": structured,
            "can_introduce": permissions.has(request.user, "introduction.create"),
        },
    )


def _editable_institutions(user: Any, perm: str) -> list[Institution]:
    ids = permissions.institution_ids_with(user, perm)
    return list(Institution.objects.filter(pk__in=ids, is_active=True).order_by("name"))


def _places_from(formset: Any) -> list[dict[str, Any]]:
    return [
        f.cleaned_data for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")
    ]


@login_required
@require_http_methods(["GET", "POST"])
def opening_create(request: HttpRequest) -> HttpResponse:
    """Post a new opening for one of the user's institutions."""
    institutions = _editable_institutions(request.user, "opening.create")
    if not institutions:
        raise PermissionDenied
    form = OpeningForm(request.POST or None, institutions=institutions)
    formset = PlaceFormSet(request.POST or None, prefix="places")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = {
            k: v
            for k, v in form.cleaned_data.items()
            if k not in {"institution", "languages_required"}
        }
        try:
            opening = services.opening_create(
                user=request.user,
                institution=form.cleaned_data["institution"],
                data=data,
                places=_places_from(formset),
                languages=form.cleaned_data["languages_required"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The opening has been saved."))
            return redirect("openings:detail", public_id=opening.public_id)
    return render(
        request, "openings/form.html", {"form": form, "formset": formset, "opening": None}
    )


@login_required
@require_http_methods(["GET", "POST"])
def opening_edit(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Change an opening of the user's institution."""
    opening = get_object_or_404(selectors.openings_managed(user=request.user), public_id=public_id)
    permissions.require(request.user, "opening.edit", opening)
    form = OpeningForm(request.POST or None, instance=opening)
    initial = [
        {"postcode": p.postcode, "city": p.city, "street": p.street} for p in opening.places.all()
    ]
    formset = PlaceFormSet(request.POST or None, prefix="places", initial=initial or None)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "languages_required"}
        opening.refresh_from_db()
        try:
            services.opening_update(
                user=request.user,
                opening=opening,
                data=data,
                places=_places_from(formset),
                languages=form.cleaned_data["languages_required"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The opening has been saved."))
            return redirect("openings:detail", public_id=opening.public_id)
    return render(
        request, "openings/form.html", {"form": form, "formset": formset, "opening": opening}
    )


@login_required
@require_POST
def opening_publish(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Publish or withdraw an opening."""
    opening = get_object_or_404(selectors.openings_managed(user=request.user), public_id=public_id)
    publish = request.POST.get("publish") == "1"
    try:
        services.opening_set_published(user=request.user, opening=opening, published=publish)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The opening is published.") if publish else _("The opening is withdrawn.")
        )
    return redirect("openings:detail", public_id=opening.public_id)


@login_required
@require_http_methods(["GET", "POST"])
def opening_import(request: HttpRequest) -> HttpResponse:
    """Queue an import of schema.org JobPostings from a URL or an uploaded file."""
    institutions = _editable_institutions(request.user, "opening.import")
    if not institutions:
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None, institutions=institutions)
    if request.method == "POST" and form.is_valid():
        source_url = form.cleaned_data.get("url") or ""
        try:
            if source_url:
                text = fetch_url(source_url)
            else:
                text = form.cleaned_data["file"].read().decode("utf-8", errors="replace")
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
def opening_import_progress(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """An import's progress (reloads itself until done), then its per-item report."""
    run = _import_run(request, public_id)
    return render(
        request,
        "openings/import_progress.html",
        {"run": run, "report": importing.import_report(run)},
    )


@login_required
def opening_import_status(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The progress as JSON, for the progress page's script."""
    run = _import_run(request, public_id)
    return JsonResponse(importing.import_status(run))


@login_required
def opening_manage(request: HttpRequest) -> HttpResponse:
    """The employer's view: their openings and the introductions addressed to them."""
    if not permissions.has(request.user, "opening.edit"):
        raise PermissionDenied
    return render(
        request,
        "openings/manage.html",
        {
            "openings": selectors.openings_managed(user=request.user)[:200],
            # The introductions addressed to the employer (the exchange's section).
            "sections": sections.sections_for("openings.manage", request, None),
        },
    )


# --- saved searches ----------------------------------------------------------


@login_required
@require_POST
def saved_search_create(request: HttpRequest) -> HttpResponse:
    """Save the list's current filters."""
    form = SavedSearchForm(request.POST)
    # The filters travel as hidden fields of the save form (POST), not in the URL.
    filters = selectors.OpeningFilters.from_params(request.POST.dict())
    if form.is_valid():
        try:
            services.saved_search_create(
                user=request.user,
                name=form.cleaned_data["name"],
                params=filters.as_params(),
                alerts_enabled=form.cleaned_data["alerts_enabled"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Your search has been saved."))
            return redirect("openings:saved_searches")
    else:
        messages.error(request, _("Please enter a name for the search."))
    return redirect(reverse("openings:list") + "?" + filters_query(filters))


def filters_query(filters: selectors.OpeningFilters) -> str:
    """The filters as a query string for the list page."""
    return urlencode(filters.as_params())


@login_required
@require_http_methods(["GET", "POST"])
def saved_search_list(request: HttpRequest) -> HttpResponse:
    """The user's saved searches; POST deletes one."""
    searches = selectors.saved_search_list(user=request.user)
    if request.method == "POST":
        search = get_or_404(searches, public_id=request.POST.get("search"))
        services.saved_search_delete(user=request.user, search=search)
        messages.success(request, _("The saved search has been deleted."))
        return redirect("openings:saved_searches")
    rows = [
        (search, filters_query(selectors.OpeningFilters.from_params(search.params)))
        for search in searches
    ]
    return render(request, "openings/saved_searches.html", {"rows": rows})


def unsubscribe_token(search: SavedSearch) -> str:
    return signing.dumps(str(search.public_id), salt=UNSUBSCRIBE_SALT)


@require_http_methods(["GET", "POST"])
def saved_search_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """Turn off a digest from the link in the e-mail; works without login."""
    try:
        public_id = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature as error:
        raise Http404 from error
    search = get_object_or_404(SavedSearch, public_id=public_id)
    done = False
    if request.method == "POST":
        services.saved_search_unsubscribe(search=search)
        done = True
    return render(
        request,
        "openings/unsubscribe.html",
        {"search": search, "done": done or not search.alerts_enabled},
    )
