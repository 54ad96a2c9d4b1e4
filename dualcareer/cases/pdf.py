"""The partner's readable data export as a PDF (GDPR Art. 15), drawn with reportlab.

Pure Python; the fonts are the Bitstream Vera fonts that reportlab ships
(`reportlab/fonts`), which cover German umlauts and ß (Latin-1 and more), so
no system font is needed. Characters a font lacks are drawn as blanks, never
an error.
"""

from __future__ import annotations

import io
import os
from typing import Any

from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

FONT = "DCVera"
FONT_BOLD = "DCVera-Bold"
_registered = False


def _register_fonts() -> None:
    global _registered
    if _registered:
        return
    import reportlab
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    folder = os.path.join(os.path.dirname(reportlab.__file__), "fonts")
    pdfmetrics.registerFont(TTFont(FONT, os.path.join(folder, "Vera.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, os.path.join(folder, "VeraBd.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD)
    _registered = True


def _escape(text: str) -> str:
    from xml.sax.saxutils import escape

    return escape(text).replace("\n", "<br/>")


def export_pdf(*, sections: list[Any], title: str, subtitle: str, reference: str) -> bytes:
    """Render the sections of `gdpr.readable_export` to PDF bytes (A4, tagged title)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table

    _register_fonts()
    base = ParagraphStyle("base", fontName=FONT, fontSize=9.5, leading=12.5)
    label = ParagraphStyle("label", parent=base, fontName=FONT_BOLD)
    h1 = ParagraphStyle("h1", parent=base, fontName=FONT_BOLD, fontSize=17, leading=21)
    h2 = ParagraphStyle(
        "h2", parent=base, fontName=FONT_BOLD, fontSize=13, leading=16, spaceBefore=10
    )
    h3 = ParagraphStyle("h3", parent=base, fontName=FONT_BOLD, fontSize=10.5, spaceBefore=6)
    buffer = io.BytesIO()
    created = formats.date_format(timezone.localtime(), "DATETIME_FORMAT")
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=title,
        author=_("Dual Career Service"),
        subject=subtitle,
        lang=get_language() or "de",
    )
    width = doc.width
    story: list[Any] = [
        Paragraph(_escape(title), h1),
        Paragraph(_escape(subtitle), base),
        Paragraph(
            _escape(_("Case %(ref)s · created %(when)s") % {"ref": reference, "when": created}),
            base,
        ),
        Spacer(1, 6 * mm),
    ]
    grid = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#bbbbbb")),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
    ]
    for section in sections:
        story.append(Paragraph(_escape(section.title), h2))
        if not section.records:
            story.append(Paragraph("\u2013", base))
            continue
        if section.as_table:
            header = [Paragraph(_escape(lbl), label) for lbl, _v in section.records[0].rows]
            body = [
                [Paragraph(_escape(text), base) for _l, text in record.rows]
                for record in section.records
            ]
            columns = len(header)
            table = Table([header, *body], colWidths=[width / columns] * columns, repeatRows=1)
            table.setStyle(grid)
            story.append(table)
            continue
        for record in section.records:
            rows = [
                [Paragraph(_escape(lbl), label), Paragraph(_escape(text), base)]
                for lbl, text in record.rows
            ]
            table = Table(rows, colWidths=[width * 0.35, width * 0.65])
            table.setStyle(grid)
            parts: list[Any] = [Paragraph(_escape(record.title), h3)] if record.title else []
            story.append(KeepTogether([*parts, table]) if len(rows) < 25 else table)
            story.append(Spacer(1, 2 * mm))
    doc.build(story)
    return buffer.getvalue()
