"""Pages of the partner: their introductions, where they agree to reveal their name."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from dualcareer.exchange import selectors as xs
from dualcareer.exchange import services as xsvc


@login_required
@require_http_methods(["GET", "POST"])
def my_introductions(request: HttpRequest) -> HttpResponse:
    """The partner's introductions; here they agree (or not) to reveal their name."""
    introductions = xs.introductions_for_partner(user=request.user)
    if not request.user.is_partner:  # type: ignore[union-attr]
        raise PermissionDenied
    if request.method == "POST":
        introduction = xs.introduction_for_partner(
            user=request.user, public_id=request.POST.get("introduction")
        )
        agree = request.POST.get("reveal") == "1"
        try:
            xsvc.introduction_reveal(user=request.user, introduction=introduction, agree=agree)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("The employer can now see your name and contact details.")
                if agree
                else _("Your name stays hidden from the employer."),
            )
        return redirect("exchange:my_introductions")
    return render(request, "exchange/my_introductions.html", {"introductions": introductions})
