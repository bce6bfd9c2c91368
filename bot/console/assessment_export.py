"""The assessment as files a street office forwards: CSV (UTF-8 with a byte-order mark, so
spreadsheet programs read the Chinese) and XLSX (openpyxl, write-only: rows are streamed).

Layout: a title line, the weights, a blank line, then one table per level (heading row,
ranked rows); the XLSX has one sheet per level with the same title lines.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from bot.console.assessment import Assessment
from bot.console.scorecard_table import COLUMNS, headings, text_rows, title, weights_line


def to_csv(assessment: Assessment, t: Mapping[str, str], where: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([title(assessment, t, where)])
    writer.writerow([weights_line(assessment, t)])
    for level, cards in assessment.cards.items():
        writer.writerow([])
        writer.writerow([t["level_" + level]])
        writer.writerow(headings(t))
        writer.writerows(text_rows(cards))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(assessment: Assessment, t: Mapping[str, str], where: str) -> bytes:
    book = Workbook(write_only=True)
    bold = Font(bold=True)
    for level, cards in assessment.cards.items():
        sheet: WriteOnlyWorksheet = book.create_sheet(t["level_" + level][:31])
        heading = WriteOnlyCell(sheet, value=title(assessment, t, where))
        heading.font = Font(bold=True, size=14)
        sheet.append([heading])
        sheet.append([weights_line(assessment, t)])
        sheet.append([])
        header = []
        for text in headings(t):
            cell = WriteOnlyCell(sheet, value=text)
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        for card in cards:
            row = []
            for column in COLUMNS:
                value = column.value(card)
                cell = WriteOnlyCell(sheet, value=value)
                if column.kind == "share" and value is not None:
                    cell.number_format = "0.0%"
                elif column.kind == "score" and value is not None:
                    cell.number_format = "0.0"
                row.append(cell)
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
