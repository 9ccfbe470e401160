"""The badge a certified municipality puts on its own website: which certificate it is
about, what it says in each language, and its drawing as SVG (a template of ours) and as
PNG (Pillow, with the fonts the certificate PDF uses).

The badge tells the truth on every view: it is drawn from the certificate's state today,
so when the certificate expires or is revoked it greys out and says so. It is about the
municipality's current valid certificate, else its latest one (expired, revoked or not
yet valid).

A PNG can be "baked" (Open Badges 3.0): the certificate's signed credential in an iTXt
chunk with the keyword `openbadgecredential`; `credential_from_png` reads it back."""

import hashlib
import io
import json
import zlib
from dataclasses import dataclass, field
from functools import lru_cache

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext as _

from . import georgian, notifications
from .i18n import in_language
from .models import Certificate, CertificateState
from .models.certificates import TBILISI, tbilisi_today

# Change when the drawing changes: it is part of the ETag.
DESIGN = "1"
WIDTH, HEIGHT = 240, 80
PNG_SCALE = 2  # a 480×160 PNG, sharp on high-density screens at 240×80
TEXT_X = 16
ICON_CENTRE, ICON_RADIUS = (222, 18), 9
KEYWORD = "openbadgecredential"
FONT_FAMILY = "'Noto Sans', 'Noto Sans Georgian', 'DejaVu Sans', Arial, sans-serif"

COLOURS = {
    CertificateState.VALID: {
        "band": "#1d6b3a",
        "background": "#ffffff",
        "border": "#1d6b3a",
        "accent": "#1d6b3a",
        "text": "#1d1d1b",
    },
    CertificateState.NOT_YET_VALID: {
        "band": "#1c5d7a",
        "background": "#ffffff",
        "border": "#1c5d7a",
        "accent": "#1c5d7a",
        "text": "#1d1d1b",
    },
    # Greyed out: the badge no longer claims a certification.
    CertificateState.EXPIRED: {
        "band": "#8a8a8a",
        "background": "#efefef",
        "border": "#9a9a9a",
        "accent": "#555555",
        "text": "#555555",
    },
    CertificateState.REVOKED: {
        "band": "#8a8a8a",
        "background": "#efefef",
        "border": "#9a9a9a",
        "accent": "#555555",
        "text": "#555555",
    },
}


def choose(certificates, today=None):
    """The certificate a badge is about: the newest valid one, else the latest one."""
    today = today or tbilisi_today()
    certificates = list(certificates)
    valid = [c for c in certificates if c.state(today) == CertificateState.VALID]
    return max(
        valid or certificates, key=lambda c: (c.valid_from, c.created_at, c.pk), default=None
    )


def certificate_of(code, today=None):
    """The certificate the badge of the municipality `code` is about, or None (one query)."""
    certificates = Certificate.objects.filter(municipality__code=code).select_related(
        "municipality", "call"
    )
    return choose(certificates, today)


def year_of(certificate):
    return certificate.call.year if certificate.call_id else certificate.valid_from.year


@dataclass(frozen=True)
class Line:
    """One line of the badge's text, with its font size (px at 240×80) and baseline."""

    text: str
    size: float
    y: float
    colour: str
    bold: bool = False
    fit: float | None = None  # the SVG textLength, when the line is near the width


@dataclass
class Badge:
    """What a municipality's badge shows, in one language."""

    certificate: Certificate
    language: str
    today: object = None
    state: str = field(init=False)

    def __post_init__(self):
        self.today = self.today or tbilisi_today()
        self.state = self.certificate.state(self.today)

    @property
    def municipality(self):
        return self.certificate.municipality

    @property
    def colours(self):
        return COLOURS[self.state]

    def revoked_on(self):
        revoked = self.certificate.revoked_at
        return revoked.astimezone(TBILISI).date() if revoked else None

    def facts(self):
        """Everything drawn, for the ETag: a change of any of them is a new image."""
        c = self.certificate
        return [
            DESIGN,
            self.language,
            self.state,
            c.number,
            year_of(c),
            c.valid_from.isoformat(),
            c.valid_until.isoformat(),
            str(self.revoked_on() or ""),
            c.municipality.name_ka,
            c.municipality.name_en,
        ]

    def texts(self):
        """The badge's words in its language: eyebrow, headline, name, dates, label."""
        c = self.certificate
        with translation.override(self.language):
            year = year_of(c)
            name = in_language(c.municipality, "name", self.language)
            until = {"date": georgian.day_in(c.valid_until, "until", self.language)}
            since = {"date": georgian.day_in(c.valid_from, "from", self.language)}
            starts = {"date": georgian.day_in(c.valid_from, "on", self.language)}
            revoked = {"date": georgian.day_in(self.revoked_on(), "on", self.language)}
            headline, dates, status = {
                CertificateState.VALID: (
                    _("Certified %(year)s"),
                    _("Valid until %(date)s") % until,
                    _("valid until %(date)s") % until,
                ),
                CertificateState.NOT_YET_VALID: (
                    _("Certified %(year)s"),
                    _("Valid from %(date)s") % since,
                    _("not yet valid, valid from %(date)s") % starts,
                ),
                CertificateState.EXPIRED: (
                    _("%(year)s: expired"),
                    _("Was valid until %(date)s") % until,
                    _("expired, it was valid until %(date)s") % until,
                ),
                CertificateState.REVOKED: (
                    _("%(year)s: revoked"),
                    _("Revoked on %(date)s") % revoked,
                    _("revoked on %(date)s") % revoked,
                ),
            }[self.state]
            label = _(
                "%(municipality)s — participatory budgeting certificate %(year)s: %(status)s"
            ) % {"municipality": name, "year": year, "status": status}
            return {
                "eyebrow": _("Participatory budgeting"),
                "headline": headline % {"year": year},
                "name": name,
                "dates": dates,
                "label": label,
            }

    @property
    def label(self):
        """The badge's text alternative: whose certificate, and its state today."""
        return self.texts()["label"]

    def lines(self):
        texts, colours = self.texts(), self.colours
        narrow = ICON_CENTRE[0] - ICON_RADIUS - 6 - TEXT_X  # beside the state icon
        wide = WIDTH - TEXT_X - 8
        return [
            fitted(texts["eyebrow"], 10, 17, colours["accent"], narrow, bold=False),
            fitted(texts["headline"], 15, 36, colours["accent"], narrow, bold=True),
            fitted(texts["name"], 12.5, 54, colours["text"], wide, bold=True),
            fitted(texts["dates"], 10.5, 70, colours["text"], wide, bold=False),
        ]


# The fonts: Noto Sans has no Georgian letters and Noto Sans Georgian no Latin ones, so a
# line is drawn in runs, each in the font of its script.


def is_georgian(character):
    point = ord(character)
    return 0x10A0 <= point <= 0x10FF or 0x1C90 <= point <= 0x1CBF or 0x2D00 <= point <= 0x2D2F


def runs(text):
    """[(georgian: bool, text)]: the line split where the script changes (spaces and
    punctuation go with the Latin font, which has them)."""
    result = []
    for character in text:
        georgian = is_georgian(character)
        if result and result[-1][0] == georgian:
            result[-1][1] += character
        else:
            result.append([georgian, character])
    return [(georgian, part) for georgian, part in result]


@lru_cache(maxsize=32)
def font(georgian, bold, size):
    from PIL import ImageFont

    from .certificates.pdf import FONTS  # the fonts the certificate PDF is set in

    name = ("NotoSansGeorgian" if georgian else "NotoSans") + ("-Bold" if bold else "-Regular")
    return ImageFont.truetype(str(FONTS / f"{name}.ttf"), size)


def text_width(text, size, bold):
    """The width of `text` in px at `size`, measured with our fonts."""
    return sum(font(g, bold, 100).getlength(part) for g, part in runs(text)) * size / 100


def fitted(text, size, y, colour, width, *, bold):
    """A line that fits in `width`: a smaller size (down to 80 %), then cut with "…"."""
    smallest = size * 0.8
    while text_width(text, size, bold) > width and size > smallest:
        size = round(size - 0.5, 1)
    if text_width(text, size, bold) > width:
        while text and text_width(text + "…", size, bold) > width:
            text = text[:-1]
        text = text.rstrip() + "…"
    measured = text_width(text, size, bold)
    fit = round(measured, 1) if measured > 0.85 * width else None
    return Line(text=text, size=size, y=y, colour=colour, bold=bold, fit=fit)


def number(value):
    """A number for SVG attributes, never localised ("10.5", not "10,5")."""
    return f"{value:g}"


def icon(state):
    """The state's mark beside the headline, as SVG path data (a 240×80 viewBox):
    a tick (valid), a clock (not yet valid), a dash (expired), a cross (revoked)."""
    x, y = ICON_CENTRE
    return {
        CertificateState.VALID: [[(x - 4.5, y + 0.5), (x - 1.5, y + 3.5), (x + 4.5, y - 3.5)]],
        CertificateState.NOT_YET_VALID: [[(x, y - 5), (x, y), (x + 3.5, y + 2.5)]],
        CertificateState.EXPIRED: [[(x - 4.5, y), (x + 4.5, y)]],
        CertificateState.REVOKED: [
            [(x - 4, y - 4), (x + 4, y + 4)],
            [(x - 4, y + 4), (x + 4, y - 4)],
        ],
    }[state]


def svg(badge):
    """The badge as an SVG document (text, no script, nothing fetched)."""
    paths = [
        "M" + " L".join(f"{number(px)} {number(py)}" for px, py in stroke)
        for stroke in icon(badge.state)
    ]
    lines = [
        {
            "text": line.text,
            "size": number(line.size),
            "y": number(line.y),
            "colour": line.colour,
            "bold": line.bold,
            "fit": number(line.fit) if line.fit else "",
        }
        for line in badge.lines()
    ]
    context = {
        "badge": badge,
        "label": badge.label,
        "colours": badge.colours,
        "lines": lines,
        "paths": paths,
        "font_family": FONT_FAMILY,
        "x": TEXT_X,
        "icon": {"x": ICON_CENTRE[0], "y": ICON_CENTRE[1], "r": ICON_RADIUS},
    }
    return render_to_string("pbcert_wagtail/badges/badge.svg", context)


def png(badge, credential=None):
    """The badge as a PNG at twice 240×80; with `credential`, baked (an iTXt chunk)."""
    from PIL import Image, ImageDraw, PngImagePlugin

    s = PNG_SCALE
    colours = badge.colours
    image = Image.new("RGB", (WIDTH * s, HEIGHT * s), "#ffffff")
    draw = ImageDraw.Draw(image)
    box = (0, 0, WIDTH * s - 1, HEIGHT * s - 1)
    draw.rounded_rectangle(box, radius=6 * s, fill=colours["band"])
    draw.rounded_rectangle((6 * s, 0, box[2], box[3]), radius=6 * s, fill=colours["background"])
    draw.rectangle((6 * s, 0, 18 * s, box[3]), fill=colours["background"])
    draw.rounded_rectangle(box, radius=6 * s, outline=colours["border"], width=s)
    x, y = ICON_CENTRE
    r = ICON_RADIUS
    draw.ellipse(((x - r) * s, (y - r) * s, (x + r) * s, (y + r) * s), fill=colours["accent"])
    for stroke in icon(badge.state):
        points = [(px * s, py * s) for px, py in stroke]
        draw.line(points, fill=colours["background"], width=int(1.8 * s), joint="curve")
    for line in badge.lines():
        position = TEXT_X * s
        for in_georgian, part in runs(line.text):
            face = font(in_georgian, line.bold, line.size * s)
            draw.text((position, line.y * s), part, font=face, fill=line.colour, anchor="ls")
            position += face.getlength(part)
    info = PngImagePlugin.PngInfo()
    info.add_text("Title", badge.label)
    if credential is not None:
        info.add_itxt(KEYWORD, json.dumps(credential, ensure_ascii=False), zip=False)
    out = io.BytesIO()
    image.save(out, "PNG", pnginfo=info, optimize=True)
    return out.getvalue()


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_CREDENTIAL = 1_000_000  # bytes of credential text read back, at most


def baked_text(data):
    """The text of the first `openbadgecredential` iTXt chunk of PNG bytes, or None. The
    chunks are read as they are (no pixel is decoded), so any input is safe to give."""
    if not data.startswith(PNG_SIGNATURE):
        return None
    position = len(PNG_SIGNATURE)
    while position + 8 <= len(data):
        length = int.from_bytes(data[position : position + 4], "big")
        kind = data[position + 4 : position + 8]
        chunk = data[position + 8 : position + 8 + length]
        position += 12 + length  # length, type, data, CRC
        if kind == b"IEND" or len(chunk) < length:
            return None
        if kind != b"iTXt" or not chunk.startswith(KEYWORD.encode() + b"\0"):
            continue
        rest = chunk[len(KEYWORD) + 1 :]
        if len(rest) < 2:
            return None
        compressed, rest = rest[0], rest[2:]
        parts = rest.split(b"\0", 2)  # language, translated keyword, text
        if len(parts) != 3:
            return None
        text = parts[2]
        if compressed:
            inflater = zlib.decompressobj()
            try:
                text = inflater.decompress(text, MAX_CREDENTIAL + 1)
            except zlib.error:
                return None
        if len(text) > MAX_CREDENTIAL:
            return None
        try:
            return text.decode()
        except UnicodeDecodeError:
            return None
    return None


def credential_from_png(data):
    """The credential baked into a PNG (its `openbadgecredential` iTXt chunk), or None."""
    text = baked_text(bytes(data))
    if text is None:
        return None
    try:
        credential = json.loads(text)
    except ValueError:
        return None
    return credential if isinstance(credential, dict) else None


def signed_credential(certificate):
    """The certificate's stored signed credential, or None (not signed yet)."""
    from .credentials.certificate import signed_credential as stored

    return stored(certificate)


def etag(badge, kind, credential=None):
    """A strong ETag over what is drawn (and, baked, the credential carried)."""
    facts = [kind, *map(str, badge.facts())]
    if credential is not None:
        facts.append(json.dumps(credential, sort_keys=True, ensure_ascii=False))
    return '"' + hashlib.sha256("\n".join(facts).encode()).hexdigest()[:32] + '"'


# On the municipality's registry page: the addresses (absolute, from SITE_URL) and the
# HTML to copy.


def absolute(path):
    return notifications.site_url() + path


def embed_alt(municipality, language):
    """The alt text of a copied snippet: true whatever the certificate's state later."""
    with translation.override(language):
        return _("%(municipality)s — participatory budgeting certificate, current status") % {
            "municipality": in_language(municipality, "name", language)
        }


def embed_snippet(municipality, language):
    """The HTML a municipality copies into its website: the badge, linked to its
    permanent registry address (both absolute, in `language`)."""
    from django.urls import reverse

    with translation.override(language):
        registry = absolute(reverse("pbcert:registry_municipality", args=[municipality.code]))
        image = absolute(reverse("pbcert:badge_svg", args=[municipality.code]))
    return format_html(
        '<a href="{}"><img src="{}" alt="{}" width="{}" height="{}"></a>',
        registry,
        image,
        embed_alt(municipality, language),
        WIDTH,
        HEIGHT,
    )
