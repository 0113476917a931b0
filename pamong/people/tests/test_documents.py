"""Upload validation by content (reliability-security.md G20)."""

import io

import pytest
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from pamong.core.tests.test_uploads import CLEAN_PDFS, HOSTILE_PDFS
from pamong.people.documents import MAX_DOCUMENT_BYTES, check_document, safe_filename
from pamong.people.errors import PeopleError


def _png(size=(8, 8)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def _bomb_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("1", (8000, 6000)).save(buffer, format="PNG")  # 48 Mpx, a few kB on disk
    return buffer.getvalue()


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (30, 30, 200)).save(buffer, format="JPEG")
    return buffer.getvalue()


def _pdf(*, javascript: str | None = None, password: str | None = None, attachment: bool = False) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    if javascript:
        action = DictionaryObject(
            {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject(javascript)}
        )
        writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    if attachment:
        writer.add_attachment("payload.txt", b"hello")
    if password:
        writer.encrypt(password)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("content", [c for _, c in CLEAN_PDFS], ids=[label for label, _ in CLEAN_PDFS])
def test_clean_pdfs_with_links_images_and_object_streams_are_accepted(content):
    assert check_document("SK.pdf", content).content_type == "application/pdf"


def test_genuine_pdf_jpeg_and_png_are_accepted():
    assert check_document("SK PNS.pdf", _pdf()).content_type == "application/pdf"
    assert check_document("foto.jpg", _jpeg()).content_type == "image/jpeg"
    assert check_document("ijazah.PNG", _png()).content_type == "image/png"


HTML = b"<!doctype html><html><script>alert(1)</script></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>'

HOSTILE = [
    ("html renamed to pdf", "sk.pdf", HTML),
    ("html renamed to png", "foto.png", HTML),
    ("svg with script", "logo.svg", SVG),
    ("svg renamed to png", "logo.png", SVG),
    ("png/html polyglot", "x.png", _png()[:40] + HTML),
    ("truncated png", "x.png", _png()[:60]),
    ("jpeg named png", "x.png", _jpeg()),
    ("png named pdf", "x.pdf", _png()),
    ("pdf with javascript", "x.pdf", _pdf(javascript="app.alert('x');")),
    ("pdf with embedded file", "x.pdf", _pdf(attachment=True)),
    ("encrypted pdf", "x.pdf", _pdf(password="rahasia")),
    ("broken pdf", "x.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\n%%EOF"),
    ("empty file", "x.pdf", b""),
    ("executable", "setup.exe", b"MZ\x90\x00" + b"\x00" * 100),
    ("double extension", "sk.pdf.exe", _pdf()),
    ("html file", "page.html", HTML),
    ("zip", "arsip.zip", b"PK\x03\x04" + b"\x00" * 100),
    ("docx", "surat.docx", b"PK\x03\x04" + b"\x00" * 100),
    ("no extension", "sk", _pdf()),
    ("oversize", "big.pdf", b"%PDF-1.4\n" + b"0" * (MAX_DOCUMENT_BYTES + 1)),
    ("decompression bomb", "bomb.png", _bomb_png()),
    # Active content however encoded: escaped names, object streams, compressed streams, XFA, Launch, AA, …
    *((f"pdf: {label}", "sk.pdf", content) for label, content in HOSTILE_PDFS),
]


@pytest.mark.parametrize(("name", "content"), [(n, c) for _, n, c in HOSTILE], ids=[label for label, _, _ in HOSTILE])
def test_hostile_files_are_refused(name, content):
    with pytest.raises(PeopleError) as refused:
        check_document(name, content)
    assert refused.value.code == "people.invalid_document"
    assert "file" in refused.value.field_errors


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\budi\\SK.pdf", "SK.pdf"),
        ("sk\u202efdp.exe", "skfdp.exe"),
        ('a"<script>.pdf', "ascript.pdf"),
        ("   ", "dokumen"),
    ],
)
def test_user_filenames_are_sanitised(raw, expected):
    assert safe_filename(raw) == expected
