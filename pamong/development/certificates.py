"""Pamong's own certificate of completion (sertifikat) as PDF, with its public verification QR code.

An official document: always in Bahasa Indonesia, so its text is written here directly and never passed through
gettext; dynamic text is escaped before it reaches reportlab's markup. Built on download from the completed
enrolment (which no longer changes), so nothing is stored; the view records each download.
"""

import io
from xml.sax.saxutils import escape

from django.conf import settings
from django.urls import reverse
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from pamong.core.indonesian import agency_title, indonesian_date, place_name
from pamong.letters.qr import qr_drawing

from . import rules
from .models import Enrolment

TITLE = ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=24, leading=30, alignment=TA_CENTER)
HEAD = ParagraphStyle("head", fontName="Helvetica-Bold", fontSize=12, leading=16, alignment=TA_CENTER)
BODY = ParagraphStyle("body", fontName="Helvetica", fontSize=12, leading=17, alignment=TA_CENTER)
NAME = ParagraphStyle("name", fontName="Helvetica-Bold", fontSize=18, leading=24, alignment=TA_CENTER)
SMALL = ParagraphStyle("small", fontName="Helvetica", fontSize=8, leading=10, alignment=TA_CENTER)


def verification_url(enrolment: Enrolment, request=None) -> str:
    path = reverse("development:certificate-verify", args=[enrolment.verification_code])
    base = (getattr(settings, "PAMONG_SITE_URL", "") or "").rstrip("/")
    if base:
        return f"{base}{path}"
    return request.build_absolute_uri(path) if request is not None else path


def certificate_pdf(enrolment: Enrolment, *, request=None) -> bytes:
    """The certificate of a completed enrolment that Pamong issued (``verification_code`` set)."""
    activity, employee, pemda = enrolment.activity, enrolment.employee, enrolment.activity.pemda
    jp = rules.jp_for(minutes=enrolment.minutes, certificate_jp=enrolment.certificate_jp)
    url = verification_url(enrolment, request)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=landscape(A4), leftMargin=2 * cm, rightMargin=2 * cm,
                                 topMargin=1.5 * cm, bottomMargin=1.5 * cm, title="Sertifikat",
                                 author=escape(agency_title(pemda)))
    dates = indonesian_date(activity.start_date) if activity.start_date else ""
    if activity.end_date and activity.end_date != activity.start_date:
        dates = f"{dates} s.d. {indonesian_date(activity.end_date)}"
    story = [
        Paragraph(escape(agency_title(pemda)), HEAD),
        Spacer(1, 0.6 * cm),
        Paragraph("SERTIFIKAT", TITLE),
        Paragraph(f"Nomor: {escape(enrolment.certificate_number or enrolment.verification_code)}", BODY),
        Spacer(1, 0.8 * cm),
        Paragraph("diberikan kepada", BODY),
        Spacer(1, 0.3 * cm),
        Paragraph(escape(employee.full_name), NAME),
        Paragraph(f"NIP {escape(employee.nip)}", BODY),
        Spacer(1, 0.5 * cm),
        Paragraph("yang telah menyelesaikan", BODY),
        Paragraph(f"<b>{escape(activity.title)}</b>", BODY),
        Paragraph(escape(" · ".join(part for part in (activity.provider, dates) if part)), BODY),
        Paragraph(f"sebanyak <b>{jp} JP</b>", BODY),
        Spacer(1, 0.6 * cm),
        Paragraph(f"{escape(place_name(pemda))}, {indonesian_date(enrolment.completed_on)}", BODY),
        Spacer(1, 0.4 * cm),
        qr_drawing(url, size=2.8 * cm),
        Paragraph(f"Verifikasi keaslian: {escape(url)}", SMALL),
    ]
    story[-2].hAlign = "CENTER"
    document.build(story)
    return buffer.getvalue()
