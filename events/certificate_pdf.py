"""The certificate as an A4 PDF (fpdf2), in the certificate's language, with a QR code (segno)
of its verification link.

fpdf2's built-in Helvetica needs no font files on the server (the production image has none);
it covers Latin-1, which holds Dutch and most European names. Other letters are written
without their accents, and any that remain as '?'.
"""

from __future__ import annotations

import io
import unicodedata

import segno
from django.utils import formats, translation
from django.utils.translation import gettext as _
from fpdf import FPDF

from events.models import Certificate

ACCENT = (31, 78, 121)
WIDTH, HEIGHT = 297, 210  # A4 landscape, in mm


def hours_text(certificate: Certificate) -> str:
    hours = certificate.hours
    places = 0 if hours == hours.to_integral_value() else 1
    number = formats.number_format(hours, decimal_pos=places, use_l10n=True)
    return _("%(hours)s hours") % {"hours": number}


def render_certificate(certificate: Certificate, verification_url: str) -> bytes:
    with translation.override(certificate.language):
        pdf = FPDF(orientation="L", unit="mm", format="A4")
        pdf.set_auto_page_break(False)
        pdf.set_title(_latin(_("Certificate of attendance") + f" {certificate.code}"))
        pdf.set_author(_latin(certificate.organiser))
        pdf.set_lang(certificate.language)
        pdf.add_page()
        pdf.set_draw_color(*ACCENT)
        pdf.set_line_width(1.2)
        pdf.rect(10, 10, WIDTH - 20, HEIGHT - 20)

        _line(pdf, 34, _("Certificate of attendance"), size=30, style="B", color=ACCENT)
        _line(pdf, 58, _("This certifies that"), size=14)
        _line(pdf, 72, certificate.name, size=26, style="B")
        _line(pdf, 90, _("attended"), size=14)
        _line(pdf, 102, certificate.session, size=18, style="B")
        when = formats.date_format(certificate.session_date, "j F Y")
        _line(pdf, 118, f"{when} · {hours_text(certificate)}", size=14)
        if certificate.organiser:
            organiser = _("Organised by %(organiser)s") % {"organiser": certificate.organiser}
            _line(pdf, 130, organiser, size=12)

        pdf.set_text_color(60, 60, 60)
        pdf.set_font("Helvetica", size=10)
        pdf.set_xy(22, 160)
        number = _("Certificate number: %(code)s") % {"code": certificate.code}
        issued = _("Issued on %(date)s") % {
            "date": formats.date_format(certificate.issued_at.date(), "j F Y")
        }
        check = _("Check that it is genuine:")
        pdf.multi_cell(190, 5.5, _latin(f"{number}\n{issued}\n{check}\n{verification_url}"))

        qr = io.BytesIO()
        segno.make(verification_url, error="m").save(qr, kind="png", scale=8, border=2)
        qr.seek(0)
        pdf.image(qr, x=WIDTH - 22 - 36, y=148, w=36, h=36, alt_text=check)
        return bytes(pdf.output())


def _line(pdf: FPDF, y: float, text: str, *, size: int, style: str = "", color=(0, 0, 0)):
    pdf.set_text_color(*color)
    pdf.set_font("Helvetica", style=style, size=size)
    pdf.set_xy(20, y)
    pdf.cell(WIDTH - 40, size * 0.5, _latin(text), align="C")


def _latin(text: str) -> str:
    """The text in Latin-1, which Helvetica covers: accents dropped only where needed."""
    out = []
    for char in text:
        try:
            char.encode("latin-1")
            out.append(char)
        except UnicodeEncodeError:
            plain = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
            out.append(plain or "?")
    return "".join(out)
