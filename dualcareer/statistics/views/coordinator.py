"""The coordinator chooses which figure groups the network's public statistics page shows."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from dualcareer.core.views import apply_validation_error, refuse_quietly
from dualcareer.statistics import selectors, services
from dualcareer.statistics.forms import PublicationForm


@login_required
@refuse_quietly
def publication(request: HttpRequest, slug: str) -> HttpResponse:
    network = selectors.network_by_slug(slug)
    if network is None:
        raise Http404
    if not selectors.may_manage_publication(user=request.user, network=network):
        raise PermissionDenied
    form = PublicationForm(
        request.POST or None, initial={"groups": selectors.published_groups(network)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.publication_set(
                network=network, groups=form.cleaned_data["groups"], actor=request.user
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The public statistics page shows the chosen figures."))
            return redirect("statistics:publication", slug=network.slug)
    return render(
        request,
        "statistics/publication.html",
        {"network": network, "form": form},
        status=400 if form.errors else 200,
    )
