"""Small server-rendered SVG charts (no JavaScript): horizontal bars with labels, always shown
beside a table of the same numbers."""

from django.utils.formats import get_format
from django.utils.html import escape
from django.utils.safestring import mark_safe

BAR = 22
GAP = 8
LABEL_WIDTH = 300
CHART_WIDTH = 300
MAX_LABEL = 30  # longer labels are shortened (the table beside the chart has them whole)
COLOURS = ["#0b5cad", "#2e7d32", "#b26a00", "#6a1b9a", "#00838f", "#ad1457", "#4e342e"]


def localised(number_text):
    """A number formatted in Python, with the decimal separator of the page's language."""
    return number_text.replace(".", get_format("DECIMAL_SEPARATOR"))


def bar_chart(rows, maximum=None, title="", value_format="{:g}"):
    """rows: [(label, value or None)]; bars scaled to `maximum` (or the largest value)."""
    values = [float(value) for _label, value in rows if value is not None]
    top = float(maximum) if maximum else (max(values) if values else 1) or 1
    height = len(rows) * (BAR + GAP) + GAP
    width = LABEL_WIDTH + CHART_WIDTH + 60
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="pbcert-chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" style="max-width: 44rem" '
        f'aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    for index, (label, value) in enumerate(rows):
        y = GAP + index * (BAR + GAP)
        text = str(label)
        short = text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1] + "…"
        parts += [
            f'<text x="{LABEL_WIDTH - 8}" y="{y + BAR * 0.7:.1f}" text-anchor="end" '
            f'font-size="13" fill="#1d2433"><title>{escape(text)}</title>{escape(short)}</text>',
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{CHART_WIDTH}" height="{BAR}" fill="#eef1f5"/>',
        ]
        shown = "—" if value is None else localised(value_format.format(float(value)))
        if value is not None:
            length = max(0.0, min(1.0, float(value) / top)) * CHART_WIDTH
            colour = COLOURS[index % len(COLOURS)]
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length:.1f}" height="{BAR}" fill="{colour}"/>'
            )
        parts.append(
            f'<text x="{LABEL_WIDTH + CHART_WIDTH + 6}" y="{y + BAR * 0.7:.1f}" font-size="13" '
            f'fill="#1d2433">{escape(shown)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))
