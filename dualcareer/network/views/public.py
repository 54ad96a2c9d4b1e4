"""Public pages: directory, map, institutions, networks, statement, applying, answering."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from dualcareer.accounts import permissions
from dualcareer.core.views import apply_validation_error
from dualcareer.network import selectors, services
from dualcareer.network.forms import (
    ApplicationAnswerForm,
    ApplicationForm,
    DirectoryFilterForm,
)
from dualcareer.network.models import Application, Network
from dualcareer.network.ratelimit import allow

APPLY_LIMIT = 5  # submissions per address and hour
APPLY_WINDOW = 60 * 60


def _filter_form(request: HttpRequest) -> DirectoryFilterForm:
    networks = selectors.network_choices()
    return DirectoryFilterForm(
        request.GET or None, cities=selectors.directory_cities(), networks=networks
    )


@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    """The public member directory with search and filters."""
    form = _filter_form(request)
    institutions = selectors.member_directory(filters=form.filters())
    page = Paginator(institutions, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "network/directory.html",
        {"form": form, "page": page, "query": query.urlencode(), "count": institutions.count()},
    )


@require_GET
def map_view(request: HttpRequest) -> HttpResponse:
    """The members on a map, with the directory's filters and a list that works without it."""
    form = _filter_form(request)
    institutions = selectors.member_directory(filters=form.filters())
    return render(
        request,
        "network/map.html",
        {"form": form, "institutions": institutions, "query": request.GET.urlencode()},
    )


@require_GET
def map_data(request: HttpRequest) -> JsonResponse:
    """The map's markers as JSON, filtered like the directory."""
    form = _filter_form(request)
    return JsonResponse({"members": selectors.map_points(filters=form.filters())})


@require_GET
def institution_detail(request: HttpRequest, slug: str) -> HttpResponse:
    institution = selectors.institution_public(slug=slug)
    if institution is None:
        raise Http404
    return render(
        request,
        "network/institution_detail.html",
        {
            "institution": institution,
            "memberships": selectors.institution_memberships(institution=institution),
            "signatures": selectors.institution_signatures(institution=institution),
            "contact": institution.dual_career_contact,
            "can_edit": permissions.has(request.user, "institution.edit", institution),
            "can_manage_users": permissions.may_manage_users(request.user, institution),
        },
    )


@require_GET
def network_index(request: HttpRequest) -> HttpResponse:
    return render(request, "network/network_list.html", {"networks": selectors.network_list()})


def _network_or_404(slug: str) -> Network:
    network = selectors.network_public(slug=slug)
    if network is None:
        raise Http404
    return network


@require_GET
def network_detail(request: HttpRequest, slug: str) -> HttpResponse:
    network = _network_or_404(slug)
    coordinating = network.coordinating_institution
    return render(
        request,
        "network/network_detail.html",
        {
            "network": network,
            "members": selectors.network_members(network=network),
            "former_members": selectors.network_former_members(network=network),
            "children": selectors.network_children(network=network),
            "coordinator_contact": coordinating.dual_career_contact if coordinating else None,
            "statement": services.current_version(network),
            "leavable": {
                m.pk for m in selectors.memberships_manageable(user=request.user, network=network)
            },
        },
    )


def _statement_context(request: HttpRequest, network: Network) -> dict:
    versions = list(selectors.statement_versions(network=network))
    current = versions[0] if versions else None
    return {
        "network": network,
        "current": current,
        "earlier": versions[1:],
        "signable": selectors.institutions_that_may_sign(
            user=request.user, network=network, version=current
        ),
        "can_manage": network.pk in permissions.network_ids_coordinated_by(request.user),
        "site_url": settings.SITE_URL,
    }


@require_GET
def statement(request: HttpRequest, slug: str) -> HttpResponse:
    """The joint statement (current version), its signatories and earlier versions."""
    network = _network_or_404(slug)
    return render(request, "network/statement.html", _statement_context(request, network))


@require_GET
def statement_print(request: HttpRequest, slug: str) -> HttpResponse:
    """A print layout of the statement (print or save as PDF from the browser)."""
    network = _network_or_404(slug)
    return render(request, "network/statement_print.html", _statement_context(request, network))


def apply(request: HttpRequest, slug: str) -> HttpResponse:
    """The online application to join the network or to sign its statement."""
    network = _network_or_404(slug)
    initial_kind = request.GET.get("kind", Application.Kind.JOIN)
    if request.method == "POST":
        form = ApplicationForm(request.POST)
        if not allow(
            request, scope="network.apply", limit=APPLY_LIMIT, window_seconds=APPLY_WINDOW
        ):
            form.is_valid()
            form.add_error(
                None,
                _(
                    "Too many applications were sent from your connection. "
                    "Please try again in an hour."
                ),
            )
            return render(
                request, "network/apply.html", {"network": network, "form": form}, status=429
            )
        if form.is_spam():
            # Look like success so the bot learns nothing; nothing is stored.
            return redirect("network:apply_done", slug=network.slug)
        if form.is_valid():
            data = {
                name: form.cleaned_data[name]
                for name in services.ApplicationInput.__dataclass_fields__
            }
            try:
                # None when the address already has an open application (its owner
                # is told by e-mail): the visitor sees the same page either way.
                services.application_submit(network=network, data=services.ApplicationInput(**data))
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                return redirect("network:apply_done", slug=network.slug)
    else:
        form = ApplicationForm(
            initial={"kind": initial_kind, "contact_language": request.LANGUAGE_CODE}
        )
    return render(request, "network/apply.html", {"network": network, "form": form})


@require_GET
def apply_done(request: HttpRequest, slug: str) -> HttpResponse:
    network = _network_or_404(slug)
    return render(request, "network/apply_done.html", {"network": network})


def application_reply(request: HttpRequest, token: str) -> HttpResponse:
    """The applicant answers the coordinator's question (reached by the secret link).

    The link serves once, while a question waits and until it expires; an
    unknown, used or expired link gets a page that says so (404 or 410).
    """
    application = selectors.application_by_token(token=token)
    if application is None or not application.reply_link_is_valid:
        return render(
            request,
            "network/application_reply_invalid.html",
            status=404 if application is None else 410,
        )
    question = selectors.application_question(application=application)
    form = ApplicationAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_answer(application=application, answer=form.cleaned_data["answer"])
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            return render(request, "network/application_reply_done.html")
    return render(
        request,
        "network/application_reply.html",
        {"application": application, "question": question, "form": form},
    )
