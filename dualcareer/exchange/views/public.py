"""Pages without login: a member's contact answers a network request from the signed link."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from dualcareer.core.views import apply_validation_error
from dualcareer.exchange import selectors as xs
from dualcareer.exchange import services as xsvc
from dualcareer.exchange.forms import RequestAnswerForm


@require_http_methods(["GET", "POST"])
def request_answer(request: HttpRequest, token: str) -> HttpResponse:
    """A member's Dual Career contact answers a network request (signed link, no login).

    The link takes one answer while the request is open; afterwards it shows
    the answer given (without the profile), and once the request has ended
    (deadline, case closed or erased, consent withdrawn) only that: 410 Gone.
    """
    recipient = xsvc.recipient_from_token(token)
    if recipient is None:
        raise Http404
    view = xs.request_view_for_contact(recipient)
    if view["state"] == "ended":
        return render(
            request,
            "exchange/request_ended.html",
            {"case_closed": view.get("case_closed", False)},
            status=410,
        )
    if view["state"] == "answered":
        return render(
            request,
            "exchange/request_answered.html",
            {"recipient": recipient},
            status=409 if request.method == "POST" else 200,
        )
    form = RequestAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            xsvc.network_request_answer(
                recipient=recipient,
                answer=form.cleaned_data["answer"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "Thank you: your answer is saved and the e-mail to the Dual Career Service "
                    "is queued."
                ),
            )
            return redirect("exchange:request_answer", token=token)
    xs.request_read_log(recipient)
    return render(
        request,
        "exchange/request_answer.html",
        {
            "recipient": recipient,
            "view": view,
            "rows": xs.profile_rows(view["profile"]),
            "form": form,
        },
    )
