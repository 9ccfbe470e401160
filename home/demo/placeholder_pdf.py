"""A clearly labelled placeholder for the PB standards document."""

import io
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

import pbcert_wagtail

FONTS = Path(pbcert_wagtail.__file__).resolve().parent / "static" / "pbcert_wagtail" / "fonts"

LINES = [
    ("ka", 20, "ნიმუში — ეს არ არის ოფიციალური დოკუმენტი"),
    ("en", 20, "PLACEHOLDER — not the official document"),
    ("ka", 14, "სამოქალაქო ბიუჯეტის სტანდარტები საქართველოში"),
    ("en", 14, "Participatory budgeting standards in Georgia"),
    ("ka", 11, "ამ ფაილის ნაცვლად გამოქვეყნდება სტანდარტების ოფიციალური ტექსტი."),
    ("en", 11, "The official text of the standards will be published in place of this file."),
]


def standards_placeholder_pdf():
    pdfmetrics.registerFont(TTFont("NotoSansGeorgian", str(FONTS / "NotoSansGeorgian-Regular.ttf")))
    pdfmetrics.registerFont(TTFont("NotoSans", str(FONTS / "NotoSans-Regular.ttf")))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle("PLACEHOLDER: PB standards in Georgia")
    y = A4[1] - 90
    for language, size, line in LINES:
        pdf.setFont("NotoSansGeorgian" if language == "ka" else "NotoSans", size)
        pdf.drawString(60, y, line)
        y -= size * 2
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
