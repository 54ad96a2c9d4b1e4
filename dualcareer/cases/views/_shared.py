"""Pages the officer and the partner share: the profile form, the CV download, the export."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from dualcareer.cases import gdpr, services
from dualcareer.cases.forms import ProfileForm
from dualcareer.core import locking, sections
from dualcareer.core.views import apply_validation_error


def profile_form_page(request: HttpRequest, case: Any, *, back_url_name: str) -> HttpResponse:
    """The profile form, shared by the partner's self-service and the officer."""
    profile = case.profile
    form = ProfileForm(
        request.POST or None, request.FILES or None, initial=ProfileForm.initial_from(profile)
    )
    # The officer and the partner (or two officers) saving at once: a conflict.
    locking.add_version_field(form, profile)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                locking.lock_unchanged(profile, locking.submitted_version(form))
                services.profile_update(
                    case=case,
                    actor=request.user,
                    data=form.profile_data(),
                    cv=form.cleaned_data.get("cv") or None,
                    remove_cv=form.cleaned_data.get("remove_cv", False),
                )
        except locking.EditConflict as conflict:
            locking.show_conflict(form, conflict)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The profile was saved."))
            if back_url_name == "cases:detail":
                return redirect(back_url_name, public_id=case.public_id)
            return redirect(back_url_name)
    return render(
        request,
        "cases/profile_form.html",
        {
            "form": form,
            "case": case,
            "profile": profile,
            "is_partner": back_url_name != "cases:detail",
            "preview": sections.sections_for("profile.preview", request, case),
        },
    )


def cv_response(profile: Any) -> FileResponse:
    if not profile.cv:
        raise Http404
    name = "cv.docx" if profile.cv.name.endswith(".docx") else "cv.pdf"
    response = FileResponse(profile.cv.open("rb"), as_attachment=True, filename=name)
    response["Cache-Control"] = "private, no-store"
    return response


def export_response(
    request: HttpRequest, data: dict[str, Any], *, as_json: bool, case: Any
) -> HttpResponse:
    if as_json:
        response = JsonResponse(data, json_dumps_params={"indent": 2, "ensure_ascii": False})
        response["Content-Disposition"] = f'attachment; filename="case-{case.reference}.json"'
        response["Cache-Control"] = "private, no-store"
        return response
    return render(
        request,
        "cases/export.html",
        {
            "data": data,
            "case": case,
            "sections": gdpr.readable_export(data),
        },
    )


def export_pdf_response(data: dict[str, Any], *, case: Any) -> HttpResponse:
    """The readable export as a PDF download, in the active language."""
    pdf = gdpr.readable_export_pdf(
        sections=gdpr.readable_export(data),
        title=_("Your data at the Dual Career Service"),
        subtitle=_("Access under GDPR Art. 15. The machine-readable file contains the same data."),
        reference=case.reference,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="case-{case.reference}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
