"""The annual report as PDF (reportlab): cover, key figures, charts, trainings, new members.

Generated on demand from the same protected tables as the pages, and
reproducible: `invariant=1` fixes the creation date and the document ID, and
nothing else in it depends on the clock, so the same data and year give the
same bytes. The fonts are the Vera fonts that reportlab ships (umlauts, ß).
"""

from __future__ import annotations

import io
import os
from dataclasses import replace
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from dualcareer.statistics import selectors
from dualcareer.statistics.models import FigureGroup
from dualcareer.statistics.selectors import Scope
from dualcareer.statistics.tables import Table

FONT = "DCStatVera"
FONT_BOLD = "DCStatVera-Bold"
COLOURS = ("#1f5fa8", "#b3471d", "#2d7d46", "#6b3fa0")
TREND_YEARS = 5
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


def _esc(text: Any) -> str:
    from xml.sax.saxutils import escape

    return escape(str(text))


def _total(table: Table | None, row_label: str | None = None) -> list[str]:
    """The displayed figures of a table's total row (or of the row named `row_label`)."""
    if table is None:
        return []
    for row in table.rows:
        if (row_label is None and row.is_total) or row.label == row_label:
            return [cell.display for cell in row.cells]
    return []


def key_figures(scope: Scope, tables: dict[str, Table]) -> list[tuple[str, list[str]]]:
    """The report's key figures: (label, one figure per series)."""
    figures: list[tuple[str, list[str]]] = []
    step = 2  # tables with shares have a count and a share per series

    def counts(values: list[str], with_shares: bool) -> list[str]:
        return values[::step] if with_shares else values

    if "cases_by_year" in tables:
        figures.append((_("Cases opened"), _total(tables["cases_by_year"])))
    if "case_kinds" in tables:
        for _code, name in (("recruitment", _("Recruitment")), ("retention", _("Retention"))):
            values = _total(tables["case_kinds"], str(name))
            figures.append((str(name), counts(values, True)))
    if "outcomes" in tables:
        figures.append((_("Cases closed"), counts(_total(tables["outcomes"]), True)))
    if "time_to_outcome" in tables:
        medians = [row.cells[3].display for row in tables["time_to_outcome"].rows]
        figures.append((_("Median days to outcome"), medians))
    if "introductions" in tables:
        figures.append((_("Introductions"), counts(_total(tables["introductions"]), True)))
    if "trainings" in tables:
        figures.append((_("Trainings held"), [_total(tables["trainings"])[0]]))
    return figures


def _drawing(table: Table, width: float) -> Any:
    """The table's chart with reportlab graphics (bar, line or box, as on the page)."""
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.charts.legends import Legend
    from reportlab.graphics.charts.linecharts import HorizontalLineChart
    from reportlab.graphics.shapes import Drawing, Line, Rect, String
    from reportlab.lib import colors

    from dualcareer.statistics.charts import nice_max

    height = 170.0
    drawing = Drawing(width, height)
    rows = table.chart_rows()
    if table.chart == "box":
        stats = [[table.number(row, c) for c in table.chart_columns] for row in rows]
        top = nice_max(max((v for vs in stats for v in vs if v is not None), default=0))
        left, bottom, plot_h = 50.0, 25.0, height - 40
        slot = (width - left) / max(len(rows), 1)
        for i in range(6):
            y = bottom + plot_h * i / 5
            drawing.add(Line(left, y, width, y, strokeColor=colors.lightgrey))
            drawing.add(
                String(
                    left - 4,
                    y - 3,
                    f"{top * i / 5:.0f}",
                    fontName=FONT,
                    fontSize=7,
                    textAnchor="end",
                )
            )
        for r, row in enumerate(rows):
            centre = left + r * slot + slot / 2
            drawing.add(
                String(centre, 8, row.label[:30], fontName=FONT, fontSize=8, textAnchor="middle")
            )
            values = stats[r]
            if any(v is None for v in values):
                continue
            low, q1, median, q3, high = (bottom + plot_h * float(v or 0) / top for v in values)
            colour = colors.HexColor(COLOURS[r % len(COLOURS)])
            drawing.add(Line(centre, low, centre, high, strokeWidth=1))
            drawing.add(
                Rect(
                    centre - 25,
                    q1,
                    50,
                    max(q3 - q1, 1),
                    fillColor=colors.white,
                    strokeColor=colour,
                    strokeWidth=2,
                )
            )
            drawing.add(
                Line(centre - 25, median, centre + 25, median, strokeColor=colour, strokeWidth=3)
            )
            drawing.add(Line(centre - 10, low, centre + 10, low))
            drawing.add(Line(centre - 10, high, centre + 10, high))
        return drawing
    series = [[table.number(row, c) for row in rows] for c in table.chart_columns]
    chart: Any = HorizontalLineChart() if table.chart == "line" else VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 40, 40, width - 60, height - 55
    chart.data = series
    chart.categoryAxis.categoryNames = [row.label[:14] for row in rows]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    top = max((v for vs in series for v in vs if v is not None), default=0)
    chart.valueAxis.valueMax = nice_max(top)
    chart.valueAxis.valueStep = nice_max(top) / 5
    for index in range(len(series)):
        colour = colors.HexColor(COLOURS[index % len(COLOURS)])
        if table.chart == "line":
            chart.lines[index].strokeColor = colour
            chart.lines[index].strokeWidth = 2
        else:
            chart.bars[index].fillColor = colour
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = 40, 12
    legend.fontName, legend.fontSize = FONT, 7
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = 150
    legend.colorNamePairs = [
        (colors.HexColor(COLOURS[i % len(COLOURS)]), table.columns[c][:30])
        for i, c in enumerate(table.chart_columns)
    ]
    drawing.add(legend)
    return drawing


def render(*, scope: Scope, language: str = "de") -> bytes:
    """The annual report of `scope.year_to` for the scope's network (or institution) as PDF."""
    with translation.override(language):
        return _render(scope, language)


def _render(scope: Scope, language: str) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, PageBreak, Paragraph, SimpleDocTemplate, Spacer
    from reportlab.platypus import Table as PdfTable

    _register_fonts()
    year = scope.year_to
    scope = replace(scope, year_from=year, groups=list(FigureGroup.values))
    base = ParagraphStyle("base", fontName=FONT, fontSize=9.5, leading=12.5)
    h1 = ParagraphStyle("h1", parent=base, fontName=FONT_BOLD, fontSize=24, leading=30)
    h2 = ParagraphStyle(
        "h2", parent=base, fontName=FONT_BOLD, fontSize=14, leading=18, spaceBefore=10, spaceAfter=4
    )
    small = ParagraphStyle("small", parent=base, fontSize=8, leading=10)
    subject = scope.institution.display_name if scope.institution else scope.network.display_name
    title = _("Annual report %(year)s") % {"year": year}
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=f"{title} \u2013 {subject}",
        author=scope.network.display_name,
        subject=_("Dual Career statistics"),
        creator="dualcareer",
        lang=language,
        invariant=1,
    )
    tables = {table.key: table for table in selectors.tables_for(scope)}
    trend = selectors.cases_by_year(replace(scope, year_from=year - TREND_YEARS + 1))
    new_members = selectors.new_members(network=scope.network, year=year)
    story: list[Any] = [
        Spacer(1, 60 * mm),
        Paragraph(_esc(title), h1),
        Spacer(1, 6 * mm),
        Paragraph(_esc(subject), h2),
    ]
    if scope.institution:
        story.append(
            Paragraph(
                _esc(_("against the %(network)s") % {"network": scope.network.display_name}), base
            )
        )
    story += [
        Spacer(1, 10 * mm),
        Paragraph(
            _esc(
                _(
                    'Figures from fewer than 5 cases are shown as "< 5"; "x" marks a figure '
                    "withheld because a figure from fewer than 5 cases could otherwise be "
                    "worked out from it."
                )
            ),
            small,
        ),
        PageBreak(),
        Paragraph(_esc(_("Key figures")), h2),
    ]
    series = [label for label, _id in selectors._series(scope)]
    grid: list[list[Any]] = [["", *series]]
    for label, values in key_figures(scope, tables):
        # network-wide figures (trainings) stand in the network's column
        grid.append([label, *[""] * (len(series) - len(values)), *values])
    grid.append([_("New members"), *[""] * (len(series) - 1), str(len(new_members))])
    story.append(_pdf_table(PdfTable, grid, colors, doc.width))
    for key, table in tables.items():
        if key == "cases_by_year":
            table = trend
        block: list[Any] = [
            Paragraph(_esc(table.title), h2),
            Paragraph(_esc(table.description), small),
            Spacer(1, 3 * mm),
            _drawing(table, doc.width),
            Spacer(1, 3 * mm),
        ]
        rows = [[table.row_header, *table.columns]]
        rows += [[row.label, *[cell.display for cell in row.cells]] for row in table.rows]
        block.append(_pdf_table(PdfTable, rows, colors, doc.width))
        story.append(KeepTogether(block))
    story.append(Paragraph(_esc(_("New members")), h2))
    if new_members:
        for institution in new_members:
            story.append(Paragraph(_esc(institution.display_name), base))
    else:
        story.append(
            Paragraph(_esc(_("No institution joined in %(year)s.") % {"year": year}), base)
        )

    def footer(canvas: Any, document: Any) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 8)
        canvas.drawString(18 * mm, 10 * mm, f"{title} \u00b7 {subject}")
        canvas.drawRightString(A4[0] - 18 * mm, 10 * mm, str(document.page))
        canvas.restoreState()

    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


def _pdf_table(pdf_table: Any, rows: list[list[Any]], colors: Any, width: float) -> Any:
    from reportlab.platypus import TableStyle

    first = min(width * 0.4, 70 * 2.83)
    others = (width - first) / max(len(rows[0]) - 1, 1)
    table = pdf_table(
        [[str(cell)[:40] for cell in row] for row in rows],
        colWidths=[first, *[others] * (len(rows[0]) - 1)],
        repeatRows=1,
    )
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("FONTNAME", (0, 0), (-1, 0), FONT_BOLD),
                ("FONTSIZE", (0, 0), (-1, -1), 7.5),
                ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.lightgrey),
            ]
        )
    )
    return table
