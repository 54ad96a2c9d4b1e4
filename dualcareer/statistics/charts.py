"""Charts as server-rendered SVG: bar, line and box plot, drawn from a protected table.

Each chart is an image with a title and a description (`role="img"`,
`aria-labelledby`); the page shows the same numbers as a table beside it.
A withheld figure is not drawn (its bar is missing, its line has a gap) and
the description says so.
"""

from __future__ import annotations

import math

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from dualcareer.statistics.tables import Table

# Colours with at least 3:1 contrast against white (WCAG 1.4.11), told apart by pattern too.
COLOURS = ("#1f5fa8", "#b3471d", "#2d7d46", "#6b3fa0")
WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 84


def nice_max(value: float) -> float:
    """A round upper end for the axis (1, 2, 2.5 or 5 times a power of ten)."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power


def ticks(top: float, count: int = 5) -> list[float]:
    return [top * i / count for i in range(count + 1)]


def _fmt(value: float) -> str:
    return f"{value:.0f}" if value == int(value) else f"{value:.1f}"


def _frame(table: Table, body: list[str], ident: str, top: float, legend: list[str]) -> SafeString:
    title_id, desc_id = f"{ident}-title", f"{ident}-desc"
    hidden = _(" Figures from fewer than 5 cases are not drawn.") if table.has_hidden else ""
    unit = f" ({table.unit})" if table.unit else ""
    see_table = _("The numbers are in the table below the chart.")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" aria-labelledby="{title_id} {desc_id}" '
        f'focusable="false">',
        f'<title id="{title_id}">{escape(table.title)}{escape(unit)}</title>',
        f'<desc id="{desc_id}">{escape(table.description)}{escape(hidden)} '
        f"{escape(see_table)}</desc>",
    ]
    plot_h = HEIGHT - TOP - BOTTOM
    for value in ticks(top):
        y = TOP + plot_h - plot_h * value / top
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#d0d0d0"/>'
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="12" '
            f'fill="#333">{_fmt(value)}</text>'
        )
    parts += body
    for index, label in enumerate(legend):
        x = LEFT + index * 180
        parts.append(
            f'<rect x="{x}" y="{HEIGHT - 18}" width="12" height="12" '
            f'fill="{COLOURS[index % len(COLOURS)]}"/>'
            f'<text x="{x + 16}" y="{HEIGHT - 8}" font-size="12" fill="#222">'
            f"{escape(label[:24])}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def _short(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "\u2026"


def _label(x: float, text: str, crowded: bool = False) -> str:
    """A category's name under the axis; slanted (and shorter) where many stand side by side."""
    y = HEIGHT - BOTTOM + 16
    if crowded:
        return (
            f'<text x="{x:.1f}" y="{y}" text-anchor="end" font-size="11" fill="#222" '
            f'transform="rotate(-30 {x:.1f} {y})">{escape(_short(text, 14))}</text>'
        )
    return (
        f'<text x="{x:.1f}" y="{y}" text-anchor="middle" font-size="12" fill="#222">'
        f"{escape(_short(text, 18))}</text>"
    )


def bar(table: Table, ident: str) -> SafeString:
    rows = table.chart_rows()
    series = table.chart_columns
    values = [[table.number(row, c) for c in series] for row in rows]
    top = nice_max(max((v for vs in values for v in vs if v is not None), default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(rows), 1)
    bar_w = min(40.0, slot * 0.8 / max(len(series), 1))
    body = []
    for r, row in enumerate(rows):
        start = LEFT + r * slot + (slot - bar_w * len(series)) / 2
        for s, value in enumerate(values[r]):
            if value is None:
                continue
            h = plot_h * value / top
            body.append(
                f'<rect x="{start + s * bar_w:.1f}" y="{TOP + plot_h - h:.1f}" '
                f'width="{bar_w - 2:.1f}" height="{h:.1f}" fill="{COLOURS[s % len(COLOURS)]}"/>'
            )
        body.append(_label(LEFT + r * slot + slot / 2, row.label, crowded=len(rows) > 5))
    return _frame(table, body, ident, top, [table.columns[c] for c in series])


def line(table: Table, ident: str) -> SafeString:
    rows = table.chart_rows()
    series = table.chart_columns
    values = [[table.number(row, c) for row in rows] for c in series]
    top = nice_max(max((v for vs in values for v in vs if v is not None), default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(rows), 1)
    body = [_label(LEFT + i * step + step / 2, row.label) for i, row in enumerate(rows)]
    for s, vs in enumerate(values):
        colour = COLOURS[s % len(COLOURS)]
        points: list[str] = []
        for i, value in enumerate(vs):
            if value is None:  # a gap where a figure is withheld
                if len(points) > 1:
                    body.append(_polyline(points, colour, s))
                points = []
                continue
            x, y = LEFT + i * step + step / 2, TOP + plot_h - plot_h * value / top
            points.append(f"{x:.1f},{y:.1f}")
            body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>')
        if len(points) > 1:
            body.append(_polyline(points, colour, s))
    return _frame(table, body, ident, top, [table.columns[c] for c in series])


def _polyline(points: list[str], colour: str, index: int) -> str:
    dash = ' stroke-dasharray="6 3"' if index % 2 else ""
    return (
        f'<polyline points="{" ".join(points)}" fill="none" stroke="{colour}" '
        f'stroke-width="2.5"{dash}/>'
    )


def box(table: Table, ident: str) -> SafeString:
    rows = table.chart_rows()
    stats = [[table.number(row, c) for c in table.chart_columns] for row in rows]
    top = nice_max(max((v for vs in stats for v in vs if v is not None), default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(rows), 1)
    body = []

    def y(value: float) -> float:
        return TOP + plot_h - plot_h * value / top

    for r, row in enumerate(rows):
        centre = LEFT + r * slot + slot / 2
        body.append(_label(centre, row.label))
        values = stats[r]
        if any(v is None for v in values):
            continue
        low, q1, median, q3, high = (float(v) for v in values if v is not None)
        colour = COLOURS[r % len(COLOURS)]
        half = min(40.0, slot / 4)
        body.append(
            f'<line x1="{centre:.1f}" x2="{centre:.1f}" y1="{y(high):.1f}" y2="{y(low):.1f}" '
            f'stroke="#222" stroke-width="1.5"/>'
            f'<line x1="{centre - half / 2:.1f}" x2="{centre + half / 2:.1f}" y1="{y(high):.1f}" '
            f'y2="{y(high):.1f}" stroke="#222" stroke-width="1.5"/>'
            f'<line x1="{centre - half / 2:.1f}" x2="{centre + half / 2:.1f}" y1="{y(low):.1f}" '
            f'y2="{y(low):.1f}" stroke="#222" stroke-width="1.5"/>'
            f'<rect x="{centre - half:.1f}" y="{y(q3):.1f}" width="{2 * half:.1f}" '
            f'height="{max(y(q1) - y(q3), 1):.1f}" fill="#ffffff" stroke="{colour}" '
            f'stroke-width="2.5"/>'
            f'<line x1="{centre - half:.1f}" x2="{centre + half:.1f}" y1="{y(median):.1f}" '
            f'y2="{y(median):.1f}" stroke="{colour}" stroke-width="4"/>'
        )
    return _frame(table, body, ident, top, [])


def svg(table: Table, ident: str | None = None) -> SafeString:
    """The table's chart as inline SVG (an accessible image)."""
    ident = ident or f"chart-{table.key}"
    drawer = {"bar": bar, "line": line, "box": box}[table.chart]
    return drawer(table, ident)
