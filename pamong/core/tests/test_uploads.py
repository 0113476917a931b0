"""One upload check for every context: PDFs with active content however encoded, and sizes enforced while streaming."""

import io
import json
import zlib

import pytest
from django.core.handlers.wsgi import WSGIRequest
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django.utils import translation
from PIL import Image
from pypdf import PdfWriter

from pamong.core.uploads import (
    INVALID_UPLOAD,
    UPLOAD_TOO_LARGE,
    LimitedUploadHandler,
    UploadLimitMiddleware,
    UploadRefused,
    check_pdf,
    check_upload,
)

# --- A hostile PDF corpus, written byte by byte -----------------------------------------------------

CATALOG = b"<< /Type /Catalog /Pages 2 0 R %s >>"
PAGES = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] %s >>"


def raw_pdf(*objects: bytes) -> bytes:
    """A classic PDF (xref table) whose object n is objects[n - 1]."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    start = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, start)
    return bytes(out)


def stream(data: bytes, extra: bytes = b"", *, compress: bool = True) -> bytes:
    body = zlib.compress(data) if compress else data
    flate = b"/Filter /FlateDecode " if compress else b""
    return b"<< %s/Length %d %s>>\nstream\n" % (flate, len(body), extra) + body + b"\nendstream"


def pdf_with_object_stream(hidden: bytes, *, catalog_extra: bytes = b"/OpenAction 4 0 R") -> bytes:
    """PDF 1.5: object 4 lives compressed inside object stream 5; a cross-reference stream (6) finds it."""
    header = b"4 0 "
    packed = header + hidden
    objects = [
        CATALOG % catalog_extra,
        PAGES,
        PAGE % b"",
        None,  # in the object stream
        stream(packed, b"/Type /ObjStm /N 1 /First %d " % len(header)),
    ]
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number, body in enumerate(objects, start=1):
        if body is None:
            continue
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref_number = len(objects) + 1
    offsets[xref_number] = len(out)
    rows = [bytes([0]) + (0).to_bytes(4, "big") + (65535).to_bytes(2, "big")]
    for number in range(1, xref_number + 1):
        if number == 4:
            rows.append(bytes([2]) + (5).to_bytes(4, "big") + (0).to_bytes(2, "big"))
        else:
            rows.append(bytes([1]) + offsets[number].to_bytes(4, "big") + (0).to_bytes(2, "big"))
    data = b"".join(rows)
    out += b"%d 0 obj\n" % xref_number
    out += b"<< /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n" % (xref_number + 1, len(data))
    out += data + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % offsets[xref_number]
    return bytes(out)


def simple(catalog_extra: bytes = b"", page_extra: bytes = b"", *more: bytes) -> bytes:
    return raw_pdf(CATALOG % catalog_extra, PAGES, PAGE % page_extra, *more)


JS_ACTION = b"<< /S /JavaScript /JS (app.alert\\(1\\)) >>"

HOSTILE_PDFS = [
    ("javascript open action", simple(b"/OpenAction 4 0 R", b"", JS_ACTION)),
    ("escaped name J#61vaScript", simple(b"/OpenAction 4 0 R", b"", b"<< /S /J#61vaScript /J#53 (app.alert\\(1\\)) >>")),
    ("fully escaped name", simple(b"/OpenAction 4 0 R", b"", b"<< /S /#4A#61#76#61#53#63#72#69#70#74 /JS (x) >>")),
    ("javascript name tree", simple(b"/Names << /J#61vaScript << /Names [(a) 4 0 R] >> >>", b"", JS_ACTION)),
    ("action inside an object stream", pdf_with_object_stream(JS_ACTION)),
    ("orphan object in an object stream", pdf_with_object_stream(b"<< /S /Launch /F (calc.exe) >>", catalog_extra=b"")),
    ("launch in a compressed stream", simple(b"", b"", stream(b"<< /S /Launch /F (cmd.exe) >>"))),
    ("javascript in a compressed content stream", simple(b"", b"/Contents 4 0 R", stream(b"/JavaScript 1 0 R"))),
    ("launch action", simple(b"/OpenAction << /S /Launch /F (calc.exe) >>")),
    ("open action uri dictionary", simple(b"/OpenAction << /S /URI /URI (http://evil.example) >>")),
    ("page additional actions", simple(b"", b"/AA << /O << /S /URI /URI (http://evil.example) >> >>")),
    ("xfa form", simple(b"/AcroForm << /Fields [] /XFA 4 0 R >>", b"", stream(b"<xdp:xdp/>", compress=False))),
    ("submit form", simple(b"", b"/Annots [4 0 R]",
                           b"<< /Type /Annot /Subtype /Widget /Rect [0 0 9 9] /A << /S /SubmitForm /F (http://x) >> >>")),
    ("import data", simple(b"/OpenAction 4 0 R", b"", b"<< /S /ImportData /F (data.fdf) >>")),
    ("remote go-to", simple(b"", b"/Annots [4 0 R]",
                            b"<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] /A << /S /GoToR /F (x.pdf) /D [0 /Fit] >> >>")),
    ("embedded go-to", simple(b"", b"/Annots [4 0 R]",
                              b"<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] /A << /S /GoToE /T << /R /C >> >> >>")),
    ("rich media", simple(b"", b"/Annots [4 0 R]", b"<< /Type /Annot /Subtype /RichMedia /Rect [0 0 9 9] >>")),
    ("file attachment annotation", simple(b"", b"/Annots [4 0 R]",
                                          b"<< /Type /Annot /Subtype /FileAttachment /Rect [0 0 9 9] "
                                          b"/FS << /Type /Filespec /F (a.exe) /EF << /F 5 0 R >> >> >>",
                                          stream(b"MZ", compress=False))),
    ("embedded file stream", simple(b"", b"", stream(b"MZ payload", b"/Type /EmbeddedFile "))),
]


def _pypdf_pdf(**kwargs) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    if kwargs.get("attachment"):
        writer.add_attachment("payload.exe", b"MZ")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _reportlab_pdf() -> bytes:
    """A realistic clean document: text, a link, an embedded image, several pages, compressed streams."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    image = io.BytesIO()
    Image.effect_noise((300, 300), 90).convert("RGB").save(image, format="PNG")  # noise: arbitrary stream bytes
    image.seek(0)
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pageCompression=1)
    for page in range(3):
        pdf.drawString(72, 720, f"Surat Keputusan halaman {page + 1} /JavaScript is only text here")
        pdf.drawImage(ImageReader(image), 72, 300, width=300, height=300)
        pdf.linkURL("https://jdih.example.go.id", (72, 700, 200, 730))
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


CLEAN_PDFS = [
    ("pypdf blank page", _pypdf_pdf()),
    ("reportlab with image and link", _reportlab_pdf()),
    ("open action destination", simple(b"/OpenAction [3 0 R /Fit]")),
    ("uri link annotation", simple(b"", b"/Annots [4 0 R]",
                                   b"<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] /A << /S /URI /URI (https://x.id) >> >>")),
    ("clean object stream", pdf_with_object_stream(b"<< /Producer (Pamong) >>", catalog_extra=b"")),
]


@pytest.mark.parametrize("content", [c for _, c in HOSTILE_PDFS], ids=[label for label, _ in HOSTILE_PDFS])
def test_pdfs_with_active_content_are_refused_however_encoded(content):
    with translation.override("en"), pytest.raises(UploadRefused) as refused:
        check_upload("sk.pdf", content)
    assert refused.value.code == INVALID_UPLOAD
    assert refused.value.field_errors == {"file": [refused.value.message]}
    assert refused.value.message == "PDF files with scripts, actions, forms or embedded files are not accepted."


@pytest.mark.parametrize("content", [c for _, c in CLEAN_PDFS], ids=[label for label, _ in CLEAN_PDFS])
def test_clean_pdfs_pass(content):
    checked = check_upload("SK Kenaikan Pangkat.pdf", content)
    assert checked.content_type == "application/pdf"
    assert len(checked.sha256) == 64


def test_hidden_content_is_invisible_to_a_byte_search_but_found_by_parsing():
    """The old check searched the raw bytes; these files would have passed it."""
    for label in ("action inside an object stream", "launch in a compressed stream",
                  "javascript in a compressed content stream", "escaped name J#61vaScript"):
        content = dict(HOSTILE_PDFS)[label]
        assert b"/JavaScript" not in content, label
        assert b"/Launch" not in content, label
        with pytest.raises(UploadRefused):
            check_pdf(content)


def test_an_object_stream_pdf_is_really_read_through_its_cross_reference_stream():
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf_with_object_stream(JS_ACTION)))
    assert 4 in reader.xref_objStm
    assert reader.trailer["/Root"]["/OpenAction"]["/S"] == "/JavaScript"


def test_a_pdf_with_an_attachment_written_by_pypdf_is_refused():
    with pytest.raises(UploadRefused):
        check_upload("x.pdf", _pypdf_pdf(attachment=True))


# --- Size limits while streaming -------------------------------------------------------------------


class CountingStream(io.BytesIO):
    """A request body that counts how much of it the server read."""

    consumed = 0

    def read(self, size=-1):
        data = super().read(size)
        self.consumed += len(data)
        return data

    def readline(self, size=-1):
        data = super().readline(size)
        self.consumed += len(data)
        return data


def _multipart_request(path: str, file_size: int) -> tuple[WSGIRequest, CountingStream]:
    boundary = "pamongboundary"
    body = (
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.pdf\"\r\n"
        f"Content-Type: application/pdf\r\n\r\n"
    ).encode() + b"%PDF-1.7\n" + b"0" * file_size + f"\r\n--{boundary}--\r\n".encode()
    stream_ = CountingStream(body)
    request = RequestFactory().generic("POST", path)
    request.environ["CONTENT_TYPE"] = f"multipart/form-data; boundary={boundary}"
    request.environ["wsgi.input"] = stream_
    request.environ["CONTENT_LENGTH"] = str(len(body))
    request = WSGIRequest(request.environ)
    return request, stream_


def _never_called(request):  # pragma: no cover - the point is that it is not reached
    raise AssertionError("the view must not run for an oversize upload")


@override_settings(PAMONG_UPLOAD_MAX_BYTES=1024 * 1024, PAMONG_UPLOAD_MAX_REQUEST_BYTES=20 * 1024 * 1024)
def test_an_oversize_upload_is_refused_without_reading_it_all():
    request, body = _multipart_request("/leave/apply/", 8 * 1024 * 1024)

    response = UploadLimitMiddleware(_never_called)(request)

    assert response.status_code == 413
    assert "1 MB" in response.content.decode()
    # Stopped after the first chunk past 1 MB: far less than the 8 MB sent.
    assert body.consumed < 2 * 1024 * 1024
    assert len(body.getvalue()) > 8 * 1024 * 1024


@override_settings(PAMONG_UPLOAD_MAX_BYTES=1024 * 1024, PAMONG_UPLOAD_MAX_REQUEST_BYTES=4 * 1024 * 1024)
def test_a_body_declared_larger_than_the_request_limit_is_refused_before_reading_a_byte():
    request, body = _multipart_request("/leave/apply/", 6 * 1024 * 1024)

    response = UploadLimitMiddleware(_never_called)(request)

    assert response.status_code == 413
    assert body.consumed == 0


@override_settings(PAMONG_UPLOAD_MAX_BYTES=1024 * 1024)
def test_the_api_gets_the_json_envelope():
    request, _ = _multipart_request("/api/v1/people/employees/", 3 * 1024 * 1024)

    response = UploadLimitMiddleware(_never_called)(request)

    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    body = json.loads(response.content)
    assert body["code"] == UPLOAD_TOO_LARGE
    assert body["extra"]["fields"]["file"]


@override_settings(PAMONG_UPLOAD_MAX_BYTES=1024 * 1024)
def test_an_upload_within_the_limit_reaches_the_view():
    request, _ = _multipart_request("/leave/apply/", 200 * 1024)
    seen = {}

    def view(request):
        seen["file"] = request.FILES["file"].size
        from django.http import HttpResponse

        return HttpResponse("ok")

    assert UploadLimitMiddleware(view)(request).status_code == 200
    assert seen["file"] > 200 * 1024


def test_the_limiting_handler_is_installed_first():
    from django.conf import settings

    assert settings.FILE_UPLOAD_HANDLERS[0] == "pamong.core.uploads.LimitedUploadHandler"
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= settings.PAMONG_UPLOAD_MAX_BYTES
    assert LimitedUploadHandler().receive_data_chunk(b"abc", 0) == b"abc"


@override_settings(PAMONG_UPLOAD_MAX_BYTES=64 * 1024)
def test_a_browser_upload_over_the_limit_gets_a_clear_indonesian_page_and_nothing_is_saved(world, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from pamong.leave.models import LeaveApplication

    client = login(world.employee)
    before = LeaveApplication.objects.count()
    big = SimpleUploadedFile("surat.pdf", b"%PDF-1.7\n" + b"0" * (200 * 1024), content_type="application/pdf")

    response = client.post(reverse("leave:apply"), {"doc_kind_0": "medical", "doc_file_0": big},
                           headers={"Accept-Language": "id"})

    assert response.status_code == 413
    assert "0,1 MB" in response.content.decode()  # the limit, in words the user can act on
    assert LeaveApplication.objects.count() == before


@override_settings(PAMONG_UPLOAD_MAX_BYTES=64 * 1024)
def test_the_employee_import_may_take_a_larger_sheet(world, login):
    """The import view raises its limit (PAMONG_SHEET_MAX_BYTES) with @upload_limit."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = login(world.hr_admin)
    sheet = SimpleUploadedFile("pegawai.csv", b"NIP;NAMA\n" + b"x;y\n" * 40_000, content_type="text/csv")

    response = client.post(reverse("people:import-upload"), {"file": sheet})

    assert response.status_code != 413


def test_a_settings_file_without_the_limits_fails_the_system_check(settings):
    from pamong.core.checks import uploads_are_limited_while_streaming

    assert uploads_are_limited_while_streaming(None) == []
    settings.FILE_UPLOAD_HANDLERS = ["django.core.files.uploadhandler.MemoryFileUploadHandler"]
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != "pamong.core.uploads.UploadLimitMiddleware"]
    assert {error.id for error in uploads_are_limited_while_streaming(None)} == {"pamong.E010", "pamong.E011"}


@override_settings(PAMONG_UPLOAD_MAX_BYTES=1024 * 1024)
def test_an_htmx_upload_gets_the_limit_as_a_toast():
    request, _ = _multipart_request("/leave/apply/", 3 * 1024 * 1024)
    request.META["HTTP_HX_REQUEST"] = "true"

    response = UploadLimitMiddleware(_never_called)(request)

    assert response.status_code == 413
    notice = json.loads(response["HX-Trigger"])["notice"]
    assert notice["level"] == "error"
    assert "1 MB" in notice["text"]
