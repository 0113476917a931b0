"""The QR poster of a service point (A4 PDF): printed and put up at the counter, it opens the point's public
survey page on the citizen's phone (issue #14; PermenPANRB 14/2017 asks that the survey reach the service's users).

Public text, always in Bahasa Indonesia (the citizen's language, whatever the staff's UI language), so it is
written here directly; dynamic text is escaped before it reaches reportlab's markup. The code in the URL is the
point's unguessable key: the poster shows nothing else about the agency's data.
"""

import io
from xml.sax.saxutils import escape

from django.conf import settings
from django.urls import reverse
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from pamong.core.indonesian import agency_title
from pamong.letters.qr import qr_drawing

from .models import ServicePoint

AGENCY = ParagraphStyle("agency", fontName="Helvetica-Bold", fontSize=14, leading=18, alignment=TA_CENTER)
TITLE = ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=30, leading=36, alignment=TA_CENTER)
POINT = ParagraphStyle("point", fontName="Helvetica-Bold", fontSize=20, leading=26, alignment=TA_CENTER)
BODY = ParagraphStyle("body", fontName="Helvetica", fontSize=14, leading=20, alignment=TA_CENTER)
SMALL = ParagraphStyle("small", fontName="Helvetica", fontSize=10, leading=13, alignment=TA_CENTER)


def survey_url(point: ServicePoint, request=None) -> str:
    """The absolute address of the point's public survey page (PAMONG_SITE_URL when set, else the request's)."""
    path = reverse("feedback-public:survey", args=[point.code])
    base = (getattr(settings, "PAMONG_SITE_URL", "") or "").rstrip("/")
    if base:
        return f"{base}{path}"
    return request.build_absolute_uri(path) if request is not None else path


def poster_pdf(point: ServicePoint, *, request=None) -> bytes:
    url = survey_url(point, request)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=2 * cm, rightMargin=2 * cm, topMargin=2 * cm,
                                 bottomMargin=2 * cm, title=f"Survei Kepuasan Masyarakat - {point.name}",
                                 author=agency_title(point.pemda))
    qr = qr_drawing(url, size=11 * cm)
    qr.hAlign = "CENTER"
    story = [
        Paragraph(escape(agency_title(point.pemda)), AGENCY),
        Paragraph(escape(point.org_unit.name), SMALL),
        Spacer(1, 0.8 * cm),
        Paragraph("Survei Kepuasan Masyarakat", TITLE),
        Spacer(1, 0.4 * cm),
        Paragraph(escape(point.name), POINT),
        Spacer(1, 0.6 * cm),
        Paragraph("Bagaimana pelayanan kami hari ini? Pindai kode ini dengan kamera ponsel Anda dan isi "
                  "sembilan pertanyaan singkat. Tanpa login, tanpa nama: jawaban Anda anonim.", BODY),
        Spacer(1, 0.6 * cm),
        qr,
        Spacer(1, 0.4 * cm),
        Paragraph(escape(url), SMALL),
        Spacer(1, 0.6 * cm),
        Paragraph("Tidak punya ponsel? Mintalah kuesioner kertas kepada petugas.", SMALL),
        Paragraph("Survei sesuai Peraturan Menteri PANRB Nomor 14 Tahun 2017.", SMALL),
    ]
    document.build(story)
    return buffer.getvalue()
