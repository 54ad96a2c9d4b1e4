"""The tables the statistics pages, downloads and the annual report show, and their downloads.

A table holds only what may be shown: its cells are already protected
(`suppression`), so a download or a chart cannot leak more than the page.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from dualcareer.statistics.suppression import Cell


@dataclass
class Text:
    """A figure that is not a count (a share, a median): shown as `display`, charted as `number`."""

    display: str
    number: float | None = None

    @property
    def hidden(self) -> bool:
        return self.number is None and self.display in {"< 5", "x"}

    @property
    def value(self) -> float | None:
        return self.number


@dataclass
class Row:
    label: str
    cells: list[Any]
    is_total: bool = False


@dataclass
class Table:
    """One table: `columns` head the cells of each row; `chart` says how to draw it."""

    key: str
    group: str
    title: str
    description: str
    row_header: str
    columns: list[str]
    rows: list[Row] = field(default_factory=list)
    chart: str = "bar"  # "bar", "line" or "box"
    # which columns the chart draws (as series); for a box plot the columns of
    # minimum, lower quartile, median, upper quartile, maximum
    chart_columns: list[int] = field(default_factory=list)
    unit: str = ""

    @property
    def has_hidden(self) -> bool:
        return any(getattr(cell, "hidden", False) for row in self.rows for cell in row.cells)

    def chart_rows(self) -> list[Row]:
        return [row for row in self.rows if not row.is_total]

    def number(self, row: Row, column: int) -> float | None:
        """The value of a cell for a chart, None if it is withheld."""
        cell = row.cells[column]
        if getattr(cell, "hidden", False):
            return None
        value = cell.value
        return float(value) if value is not None else None


def _plain(cell: Any) -> Any:
    """A cell as a spreadsheet value: the number if shown, else its marker ("< 5", "x")."""
    if isinstance(cell, Cell):
        return cell.display if cell.hidden else cell.value
    if isinstance(cell, Text):
        return cell.number if cell.number is not None else cell.display
    return cell


def as_csv(table: Table) -> str:
    """The table as CSV text (UTF-8 with BOM for spreadsheet programs, semicolon-separated)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";")
    writer.writerow([table.title])
    writer.writerow([table.row_header, *table.columns])
    for row in table.rows:
        writer.writerow([row.label, *[_csv_value(cell) for cell in row.cells]])
    return out.getvalue()


def _csv_value(cell: Any) -> str:
    if isinstance(cell, Cell | Text):
        return cell.display
    return str(cell)


def as_xlsx(table: Table) -> bytes:
    """The table as an Excel workbook: numbers as numbers, withheld figures as their marker."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = table.key[:31]
    sheet.append([table.title])
    sheet["A1"].font = Font(bold=True)
    sheet.append([table.row_header, *table.columns])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append([row.label, *[_plain(cell) for cell in row.cells]])
    sheet.column_dimensions["A"].width = 40
    # fixed metadata: the same table gives the same workbook
    workbook.properties.creator = "dualcareer"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
