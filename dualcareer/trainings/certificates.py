"""The certificate of attendance as PDF (reportlab), with its verification code."""

from __future__ import annotations

import io

from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.pdfgen import canvas

from dualcareer.trainings.models import Registration


def _dates(registration: Registration) -> str:
    days = []
    for session in registration.training.session_list():
        day = formats.date_format(timezone.localtime(session.starts_at), "DATE_FORMAT")
        if day not in days:
            days.append(day)
    return ", ".join(days)


def certificate_pdf(registration: Registration, *, language: str) -> bytes:
    """Render the certificate of an attendee (the caller checks who may download it)."""
    training = registration.training
    buffer = io.BytesIO()
    with translation.override(language):
        pdf = canvas.Canvas(buffer, pagesize=A4)
        pdf.setTitle(_("Certificate of attendance"))
        pdf.setAuthor(str(training.network))
        width, height = A4
        y = height - 4 * cm
        pdf.setFont("Helvetica-Bold", 22)
        pdf.drawCentredString(width / 2, y, _("Certificate of attendance"))
        y -= 2 * cm
        pdf.setFont("Helvetica", 12)
        pdf.drawCentredString(width / 2, y, _("This is to certify that"))
        y -= 1.2 * cm
        pdf.setFont("Helvetica-Bold", 16)
        pdf.drawCentredString(width / 2, y, registration.name)
        y -= 1.2 * cm
        pdf.setFont("Helvetica", 12)
        pdf.drawCentredString(width / 2, y, _("attended the training"))
        y -= 1.2 * cm
        pdf.setFont("Helvetica-Bold", 14)
        pdf.drawCentredString(width / 2, y, training.title[:90])
        y -= 1.5 * cm
        pdf.setFont("Helvetica", 12)
        lines = [
            _("Dates: %(dates)s") % {"dates": _dates(registration)},
            _("Duration: %(hours)s hours") % {"hours": formats.number_format(training.hours, 2)},
            _("Organised by: %(network)s") % {"network": training.network},
        ]
        if training.trainer:
            lines.append(_("Trainer: %(trainer)s") % {"trainer": training.trainer})
        for line in lines:
            pdf.drawCentredString(width / 2, y, line)
            y -= 0.8 * cm
        y -= 1.5 * cm
        pdf.setFont("Helvetica", 10)
        verify = settings.SITE_URL + reverse("trainings:verify")
        pdf.drawCentredString(
            width / 2,
            y,
            _("Verification code: %(code)s") % {"code": registration.certificate_code},
        )
        y -= 0.6 * cm
        pdf.drawCentredString(width / 2, y, _("Check it at %(url)s") % {"url": verify})
        pdf.showPage()
        pdf.save()
    return buffer.getvalue()
